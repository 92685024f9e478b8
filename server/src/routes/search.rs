//! Search: the page (`/{lang}/search`), and the search and suggestion services the page, the
//! API and the header's search box call. Searching runs on the blocking pool (it
//! is CPU work) and never writes the query anywhere.

use app::components::layout::PageMeta;
use app::model::{Lang, SearchQuery, SearchResults, Suggestion, Viewer};
use app::pages::search::SearchPage;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::*;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::routes::pages::{PageContext, page};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/{lang}/search", get(search_page))
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
