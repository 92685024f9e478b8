//! Stable ASCII keys made from text in any script: heading anchors (`#konsultatsii`) and tag
//! keys (`/ru/tags/konsultirovanie`), so addresses stay readable when copied.

/// Characters a Latin transliteration leaves out. Deunicode writes the soft and hard signs as
/// apostrophes, which would become hyphens (`konsul-tatsii`); readers expect `konsultatsii`,
/// as in the common Russian and Kyrgyz romanisations.
fn silent(c: char) -> bool {
    matches!(c, 'ь' | 'Ь' | 'ъ' | 'Ъ' | '\'' | '’' | 'ʼ' | '`')
}

/// Text in any script as a lowercase ASCII key with single hyphens; empty when nothing in it
/// has a letter or digit.
pub fn text_key(text: &str) -> String {
    let cleaned: String = text.chars().filter(|c| !silent(*c)).collect();
    slug::slugify(cleaned)
}

/// Whether a slug is one the portal accepts: lowercase letters, digits and single hyphens.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 120
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// The longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 60;

/// A tag as someone wrote it, in any script: its key, and its label when the key is not what
/// was written (`Консультирование` → `konsultirovanie`, label `Консультирование`). `None`
/// when it cannot be a tag (no letter or digit, too long, a comma or a line break).
pub fn tag(raw: &str) -> Option<(String, Option<String>)> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_TAG_CHARS || raw.contains([',', '\n', '\r']) || raw.chars().any(char::is_control) {
        return None;
    }
    if valid_slug(raw) {
        return Some((raw.to_string(), None));
    }
    let key = text_key(raw);
    (!key.is_empty()).then(|| (key, Some(raw.to_string())))
}

/// Every tag's words, lowercased, to its key: so a tag written with words it already has
/// ("Ведение случая") is that tag (`case-management`), not a new one.
pub fn known_words(labels: &[crate::db::TagLabel]) -> std::collections::HashMap<String, String> {
    labels.iter().map(|l| (l.label.to_lowercase(), l.tag.clone())).collect()
}

/// Replaces tags written with known words by their tags, dropping those words from the labels
/// to add.
pub fn resolve_known(
    tags: &mut Vec<String>,
    labels: &mut Vec<(String, String)>,
    known: &std::collections::HashMap<String, String>,
) {
    labels.retain(|(key, words)| match known.get(&words.to_lowercase()) {
        Some(tag) if tag != key => {
            for t in tags.iter_mut() {
                if t == key {
                    *t = tag.clone();
                }
            }
            false
        }
        _ => true,
    });
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_and_hard_signs_are_dropped_not_hyphenated() {
        assert_eq!(text_key("Консультации"), "konsultatsii");
        assert_eq!(text_key("Объединённые усилия"), "obedinionnye-usiliia");
        assert_eq!(text_key("Women's rights"), "womens-rights");
        assert_eq!(text_key("Структура управления"), "struktura-upravleniia");
    }

    #[test]
    fn tags_in_any_script_get_a_stable_key_and_keep_their_words() {
        assert_eq!(tag("case-management"), Some(("case-management".into(), None)));
        assert_eq!(tag(" Консультирование "), Some(("konsultirovanie".into(), Some("Консультирование".into()))));
        assert_eq!(tag("Балдар үчүн"), Some(("baldar-uchun".into(), Some("Балдар үчүн".into()))));
        let (key, label) = tag("상담").expect("Korean tag");
        assert!(!key.is_empty() && key.is_ascii(), "{key}");
        assert_eq!(label.as_deref(), Some("상담"));
        assert_eq!(tag("!!!"), None);
        assert_eq!(tag("a, b"), None);
        assert_eq!(tag(&"д".repeat(MAX_TAG_CHARS + 1)), None);
    }
}
