//! Search as pages and the API show it: the query, hits, facets, corrections, suggestions.

use serde::{Deserialize, Serialize};

use super::document::FacetValue;
use super::vocab::{Kind, Lang, encode_component};

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
    /// The date as the reader's language writes it.
    #[serde(default)]
    pub date_label: Option<String>,
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
    /// When a misspelt word found its documents by a near word: the query as corrected
    /// ("Showing results for sunflower").
    #[serde(default)]
    pub showing_for: Option<String>,
    /// For an empty query or no results: documents to start from (the newest).
    #[serde(default)]
    pub starting_points: Vec<super::DocCard>,
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
