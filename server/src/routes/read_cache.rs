//! The read path's layer: answers kept anonymous pages from the page cache, fills it, and
//! gives every text answer to a `GET` its `ETag`, its `304` and its compression (see
//! [`crate::page_cache`] for what is kept and why it is safe).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::{FormToken, Session};
use crate::error::ErrorMarker;
use crate::page_cache::{Accepted, Answer, AnswerKey, Effort, Encoded, is_text, keepable, not_modified};
use crate::state::AppState;

/// The most bytes of an answer read to give it an `ETag`; larger ones pass as they are.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// The middleware: answers from the cache, fills it, and gives every text answer its `ETag`.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Assets have content-hashed names, immutable caching and compressed twins of their own;
    // attachments are files, served as stored.
    let path = req.uri().path();
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || ["/assets/", "/pkg/", "/attachments/"].iter().any(|p| path.starts_with(p))
    {
        return next.run(req).await;
    }
    let accepted = Accepted::of(req.headers());
    let conditional: Vec<HeaderValue> = req.headers().get_all(header::IF_NONE_MATCH).iter().cloned().collect();
    // Whoever the session layer recognised in any way (a session, a viewer with a role) is
    // never answered from, nor fills, the cache.
    let signed_in = req.extensions().get::<Session>().is_some()
        || req.extensions().get::<app::model::Viewer>().is_some_and(|v| v.role.is_some() || v.user_id.is_some());
    let path = path.to_string();
    let key = (!signed_in && keepable(&path)).then(|| AnswerKey {
        generation: state.search.generation(),
        target: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| path.clone()),
        api_lang: path.starts_with("/api/").then(|| crate::web::ApiLang::of(req.uri(), req.headers())),
    });
    let lang_cookie = lang_cookie_of(req.headers());
    if let Some(key) = &key
        && let Some(answer) = state.pages.answers.get(key)
    {
        let mut res = respond(&answer, accepted, &conditional, Privacy::Public);
        add_lang_cookie(&state, &mut res, &answer, lang_cookie.as_deref());
        return res;
    }
    let token = req.extensions().get::<FormToken>().map(|t| t.0.clone()).unwrap_or_default();
    let res = next.run(req).await;
    let Some(content_type) = res.headers().get(header::CONTENT_TYPE).cloned() else {
        return res;
    };
    if res.status() != StatusCode::OK
        || !is_text(&content_type)
        || res.headers().contains_key(header::CONTENT_ENCODING)
        || res.extensions().get::<ErrorMarker>().is_some()
    {
        return res;
    }
    // Only bodies already whole in memory (rendered pages, JSON): streamed files pass as they are.
    let size = axum::body::HttpBody::size_hint(res.body()).exact();
    if size.is_none_or(|n| n > MAX_BODY as u64) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let kept = key.is_some() && !(token.len() >= 32 && contains(&bytes, token.as_bytes()));
    let mut headers = parts.headers.clone();
    for managed in [
        header::CONTENT_TYPE,
        header::CONTENT_LANGUAGE,
        header::CONTENT_LENGTH,
        header::CACHE_CONTROL,
        header::SET_COOKIE,
        header::ETAG,
        header::VARY,
    ] {
        headers.remove(managed);
    }
    let answer = Answer {
        content_type,
        content_language: parts.headers.get(header::CONTENT_LANGUAGE).cloned(),
        headers,
        body: Encoded::new(
            bytes,
            if kept { Accepted { gzip: true, brotli: true } } else { accepted },
            if kept { Effort::Kept } else { Effort::Quick },
        ),
    };
    let cookies: Vec<HeaderValue> = parts.headers.get_all(header::SET_COOKIE).iter().cloned().collect();
    // What every visitor sees may be kept by shared caches; an answer that sets a cookie (the
    // remembered language) is for this visitor only; others keep what their handler said.
    // (A kept answer was made for no session.)
    let privacy = if kept && cookies.is_empty() {
        Privacy::Public
    } else {
        match parts.headers.get(header::CACHE_CONTROL) {
            Some(v) if !v.as_bytes().starts_with(b"public") => Privacy::As(v.clone()),
            _ => Privacy::Personal,
        }
    };
    let mut res = respond(&answer, accepted, &conditional, privacy);
    for cookie in cookies {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    if let (Some(key), true) = (key, kept) {
        state.pages.answers.insert(key, Arc::new(answer));
    }
    res
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[derive(Clone, PartialEq, Eq)]
enum Privacy {
    /// The same for every visitor without a session.
    Public,
    /// For one visitor or member.
    Personal,
    /// As the handler said (`no-store` for account pages...).
    As(HeaderValue),
}

fn respond(answer: &Answer, accepted: Accepted, conditional: &[HeaderValue], privacy: Privacy) -> Response {
    let (bytes, encoding, etag) = answer.body.pick(accepted);
    let fresh = not_modified(conditional, &answer.body.hash);
    let mut res = if fresh {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let mut r = Response::new(Body::from(bytes));
        r.headers_mut().insert(header::CONTENT_TYPE, answer.content_type.clone());
        if let Some(e) = encoding {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        r
    };
    let h = res.headers_mut();
    for (name, value) in &answer.headers {
        h.append(name.clone(), value.clone());
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(l) = &answer.content_language {
        h.insert(header::CONTENT_LANGUAGE, l.clone());
    }
    // A browser keeps the page and asks again each time (a 304 costs a few bytes). Shared
    // caches may keep what every visitor sees, never a member's page.
    h.insert(
        header::CACHE_CONTROL,
        match privacy {
            Privacy::Public => HeaderValue::from_static("public, no-cache"),
            Privacy::Personal => HeaderValue::from_static("private, no-cache"),
            Privacy::As(v) => v,
        },
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Accept-Language, Cookie"));
    res
}

/// The remembered language, from the request's cookies.
fn lang_cookie_of(headers: &HeaderMap) -> Option<String> {
    let jar = axum_extra::extract::CookieJar::from_headers(headers);
    jar.get(crate::web::context::LANG_COOKIE).map(|c| c.value().to_string())
}

/// A kept page still remembers its language for the visitor who has another one remembered
/// (and an answer with a cookie is for that visitor only).
fn add_lang_cookie(state: &AppState, res: &mut Response, answer: &Answer, remembered: Option<&str>) {
    let Some(lang) = answer.content_language.as_ref().and_then(|l| l.to_str().ok()) else {
        return;
    };
    if !answer.content_type.as_bytes().starts_with(b"text/html") || remembered == Some(lang) {
        return;
    }
    if let Some(v) = crate::web::context::lang_cookie(state, lang) {
        res.headers_mut().append(header::SET_COOKIE, v);
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
}
