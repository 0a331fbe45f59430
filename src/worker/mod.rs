//! The extension's service worker as plain Rust: when the lead book is read and written, what is
//! kept in memory, when the match index is saved, when the retention runs, and how the CRM
//! outbox and pulls are driven. It works over a [`Store`] (IndexedDB in the browser,
//! `MemoryStore` in tests) and a [`Host`] (the clock, alarms, fetch, the badge), so that native
//! tests reach every decision; `browser/` (wasm32 only) implements the two traits and forwards
//! the browser's events here.
//!
//! Wasm is single-threaded: futures here are not `Send`, and the state sits in `RefCell`s that
//! are never borrowed across an `await`.

mod crm;
#[cfg(any(test, feature = "testkit"))]
mod memory;
mod store;
#[cfg(test)]
mod tests;

pub use crm::run;
#[cfg(any(test, feature = "testkit"))]
pub use memory::MemoryStore;
pub use store::{Store, StoreError};

use crate::app::{App, AppError, Changes, Context, Prepared};
use crate::book::LeadBook;
use crate::crm::{CrmError, CrmSettings, HttpRequest, HttpResponse};
use crate::messages::{Request, Response};
use crate::model::{Lead, LeadId};
use crate::outbox::{self, Outbox, Status};
use chrono::{DateTime, Utc};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Leads a worker keeps in memory between requests; past that, the next request reads what it
/// wants again.
pub const KEEP_IN_MEMORY: usize = 5_000;
/// Leads indexed again per read at a start: a million are never all in memory at once.
const CHUNK: usize = 5_000;
/// Reads of wanted leads before a request gives up: a second is needed only when another request
/// let go of leads while this one was reading.
const READS: usize = 3;

/// The time, and a console for what nobody waits for.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
    fn warn(&self, message: &str);
}

/// The CRM's transport, async: `fetch` in the browser.
// Used generically only, and Wasm is single-threaded: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Fetch {
    /// Sends one request; statuses are answers, only no answer at all is an error.
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, CrmError>;
}

/// What the worker asks of the browser besides storage.
// Used generically only, and Wasm is single-threaded: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Host: Clock + Fetch {
    /// The rep's offset from UTC in minutes, east positive.
    fn rep_offset_minutes(&self) -> i32;
    /// Runs a task beside the current one (after the current turn).
    fn spawn(&self, task: Pin<Box<dyn Future<Output = ()>>>);
    /// The CRM settings, if a CRM is configured.
    async fn crm_settings(&self) -> Option<CrmSettings>;
    /// Wakes the worker at `when` to send what waits in the outbox, or never (`None`).
    fn outbox_alarm(&self, when: Option<DateTime<Utc>>);
    /// The outbox's pending and parked counts, for the badge.
    fn show_status(&self, status: Status);
    /// Tells open extension pages that the lead book changed.
    fn notify_changed(&self);
    /// Everything was deleted: the CRM settings and the alarms go too.
    fn forget_crm(&self);
    /// The sites nothing is read from, where the content script checks them before it sends a
    /// page (see [`crate::reading::SiteRules::quiet`]).
    fn publish_quiet(&self, sites: Vec<String>);
}

/// How a start went, for anyone timing it (the shell logs it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Started {
    pub leads: usize,
    /// Leads indexed again (the journal's, or every lead without a saved index).
    pub reindexed: usize,
    /// Milliseconds: tasks, tabs and the saved index read; the index opened; leads indexed
    /// again; the whole start.
    pub read_ms: f64,
    pub open_ms: f64,
    pub index_ms: f64,
    pub total_ms: f64,
}

/// An app opened from storage: how the start went, and the journal's length after it.
pub struct Opened {
    pub app: App,
    pub started: Started,
    pub journaled: usize,
}

/// The loaded state: the app and the outbox (dropped alone after a wipe: nothing left to send).
pub struct Loaded {
    pub app: App,
    pub outbox: Option<Outbox>,
}

struct State<S> {
    loaded: Loaded,
    store: Rc<S>,
}

/// The worker: its state while loaded, and what it knows of storage beyond it.
pub struct Worker<S, H> {
    host: H,
    state: RefCell<Option<State<S>>>,
    /// Leads written or deleted since the match index was saved, as far as this worker knows:
    /// the journal's length.
    journaled: Cell<usize>,
    /// Outbox lanes sending now; every kick tops them up to the most that run at once.
    running: Cell<usize>,
    pulling: Cell<bool>,
}

/// Whether the saved index is behind by more than a twentieth of the book: then it is saved
/// again (the weights learnt again first), so that a start never indexes much again and a busy
/// day does not rewrite the whole index at every request.
fn behind(journaled: usize, leads: usize) -> bool {
    journaled * 20 > leads
}

fn ms(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_microseconds().unwrap_or(0) as f64 / 1e3
}

/// Opens the app from `store` as a worker start does: reads the tasks, the tabs and the saved
/// match index, not the leads (each request reads those it wants). The leads written since the
/// index was saved (the journal) are indexed again; without an index this build can read, every
/// lead is. The index is saved again when it was behind.
pub async fn open_app(store: &impl Store, clock: &impl Clock) -> Result<Opened, StoreError> {
    let started = clock.now();
    let (tasks, tabs) = (store.tasks().await?, store.tabs().await?);
    let saved = store.saved_index().await;
    let got = clock.now();
    let opened = saved.and_then(LeadBook::open);
    let read = clock.now();
    let (mut book, reindexed, save) = match opened {
        Some(mut book) => {
            let journal = store.reindex_journal().await?;
            for ids in journal.chunks(CHUNK) {
                let changed = store.read_leads(ids).await?;
                let written: HashSet<&LeadId> = changed.iter().map(|l| &l.id).collect();
                let gone: Vec<LeadId> = ids.iter().filter(|id| !written.contains(id)).cloned().collect();
                book.reindex(changed, &gone);
                book.trim(KEEP_IN_MEMORY);
            }
            let save = behind(journal.len(), book.len());
            (book, journal.len(), save)
        }
        // No index this build can read (the first start, another version's): every lead is
        // indexed, a chunk at a time.
        None => {
            let mut book = LeadBook::stored();
            let mut after = None;
            loop {
                let (leads, last) = store.read_chunk(after.as_ref(), CHUNK).await?;
                let Some(last) = last else { break };
                after = Some(last);
                book.reindex(leads, &[]);
                book.trim(KEEP_IN_MEMORY);
            }
            let count = book.len();
            (book, count, true)
        }
    };
    if save {
        // The weights are learnt from the book as it now is.
        book.learn();
    }
    let indexed = clock.now();
    let mut journaled = reindexed;
    if save && index_saved(clock, store.save_index(&book).await) {
        journaled = 0;
    }
    let leads = book.len();
    let app = App::from_book(book, tasks, tabs);
    let done = clock.now();
    let started = Started {
        leads,
        reindexed,
        read_ms: ms(started, got),
        open_ms: ms(got, read),
        index_ms: ms(read, indexed),
        total_ms: ms(started, done),
    };
    // An unreadable list is an error, not a default: an empty do-not-call list would let calls through.
    let suppression = store.suppression().await?.unwrap_or_default();
    let settings = store.settings().await?.unwrap_or_default();
    let review = store.review().await?.unwrap_or_default();
    let app = app.with_suppression(suppression).with_settings(settings).with_review(review);
    Ok(Opened { app, started, journaled })
}

/// Whether a save of the index went through; a failure leaves the journal as it was (the next
/// start indexes its leads again: slower, nothing lost), so it is only told.
fn index_saved(clock: &impl Clock, result: Result<(), StoreError>) -> bool {
    result.map_err(|e| clock.warn(&format!("Leadlens: the match index was not saved ({e})"))).is_ok()
}

impl<S: Store + 'static, H: Host + 'static> Worker<S, H> {
    pub fn new(host: H) -> Worker<S, H> {
        Worker {
            host,
            state: RefCell::new(None),
            journaled: Cell::new(0),
            running: Cell::new(0),
            pulling: Cell::new(false),
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.state.borrow().is_some()
    }

    fn store(&self) -> Option<Rc<S>> {
        self.state.borrow().as_ref().map(|s| s.store.clone())
    }

    /// Opens the lead book and the outbox from `store`; entries a stopped worker left in flight
    /// go back to pending, stored at once.
    pub async fn load(&self, store: S) -> Result<Started, StoreError> {
        let Opened { app, started, journaled } = open_app(&store, &self.host).await?;
        self.journaled.set(journaled);
        let (outbox, recovered) = {
            let (entries, links) = store.outbox().await?;
            Outbox::load(entries, links, self.host.now())
        };
        store.persist_outbox(&recovered).await?;
        *self.state.borrow_mut() = Some(State { loaded: Loaded { app, outbox: Some(outbox) }, store: Rc::new(store) });
        self.publish_quiet(self.host.crm_settings().await.as_ref());
        Ok(started)
    }

    /// Tells the content script which sites it must not read: at each start, and whenever the
    /// site lists or the CRM change.
    pub fn publish_quiet(&self, crm: Option<&CrmSettings>) {
        let base = crm.map(|c| c.base_url.as_str());
        if let Some(sites) = self.with_loaded(|l| l.app.sites().quiet(base)) {
            self.host.publish_quiet(sites);
        }
    }

    /// Runs `work` once every lead `wanted` names for `job` is in memory (read from storage as
    /// needed): leads are put in memory and worked on in one turn, so that no other request lets
    /// go of them in between.
    pub async fn with_wanted<J, R>(
        &self,
        job: J,
        wanted: impl Fn(&App, &J) -> Vec<LeadId>,
        work: impl FnOnce(&mut Loaded, J) -> R,
    ) -> Result<(R, Rc<S>), String> {
        let mut pending = Some((job, work));
        let mut read: Option<Vec<Lead>> = None;
        for attempt in 0..READS {
            let step = {
                let mut state = self.state.borrow_mut();
                state.as_mut().and_then(|State { loaded, store }| {
                    let book = loaded.app.book_mut();
                    if attempt == 0 {
                        book.trim(KEEP_IN_MEMORY);
                    }
                    if let Some(leads) = read.take() {
                        book.supply(leads);
                    }
                    let (job, work) = pending.take()?;
                    let missing = loaded.app.book().missing(&wanted(&loaded.app, &job));
                    if missing.is_empty() {
                        Some(Ok((work(loaded, job), store.clone())))
                    } else {
                        pending = Some((job, work));
                        Some(Err((missing, store.clone())))
                    }
                })
            };
            match step {
                None => break,
                Some(Ok(done)) => return Ok(done),
                Some(Err((missing, store))) => {
                    read = Some(store.read_leads(&missing).await.map_err(|e| e.to_string())?)
                }
            }
        }
        Err("The lead book is not open or was busy; try again.".into())
    }

    /// The loaded state, for work beside requests.
    pub fn with_loaded<R>(&self, f: impl FnOnce(&mut Loaded) -> R) -> Option<R> {
        self.state.borrow_mut().as_mut().map(|s| f(&mut s.loaded))
    }

    fn with_outbox<R>(&self, f: impl FnOnce(&mut Outbox) -> R) -> Option<R> {
        self.with_loaded(|l| l.outbox.as_mut().map(f)).flatten()
    }

    /// Memory is ahead of storage (a write failed): drop it so the next request reloads what was
    /// saved.
    pub fn forget(&self) {
        self.state.borrow_mut().take();
    }

    /// Writes a request's changes, the outbox entries they queued and where a pull resumes, in
    /// one transaction; a failure forgets the state (the next request reloads what was saved).
    async fn persist(
        &self,
        store: &S,
        changes: &Changes,
        queued: &outbox::OutboxChanges,
        cursor: Option<&crate::crm::PullCursor>,
    ) -> Result<(), String> {
        if let Err(e) = store.persist(changes, queued, cursor).await {
            self.forget();
            return Err(e.to_string());
        }
        let noted = changes.leads.len() + changes.forgotten_leads.len();
        self.journaled.set(if changes.wiped { noted } else { self.journaled.get() + noted });
        Ok(())
    }

    /// Runs one request against the state and persists what it changed before answering.
    pub async fn handle(self: &Rc<Self>, request: Request, ctx: &Context, crm: Option<&CrmSettings>) -> Response {
        let retention_changed = matches!(request, Request::SetRetention { .. });
        // The CRM's own pages are never read (the app knows the other quiet sites itself).
        if let (Request::Page { .. }, Some((_, url)), Some(crm)) = (&request, &ctx.tab, crm) {
            if crate::reading::on_crm(url, &crm.base_url) {
                return Response::Error { message: AppError::NotRead.to_string() };
            }
        }
        let job = App::prepare(request, ctx);
        let ran = self
            .with_wanted(job, App::wanted, |loaded, job| {
                let (response, changes) = loaded.app.run(job, ctx);
                let queued = match &mut loaded.outbox {
                    Some(o) => crate::sync::queue(crm, &response, &changes, loaded.app.book(), o, self.host.now()),
                    None => Default::default(),
                };
                (response, changes, queued)
            })
            .await;
        let ((response, changes, queued), store) = match ran {
            Ok(ran) => ran,
            Err(message) => return Response::Error { message },
        };
        if changes.is_empty() {
            return response;
        }
        if let Err(message) = self.persist(&store, &changes, &queued, None).await {
            return Response::Error { message };
        }
        self.keep_index_saved();
        if changes.settings.is_some() || changes.wiped {
            self.publish_quiet(crm.filter(|_| !changes.wiped));
        }
        if changes.wiped {
            // The CRM outbox and settings go too: nothing is left to send, nowhere to send it.
            self.with_loaded(|l| l.outbox = None);
            self.host.forget_crm();
        }
        if !queued.is_empty() {
            self.kick();
        }
        // The new retention reaches every lead before the rep is told it did.
        if retention_changed {
            if let Err(message) = self.walk_retention(false).await {
                return Response::Error { message };
            }
        }
        self.host.notify_changed();
        response
    }

    /// Saves the match index again, after the reply, once the leads written since it was saved
    /// are a twentieth of the book: a large import leaves the next start little to index again.
    pub fn keep_index_saved(self: &Rc<Self>) {
        let worker = self.clone();
        self.host.spawn(Box::pin(async move {
            // Learnt and begun in one turn: no write gets in between (see [`Store::save_index`]).
            let journaled = worker.journaled.get();
            let begun = {
                let mut state = worker.state.borrow_mut();
                state.as_mut().and_then(|State { loaded, store }| {
                    let book = loaded.app.book_mut();
                    behind(journaled, book.len()).then(|| {
                        book.learn();
                        store.save_index(book)
                    })
                })
            };
            if let Some(saving) = begun {
                if index_saved(&worker.host, saving.await) {
                    worker.journaled.set(0);
                }
            }
        }));
    }

    /// Applies the retention to every lead, a stretch of leads at a time (a large book is never
    /// in memory whole): once a day at a start (`daily`), and when the rep changes it. What it
    /// drops stays in this browser (the CRM has no visits).
    pub async fn walk_retention(&self, daily: bool) -> Result<(), String> {
        let Some(store) = self.store() else { return Ok(()) };
        let now = self.host.now();
        if daily {
            let last = store.retention_applied_at().await.map_err(|e| e.to_string())?;
            if last.is_some_and(|at| now - at < chrono::Duration::days(1)) {
                return Ok(());
            }
        }
        let ctx = Context { now, rep_offset_minutes: self.host.rep_offset_minutes(), tab: None };
        let mut after = None;
        // Bounded: each stretch moves the mark on past leads that exist.
        loop {
            let job = Prepared::Request(Request::ApplyRetention { after });
            let ((response, changes), _) =
                self.with_wanted(job, App::wanted, |loaded, job| loaded.app.run(job, &ctx)).await?;
            self.persist(&store, &changes, &Default::default(), None).await?;
            match response {
                Response::Walked { next: Some(next) } => after = Some(next),
                Response::Walked { next: None } => break,
                other => return Err(format!("unexpected answer to the retention: {other:?}")),
            }
        }
        store.set_retention_applied(now).await.map_err(|e| e.to_string())
    }
}
