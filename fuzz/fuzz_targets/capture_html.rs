//! Any bytes as a page: capture must return, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let _ = leadlens::capture::capture_page(&html, "https://fuzz.example/team", chrono::Utc::now());
});
