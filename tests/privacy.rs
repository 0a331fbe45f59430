//! What the rep can do with the data Leadlens keeps: how long captures stay, everything exported,
//! everything deleted.

use chrono::{DateTime, Duration, Utc};
use leadlens::app::{App, Context};
use leadlens::messages::{Request, Response, Sender};
use leadlens::model::EngagementKind;

const PROFILE: &str = include_str!("../demo/site/in/maria-gonzalez-ops.html");
const URL: &str = "https://www.linkedin.com/in/maria-gonzalez-ops";

fn at(days: i64) -> Context {
    let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
    Context { now: start + Duration::days(days), rep_offset_minutes: 0, tab: Some((7, URL.into())) }
}

/// The rep opens María's profile, and saves her the first time.
fn visit(app: &mut App, days: i64) {
    let page = Request::Page { html: PROFILE.into(), truncated: false, vcards: vec![], read_at: None };
    assert!(matches!(app.handle(page, &at(days)).0, Response::Captured { people: 1, .. }));
    let Response::Tab { view: Some(view) } = app.handle(Request::GetTab { tab_id: 7 }, &at(days)).0 else { panic!() };
    for person in view.unsaved {
        let save = Request::SaveFromTab { tab_id: 7, key: person.key, call: false };
        assert!(matches!(app.handle(save, &at(days)).0, Response::Saved { .. }));
    }
}

fn visits(app: &App) -> usize {
    app.book().leads()[0].engagement.iter().filter(|e| e.kind == EngagementKind::Visit).count()
}

#[test]
fn captures_and_visits_older_than_the_retention_go() {
    let mut app = App::default();
    visit(&mut app, 0);
    visit(&mut app, 20);
    assert_eq!(visits(&app), 2, "one a day");
    // 30 days by default: at day 40, the first visit and nothing else.
    let (r, changes) = app.handle(Request::ApplyRetention { after: None }, &at(40));
    assert_eq!(r, Response::Walked { next: None }, "one lead: one stretch");
    assert_eq!(visits(&app), 1);
    assert_eq!(changes.leads.len(), 1, "the lead is written back without it");
    assert!(changes.closed_tabs.is_empty(), "the tab was captured again at day 20");
    // A shorter retention applies at once to the tab's capture, then to the leads in a walk.
    let (_, changes) = app.handle(Request::SetRetention { days: 7 }, &at(40));
    assert_eq!((visits(&app), changes.closed_tabs.as_slice()), (1, &[7][..]));
    assert!(changes.settings.is_some_and(|s| s.retention.0 == 7));
    let (_, changes) = app.handle(Request::ApplyRetention { after: None }, &at(40));
    assert_eq!((visits(&app), changes.leads.len()), (0, 1));
    match app.handle(Request::GetPrivacy, &at(40)).0 {
        Response::Privacy { retention_days, leads, captures, .. } => {
            assert_eq!((retention_days, leads, captures), (7, 1, 0))
        }
        other => panic!("{other:?}"),
    }
    // The lead itself stays: retention is for what was read from pages, not the lead book.
    assert_eq!(app.book().len(), 1);
}

#[test]
fn export_all_then_delete_all() {
    let mut app = App::default();
    visit(&mut app, 0);
    let lead = app.book().leads()[0].id.clone();
    app.handle(Request::AddToCallList { lead_id: lead }, &at(0));
    let Response::Part { text: json, next: None } = app.handle(Request::ExportAll { after: None }, &at(1)).0 else {
        panic!("no export")
    };
    let all: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(all["leads"][0]["name"]["value"], "María González");
    assert_eq!(all["calls"].as_array().map(Vec::len), Some(1));
    assert_eq!(all["captures"][0]["url"], URL);
    assert!(all["settings"]["retention"].is_number());

    let (r, changes) = app.handle(Request::DeleteAllData, &at(1));
    assert_eq!(r, Response::Deleted);
    assert!(changes.wiped && !changes.is_empty(), "the stores are emptied");
    assert!(app.book().is_empty() && app.tasks().is_empty());
    assert_eq!(app.handle(Request::GetTab { tab_id: 7 }, &at(1)).0, Response::Tab { view: None });
}

#[test]
fn only_our_own_pages_may_export_or_delete_and_only_the_browser_applies_retention() {
    for r in [Request::ExportAll { after: None }, Request::DeleteAllData, Request::SetRetention { days: 0 }] {
        assert!(r.allowed_from(Sender::ExtensionPage) && !r.allowed_from(Sender::ContentScript), "{r:?}");
    }
    let walk = Request::ApplyRetention { after: None };
    assert!(walk.allowed_from(Sender::Browser) && !walk.allowed_from(Sender::ContentScript));
    assert!(!walk.allowed_from(Sender::ExtensionPage));
}

/// Every part of a walk through the book, joined; how many parts it took.
fn walk(app: &mut App, request: fn(Option<leadlens::book::Mark>) -> Request) -> (String, usize) {
    let (mut text, mut after, mut parts) = (String::new(), None, 0);
    loop {
        let Response::Part { text: part, next } = app.handle(request(after), &at(1)).0 else { panic!("no part") };
        text.push_str(&part);
        parts += 1;
        match next {
            Some(next) => after = Some(next),
            None => return (text, parts),
        }
    }
}

#[test]
fn a_large_book_is_exported_in_parts_that_join_into_one_file_oldest_lead_first() {
    let mut app = App::default();
    let mut csv = String::from("first_name,last_name,email,company\n");
    for i in 0..4_500 {
        csv.push_str(&format!("Person{i},Family{i},p{i}@firm{i}.test,Firm {i}\n"));
    }
    let imported =
        app.handle(Request::ImportLeads { csv, name: "big.csv".into(), region: None, line_offset: 0 }, &at(0)).0;
    assert!(matches!(imported, Response::LeadsImported { leads: 4_500, .. }), "{imported:?}");
    visit(&mut app, 1);
    let newest = app.book().leads().last().unwrap().id.clone();

    let (csv, parts) = walk(&mut app, |after| Request::ExportCsv { after });
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let ids: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!((parts, ids.len()), (3, 4_501), "2 000 leads a part, one header");
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 4_501, "each lead once");
    assert_eq!(ids.last(), Some(&newest.to_string()), "the profile read last comes last");

    let (json, parts) = walk(&mut app, |after| Request::ExportAll { after });
    let all: serde_json::Value = serde_json::from_str(&json).expect("the parts make one JSON document");
    let leads = all["leads"].as_array().unwrap();
    assert_eq!((parts, leads.len()), (3, 4_501));
    assert_eq!(leads[4_500]["name"]["value"], "María González");
    assert!(all["settings"]["retention"].is_number());
}

#[test]
fn a_lead_storage_cannot_give_back_is_named_in_the_export_not_left_out() {
    let mut app = App::default();
    visit(&mut app, 0);
    let csv = "first_name,last_name,email\nAda,Byron,ada@analytical.example\n".to_string();
    app.handle(Request::ImportLeads { csv, name: "one.csv".into(), region: None, line_offset: 0 }, &at(0));
    // Opened from its saved index, with no lead read: as if storage could not give them back.
    let book = leadlens::book::LeadBook::open(app.book().saved_index()).unwrap();
    let mut opened = App::from_book(book, app.tasks().to_vec(), vec![]);
    let (json, parts) = walk(&mut opened, |after| Request::ExportAll { after });
    let all: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let leads = all["leads"].as_array().unwrap();
    assert_eq!(parts, 1);
    assert_eq!(leads.len(), 2, "{leads:?}");
    assert!(leads.iter().all(|l| l["unreadable"].is_string() && l["id"].is_string()), "{leads:?}");
}

/// Provenance, which goes to the CRM, keeps scheme, host and path: never the page's query string
/// or fragment, neither for a page read now nor for a lead saved before this rule.
#[test]
fn provenance_has_no_query_string() {
    let mut app = App::default();
    let tracked = Context { tab: Some((7, format!("{URL}/?trk=public_profile&session=s3cr3t#about"))), ..at(0) };
    let page = Request::Page { html: PROFILE.into(), truncated: false, vcards: vec![], read_at: None };
    assert!(matches!(app.handle(page, &tracked).0, Response::Captured { people: 1, .. }));
    let Response::Tab { view: Some(view) } = app.handle(Request::GetTab { tab_id: 7 }, &tracked).0 else { panic!() };
    assert_eq!(view.url, format!("{URL}/"), "the capture kept as provenance holds it");
    let save = Request::SaveFromTab { tab_id: 7, key: view.unsaved[0].key.clone(), call: false };
    assert!(matches!(app.handle(save, &tracked).0, Response::Saved { .. }));
    let lead = app.book().leads()[0].clone();
    let urls: Vec<&str> =
        lead.name.iter().chain(&lead.title).chain(&lead.profiles).map(|f| f.source.url.as_str()).collect();
    assert!(!urls.is_empty());
    for url in &urls {
        assert_eq!(*url, format!("{URL}/"), "kept as provenance");
    }
    // A lead stored with a query string in its provenance loses it when read back.
    let mut json = serde_json::to_value(&lead).unwrap();
    json["name"]["source"]["url"] = format!("{URL}?session=s3cr3t#x").into();
    let read: leadlens::model::Lead = serde_json::from_value(json).unwrap();
    assert_eq!(read.name.unwrap().source.url, URL);
}
