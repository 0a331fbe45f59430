//! Any answers from a CRM (status codes and bodies), fed to every connector's steps for every
//! job: a hostile or broken CRM gets an error, never a panic or a loop.
#![no_main]
use leadlens::crm::{CrmId, CrmKind, CrmSettings, HttpResponse, IdempotencyKey, Job, Operation, PullCursor, Step};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// A real lead and call task, made the way the extension makes them.
fn sample() -> &'static (leadlens::book::Lead, leadlens::plan::CallTask) {
    static SAMPLE: OnceLock<(leadlens::book::Lead, leadlens::plan::CallTask)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let html = r#"<script type="application/ld+json">{"@type":"Person","name":"Ann Lee","email":"ann@acme.example","telephone":"+1 512 555 0100","jobTitle":"CEO"}</script>"#;
        let url = "https://acme.example/team";
        let ctx = leadlens::app::Context { now: chrono::Utc::now(), rep_offset_minutes: 0, tab: Some((1, url.into())) };
        let mut app = leadlens::app::App::default();
        app.handle(leadlens::messages::Request::Page { html: html.into(), truncated: false, vcards: vec![] }, &ctx);
        let lead = app.book().leads()[0].clone();
        let (r, _) = app.handle(leadlens::messages::Request::AddToCallList { lead_id: lead.id.clone() }, &ctx);
        let leadlens::messages::Response::TaskAdded { task, .. } = r else { panic!("no task: {r:?}") };
        (lead, task)
    })
}

/// Steps taken at most: a connector that keeps asking is a bug too.
const MAX_STEPS: usize = 16;

fuzz_target!(|data: &[u8]| {
    let [kind, job, rest @ ..] = data else { return };
    let kind = CrmKind::ALL[usize::from(*kind) % CrmKind::ALL.len()];
    let settings = CrmSettings { kind, base_url: "https://crm.example".into(), token: "t0ken".into(), mapping: None };
    let Ok(connector) = settings.connector() else { return };
    // Answers: chunks split on 0xFF, each a status (two bytes) and a body.
    let mut answers_in = rest.split(|b| *b == 0xFF).map(|chunk| {
        let status = chunk.get(..2).map_or(200, |s| 100 + u16::from_le_bytes([s[0], s[1]]) % 500);
        let body = String::from_utf8_lossy(chunk.get(2..).unwrap_or_default()).into_owned();
        HttpResponse { status, headers: vec![("retry-after".into(), "1".into())], body }
    });
    let (lead, task) = sample();
    let (key, crm_id, cursor) = (IdempotencyKey("k-1".into()), CrmId("42".into()), PullCursor::default());
    let ops = [
        Operation::UpsertLead { lead: lead.clone() },
        Operation::Enrich { lead: lead.clone() },
        Operation::CallTask { task: task.clone(), lead_name: "Ann Lee".into() },
        Operation::Note { at: chrono::Utc::now(), text: "note".into() },
    ];
    let job = match job % 7 {
        0 => Job::Pull { cursor: &cursor },
        1 => Job::Search { query: "Ann Lee" },
        2 => Job::Check,
        n => Job::Push {
            key: &key,
            lead: &lead.id,
            crm_id: Some(&crm_id).filter(|_| n != 3),
            op: &ops[usize::from(n - 3)],
            now: chrono::Utc::now(),
        },
    };
    let mut answers = Vec::new();
    for _ in 0..MAX_STEPS {
        match connector.step(&job, &answers) {
            Ok(Step::Send(_)) => match answers_in.next() {
                Some(answer) => answers.push(answer),
                None => return,
            },
            Ok(Step::Done(_)) | Err(_) => return,
        }
    }
});
