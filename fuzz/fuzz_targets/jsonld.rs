//! Any text as a JSON-LD block (and as microdata-bearing markup around it).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = format!(r#"<script type="application/ld+json">{text}</script>"#);
    let _ = leadlens::capture::capture_page(&html, "https://fuzz.example/p", chrono::Utc::now());
});
