//! The outbox in the service worker: loaded with the lead book, drained over fetch one entry at a
//! time with every state change stored first, and woken by an alarm so that a worker stopped at
//! any point picks up where it was. What to send and how to retry is decided by
//! [`crate::outbox`] and [`crate::sync`]; this only carries it out.

use super::chrome::{self, fire_and_forget};
use super::{fetch, from_js, store, to_js, worker};
use crate::app::Changes;
use crate::book::LeadBook;
use crate::crm::{CrmError, CrmSettings, Job, PullCursor, PulledLead, Reply};
use crate::messages::Response;
use crate::model::LeadId;
use crate::outbox::{self, Outbox};
use crate::sync::{self, pull, SyncRequest, SyncView};
use chrono::{Duration, Utc};
use idb::Database;
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Where the options page keeps the CRM settings (token included) in `chrome.storage.local`.
pub const SETTINGS_KEY: &str = "crm";
/// The alarm that wakes the worker to drain: set to the next entry's due time, and while a drain
/// runs, a minute ahead in case the worker is stopped mid-send.
pub const ALARM: &str = "leadlens-outbox";
const SAFETY_MINUTES: i64 = 1;
/// Entries sent at once, each for a different lead (a lead's own go one at a time, in order):
/// most of a send is waiting for the CRM, so a few in parallel drain several times faster.
const LANES: usize = 4;
/// The alarm that pulls what changed in the CRM into the lead book.
pub const PULL_ALARM: &str = "leadlens-pull";
const PULL_EVERY_MINUTES: u32 = 15;
/// Pages read in one pull at most: a large CRM is read over several alarms, not in one go.
const PULL_PAGES: usize = 20;

thread_local! {
    static OUTBOX: RefCell<Option<(Outbox, Rc<Database>)>> = const { RefCell::new(None) };
    /// Lanes sending now; every kick tops them up to [`LANES`].
    static RUNNING: Cell<usize> = const { Cell::new(0) };
    static PULLING: Cell<bool> = const { Cell::new(false) };
}

/// Loads the outbox; entries a stopped worker left in flight go back to pending, stored at once.
pub async fn load(db: Rc<Database>) -> Result<(), String> {
    let (outbox, recovered) = store::load_outbox(&db).await?;
    store::persist_outbox(&db, &recovered).await?;
    OUTBOX.with(|o| *o.borrow_mut() = Some((outbox, db)));
    Ok(())
}

/// Forgets the outbox in memory (storage failed): the next request reloads it.
pub fn unload() {
    OUTBOX.with(|o| o.borrow_mut().take());
}

fn with_outbox<R>(f: impl FnOnce(&mut Outbox) -> R) -> Option<R> {
    OUTBOX.with(|o| o.borrow_mut().as_mut().map(|(outbox, _)| f(outbox)))
}

fn database() -> Option<Rc<Database>> {
    OUTBOX.with(|o| o.borrow().as_ref().map(|(_, db)| db.clone()))
}

/// The CRM settings, if a CRM is configured.
pub async fn settings() -> Option<CrmSettings> {
    let stored = JsFuture::from(chrome::storage_get(SETTINGS_KEY).ok()?).await.ok()?;
    let value = js_sys::Reflect::get(&stored, &SETTINGS_KEY.into()).ok()?;
    if value.is_undefined() {
        return None;
    }
    from_js(value).ok()
}

/// Queues what a handled request sends to the CRM (nothing without one); persist the result
/// with the request's own changes.
pub fn queue(
    settings: Option<&CrmSettings>,
    response: &Response,
    changes: &Changes,
    book: &LeadBook,
) -> outbox::OutboxChanges {
    with_outbox(|o| sync::queue(settings, response, changes, book, o, Utc::now())).unwrap_or_default()
}

/// Sends what is due: tops the running lanes up to [`LANES`]; a lane stops when nothing is ready
/// for it, and the last one sets the alarm for what waits.
pub fn kick() {
    for _ in RUNNING.with(Cell::get)..LANES {
        RUNNING.with(|r| r.set(r.get() + 1));
        wasm_bindgen_futures::spawn_local(async {
            if let Err(e) = lane().await {
                web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens outbox: {e}")));
            }
            let left = RUNNING.with(|r| {
                r.set(r.get().saturating_sub(1));
                r.get()
            });
            if left == 0 {
                schedule();
            }
            show_status();
        });
    }
}

/// Sends ready entries one after another, each for a lead no other lane is sending for, storing
/// every state change before going on.
async fn lane() -> Result<(), String> {
    let Some(db) = database() else { return Ok(()) };
    let Some(settings) = settings().await else { return Ok(()) };
    // Settings that cannot work leave everything queued; the options page says why.
    let connector = settings.connector().map_err(|e| e.to_string())?;
    set_alarm((Utc::now() + Duration::minutes(SAFETY_MINUTES)).timestamp_millis() as f64);
    while let Some((entry, begun)) = with_outbox(|o| o.begin_next(Utc::now())).flatten() {
        let crm_id = with_outbox(|o| o.crm_id(&entry.lead).cloned()).flatten();
        let sent = match store::persist_outbox(&db, &begun).await {
            Ok(()) => fetch::run(connector.as_ref(), &entry.job(crm_id.as_ref(), Utc::now())).await,
            Err(e) => return Err(forget(e)),
        };
        let finished = with_outbox(|o| o.finish(&entry.key, sent, Utc::now())).unwrap_or_default();
        store::persist_outbox(&db, &finished).await.map_err(forget)?;
        show_status();
    }
    Ok(())
}

/// Memory is ahead of storage (an entry marked in memory only): reload from what was saved.
fn forget(error: String) -> String {
    worker::forget();
    error
}

/// The alarm at the next entry's due time, or none when nothing waits.
fn schedule() {
    match with_outbox(|o| o.next_due()).flatten() {
        Some(due) => set_alarm(due.timestamp_millis() as f64),
        None => fire_and_forget(chrome::alarms_clear(ALARM)),
    }
}

fn set_alarm(when_ms: f64) {
    if let Ok(info) = to_js(&json!({ "when": when_ms })) {
        fire_and_forget(chrome::alarms_create(ALARM, &info));
    }
}

/// The pending and parked counts on the action's badge (tabs with a capture count keep theirs).
fn show_status() {
    let Some(status) = with_outbox(|o| o.status()) else { return };
    let (text, title) = sync::badge(status);
    let color = if status.parked > 0 { "#b3261e" } else { "#5f6368" };
    for (set, details) in [
        (chrome::set_badge_text as fn(&JsValue) -> _, json!({ "text": text })),
        (chrome::set_title, json!({ "title": title })),
        (chrome::set_badge_background_color, json!({ "color": color })),
    ] {
        if let Ok(details) = to_js(&details) {
            fire_and_forget(set(&details));
        }
    }
}

/// The pull alarm, unless it is set already (setting it again would restart its period).
pub async fn schedule_pulls() {
    let Ok(existing) = chrome::alarms_get(PULL_ALARM) else { return };
    let set = JsFuture::from(existing).await.is_ok_and(|a| !a.is_undefined());
    if !set {
        if let Ok(info) = to_js(&json!({ "periodInMinutes": PULL_EVERY_MINUTES })) {
            fire_and_forget(chrome::alarms_create(PULL_ALARM, &info));
        }
    }
}

/// A scheduled pull: its failure waits for the next one.
pub async fn pull_logged() {
    if let Err(e) = pull_now().await {
        web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens pull: {e}")));
    }
}

/// Reads what changed in the CRM since the last pull into the lead book; how many leads it read.
async fn pull_now() -> Result<usize, String> {
    if PULLING.with(|p| p.replace(true)) {
        return Ok(0);
    }
    let result = pull_pages().await;
    PULLING.with(|p| p.set(false));
    if result.as_ref().is_ok_and(|n| *n > 0) {
        worker::notify_changed();
    }
    result
}

/// Files leads read from the CRM into the lead book and links them (see [`pull::file`]); persist
/// what it returns.
async fn file(leads: &[PulledLead], settings: &CrmSettings) -> Result<pull::PullReport, String> {
    let source = pull::source(&settings.base_url, Utc::now());
    worker::with_wanted(leads, pull::wanted, |app, leads, _| with_outbox(|o| pull::file(app, o, leads, &source)))
        .await?
        .ok_or_else(|| "the lead book is not open; try again".to_string())
}

/// The CRM's search for a query the lead book found too little for: its leads filed into the
/// lead book through the matcher (so the next search finds them here) and answered as hits. One
/// search job per request; each request has fetch's timeout. A failure is a message beside the
/// lead book's own hits, never an error that hides them.
pub async fn search(query: &str, settings: &CrmSettings) -> Response {
    let crm = settings.kind.name().to_string();
    let failed =
        |message: String| Response::CrmSearch { crm: Some(crm.clone()), hits: Vec::new(), message: Some(message) };
    let connector = match settings.connector() {
        Ok(c) => c,
        Err(e) => return failed(format!("{crm} was not searched. {e}")),
    };
    let leads = match fetch::run(connector.as_ref(), &Job::Search { query }).await {
        Ok(Reply::Found { leads }) => leads,
        Ok(_) => return failed(format!("{crm} answered the search with something else.")),
        Err(e @ CrmError::Unsupported(_)) => return failed(e.to_string()),
        Err(e) => return failed(format!("{crm} could not be searched: {e}")),
    };
    let filed = match file(&leads, settings).await {
        Ok(filed) => filed,
        Err(e) => return failed(e),
    };
    let Some(db) = database() else { return failed("the lead book is not open; try again".into()) };
    if let Err(e) = store::persist(&db, &filed.changes, &filed.links).await {
        return failed(forget(e));
    }
    worker::keep_index_saved(db);
    if !filed.changes.is_empty() {
        worker::notify_changed();
    }
    let ids: Vec<LeadId> = filed.ids.iter().flatten().cloned().collect();
    let hits = worker::with_app(|app| app.found_hits(&ids, &crm, Utc::now())).unwrap_or_default();
    // Found, but each like several leads here: not filed, as a captured person would be asked
    // about on the page that shows them.
    let unsure = filed.ids.len() - ids.len() - filed.forgotten;
    let message = (unsure > 0)
        .then(|| format!("{unsure} more found in {crm} may be leads you have already (a possible match): not added."));
    Response::CrmSearch { crm: Some(crm), hits, message }
}

async fn pull_pages() -> Result<usize, String> {
    let (Some(db), Some(settings)) = (database(), settings().await) else { return Ok(0) };
    let connector = settings.connector().map_err(|e| e.to_string())?;
    let mut cursor = store::pull_cursor(&db).await?;
    let mut read = 0;
    for _ in 0..PULL_PAGES {
        let Reply::Pulled { leads, next, high_water } =
            fetch::run(connector.as_ref(), &Job::Pull { cursor: &cursor }).await.map_err(|e| e.to_string())?
        else {
            return Ok(read);
        };
        let pull::PullReport { changes, links, .. } = file(&leads, &settings).await?;
        let caught_up = next.is_none();
        let resume = next.unwrap_or(PullCursor { since: high_water.or(cursor.since), page: None });
        store::persist_pull(&db, &changes, &links, &resume).await.map_err(forget)?;
        worker::keep_index_saved(db.clone());
        read += leads.len();
        cursor = resume;
        if caught_up {
            break;
        }
    }
    Ok(read)
}

/// Answers the options page.
pub async fn answer(request: SyncRequest) -> Result<SyncView, String> {
    let mut note = None;
    match request {
        SyncRequest::SyncStatus => {}
        SyncRequest::SyncNow => kick(),
        SyncRequest::SyncPull => {
            note = Some(match pull_now().await {
                Ok(n) => format!("Read {n} new or changed leads from the CRM into the lead book."),
                Err(e) => format!("The CRM's leads could not be read: {e}"),
            })
        }
        SyncRequest::SyncRetryParked => {
            let db = database().ok_or("the outbox is not open; try again")?;
            let changes = with_outbox(|o| sync::retry_parked(o, Utc::now())).unwrap_or_default();
            store::persist_outbox(&db, &changes).await?;
            kick();
        }
    }
    let view = with_outbox(|o| SyncView::of(o, Utc::now())).ok_or("the outbox is not open; try again")?;
    Ok(SyncView { note, ..view })
}

/// Whether a message is ours: anything else goes on to the lead book.
pub fn parse(message: &JsValue) -> Option<SyncRequest> {
    from_js(message.clone()).ok()
}
