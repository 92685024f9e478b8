//! The server side of the islands' server functions: `app::api::Services` implemented on the
//! application state, delegating to the same catalog the pages use.

use app::api::{ServiceError, Services};
use app::model::{Lang, ListFilters, Section, SectionList, Suggestion, Viewer};

use crate::catalog::Catalog;
use crate::error::Error;
use crate::state::AppState;

impl From<Error> for ServiceError {
    fn from(e: Error) -> Self {
        if e.status().is_server_error() {
            tracing::error!(error = ?e, "server function failed");
        }
        ServiceError(e.public_message())
    }
}

#[async_trait::async_trait]
impl Services for AppState {
    async fn section_list(
        &self,
        viewer: &Viewer,
        lang: Lang,
        section: Section,
        filters: ListFilters,
    ) -> Result<SectionList, ServiceError> {
        Ok(Catalog::new(&self.store, viewer).section_list(lang, section, filters).await?)
    }

    async fn suggest(&self, viewer: &Viewer, lang: Lang, q: String) -> Result<Vec<Suggestion>, ServiceError> {
        Ok(crate::routes::search::suggest(self, viewer, lang, q).await?)
    }
}
