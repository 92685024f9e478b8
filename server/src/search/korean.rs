//! Korean analysis that works offline: particle stripping plus Hangul bigrams.
//!
//! Korean attaches particles to nouns (센터에서 "at the centre", 센터의 "of the centre"), so
//! whole-word matching fails. Dictionary-based analysers (lindera's ko-dic) download their data
//! at build time, which fails on these machines. Instead each Hangul word loses its trailing
//! particles, then is indexed as overlapping two-syllable grams (해바라기센터 → 해바 바라 라기
//! 기센 센터). A query is analysed the same way and its grams must appear in sequence, so
//! 센터에서 finds 센터의 and 해바라기센터는, and 해바라기 finds 해바라기센터.

/// Particles and endings that follow nouns (the longest match is removed).
const PARTICLES: &[&str] = &[
    "에서부터",
    "으로부터",
    "에서는",
    "에서도",
    "에서의",
    "에게서",
    "으로서",
    "으로써",
    "으로는",
    "이라는",
    "이라고",
    "에서",
    "에게",
    "한테",
    "께서",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "마다",
    "에는",
    "에도",
    "에의",
    "와의",
    "과의",
    "로서",
    "로써",
    "로는",
    "라는",
    "라고",
    "이나",
    "이며",
    "이다",
    "입니다",
    "이고",
    "와",
    "과",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "도",
    "만",
    "에",
    "로",
    "나",
    "들",
];

/// Whether a character is Hangul (syllables or jamo).
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Removes trailing particles (at most two: 센터들의 → 센터들 → 센터), keeping at least one
/// syllable.
pub fn strip_particles(word: &str) -> &str {
    let mut w = word;
    for _ in 0..2 {
        let letters = w.chars().count();
        let found = PARTICLES.iter().filter(|p| w.ends_with(*p) && letters > p.chars().count()).max_by_key(|p| p.len());
        match found {
            Some(p) => w = &w[..w.len() - p.len()],
            None => break,
        }
    }
    w
}

/// The two-syllable grams of a Hangul word, with their byte ranges inside the word. A
/// one-syllable word is its own gram.
pub fn bigrams(word: &str) -> Vec<(usize, usize)> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).chain(std::iter::once(word.len())).collect();
    let n = bounds.len() - 1;
    match n {
        0 => Vec::new(),
        1 => vec![(0, word.len())],
        _ => (0..n - 1).map(|i| (bounds[i], bounds[i + 2])).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(word: &str) -> Vec<&str> {
        let stem = strip_particles(word);
        bigrams(stem).into_iter().map(|(a, b)| &stem[a..b]).collect()
    }

    #[test]
    fn particles_come_off() {
        assert_eq!(strip_particles("센터에서"), "센터");
        assert_eq!(strip_particles("센터의"), "센터");
        assert_eq!(strip_particles("해바라기센터는"), "해바라기센터");
        assert_eq!(strip_particles("피해자들에게"), "피해자");
        assert_eq!(strip_particles("키르기스스탄과"), "키르기스스탄");
        assert_eq!(strip_particles("의"), "의", "a particle alone is a word");
    }

    #[test]
    fn bigrams_cover_compounds() {
        assert_eq!(grams("해바라기센터는"), ["해바", "바라", "라기", "기센", "센터"]);
        assert_eq!(grams("센터에서"), ["센터"]);
        assert_eq!(grams("집"), ["집"]);
    }
}
