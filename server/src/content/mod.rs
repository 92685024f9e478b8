//! Documents as files: front matter, Markdown rendering, and importing a content folder.
pub mod export;
pub mod front_matter;
pub mod import;
pub mod keys;
pub mod markdown;
