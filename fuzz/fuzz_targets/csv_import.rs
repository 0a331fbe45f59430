//! Any bytes as a lead file: read, columns resolved, every row filed into a lead book.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::csv_import(data));
