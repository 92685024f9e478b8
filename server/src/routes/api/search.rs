//! `/api/v1/search` and `/api/v1/suggest`.

use std::collections::BTreeMap;

use app::model::{Kind, Lang, SearchQuery, Suggestion};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{ApiQuery, ErrorBody, code_param, number_param};
use crate::auth::CurrentViewer;
use crate::error::ApiResult;
use crate::search::service;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search)).route("/suggest", get(suggest))
}

/// Query parameters of `/api/v1/search`. `lang` is the reader's language (results come in it
/// where a translation exists); `language` filters on the language documents matched in.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiSearchParams {
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

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
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

/// Searches every readable document in four languages.
#[utoipa::path(
    get, path = "/search", tag = "search", params(ApiSearchParams),
    responses(
        (status = 200, description = "One page of results, with facets", body = ApiSearch),
        (status = 400, description = "An unknown filter value", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(p): ApiQuery<ApiSearchParams>,
) -> ApiResult<Json<ApiSearch>> {
    let reader = code_param::<Lang>(&p.lang, "lang")?.unwrap_or_default();
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let q = SearchQuery {
        q: p.q.clone(),
        kind: code_param::<Kind>(&p.kind, "kind")?,
        language: code_param::<Lang>(&p.language, "language")?,
        country: text(&p.country),
        area: text(&p.area),
        year: number_param(&p.year, "year")?,
        page: number_param(&p.page, "page")?.unwrap_or(1),
    };
    let page = q.page;
    let r = service::search(&state.search, &state.store, &viewer, reader, q).await?;
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far.
    #[serde(default)]
    q: String,
    /// The reader's language.
    lang: Option<String>,
}

/// Titles and sections for the search box, as the caller types.
#[utoipa::path(
    get, path = "/suggest", tag = "search", params(SuggestParams),
    responses(
        (status = 200, description = "Up to eight suggestions", body = Vec<Suggestion>),
        (status = 400, description = "An unknown language", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(p): ApiQuery<SuggestParams>,
) -> ApiResult<Json<Vec<Suggestion>>> {
    let reader = code_param::<Lang>(&p.lang, "lang")?.unwrap_or_default();
    Ok(Json(service::suggest(&state.search, &viewer, reader, p.q).await?))
}
