//! Search: the page (`/{lang}/search`), the API (`/api/v1/search`, `/api/v1/suggest`) and the
//! suggestion service the header's search box calls. Searching runs on the blocking pool (it
//! is CPU work) and never writes the query anywhere.

use std::collections::BTreeMap;

use app::components::layout::PageMeta;
use app::model::{Kind, Lang, SearchQuery, SearchResults, Suggestion, Viewer};
use app::pages::search::SearchPage;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentViewer;
use crate::catalog::Catalog;
use crate::error::{ApiResult, Error, Result};
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/{lang}/search", get(search_page))
}

pub fn api_router() -> Router<AppState> {
    Router::new().route("/search", get(api_search)).route("/suggest", get(api_suggest))
}

/// Runs a search and names the area facets in the reader's language.
pub async fn search(state: &AppState, viewer: &Viewer, reader: Lang, q: SearchQuery) -> Result<SearchResults> {
    let index = state.search.clone();
    let v = viewer.clone();
    let mut results = tokio::task::spawn_blocking(move || index.search(&v, reader, &q))
        .await
        .map_err(|e| Error::Internal(e.into()))?
        .map_err(|e| Error::Internal(e.into()))?;
    if !results.facets.area.is_empty() {
        let titles = Catalog::new(&state.store, viewer).area_titles(reader).await?;
        for a in &mut results.facets.area {
            if let Some(t) = titles.get(&a.value) {
                a.label = t.clone();
            }
        }
    }
    Ok(results)
}

/// Suggestions for the search box.
pub async fn suggest(state: &AppState, viewer: &Viewer, reader: Lang, text: String) -> Result<Vec<Suggestion>> {
    let index = state.search.clone();
    let v = viewer.clone();
    tokio::task::spawn_blocking(move || index.suggest(&v, reader, &text, 8))
        .await
        .map_err(|e| Error::Internal(e.into()))?
        .map_err(|e| Error::Internal(e.into()))
}

async fn search_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(lang): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let lang = Lang::from_code(&lang).ok_or(Error::NotFound)?;
    let q = SearchQuery::from_query(raw.as_deref().unwrap_or(""));
    let results = search(&state, &ctx.viewer, lang, q.clone()).await?;
    let t = app::i18n::ui(lang);
    let meta = PageMeta {
        lang,
        title: if q.q.is_empty() { t.search.into() } else { format!("{} · {}", q.q, t.search) },
        path: format!("/search{}", q.query_string()),
        noindex: true,
        search_text: q.q.clone(),
        ..Default::default()
    };
    Ok(page(&state, &ctx, meta, move || view! { <SearchPage lang results/> }))
}

/// Query parameters of `/api/v1/search`. `lang` is the reader's language (results come in it
/// where a translation exists); `language` filters on the language documents matched in.
#[derive(Debug, Deserialize)]
struct ApiSearchParams {
    #[serde(default)]
    q: String,
    lang: Option<String>,
    kind: Option<String>,
    language: Option<String>,
    country: Option<String>,
    area: Option<String>,
    year: Option<String>,
    page: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_lang(value: Option<&str>, name: &str) -> Result<Option<Lang>> {
    value
        .map(|v| {
            Lang::from_code(v)
                .ok_or_else(|| Error::BadRequest(format!("unknown {name} `{v}`; expected one of en, ru, ky, ko")))
        })
        .transpose()
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ApiSearch {
    pub total: u32,
    pub page: u32,
    pub page_count: u32,
    pub hits: Vec<app::model::SearchHit>,
    pub facets: BTreeMap<String, BTreeMap<String, u32>>,
    pub suggestion: Option<String>,
    pub ignored_words: Vec<String>,
    pub removed_by: Vec<app::model::RemovedFilter>,
}

async fn api_search(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Query(p): Query<ApiSearchParams>,
) -> ApiResult<Json<ApiSearch>> {
    let reader = parse_lang(non_empty(&p.lang), "lang")?.unwrap_or_default();
    let kind = non_empty(&p.kind)
        .map(|k| Kind::from_code(k).ok_or_else(|| Error::BadRequest(format!("unknown kind `{k}`"))))
        .transpose()?;
    let year = non_empty(&p.year)
        .map(|y| y.parse::<u32>().map_err(|_| Error::BadRequest(format!("`year` must be a number, not `{y}`"))))
        .transpose()?;
    let page = non_empty(&p.page)
        .map(|n| n.parse::<u32>().map_err(|_| Error::BadRequest(format!("`page` must be a number, not `{n}`"))))
        .transpose()?
        .unwrap_or(1);
    let q = SearchQuery {
        q: p.q.clone(),
        kind,
        language: parse_lang(non_empty(&p.language), "language")?,
        country: non_empty(&p.country).map(str::to_string),
        area: non_empty(&p.area).map(str::to_string),
        year,
        page,
    };
    let r = search(&state, &viewer, reader, q).await?;
    let to_map = |values: &[app::model::FacetValue]| values.iter().map(|v| (v.value.clone(), v.count)).collect();
    let facets = BTreeMap::from([
        ("kind".to_string(), to_map(&r.facets.kind)),
        ("language".to_string(), to_map(&r.facets.language)),
        ("country".to_string(), to_map(&r.facets.country)),
        ("area".to_string(), to_map(&r.facets.area)),
        ("year".to_string(), to_map(&r.facets.year)),
    ]);
    Ok(Json(ApiSearch {
        total: r.total,
        page: page.max(1).min(r.page_count),
        page_count: r.page_count,
        hits: r.hits,
        facets,
        suggestion: r.suggestion,
        ignored_words: r.ignored_words,
        removed_by: r.removed_by,
    }))
}

#[derive(Debug, Deserialize)]
struct SuggestParams {
    #[serde(default)]
    q: String,
    lang: Option<String>,
}

async fn api_suggest(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Query(p): Query<SuggestParams>,
) -> ApiResult<Json<Vec<Suggestion>>> {
    let reader = parse_lang(non_empty(&p.lang), "lang")?.unwrap_or_default();
    Ok(Json(suggest(&state, &viewer, reader, p.q).await?))
}
