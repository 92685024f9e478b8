//! Analysers: how text becomes index terms, one per language, inside one index.
//!
//! - English and Russian: words, lowercased, Snowball-stemmed (Russian also folds ё into е).
//! - Kyrgyz: words, lowercased, ё folded, then the light suffix stripper of [`super::kyrgyz`].
//! - Korean: particle stripping plus Hangul bigrams ([`super::korean`]); other scripts inside a
//!   Korean document (GBV, UNDP) are plain lowercased words.
//! - `raw`: every word lowercased and unstemmed, for typo tolerance and "did you mean".
//! - `prefix`: the prefixes of each word of titles and headings, for suggestions as you type.
//!
//! The language of a query is unknown, so the query builder analyses each query word with all
//! four language analysers and searches each language's fields with its own terms: the word
//! can only match where its analysis fits (a Russian stem never appears in English fields).

use app::model::Lang;
use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use super::{korean, kyrgyz};

pub const RAW: &str = "sx_raw";
pub const PREFIX: &str = "sx_prefix";
const STOP_EN: &str = "sx_stop_en";
const STOP_RU: &str = "sx_stop_ru";

/// The analyser registered for a language's fields.
pub fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "sx_en",
        Lang::Ru => "sx_ru",
        Lang::Ky => "sx_ky",
        Lang::Ko => "sx_ko",
    }
}

/// Words longer than this are noise (base64, URLs) and are not indexed.
const MAX_TOKEN_BYTES: usize = 60;

/// Registers every analyser with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    let words = |norm| WordTokenizer { norm };
    manager.register(
        analyzer_name(Lang::En),
        TextAnalyzer::builder(words(Norm::Lower))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    manager.register(
        analyzer_name(Lang::Ru),
        TextAnalyzer::builder(words(Norm::Cyrillic))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(Stemmer::new(Language::Russian))
            .build(),
    );
    manager.register(
        analyzer_name(Lang::Ky),
        TextAnalyzer::builder(words(Norm::Kyrgyz)).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build(),
    );
    manager.register(
        analyzer_name(Lang::Ko),
        TextAnalyzer::builder(KoreanTokenizer).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build(),
    );
    manager.register(
        RAW,
        TextAnalyzer::builder(words(Norm::Cyrillic)).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build(),
    );
    manager.register(PREFIX, TextAnalyzer::builder(PrefixTokenizer).build());
    let stop = |lang| StopWordFilter::new(lang).map(|f| TextAnalyzer::builder(words(Norm::Cyrillic)).filter(f).build());
    if let Some(a) = stop(Language::English) {
        manager.register(STOP_EN, a);
    }
    if let Some(a) = stop(Language::Russian) {
        manager.register(STOP_RU, a);
    }
}

/// The terms an analyser makes of `text`.
pub fn terms(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut a) = manager.get(analyzer) else { return Vec::new() };
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Whether a query word is an English or Russian function word ("the", "и").
pub fn is_stop_word(manager: &TokenizerManager, word: &str) -> bool {
    [STOP_EN, STOP_RU].iter().any(|a| manager.get(a).is_some() && terms(manager, a, word).is_empty())
}

/// Lowercases and folds a word the way the `raw` field stores it.
pub fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

/// The token position each of `offsets` (ascending byte offsets into `text`) falls at, as the
/// language's analyser numbers tokens: one per word, or for Korean one per Hangul bigram. Only
/// words are split here (no stemming), so it costs a fraction of the analysis.
pub fn token_positions(lang: Lang, text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut next = offsets.iter().peekable();
    let mut position = 0;
    for (from, to) in words(text) {
        while let Some(&&o) = next.peek() {
            if o <= from {
                out.push(position);
                next.next();
            } else {
                break;
            }
        }
        position += match lang {
            Lang::Ko => korean_tokens(&text[from..to]),
            _ => 1,
        };
    }
    out.extend(next.map(|_| position));
    out
}

/// The byte range of `text` holding the tokens at positions `from..to` (as numbered by
/// [`token_positions`]), widened to whole words.
pub fn word_window(lang: Lang, text: &str, from: usize, to: usize) -> (usize, usize) {
    let mut start = None;
    let mut end = text.len();
    let mut position = 0;
    for (a, b) in words(text) {
        if start.is_none() && position >= from {
            start = Some(a);
        }
        position += match lang {
            Lang::Ko => korean_tokens(&text[a..b]),
            _ => 1,
        };
        if position >= to {
            end = b;
            break;
        }
    }
    (start.unwrap_or(0), end)
}

/// How many tokens the Korean analyser makes of one word.
fn korean_tokens(word: &str) -> usize {
    script_runs(word)
        .into_iter()
        .map(|(a, b, hangul)| if hangul { korean::bigrams(korean::strip_particles(&word[a..b])).len() } else { 1 })
        .sum()
}

/// Per-word normalisation after lowercasing.
#[derive(Clone, Copy, Debug)]
enum Norm {
    Lower,
    Cyrillic,
    Kyrgyz,
}

/// Splits text into words (runs of letters and digits), lowercased and normalised.
#[derive(Clone)]
struct WordTokenizer {
    norm: Norm,
}

/// A token stream over tokens computed up front (the analysers here need a whole word, or a
/// whole Hangul run, before they can emit anything).
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Whether a character belongs to a word: `char::is_alphanumeric`, with direct answers for
/// the scripts the portal holds (its general path is a table search, and this function runs for
/// every character indexed, analysed or cut into snippets).
pub fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Cyrillic, including ё, ң, ө, ү; all letters but the thousands sign and combining marks.
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        '\u{0482}'..='\u{0489}' => false,
        '\u{AC00}'..='\u{D7A3}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Byte ranges of the words of `text`.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if is_word_char(c) {
                break;
            }
            iter.next();
        }
        let (start, _) = *iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some((start, end))
    })
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = words(text)
            .enumerate()
            .map(|(position, (from, to))| {
                let lower = text[from..to].to_lowercase();
                let text = match self.norm {
                    Norm::Lower => lower,
                    Norm::Cyrillic => lower.replace('ё', "е"),
                    Norm::Kyrgyz => kyrgyz::stem(&lower.replace('ё', "е")),
                };
                Token { offset_from: from, offset_to: to, position, text, position_length: 1 }
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}

/// Korean: Hangul runs become particle-stripped bigrams, anything else a lowercased word.
#[derive(Clone)]
struct KoreanTokenizer;

impl Tokenizer for KoreanTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        let mut position = 0;
        for (from, to) in words(text) {
            for (seg_from, seg_to, hangul) in script_runs(&text[from..to]) {
                let (a, b) = (from + seg_from, from + seg_to);
                if hangul {
                    let stem = korean::strip_particles(&text[a..b]);
                    for (x, y) in korean::bigrams(stem) {
                        tokens.push(Token {
                            offset_from: a + x,
                            offset_to: a + y,
                            position,
                            text: stem[x..y].to_string(),
                            position_length: 1,
                        });
                        position += 1;
                    }
                } else {
                    tokens.push(Token {
                        offset_from: a,
                        offset_to: b,
                        position,
                        text: text[a..b].to_lowercase(),
                        position_length: 1,
                    });
                    position += 1;
                }
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
}

/// Splits a word into runs of Hangul and of other characters.
fn script_runs(word: &str) -> Vec<(usize, usize, bool)> {
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    for (i, c) in word.char_indices() {
        let h = korean::is_hangul(c);
        match runs.last_mut() {
            Some(run) if run.2 == h => run.1 = i + c.len_utf8(),
            _ => runs.push((i, i + c.len_utf8(), h)),
        }
    }
    runs
}

/// Every prefix (up to 20 letters) of every word, for suggestions. Hangul words lose their
/// particles first, so 센터에 suggests 센터.
#[derive(Clone)]
struct PrefixTokenizer;

impl Tokenizer for PrefixTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        for (position, (from, to)) in words(text).enumerate() {
            let folded = fold(&text[from..to]);
            let word = if folded.chars().any(korean::is_hangul) {
                korean::strip_particles(&folded).to_string()
            } else {
                folded
            };
            for (i, c) in word.char_indices().take(20) {
                tokens.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: word[..i + c.len_utf8()].to_string(),
                    position_length: 1,
                });
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manager() -> TokenizerManager {
        let m = TokenizerManager::default();
        register(&m);
        m
    }

    #[test]
    fn english_and_russian_are_stemmed() {
        let m = manager();
        assert_eq!(terms(&m, "sx_en", "Centres, centre; FUNDING funded"), ["centr", "centr", "fund", "fund"]);
        assert_eq!(terms(&m, "sx_ru", "кризисных центров Центр"), terms(&m, "sx_ru", "кризисный центры центр"));
        assert_eq!(terms(&m, "sx_ru", "ёлка"), terms(&m, "sx_ru", "елка"));
    }

    #[test]
    fn kyrgyz_forms_meet() {
        let m = manager();
        assert_eq!(terms(&m, "sx_ky", "кризистик борборлордун"), terms(&m, "sx_ky", "кризистик борбор"));
    }

    #[test]
    fn korean_bigrams_survive_particles() {
        let m = manager();
        let doc = terms(&m, "sx_ko", "해바라기센터는 병원에 있습니다. GBV 지원");
        for q in ["센터에서", "센터의", "해바라기", "병원"] {
            for t in terms(&m, "sx_ko", q) {
                assert!(doc.contains(&t), "{q} → {t} not in {doc:?}");
            }
        }
        assert!(doc.contains(&"gbv".to_string()));
    }

    #[test]
    fn positions_and_offsets_are_consistent() {
        let m = manager();
        let mut a = m.get("sx_ko").unwrap();
        let text = "센터 센터";
        let mut s = a.token_stream(text);
        let mut seen = Vec::new();
        while s.advance() {
            let t = s.token();
            seen.push((t.position, &text[t.offset_from..t.offset_to] == t.text.as_str()));
        }
        assert_eq!(seen, [(0, true), (1, true)]);
    }

    #[test]
    fn word_chars_agree_with_the_standard_library() {
        for c in ('\u{0400}'..='\u{04FF}').chain('\u{AC00}'..='\u{AC10}').chain(['a', '1', ' ', '-', '«', 'é']) {
            if !('\u{0483}'..='\u{0489}').contains(&c) {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn token_positions_match_the_analysers() {
        let m = manager();
        for (lang, text) in [
            (Lang::En, "Funding, for the centres. Second part here"),
            (Lang::Ko, "해바라기센터는 병원에 있습니다. 둘째 부분 GBV 지원"),
            (Lang::Ky, "Кризистик борборлордун иши. Экинчи бөлүк"),
        ] {
            let offset = text.find(". ").unwrap() + 2;
            let pos = token_positions(lang, text, &[0, offset])[1];
            let mut a = m.get(analyzer_name(lang)).unwrap();
            let mut stream = a.token_stream(text);
            let mut first_after = None;
            while stream.advance() {
                if stream.token().offset_from >= offset {
                    first_after = Some(stream.token().position);
                    break;
                }
            }
            assert_eq!(Some(pos), first_after, "{text}");
        }
    }

    #[test]
    fn prefixes_and_stop_words() {
        let m = manager();
        assert!(terms(&m, PREFIX, "Sunflower").contains(&"sun".to_string()));
        assert!(terms(&m, PREFIX, "센터에서").contains(&"센".to_string()));
        assert!(is_stop_word(&m, "the"));
        assert!(is_stop_word(&m, "и"));
        assert!(!is_stop_word(&m, "centre"));
    }
}
