//! Server functions: the calls islands make once hydrated.
//!
//! Each is a one-line adapter to [`Services`], which the server implements and provides as
//! context; the logic lives (and is tested) there, not here. Who is asking comes from the
//! [`Viewer`] the server's session middleware put in the request's extensions.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::model::{Lang, ListFilters, Section, SectionList, Suggestion};

#[cfg(feature = "ssr")]
pub use self::services::*;

/// The filtered list of a section, as a section page shows it.
#[server(name = FetchSectionList, prefix = "/_fn", endpoint = "section-list", input = Json)]
pub async fn section_list(lang: Lang, section: Section, filters: ListFilters) -> Result<SectionList, ServerFnError> {
    let (services, viewer) = services::context()?;
    services.section_list(&viewer, lang, section, filters).await.map_err(ServerFnError::from)
}

/// Titles and sections matching what is being typed in the search box.
#[server(name = FetchSuggestions, prefix = "/_fn", endpoint = "search-suggest", input = Json)]
pub async fn search_suggest(lang: Lang, q: String) -> Result<Vec<Suggestion>, ServerFnError> {
    let (services, viewer) = services::context()?;
    services.suggest(&viewer, lang, q).await.map_err(ServerFnError::from)
}

#[cfg(feature = "ssr")]
mod services {
    use std::sync::Arc;

    use leptos::prelude::*;

    use crate::model::{Lang, ListFilters, Section, SectionList, Suggestion, Viewer};

    /// An error a service reports to a server function. The message is safe to show: services
    /// never put database or file-system details in it.
    #[derive(Debug, Clone)]
    pub struct ServiceError(pub String);

    impl From<ServiceError> for ServerFnError {
        fn from(e: ServiceError) -> Self {
            ServerFnError::ServerError(e.0)
        }
    }

    /// What the server functions need from the server.
    #[async_trait::async_trait]
    pub trait Services: Send + Sync + 'static {
        async fn section_list(
            &self,
            viewer: &Viewer,
            lang: Lang,
            section: Section,
            filters: ListFilters,
        ) -> Result<SectionList, ServiceError>;

        async fn suggest(&self, viewer: &Viewer, lang: Lang, q: String) -> Result<Vec<Suggestion>, ServiceError>;
    }

    /// The services and the viewer of the current request.
    pub(crate) fn context() -> Result<(Arc<dyn Services>, Viewer), ServerFnError> {
        let Some(services) = use_context::<Arc<dyn Services>>() else {
            return Err(ServerFnError::ServerError("services are not configured".into()));
        };
        let viewer = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
            .unwrap_or_default();
        Ok((services, viewer))
    }
}
