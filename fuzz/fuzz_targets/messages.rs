//! Any JSON as a message to the worker, handled by the state machine.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::messages(data));
