//! The search page: `/{lang}/search?q=...`, a plain GET form (the search box's suggestions are
//! a server function; the API is under `routes::api::search`).

use app::components::layout::PageMeta;
use app::model::SearchQuery;
use app::pages::search::SearchPage;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::*;

use crate::error::Result;
use crate::search::service;
use crate::state::AppState;
use crate::web::{PageContext, page};

pub fn router() -> Router<AppState> {
    Router::new().route("/{lang}/search", get(search_page))
}

async fn search_page(State(state): State<AppState>, ctx: PageContext, RawQuery(raw): RawQuery) -> Result<Response> {
    let lang = ctx.lang;
    let q = SearchQuery::from_query(raw.as_deref().unwrap_or(""));
    let mut results = service::search(&state.search, &state.store, &ctx.viewer, lang, q.clone()).await?;
    // Nothing asked or nothing found: somewhere to start (the portal keeps no reading counts,
    // so the newest documents rather than the most read).
    if results.total == 0 {
        results.starting_points = crate::catalog::Catalog::new(&state.store, &ctx.viewer).home(lang).await?.latest;
    }
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
