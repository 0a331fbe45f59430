//! What the rep can do with the data Leadlens keeps: how long captures stay, everything exported,
//! everything deleted.

use chrono::{DateTime, Duration, Utc};
use leadlens::app::{App, Context};
use leadlens::engagement::EngagementKind;
use leadlens::messages::{Request, Response, Sender};

const PROFILE: &str = include_str!("../demo/site/in/maria-gonzalez-ops.html");
const URL: &str = "https://www.linkedin.com/in/maria-gonzalez-ops";

fn at(days: i64) -> Context {
    let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
    Context { now: start + Duration::days(days), rep_offset_minutes: 0, tab: Some((7, URL.into())) }
}

fn visit(app: &mut App, days: i64) {
    let page = Request::Page { html: PROFILE.into(), truncated: false, vcards: vec![], read_at: None };
    assert!(matches!(app.handle(page, &at(days)).0, Response::Captured { people: 1, .. }));
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
    let (r, changes) = app.handle(Request::ApplyRetention, &at(40));
    assert_eq!(r, Response::Done);
    assert_eq!(visits(&app), 1);
    assert_eq!(changes.leads.len(), 1, "the lead is written back without it");
    assert!(changes.closed_tabs.is_empty(), "the tab was captured again at day 20");
    // A shorter retention applies at once, to the tab's capture too.
    let (_, changes) = app.handle(Request::SetRetention { days: 7 }, &at(40));
    assert_eq!((visits(&app), changes.closed_tabs.as_slice()), (0, &[7][..]));
    assert!(changes.settings.is_some_and(|s| s.retention.0 == 7));
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
    let Response::Export { json } = app.handle(Request::ExportAll, &at(1)).0 else { panic!("no export") };
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
    for r in [Request::ExportAll, Request::DeleteAllData, Request::SetRetention { days: 0 }] {
        assert!(r.allowed_from(Sender::ExtensionPage) && !r.allowed_from(Sender::ContentScript), "{r:?}");
    }
    assert!(Request::ApplyRetention.allowed_from(Sender::Browser));
    assert!(!Request::ApplyRetention.allowed_from(Sender::ContentScript));
}
