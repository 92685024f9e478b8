//! The page context: who is looking, in which language, with which form token; and the
//! renderer every page goes through (security headers come from the router's layers).

use app::components::layout::{PageMeta, UserBadge};
use app::model::{Lang, Viewer};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use leptos::prelude::IntoView;

use crate::accounts::{DEVICE_SECONDS, NewSession};
use crate::auth::{DEVICE_COOKIE, FormToken, SESSION_COOKIE, SESSION_SECONDS, Session, cookie};
use crate::error::Error;
use crate::state::AppState;

/// The cookie that remembers the reader's language for `/`.
pub const LANG_COOKIE: &str = "lang";

/// The language of a page: the `{lang}` segment of its address. An unknown language is the
/// 404 page, like any address that does not exist.
pub async fn lang_param(parts: &mut Parts) -> Result<Lang, Error> {
    let params = RawPathParams::from_request_parts(parts, &()).await.map_err(|_| Error::NotFound)?;
    params.iter().find(|(k, _)| *k == "lang").and_then(|(_, v)| Lang::from_code(v)).ok_or(Error::NotFound)
}

/// The first language of `Accept-Language` the portal speaks.
pub fn accepted_language(headers: &axum::http::HeaderMap) -> Option<Lang> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(accept_language::parse)
        .unwrap_or_default()
        .iter()
        .find_map(|tag| tag.split('-').next().and_then(|primary| Lang::from_code(&primary.to_ascii_lowercase())))
}

/// Who is looking at a page, in which language, and the token its forms carry.
pub struct PageContext {
    pub lang: Lang,
    pub viewer: Viewer,
    pub session: Option<Session>,
    pub csrf: String,
    pub jar: CookieJar,
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageContext {
            lang: lang_param(parts).await?,
            viewer: parts.extensions.get::<Viewer>().cloned().unwrap_or_default(),
            session: parts.extensions.get::<Session>().cloned(),
            csrf: parts.extensions.get::<FormToken>().map(|t| t.0.clone()).unwrap_or_default(),
            jar: CookieJar::from_headers(&parts.headers),
        })
    }
}

impl PageContext {
    /// Page metadata in the page's language, with the signed-in member and form token.
    pub fn meta(&self, title: impl Into<String>, path: impl Into<String>) -> PageMeta {
        PageMeta {
            lang: self.lang,
            title: title.into(),
            path: path.into(),
            user: self.session.as_ref().map(|s| UserBadge {
                name: s.user.name.clone(),
                role: s.user.role,
                unread: s.unread,
            }),
            csrf: self.csrf.clone(),
            ..Default::default()
        }
    }

    /// How times are written for this reader: the page's language, their time zone.
    pub fn clock(&self) -> crate::dates::Clock {
        crate::dates::Clock::new(self.lang, self.session.as_ref().and_then(|s| s.user.time_zone.as_deref()))
    }

    /// [`PageContext::meta`] for a page search engines must not index (accounts, editors...).
    pub fn private_meta(&self, title: impl Into<String>, path: impl Into<String>) -> PageMeta {
        PageMeta { noindex: true, ..self.meta(title, path) }
    }
}

/// A rendered page, remembering its language in a cookie for the next visit to `/`.
pub fn page<V>(
    state: &AppState,
    ctx: &PageContext,
    mut meta: PageMeta,
    body: impl FnOnce() -> V + Send + 'static,
) -> Response
where
    V: IntoView + 'static,
{
    if meta.user.is_none() {
        meta.user =
            ctx.session.as_ref().map(|s| UserBadge { name: s.user.name.clone(), role: s.user.role, unread: s.unread });
    }
    if meta.csrf.is_empty() {
        meta.csrf = ctx.csrf.clone();
    }
    meta.base_url = state.settings.base_url.clone();
    let lang = meta.lang;
    let html = app::render::render_page(&state.assets.shell, meta, body);
    let mut res = Html(html).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    // Pages depend on who is signed in; never let a shared cache keep them.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if ctx.jar.get(LANG_COOKIE).map(|c| c.value()) != Some(lang.code())
        && let Some(v) = lang_cookie(state, lang.code())
    {
        h.append(header::SET_COOKIE, v);
    }
    res
}

/// The cookie that remembers `lang` for the next visit to `/`.
pub fn lang_cookie(state: &AppState, lang: &str) -> Option<HeaderValue> {
    let cookie = crate::auth::cookie(LANG_COOKIE, lang.to_string(), Some(365 * 86_400), state.settings.secure_cookies);
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Goes on after a right password: signed in to `next`, or to the second step with its
/// challenge cookie (the code, or the setup a staff account must do first).
pub fn proceed(state: &AppState, lang: app::model::Lang, outcome: crate::accounts::SignIn, next: &str) -> Response {
    use axum::response::{IntoResponse, Redirect};
    match outcome {
        crate::accounts::SignIn::Session(session) => {
            let mut res = Redirect::to(next).into_response();
            set_session_cookies(state, &mut res, *session);
            res
        }
        crate::accounts::SignIn::SecondStep { challenge, setup, new_device } => {
            let step = if setup { "setup" } else { "code" };
            let mut res = Redirect::to(&format!("/{lang}/login/{step}")).into_response();
            let secure = state.settings.secure_cookies;
            let seconds = crate::accounts::second_step::CHALLENGE_SECONDS;
            let mut cookies = vec![cookie(crate::auth::CHALLENGE_COOKIE, challenge, Some(seconds), secure)];
            if let Some(device) = new_device {
                cookies.push(cookie(DEVICE_COOKIE, device, Some(DEVICE_SECONDS), secure));
            }
            for c in cookies {
                if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
    }
}

/// The cookies of a new session: the session, and the device cookie of a browser that had none.
pub fn set_session_cookies(state: &AppState, res: &mut Response, session: NewSession) {
    let secure = state.settings.secure_cookies;
    let mut cookies = vec![cookie(SESSION_COOKIE, session.token, Some(SESSION_SECONDS), secure)];
    if let Some(device) = session.new_device {
        cookies.push(cookie(DEVICE_COOKIE, device, Some(DEVICE_SECONDS), secure));
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}
