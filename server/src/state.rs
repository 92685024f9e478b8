//! The state every handler shares.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::assets::Assets;
use crate::blobs::BlobStore;
use crate::db::Store;
use crate::search::SearchIndex;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub store: Store,
    pub blobs: BlobStore,
    pub assets: Arc<Assets>,
    pub search: Arc<SearchIndex>,
}
