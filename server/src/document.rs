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
pub fn localise_html(html: &str, lang: Lang) -> String {
    html.replace(LANG_PLACEHOLDER, &format!("/{}/", lang.code()))
}
