//! The form extractor of every page: HTML form rules (repeated fields become lists), and a
//! form that cannot be read is answered with a clear error page, not a bare status.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use app::i18n::msg::Msg;

use crate::error::Error;

/// A posted form.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum_extra::extract::Form::<T>::from_request(req, state).await {
            Ok(axum_extra::extract::Form(v)) => Ok(Form(v)),
            Err(e) => Err(Error::BadRequest(Msg::FormUnreadable { detail: e.body_text() })),
        }
    }
}

/// The answer to a posted form. When the service accepted it, `done` answers (usually a
/// redirect: post, redirect, get). When it refused it for a reason the person can act on (any
/// client error but 404), `again` shows the form again with what was typed and the error, and
/// the answer carries the error's status and headers (`Retry-After`). Anything else is the
/// error page.
///
/// # Errors
/// Server errors and 404s, and whatever `done` or `again` fail with.
pub async fn answer<T>(
    outcome: Result<T, Error>,
    done: impl AsyncFnOnce(T) -> Result<axum::response::Response, Error>,
    again: impl AsyncFnOnce(Error) -> Result<axum::response::Response, Error>,
) -> Result<axum::response::Response, Error> {
    match outcome {
        Ok(value) => done(value).await,
        Err(e) if e.is_fixable() => {
            let (status, retry_after) = (e.status(), e.retry_after());
            let mut res = again(e).await?;
            *res.status_mut() = status;
            if let Some(seconds) = retry_after {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.max(1).into());
            }
            Ok(res)
        }
        Err(e) => Err(e),
    }
}
