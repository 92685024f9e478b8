//! `/api/v1/search` and `/api/v1/suggest`.

use std::collections::BTreeMap;

use app::model::{Kind, Lang, SearchQuery, Suggestion};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{ApiQuery, ErrorBody};
use crate::auth::CurrentViewer;
use crate::error::{ApiResult, Error, Result};
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
    let reader = parse_lang(non_empty(&p.lang), "lang")?.unwrap_or_default();
    Ok(Json(service::suggest(&state.search, &viewer, reader, p.q).await?))
}
