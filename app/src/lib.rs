//! The portal's views: page components rendered on the server, and the islands that hydrate in
//! the browser (Leptos islands mode: only interactive parts ship as WebAssembly, so pages stay
//! small on slow connections and work completely without JavaScript).
//!
//! Built with `ssr` for the server and with `hydrate` for the browser bundle.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod i18n;
pub mod islands;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod render;

/// Entry point of the browser bundle: sets up the reactive runtime for islands mode. The boot
/// script then hydrates each `<leptos-island>` on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
