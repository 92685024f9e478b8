//! Turns a page into a complete HTML document on the server.

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;

use crate::components::layout::{Document, PageMeta, Shell};

/// Renders `body` inside the page shell. Islands inside it are marked for hydration; everything
/// else is plain HTML with no hydration markers.
pub fn render_page<V>(shell: &Shell, meta: PageMeta, body: impl FnOnce() -> V + Send + 'static) -> String
where
    V: IntoView + 'static,
{
    // Islands mode: nothing hydrates unless an island opts in.
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    let html = owner.with(|| {
        let shell = shell.clone();
        view! { <Document shell meta>{body()}</Document> }.to_html()
    });
    owner.cleanup();
    html
}

/// Renders a part of a page on its own, to be put into several pages (a document's body,
/// shared by the readers who may see the same). Islands inside it are marked as in a page.
pub fn render_fragment<V>(body: impl FnOnce() -> V + Send + 'static) -> String
where
    V: IntoView + 'static,
{
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    let html = owner.with(|| body().to_html());
    owner.cleanup();
    html
}
