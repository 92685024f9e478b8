//! Data shared by the server and the views: languages, document kinds, and the shapes of what a
//! page shows. Everything here is plain data (serde), so it can cross into an island as props or
//! come back from a server function.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the portal serves and documents are written in.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ru,
    Ky,
    Ko,
}

impl Lang {
    /// Every language, in the order the language switcher shows them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ru, Lang::Ky, Lang::Ko];

    /// The BCP 47 code used in URLs, `lang` attributes and file names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Ky => "ky",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself, as the language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Ky => "Кыргызча",
            Lang::Ko => "한국어",
        }
    }

    /// Parses a code; `None` for anything that is not one of the four.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| UnknownValue(s.to_string()))
    }
}

/// The error of parsing one of the closed vocabularies (language, kind, visibility...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", self.0)
    }
}

impl std::error::Error for UnknownValue {}

/// What a document is. Areas are documents too: the exchange-area pages of the knowledge map.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    CaseStudy,
    Workplan,
    Webinar,
    Lesson,
    Resource,
    Area,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::CaseStudy, Kind::Workplan, Kind::Webinar, Kind::Lesson, Kind::Resource, Kind::Area];

    /// The value used in front matter and the API.
    pub fn code(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Workplan => "workplan",
            Kind::Webinar => "webinar",
            Kind::Lesson => "lesson",
            Kind::Resource => "resource",
            Kind::Area => "area",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Kind {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::from_code(s).ok_or_else(|| UnknownValue(s.to_string()))
    }
}

/// A browsable section of the portal: a URL segment that lists documents of some kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    CaseStudies,
    Workplans,
    Webinars,
    Lessons,
    Resources,
}

impl Section {
    pub const ALL: [Section; 5] =
        [Section::CaseStudies, Section::Workplans, Section::Webinars, Section::Lessons, Section::Resources];

    /// The URL segment: `/{lang}/{path}`.
    pub fn path(self) -> &'static str {
        match self {
            Section::CaseStudies => "case-studies",
            Section::Workplans => "workplans",
            Section::Webinars => "webinars",
            Section::Lessons => "lessons",
            Section::Resources => "resources",
        }
    }

    pub fn from_path(path: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.path() == path)
    }

    /// The one kind a section lists.
    pub fn kind(self) -> Kind {
        match self {
            Section::CaseStudies => Kind::CaseStudy,
            Section::Workplans => Kind::Workplan,
            Section::Webinars => Kind::Webinar,
            Section::Lessons => Kind::Lesson,
            Section::Resources => Kind::Resource,
        }
    }

    pub fn for_kind(kind: Kind) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.kind() == kind)
    }
}

/// Who may read a document.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, signed in or not.
    #[default]
    Public,
    /// Any signed-in account.
    Partners,
    /// Editors, moderators and admins.
    Staff,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Partners, Visibility::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Partners => "partners",
            Visibility::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.code() == code)
    }
}

impl FromStr for Visibility {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::from_code(s).ok_or_else(|| UnknownValue(s.to_string()))
    }
}

/// An area or any other slug shown with its title in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub slug: String,
    pub title: String,
}

/// One entry of a list of documents: what a card, a list row or the list API shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocCard {
    pub slug: String,
    pub kind: Kind,
    pub language: Lang,
    pub title: String,
    pub summary: String,
    /// `YYYY-MM-DD`, when the document has a date.
    pub date: Option<String>,
    pub countries: Vec<String>,
    pub areas: Vec<Named>,
    pub tags: Vec<String>,
    /// Every language this document exists in (readable by the viewer), including its own.
    pub translations: Vec<Lang>,
    /// Whether this is the original of its translation set (the file without a language suffix).
    pub is_original: bool,
    pub visibility: Visibility,
}

impl DocCard {
    /// Where a reader browsing in `reader` goes to read this card.
    ///
    /// `/{lang}/doc/{slug}` shows the version in `lang`, or the original when there is none. So
    /// the reader's own prefix is right when the card is in their language, or when it is the
    /// original they would fall back to anyway; otherwise (a Russian card found while browsing
    /// in English) the card's own language prefix is the only URL that shows this version.
    pub fn href(&self, reader: Lang) -> String {
        let prefix = if self.language == reader || (self.is_original && !self.translations.contains(&reader)) {
            reader
        } else {
            self.language
        };
        match self.kind {
            Kind::Area => format!("/{prefix}/areas/{}", self.slug),
            _ => format!("/{prefix}/doc/{}", self.slug),
        }
    }
}

/// The role of an account. Anonymous visitors have none.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reader,
    Editor,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Reader, Role::Editor, Role::Moderator, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Who is asking: the one input every permission check takes.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: Option<i64>,
    pub role: Option<Role>,
}

impl Viewer {
    pub fn anonymous() -> Viewer {
        Viewer::default()
    }

    /// The visibilities this viewer may read: public for everyone, partners for any account,
    /// staff for editors and above.
    pub fn visibilities(&self) -> &'static [Visibility] {
        match self.role {
            None => &[Visibility::Public],
            Some(Role::Reader) => &[Visibility::Public, Visibility::Partners],
            Some(_) => &[Visibility::Public, Visibility::Partners, Visibility::Staff],
        }
    }

    pub fn can_read(&self, v: Visibility) -> bool {
        self.visibilities().contains(&v)
    }
}

/// A heading of a document, for the table of contents and deep links.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A file attached to a document.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
}

/// One item of a webinar's agenda.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AgendaItem {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The event behind webinar materials.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EventInfo {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slides: Option<String>,
}

/// Where a workplan activity stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityStatus {
    #[default]
    Planned,
    InProgress,
    Done,
    Postponed,
}

impl ActivityStatus {
    pub fn code(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::InProgress => "in-progress",
            ActivityStatus::Done => "done",
            ActivityStatus::Postponed => "postponed",
        }
    }
}

/// One structured activity of a workplan.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub area: String,
    pub lead: String,
    #[serde(default)]
    pub partners: Vec<String>,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`.
    pub end: String,
    #[serde(default)]
    pub status: ActivityStatus,
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
}

/// Everything the document page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocPage {
    pub card: DocCard,
    pub authors: Vec<String>,
    /// Sanitised HTML of the body, with links already pointing into the reader's language.
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub attachments: Vec<AttachmentInfo>,
    /// Documents that link here, in the reader's language where they exist.
    pub backlinks: Vec<DocCard>,
    /// Set when the reader asked for a language this document does not exist in.
    pub requested_language: Option<Lang>,
    pub event: Option<EventInfo>,
    pub activities: Vec<Activity>,
}

/// One value of a facet with how many documents have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u32,
}

/// The filters of a section list, as they appear in its query string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ListFilters {
    pub language: Option<Lang>,
    pub country: Option<String>,
    pub area: Option<String>,
    pub page: u32,
}

impl ListFilters {
    /// The query string for these filters (empty, or starting with `?`).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.language {
            parts.push(format!("language={}", l.code()));
        }
        if let Some(c) = &self.country {
            parts.push(format!("country={}", encode_component(c)));
        }
        if let Some(a) = &self.area {
            parts.push(format!("area={}", encode_component(a)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// Reads filters back from a query string (with or without the leading `?`). Unknown keys
    /// and unknown languages are ignored: a hand-edited address still shows a list.
    pub fn from_query(query: &str) -> ListFilters {
        let mut f = ListFilters::default();
        for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match &*k {
                "language" => f.language = Lang::from_code(v),
                "country" => f.country = Some(v.to_string()),
                "area" => f.area = Some(v.to_string()),
                "page" => f.page = v.parse().unwrap_or(0),
                _ => {}
            }
        }
        f
    }

    /// The same filters on another page of results.
    pub fn with_page(&self, page: u32) -> ListFilters {
        ListFilters { page, ..self.clone() }
    }
}

/// A section page's list: the filtered cards of one page plus the filter choices with counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionList {
    pub section: Section,
    pub filters: ListFilters,
    pub cards: Vec<DocCard>,
    pub total: u32,
    pub page_count: u32,
    pub languages: Vec<FacetValue>,
    pub countries: Vec<FacetValue>,
    pub areas: Vec<FacetValue>,
}

/// What the home page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    /// The partnership overview, in the reader's language where it exists.
    pub overview: Option<DocCard>,
    pub latest: Vec<DocCard>,
    pub sections: Vec<(Section, u32)>,
    pub areas: Vec<DocCard>,
}

/// An exchange area's page: the area document plus what belongs to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaPage {
    pub doc: DocPage,
    pub documents: Vec<DocCard>,
    /// Workplan activities in this area, with the workplan they come from.
    pub activities: Vec<(DocCard, Activity)>,
}

/// A tag's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagPage {
    pub tag: String,
    pub documents: Vec<DocCard>,
}

/// What someone searched for: the words and the filters, as in `/{lang}/search?q=...`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SearchQuery {
    pub q: String,
    pub kind: Option<Kind>,
    pub language: Option<Lang>,
    pub country: Option<String>,
    pub area: Option<String>,
    pub year: Option<u32>,
    pub page: u32,
}

impl SearchQuery {
    /// The query string (empty, or starting with `?`).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode_component(&self.q)));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.code()));
        }
        if let Some(l) = self.language {
            parts.push(format!("language={}", l.code()));
        }
        if let Some(c) = &self.country {
            parts.push(format!("country={}", encode_component(c)));
        }
        if let Some(a) = &self.area {
            parts.push(format!("area={}", encode_component(a)));
        }
        if let Some(y) = self.year {
            parts.push(format!("year={y}"));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// Reads a query string; unknown keys and values that make no sense are ignored.
    pub fn from_query(query: &str) -> SearchQuery {
        let mut s = SearchQuery::default();
        for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match &*k {
                "q" => s.q = v.to_string(),
                "kind" => s.kind = Kind::from_code(v),
                "language" => s.language = Lang::from_code(v),
                "country" => s.country = Some(v.to_string()),
                "area" => s.area = Some(v.to_string()),
                "year" => s.year = v.parse().ok(),
                "page" => s.page = v.parse().unwrap_or(0),
                _ => {}
            }
        }
        s
    }

    /// Whether any filter (not the words) is set.
    pub fn has_filters(&self) -> bool {
        self.kind.is_some()
            || self.language.is_some()
            || self.country.is_some()
            || self.area.is_some()
            || self.year.is_some()
    }
}

/// Another language version of a search hit.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitVersion {
    pub language: Lang,
    pub url: String,
}

/// One result: a translation set, shown in the reader's language where it exists.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub slug: String,
    /// The language of the version shown.
    pub language: Lang,
    pub kind: Kind,
    pub title: String,
    pub date: Option<String>,
    pub url: String,
    /// The heading of the section the words matched in (in the matched version).
    pub section: Option<String>,
    /// Sanitised snippet with the matched words in `<mark>`.
    pub snippet_html: String,
    pub score: f32,
    /// The language of the version the words matched in.
    pub matched_language: Lang,
    /// Link to the matched section (in the matched version).
    pub matched_url: String,
    pub translations: Vec<HitVersion>,
}

/// Facet counts of a search, per dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchFacets {
    pub kind: Vec<FacetValue>,
    pub language: Vec<FacetValue>,
    pub country: Vec<FacetValue>,
    pub area: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// A filter that removed every result, and what removing it would give.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemovedFilter {
    pub name: String,
    pub label: String,
    pub count: u32,
    pub without: SearchQuery,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchResults {
    pub query: SearchQuery,
    pub total: u32,
    pub page_count: u32,
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
    /// A corrected query that has results, when this one has none.
    pub suggestion: Option<String>,
    /// Query words that matched nothing and were left out.
    pub ignored_words: Vec<String>,
    /// When there are no results: the filters that removed them.
    pub removed_by: Vec<RemovedFilter>,
}

/// A suggestion while typing: a document, or one of its sections.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub title: String,
    pub section: Option<String>,
    pub url: String,
    pub kind: Kind,
    pub language: Lang,
}

/// Where a post stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostState {
    Visible,
    /// Hidden by a moderator: members see a placeholder, moderators the post with a marker.
    Hidden,
    /// Deleted by its author: everyone sees a placeholder.
    Deleted,
}

impl PostState {
    pub fn code(self) -> &'static str {
        match self {
            PostState::Visible => "visible",
            PostState::Hidden => "hidden",
            PostState::Deleted => "deleted",
        }
    }

    pub fn from_code(s: &str) -> PostState {
        match s {
            "hidden" => PostState::Hidden,
            "deleted" => PostState::Deleted,
            _ => PostState::Visible,
        }
    }
}

/// A thread in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    /// The document the thread is about (`None`: the general forum).
    pub doc: Option<String>,
    pub author: String,
    pub replies: i64,
    /// When the last post was written, as people read it (UTC).
    pub last_activity: String,
    pub locked: bool,
    pub pinned: bool,
    /// Posts by others since the reader's last visit (on "my threads").
    pub unread: Option<i64>,
}

/// A post as a reader sees it. Placeholders replace hidden (for non-moderators) and deleted
/// posts, so the thread stays readable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author: String,
    /// Sanitised HTML, empty for a placeholder.
    pub html: String,
    pub reply_to: Option<i64>,
    pub reply_to_author: Option<String>,
    pub created_at: String,
    pub edited: bool,
    pub state: PostState,
    /// Written by the reader (who may edit and delete it).
    pub mine: bool,
    /// The Markdown source, for the reader's own posts (to edit them).
    pub source: Option<String>,
}

/// Everything a thread page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub thread: ThreadSummary,
    /// The document's title in the reader's language, for threads on a document.
    pub doc_title: Option<String>,
    /// One page of posts: `page` of `page_count` (1-based).
    pub posts: Vec<PostView>,
    pub page: u32,
    pub page_count: u32,
    pub can_reply: bool,
    pub moderator: bool,
    /// The private Atom feed address (with the reader's feed key).
    pub feed_url: String,
}

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
    /// YAML for the structured parts: `event` (webinars), `activities` (workplans).
    pub structured: String,
    /// What this save changed (the revision message).
    pub message: String,
}

/// A personal-data finding as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub fingerprint: String,
    pub kind: String,
    pub excerpt: String,
    pub line: usize,
}

/// What a post's action page does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostAction {
    Report,
    Delete,
    /// Hide or unhide (the post is hidden now when `true`).
    Moderate {
        hidden: bool,
    },
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
    pub decision: String,
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

/// Everything the editor page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct EditorPage {
    pub form: EditorForm,
    /// `new`, `draft`, `review`, `published` or `archived`.
    pub state: String,
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
    pub area_choices: Vec<Named>,
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
    pub state: String,
    pub updated: String,
}

/// The characters a query-string component keeps as they are (RFC 3986 "unreserved").
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a query-string component.
pub fn encode_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        for s in Section::ALL {
            assert_eq!(Section::from_path(s.path()), Some(s));
        }
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn filters_make_query_strings() {
        let f = ListFilters { language: Some(Lang::Ru), country: Some("KG".into()), area: None, page: 2 };
        assert_eq!(f.query_string(), "?language=ru&country=KG&page=2");
        assert_eq!(ListFilters::default().query_string(), "");
        assert_eq!(ListFilters::from_query(&f.query_string()), f);
        assert_eq!(ListFilters::from_query("?language=xx&area=&page=abc"), ListFilters::default());
        assert_eq!(encode_component("a b&c"), "a%20b%26c");
    }
}
