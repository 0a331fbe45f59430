//! Any bytes as a page: capture must return, never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::capture_html(data));
