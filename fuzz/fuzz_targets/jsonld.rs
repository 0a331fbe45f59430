//! Any text as a JSON-LD block (and as microdata-bearing markup around it).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::jsonld(data));
