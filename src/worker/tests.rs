//! The worker's policy over [`MemoryStore`], driven as the browser drives it: requests, restarts,
//! failed writes, the retention and the outbox's lanes.

use super::*;
use crate::crm::{CrmKind, PullCursor};
use crate::model::EngagementKind;
use crate::outbox::State;
use crate::sync::SyncRequest;
use std::collections::VecDeque;
use std::task::{Context as TaskContext, Poll, Waker};

const TEAM: &str = include_str!("../../demo/site/team.html");
const TEAM_URL: &str = "https://northwind.example/team";

/// Runs a future that never waits (the memory store and the test host answer at once).
fn block_on<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut TaskContext::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("a future waited, and nothing here ever wakes it"),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The browser as the tests play it: a clock they set, tasks they run, answers they script.
#[derive(Default)]
struct TestHost {
    now: Cell<DateTime<Utc>>,
    spawned: RefCell<VecDeque<Pin<Box<dyn Future<Output = ()>>>>>,
    warnings: RefCell<Vec<String>>,
    crm: RefCell<Option<CrmSettings>>,
    /// What each request sent gets, in order; none left is no answer at all.
    answers: RefCell<VecDeque<HttpResponse>>,
    sent: RefCell<Vec<HttpRequest>>,
    alarms: RefCell<Vec<Option<DateTime<Utc>>>>,
    changed: Cell<usize>,
    /// The sites the content script was last told not to read.
    quiet: RefCell<Vec<String>>,
}

impl Clock for Rc<TestHost> {
    fn now(&self) -> DateTime<Utc> {
        self.now.get()
    }

    fn warn(&self, message: &str) {
        self.warnings.borrow_mut().push(message.to_string());
    }
}

impl Fetch for Rc<TestHost> {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, CrmError> {
        self.sent.borrow_mut().push(request.clone());
        self.answers.borrow_mut().pop_front().ok_or_else(|| CrmError::Network("no answer".into()))
    }
}

impl Host for Rc<TestHost> {
    fn rep_offset_minutes(&self) -> i32 {
        0
    }

    fn spawn(&self, task: Pin<Box<dyn Future<Output = ()>>>) {
        self.spawned.borrow_mut().push_back(task);
    }

    async fn crm_settings(&self) -> Option<CrmSettings> {
        self.crm.borrow().clone()
    }

    fn outbox_alarm(&self, when: Option<DateTime<Utc>>) {
        self.alarms.borrow_mut().push(when);
    }

    fn show_status(&self, _: Status) {}

    fn notify_changed(&self) {
        self.changed.set(self.changed.get() + 1);
    }

    fn forget_crm(&self) {
        self.crm.borrow_mut().take();
    }

    fn publish_quiet(&self, sites: Vec<String>) {
        *self.quiet.borrow_mut() = sites;
    }
}

type TestWorker = Rc<Worker<MemoryStore, Rc<TestHost>>>;

struct Rig {
    host: Rc<TestHost>,
    store: MemoryStore,
    worker: TestWorker,
}

impl Rig {
    /// A worker started on an empty store at 2026-11-24 15:00 UTC, the rep having set the test
    /// sites (`*.example`) to save everyone they open: these tests are about storage, not about
    /// who is saved (`tests/app.rs` is).
    fn new() -> Rig {
        let host = Rc::new(TestHost::default());
        host.now.set(at("2026-11-24T15:00:00Z"));
        let rig = Rig { worker: Rc::new(Worker::new(host.clone())), host, store: MemoryStore::new() };
        block_on(rig.worker.load(rig.store.clone())).expect("load");
        let never_read = crate::reading::SiteRules::default().lists().never_read;
        let rule = Request::SetSites { never_read, paused: String::new(), save_everyone: "example".into() };
        assert!(matches!(rig.send(rule, None), Response::Sites { .. }));
        rig
    }

    /// The worker stopped and started again on the same store.
    fn restart(&mut self) -> Started {
        self.worker = Rc::new(Worker::new(self.host.clone()));
        block_on(self.worker.load(self.store.clone())).expect("reload")
    }

    /// What the shell does with a request: loads the state if it was forgotten, then handles it
    /// and runs what the handling spawned.
    fn send(&self, request: Request, tab: Option<(i32, &str)>) -> Response {
        if !self.worker.is_loaded() {
            block_on(self.worker.load(self.store.clone())).expect("reload");
        }
        let ctx =
            Context { now: self.host.now(), rep_offset_minutes: 0, tab: tab.map(|(id, url)| (id, url.to_string())) };
        let crm = self.host.crm.borrow().clone();
        let response = block_on(self.worker.handle(request, &ctx, crm.as_ref()));
        self.run_spawned();
        response
    }

    fn run_spawned(&self) {
        loop {
            let next = self.host.spawned.borrow_mut().pop_front();
            let Some(task) = next else { break };
            block_on(task);
        }
    }

    fn page(&self, tab: i32, url: &str, html: &str) -> Response {
        self.send(
            Request::Page { html: html.into(), truncated: false, vcards: vec![], read_at: None },
            Some((tab, url)),
        )
    }

    fn import(&self, people: usize, seed: u64) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["first_name", "last_name", "title", "company", "email", "phone", "city"]).unwrap();
        for f in crate::synth::distinct_leads(people, seed) {
            let first = |v: &[String]| v.first().cloned().unwrap_or_default();
            w.write_record([
                &f.first_name,
                &f.last_name,
                &f.title,
                &f.company,
                &first(&f.emails),
                &first(&f.phones),
                &f.city,
            ])
            .unwrap();
        }
        let csv = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let request = Request::ImportLeads { csv, name: "book.csv".into(), region: Some("US".into()), line_offset: 0 };
        let response = self.send(request, None);
        assert!(matches!(response, Response::LeadsImported { .. }), "{response:?}");
    }

    fn book_len(&self) -> usize {
        self.worker.with_loaded(|l| l.app.book().len()).expect("loaded")
    }

    fn in_memory(&self) -> usize {
        self.worker.with_loaded(|l| l.app.book().leads().len()).expect("loaded")
    }

    fn tasks(&self) -> usize {
        self.worker.with_loaded(|l| l.app.tasks().len()).expect("loaded")
    }
}

fn first_lead(store: &MemoryStore) -> LeadId {
    store.leads()[0].id.clone()
}

#[test]
fn a_first_start_opens_an_empty_book_and_saves_its_index() {
    let rig = Rig::new();
    assert_eq!((rig.book_len(), rig.tasks()), (0, 0));
    assert!(rig.store.saved_index_now().is_some(), "nothing to read again at the next start");
    assert!(rig.host.warnings.borrow().is_empty());
}

#[test]
fn a_restart_after_writes_opens_the_same_book() {
    let mut rig = Rig::new();
    let captured = rig.page(5, TEAM_URL, TEAM);
    assert!(matches!(captured, Response::Captured { people: 4, .. }), "{captured:?}");
    let lead = first_lead(&rig.store);
    let added = rig.send(Request::AddToCallList { lead_id: lead.clone() }, None);
    assert!(matches!(added, Response::TaskAdded { created: true, .. }), "{added:?}");
    let before = rig.worker.with_loaded(|l| (l.app.book().get(&lead).cloned(), l.app.tasks().to_vec())).unwrap();

    let started = rig.restart();
    assert_eq!((started.leads, rig.book_len()), (4, 4));
    let tab = rig.send(Request::GetTab { tab_id: 5 }, None);
    assert!(matches!(&tab, Response::Tab { view: Some(v) } if v.people.len() == 4), "{tab:?}");
    let wanted = Prepared::Request(Request::AddToCallList { lead_id: lead.clone() });
    let (after, _) = block_on(
        rig.worker.with_wanted(wanted, App::wanted, |l, _| (l.app.book().get(&lead).cloned(), l.app.tasks().to_vec())),
    )
    .expect("read");
    assert_eq!(after, before);
}

#[test]
fn a_start_reuses_the_saved_index_and_reads_only_the_leads_a_request_wants() {
    let mut rig = Rig::new();
    rig.page(5, TEAM_URL, TEAM);
    // Four leads written to an empty book: far behind, so the index was saved after the reply.
    assert!(rig.store.journal().is_empty(), "the index was saved and the journal emptied");
    // The next start reads no lead at all, and a request reads only what it wants.
    let read = rig.store.leads_read();
    let started = rig.restart();
    assert_eq!((started.leads, started.reindexed, rig.store.leads_read() - read), (4, 0, 0));
    assert_eq!(rig.in_memory(), 0);
    let lead = first_lead(&rig.store);
    let added = rig.send(Request::AddToCallList { lead_id: lead }, None);
    assert!(matches!(added, Response::TaskAdded { .. }), "{added:?}");
    assert_eq!(rig.store.leads_read() - read, 1);
}

#[test]
fn a_start_without_a_readable_index_indexes_every_lead_again() {
    let mut rig = Rig::new();
    rig.page(5, TEAM_URL, TEAM);
    rig.restart();
    // No index (a first start with leads, or another version's index): every lead is read and
    // indexed.
    let other = MemoryStore::new();
    let changes = Changes { leads: rig.store.leads(), ..Changes::default() };
    block_on(other.persist(&changes, &Default::default(), None)).unwrap();
    rig.store = other;
    let started = rig.restart();
    assert_eq!((started.leads, started.reindexed), (4, 4));
    assert_eq!(rig.store.leads_read(), 4);
}

#[test]
fn the_index_is_saved_again_only_once_a_twentieth_of_the_book_changed() {
    let mut rig = Rig::new();
    rig.import(60, 3);
    rig.restart();
    assert!(rig.store.journal().is_empty());
    let leads = rig.store.leads();
    let answer = |l: &Lead| Request::SetQualification { lead_id: l.id.clone(), qualification: Default::default() };
    // Three of sixty changed: a twentieth, not more; the index stays as saved.
    for lead in &leads[..3] {
        let set = rig.send(answer(lead), None);
        assert!(!matches!(set, Response::Error { .. }), "{set:?}");
    }
    assert_eq!(rig.store.journal().len(), 3);
    // A start indexes those three again, reads no other lead, and leaves the index as saved.
    let read = rig.store.leads_read();
    let started = rig.restart();
    assert_eq!((started.reindexed, rig.store.leads_read() - read), (3, 3));
    assert_eq!(rig.store.journal().len(), 3);
    // A fourth is more than a twentieth: saved after the reply, the journal emptied.
    rig.send(answer(&leads[3]), None);
    assert!(rig.store.journal().is_empty());
    let started = rig.restart();
    assert_eq!(started.reindexed, 0);
}

#[test]
fn a_book_larger_than_what_is_kept_in_memory_is_let_go_of_and_read_again() {
    let mut rig = Rig::new();
    rig.import(KEEP_IN_MEMORY + 200, 5);
    assert!(rig.in_memory() > KEEP_IN_MEMORY);
    rig.restart();
    let leads = rig.store.leads();
    for lead in leads.iter().take(KEEP_IN_MEMORY + 1) {
        rig.worker.with_loaded(|l| l.app.book_mut().supply(vec![lead.clone()]));
    }
    assert!(rig.in_memory() > KEEP_IN_MEMORY);
    // The next request lets go of the book before it reads what it wants.
    let read = rig.store.leads_read();
    let last = leads.last().unwrap().id.clone();
    let shown = rig.send(Request::SetQualification { lead_id: last, qualification: Default::default() }, None);
    assert_eq!(shown, Response::Done);
    assert_eq!((rig.in_memory(), rig.store.leads_read() - read), (1, 1));
}

#[test]
fn a_failed_write_forgets_the_state_and_the_next_request_reloads_what_was_saved() {
    let rig = Rig::new();
    rig.page(5, TEAM_URL, TEAM);
    let lead = first_lead(&rig.store);
    rig.store.fail_writes(1);
    let failed = rig.send(Request::AddToCallList { lead_id: lead.clone() }, None);
    assert_eq!(failed, Response::Error { message: "cannot save: the browser aborted the write".into() });
    assert!(!rig.worker.is_loaded(), "memory was ahead of storage: forgotten");
    // Reloaded: the capture is there, the task that was not saved is not, and it can be added.
    let added = rig.send(Request::AddToCallList { lead_id: lead }, None);
    assert!(matches!(added, Response::TaskAdded { created: true, .. }), "{added:?}");
    assert_eq!((rig.book_len(), rig.tasks()), (4, 1));
}

#[test]
fn the_retention_drops_only_what_is_older_and_runs_daily_only_when_due() {
    let rig = Rig::new();
    let visit = |tab: i32| rig.page(tab, &format!("https://people.example/{tab}"), TEAM);
    let day = chrono::Duration::days(1);
    let t0 = rig.host.now();
    visit(1);
    rig.host.now.set(t0 + day * 5);
    visit(2);
    rig.host.now.set(t0 + day * 6);
    let set = rig.send(Request::SetRetention { days: 3 }, None);
    assert!(!matches!(set, Response::Error { .. }), "{set:?}");
    let tabs = |store: &MemoryStore| store.tabs_now().iter().map(|t| t.tab_id).collect::<Vec<_>>();
    assert_eq!(tabs(&rig.store), [2], "the capture of six days ago went, the one of a day ago stayed");
    let visits: Vec<DateTime<Utc>> = (rig.store.leads().iter())
        .flat_map(|l| l.engagement.iter().filter(|e| e.kind == EngagementKind::Visit).map(|e| e.at))
        .collect();
    assert!(!visits.is_empty() && visits.iter().all(|at| *at == t0 + day * 5), "{visits:?}");

    // A capture already older than the retention stays until the daily walk is due.
    rig.host.now.set(t0 + day * 2);
    visit(3);
    rig.host.now.set(t0 + day * 6 + chrono::Duration::hours(23));
    block_on(rig.worker.walk_retention(true)).unwrap();
    assert_eq!(tabs(&rig.store), [2, 3], "a day has not passed since the last walk");
    rig.host.now.set(t0 + day * 7);
    block_on(rig.worker.walk_retention(true)).unwrap();
    assert_eq!(tabs(&rig.store), [2]);
}

/// A rig with BottleCRM configured and a task queued for it (the lead, then the call).
fn queued() -> (Rig, DateTime<Utc>) {
    let rig = Rig::new();
    *rig.host.crm.borrow_mut() = Some(CrmSettings {
        kind: CrmKind::Bottlecrm,
        base_url: "http://127.0.0.1:9".into(),
        token: "t".into(),
        mapping: None,
    });
    rig.page(5, TEAM_URL, TEAM);
    let now = rig.host.now();
    (rig, now)
}

fn add(rig: &Rig) {
    let lead = first_lead(&rig.store);
    let added = rig.send(Request::AddToCallList { lead_id: lead }, None);
    assert!(matches!(added, Response::TaskAdded { .. }), "{added:?}");
}

#[test]
fn an_outbox_entry_the_crm_asks_to_wait_for_is_retried_when_it_says() {
    let (rig, now) = queued();
    rig.host.answers.borrow_mut().push_back(HttpResponse {
        status: 429,
        headers: vec![("Retry-After".into(), "120".into())],
        body: String::new(),
    });
    add(&rig);
    assert_eq!(rig.host.sent.borrow().len(), 1, "one lane sent the lead; the call waits for it");
    let entries = rig.store.outbox_entries();
    let lead = entries.iter().find(|e| e.attempts == 1).expect("the lead's entry was tried and stored");
    assert_eq!((&lead.state, lead.next_at), (&State::Pending, now + chrono::Duration::seconds(120)));
    // A lane sets the alarm a minute ahead while it sends; the last to end, at the next due time.
    let alarms = rig.host.alarms.borrow();
    assert_eq!(alarms.first(), Some(&Some(now + chrono::Duration::minutes(1))));
    assert_eq!(alarms.last(), Some(&Some(now + chrono::Duration::seconds(120))));
}

#[test]
fn an_outbox_entry_without_an_answer_is_retried_after_its_backoff() {
    let (rig, now) = queued();
    add(&rig);
    let entries = rig.store.outbox_entries();
    let lead = entries.iter().find(|e| e.attempts == 1).expect("tried once");
    let due = now + outbox::backoff(&lead.key, 1);
    assert_eq!(lead.next_at, due);
    assert_eq!(rig.host.alarms.borrow().last(), Some(&Some(due)));
    assert_eq!(rig.host.warnings.borrow().len(), 0, "a network error is retried, not a failure of the lane");
}

#[test]
fn a_lane_whose_write_fails_forgets_the_outbox_and_sends_nothing() {
    let (rig, _) = queued();
    let lead = first_lead(&rig.store);
    let response = rig.send(Request::AddToCallList { lead_id: lead.clone() }, None);
    assert!(matches!(response, Response::TaskAdded { .. }));
    // Once the entry is due again, a restarted worker's lane fails to mark it in flight.
    let mut rig = rig;
    rig.host.now.set(rig.host.now() + chrono::Duration::days(1));
    rig.restart();
    rig.store.fail_writes(1);
    rig.worker.kick();
    let sent = rig.host.sent.borrow().len();
    rig.run_spawned();
    assert_eq!(rig.host.sent.borrow().len(), sent, "nothing is sent before it is stored as in flight");
    assert!(!rig.worker.is_loaded());
    assert!(rig.host.warnings.borrow().iter().any(|w| w.contains("cannot save")), "{:?}", rig.host.warnings.borrow());
}

fn page_of_leads() -> HttpResponse {
    let body = serde_json::json!({"open_leads": {"open_leads": [
        {"id": "a", "updated_at": "2026-11-23T11:00:00Z", "email": "ada@lovelace.test", "first_name": "Ada",
         "last_name": "Lovelace"},
        {"id": "b", "updated_at": "2026-11-23T13:00:00Z", "email": "alan@turing.test", "first_name": "Alan",
         "last_name": "Turing"}]}});
    HttpResponse { status: 200, headers: vec![], body: body.to_string() }
}

#[test]
fn a_pulled_page_is_filed_and_passed_in_one_write_or_pulled_again() {
    let (rig, _) = queued();
    let cursor = || block_on(rig.store.pull_cursor()).unwrap();
    // The write fails: nothing filed, the cursor where it was, the state forgotten.
    rig.host.answers.borrow_mut().push_back(page_of_leads());
    rig.store.fail_writes(1);
    let pulled = block_on(rig.worker.pull_now());
    assert_eq!(pulled, Err("cannot save: the browser aborted the write".into()));
    assert_eq!((cursor(), rig.store.leads().len()), (None, 4));
    assert!(!rig.worker.is_loaded());
    // Pulled again: both filed, linked, and the next pull resumes after the newest.
    block_on(rig.worker.load(rig.store.clone())).unwrap();
    rig.host.answers.borrow_mut().push_back(page_of_leads());
    let changed = rig.host.changed.get();
    let view = block_on(rig.worker.answer(SyncRequest::SyncPull)).unwrap();
    assert_eq!(view.note.as_deref(), Some("Read 2 new or changed leads from the CRM into the lead book."));
    assert_eq!(rig.store.leads().len(), 6);
    assert_eq!(cursor(), Some(PullCursor { since: Some(at("2026-11-23T13:00:00Z")), page: None }));
    assert_eq!(rig.host.changed.get(), changed + 1, "the panel is told");
    // Caught up: one page asked for each time.
    assert_eq!(rig.host.sent.borrow().len(), 2);
}

#[test]
fn the_content_script_is_told_which_sites_not_to_read_and_the_crm_s_own_pages_are_refused() {
    let mut rig = Rig::new();
    let quiet = rig.host.quiet.borrow().clone();
    assert!(quiet.contains(&"mail.google.com".to_string()), "webmail, from the first start: {quiet:?}");
    *rig.host.crm.borrow_mut() = Some(CrmSettings {
        kind: CrmKind::Bottlecrm,
        base_url: "http://127.0.0.1:9/api".into(),
        token: "t".into(),
        mapping: None,
    });
    rig.restart();
    assert!(rig.host.quiet.borrow().contains(&"127.0.0.1:9".to_string()), "{:?}", rig.host.quiet.borrow());
    let refused = rig.page(5, "http://127.0.0.1:9/leads/42", TEAM);
    assert!(
        matches!(&refused, Response::Error { message } if message.contains("does not read this site")),
        "{refused:?}"
    );
    assert!(rig.store.tabs_now().is_empty(), "nothing kept from the CRM's page");
    // Another site on the same machine is read; a paused site joins the list at once.
    assert!(matches!(rig.page(6, "http://127.0.0.1:8080/team", TEAM), Response::Captured { people: 4, .. }));
    rig.send(Request::SetSiteRule { tab_id: 6, rule: crate::reading::SiteRule::Pause }, None);
    assert!(rig.host.quiet.borrow().contains(&"127.0.0.1".to_string()), "{:?}", rig.host.quiet.borrow());
}
