//! The extension's state machine driven natively, on the demo site's pages: the same requests the
//! content script, the side panel, the context menu and the keyboard command send.

use chrono::{DateTime, Utc};
use leadlens::app::{App, Context};
use leadlens::matching::MatchOutcome;
use leadlens::messages::{Request, Response, TabView};
use leadlens::model::{Objective, Outcome};

const TEAM: &str = include_str!("../demo/site/team.html");
const PROFILE: &str = include_str!("../demo/site/in/maria-gonzalez-ops.html");

fn ctx(tab: i32, url: &str) -> Context {
    let now: DateTime<Utc> = "2026-11-24T15:00:00Z".parse().unwrap();
    Context { now, rep_offset_minutes: 0, tab: Some((tab, url.to_string())) }
}

fn visit(app: &mut App, tab: i32, url: &str, html: &str) -> (Response, leadlens::app::Changes) {
    app.handle(Request::Page { html: html.into(), truncated: false, vcards: vec![], read_at: None }, &ctx(tab, url))
}

fn view(app: &mut App, tab: i32) -> TabView {
    match app.handle(Request::GetTab { tab_id: tab }, &ctx(tab, "")).0 {
        Response::Tab { view: Some(v) } => v,
        other => panic!("no view: {other:?}"),
    }
}

/// Saves the `n`th person the tab shows who is no lead, as the panel's "Save as lead" does.
fn save(app: &mut App, tab: i32, n: usize) -> Response {
    let key = view(app, tab).unsaved[n].key.clone();
    app.handle(Request::SaveFromTab { tab_id: tab, key, call: false }, &ctx(tab, "")).0
}

#[test]
fn a_visit_saves_no_one_and_a_saved_person_is_matched_on_the_next() {
    let mut app = App::default();
    let url = "https://www.linkedin.com/in/maria-gonzalez-ops";
    let (r, changes) = visit(&mut app, 1, url, PROFILE);
    assert_eq!(r, Response::Captured { people: 1, new_leads: 0 });
    assert!(changes.leads.is_empty(), "seen is not saved");
    assert_eq!(app.book().len(), 0);
    let shown = view(&mut app, 1);
    assert!(shown.people.is_empty());
    assert_eq!(shown.unsaved[0].card.name, "María González");
    assert_eq!(shown.unsaved[0].card.title.as_deref(), Some("VP of Operations"));
    let Response::Saved { name, lead_id } = save(&mut app, 1, 0) else { panic!() };
    assert_eq!(name, "María González");
    let lead = app.book().get(&lead_id).unwrap();
    assert_eq!(lead.added_by, Some(leadlens::model::AddedBy::Rep));
    assert_eq!(lead.engagement.len(), 1, "the visit that found her, for the call note");
    assert_eq!(view(&mut app, 1).people[0].lead.id, lead_id, "the tab shows her as a lead now");
    // Saving twice is refused in words, and saves nobody twice.
    let stale = view(&mut app, 1);
    assert!(stale.unsaved.is_empty());
    let again = Request::SaveFromTab { tab_id: 1, key: "gone".into(), call: false };
    assert!(matches!(app.handle(again, &ctx(1, "")).0, Response::Error { .. }));
    let (r, changes) = visit(&mut app, 1, url, PROFILE);
    assert_eq!(r, Response::Captured { people: 1, new_leads: 0 });
    assert!(changes.leads.is_empty(), "nothing new (the visit was kept when she was saved): nothing to write");
    assert_eq!(app.book().len(), 1);
    match &view(&mut app, 1).people[0].outcome {
        MatchOutcome::Match { name, reasons, .. } => {
            assert_eq!(name, "María González");
            assert!(reasons[0].starts_with("same profile +"), "{reasons:?}");
            assert!(reasons.iter().any(|r| r.starts_with("family name equal +")), "{reasons:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_team_page_adds_what_is_new_to_a_known_lead() {
    let mut app = App::default();
    visit(&mut app, 1, "https://www.linkedin.com/in/maria-gonzalez-ops", PROFILE);
    save(&mut app, 1, 0);
    let (r, changes) = visit(&mut app, 2, "https://northwind.example/team", TEAM);
    assert_eq!(r, Response::Captured { people: 4, new_leads: 0 });
    assert_eq!(changes.leads.len(), 1, "María gained an email and a phone; the others are not leads");
    let team = view(&mut app, 2);
    assert_eq!(team.people.len(), 1);
    let names: Vec<&str> = team.unsaved.iter().map(|u| u.card.name.as_str()).collect();
    assert_eq!(names, ["Daniel Okafor", "Priya Raman", "Tom Becker"]);
    let maria = &team.people[0];
    assert_eq!(maria.lead.email.as_deref(), Some("maria.gonzalez@northwind.example"));
    assert_eq!(maria.lead.location.as_deref(), Some("Austin, Texas, US"));
    assert!(matches!(maria.outcome, MatchOutcome::Match { .. }));
}

#[test]
fn add_to_call_list_saves_the_person_and_plans_one_task_in_business_hours() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let key = view(&mut app, 1).unsaved[0].key.clone();
    let (r, changes) = app.handle(Request::SaveFromTab { tab_id: 1, key, call: true }, &ctx(1, ""));
    let Response::TaskAdded { task, created: true, lead_name } = r else { panic!("{r:?}") };
    assert_eq!(lead_name, "Daniel Okafor");
    assert_eq!(changes.tasks, vec![task.clone()]);
    assert_eq!(changes.leads.len(), 1);
    assert_eq!(task.due.to_rfc3339(), "2026-11-24T15:00:00+00:00");
    assert!(task.note.contains("Chief Executive Officer at Northwind Robotics"), "{}", task.note);
    let (again, changes) = app.handle(Request::AddToCallList { lead_id: task.lead }, &ctx(1, ""));
    assert!(matches!(again, Response::TaskAdded { created: false, .. }));
    assert!(changes.is_empty());
    match app.handle(Request::GetCallList, &ctx(1, "")).0 {
        Response::CallList { items, .. } => assert_eq!(items.len(), 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.book().len(), 1, "only the person the rep added");
}

#[test]
fn a_site_set_to_save_everyone_saves_everyone_and_a_paused_site_is_not_read() {
    let mut app = App::default();
    let team = "https://northwind.example/team";
    visit(&mut app, 1, team, TEAM);
    let shown = view(&mut app, 1);
    assert_eq!((shown.site.as_deref(), shown.saves_everyone, shown.paused), (Some("northwind.example"), false, false));
    let rule = |rule| Request::SetSiteRule { tab_id: 1, rule };
    let (r, changes) = app.handle(rule(leadlens::reading::SiteRule::SaveEveryone), &ctx(1, ""));
    assert_eq!(r, Response::Done);
    assert!(changes.settings.is_some_and(|s| s.sites.save_everyone == ["northwind.example"]));
    let (r, changes) = visit(&mut app, 1, "https://www.northwind.example/team", TEAM);
    assert_eq!(r, Response::Captured { people: 4, new_leads: 4 });
    assert_eq!(changes.leads.len(), 4);
    assert!(app.book().leads().iter().all(|l| l.added_by == Some(leadlens::model::AddedBy::SiteRule)));
    assert!(view(&mut app, 1).saves_everyone);
    // Paused: what the site's tabs showed is forgotten, and its pages are refused.
    let (_, changes) = app.handle(rule(leadlens::reading::SiteRule::Pause), &ctx(1, ""));
    assert!(changes.settings.is_some_and(|s| s.sites.paused == ["northwind.example"]));
    let paused = view(&mut app, 1);
    assert!(paused.paused && paused.people.is_empty() && paused.unsaved.is_empty(), "{paused:#?}");
    let (r, changes) = visit(&mut app, 2, "https://jobs.northwind.example/team", TEAM);
    assert!(matches!(r, Response::Error { ref message } if message.contains("does not read this site")), "{r:?}");
    assert!(changes.is_empty());
    app.handle(rule(leadlens::reading::SiteRule::Resume), &ctx(1, ""));
    assert!(matches!(visit(&mut app, 2, team, TEAM).0, Response::Captured { people: 4, .. }));
}

#[test]
fn webmail_is_never_read_and_the_lists_are_the_reps_to_edit() {
    let mut app = App::default();
    let inbox = "https://mail.google.com/mail/u/0/#inbox/FMfcgz";
    let (r, changes) = visit(&mut app, 1, inbox, TEAM);
    assert!(matches!(r, Response::Error { .. }), "{r:?}");
    assert!(changes.is_empty(), "nothing kept from a mailbox");
    let Response::Sites { lists, .. } = app.handle(Request::GetSites, &ctx(1, "")).0 else { panic!() };
    assert!(lists.never_read.lines().any(|l| l == "mail.google.com"), "{lists:?}");
    let set = Request::SetSites {
        never_read: "hr.northwind.example\nnot a site".into(),
        paused: String::new(),
        save_everyone: String::new(),
    };
    let Response::Sites { lists, unread } = app.handle(set, &ctx(1, "")).0 else { panic!() };
    assert_eq!((lists.never_read.as_str(), unread), ("hr.northwind.example", vec!["not a site".to_string()]));
    assert!(matches!(visit(&mut app, 1, inbox, TEAM).0, Response::Captured { .. }), "the rep took webmail off");
    assert!(matches!(visit(&mut app, 2, "https://hr.northwind.example/team", TEAM).0, Response::Error { .. }));
}

#[test]
fn leads_made_by_visiting_alone_are_listed_for_the_rep_to_keep_or_drop() {
    // A book as versions before "seen is not saved" left it: every visited person a lead.
    let mut old = App::default();
    visit(&mut old, 1, "https://northwind.example/team", TEAM);
    old.handle(Request::SetSiteRule { tab_id: 1, rule: leadlens::reading::SiteRule::SaveEveryone }, &ctx(1, ""));
    visit(&mut old, 1, "https://northwind.example/team", TEAM);
    let mut leads: Vec<leadlens::model::Lead> = old.book().leads().into_iter().cloned().collect();
    leads.iter_mut().for_each(|l| l.added_by = None);
    let mut app = App::new(leads, vec![], vec![]);
    // One was called since: that is a choice.
    let priya =
        app.book().leads().into_iter().find(|l| l.display_name().as_deref() == Some("Priya Raman")).unwrap().id.clone();
    app.handle(Request::AddToCallList { lead_id: priya }, &ctx(1, ""));
    let Response::Cleanup { review, .. } = app.handle(Request::GetCleanup, &ctx(1, "")).0 else { panic!() };
    assert!(review.is_empty(), "listed by the daily walk, not before");
    let (r, changes) = app.handle(Request::ApplyRetention { after: None }, &ctx(1, ""));
    assert_eq!(r, Response::Walked { next: None });
    assert_eq!(changes.review.as_ref().map(Vec::len), Some(3));
    let Response::Cleanup { review, .. } = app.handle(Request::GetCleanup, &ctx(1, "")).0 else { panic!() };
    let mut names: Vec<&str> = review.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Daniel Okafor", "María González", "Tom Becker"]);
    assert!(review[0].note.starts_with("Saved only because https://northwind.example/team was opened"));
    let lead = |name: &str| review.iter().find(|e| e.name == name).unwrap().lead.clone();
    let (kept, dropped) = (lead("Daniel Okafor"), lead("María González"));
    let (_, changes) = app.handle(Request::KeepLead { lead_id: kept.clone() }, &ctx(1, ""));
    assert_eq!(changes.leads[0].added_by, Some(leadlens::model::AddedBy::Rep));
    app.handle(Request::ForgetLead { lead_id: dropped }, &ctx(1, ""));
    let Response::Cleanup { review, .. } = app.handle(Request::GetCleanup, &ctx(1, "")).0 else { panic!() };
    assert_eq!(review.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Tom Becker"]);
    // Walked again, the kept lead stays off the list.
    let (_, changes) = app.handle(Request::ApplyRetention { after: None }, &ctx(1, ""));
    assert!(changes.review.is_none(), "{:?}", changes.review);
    assert!(app.book().get(&kept).is_some());
}

#[test]
fn context_menu_and_shortcut_add_the_person_pointed_at() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let add = |app: &mut App, hints: &[&str]| {
        app.handle(Request::AddFromTab { tab_id: 1, hints: hints.iter().map(|h| h.to_string()).collect() }, &ctx(1, ""))
            .0
    };
    // A right-clicked LinkedIn link, a mailto: link, a selected name, a card's text.
    for (hints, who) in [
        (&["https://www.linkedin.com/in/daniel-okafor-nw/"][..], "Daniel Okafor"),
        (&["mailto:priya.raman@northwind.example"][..], "Priya Raman"),
        (&["", "Tom Becker\nPlant Manager, Lyon\n+33 4 72 00 00 42"][..], "Tom Becker"),
    ] {
        match add(&mut app, hints) {
            Response::TaskAdded { lead_name, .. } => assert_eq!(lead_name, who),
            other => panic!("{hints:?}: {other:?}"),
        }
    }
    // Text that names two people, or nothing at all, points at nobody on a page of four.
    for hints in [&["Daniel Okafor and María González"][..], &[][..]] {
        match add(&mut app, hints) {
            Response::Error { message } => assert!(message.contains("4 people"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
    // On a page with one person, the shortcut needs no hint.
    visit(&mut app, 3, "https://www.linkedin.com/in/maria-gonzalez-ops", PROFILE);
    let r = app.handle(Request::AddFromTab { tab_id: 3, hints: vec![] }, &ctx(3, "")).0;
    assert!(matches!(r, Response::TaskAdded { ref lead_name, .. } if lead_name == "María González"), "{r:?}");
}

#[test]
fn a_selected_phone_number_names_its_person() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    for selection in ["04 72 00 00 42", "+33 4 72 00 00 42"] {
        let (r, _) = app.handle(Request::AddFromTab { tab_id: 1, hints: vec![selection.into()] }, &ctx(1, ""));
        let Response::TaskAdded { lead_name, .. } = r else { panic!("{selection}: {r:?}") };
        assert_eq!(lead_name, "Tom Becker");
    }
    // Digits that are no one's number point at nobody.
    let (r, _) = app.handle(Request::AddFromTab { tab_id: 1, hints: vec!["555 0199 123".into()] }, &ctx(1, ""));
    assert!(matches!(r, Response::Error { .. }), "{r:?}");
}

#[test]
fn a_closed_tab_is_forgotten_and_a_tab_with_nothing_says_so() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let (_, changes) = app.handle(Request::TabClosed { tab_id: 1 }, &ctx(1, ""));
    assert_eq!(changes.closed_tabs, vec![1]);
    assert_eq!(app.handle(Request::GetTab { tab_id: 1 }, &ctx(1, "")).0, Response::Tab { view: None });
    match app.handle(Request::AddFromTab { tab_id: 1, hints: vec![] }, &ctx(1, "")).0 {
        Response::Error { message } => assert!(message.starts_with("No person was found")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_csv_holds_leads_and_their_tasks() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    for _ in 0..4 {
        save(&mut app, 1, 0);
    }
    let lead = view(&mut app, 1).people[1].lead.id.clone();
    app.handle(Request::AddToCallList { lead_id: lead.clone() }, &ctx(1, ""));
    let Response::Part { text: csv, next: None } = app.handle(Request::ExportCsv { after: None }, &ctx(1, "")).0 else {
        panic!()
    };
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let maria = rows.iter().find(|r| &r[col("lead_id")] == lead.as_str()).unwrap();
    assert_eq!(&maria[col("full_name")], "María González");
    assert_eq!(&maria[col("task_status")], "open");
    assert_eq!(&maria[col("source_url")], "https://northwind.example/team");
    assert_eq!(rows.iter().filter(|r| &r[col("task_status")] == "open").count(), 1);
}

/// A CRM export as sales ops hand it over: their headers, one known person, one bad row.
const EXPORT: &str = "First Name,Last Name,Email Address,Company,Mobile,Country\n\
Priya,Raman,priya.raman@northwind.example,Northwind Robotics,+1 512 555 0147,US\n\
Tom,Becker,,Northwind,,FR\n\
Dan,Okafor,dan.okafor@gmail.com,Northwind Robotics,,US\n\
only,two\n";

fn import(app: &mut App, csv: &str) -> Response {
    let request = Request::ImportLeads {
        csv: csv.into(),
        name: "crm-export.csv".into(),
        region: Some("US".into()),
        line_offset: 0,
    };
    app.handle(request, &ctx(1, "")).0
}

#[test]
fn an_imported_lead_file_is_matched_by_the_pages_the_rep_visits() {
    let mut app = App::default();
    let Response::LeadsImported { report, leads } = import(&mut app, EXPORT) else { panic!() };
    assert_eq!((report.added, leads), (3, 3), "{report:#?}");
    assert_eq!(report.bad_rows.len(), 1);
    assert_eq!(report.bad_rows[0].line, 5);
    visit(&mut app, 2, "https://northwind.example/team", TEAM);
    let v = view(&mut app, 2);
    let priya = v.people.iter().find(|p| p.lead.name == "Priya Raman").unwrap();
    let MatchOutcome::Match { reasons, .. } = &priya.outcome else { panic!("{:?}", priya.outcome) };
    assert!(reasons[0].starts_with("email equal +"), "{reasons:?}");
    // The phone from the file is kept; the page's values come in beside it.
    assert_eq!(priya.lead.phone.as_deref(), Some("+15125550147"));
    // The page's "Daniel" is the file's "Dan": nickname and company outweigh another address.
    let dan = v.people.iter().find(|p| p.lead.name == "Dan Okafor").unwrap();
    let MatchOutcome::Match { reasons, .. } = &dan.outcome else { panic!("{:?}", dan.outcome) };
    assert!(reasons.iter().any(|r| r.starts_with("nickname +")), "{reasons:?}");
}

#[test]
fn a_file_imported_a_part_at_a_time_files_and_reports_as_the_whole_file() {
    let mut csv = String::from("first_name,last_name,email,company,phone\n");
    for (i, row) in leadlens::synth::lead_book(40, 3).iter().enumerate() {
        let f = &row.fields;
        let first = |v: &[String]| v.first().cloned().unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},\"{}\",{}\n",
            f.first_name,
            f.last_name,
            first(&f.emails),
            f.company,
            first(&f.phones)
        ));
        if i % 9 == 0 {
            csv.push_str("a row,too short\n\n");
        }
    }
    let mut whole = App::default();
    let Response::LeadsImported { report: expected, leads } = import(&mut whole, &csv) else { panic!() };
    assert!(!expected.bad_rows.is_empty() && !expected.possible.is_empty() && expected.merged > 0, "{expected:#?}");
    let mut parted = App::default();
    let mut report = leadlens::book::LeadImport::default();
    let parts = leadlens::book::csv_import::split(&csv, 7);
    assert!(parts.len() > 5);
    for part in parts {
        let request = Request::ImportLeads {
            csv: part.csv,
            name: "crm-export.csv".into(),
            region: Some("US".into()),
            line_offset: part.line_offset,
        };
        let Response::LeadsImported { report: part, .. } = parted.handle(request, &ctx(1, "")).0 else { panic!() };
        report.absorb(part);
    }
    report.changed.sort();
    report.changed.dedup();
    assert_eq!(report, expected);
    assert_eq!(parted.book().len(), leads);
    let all = |app: &App| app.book().leads().into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(all(&parted), all(&whole), "the same leads, from the same lines");
}

#[test]
fn a_file_that_names_nobody_is_refused_with_what_to_fix() {
    let mut app = App::default();
    let Response::Error { message } = import(&mut app, "id,notes\n1,hello\n") else { panic!() };
    assert!(message.starts_with("Lead file not imported: no column names a person"), "{message}");
    assert_eq!(app.book().len(), 0);
}

#[test]
fn add_all_puts_everyone_on_the_page_on_the_call_list_once() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let (r, changes) = app.handle(Request::AddAllFromTab { tab_id: 1 }, &ctx(1, ""));
    assert_eq!(r, Response::AddedAll { added: 4, already: 0, refused: vec![] });
    assert_eq!(changes.tasks.len(), 4);
    let (r, changes) = app.handle(Request::AddAllFromTab { tab_id: 1 }, &ctx(1, ""));
    assert_eq!(r, Response::AddedAll { added: 0, already: 4, refused: vec![] });
    assert!(changes.tasks.is_empty());
    let Response::Search { hits } = app.handle(Request::Search { query: "Becker".into() }, &ctx(1, "")).0 else {
        panic!()
    };
    assert_eq!(hits[0].lead.name, "Tom Becker");
    assert!(hits[0].open_task.is_some(), "search shows who is already on the list");
    // A company's first word finds its people.
    let Response::Search { hits } = app.handle(Request::Search { query: "northwind".into() }, &ctx(1, "")).0 else {
        panic!()
    };
    assert_eq!(hits.len(), 4, "{hits:#?}");
}

#[test]
fn the_rep_picks_among_possible_leads_and_is_not_asked_again() {
    let mut app = App::default();
    let book = "full_name,company,email\nJane Doe,Acme,jane@acme.example\nJane Doe,Globex,jane.doe@globex.example\n";
    import(&mut app, book);
    let page = r#"<script type="application/ld+json">{"@type":"Person","name":"Jane Doe","jobTitle":"Buyer"}</script>"#;
    let url = "https://events.example/speakers/jane";
    visit(&mut app, 3, url, page);
    let v = view(&mut app, 3);
    assert!(v.people.is_empty(), "{v:#?}");
    let asked = &v.pending[0];
    assert_eq!(asked.name, "Jane Doe");
    let offered: Vec<&str> = asked.candidates.iter().filter_map(|c| c.lead.company.as_deref()).collect();
    assert_eq!(offered.len(), 2, "{asked:#?}");
    assert!(asked.candidates.iter().all(|c| !c.reasons.is_empty()));
    let globex = asked.candidates.iter().find(|c| c.lead.company.as_deref() == Some("Globex")).unwrap().lead.id.clone();
    let (r, changes) =
        app.handle(Request::ResolveMatch { tab_id: 3, person: 0, lead_id: Some(globex.clone()) }, &ctx(3, url));
    assert_eq!(r, Response::Resolved { lead_id: globex.clone() });
    assert_eq!(changes.leads.len(), 2, "the chosen lead gains the title, the other remembers the refusal");
    let v = view(&mut app, 3);
    assert!(v.pending.is_empty());
    assert_eq!(v.people[0].lead.title.as_deref(), Some("Buyer"));
    // The same capture again: placed by the rep's answer, no question.
    visit(&mut app, 4, url, page);
    let again = view(&mut app, 4);
    assert!(again.pending.is_empty(), "{again:#?}");
    let MatchOutcome::Match { lead, reasons, .. } = &again.people[0].outcome else { panic!() };
    assert_eq!((lead, reasons[0].as_str()), (&globex, "you said this is Jane Doe"));
    // A stale answer is refused in words.
    let (r, _) = app.handle(Request::ResolveMatch { tab_id: 3, person: 0, lead_id: None }, &ctx(3, url));
    assert!(
        matches!(r, Response::Error { ref message } if message.starts_with("That question was already answered")),
        "{r:?}"
    );
}

#[test]
fn a_forgotten_person_leaves_nothing_behind() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    app.handle(Request::AddAllFromTab { tab_id: 1 }, &ctx(1, ""));
    let tom = view(&mut app, 1).people.into_iter().find(|p| p.lead.name == "Tom Becker").unwrap().lead.id;
    let (r, changes) = app.handle(Request::ForgetLead { lead_id: tom.clone() }, &ctx(1, ""));
    assert_eq!(r, Response::Forgotten { name: "Tom Becker".into() });
    assert_eq!(changes.forgotten_leads, vec![tom.clone()]);
    assert_eq!(changes.forgotten_tasks.len(), 1);
    assert_eq!(changes.tabs.len(), 1, "the tab no longer shows him");
    assert_eq!(app.book().len(), 3);
    assert!(app.tasks().iter().all(|t| t.lead != tom));
    assert!(view(&mut app, 1).people.iter().all(|p| p.lead.name != "Tom Becker"));
    let Response::Search { hits } = app.handle(Request::Search { query: "Becker".into() }, &ctx(1, "")).0 else {
        panic!()
    };
    assert!(hits.is_empty(), "{hits:?}");
    // The others are still found as before.
    let Response::Search { hits } =
        app.handle(Request::Search { query: "priya.raman@northwind.example".into() }, &ctx(1, "")).0
    else {
        panic!()
    };
    assert_eq!(hits[0].lead.name, "Priya Raman");
    let (r, _) = app.handle(Request::ForgetLead { lead_id: tom }, &ctx(1, ""));
    assert!(matches!(r, Response::Error { .. }));
}

#[test]
fn the_campaign_goal_goes_on_new_calls_and_their_follow_ups() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let (r, changes) = app.handle(Request::SetObjective { objective: Objective::Webinar }, &ctx(1, ""));
    assert_eq!(r, Response::Done);
    assert_eq!(changes.settings.map(|s| s.objective), Some(Objective::Webinar), "saved");
    let (r, _) = app.handle(Request::AddFromTab { tab_id: 1, hints: vec!["Tom Becker".into()] }, &ctx(1, ""));
    let Response::TaskAdded { task, .. } = r else { panic!("{r:?}") };
    assert_eq!(task.objective, Objective::Webinar);
    // A new goal later does not change calls already planned; the follow-up keeps the call's own.
    app.handle(Request::SetObjective { objective: Objective::CloseNow }, &ctx(1, ""));
    let log =
        Request::LogOutcome { task_id: task.id, outcome: Outcome::NoAnswer, note: String::new(), callback_at: None };
    let Response::OutcomeLogged { next: Some(next), .. } = app.handle(log, &ctx(1, "")).0 else { panic!() };
    assert_eq!(next.objective, Objective::Webinar);
    let Response::CallList { objective, .. } = app.handle(Request::GetCallList, &ctx(1, "")).0 else { panic!() };
    assert_eq!(objective, Objective::CloseNow);
}

#[test]
fn a_disqualified_lead_is_listed_for_clean_up_with_the_reps_note() {
    let mut app = App::default();
    visit(&mut app, 1, "https://northwind.example/team", TEAM);
    let (r, _) = app.handle(Request::AddFromTab { tab_id: 1, hints: vec!["Priya Raman".into()] }, &ctx(1, ""));
    let Response::TaskAdded { task, .. } = r else { panic!("{r:?}") };
    let Response::Cleanup { entries, .. } = app.handle(Request::GetCleanup, &ctx(1, "")).0 else { panic!() };
    assert!(entries.is_empty());
    let note = "no budget until 2028".to_string();
    app.handle(
        Request::LogOutcome { task_id: task.id, outcome: Outcome::Disqualified, note, callback_at: None },
        &ctx(1, ""),
    );
    let Response::Cleanup { entries, .. } = app.handle(Request::GetCleanup, &ctx(1, "")).0 else { panic!() };
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].name.as_str(), entries[0].note.as_str()), ("Priya Raman", "no budget until 2028"));
}
