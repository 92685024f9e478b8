//! The state every handler shares.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::assets::Assets;
use crate::auth::password::Passwords;
use crate::blobs::BlobStore;
use crate::db::Store;
use crate::mail::Mail;
use crate::page_cache::PageCache;
use crate::search::SearchIndex;

/// Settings handlers need, from the command line.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure` (set when the portal is served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// The address people reach the portal at, for links in invitations and feeds.
    pub base_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { secure_cookies: false, trust_proxy: false, base_url: "http://127.0.0.1:3000".into() }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub store: Store,
    pub blobs: BlobStore,
    pub assets: Arc<Assets>,
    pub search: Arc<SearchIndex>,
    pub passwords: Passwords,
    pub settings: Arc<Settings>,
    /// Finished anonymous answers and shared document bodies (see [`crate::page_cache`]).
    pub pages: Arc<PageCache>,
    /// E-mail (off without an SMTP server; see [`crate::mail`]).
    pub mail: Arc<Mail>,
}
