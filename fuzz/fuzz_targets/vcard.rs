//! Any text as a vCard file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = leadlens::capture::vcard::parse(&String::from_utf8_lossy(data));
});
