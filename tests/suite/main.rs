//! The portal's test suite: one binary, a module per feature.

mod accounts;
mod api;
mod architecture;
mod authorization;
mod browser;
mod contract;
mod design;
mod discussion;
mod hardening;
mod import;
mod interface_words;
mod languages;
mod library;
mod mail;
mod operations;
mod pages;
mod postgres;
mod publishing;
mod read_cache;
mod relevance;
mod search;
mod two_factor;
mod working_tools;
