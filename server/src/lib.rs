//! The Sunflower Exchange server: everything but `main`, so tests can build the router
//! without a socket.

pub mod accounts;
pub mod assets;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod db;
pub mod discussion;
pub mod document;
pub mod error;
pub mod exchange;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod notify;
pub mod page_cache;
pub mod privacy;
pub mod publishing;
pub mod routes;
pub mod search;
pub mod services;
pub mod state;
pub mod translations;
pub mod web;
pub mod webinar;
pub mod workplan;
