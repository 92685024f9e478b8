//! Translations and their originals: which published version of its original each translation
//! follows (`translated_from`: the original revision's fingerprint, or a date), whether the
//! original moved on since, the notice a reader of an outdated translation sees, the
//! translation desk, and the original beside the translation in the editor.
//!
//! "Moved on" counts publications of the original: a draft of the original changes nothing a
//! reader sees, so it does not make a translation outdated.

use std::collections::HashMap;

use app::model::{
    CompareRow, CompareView, DeskFilters, DeskRow, Kind, Lang, Named, StaleNotice, TranslationCell, TranslationStatus,
};

use crate::db::{PublishedRevision, Store};
use crate::error::Result;

/// Which version of its original a translation follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follows {
    /// Not recorded.
    Unknown,
    /// This published revision of the original (an index into its history).
    Revision(usize),
    /// A version of the original this portal does not have (an import from elsewhere): not
    /// the current one, so outdated, by how much unknown.
    Elsewhere,
}

/// Reads `translated_from` against the original's published history (oldest first).
///
/// A fingerprint names a revision; a date names the version published on or before that day
/// (or, for a day before the portal knew the original, its first version).
pub fn follows(translated_from: Option<&str>, history: &[PublishedRevision]) -> Follows {
    let Some(value) = translated_from.map(str::trim).filter(|v| !v.is_empty()) else {
        return Follows::Unknown;
    };
    if history.is_empty() {
        return Follows::Unknown;
    }
    if crate::dates::valid_date(value) {
        let end_of_day = time::Date::parse(value, &time::macros::format_description!("[year]-[month]-[day]"))
            .map(|d| d.midnight().assume_utc().unix_timestamp() + 86_400)
            .unwrap_or(i64::MAX);
        let index = history.iter().rposition(|r| r.published_at < end_of_day).unwrap_or(0);
        return Follows::Revision(index);
    }
    let value = value.to_ascii_lowercase();
    match history.iter().position(|r| r.content_hash.starts_with(&value)) {
        Some(i) => Follows::Revision(i),
        None => Follows::Elsewhere,
    }
}

/// How a translation that follows `follows` stands against the original's `history`:
/// status, publications behind, and when the first of those was.
fn standing(follows: Follows, history: &[PublishedRevision]) -> (TranslationStatus, u32, Option<i64>) {
    match follows {
        Follows::Unknown => (TranslationStatus::Unknown, 0, None),
        Follows::Elsewhere => (TranslationStatus::Outdated, 0, None),
        Follows::Revision(i) if i + 1 >= history.len() => (TranslationStatus::UpToDate, 0, None),
        Follows::Revision(i) => {
            (TranslationStatus::Outdated, (history.len() - 1 - i) as u32, Some(history[i + 1].published_at))
        }
    }
}

/// The notice on a translation page, when its original moved on or its base is unknown.
/// `staff` adds the link to the original's differences since the version translated.
///
/// # Errors
/// Database errors.
pub async fn notice(
    store: &Store,
    slug: &str,
    original_language: Lang,
    translated_from: Option<&str>,
    lang: Lang,
    staff: bool,
) -> Result<Option<StaleNotice>> {
    let history = store.original_history(slug).await?;
    let follows = follows(translated_from, &history);
    let (status, behind, since) = standing(follows, &history);
    if status == TranslationStatus::UpToDate {
        return Ok(None);
    }
    let diff_href = match (staff, follows, history.last()) {
        (true, Follows::Revision(i), Some(current)) => {
            Some(format!("/{}/editor/{}/diff?a={}&b={}", lang, current.document_id, history[i].number, current.number))
        }
        _ => None,
    };
    Ok(Some(StaleNotice {
        original_language,
        original_href: format!("/{original_language}/doc/{slug}"),
        updated_on: since.map(|t| app::i18n::format::date(&crate::dates::iso_date(t), lang)),
        behind,
        known: status != TranslationStatus::Unknown,
        diff_href,
    }))
}

/// The desk's filters as a query string has them (`?language=ky&kind=lesson&area=...`).
#[derive(Debug, serde::Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeskQuery {
    /// Only this language's column (`en`, `ru`, `ky`, `ko`), and only documents whose original is in another.
    pub language: Option<String>,
    /// Only documents of this kind (`case-study`, `workplan`, `webinar`, `lesson`, `resource`, `area`).
    pub kind: Option<String>,
    /// Only documents in this exchange area (its slug).
    pub area: Option<String>,
}

impl DeskQuery {
    /// # Errors
    /// `BadRequest` naming an unknown language or kind.
    pub fn filters(&self) -> Result<DeskFilters> {
        Ok(DeskFilters {
            language: crate::web::params::code_param::<Lang>(&self.language, "language")?,
            kind: crate::web::params::code_param::<Kind>(&self.kind, "kind")?,
            area: self.area.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string),
        })
    }
}

/// The translation desk: every document × language, with each version's standing.
///
/// # Errors
/// Database errors.
pub async fn desk(
    store: &Store,
    filters: &DeskFilters,
    areas: &HashMap<String, String>,
    reader: Lang,
) -> Result<Vec<DeskRow>> {
    let histories = store.original_histories().await?;
    let mut sets: Vec<(String, Vec<crate::db::DeskVersion>)> = Vec::new();
    for v in store.desk_versions().await? {
        match sets.last_mut() {
            Some((slug, versions)) if *slug == v.document.slug => versions.push(v),
            _ => sets.push((v.document.slug.clone(), vec![v])),
        }
    }
    let empty = Vec::new();
    let mut rows = Vec::new();
    for (slug, versions) in sets {
        let Some(original) = versions.iter().find(|v| v.document.is_original).or(versions.first()) else {
            continue;
        };
        let meta = original.meta.as_ref();
        let set_areas: Vec<String> = meta.map(|m| m.areas.clone()).unwrap_or_default();
        if filters.kind.is_some_and(|k| k != original.document.kind)
            || filters.area.as_ref().is_some_and(|a| !set_areas.contains(a))
            || filters.language.is_some_and(|l| l == original.document.language)
        {
            continue;
        }
        let history = histories.get(&slug).unwrap_or(&empty);
        let cells = Lang::ALL
            .into_iter()
            .filter(|l| filters.language.is_none_or(|f| f == *l))
            .map(|lang| {
                let Some(v) = versions.iter().find(|v| v.document.language == lang) else {
                    return TranslationCell {
                        language: lang,
                        status: TranslationStatus::Missing,
                        behind: 0,
                        since_date: None,
                        since: None,
                        document_id: None,
                    };
                };
                let (status, behind, since) = if v.document.is_original {
                    (TranslationStatus::Original, 0, None)
                } else if v.pending.is_some() || v.document.published_revision_id.is_none() {
                    (TranslationStatus::InProgress, 0, None)
                } else {
                    let tf = v.meta.as_ref().and_then(|m| m.translated_from.as_deref());
                    standing(follows(tf, history), history)
                };
                TranslationCell {
                    language: lang,
                    status,
                    behind,
                    since_date: since.map(crate::dates::iso_date),
                    since: since.map(|t| app::i18n::format::date(&crate::dates::iso_date(t), reader)),
                    document_id: Some(v.document.id),
                }
            })
            .collect();
        rows.push(DeskRow {
            title: original.document.title.clone(),
            kind: original.document.kind,
            original_language: original.document.language,
            areas: set_areas
                .into_iter()
                .map(|a| Named { title: areas.get(&a).cloned().unwrap_or_else(|| a.clone()), slug: a })
                .collect(),
            slug,
            cells,
        });
    }
    rows.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(rows)
}

/// The text of a Markdown body in sections: what comes before the first heading, then each
/// heading with what follows it.
fn sections(body: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for line in body.lines() {
        if line.starts_with('#') && !out.last().is_some_and(Vec::is_empty) {
            out.push(Vec::new());
        }
        out.last_mut().expect("one section at least").push(line);
    }
    out
}

/// The original beside a translation, section by section (aligned by position: a translation
/// has the original's headings), each line of the original marked when it changed after the
/// version the translation follows.
///
/// # Errors
/// Database errors.
pub async fn compare(
    store: &Store,
    slug: &str,
    translated_from: Option<&str>,
    translation_body: &str,
) -> Result<Option<CompareView>> {
    let history = store.original_history(slug).await?;
    let Some(current) = history.last() else { return Ok(None) };
    let Some(original) = store.revision(current.id).await? else { return Ok(None) };
    let base = match follows(translated_from, &history) {
        Follows::Revision(i) => store.revision(history[i].id).await?.map(|r| r.body),
        _ => None,
    };
    let changed: std::collections::HashSet<usize> = match &base {
        Some(old) => {
            let diff = similar::TextDiff::from_lines(old.as_str(), original.body.as_str());
            diff.iter_all_changes()
                .filter(|c| c.tag() == similar::ChangeTag::Insert)
                .filter_map(|c| c.new_index())
                .collect()
        }
        None => Default::default(),
    };
    let mut line = 0;
    let mut originals: Vec<Vec<(bool, String)>> = Vec::new();
    for section in sections(&original.body) {
        originals.push(
            section
                .into_iter()
                .map(|l| {
                    let marked = changed.contains(&line);
                    line += 1;
                    (marked, l.to_string())
                })
                .collect(),
        );
    }
    let translations: Vec<String> = sections(translation_body).into_iter().map(|s| s.join("\n")).collect();
    let rows = (0..originals.len().max(translations.len()))
        .map(|i| CompareRow {
            original: originals.get(i).cloned().unwrap_or_default(),
            translation: translations.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(Some(CompareView { original_language: original.meta.language, rows, base_known: base.is_some() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(number: i64, hash: &str, published_at: i64) -> PublishedRevision {
        PublishedRevision { id: number, document_id: 1, number, content_hash: hash.into(), published_at }
    }

    #[test]
    fn translated_from_is_read_as_a_fingerprint_or_a_date() {
        // Published 2026-03-01, 2026-03-12 and 2026-04-02 (UTC).
        let h = [
            rev(1, "aaaa1111bbbb2222", 1_772_323_200),
            rev(2, "cccc3333dddd4444", 1_773_273_600),
            rev(3, "eeee5555ffff6666", 1_775_088_000),
        ];
        assert_eq!(follows(None, &h), Follows::Unknown);
        assert_eq!(follows(Some("cccc3333dddd"), &h), Follows::Revision(1));
        assert_eq!(follows(Some("0123456789ab"), &h), Follows::Elsewhere);
        assert_eq!(follows(Some("2026-03-12"), &h), Follows::Revision(1));
        assert_eq!(follows(Some("2026-03-11"), &h), Follows::Revision(0));
        assert_eq!(follows(Some("2019-01-01"), &h), Follows::Revision(0), "before the portal knew it: the first");
        assert_eq!(standing(Follows::Revision(2), &h), (TranslationStatus::UpToDate, 0, None));
        assert_eq!(standing(Follows::Revision(0), &h), (TranslationStatus::Outdated, 2, Some(1_773_273_600)));
        assert_eq!(standing(Follows::Elsewhere, &h), (TranslationStatus::Outdated, 0, None));
    }

    #[test]
    fn bodies_split_at_headings() {
        let s = sections("Intro\n\n## One\nText\n## Two\nMore");
        assert_eq!(s, vec![vec!["Intro", ""], vec!["## One", "Text"], vec!["## Two", "More"]]);
        assert_eq!(sections("## First\nA").len(), 1, "no empty section before a first heading");
    }
}
