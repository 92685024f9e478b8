//! Fuzz target: see `server::fuzzing::search_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzzing::search_query(data));
