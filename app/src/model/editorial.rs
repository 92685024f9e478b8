//! Publishing as the editor shows it: the form, findings, reviews, diffs, conflicts, history,
//! and the dashboard.

use serde::{Deserialize, Serialize};

/// Where a document stands for its editors: not saved yet, a draft, in review, published
/// (with no unpublished changes), or archived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EditorialState {
    #[default]
    New,
    Draft,
    Review,
    Published,
    Archived,
}
crate::vocabulary!(EditorialState {
    New => "new",
    Draft => "draft",
    Review => "review",
    Published => "published",
    Archived => "archived",
});

/// A reviewer's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approved,
    Returned,
}
crate::vocabulary!(Decision { Approved => "approved", Returned => "returned" });

use super::document::AttachmentInfo;
use super::vocab::{Kind, Lang, Named, Visibility};

/// The editor's form: every front-matter field, the body, and what the save is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct EditorForm {
    /// `None` for a new document.
    pub document_id: Option<i64>,
    /// The revision the editor started from (conflict detection).
    pub base_revision: Option<i64>,
    pub slug: String,
    /// For a new translation: the slug of the original it translates.
    pub translation_of: String,
    /// For a translation: the fingerprint of the original's version it follows (empty: not
    /// recorded). Carried through the form, so a save that only fixes a typo keeps it.
    pub translated_from: String,
    /// For a translation: "it now matches the original as published", which moves
    /// `translated_from` to the original's current version.
    pub up_to_date: bool,
    pub title: String,
    pub kind: Option<Kind>,
    pub language: Lang,
    pub summary: String,
    pub date: String,
    /// One per line.
    pub authors: String,
    pub countries: Vec<String>,
    pub areas: Vec<String>,
    /// Comma-separated.
    pub tags: String,
    pub visibility: Visibility,
    pub body: String,
    /// YAML for what has no form fields (an area's `open_questions`), for experts; `event`
    /// and `activities` written here are used when their fields are left empty.
    pub structured: String,
    /// A webinar's event, as the form's fields hold it.
    pub event: EventRows,
    /// A workplan's activities, as the form's fields hold them.
    pub activities: Vec<ActivityRow>,
    /// What this save changed (the revision message).
    pub message: String,
}

/// A webinar's event in the editor: text as typed (empty is absent), one row per agenda item.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventRows {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
    pub time_zone: String,
    /// One per line.
    pub organisers: String,
    /// One per line.
    pub institutions: String,
    pub recording: String,
    pub agenda: Vec<AgendaRow>,
}

impl EventRows {
    /// Whether any field is filled.
    pub fn is_empty(&self) -> bool {
        [&self.date, &self.start, &self.end, &self.time_zone, &self.organisers, &self.institutions, &self.recording]
            .iter()
            .all(|v| v.trim().is_empty())
            && self.agenda.iter().all(AgendaRow::is_empty)
    }
}

/// One agenda item in the editor.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AgendaRow {
    pub title: String,
    pub start: String,
    pub end: String,
    pub presenter: String,
    pub organisation: String,
    pub summary: String,
}

impl AgendaRow {
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty()
    }
}

/// One workplan activity in the editor. Its status history is not a field: saving a form keeps
/// the history of the same activity number from the version edited.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: String,
    pub title: String,
    /// An exchange area's slug.
    pub area: String,
    pub lead: String,
    /// Separated by commas.
    pub partners: String,
    /// `YYYY-MM`.
    pub start: String,
    pub end: String,
    /// A status code (`planned`, `in-progress`...).
    pub status: String,
    /// One per line.
    pub outputs: String,
    /// One per line.
    pub indicators: String,
    /// Activity numbers, separated by commas.
    pub depends_on: String,
    /// Document slugs, separated by commas.
    pub evidence: String,
    /// The status history, when the server fills the form itself (a status change); empty
    /// from a browser's form.
    #[serde(default)]
    pub progress: Vec<super::workplan::ProgressEntry>,
}

impl ActivityRow {
    pub fn is_empty(&self) -> bool {
        self.id.trim().is_empty() && self.title.trim().is_empty()
    }
}

/// A personal-data finding as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub fingerprint: String,
    pub kind: String,
    pub excerpt: String,
    pub line: usize,
}

/// A personal-data finding the author confirmed, as the reviewer sees it (masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedView {
    pub kind: String,
    pub excerpt: String,
    pub line: usize,
    pub confirmed_by: String,
}

/// A review decision as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub reviewer: String,
    pub decision: Decision,
    pub comment: String,
    pub when: String,
}

/// A line of a diff between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    /// `+` added, `-` removed, ` ` unchanged.
    pub sign: char,
    pub text: String,
}

/// What a save collided with: the other editor's version, and how it differs from this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    pub theirs_author: String,
    pub theirs_body: String,
    pub diff: Vec<DiffLine>,
}

/// A submission as its reviewer sees it: the decision first, then what was confirmed, what
/// changed and the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ReviewPage {
    pub document_id: i64,
    pub title: String,
    pub doc_lang: Lang,
    /// The revision under review, rendered as readers will see it.
    pub html: String,
    /// Against the published version; `None` when nothing is published yet.
    pub changes: Option<Vec<DiffLine>>,
    /// The author's confirmations (personal data, missing links) and earlier reviews.
    pub editor: EditorPage,
}

/// Everything the editor page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct EditorPage {
    pub form: EditorForm,
    pub state: EditorialState,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub notice: Option<String>,
    pub preview_html: Option<String>,
    pub conflict: Option<ConflictView>,
    pub findings: Vec<FindingView>,
    /// Findings the author confirmed for the revision under review.
    pub confirmed: Vec<ConfirmedView>,
    pub attachments: Vec<AttachmentInfo>,
    pub reviews: Vec<ReviewView>,
    pub can_edit: bool,
    pub can_review: bool,
    /// For a translation: the original beside it, section by section.
    pub compare: Option<super::translation::CompareView>,
    pub area_choices: Vec<Named>,
    /// Documents to link to (`[title](doc:slug)`), in the reader's language, by title.
    #[serde(default)]
    pub link_choices: Vec<(Named, Lang)>,
    pub public_url: Option<String>,
}

/// A revision in a document's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub number: i64,
    pub author: String,
    pub message: String,
    pub when: String,
    pub published: bool,
    pub current: bool,
}

/// A document with unpublished work, on the editors' dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkLine {
    pub document_id: i64,
    pub title: String,
    pub kind: Kind,
    pub language: Lang,
    pub state: EditorialState,
    pub updated: String,
}
