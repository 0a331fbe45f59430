//! The core compiled to Wasm, run in headless Chromium: the same capture as natively, and the
//! lead book's and the CRM outbox's round trips through real IndexedDB.
#![cfg(target_arch = "wasm32")]

use chrono::Utc;
use leadlens::app::{App, Context};
use leadlens::browser::store::{self, IdbStore};
use leadlens::crm::{CrmKind, CrmSettings};
use leadlens::messages::{Request, Response};
use leadlens::outbox::{Outbox, State};
use leadlens::worker::{open_app, Clock, Store};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEAM: &str = include_str!("../demo/site/team.html");

struct Now;

impl Clock for Now {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }

    fn warn(&self, message: &str) {
        panic!("{message}");
    }
}

/// The app as a worker start opens it.
async fn load(db: &IdbStore) -> App {
    open_app(db, &Now).await.expect("load").app
}

/// The outbox as a worker start opens it, and what opening changed.
async fn load_outbox(db: &IdbStore) -> (Outbox, leadlens::outbox::OutboxChanges) {
    let (entries, links) = db.outbox().await.expect("load the outbox");
    Outbox::load(entries, links, Utc::now())
}

/// The rep's rule "save everyone I open" on the demo site (these tests are about storage, not
/// about who is saved).
fn saving_everyone(app: &mut App) {
    let rule =
        Request::SetSites { never_read: String::new(), paused: String::new(), save_everyone: "127.0.0.1".into() };
    let ctx = Context { now: Utc::now(), rep_offset_minutes: 0, tab: None };
    assert!(matches!(app.handle(rule, &ctx).0, Response::Sites { .. }));
}

/// The database beside the store's own connection, for what the store does not do.
async fn raw(name: &str) -> idb::Database {
    idb::Database::builder(name).build().await.expect("open")
}

#[wasm_bindgen_test]
fn capture_in_wasm_finds_every_person_on_the_team_page() {
    let capture = leadlens::capture::capture_page(TEAM, "http://127.0.0.1/team.html", Utc::now());
    let names: Vec<String> = capture.contacts.iter().filter_map(|c| c.display_name()).collect();
    assert_eq!(names, ["Daniel Okafor", "María González", "Priya Raman", "Tom Becker"]);
    let org = capture.organization.expect("the page is about an organisation");
    assert_eq!(org.name.unwrap().value, "Northwind Robotics");
}

/// Pages of every kind the product reads, at their URLs.
const PAGES: &[(&str, &str)] = &[
    ("http://127.0.0.1/team.html", TEAM),
    (
        "https://www.linkedin.com/in/sophie-martin-lumen",
        include_str!("fixtures/sites/linkedin.com/in/sophie-martin-lumen.html"),
    ),
    (
        "https://www.linkedin.com/company/groupe-lumen",
        include_str!("fixtures/sites/linkedin.com/company/groupe-lumen.html"),
    ),
    (
        "https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001",
        include_str!("fixtures/sites/linkedin.com/feed/update/urn:li:activity:7401000000000000001.html"),
    ),
    ("https://github.com/orgs/fjorddata/people", include_str!("fixtures/sites/github.com/orgs/fjorddata/people.html")),
    ("https://x.com/adapark", include_str!("fixtures/sites/x.com/adapark.html")),
    ("http://example.com/", include_str!("fixtures/microformats/microformats-v2/h-card/impliedname.html")),
    ("http://example.com/", include_str!("fixtures/microformats/microformats-v1/hcard/single.html")),
];

#[wasm_bindgen_test]
fn chromiums_serialization_of_each_page_is_read_as_one_and_captures_as_the_source_does() {
    use leadlens::capture::{capture, serialized, Markup, Page, MAX_NESTING};
    let parser = web_sys::DomParser::new().expect("DOMParser");
    let now = Utc::now();
    for &(url, source) in PAGES {
        let doc = parser.parse_from_string(source, web_sys::SupportedType::TextHtml).expect("parsed");
        let outer = doc.document_element().expect("document element").outer_html();
        assert!(serialized::read(&outer, MAX_NESTING).is_some(), "{url}: Chromium's serialization was refused");
        let parsed = capture(&Page { html: source, url, ..Page::default() }, now);
        let read = capture(&Page { html: &outer, markup: Markup::Serialized, url, ..Page::default() }, now);
        assert_eq!(serde_json::to_value(&read).unwrap(), serde_json::to_value(&parsed).unwrap(), "{url}");
    }
}

#[wasm_bindgen_test]
async fn the_lead_book_survives_a_reload_from_indexeddb() {
    let db = store::open("leadlens-test-roundtrip").await.expect("open");
    let mut app = load(&db).await;
    saving_everyone(&mut app);
    let ctx = Context { now: Utc::now(), rep_offset_minutes: 60, tab: Some((5, "http://127.0.0.1/team.html".into())) };
    let (response, changes) =
        app.handle(Request::Page { html: TEAM.into(), truncated: false, vcards: vec![], read_at: None }, &ctx);
    assert!(matches!(response, Response::Captured { people: 4, .. }), "{response:?}");
    db.persist(&changes, &Default::default(), None).await.expect("persist the capture");
    let lead = app.book().leads()[0].id.clone();
    let (response, changes) = app.handle(Request::AddToCallList { lead_id: lead.clone() }, &ctx);
    assert!(matches!(response, Response::TaskAdded { created: true, .. }), "{response:?}");
    db.persist(&changes, &Default::default(), None).await.expect("persist the task");

    let reloaded: App = load(&store::open("leadlens-test-roundtrip").await.expect("reopen")).await;
    assert_eq!(reloaded.book().len(), 4);
    assert_eq!(reloaded.book().get(&lead), app.book().get(&lead));
    assert_eq!(reloaded.tasks(), app.tasks());
    let mut reloaded = reloaded;
    let (view, _) = reloaded.handle(Request::GetTab { tab_id: 5 }, &ctx);
    match view {
        Response::Tab { view: Some(v) } => assert_eq!(v.people.len(), 4),
        other => panic!("tab view lost: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn outbox_entries_are_stored_with_their_task_and_come_back_after_a_stop_mid_send() {
    let db = store::open("leadlens-test-outbox").await.expect("open");
    let mut app = load(&db).await;
    saving_everyone(&mut app);
    let (mut outbox, _) = load_outbox(&db).await;
    let crm = CrmSettings {
        kind: CrmKind::Bottlecrm,
        base_url: "http://127.0.0.1:9".into(),
        token: "t".into(),
        mapping: None,
    };
    let ctx = Context { now: Utc::now(), rep_offset_minutes: 0, tab: Some((5, "http://127.0.0.1/team.html".into())) };
    let (_, changes) =
        app.handle(Request::Page { html: TEAM.into(), truncated: false, vcards: vec![], read_at: None }, &ctx);
    db.persist(&changes, &Default::default(), None).await.expect("persist the capture");
    let lead = app.book().leads()[0].id.clone();
    let (response, changes) = app.handle(Request::AddToCallList { lead_id: lead }, &ctx);
    let queued = leadlens::sync::queue(Some(&crm), &response, &changes, app.book(), &mut outbox, ctx.now);
    assert_eq!(queued.entries.iter().map(|e| e.op.label()).collect::<Vec<_>>(), ["lead", "call task"]);
    db.persist(&changes, &queued, None).await.expect("persist the task and its entries");
    // The worker is stopped while the lead's entry is being sent.
    let (sending, begun) = outbox.begin_next(ctx.now).expect("the lead is ready");
    db.persist_outbox(&begun).await.expect("persist in flight");

    let (reloaded, recovered) = load_outbox(&db).await;
    assert_eq!(reloaded.entries().len(), 2);
    assert_eq!(recovered.entries.len(), 1, "the entry in flight is sent again");
    assert_eq!(recovered.entries[0].state, State::Pending);
    assert_eq!(reloaded.ready(ctx.now).first().map(|e| &e.key), Some(&sending.key));
    let tasks = load(&db).await.tasks().len();
    assert_eq!(tasks, 1);
}

#[wasm_bindgen_test]
async fn leads_stored_as_objects_by_an_earlier_version_are_still_read() {
    use serde::Serialize;
    let db = store::open("leadlens-test-legacy").await.expect("open");
    let mut app = App::default();
    saving_everyone(&mut app);
    let ctx = Context { now: Utc::now(), rep_offset_minutes: 0, tab: Some((1, "http://127.0.0.1/team.html".into())) };
    app.handle(Request::Page { html: TEAM.into(), truncated: false, vcards: vec![], read_at: None }, &ctx);
    let lead = app.book().leads()[0].clone();
    // Written as the previous version did: the lead as a plain object, no JSON text.
    let object = lead.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).expect("to a JS object");
    let tx = raw("leadlens-test-legacy")
        .await
        .transaction(&["leads"], idb::TransactionMode::ReadWrite)
        .expect("transaction");
    tx.object_store("leads").expect("leads").put(&object, None).expect("put").await.expect("stored");
    tx.commit().expect("commit").await.expect("committed");
    let reloaded = load(&db).await;
    assert_eq!(reloaded.book().get(&lead.id), Some(&lead));
}

#[wasm_bindgen_test]
async fn a_start_reads_the_saved_index_and_each_request_reads_the_leads_it_wants() {
    let db = store::open("leadlens-test-index").await.expect("open");
    let mut app = load(&db).await;
    saving_everyone(&mut app);
    let ctx = Context { now: Utc::now(), rep_offset_minutes: 0, tab: Some((2, "http://127.0.0.1/team.html".into())) };
    let (_, changes) =
        app.handle(Request::Page { html: TEAM.into(), truncated: false, vcards: vec![], read_at: None }, &ctx);
    db.persist(&changes, &Default::default(), None).await.expect("persist the capture");
    // The four leads written since the index was saved are indexed again, and the index saved.
    let first = load(&db).await;
    let tx =
        raw("leadlens-test-index").await.transaction(&["lists"], idb::TransactionMode::ReadOnly).expect("transaction");
    let saved = tx.object_store("lists").expect("lists").get(JsValue::from_str("match_index")).expect("get").await;
    let saved = saved.expect("read").expect("the index was saved");
    let book = js_sys::Reflect::get(&saved, &"book".into()).expect("book").as_string().expect("JSON text");
    let _: leadlens::book::SavedIndex = serde_json::from_str(&book).expect("the rep's answers");
    let slots = js_sys::Uint8Array::new(&js_sys::Reflect::get(&saved, &"slots".into()).expect("slots"));
    assert_eq!(slots.length(), 4 * 17, "four slots: kind, creation time and id hash each");
    // The next start reads no lead; each lookup reads those it wants, and decides as before.
    let mut second = load(&db).await;
    assert_eq!((second.book().len(), second.book().leads().len()), (4, 0));
    // Walks through the book (exports) go in the same order: creation times are saved with it.
    let walk = |app: &leadlens::app::App| app.book().stretch(None, 10).leads;
    assert_eq!((walk(&second), walk(&second).len()), (walk(&first), 4));
    let capture = leadlens::capture::capture_page(TEAM, "http://127.0.0.1/team.html", Utc::now());
    for contact in &capture.contacts {
        let missing = second.book().missing(&second.book().wanted_for(contact));
        let leads = db.read_leads(&missing).await.expect("read");
        assert!(!leads.is_empty(), "not in memory");
        second.book_mut().supply(leads);
        assert_eq!(second.book().find(contact), first.book().find(contact));
        assert!(matches!(second.book().find(contact), leadlens::matching::MatchOutcome::Match { .. }));
    }
    // A lead deleted is noted in the same write, and the next start leaves it out.
    let gone = first.book().leads()[0].id.clone();
    let (_, changes) = second.handle(Request::ForgetLead { lead_id: gone.clone() }, &ctx);
    db.persist(&changes, &Default::default(), None).await.expect("persist the deletion");
    let third = load(&db).await;
    assert_eq!(third.book().len(), 3);
    let read = db.read_leads(&[gone]).await.expect("read");
    assert!(read.is_empty());
}
