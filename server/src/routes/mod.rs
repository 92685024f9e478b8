//! The router: pages, API, assets, server functions, and the layers every response passes
//! through (security headers, error pages, compression, request logs without query strings).

pub mod account;
pub mod admin;
pub mod api;
pub mod attachments;
pub mod discussion;
pub mod editor;
pub mod exchange;
pub mod feeds;
pub mod notifications;
pub mod pages;
pub mod read_cache;
pub mod search;
pub mod translations;
pub mod two_factor;

use app::i18n::msg::Msg;
use std::sync::Arc;

use app::components::layout::PageMeta;
use app::model::Lang;
use app::pages::not_found::{ErrorPage, NotFoundPage};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::ErrorMarker;
use crate::state::AppState;

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let security_headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            // No host but this one, for anything. 'wasm-unsafe-eval' lets the hydration bundle
            // compile; no inline script or style is ever needed.
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Addresses (which can hold a search) never go to another site. Not `no-referrer`:
        // with it browsers send `Origin: null` on our own form posts, and the CSRF check
        // needs the real origin.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ];
    let mut app = Router::new()
        .merge(search::router())
        .merge(account::router())
        .merge(two_factor::router())
        .merge(notifications::router())
        .merge(admin::router())
        .merge(discussion::router())
        .merge(editor::router())
        .merge(translations::router())
        .merge(exchange::router())
        .merge(feeds::router())
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .merge(attachments::router())
        .merge(crate::assets::router(state.assets.clone()))
        .route("/_fn/{*name}", post(server_fn))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .fallback(pages::not_found)
        .layer(middleware::from_fn(crate::metrics::record))
        // Innermost first: CSRF refusals get the HTML error page too, and both see the session.
        .layer(middleware::from_fn(crate::auth::csrf::csrf_guard))
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        // Sees finished pages (error pages included) and the session, and answers kept pages.
        .layer(middleware::from_fn_with_state(state.clone(), read_cache::layer))
        .layer(middleware::from_fn_with_state(state.clone(), crate::auth::session_layer));
    for (name, value) in security_headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    app.layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(
            // Logs method, path and status only: query strings can hold what people search for.
            TraceLayer::new_for_http().make_span_with(
                |req: &Request| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
            ),
        )
        .with_state(state)
}

/// `/readyz`: 200 when the database answers and the search index can be read, else 503 with
/// what is not ready (for load balancers and orchestrators; `/healthz` only says the process is up).
async fn readyz(State(state): State<AppState>) -> Response {
    let mut problems = Vec::new();
    if let Err(e) = state.store.ping().await {
        tracing::warn!(error = %e, "readiness: the database does not answer");
        problems.push("database");
    }
    if let Err(e) = state.search.check() {
        tracing::warn!(error = %e, "readiness: the search index cannot be read");
        problems.push("search index");
    }
    let mut res = if problems.is_empty() {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {}", problems.join(", "))).into_response()
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The largest server-function call read (a document body for the live preview is the largest).
const MAX_FN_BYTES: usize = 2 * 1024 * 1024;

/// Server functions (calls from hydrated islands), with the services in their context.
///
/// Leptos answers every server-function error with 500; the error itself ([`app::api::FnError`])
/// carries the status it means (400 for an unreadable call, 401, 403, 404, 429...), which is put
/// back here so clients, caches and logs see a client's mistake for what it is.
async fn server_fn(State(state): State<AppState>, req: Request) -> Response {
    // Read here, so an oversized call is a 413 whether or not it announced its length.
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_FN_BYTES).await else {
        let err = crate::error::ApiError(crate::error::Error::TooLarge(Msg::RequestTooLarge));
        return err.into_response();
    };
    let req = Request::from_parts(parts, Body::from(body));
    let services: Arc<dyn app::api::Services> = Arc::new(state);
    let res = leptos_axum::handle_server_fns_with_context(move || provide_context(services.clone()), req)
        .await
        .into_response();
    if !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FN_BYTES).await.unwrap_or_default();
    let status = serde_json::from_slice::<app::api::FnError>(&bytes)
        .ok()
        .and_then(|e| StatusCode::from_u16(e.status).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    parts.status = status;
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(bytes))
}

/// Turns an error response of a page into the full HTML error page, in the language of the
/// address. API and server-function errors stay as they are (JSON).
async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api_lang = path.starts_with("/api/").then(|| api_language(&req));
    let res = next.run(req).await;
    let Some(marker) = res.extensions().get::<ErrorMarker>().cloned() else {
        return res;
    };
    if path.starts_with("/_fn/") {
        return res;
    }
    let status = res.status();
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.remove::<ErrorMarker>();
    if let Some(lang) = api_lang {
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let body = crate::error::api_body(status, &marker.msg, lang).to_string();
        return Response::from_parts(parts, Body::from(body));
    }
    let lang = Lang::from_path(&path).unwrap_or_default();
    let meta = PageMeta {
        lang,
        title: if status == StatusCode::NOT_FOUND {
            app::i18n::ui(lang).not_found_title.into()
        } else {
            app::i18n::ui(lang).error_title.into()
        },
        path: Lang::path_after(&path),
        noindex: true,
        ..Default::default()
    };
    let message = (status.is_client_error() && status != StatusCode::NOT_FOUND).then(|| marker.msg.text(lang));
    let after = Lang::path_after(&path);
    let html = app::render::render_page(&state.assets.shell, meta, move || {
        if status == StatusCode::NOT_FOUND {
            leptos::prelude::IntoAny::into_any(leptos::view! { <NotFoundPage lang path=after.clone()/> })
        } else {
            leptos::prelude::IntoAny::into_any(leptos::view! { <ErrorPage lang message/> })
        }
    });
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(Html(html).0))
}

/// The language an API answer's messages are written in: the `lang` parameter, else the
/// first of `Accept-Language` the portal speaks, else English.
fn api_language(req: &Request) -> Lang {
    crate::web::ApiLang::of(req.uri(), req.headers())
}
