//! Extractors that let a handler's signature say what it needs: the page's language, the
//! client's address, and who may call it (`Staff`, `Writer`, `Moderator`, `Admin`; `Member` and
//! `CurrentViewer` are in `auth`). A visitor is sent to sign in; a member without the role gets
//! the 403 page.

use std::net::SocketAddr;

use app::model::{Lang, Role};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::context::lang_param;
use crate::auth::{Member, Session};
use crate::error::Error;
use crate::state::AppState;

/// The page's language alone (for handlers that answer with a redirect, not a page).
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(lang_param(parts).await?))
    }
}

/// The language an API answer's words are in: the `lang` parameter, else the first of
/// `Accept-Language` the portal speaks, else English.
pub struct ApiLang(pub Lang);

impl ApiLang {
    pub fn of(uri: &axum::http::Uri, headers: &HeaderMap) -> Lang {
        let from_query = uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_code(&v))
        });
        from_query.or_else(|| super::context::accepted_language(headers)).unwrap_or(Lang::En)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(ApiLang::of(&parts.uri, &parts.headers)))
    }
}

/// The socket peer of the request, when the server recorded it.
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// The client's address for limits: the socket's peer, or (behind a trusted proxy) the first
/// address of `X-Forwarded-For`.
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.settings.trust_proxy
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next()
    {
        return first.trim().to_string();
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Declares an extractor for signed-in members allowed by a rule.
macro_rules! member_with {
    ($(#[$doc:meta])* $name:ident, $rule:expr) => {
        $(#[$doc])*
        pub struct $name(pub Session);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
                let Member(session) = Member::from_request_parts(parts, state).await?;
                let allowed: fn(&Session) -> bool = $rule;
                if allowed(&session) { Ok($name(session)) } else { Err(Error::Forbidden.into_response()) }
            }
        }
    };
}

member_with!(
    /// Staff who work in the editor: editors, moderators (who review) and admins.
    Staff,
    crate::publishing::may_review
);
member_with!(
    /// Those who write documents: editors and admins.
    Writer,
    crate::publishing::may_edit
);
member_with!(
    /// Moderators and admins.
    Moderator,
    |s| s.is(Role::Moderator)
);
member_with!(
    /// Admins.
    Admin,
    |s| s.is(Role::Admin)
);
