//! Who is asking. The session layer puts a [`Viewer`] in every request's extensions; handlers
//! take it with the [`CurrentViewer`] extractor, so their signature says they depend on it.

use app::model::Viewer;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

/// The viewer of the current request (anonymous when no session says otherwise).
pub struct CurrentViewer(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for CurrentViewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(CurrentViewer(parts.extensions.get::<Viewer>().cloned().unwrap_or_default()))
    }
}

/// Marks every request as coming from an anonymous visitor unless a layer before this one
/// identified someone.
pub async fn default_viewer(mut req: Request, next: Next) -> Response {
    if req.extensions().get::<Viewer>().is_none() {
        req.extensions_mut().insert(Viewer::anonymous());
    }
    next.run(req).await
}
