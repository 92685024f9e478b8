//! The query syntax people type: plain words, `"exact phrases"` and `-excluded` words.
//! Anything else (unbalanced quotes, lone operators, pages of noise) is read as plain words;
//! parsing never fails.

/// Longer input is cut here: nobody types more, and it bounds the work a query can cause.
pub const MAX_QUERY_CHARS: usize = 300;
/// At most this many words, phrases and exclusions are used.
pub const MAX_PARTS: usize = 12;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    pub excluded: Vec<String>,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

fn meaningful(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

pub fn parse(input: &str) -> ParsedQuery {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut out = ParsedQuery::default();
    let mut rest = input.as_str();
    while !rest.is_empty() && out.words.len() + out.phrases.len() + out.excluded.len() < MAX_PARTS {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(end) => {
                    let phrase = after[..end].trim();
                    if meaningful(phrase) {
                        out.phrases.push(phrase.to_string());
                    }
                    rest = &after[end + 1..];
                }
                // An unbalanced quote is just a character.
                None => rest = after,
            }
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let chunk = &rest[..end];
        rest = &rest[end..];
        if let Some(word) = chunk.strip_prefix('-')
            && meaningful(word)
            && !word.starts_with('-')
        {
            out.excluded.push(word.to_string());
        } else if meaningful(chunk) {
            out.words.push(chunk.trim_start_matches(['+', '-']).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let p = parse(r#"sunflower "one-stop centre" -police funding"#);
        assert_eq!(p.words, words(&["sunflower", "funding"]));
        assert_eq!(p.phrases, words(&["one-stop centre"]));
        assert_eq!(p.excluded, words(&["police"]));
    }

    #[test]
    fn odd_input_is_plain_text() {
        let p = parse(r#""unbalanced quote centre"#);
        assert_eq!(p.words, words(&["unbalanced", "quote", "centre"]));
        assert!(p.phrases.is_empty());
        let p = parse("- -- + && || * ( ) \"\" -");
        assert!(p.is_empty() && p.excluded.is_empty(), "{p:?}");
        let p = parse("a--b --x");
        assert_eq!(p.words, words(&["a--b", "x"]));
    }

    #[test]
    fn noise_is_bounded() {
        let noise = "лорем ипсум ".repeat(200);
        let p = parse(&noise);
        assert_eq!(p.words.len(), MAX_PARTS);
        let long = "x".repeat(2000);
        let p = parse(&long);
        assert_eq!(p.words[0].len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn other_scripts_parse_the_same() {
        let p = parse("кризисные центры -Бишкек \"해바라기 센터\"");
        assert_eq!(p.words, words(&["кризисные", "центры"]));
        assert_eq!(p.excluded, words(&["Бишкек"]));
        assert_eq!(p.phrases, words(&["해바라기 센터"]));
    }
}
