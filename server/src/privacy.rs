//! The personal-data check run before a case study or lesson goes to review.
//!
//! Survivors must never be identifiable from what the portal publishes. The check looks for
//! what most often slips into a text: e-mail addresses, phone numbers (Kyrgyz, Korean and
//! international forms), Kyrgyz personal identification numbers (ПИН/ИНН: 14 digits, a sex
//! digit then the birth date), Korean resident registration numbers (YYMMDD-Gxxxxxx), passport
//! numbers, and dates next to words for "born" / "date of birth" in the four languages. Each
//! finding must be fixed, or explicitly confirmed (a public hotline is fine); confirmations are
//! written to the audit log with the kind of finding and a masked excerpt, never the data.

use std::sync::LazyLock;

use regex::Regex;

/// One thing that looks like personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it looks like ("phone number"...).
    pub kind: &'static str,
    /// The text around it, with the finding itself masked.
    pub excerpt: String,
    /// 1-based line in the text.
    pub line: usize,
    /// Identifies this finding across saves: its kind and a hash of the matched text.
    pub fingerprint: String,
}

impl Finding {
    /// A `doc:` link to no document, found in the body at `body_line`: confirmed before review
    /// like personal data, so it is never published as plain text unnoticed.
    pub fn missing_link(slug: &str, body_line: usize) -> Finding {
        Finding {
            kind: app::i18n::PRIVACY_KINDS[6],
            excerpt: format!("doc:{slug}"),
            // The check reads the title and summary first, then the body.
            line: body_line + 2,
            fingerprint: format!("link:{slug}"),
        }
    }
}

struct Rule {
    kind: &'static str,
    pattern: Regex,
    /// Extra check on the matched text (dates that must be real dates...).
    accept: fn(&str) -> bool,
}

fn any(_: &str) -> bool {
    true
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn valid_ddmmyyyy(d: &str) -> bool {
    let (Ok(day), Ok(month), Ok(year)) = (d[0..2].parse::<u32>(), d[2..4].parse::<u32>(), d[4..8].parse::<u32>())
    else {
        return false;
    };
    (1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2100).contains(&year)
}

/// ПИН: [12] then DDMMYYYY then five digits.
fn kyrgyz_pin(s: &str) -> bool {
    let d = digits(s);
    d.len() == 14 && valid_ddmmyyyy(&d[1..9])
}

/// YYMMDD-Gxxxxxx with a real month and day.
fn korean_rrn(s: &str) -> bool {
    let d = digits(s);
    let (Ok(month), Ok(day)) = (d[2..4].parse::<u32>(), d[4..6].parse::<u32>()) else { return false };
    d.len() == 13 && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A run of digits long enough to be a phone number (and not a year range or an amount).
fn phone(s: &str) -> bool {
    let d = digits(s);
    (9..=15).contains(&d.len())
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let r = |kind, pattern: &str, accept| Rule { kind, pattern: Regex::new(pattern).expect("valid pattern"), accept };
    vec![
        r("e-mail address", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", any),
        r("Korean resident registration number", r"\b\d{6}\s?-\s?[1-8]\d{6}\b", korean_rrn),
        r("Kyrgyz personal identification number", r"\b[12]\d{13}\b", kyrgyz_pin),
        r("passport number", r"(?i)\b(?:ID|AN|AC|M)\d{7,8}\b", any),
        r(
            "date of birth",
            r"(?i)(?:born|date of birth|d\.o\.b\.?|DOB|родил(?:ся|ась)|дата рождения|г\.\s?р\.|туулган|туулган күнү|생년월일|출생|태어난)[^0-9\n]{0,20}\d{1,4}[./\-년 ]\s?\d{1,2}[./\-월 ]\s?\d{1,4}",
            any,
        ),
        r("phone number", r"(?:\+|\b0)\d[\d\s().\-]{7,16}\d\b", phone),
    ]
});

/// What in `text` looks like personal data.
pub fn scan(text: &str) -> Vec<Finding> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut found: Vec<(&'static str, std::ops::Range<usize>)> = Vec::new();
    for rule in RULES.iter() {
        for m in rule.pattern.find_iter(text) {
            // A match inside an earlier one (the digits of an ID read as a phone) is the same finding.
            if found.iter().any(|(_, r)| r.start <= m.start() && m.end() <= r.end) || !(rule.accept)(m.as_str()) {
                continue;
            }
            found.push((rule.kind, m.range()));
        }
    }
    // Every excerpt masks every finding it shows, not only its own: the phone number next to
    // an e-mail address must not appear in the e-mail finding's excerpt (nor in the audit log).
    let ranges: Vec<std::ops::Range<usize>> = found.iter().map(|(_, r)| r.clone()).collect();
    let mut out: Vec<Finding> = found
        .into_iter()
        .map(|(kind, range)| Finding {
            kind,
            excerpt: excerpt(text, range.clone(), &ranges),
            line: line_starts.partition_point(|&s| s <= range.start),
            fingerprint: format!(
                "{}:{}",
                kind.split(' ').next().unwrap_or(""),
                &crate::blobs::sha256_hex(text[range].as_bytes())[..16]
            ),
        })
        .collect();
    out.sort_by_key(|f| f.line);
    out
}

/// The words around a match, with every finding in view masked except for the first two
/// characters of each.
fn excerpt(text: &str, range: std::ops::Range<usize>, findings: &[std::ops::Range<usize>]) -> String {
    let mut start = range.start.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (range.end + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::from("…");
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        let masked = findings
            .iter()
            .find(|r| r.start <= at && at < r.end)
            .is_some_and(|r| text[r.start..at].chars().count() >= 2 && !c.is_whitespace());
        out.push(if masked { '•' } else { c });
    }
    out.push('…');
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_words_in_each_language() {
        for rule in RULES.iter() {
            assert!(app::i18n::PRIVACY_KINDS.contains(&rule.kind), "{} has no label", rule.kind);
        }
    }

    fn kinds(text: &str) -> Vec<&'static str> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn finds_personal_data_in_four_languages() {
        assert_eq!(kinds("Contact the counsellor at jane.doe@example.org for details."), ["e-mail address"]);
        assert_eq!(kinds("Телефон пострадавшей: +996 555 123 456, звонить вечером."), ["phone number"]);
        assert_eq!(kinds("Байланыш үчүн: 0555 12 34 56"), ["phone number"]);
        assert_eq!(kinds("연락처 010-1234-5678 로 연락 바랍니다."), ["phone number"]);
        assert_eq!(kinds("주민등록번호 850312-2345678 확인"), ["Korean resident registration number"]);
        assert_eq!(kinds("ПИН 21203198512345 указан в анкете"), ["Kyrgyz personal identification number"]);
        assert_eq!(kinds("She was born on 12.03.1985 in Osh."), ["date of birth"]);
        assert_eq!(kinds("Дата рождения: 03/07/1990"), ["date of birth"]);
        assert_eq!(kinds("Туулган күнү: 1992-05-17"), ["date of birth"]);
        assert_eq!(kinds("생년월일 1988년 3월 4일"), ["date of birth"]);
        assert_eq!(kinds("Паспорт ID1234567 предъявлен."), ["passport number"]);
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "The DSP on GBV was launched in September 2017 and the webinar held on 29 January 2019.",
            "Activities run from 2019-04 to 2020-09; see section 3.2 and Law No. 63 of 27 April 2017.",
            "Вебинар состоялся 29 января 2019 года.",
            "해바라기센터는 24시간 운영됩니다.",
            "Budget lines 1 2 3 and ISBN-free references.",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn every_finding_is_masked_in_every_excerpt() {
        let text = "Contact aigul@example.org or +996 555 123 456 after six.";
        let findings = scan(text);
        assert_eq!(findings.len(), 2, "{findings:?}");
        for f in &findings {
            assert!(!f.excerpt.contains("555 123 456"), "{}: {}", f.kind, f.excerpt);
            assert!(!f.excerpt.contains("example.org"), "{}: {}", f.kind, f.excerpt);
            assert!(f.excerpt.contains("after six"), "{}", f.excerpt);
        }
    }

    #[test]
    fn findings_are_masked_and_stable() {
        let f = scan("Write to aigul@example.org today").remove(0);
        assert!(!f.excerpt.contains("aigul@example.org"), "{}", f.excerpt);
        assert!(f.excerpt.contains("ai•"), "{}", f.excerpt);
        assert_eq!(f.line, 1);
        assert_eq!(f.fingerprint, scan("Other text, then aigul@example.org").remove(0).fingerprint);
    }
}
