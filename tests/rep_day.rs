//! The rep's day through the extension's state machine, on the demo team page: outcomes logged in
//! one click, call-backs, do-not-call lists and the clean-up export.

use chrono::{DateTime, Utc};
use leadlens::app::{App, Changes, Context};
use leadlens::messages::{CallListItem, Request, Response, Sender};
use leadlens::model::{CallTask, Criterion, LeadId, LeadStage, Outcome, Qualification, TaskKind, TaskStatus};

const TEAM: &str = include_str!("../demo/site/team.html");

fn at(now: &str) -> Context {
    Context {
        now: now.parse().unwrap(),
        rep_offset_minutes: 60,
        tab: Some((1, "https://northwind.example/team".into())),
    }
}

/// Tuesday 24 November 2026, 15:00 UTC: 09:00 in Austin, 16:00 in Lyon and for the rep (UTC+1).
const NOW: &str = "2026-11-24T15:00:00Z";

fn app_with_team() -> App {
    let mut app = App::default();
    app.handle(Request::Page { html: TEAM.into(), truncated: false, vcards: vec![], read_at: None }, &at(NOW));
    app
}

fn lead_named(app: &App, name: &str) -> LeadId {
    app.book().leads().into_iter().find(|l| l.display_name().as_deref() == Some(name)).unwrap().id.clone()
}

/// The rep right-clicks a person's name on the team page: "Add to call list" saves them too.
fn add(app: &mut App, name: &str) -> CallTask {
    match app.handle(Request::AddFromTab { tab_id: 1, hints: vec![name.into()] }, &at(NOW)).0 {
        Response::TaskAdded { task, .. } => task,
        other => panic!("{other:?}"),
    }
}

fn call_list(app: &mut App, now: &str) -> Vec<CallListItem> {
    match app.handle(Request::GetCallList, &at(now)).0 {
        Response::CallList { items, .. } => items,
        other => panic!("{other:?}"),
    }
}

fn log(app: &mut App, task: &CallTask, outcome: Outcome, callback_at: Option<&str>, now: &str) -> (Response, Changes) {
    let request = Request::LogOutcome {
        task_id: task.id.clone(),
        outcome,
        note: "spoke to reception".into(),
        callback_at: callback_at.map(|t| t.parse::<DateTime<Utc>>().unwrap()),
    };
    app.handle(request, &at(now))
}

#[test]
fn tom_in_lyon_is_planned_on_his_clock_with_his_direct_line() {
    let mut app = app_with_team();
    let task = add(&mut app, "Tom Becker");
    assert_eq!(task.time_zone, "Europe/Paris");
    assert_eq!(task.due_local, "Tue 24 Nov, 16:00 CET");
    assert_eq!(task.phone.as_deref(), Some("+33472000042"));
}

#[test]
fn no_answer_closes_the_call_and_plans_the_next_attempt() {
    let mut app = app_with_team();
    let task = add(&mut app, "Tom Becker");
    let (r, changes) = log(&mut app, &task, Outcome::NoAnswer, None, "2026-11-24T15:20:00Z");
    let Response::OutcomeLogged { task: done, next: Some(next), stage, warnings } = r else { panic!("{r:?}") };
    assert_eq!((done.status, stage), (TaskStatus::Done, LeadStage::Contacting));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(next.attempt, 2);
    // Day 1 of the cadence at 14:00 on Tom's clock.
    assert_eq!(next.due_local, "Wed 25 Nov, 14:00 CET");
    assert_eq!(changes.tasks, vec![*done.clone(), *next.clone()]);
    assert_eq!(changes.leads.len(), 1);
    assert_eq!(changes.leads[0].stage, LeadStage::Contacting);
    let list = call_list(&mut app, "2026-11-24T15:20:00Z");
    assert_eq!(list.iter().map(|i| i.task.id.clone()).collect::<Vec<_>>(), vec![next.id.clone()]);
    // Logging the same call twice is refused.
    match log(&mut app, &task, Outcome::NoAnswer, None, "2026-11-24T15:21:00Z").0 {
        Response::Error { message } => assert!(message.contains("already logged"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_promised_call_back_is_kept_exactly_and_comes_first_when_due() {
    let mut app = app_with_team();
    let tom = add(&mut app, "Tom Becker");
    add(&mut app, "Daniel Okafor");
    // 21:30 in Lyon: outside French calling hours; kept, and said.
    let (r, _) = log(&mut app, &tom, Outcome::CallbackRequested, Some("2026-11-25T20:30:00Z"), NOW);
    let Response::OutcomeLogged { next: Some(callback), stage, warnings, .. } = r else { panic!("{r:?}") };
    assert_eq!((callback.kind, stage), (TaskKind::Callback, LeadStage::CallbackPromised));
    assert_eq!(callback.due.to_rfc3339(), "2026-11-25T20:30:00+00:00");
    assert!(warnings.iter().any(|w| w.contains("outside legal calling hours")), "{warnings:?}");
    // When it is due, the call-back leads the list, ahead of the CEO.
    let list = call_list(&mut app, "2026-11-25T20:31:00Z");
    assert_eq!(list[0].task.id, callback.id);
    assert_eq!(list[1].lead.name, "Daniel Okafor");
    match log(&mut app, &callback, Outcome::CallbackRequested, None, NOW).0 {
        Response::Error { message } => assert_eq!(message, "Pick the time they asked to be called back at."),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_do_not_call_list_removes_leads_from_the_list_and_from_planning() {
    let mut app = app_with_team();
    add(&mut app, "Tom Becker");
    add(&mut app, "Daniel Okafor");
    let csv = "phone,name\n+33 4 72 00 00 42,Tom\n12,Bad\n";
    let (r, changes) = app.handle(Request::ImportSuppression { csv: csv.into(), region: None }, &at(NOW));
    let Response::SuppressionImported { report, listed } = r else { panic!("{r:?}") };
    assert_eq!((report.added, listed), (1, 1));
    assert_eq!(report.bad_rows.len(), 1);
    assert_eq!(report.bad_rows[0].line, 3);
    assert!(changes.suppression.is_some(), "the list is persisted");
    let names: Vec<String> = call_list(&mut app, NOW).into_iter().map(|i| i.lead.name).collect();
    assert_eq!(names, ["Daniel Okafor"], "checked again when the list is shown");
    let tom = lead_named(&app, "Tom Becker");
    match app.handle(Request::AddToCallList { lead_id: tom }, &at(NOW)).0 {
        Response::Error { message } => assert_eq!(message, "Not planned: +33472000042 is on the do-not-call list."),
        other => panic!("{other:?}"),
    }
    let (r, changes) =
        app.handle(Request::ImportSuppression { csv: "x".repeat(21 * 1024 * 1024), region: None }, &at(NOW));
    assert!(matches!(r, Response::Error { ref message } if message.contains("Split it")), "{r:?}");
    assert!(changes.is_empty());
}

#[test]
fn do_not_call_lists_the_number_and_closes_the_lead() {
    let mut app = app_with_team();
    let task = add(&mut app, "Daniel Okafor");
    let (r, changes) = log(&mut app, &task, Outcome::DoNotCall, None, NOW);
    assert!(matches!(r, Response::OutcomeLogged { next: None, stage: LeadStage::DoNotCall, .. }), "{r:?}");
    assert!(changes.suppression.is_some());
    let lead_id = lead_named(&app, "Daniel Okafor");
    match app.handle(Request::AddToCallList { lead_id }, &at(NOW)).0 {
        Response::Error { message } => assert_eq!(message, "Not planned: this lead is marked \"do not call\"."),
        other => panic!("{other:?}"),
    }
}

#[test]
fn disqualified_and_departed_leads_make_the_clean_up_csv() {
    let mut app = app_with_team();
    let daniel = add(&mut app, "Daniel Okafor");
    let tom = add(&mut app, "Tom Becker");
    log(&mut app, &daniel, Outcome::LeftCompany, None, NOW);
    log(&mut app, &tom, Outcome::MeetingBooked, None, NOW);
    let Response::Csv { csv } = app.handle(Request::ExportCleanupCsv, &at(NOW)).0 else { panic!() };
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][1], &rows[0][4], &rows[0][6]), ("Daniel Okafor", "left the company", "spoke to reception"));
}

#[test]
fn new_requests_come_only_from_our_pages_and_are_checked_for_shape() {
    let json = r#"{"type":"log_outcome","task_id":"task-1","outcome":"callback_requested","callback_at":"2026-11-25T20:30:00Z"}"#;
    let request: Request = serde_json::from_str(json).unwrap();
    assert!(request.allowed_from(Sender::ExtensionPage));
    assert!(!request.allowed_from(Sender::ContentScript));
    let import = Request::ImportSuppression { csv: String::new(), region: None };
    assert!(!import.allowed_from(Sender::ContentScript) && !Request::ExportCleanupCsv.allowed_from(Sender::Browser));
    for bad in [
        r#"{"type":"log_outcome","task_id":"t","outcome":"maybe"}"#,
        r#"{"type":"log_outcome","task_id":"t","outcome":"no_answer","extra":1}"#,
    ] {
        assert!(serde_json::from_str::<Request>(bad).is_err(), "{bad}");
    }
    let mut app = app_with_team();
    let r = app.handle(serde_json::from_str(json).unwrap(), &at(NOW)).0;
    assert_eq!(r, Response::Error { message: "Call task-1 is no longer on the call list: reload it.".into() });
}

#[test]
fn qualification_is_kept_on_the_lead_and_re_scores_its_open_call() {
    let mut app = app_with_team();
    let task = add(&mut app, "Tom Becker");
    let lead_id = lead_named(&app, "Tom Becker");
    let qualification = Qualification { need: Criterion::Met, timing: Criterion::NotMet, ..Qualification::default() };
    let (r, changes) = app.handle(Request::SetQualification { lead_id: lead_id.clone(), qualification }, &at(NOW));
    assert_eq!(r, Response::Done);
    assert_eq!(changes.leads[0].qualification, qualification);
    assert_eq!(changes.tasks.len(), 1);
    assert_eq!(changes.tasks[0].priority, task.priority - 10, "need met +10, timing not met -20");
    let item = call_list(&mut app, NOW).into_iter().find(|i| i.lead.id == lead_id).unwrap();
    assert_eq!((item.lead.qualification, item.task.priority), (qualification, task.priority - 10));
    let json = r#"{"type":"set_qualification","lead_id":"lead-x","qualification":{"budget":"met"}}"#;
    let r = app.handle(serde_json::from_str(json).unwrap(), &at(NOW)).0;
    assert!(matches!(r, Response::Error { ref message } if message.contains("no longer in the lead book")), "{r:?}");
}
