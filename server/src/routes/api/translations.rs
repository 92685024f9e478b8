//! `/api/v1/translations`: the translation desk for staff, as JSON.

use app::model::DeskRow;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::{ApiQuery, ErrorBody};
use crate::catalog::Catalog;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::translations::DeskQuery;
use crate::web::{ApiLang, Staff};

pub fn router() -> Router<AppState> {
    Router::new().route("/translations", get(list))
}

/// Every document × language with where the translation stands (staff only).
#[utoipa::path(
    get, path = "/translations", tag = "translations", params(DeskQuery),
    responses(
        (status = 200, description = "One row per document: its original and a cell per language", body = Vec<DeskRow>),
        (status = 400, description = "An unknown language or kind", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor, moderator or admin", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Staff(session): Staff,
    ApiLang(lang): ApiLang,
    ApiQuery(q): ApiQuery<DeskQuery>,
) -> ApiResult<Json<Vec<DeskRow>>> {
    let filters = q.filters()?;
    let titles = Catalog::new(&state.store, &session.viewer()).area_titles(lang).await?;
    Ok(Json(crate::translations::desk(&state.store, &filters, &titles, lang).await?))
}
