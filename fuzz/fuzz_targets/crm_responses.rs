//! Any answers from a CRM, fed to every connector for every job (see `leadlens::fuzzing`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| leadlens::fuzzing::crm_responses(data));
