//! Any bytes as the browser's serialization of a page, and as a source page read back from its serialization.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::serialized_html(data));
