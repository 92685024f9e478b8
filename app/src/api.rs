//! Server functions: the calls islands make once hydrated.
//!
//! Each is a one-line adapter to [`Services`], which the server implements and provides as
//! context; the logic lives (and is tested) there, not here. Who is asking comes from the
//! request's parts, where the server's session layer put it. Their input is JSON, which a page
//! on another site cannot send without a CORS preflight; the server also refuses requests
//! whose `Origin` is another site.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, JsonEncoding};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// The error of every server function: the HTTP status it is answered with (400, 401, 403,
/// 404, 409, 413, 429, 500...) and a message safe to show. The server's error layer reads the
/// status back from it, so a client's mistake is never answered (or logged) as a server error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FnError {
    pub status: u16,
    pub message: String,
}

impl std::fmt::Display for FnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl FromServerFnError for FnError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let status = match &value {
            // What the client sent could not be read: its mistake.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => 400,
            ServerFnErrorErr::Registration(_) => 404,
            _ => 500,
        };
        FnError { status, message: value.to_string() }
    }
}

#[cfg(feature = "ssr")]
pub use self::services::*;

/// Titles and sections matching what is being typed in the search box: the list's options,
/// rendered as the search box shows them.
#[server(name = FetchSuggestions, prefix = "/_fn", endpoint = "search-suggest", input = Json)]
pub async fn search_suggest(lang: Lang, q: String) -> Result<String, FnError> {
    let (services, parts) = services::context()?;
    let items: Vec<crate::model::Suggestion> = services.suggest(&parts, lang, q).await.map_err(FnError::from)?;
    Ok(crate::render::render_fragment(move || {
        view! { <crate::islands::search_box::SuggestionOptions lang items/> }
    }))
}

/// Replies in a thread; returns the new post's list item, rendered as the thread shows it.
#[server(name = ReplyInThread, prefix = "/_fn", endpoint = "thread-reply", input = Json)]
pub async fn reply_in_thread(
    lang: Lang,
    thread_id: i64,
    body: String,
    reply_to: Option<i64>,
) -> Result<String, FnError> {
    let (services, parts) = services::context()?;
    let post = services.reply(&parts, lang, thread_id, body, reply_to).await.map_err(FnError::from)?;
    Ok(services::post_item(lang, post, services.moderates(&parts)))
}

/// Edits one's own post; returns its list item, rendered as the thread shows it.
#[server(name = EditPostBody, prefix = "/_fn", endpoint = "post-edit", input = Json)]
pub async fn edit_post_body(lang: Lang, post_id: i64, body: String) -> Result<String, FnError> {
    let (services, parts) = services::context()?;
    let post = services.edit(&parts, lang, post_id, body).await.map_err(FnError::from)?;
    Ok(services::post_item(lang, post, services.moderates(&parts)))
}

/// The body rendered as it will be published (editors only), for the editor's live preview.
#[server(name = PreviewMarkdown, prefix = "/_fn", endpoint = "preview", input = Json)]
pub async fn preview_markdown(lang: Lang, body: String) -> Result<String, FnError> {
    let (services, parts) = services::context()?;
    services.preview(&parts, lang, body).await.map_err(FnError::from)
}

#[cfg(feature = "ssr")]
mod services {
    use std::sync::Arc;

    use http::request::Parts;
    use leptos::prelude::*;

    use super::FnError;
    use crate::model::{Lang, PostView, Suggestion};

    /// An error a service reports to a server function: its HTTP status and a message safe to
    /// show (services never put database or file-system details in it).
    #[derive(Debug, Clone)]
    pub struct ServiceError {
        pub status: u16,
        pub message: String,
    }

    impl From<ServiceError> for FnError {
        fn from(e: ServiceError) -> Self {
            FnError { status: e.status, message: e.message }
        }
    }

    /// A post's list item, rendered as the thread page renders it (for replies made in place).
    pub fn post_item(lang: Lang, post: PostView, moderator: bool) -> String {
        crate::render::render_fragment(move || {
            view! { <crate::islands::thread::PostItem lang post can_reply=true moderator/> }
        })
    }

    /// What the server functions need from the server. Each receives the request's parts,
    /// where the session layer left who is asking.
    #[async_trait::async_trait]
    pub trait Services: Send + Sync + 'static {
        async fn suggest(&self, parts: &Parts, lang: Lang, q: String) -> Result<Vec<Suggestion>, ServiceError>;

        async fn reply(
            &self,
            parts: &Parts,
            lang: Lang,
            thread_id: i64,
            body: String,
            reply_to: Option<i64>,
        ) -> Result<PostView, ServiceError>;

        async fn edit(&self, parts: &Parts, lang: Lang, post_id: i64, body: String) -> Result<PostView, ServiceError>;

        async fn preview(&self, parts: &Parts, lang: Lang, body: String) -> Result<String, ServiceError>;

        /// Whether the caller moderates (their posts' list items then carry "Hide").
        fn moderates(&self, parts: &Parts) -> bool;
    }

    /// The services and the parts of the current request.
    pub(crate) fn context() -> Result<(Arc<dyn Services>, Parts), FnError> {
        let internal = |message: &str| FnError { status: 500, message: message.into() };
        let Some(services) = use_context::<Arc<dyn Services>>() else {
            return Err(internal("services are not configured"));
        };
        let Some(parts) = use_context::<Parts>() else {
            return Err(internal("no request"));
        };
        Ok((services, parts))
    }
}
