//! The partnership's working tools on the web: the exchange map, a webinar's `.ics` file and the
//! iCalendar feed of all webinars, a workplan's CSV export, and the status form of its
//! activities. Each starts from what the viewer may read, like every page.

use app::i18n::ui;
use app::model::{Kind, Lang, Viewer};
use app::pages::exchange_map::ExchangeMapPage;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use serde::Deserialize;

use crate::catalog::{Catalog, group};
use crate::error::{Error, Result};
use crate::publishing::status::{StatusChange, change_status};
use crate::state::AppState;
use crate::web::{Form, PageContext, Writer, page};
use crate::webinar::CalendarEntry;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/map", get(map))
        .route("/{lang}/doc/{slug}/event.ics", get(event_ics))
        .route("/{lang}/doc/{slug}/activities.csv", get(activities_csv))
        .route("/{lang}/doc/{slug}/activities/{id}", post(activity_status))
        .route("/feeds/webinars.ics", get(webinars_feed))
}

#[derive(Deserialize)]
struct SlugParam {
    slug: String,
}

#[derive(Deserialize)]
struct ActivityParam {
    slug: String,
    id: String,
}

async fn map(State(state): State<AppState>, ctx: PageContext) -> Result<Response> {
    let lang = ctx.lang;
    let map = Catalog::new(&state.store, &ctx.viewer).exchange_map(lang).await?;
    let meta = ctx.meta(ui(lang).map_title, "/map");
    Ok(page(&state, &ctx, meta, move || view! { <ExchangeMapPage lang map/> }))
}

/// A file download with its type, kept private when the viewer is signed in.
fn download(body: Vec<u8>, content_type: &'static str, file_name: &str, signed_in: bool) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    let cache = if signed_in { "private, no-cache" } else { "public, no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// One webinar as an iCalendar file.
async fn event_ics(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(SlugParam { slug }): Path<SlugParam>,
) -> Result<Response> {
    let (doc, rev) = Catalog::new(&state.store, &ctx.viewer).document(ctx.lang, &slug).await?;
    let event = doc.event.as_ref().ok_or(Error::NotFound)?;
    let entry = CalendarEntry {
        slug: &slug,
        title: &doc.card.title,
        summary: &doc.card.summary,
        event,
        url: format!("{}/{}/doc/{slug}", state.settings.base_url, ctx.lang),
        published_at: rev.created_at,
    };
    let ics = crate::webinar::calendar(&doc.card.title, &[entry]);
    Ok(download(ics.into_bytes(), "text/calendar; charset=utf-8", &format!("{slug}.ics"), ctx.session.is_some()))
}

/// Every public webinar, for calendar applications to subscribe to (they send no cookie, so
/// the feed is what a visitor may read, in English).
async fn webinars_feed(State(state): State<AppState>) -> Result<Response> {
    let viewer = Viewer::anonymous();
    let catalog = Catalog::new(&state.store, &viewer);
    let mut events = Vec::new();
    for set in group(catalog.readable(Some(Kind::Webinar)).await?) {
        let version = set.pick(Lang::En);
        let Some(rev_id) = version.published_revision_id else { continue };
        let Some(rev) = state.store.revision(rev_id).await? else { continue };
        if let Some(event) = rev.meta.event.clone() {
            events.push((set.slug.clone(), version.language, rev, event));
        }
    }
    let entries: Vec<CalendarEntry<'_>> = events
        .iter()
        .map(|(slug, lang, rev, event)| CalendarEntry {
            slug,
            title: &rev.meta.title,
            summary: &rev.meta.summary,
            event,
            url: format!("{}/{lang}/doc/{slug}", state.settings.base_url),
            published_at: rev.created_at,
        })
        .collect();
    let ics = crate::webinar::calendar("Sunflower Exchange webinars", &entries);
    let mut res = ics.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    Ok(res)
}

/// A workplan's activities as CSV.
async fn activities_csv(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(SlugParam { slug }): Path<SlugParam>,
) -> Result<Response> {
    let (doc, _) = Catalog::new(&state.store, &ctx.viewer).document(ctx.lang, &slug).await?;
    if doc.activities.is_empty() {
        return Err(Error::NotFound);
    }
    let csv = crate::workplan::csv(&doc.activities);
    Ok(download(csv, "text/csv; charset=utf-8", &format!("{slug}-activities.csv"), ctx.session.is_some()))
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
    #[serde(default)]
    note: String,
}

/// An editor changes an activity's status from the workplan page; back to the activity.
async fn activity_status(
    State(state): State<AppState>,
    ctx: PageContext,
    Writer(session): Writer,
    Path(ActivityParam { slug, id }): Path<ActivityParam>,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let lang = ctx.lang;
    // The activity belongs to the version the page showed: the reader's language, else the original.
    let language = Catalog::new(&state.store, &ctx.viewer).set(&slug).await?.pick(lang).language;
    let change = StatusChange { slug: &slug, language, activity: &id, status: &form.status, note: &form.note };
    change_status(&state.store, &state.search, &session, change).await?;
    let anchor = format!("activity-{}", id.to_lowercase());
    Ok(Redirect::to(&format!("/{lang}/doc/{slug}?notice=status#{anchor}")).into_response())
}
