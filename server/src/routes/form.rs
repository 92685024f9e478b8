//! The form extractor of every page: HTML form rules (repeated fields become lists), and a
//! form that cannot be read is answered with a clear error page, not a bare status.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

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
            Err(e) => Err(Error::BadRequest(format!(
                "The form could not be read ({}). Go back; what you typed is still in the form.",
                e.body_text()
            ))),
        }
    }
}
