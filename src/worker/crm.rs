//! The outbox drained over the host's fetch one entry at a time with every state change stored
//! first, woken by an alarm so that a worker stopped at any point picks up where it was; pulls
//! of what changed in the CRM, a stretch of pages per alarm; the CRM's search. What to send and
//! how to retry is decided by [`crate::outbox`] and [`crate::sync`]; this carries it out.

use super::{Fetch, Host, Store, Worker};
use crate::crm::{Connector, CrmError, CrmSettings, Exchange, Job, PullCursor, PulledLead, Reply, Step};
use crate::messages::Response;
use crate::model::LeadId;
use crate::sync::{self, pull, SyncRequest, SyncView};
use chrono::Duration;
use std::rc::Rc;

/// While a drain runs, the alarm is a minute ahead in case the worker is stopped mid-send.
const SAFETY_MINUTES: i64 = 1;
/// Entries sent at once, each for a different lead (a lead's own go one at a time, in order):
/// most of a send is waiting for the CRM, so a few in parallel drain several times faster.
const LANES: usize = 4;
/// Pages read in one pull at most: a large CRM is read over several alarms, not in one go.
const PULL_PAGES: usize = 20;

/// Runs a job to its end over `fetch` (the async twin of [`crate::crm::run`]).
pub async fn run(connector: &dyn Connector, fetch: &impl Fetch, job: &Job<'_>) -> Result<Reply, CrmError> {
    let mut exchange = Exchange::default();
    loop {
        match exchange.next(connector, job)? {
            Step::Done(outcome) => return Ok(outcome),
            Step::Send(request) => exchange.answer(fetch.send(&request).await?),
        }
    }
}

impl<S: Store + 'static, H: Host + 'static> Worker<S, H> {
    /// Sends what is due: tops the running lanes up to `LANES`; a lane stops when nothing is
    /// ready for it, and the last one sets the alarm for what waits.
    pub fn kick(self: &Rc<Self>) {
        for _ in self.running.get()..LANES {
            self.running.set(self.running.get() + 1);
            let worker = self.clone();
            self.host.spawn(Box::pin(async move {
                if let Err(e) = worker.lane().await {
                    worker.host.warn(&format!("Leadlens outbox: {e}"));
                }
                worker.running.set(worker.running.get().saturating_sub(1));
                if worker.running.get() == 0 {
                    // The alarm at the next entry's due time, or none when nothing waits.
                    worker.host.outbox_alarm(worker.with_outbox(|o| o.next_due()).flatten());
                }
                worker.show_status();
            }));
        }
    }

    /// Sends ready entries one after another, each for a lead no other lane is sending for,
    /// storing every state change before going on.
    async fn lane(&self) -> Result<(), String> {
        let Some(store) = self.outbox_store() else { return Ok(()) };
        let Some(settings) = self.host.crm_settings().await else { return Ok(()) };
        // Settings that cannot work leave everything queued; the options page says why.
        let connector = settings.connector().map_err(|e| e.to_string())?;
        self.host.outbox_alarm(Some(self.host.now() + Duration::minutes(SAFETY_MINUTES)));
        while let Some((entry, begun)) = self.with_outbox(|o| o.begin_next(self.host.now())).flatten() {
            let crm_id = self.with_outbox(|o| o.crm_id(&entry.lead).cloned()).flatten();
            let sent = match store.persist_outbox(&begun).await {
                Ok(()) => run(connector.as_ref(), &self.host, &entry.job(crm_id.as_ref(), self.host.now())).await,
                Err(e) => return Err(self.forgotten(e)),
            };
            let finished = self.with_outbox(|o| o.finish(&entry.key, sent, self.host.now())).unwrap_or_default();
            store.persist_outbox(&finished).await.map_err(|e| self.forgotten(e))?;
            self.show_status();
        }
        Ok(())
    }

    /// The store, while the outbox is loaded (after a wipe it is not: nothing is left to send).
    fn outbox_store(&self) -> Option<Rc<S>> {
        self.with_outbox(|_| ()).and_then(|()| self.store())
    }

    /// Memory is ahead of storage (an entry marked in memory only): reload from what was saved.
    fn forgotten(&self, error: super::StoreError) -> String {
        self.forget();
        error.to_string()
    }

    fn show_status(&self) {
        if let Some(status) = self.with_outbox(|o| o.status()) {
            self.host.show_status(status);
        }
    }

    /// Reads what changed in the CRM since the last pull into the lead book; how many leads it
    /// read. One pull at a time: another asked for meanwhile reads nothing.
    pub async fn pull_now(self: &Rc<Self>) -> Result<usize, String> {
        if self.pulling.replace(true) {
            return Ok(0);
        }
        let result = self.pull_pages().await;
        self.pulling.set(false);
        if result.as_ref().is_ok_and(|n| *n > 0) {
            self.host.notify_changed();
        }
        result
    }

    /// A scheduled pull: its failure waits for the next one.
    pub async fn pull_logged(self: &Rc<Self>) {
        if let Err(e) = self.pull_now().await {
            self.host.warn(&format!("Leadlens pull: {e}"));
        }
    }

    /// Up to `PULL_PAGES` pages, each filed, linked and passed in one write with where the
    /// next resumes: a page is either filed and passed, or pulled again.
    async fn pull_pages(self: &Rc<Self>) -> Result<usize, String> {
        let (Some(store), Some(settings)) = (self.outbox_store(), self.host.crm_settings().await) else { return Ok(0) };
        let connector = settings.connector().map_err(|e| e.to_string())?;
        let mut cursor = store.pull_cursor().await.map_err(|e| e.to_string())?.unwrap_or_default();
        let mut read = 0;
        for _ in 0..PULL_PAGES {
            let Reply::Pulled { leads, next, high_water } =
                run(connector.as_ref(), &self.host, &Job::Pull { cursor: &cursor }).await.map_err(|e| e.to_string())?
            else {
                return Ok(read);
            };
            let pull::PullReport { changes, links, .. } = self.file(&leads, &settings).await?;
            let caught_up = next.is_none();
            let resume = next.unwrap_or(PullCursor { since: high_water.or(cursor.since), page: None });
            self.persist(&store, &changes, &links, Some(&resume)).await?;
            self.keep_index_saved();
            read += leads.len();
            cursor = resume;
            if caught_up {
                break;
            }
        }
        Ok(read)
    }

    /// Files leads read from the CRM into the lead book and links them (see [`pull::file`]);
    /// persist what it returns.
    async fn file(&self, leads: &[PulledLead], settings: &CrmSettings) -> Result<pull::PullReport, String> {
        let source = pull::source(&settings.base_url, self.host.now());
        let (filed, _) = self
            .with_wanted(leads, pull::wanted, |loaded, leads| {
                loaded.outbox.as_mut().map(|o| pull::file(&mut loaded.app, o, leads, &source))
            })
            .await?;
        filed.ok_or_else(|| "the lead book is not open; try again".to_string())
    }

    /// The CRM's search for a query the lead book found too little for: its leads filed into the
    /// lead book through the matcher (so the next search finds them here) and answered as hits.
    /// A failure is a message beside the lead book's own hits, never an error that hides them.
    pub async fn search(self: &Rc<Self>, query: &str, settings: &CrmSettings) -> Response {
        let crm = settings.kind.name().to_string();
        let failed =
            |message: String| Response::CrmSearch { crm: Some(crm.clone()), hits: Vec::new(), message: Some(message) };
        let connector = match settings.connector() {
            Ok(c) => c,
            Err(e) => return failed(format!("{crm} was not searched. {e}")),
        };
        let leads = match run(connector.as_ref(), &self.host, &Job::Search { query }).await {
            Ok(Reply::Found { leads }) => leads,
            Ok(_) => return failed(format!("{crm} answered the search with something else.")),
            Err(e @ CrmError::Unsupported(_)) => return failed(e.to_string()),
            Err(e) => return failed(format!("{crm} could not be searched: {e}")),
        };
        let filed = match self.file(&leads, settings).await {
            Ok(filed) => filed,
            Err(e) => return failed(e),
        };
        let Some(store) = self.outbox_store() else { return failed("the lead book is not open; try again".into()) };
        if let Err(e) = self.persist(&store, &filed.changes, &filed.links, None).await {
            return failed(e);
        }
        self.keep_index_saved();
        if !filed.changes.is_empty() {
            self.host.notify_changed();
        }
        let ids: Vec<LeadId> = filed.ids.iter().flatten().cloned().collect();
        let hits = self.with_loaded(|l| l.app.found_hits(&ids, &crm, self.host.now())).unwrap_or_default();
        // Found, but each like several leads here: not filed, as a captured person would be
        // asked about on the page that shows them.
        let unsure = filed.ids.len() - ids.len() - filed.forgotten;
        let message = (unsure > 0).then(|| {
            format!("{unsure} more found in {crm} may be leads you have already (a possible match): not added.")
        });
        Response::CrmSearch { crm: Some(crm), hits, message }
    }

    /// Answers the options page.
    pub async fn answer(self: &Rc<Self>, request: SyncRequest) -> Result<SyncView, String> {
        let mut note = None;
        match request {
            SyncRequest::SyncStatus => {}
            SyncRequest::SyncNow => self.kick(),
            SyncRequest::SyncPull => {
                note = Some(match self.pull_now().await {
                    Ok(n) => format!("Read {n} new or changed leads from the CRM into the lead book."),
                    Err(e) => format!("The CRM's leads could not be read: {e}"),
                })
            }
            SyncRequest::SyncRetryParked => {
                let store = self.outbox_store().ok_or("the outbox is not open; try again")?;
                let changes = self.with_outbox(|o| sync::retry_parked(o, self.host.now())).unwrap_or_default();
                store.persist_outbox(&changes).await.map_err(|e| e.to_string())?;
                self.kick();
            }
        }
        let view = self.with_outbox(|o| SyncView::of(o, self.host.now())).ok_or("the outbox is not open; try again")?;
        Ok(SyncView { note, ..view })
    }
}
