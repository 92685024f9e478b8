//! The one error type of request handling, and how it becomes a response.
//!
//! A handler returns `Result<_, Error>`. The response carries the status and a short, safe
//! message; 5xx causes are logged here and never shown. HTML pages get their full error page
//! from the router's error-page layer; API routes wrap the error in [`ApiError`] to get JSON.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("you need to sign in to do this")]
    Unauthorized,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("{0}")]
    ForbiddenWith(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    /// A request body of a kind that is not accepted (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A limit was reached; the client may try again after `retry_after` seconds.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u64 },
    /// The server has too much queued work of this kind (password hashing); answered 503.
    #[error("The portal is busy. Try again in a moment; nothing was lost.")]
    Busy { retry_after: u64 },
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("file error")]
    Io(#[from] std::io::Error),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::ForbiddenWith(_) => StatusCode::FORBIDDEN,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Database(_) | Error::Io(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client may be told.
    pub fn public_message(&self) -> String {
        self.to_string()
    }

    /// Whether the person who sent a form can do something about it (a client error other than
    /// "not found"): the form is shown again with the message.
    pub fn is_fixable(&self) -> bool {
        self.status().is_client_error() && self.status() != StatusCode::NOT_FOUND
    }

    /// Seconds a client should wait before trying again, for `Retry-After`.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Error::TooManyRequests { retry_after, .. } | Error::Busy { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// Adds the headers an error response carries besides its body (`Retry-After`).
    pub fn decorate(&self, res: &mut Response) {
        if let Some(seconds) = self.retry_after() {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            match self {
                Error::Database(e) => tracing::error!(error = %e, "database error"),
                Error::Io(e) => tracing::error!(error = %e, "i/o error"),
                Error::Internal(e) => tracing::error!(error = format!("{e:#}"), "internal error"),
                _ => {}
            }
        }
    }
}

/// Marks a response as an error, so the error-page layer can render the full HTML page.
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    pub message: String,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let message = self.public_message();
        let mut res = (status, message.clone()).into_response();
        self.decorate(&mut res);
        res.extensions_mut().insert(ErrorMarker { message });
        res
    }
}

/// An [`Error`] answered as JSON: `{ "status": 404, "error": "not found" }`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let body = serde_json::json!({ "status": status.as_u16(), "error": self.0.public_message() });
        let mut res = (status, Json(body)).into_response();
        self.0.decorate(&mut res);
        res
    }
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;
