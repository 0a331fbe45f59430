//! Any JSON as a message to the worker, handled by the state machine.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<leadlens::messages::Request>(data) else { return };
    let ctx = leadlens::app::Context {
        now: chrono::Utc::now(),
        rep_offset_minutes: 0,
        tab: Some((1, "https://fuzz.example/".into())),
    };
    let mut app = leadlens::app::App::default();
    let _ = app.handle(request, &ctx);
});
