//! One module per page. Pages are server-rendered; they take plain data and never fetch.
pub mod account;
pub mod admin;
pub mod area;
pub mod document;
pub mod editor;
pub mod editor_structure;
pub mod exchange_map;
pub mod forum;
pub mod home;
pub mod not_found;
pub mod search;
pub mod section;
pub mod tag;
pub mod translations;
pub mod two_factor;
pub mod webinar;
pub mod workplan;
