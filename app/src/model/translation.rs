//! Translations as pages show them: whether each language version of a document follows its
//! original's current version, the notice on an outdated translation, the translation desk,
//! and the original beside the translation in the editor.

use serde::{Deserialize, Serialize};

use super::vocab::{Kind, Lang, Named};

/// Where one language version of a document stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TranslationStatus {
    /// This version is the original.
    Original,
    /// No version in this language.
    Missing,
    /// Follows the original's current published version.
    UpToDate,
    /// The original was published again after the version this one follows.
    Outdated,
    /// Which version of the original it follows is not recorded.
    Unknown,
    /// A draft (or a submission in review) is being worked on.
    InProgress,
}
crate::vocabulary!(TranslationStatus {
    Original => "original",
    Missing => "missing",
    UpToDate => "up-to-date",
    Outdated => "outdated",
    Unknown => "unknown",
    InProgress => "in-progress",
});

/// One language of one document on the translation desk.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationCell {
    pub language: Lang,
    pub status: TranslationStatus,
    /// Outdated: how many times the original was published since.
    pub behind: u32,
    /// Outdated: the day the original was first published again (`YYYY-MM-DD`), when known.
    pub since_date: Option<String>,
    /// The same day in the reader's language ("12 March 2026").
    pub since: Option<String>,
    /// The version's document, when there is one (for its editor).
    pub document_id: Option<i64>,
}

/// One document (a translation set) on the translation desk.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRow {
    pub slug: String,
    pub kind: Kind,
    /// The original's title.
    pub title: String,
    pub original_language: Lang,
    pub areas: Vec<Named>,
    pub cells: Vec<TranslationCell>,
}

/// The desk's filters, as in its query string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DeskFilters {
    pub language: Option<Lang>,
    pub kind: Option<Kind>,
    pub area: Option<String>,
}

/// The notice on a translation whose original moved on (or whose base is unknown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleNotice {
    pub original_language: Lang,
    pub original_href: String,
    /// When the original was first published again after this translation ("12 March 2026").
    pub updated_on: Option<String>,
    /// How many times the original was published since.
    pub behind: u32,
    /// `false`: it is not recorded which version this translation follows.
    pub known: bool,
    /// For editors: the original's differences since the version translated.
    pub diff_href: Option<String>,
}

/// One section (the text under one heading) of the original beside the translation's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    /// The original's lines, each marked when it changed after the version translated.
    pub original: Vec<(bool, String)>,
    pub translation: String,
}

/// The original beside the translation, section by section, in the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CompareView {
    pub original_language: Lang,
    pub rows: Vec<CompareRow>,
    /// Whether the translation's base is known (so the marked lines mean "changed since").
    pub base_known: bool,
}
