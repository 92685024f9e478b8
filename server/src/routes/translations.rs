//! The translation desk for staff: `/{lang}/editor/translations` and `/api/v1/translations`
//! list the same rows (see `crate::translations::desk`).

use app::i18n::ui;
use app::model::Named;
use app::pages::translations::TranslationDeskPage;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::*;

use crate::catalog::Catalog;
use crate::error::Result;
use crate::state::AppState;
use crate::translations::DeskQuery;
use crate::web::{PageContext, Staff, page};

pub fn router() -> Router<AppState> {
    Router::new().route("/{lang}/editor/translations", get(desk))
}

async fn desk(
    State(state): State<AppState>,
    ctx: PageContext,
    Staff(session): Staff,
    Query(q): Query<DeskQuery>,
) -> Result<Response> {
    let lang = ctx.lang;
    let filters = q.filters()?;
    let titles = Catalog::new(&state.store, &session.viewer()).area_titles(lang).await?;
    let rows = crate::translations::desk(&state.store, &filters, &titles, lang).await?;
    let mut areas: Vec<Named> = titles.into_iter().map(|(slug, title)| Named { slug, title }).collect();
    areas.sort_by(|a, b| a.title.cmp(&b.title));
    let meta = ctx.private_meta(ui(lang).translation_desk, "/editor/translations");
    Ok(page(&state, &ctx, meta, move || view! { <TranslationDeskPage lang rows filters areas/> }))
}
