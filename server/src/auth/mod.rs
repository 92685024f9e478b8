//! Who is asking, and whether they may.
//!
//! The session layer reads the session cookie, checks the session in the database (an
//! expired session, or one of a disabled account, is no session) and puts a [`Viewer`] in the
//! request, plus the [`Session`] for members and the [`FormToken`] every form must carry.
//! Handlers say who may call them through their extractors: [`CurrentViewer`] for anyone,
//! [`Member`] for signed-in accounts.

pub mod csrf;
pub mod password;
pub mod tokens;
pub mod two_factor;

use app::model::{Role, Viewer};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::db::{UserRow, now};
use crate::error::{ApiError, Error};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "sx_session";
pub const ANON_CSRF_COOKIE: &str = "sx_csrf";
/// Marks a browser that signed in before (see `accounts::sign_in`).
pub const DEVICE_COOKIE: &str = "sx_device";
/// Between a right password and the second step (see `accounts::second_step`).
pub const CHALLENGE_COOKIE: &str = "sx_challenge";
/// A session lasts this long after its last use.
pub const SESSION_SECONDS: i64 = 14 * 24 * 3600;
/// Sessions are extended at most this often (a write per request would be wasteful).
const TOUCH_EVERY: i64 = 3600;

/// The signed-in member of a request.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: UserRow,
    pub csrf: String,
    pub token_hash: String,
    /// Notifications not read yet, for the header.
    pub unread: i64,
}

/// The CSRF token forms of this request carry: the session's, or for visitors the value of
/// their anonymous cookie (double submit).
#[derive(Clone, Debug)]
pub struct FormToken(pub String);

/// The viewer of the current request (anonymous when no session says otherwise).
pub struct CurrentViewer(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for CurrentViewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(CurrentViewer(parts.extensions.get::<Viewer>().cloned().unwrap_or_default()))
    }
}

/// A signed-in member; anyone else is sent to sign in (pages) or gets a 401 (API).
pub struct Member(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for Member {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Session>() {
            Some(s) => Ok(Member(s.clone())),
            None => Err(sign_in_first(parts)),
        }
    }
}

/// The answer to a visitor who must sign in first.
pub fn sign_in_first(parts: &Parts) -> Response {
    // Inside a nested router the URI has lost its prefix; the original one has it.
    let uri =
        parts.extensions.get::<axum::extract::OriginalUri>().map(|o| o.0.clone()).unwrap_or_else(|| parts.uri.clone());
    let path = uri.path();
    if path.starts_with("/api/") || path.starts_with("/_fn/") {
        return ApiError(Error::Unauthorized).into_response();
    }
    let lang = app::model::Lang::from_path(path).unwrap_or_default();
    let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Redirect::to(&format!("/{lang}/login?next={}", app::model::encode_component(next))).into_response()
}

impl Session {
    pub fn viewer(&self) -> Viewer {
        Viewer { user_id: Some(self.user.id), role: Some(self.user.role) }
    }

    /// Whether the member has at least `role` (admin > moderator, editor > reader).
    pub fn is(&self, role: Role) -> bool {
        has_role(self.user.role, role)
    }

    /// Fails with `Forbidden` unless the member has `role`.
    pub fn require(&self, role: Role) -> Result<(), Error> {
        if self.is(role) { Ok(()) } else { Err(Error::Forbidden) }
    }
}

/// Roles as powers: an admin may do anything; moderators and editors each have their own
/// powers plus a reader's. (A moderator does not publish; an editor does not moderate.)
pub fn has_role(actual: Role, wanted: Role) -> bool {
    actual == wanted || actual == Role::Admin || wanted == Role::Reader
}

/// A cookie with the portal's flags: `HttpOnly`, `SameSite=Lax`, `Secure` when configured.
pub fn cookie(name: &'static str, value: String, max_age: Option<i64>, secure: bool) -> Cookie<'static> {
    let mut c = Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure);
    if let Some(seconds) = max_age {
        c = c.max_age(time::Duration::seconds(seconds));
    }
    c.build()
}

/// Reads the session (if any) and prepares the request's viewer and form token.
pub async fn session_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let mut viewer = Viewer::anonymous();
    let mut new_anon_token = None;
    let session = match jar.get(SESSION_COOKIE) {
        Some(c) => {
            let token_hash = tokens::hash_token(c.value());
            match state.store.session(&token_hash).await {
                Ok(found) => found.map(|s| (token_hash, s)),
                Err(e) => {
                    tracing::error!(error = %e, "reading a session failed");
                    None
                }
            }
        }
        None => None,
    };
    match session {
        Some((token_hash, s)) => {
            if now() - s.last_seen_at > TOUCH_EVERY {
                let _ = state.store.touch_session(&token_hash, now() + SESSION_SECONDS).await;
            }
            let session = Session { user: s.user, csrf: s.csrf, token_hash, unread: s.unread };
            viewer = session.viewer();
            req.extensions_mut().insert(FormToken(session.csrf.clone()));
            req.extensions_mut().insert(session);
        }
        None => {
            let existing = jar
                .get(ANON_CSRF_COOKIE)
                .map(|c| c.value().to_string())
                .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
            let token = existing.unwrap_or_else(|| {
                let t = tokens::new_token();
                new_anon_token = Some(t.clone());
                t
            });
            req.extensions_mut().insert(FormToken(token));
        }
    }
    req.extensions_mut().insert(viewer);
    let mut res = next.run(req).await;
    let is_html = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if let Some(t) = new_anon_token
        && is_html
    {
        let c = cookie(ANON_CSRF_COOKIE, t, None, state.settings.secure_cookies);
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
            // An answer that sets a visitor's token is for that visitor only.
            if res.headers().get(header::CACHE_CONTROL).is_some_and(|v| v.as_bytes().starts_with(b"public")) {
                res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_powers() {
        assert!(has_role(Role::Admin, Role::Moderator));
        assert!(has_role(Role::Admin, Role::Editor));
        assert!(has_role(Role::Editor, Role::Reader));
        assert!(has_role(Role::Moderator, Role::Reader));
        assert!(!has_role(Role::Editor, Role::Moderator));
        assert!(!has_role(Role::Moderator, Role::Editor));
        assert!(!has_role(Role::Reader, Role::Editor));
        assert!(!has_role(Role::Moderator, Role::Admin));
    }
}
