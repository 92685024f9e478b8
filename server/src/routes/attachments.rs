//! `/attachments/{id}/{name}`: a file, to those allowed to read its document.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::attachments::{content_disposition, shown_inline};
use crate::auth::CurrentViewer;
use crate::document::Status;
use crate::error::{Error, Result};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/attachments/{id}/{name}", get(serve))
}

/// `GET /attachments/{id}/{name}`: the file, if the viewer may read its document's published
/// revision. Anything else is a 404, so the existence of restricted files is not revealed.
async fn serve(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Path((id, _name)): Path<(i64, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let (attachment, doc) = state.store.attachment(id).await?.ok_or(Error::NotFound)?;
    let readable = doc.status == Status::Published
        && viewer.can_read(doc.visibility)
        && doc.published_revision_id == Some(attachment.revision_id);
    if !readable {
        return Err(Error::NotFound);
    }
    let etag = format!("\"{}\"", attachment.sha256);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let bytes = state.blobs.read(&attachment.sha256).await?;
    let disposition = content_disposition(
        if shown_inline(&attachment.mime) { "inline" } else { "attachment" },
        &attachment.file_name,
    );
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&attachment.mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("")));
    // Permission-checked content must not sit in shared caches.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Ok(res)
}
