//! The fuzz targets' bodies, one function per parser that reads untrusted bytes. cargo-fuzz runs
//! them coverage-guided for minutes (`fuzz/`, nightly); `tests/fuzz_short.rs` runs them on stable
//! in the test command, on the seeds and bounded mutations of them. Each must return, whatever the
//! bytes: a panic is the bug.

use crate::app::{App, Context};
use crate::book::csv_import::{read_table, Columns};
use crate::book::LeadBook;
use crate::crm::{CrmId, CrmKind, CrmSettings, HttpResponse, IdempotencyKey, Job, Operation, PullCursor, Step};
use crate::messages::{Request, Response};
use crate::model::{CallTask, Lead};
use chrono::{DateTime, Utc};
use std::sync::OnceLock;

/// A fuzz target: its name and what it runs on one input.
pub type Target = (&'static str, fn(&[u8]));

/// Every target by name, as `fuzz/fuzz_targets/` and `fuzz/seeds/` name them.
pub const TARGETS: &[Target] = &[
    ("capture_html", capture_html),
    ("serialized_html", serialized_html),
    ("jsonld", jsonld),
    ("vcard", vcard),
    ("messages", messages),
    ("csv_import", csv_import),
    ("crm_responses", crm_responses),
];

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
}

/// Any bytes as a page.
pub fn capture_html(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let _ = crate::capture::capture_page(&html, "https://fuzz.example/team", now());
}

/// Any bytes as the browser's serialization of a page: read or refused, and captured. And any
/// bytes as a source page: what a browser would serialize of it reads back to the same tree, or is
/// refused (and parsed as source); never to another tree.
pub fn serialized_html(data: &[u8]) {
    use crate::capture::{serialized, Markup, Page};
    let text = String::from_utf8_lossy(data);
    let page = Page { html: &text, markup: Markup::Serialized, url: "https://fuzz.example/team", ..Page::default() };
    let _ = crate::capture::capture(&page, now());
    let outer = scraper::Html::parse_document(&text).root_element().html();
    if let Some(read) = serialized::read(&outer, usize::MAX) {
        assert_eq!(read.doc.root_element().html(), outer, "read back to another tree");
    }
}

/// Any text as a JSON-LD block.
pub fn jsonld(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = format!(r#"<script type="application/ld+json">{text}</script>"#);
    let _ = crate::capture::capture_page(&html, "https://fuzz.example/p", now());
}

/// Any text as a vCard file.
pub fn vcard(data: &[u8]) {
    let _ = crate::capture::vcard::parse(&String::from_utf8_lossy(data));
}

/// Any JSON as a message to the worker, handled by the state machine.
pub fn messages(data: &[u8]) {
    let Ok(request) = serde_json::from_slice::<Request>(data) else { return };
    let ctx = Context { now: now(), rep_offset_minutes: 0, tab: Some((1, "https://fuzz.example/".into())) };
    let _ = App::default().handle(request, &ctx);
}

/// Any bytes as a lead file: read, columns resolved, every row filed into a lead book; no row
/// goes unaccounted for.
pub fn csv_import(data: &[u8]) {
    let Ok(table) = read_table(data) else { return };
    let Ok(columns) = Columns::resolve(&table.headers, &[], &[]) else { return };
    let report = LeadBook::default().import(&table, &columns, Some("US"), "fuzz.csv", now());
    assert!(report.added + report.merged + report.unchanged + report.bad_rows.len() >= table.rows.len());
}

/// A real lead and call task, made the way the extension makes them.
fn sample() -> &'static (Lead, CallTask) {
    static SAMPLE: OnceLock<(Lead, CallTask)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let html = r#"<script type="application/ld+json">{"@type":"Person","name":"Ann Lee","email":"ann@acme.example","telephone":"+1 512 555 0100","jobTitle":"CEO"}</script>"#;
        let url = "https://acme.example/team";
        let ctx = Context { now: now(), rep_offset_minutes: 0, tab: Some((1, url.into())) };
        let mut app = App::default();
        app.handle(Request::Page { html: html.into(), truncated: false, vcards: vec![], read_at: None }, &ctx);
        let (r, _) = app.handle(Request::AddFromTab { tab_id: 1, hints: vec![] }, &ctx);
        let Response::TaskAdded { task, .. } = r else { panic!("no task: {r:?}") };
        (app.book().get(&task.lead).cloned().expect("the lead the task names"), task)
    })
}

/// Steps taken at most: a connector that keeps asking is a bug too.
const MAX_STEPS: usize = 16;

/// Any answers from a CRM (status codes and bodies), fed to every connector's steps for every
/// job: a hostile or broken CRM gets an error, never a panic or a loop. The first byte picks the
/// CRM, the second the job; the rest, split on 0xFF, are answers (two bytes of status, a body).
pub fn crm_responses(data: &[u8]) {
    let [kind, job, rest @ ..] = data else { return };
    let kind = CrmKind::ALL[usize::from(*kind) % CrmKind::ALL.len()];
    let settings = CrmSettings { kind, base_url: "https://crm.example".into(), token: "t0ken".into(), mapping: None };
    let Ok(connector) = settings.connector() else { return };
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
        Operation::Note { at: now(), text: "note".into() },
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
            now: now(),
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
}
