//! The JSON API under `/api/v1`: documents, search, sessions and discussion, with the same
//! permission checks as the pages, and its OpenAPI 3.1 description generated from this code
//! (`utoipa`) at `/api/v1/openapi.json`.
//!
//! Every answer, including a refused request, is JSON: the extractors here turn what axum's
//! own would answer in plain text (an unreadable body, a path or query that does not parse)
//! into `{ "status": 400, "error": "..." }`.

pub mod discussion;
pub mod documents;
pub mod search;
pub mod translations;

use app::i18n::msg::Msg;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

use crate::error::{ApiError, Error};
use crate::state::AppState;
pub use crate::web::params::{code_param, number_param};

/// The API's routes. Every answer depends on who asks (visibility, membership), so none may be
/// kept by a shared cache; discussion and session answers are personal and not kept at all.
pub fn router() -> Router<AppState> {
    let personal = discussion::router()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    documents::router()
        .merge(search::router())
        .merge(translations::router())
        .merge(personal)
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async { ApiError(Error::NotFound) })
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::VARY, HeaderValue::from_static("Cookie")))
}

/// The API description, generated from the handlers and types below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sunflower Exchange API",
        description = "Documents, search and discussion of the Korea–Kyrgyzstan knowledge-exchange portal. \
                       The same permissions as the pages: sign in with POST /session (a cookie) to read \
                       partners-only documents and the discussion.",
        version = "1"
    ),
    servers((url = "/api/v1")),
    paths(
        documents::list,
        documents::detail,
        search::search,
        search::suggest,
        discussion::create_session,
        discussion::delete_session,
        discussion::list_threads,
        discussion::create_thread,
        discussion::thread,
        discussion::create_post,
        translations::list,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "documents", description = "Published documents the caller may read"),
        (name = "search", description = "Search in four languages"),
        (name = "discussion", description = "Sessions, threads and posts (members only)"),
        (name = "translations", description = "Where each translation stands against its original (staff only)")
    )
)]
pub struct ApiDoc;

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Every error the API answers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The HTTP status, repeated.
    pub status: u16,
    /// What went wrong, as a stable code (`not_found`, `wrong_credentials`, `posts_per_minute`...).
    pub error: String,
    /// What went wrong, in words, in the language of the `lang` parameter or `Accept-Language`.
    pub message: String,
}

/// `axum::Json` whose refusal is the API's JSON error (400 for a body that cannot be read).
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Path` answering a path that does not parse with a JSON 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `axum::extract::Query` answering a query that does not parse with a JSON 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError(Error::BadRequest(Msg::BodyNotJson)),
            other => ApiError(Error::BadRequest(Msg::BodyUnreadable { detail: other.body_text() })),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError(Error::BadRequest(Msg::AddressUnreadable { detail: r.body_text() }))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError(Error::BadRequest(Msg::QueryUnreadable { detail: r.body_text() }))
    }
}
