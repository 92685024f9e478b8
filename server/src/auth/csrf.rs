//! Cross-site request forgery protection for every state-changing request.
//!
//! 1. A request whose `Origin` (or, without one, `Referer`) names another site is refused,
//!    whatever it is: form, API call or server function.
//! 2. Forms (`application/x-www-form-urlencoded`) must carry the request's [`FormToken`] in a
//!    `csrf` field; uploads (`multipart/form-data`) in a `csrf` query parameter.
//! 3. JSON requests (the API and server functions) need no token: a page on another site
//!    cannot send `application/json` without a CORS preflight, which this server never grants.
//! 4. Anything else that changes state (`text/plain` posts, which any site can forge) is refused.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::i18n::msg::Msg;

use super::FormToken;
use super::tokens::same_secret;
use crate::error::{ApiError, Error};

/// The largest form body read here (uploads are multipart and not read here).
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

fn refuse(path: &str, status: StatusCode, msg: Msg) -> Response {
    let err = match status {
        StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge(msg),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::UnsupportedMediaType(msg),
        _ => Error::ForbiddenWith(msg),
    };
    if path.starts_with("/api/") || path.starts_with("/_fn/") {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}

/// `host[:port]` of an absolute URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether the request says it comes from another site.
pub fn cross_site(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let claimed = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|v| v.to_str().ok());
    match (claimed, host) {
        // Browsers send `Origin: null` from sandboxed frames and some redirects: not us.
        (Some("null"), _) => true,
        (Some(c), Some(h)) => authority(c).is_none_or(|a| !a.eq_ignore_ascii_case(h)),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// `/{lang}/unsubscribe/{key}`: e-mail's one-click unsubscribe (RFC 8058), posted by mail
/// programs from anywhere. The key is its credential and it can only turn e-mail off, so
/// there is nothing for a forged request to gain.
fn one_click_unsubscribe(path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    let (_lang, what, key) = (parts.next(), parts.next(), parts.next());
    what == Some("unsubscribe") && key.is_some_and(|k| !k.is_empty()) && parts.next().is_none()
}

pub async fn csrf_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    if one_click_unsubscribe(&path) {
        return next.run(req).await;
    }
    if cross_site(req.headers()) {
        return refuse(&path, StatusCode::FORBIDDEN, Msg::CrossSite);
    }
    let expected = req.extensions().get::<FormToken>().map(|t| t.0.clone()).unwrap_or_default();
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if content_type.starts_with("application/json") {
        next.run(req).await
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => return refuse(&path, StatusCode::PAYLOAD_TOO_LARGE, Msg::RequestTooLarge),
        };
        let sent = form_field(&bytes, "csrf").unwrap_or_default();
        if expected.is_empty() || !same_secret(&sent, &expected) {
            return refuse(&path, StatusCode::FORBIDDEN, Msg::FormExpired);
        }
        next.run(Request::from_parts(parts, Body::from(bytes))).await
    } else if content_type.starts_with("multipart/form-data") {
        let sent = req.uri().query().and_then(|q| form_field(q.as_bytes(), "csrf")).unwrap_or_default();
        if expected.is_empty() || !same_secret(&sent, &expected) {
            return refuse(&path, StatusCode::FORBIDDEN, Msg::FormExpired);
        }
        next.run(req).await
    } else if req.method() != Method::POST && content_type.is_empty() {
        // DELETE and PUT cannot be sent cross-site without a preflight; the Origin check holds.
        next.run(req).await
    } else {
        refuse(&path, StatusCode::UNSUPPORTED_MEDIA_TYPE, Msg::UnsupportedRequest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn origins_are_compared_with_the_host() {
        assert!(!cross_site(&headers(&[("host", "portal.example"), ("origin", "https://portal.example")])));
        assert!(!cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(cross_site(&headers(&[("host", "portal.example"), ("origin", "https://evil.example")])));
        assert!(cross_site(&headers(&[("host", "portal.example"), ("origin", "null")])));
        assert!(cross_site(&headers(&[("host", "portal.example"), ("referer", "https://evil.example/page")])));
        assert!(!cross_site(&headers(&[("host", "portal.example"), ("referer", "https://portal.example/en/login")])));
        assert!(!cross_site(&headers(&[("host", "portal.example")])), "no claim: not a browser's cross-site request");
    }
}
