//! Pieces shared by several pages.
pub mod coded;
pub mod doc_card;
pub mod forms;
pub mod layout;
pub mod pager;
pub mod section_browser;
pub mod seed_head;
