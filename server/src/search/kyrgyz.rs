//! A light stemmer for Kyrgyz.
//!
//! No Snowball stemmer exists for Kyrgyz, and morphological analysers for it are research code
//! with data files, so the index uses the approach that works for agglutinative languages
//! without a dictionary: strip inflectional suffixes from the end of the word, in the reverse
//! order Kyrgyz attaches them (stem + plural + possessive + case), each at most once, keeping a
//! stem of at least three letters. Vowel harmony gives each suffix up to four forms (and
//! consonant assimilation up to three more), so every variant is listed. Derivational suffixes
//! (-лык, -чы...) are kept: they change the meaning. The voiced consonant a suffix leaves at
//! the end of a stem (министрлиги → министрлиг) is turned back into its dictionary form
//! (министрлик), so inflected and bare forms meet.
//!
//! The same function analyses documents and queries, so a query in any form finds a document
//! in any other form of the same word.

/// Case endings, longest first within each group so the longest match wins.
const CASE: &[&str] = &[
    // locative-attributive ("in the ..."): борбордогу
    "ндагы",
    "ндеги",
    "ндогу",
    "ндөгү",
    "дагы",
    "деги",
    "догу",
    "дөгү",
    "тагы",
    "теги",
    "тогу",
    "төгү",
    // ablative: борбордон, аялдардан
    "ндан",
    "нден",
    "ндон",
    "ндөн",
    "дан",
    "ден",
    "дон",
    "дөн",
    "тан",
    "тен",
    "тон",
    "төн",
    "нан",
    "нен",
    "нон",
    "нөн",
    // genitive: борбордун, зомбулуктун
    "нын",
    "нин",
    "нун",
    "нүн",
    "дын",
    "дин",
    "дун",
    "дүн",
    "тын",
    "тин",
    "тун",
    "түн",
    // locative: борбордо, борборунда
    "нда",
    "нде",
    "ндо",
    "ндө",
    "да",
    "де",
    "до",
    "дө",
    "та",
    "те",
    "то",
    "тө",
    // dative: борборго, зомбулукка, борборуна
    "га",
    "ге",
    "го",
    "гө",
    "ка",
    "ке",
    "ко",
    "кө",
    "на",
    "не",
    "но",
    "нө",
    // accusative: борборду, колдоону; after a possessive: министрлигин
    "ны",
    "ни",
    "ну",
    "нү",
    "ды",
    "ди",
    "ду",
    "дү",
    "ты",
    "ти",
    "ту",
    "тү",
    "ын",
    "ин",
    "ун",
    "үн",
];

/// Possessive endings: our, your (polite), its/their, my, your.
const POSSESSIVE: &[&str] = &[
    "ыбыз", "ибиз", "убуз", "үбүз", "ыңыз", "иңиз", "уңуз", "үңүз", "быз", "биз", "буз", "бүз", "ңыз", "ңиз", "ңуз",
    "ңүз", "сы", "си", "су", "сү", "ым", "им", "ум", "үм", "ың", "иң", "уң", "үң", "ы", "и", "у", "ү",
];

/// Plural endings: борборлор, аялдар, кызматтар.
const PLURAL: &[&str] = &["лар", "лер", "лор", "лөр", "тар", "тер", "тор", "төр", "дар", "дер", "дор", "дөр"];

/// The shortest stem a suffix may leave, in letters.
const MIN_STEM: usize = 3;

/// Stems one lowercase Kyrgyz word.
pub fn stem(word: &str) -> String {
    // Repeated to a fixed point, so that a dictionary form ending in a vowel that looks like a
    // possessive (жабырлануучу) and its plural (жабырлануучулар → жабырлануучу) end up equal.
    let mut w = word;
    loop {
        let before = w;
        for group in [CASE, POSSESSIVE, PLURAL] {
            w = strip_one(w, group);
        }
        if w == before {
            break;
        }
    }
    let mut out = w.to_string();
    // A voiced stem-final consonant before a vowel suffix is the dictionary form's voiceless
    // one (-лиги → -лик, китеби → китеп).
    if out.len() < word.len()
        && let Some(last) = out.pop()
    {
        out.push(match last {
            'г' => 'к',
            'б' => 'п',
            other => other,
        });
    }
    out
}

const VOWELS: &str = "аеиоөуүыэюяё";
const VOICELESS: &str = "кпстфхцчшщ";

/// Whether Kyrgyz phonology allows `suffix` right after `stem`: the first sound of a suffix
/// follows the last sound of the stem (кызмат-ы, not кызма-ты; зомбулук-ка, борбор-го), which
/// tells a possessive -ы from an accusative -ты and keeps the stripper from eating stems.
fn fits(stem: &str, suffix: &str) -> bool {
    let (Some(last), Some(first)) = (stem.chars().last(), suffix.chars().next()) else { return false };
    let vowel = VOWELS.contains(last);
    let voiceless = VOICELESS.contains(last);
    match first {
        'т' | 'к' => voiceless,
        'д' | 'г' => !voiceless,
        'н' => vowel || last == 'н',
        'л' => vowel || last == 'р' || last == 'й',
        'с' | 'б' | 'ң' => vowel,
        _ if VOWELS.contains(first) => !vowel,
        _ => true,
    }
}

fn strip_one<'a>(word: &'a str, suffixes: &[&str]) -> &'a str {
    let letters = word.chars().count();
    let mut best: Option<&str> = None;
    for s in suffixes {
        if word.ends_with(s)
            && letters - s.chars().count() >= MIN_STEM
            && fits(&word[..word.len() - s.len()], s)
            && best.is_none_or(|b| s.len() > b.len())
        {
            best = Some(s);
        }
    }
    match best {
        Some(s) => &word[..word.len() - s.len()],
        None => word,
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Real word forms, as they appear in Kyrgyz texts on crisis centres and social protection.
    #[test]
    fn inflected_forms_meet_their_stem() {
        let families: &[(&str, &[&str])] = &[
            // борбор: centre
            (
                "борбор",
                &[
                    "борборлор",
                    "борборлордун",
                    "борборго",
                    "борбордо",
                    "борбордон",
                    "борбору",
                    "борборунда",
                    "борборлорунда",
                    "борборубуз",
                    "борбордогу",
                    "борборунун",
                ],
            ),
            // зомбулук: violence
            ("зомбулук", &["зомбулуктун", "зомбулукка", "зомбулуктан", "зомбулукту", "зомбулукта"]),
            // аял: woman
            ("аял", &["аялдар", "аялдарга", "аялдардын", "аялдарды"]),
            // кызмат: service
            ("кызмат", &["кызматтар", "кызматтарды", "кызматы", "кызматтарынын"]),
            // колдоо: support
            ("колдоо", &["колдоосу", "колдоону", "колдоого", "колдоодо"]),
            // министрлик: ministry (к/г alternation)
            ("министрлик", &["министрлиги", "министрликтин", "министрлигинин", "министрлигине"]),
            // өнөктөштүк: partnership
            ("өнөктөштүк", &["өнөктөштүктүн", "өнөктөштүгү", "өнөктөштүккө"]),
            // жабырлануучу: victim
            ("жабырлануучу", &["жабырлануучулар", "жабырлануучуларга", "жабырлануучулардын"]),
        ];
        for (lemma, forms) in families {
            let expected = stem(lemma);
            for form in *forms {
                assert_eq!(stem(form), expected, "{form} should meet {lemma}");
            }
        }
    }

    #[test]
    fn short_words_are_left_alone() {
        for w in ["жана", "үй", "бала", "суу", "ал"] {
            assert_eq!(stem(w), w);
        }
    }

    #[test]
    fn phonology_tells_suffixes_apart() {
        // -ы after a consonant is "its"; -ты would need a voiceless consonant before it.
        assert_eq!(stem("кызматы"), "кызмат");
        assert_eq!(stem("балага"), "бала");
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(stem("борбор"), stem("зомбулук"));
        assert_ne!(stem("аял"), stem("аймак"));
    }
}
