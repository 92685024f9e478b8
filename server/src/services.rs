//! The server side of the islands' server functions: `app::api::Services` implemented on the
//! application state, delegating to the same catalog, search and discussion code the pages use.

use app::api::{ServiceError, Services};
use app::model::{Lang, PostView, Suggestion, Viewer};
use axum::http::request::Parts;

use crate::auth::Session;
use crate::discussion;
use crate::error::Error;
use crate::state::AppState;

/// A service's error as a server function answers it, written in the page's language.
fn failed(lang: Lang) -> impl Fn(Error) -> ServiceError {
    move |e| {
        if e.status().is_server_error() {
            tracing::error!(error = ?e, "server function failed");
        }
        ServiceError { status: e.status().as_u16(), message: e.message(lang) }
    }
}

fn viewer(parts: &Parts) -> Viewer {
    parts.extensions.get::<Viewer>().cloned().unwrap_or_default()
}

fn member(parts: &Parts, lang: Lang) -> Result<Session, ServiceError> {
    parts.extensions.get::<Session>().cloned().ok_or_else(|| failed(lang)(Error::Unauthorized))
}

#[async_trait::async_trait]
impl Services for AppState {
    async fn suggest(&self, parts: &Parts, lang: Lang, q: String) -> Result<Vec<Suggestion>, ServiceError> {
        crate::search::service::suggest(&self.search, &viewer(parts), lang, q).await.map_err(failed(lang))
    }

    async fn reply(
        &self,
        parts: &Parts,
        lang: Lang,
        thread_id: i64,
        body: String,
        reply_to: Option<i64>,
    ) -> Result<PostView, ServiceError> {
        let session = member(parts, lang)?;
        let post = discussion::reply(&self.store, &session, thread_id, &body, reply_to).await.map_err(failed(lang))?;
        Ok(discussion::post_view(&post, &session, crate::dates::Clock::new(lang, session.user.time_zone.as_deref())))
    }

    async fn edit(&self, parts: &Parts, lang: Lang, post_id: i64, body: String) -> Result<PostView, ServiceError> {
        let session = member(parts, lang)?;
        let post = discussion::edit(&self.store, &session, post_id, &body).await.map_err(failed(lang))?;
        Ok(discussion::post_view(&post, &session, crate::dates::Clock::new(lang, session.user.time_zone.as_deref())))
    }

    fn moderates(&self, parts: &Parts) -> bool {
        parts.extensions.get::<crate::auth::Session>().is_some_and(|s| s.is(app::model::Role::Moderator))
    }

    async fn preview(&self, parts: &Parts, lang: Lang, body: String) -> Result<String, ServiceError> {
        let session = member(parts, lang)?;
        crate::publishing::preview(&self.store, &session, &body, lang).await.map_err(failed(lang))
    }
}
