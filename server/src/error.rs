//! The one error type of request handling, and how it becomes a response.
//!
//! A handler returns `Result<_, Error>`. An error carries its status and a [`Msg`]: what
//! happened, in no language yet. 5xx causes are logged here and never shown. The router's
//! error layer writes the answer in the reader's language: the full HTML error page for pages
//! (the address's language), JSON `{ "status", "error": code, "message" }` for the API (the
//! `lang` parameter, else `Accept-Language`).

use app::i18n::msg::Msg;
use app::model::Lang;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(Msg),
    #[error("you need to sign in to do this")]
    Unauthorized,
    /// 401 with a reason (a second-factor code missing or wrong).
    #[error("{0}")]
    UnauthorizedWith(Msg),
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("{0}")]
    ForbiddenWith(Msg),
    #[error("{0}")]
    Conflict(Msg),
    #[error("{0}")]
    TooLarge(Msg),
    /// A request body of a kind that is not accepted (415).
    #[error("{0}")]
    UnsupportedMediaType(Msg),
    /// A limit was reached; the client may try again after `retry_after` seconds.
    #[error("{msg}")]
    TooManyRequests { msg: Msg, retry_after: u64 },
    /// The server has too much queued work of this kind (password hashing); answered 503.
    #[error("the portal is busy")]
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
            Error::Unauthorized | Error::UnauthorizedWith(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::ForbiddenWith(_) => StatusCode::FORBIDDEN,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Database(_) | Error::Io(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client may be told, in no language yet.
    pub fn msg(&self) -> Msg {
        match self {
            Error::NotFound => Msg::NotFound,
            Error::Unauthorized => Msg::SignInRequired,
            Error::Forbidden => Msg::Forbidden,
            Error::BadRequest(m)
            | Error::UnauthorizedWith(m)
            | Error::ForbiddenWith(m)
            | Error::Conflict(m)
            | Error::TooLarge(m)
            | Error::UnsupportedMediaType(m)
            | Error::TooManyRequests { msg: m, .. } => m.clone(),
            Error::Busy { .. } => Msg::Busy,
            Error::Database(_) | Error::Io(_) | Error::Internal(_) => Msg::Internal,
        }
    }

    /// What the client may be told, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.msg().text(lang)
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

/// Marks a response as an error still to be written in the reader's language: the error layer
/// turns it into the HTML error page or the API's JSON.
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    pub msg: Msg,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let mut res = (self.status(), self.msg().text(Lang::En)).into_response();
        self.decorate(&mut res);
        res.extensions_mut().insert(ErrorMarker { msg: self.msg() });
        res
    }
}

/// An [`Error`] of the JSON API (the error layer writes it as JSON).
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// The API's error body: the status, a stable code, and the message in the reader's language.
pub fn api_body(status: StatusCode, msg: &Msg, lang: Lang) -> serde_json::Value {
    serde_json::json!({ "status": status.as_u16(), "error": msg.code(), "message": msg.text(lang) })
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;
