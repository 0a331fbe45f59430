//! Any text as a vCard file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::vcard(data));
