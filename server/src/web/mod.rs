//! What every page handler shares, and nothing else: the page context (language, viewer,
//! session, form token) and its renderer, the extractors that say who may call a handler, and
//! the answer to a form. Route modules use this module; it never uses them.

pub mod context;
pub mod extract;
pub mod form;
pub mod params;

pub use self::context::{PageContext, page, proceed, set_session_cookies};
pub use self::extract::{Admin, ApiLang, Moderator, PageLang, PeerAddr, Staff, Writer, client_address};
pub use self::form::{Form, answer};
