//! Interactive components that hydrate in the browser. Each renders a complete, working
//! no-JavaScript version on the server first.
pub mod body_editor;
pub mod search_box;
pub mod section_browser;
pub mod thread;
