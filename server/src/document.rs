//! What a document is on the server: its validated metadata, its lifecycle state, and what
//! rendering produced. Shared by content import, storage, search and the page builders.

use app::model::{Activity, EventInfo, Kind, Lang, TocEntry, Visibility};
use serde::{Deserialize, Serialize};

/// A document's metadata after validation: every front-matter field, typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: String,
    pub kind: Kind,
    pub language: Lang,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub visibility: Visibility,
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
    #[serde(default)]
    pub event: Option<EventInfo>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Areas only: the questions the exchange has yet to answer in this area.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<String>,
    /// Translations only: the version of the original this one follows (a fingerprint of the
    /// original's revision, or a date). `None`: not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<String>,
}

/// An attachment as front matter names it: a file beside the Markdown, and its title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub file: String,
    pub title: String,
}

/// Where a document is in its life (its published state; see [`Pending`] for unpublished work).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Published,
    Archived,
}
app::vocabulary!(Status { Draft => "draft", Review => "review", Published => "published", Archived => "archived" });

/// The state of a document's working revision when it is not the published one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pending {
    Draft,
    Review,
}
app::vocabulary!(Pending { Draft => "draft", Review => "review" });

/// The plain text under one heading, for the search index (which indexes text, not HTML).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSection {
    /// The heading's anchor; `None` for the text before the first heading.
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

/// The structured parts of a document as searchable sections, each with the anchor the page
/// gives it: every workplan activity (`#activity-a1`) and a webinar's agenda (`#agenda`).
pub fn structured_sections(meta: &DocMeta) -> Vec<TextSection> {
    let mut out = Vec::new();
    if let Some(e) = &meta.event
        && !e.agenda.is_empty()
    {
        let text = e
            .agenda
            .iter()
            .flat_map(|a| [Some(&a.title), a.presenter.as_ref(), a.organisation.as_ref(), a.summary.as_ref()])
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(". ");
        out.push(TextSection {
            anchor: Some("agenda".into()),
            heading: app::i18n::ui(meta.language).agenda.into(),
            text,
        });
    }
    if !meta.open_questions.is_empty() {
        out.push(TextSection {
            anchor: Some("open-questions".into()),
            heading: app::i18n::ui(meta.language).open_questions.into(),
            text: meta.open_questions.join(" "),
        });
    }
    for a in &meta.activities {
        let text = [a.lead.clone(), a.partners.join(", "), a.outputs.join(". "), a.indicators.join(". ")]
            .into_iter()
            .chain(a.progress.iter().map(|p| p.note.clone()))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(". ");
        out.push(TextSection { anchor: Some(a.anchor()), heading: format!("{} {}", a.id, a.title), text });
    }
    out
}

/// The result of rendering a document body.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rendered {
    /// Sanitised HTML. Internal links carry the [`LANG_PLACEHOLDER`] prefix.
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Slugs this body links to with `doc:` links that resolved.
    pub links: Vec<String>,
    pub sections: Vec<TextSection>,
    /// Problems found while rendering (missing link targets...), with 1-based body lines.
    pub problems: Vec<(usize, app::i18n::msg::Msg)>,
}

/// Stored HTML links to `/_lang_/doc/slug`; the reader's language replaces it when served, so
/// one stored rendering serves every language prefix.
pub const LANG_PLACEHOLDER: &str = "/_lang_/";

/// Puts the reader's language into stored HTML.
/// The history messages the portal writes itself. They are stored in English, the form every
/// older revision already has, and shown in the reader's language by [`SystemMessage::shown`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemMessage {
    /// A save in the browser editor without a message.
    EditedInPortal,
    /// A file's first import.
    ImportedFrom(String),
    /// A file imported again after it changed.
    UpdatedFrom(String),
}

impl SystemMessage {
    pub fn stored(&self) -> String {
        match self {
            SystemMessage::EditedInPortal => "Edited in the portal".into(),
            SystemMessage::ImportedFrom(p) => format!("Imported from {p}"),
            SystemMessage::UpdatedFrom(p) => format!("Updated from {p}"),
        }
    }

    fn parse(stored: &str) -> Option<SystemMessage> {
        if stored == "Edited in the portal" {
            return Some(SystemMessage::EditedInPortal);
        }
        stored
            .strip_prefix("Imported from ")
            .map(|p| SystemMessage::ImportedFrom(p.into()))
            .or_else(|| stored.strip_prefix("Updated from ").map(|p| SystemMessage::UpdatedFrom(p.into())))
    }

    /// A stored history message as a reader of `lang` sees it: the portal's own messages in
    /// their language, what people wrote as they wrote it.
    pub fn shown(stored: &str, lang: Lang) -> String {
        let t = app::i18n::ui(lang);
        match SystemMessage::parse(stored) {
            Some(SystemMessage::EditedInPortal) => t.edited_in_portal.into(),
            Some(SystemMessage::ImportedFrom(p)) => app::i18n::fill(t.imported_from, &[("path", &p)]),
            Some(SystemMessage::UpdatedFrom(p)) => app::i18n::fill(t.updated_from, &[("path", &p)]),
            None => stored.to_string(),
        }
    }
}

pub fn localise_html(html: &str, lang: Lang) -> String {
    // Wide tables scroll inside a frame that shows it scrolls, never the page.
    html.replace(LANG_PLACEHOLDER, &format!("/{}/", lang.code()))
        .replace("<table>", "<div class=\"table-scroll\" tabindex=\"0\"><table>")
        .replace("</table>", "</table></div>")
}

/// A revision's content hash: its metadata (but not which version of an original it follows,
/// nor where its attachment files lay), its body and its attachments' bytes. The same content
/// gives the same hash whichever way it came in (a file, the editor, an export imported again),
/// so a translation's `translated_from` fingerprint survives the export → import round trip.
pub fn content_hash(meta: &DocMeta, body: &str, attachment_hashes: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let canonical = DocMeta { translated_from: None, attachments: Vec::new(), ..meta.clone() };
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(&canonical).unwrap_or_default());
    h.update(b"\n---\n");
    h.update(body.as_bytes());
    for a in attachment_hashes {
        h.update(a.as_bytes());
    }
    hex::encode(h.finalize())
}
