//! What document pages and lists show: cards, the document page, section lists with their
//! filters, the home, area and tag pages.

use serde::{Deserialize, Serialize};

use super::vocab::{Kind, Lang, Named, Section, Visibility, encode_component};
use super::webinar::EventInfo;
use super::workplan::Activity;

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
    /// The date as the reader's language writes it ("29 января 2019 г.").
    pub date_label: Option<String>,
    pub countries: Vec<String>,
    pub areas: Vec<Named>,
    /// Tags: key (the address) and name in the reader's language.
    pub tags: Vec<Named>,
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
    /// The size as the reader's language writes it ("1,2 МБ").
    pub size_label: String,
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
    /// The event's times for this reader (Bishkek and Seoul side by side, upcoming or past).
    pub event_times: Option<super::webinar::EventTimes>,
    pub activities: Vec<Activity>,
    /// The workplan's timeline and what the viewer may do with it.
    pub workplan: Option<super::workplan::WorkplanView>,
    /// On a translation whose original moved on (or whose base is not recorded).
    pub stale: Option<super::translation::StaleNotice>,
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
    /// Webinars: how many of the cards, from the first, are still to come.
    #[serde(default)]
    pub upcoming: u32,
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
    /// One page of the area's documents (grouped by kind), of `total` in `page_count` pages.
    pub documents: Vec<DocCard>,
    pub total: u32,
    pub page: u32,
    pub page_count: u32,
    /// Workplan activities in this area, with the workplan they come from and their period in
    /// the reader's words.
    pub activities: Vec<(DocCard, Activity, String)>,
    /// The questions the exchange has yet to answer here (in the area document's language).
    pub open_questions: Vec<String>,
    /// The area's row of the exchange map, with the map's column headings.
    pub map: Option<(Vec<String>, super::exchange::MapRow)>,
}

/// A tag's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagPage {
    pub tag: Named,
    /// One page of the tag's documents, of `total` in `page_count` pages.
    pub documents: Vec<DocCard>,
    pub total: u32,
    pub page: u32,
    pub page_count: u32,
}
