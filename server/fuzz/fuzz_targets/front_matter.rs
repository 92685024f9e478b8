//! Fuzz target: see `server::fuzzing::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzzing::front_matter(data));
