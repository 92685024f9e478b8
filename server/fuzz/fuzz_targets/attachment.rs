//! Fuzz target: see `server::fuzzing::attachment`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzzing::attachment(data));
