//! A worker opens the lead book from its saved index and reads only the leads each request wants
//! (`App::wanted`). Here the same requests go to an app holding every lead and to one run that way,
//! against a store kept as the worker keeps IndexedDB (its leads, tasks, tabs, the saved index and
//! the journal of leads to index again), with every lead let go of before each request and the
//! worker restarted now and then: every answer and every change must be the same.

use chrono::{DateTime, Utc};
use leadlens::app::{App, Changes, Context, TabRecord};
use leadlens::book::{LeadBook, Mark, SavedIndex};
use leadlens::messages::{Request, Response, TabId};
use leadlens::model::EngagementKind::Visit;
use leadlens::model::{CallTask, Lead, LeadId, Outcome};
use leadlens::plan::{PlanSettings, SuppressionList};
use leadlens::synth::lead_book;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const TEAM: &str = include_str!("../demo/site/team.html");
const PROFILE: &str = include_str!("../demo/site/in/maria-gonzalez-ops.html");
/// One of our posts, with its reactions and comments.
const POST: &str = include_str!("fixtures/sites/linkedin.com/feed/update/urn:li:activity:7401000000000000001.html");
const POST_URL: &str = "https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001";

fn ctx(tab: TabId, url: &str) -> Context {
    let now: DateTime<Utc> = "2026-11-24T15:00:00Z".parse().unwrap();
    Context { now, rep_offset_minutes: 0, tab: Some((tab, url.to_string())) }
}

/// What the worker's IndexedDB holds.
#[derive(Default)]
struct Store {
    leads: HashMap<LeadId, Lead>,
    tasks: BTreeMap<String, CallTask>,
    tabs: BTreeMap<TabId, TabRecord>,
    saved: SavedIndex,
    journal: BTreeSet<LeadId>,
    suppression: SuppressionList,
    settings: PlanSettings,
}

impl Store {
    fn new() -> Store {
        Store { saved: LeadBook::stored().saved_index(), ..Store::default() }
    }

    fn persist(&mut self, c: &Changes) {
        for lead in &c.leads {
            self.journal.insert(lead.id.clone());
            self.leads.insert(lead.id.clone(), lead.clone());
        }
        for id in &c.forgotten_leads {
            self.journal.insert(id.clone());
            self.leads.remove(id);
        }
        for task in &c.tasks {
            self.tasks.insert(task.id.to_string(), task.clone());
        }
        for id in &c.forgotten_tasks {
            self.tasks.remove(&id.to_string());
        }
        for tab in &c.tabs {
            self.tabs.insert(tab.tab_id, tab.clone());
        }
        for id in &c.closed_tabs {
            self.tabs.remove(id);
        }
        if let Some(s) = &c.suppression {
            self.suppression = s.clone();
        }
        if let Some(s) = &c.settings {
            self.settings = s.clone();
        }
    }

    /// A worker start: the saved index and the leads the journal names, then the index saved again.
    fn start(&mut self) -> App {
        let changed: Vec<Lead> = self.journal.iter().filter_map(|id| self.leads.get(id)).cloned().collect();
        let gone: Vec<LeadId> = self.journal.iter().filter(|id| !self.leads.contains_key(id)).cloned().collect();
        let mut book = LeadBook::open(self.saved.clone()).expect("the saved index serves");
        book.reindex(changed, &gone);
        self.saved = book.saved_index();
        self.journal.clear();
        let (tasks, tabs) = (self.tasks.values().cloned().collect(), self.tabs.values().cloned().collect());
        App::from_book(book, tasks, tabs)
            .with_suppression(self.suppression.clone())
            .with_settings(self.settings.clone())
    }

    /// One request as the worker runs it: the leads it wants read first, none other in memory.
    fn run(&mut self, app: &mut App, request: Request, ctx: &Context) -> (Response, Changes) {
        app.book_mut().trim(0);
        let job = App::prepare(request, ctx);
        let missing = app.book().missing(&app.wanted(&job));
        app.book_mut().supply(missing.iter().filter_map(|id| self.leads.get(id)).cloned().collect());
        let (response, changes) = app.run(job, ctx);
        self.persist(&changes);
        (response, changes)
    }
}

/// The app holding every lead and the app run as the worker runs it, side by side.
struct Pair {
    whole: App,
    lazy: App,
    store: Store,
    requests: usize,
}

impl Pair {
    fn new() -> Pair {
        let mut store = Store::new();
        let lazy = store.start();
        Pair { whole: App::default(), lazy, store, requests: 0 }
    }

    fn send(&mut self, request: Request, ctx: &Context) -> Response {
        let told = format!("{request:?}");
        let (expected, expected_changes) = self.whole.handle(request.clone(), ctx);
        let (response, changes) = self.store.run(&mut self.lazy, request, ctx);
        assert_eq!(response, expected, "request {}: {}", self.requests, &told[..told.len().min(300)]);
        assert_eq!(changes, expected_changes, "request {}: {}", self.requests, &told[..told.len().min(300)]);
        self.requests += 1;
        if self.requests % 40 == 0 {
            self.lazy = self.store.start();
        }
        response
    }
}

fn page(pair: &mut Pair, tab: TabId, url: &str, html: String) -> Response {
    pair.send(Request::Page { html, truncated: false, vcards: vec![], read_at: None }, &ctx(tab, url))
}

/// A walk through the whole book, part by part; the parts' text joined.
fn walk(pair: &mut Pair, request: fn(Option<Mark>) -> Request, ctx: &Context) -> String {
    let (mut text, mut after) = (String::new(), None);
    for _ in 0..1_000 {
        match pair.send(request(after), ctx) {
            Response::Part { text: part, next } => {
                text.push_str(&part);
                after = next;
            }
            Response::Walked { next } => after = next,
            other => panic!("{other:?}"),
        }
        if after.is_none() {
            return text;
        }
    }
    panic!("the walk did not end");
}

/// A page about one person, as a company site's JSON-LD would say it.
fn person_page(f: &leadlens::matching::Fields) -> String {
    let person = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": f.full_name,
        "givenName": f.first_name,
        "familyName": f.last_name,
        "jobTitle": f.title,
        "worksFor": { "@type": "Organization", "name": f.company },
        "email": f.emails.first(),
        "telephone": f.phones.first(),
        "address": { "@type": "PostalAddress", "addressLocality": f.city },
        "sameAs": f.profiles,
    });
    format!(r#"<html><head><script type="application/ld+json">{person}</script></head><body></body></html>"#)
}

fn lead_file(rows: &[leadlens::synth::BookRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["first_name", "last_name", "full_name", "title", "company", "email", "phone", "city", "linkedin"])
        .unwrap();
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();
    for r in rows {
        let f = &r.fields;
        w.write_record([
            &f.first_name,
            &f.last_name,
            &f.full_name,
            &f.title,
            &f.company,
            &first(&f.emails),
            &first(&f.phones),
            &f.city,
            &first(&f.profiles),
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_book_read_lead_by_lead_answers_every_request_as_a_book_held_whole() {
    let mut pair = Pair::new();
    let rows = lead_book(300, 11);
    let (filed, visited) = rows.split_at(rows.len() / 2);
    let import = |rows: &[leadlens::synth::BookRow]| Request::ImportLeads {
        csv: lead_file(rows),
        name: "book.csv".into(),
        region: Some("US".into()),
        line_offset: 0,
    };
    for chunk in filed.chunks(60) {
        assert!(matches!(pair.send(import(chunk), &ctx(1, "")), Response::LeadsImported { .. }));
    }
    let ours = "https://www.linkedin.com/company/tidewave-logistics/\n@tidewavehq".into();
    pair.send(Request::SetEngagement { ours, auto_add: true, daily_cap: 3, meeting_value: 2_000 }, &ctx(1, ""));
    page(&mut pair, 3, POST_URL, POST.into());
    page(&mut pair, 1, "https://northwind.example/team", TEAM.into());
    page(&mut pair, 2, "https://www.linkedin.com/in/maria-gonzalez-ops", PROFILE.into());
    pair.send(Request::AddAllFromTab { tab_id: 1 }, &ctx(1, ""));
    let (mut matched, mut asked) = (0, 0);
    for (i, row) in visited.iter().enumerate() {
        let tab = 10 + i as TabId;
        page(&mut pair, tab, &format!("https://people.example/{i}"), person_page(&row.fields));
        let Response::Tab { view: Some(view) } = pair.send(Request::GetTab { tab_id: tab }, &ctx(tab, "")) else {
            continue;
        };
        matched += view.people.iter().filter(|p| p.outcome != leadlens::matching::MatchOutcome::New).count();
        if !view.pending.is_empty() {
            asked += 1;
            // The rep says which: the first offered, or someone new every third time.
            let lead_id = (i % 3 != 0).then(|| view.pending[0].candidates[0].lead.id.clone());
            pair.send(Request::ResolveMatch { tab_id: tab, person: 0, lead_id }, &ctx(tab, ""));
        }
        match i % 7 {
            0 => {
                pair.send(Request::AddFromTab { tab_id: tab, hints: vec![] }, &ctx(tab, ""));
            }
            1 => {
                pair.send(Request::Search { query: row.fields.last_name.clone() }, &ctx(tab, ""));
            }
            2 => {
                if let Some(p) = view.people.first() {
                    pair.send(Request::ForgetLead { lead_id: p.lead.id.clone() }, &ctx(tab, ""));
                }
            }
            _ => {}
        }
    }
    let Response::CallList { items, .. } = pair.send(Request::GetCallList, &ctx(1, "")) else { panic!() };
    assert!(items.len() > 5, "{}", items.len());
    for (i, item) in items.iter().take(4).enumerate() {
        let logged = Request::LogOutcome {
            task_id: item.task.id.clone(),
            outcome: if i == 0 { Outcome::Disqualified } else { Outcome::NoAnswer },
            note: String::new(),
            callback_at: None,
        };
        assert!(matches!(pair.send(logged, &ctx(1, "")), Response::OutcomeLogged { .. }));
    }
    let Response::Cleanup { entries, .. } = pair.send(Request::GetCleanup, &ctx(1, "")) else { panic!() };
    let Response::Engagement { rows, .. } = pair.send(Request::GetEngagement, &ctx(1, "")) else { panic!() };
    for request in [Request::ExportCleanupCsv, Request::GetPrivacy] {
        pair.send(request, &ctx(1, ""));
    }
    let csv = walk(&mut pair, |after| Request::ExportCsv { after }, &ctx(1, ""));
    assert_eq!(csv.lines().next(), Some("lead_id,full_name,first_name,last_name,title,company,headline,email,phone,linkedin,profiles,website,location,source_url,created_at,task_status,task_due,task_note"));
    let all: serde_json::Value =
        serde_json::from_str(&walk(&mut pair, |after| Request::ExportAll { after }, &ctx(1, ""))).unwrap();
    assert_eq!(all["leads"].as_array().map(Vec::len), Some(pair.whole.book().len()));
    // A week later, with a retention of three days: the rep's visits go, a stretch at a time.
    let visits = |leads: Vec<&Lead>| leads.iter().flat_map(|l| &l.engagement).filter(|e| e.kind == Visit).count();
    let before = visits(pair.whole.book().leads());
    let later = Context { now: ctx(1, "").now + chrono::Duration::days(7), ..ctx(1, "") };
    pair.send(Request::SetRetention { days: 3 }, &later);
    walk(&mut pair, |after| Request::ApplyRetention { after }, &later);
    let stored = visits(pair.store.leads.values().collect());
    assert_eq!((before > 20, visits(pair.whole.book().leads()), stored), (true, 0, 0), "{before} visits before");
    // The run met what it is for: people matched, questions asked, reports with rows, restarts.
    assert!(matched > 50 && asked > 3 && pair.requests > 80, "matched {matched}, asked {asked}, {}", pair.requests);
    assert_eq!(entries.len(), 1, "the disqualified lead");
    assert!(rows.iter().any(|r| r.reactions > 0), "{rows:?}");
}
