//! The outbox in the service worker: loaded with the lead book, drained over fetch one entry at a
//! time with every state change stored first, and woken by an alarm so that a worker stopped at
//! any point picks up where it was. What to send and how to retry is decided by
//! [`crate::outbox`] and [`crate::sync`]; this only carries it out.

use super::chrome::{self, fire_and_forget};
use super::{fetch, from_js, store, to_js};
use crate::app::Changes;
use crate::book::LeadBook;
use crate::crm::CrmSettings;
use crate::messages::Response;
use crate::outbox::{self, Outbox};
use crate::sync::{self, SyncRequest, SyncView};
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

thread_local! {
    static OUTBOX: RefCell<Option<(Outbox, Rc<Database>)>> = const { RefCell::new(None) };
    /// A drain is running; `AGAIN` asks it for one more pass (something was queued meanwhile).
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
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
) -> outbox::Changes {
    with_outbox(|o| sync::queue(settings, response, changes, book, o, Utc::now())).unwrap_or_default()
}

/// Starts a drain unless one runs, in which case it makes one more pass.
pub fn kick() {
    if DRAINING.with(|d| d.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        loop {
            AGAIN.with(|a| a.set(false));
            if let Err(e) = drain().await {
                web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens outbox: {e}")));
            }
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        DRAINING.with(|d| d.set(false));
        schedule();
        show_status();
    });
}

async fn drain() -> Result<(), String> {
    let Some(db) = database() else { return Ok(()) };
    let Some(settings) = settings().await else { return Ok(()) };
    // Settings that cannot work leave everything queued; the options page says why.
    let connector = settings.connector().map_err(|e| e.to_string())?;
    set_alarm((Utc::now() + Duration::minutes(SAFETY_MINUTES)).timestamp_millis() as f64);
    while let Some((entry, begun)) = with_outbox(|o| o.begin_next(Utc::now())).flatten() {
        store::persist_outbox(&db, &begun).await?;
        let crm_id = with_outbox(|o| o.crm_id(&entry.lead).cloned()).flatten();
        let result = fetch::run(connector.as_ref(), &entry.job(crm_id.as_ref(), Utc::now())).await;
        let finished = with_outbox(|o| o.finish(&entry.key, result, Utc::now())).unwrap_or_default();
        store::persist_outbox(&db, &finished).await?;
        show_status();
    }
    Ok(())
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

/// Answers the options page.
pub async fn answer(request: SyncRequest) -> Result<SyncView, String> {
    match request {
        SyncRequest::SyncStatus => {}
        SyncRequest::SyncNow => kick(),
        SyncRequest::SyncRetryParked => {
            let db = database().ok_or("the outbox is not open; try again")?;
            let changes = with_outbox(|o| sync::retry_parked(o, Utc::now())).unwrap_or_default();
            store::persist_outbox(&db, &changes).await?;
            kick();
        }
    }
    with_outbox(|o| SyncView::of(o)).ok_or_else(|| "the outbox is not open; try again".into())
}

/// Whether a message is ours: anything else goes on to the lead book.
pub fn parse(message: &JsValue) -> Option<SyncRequest> {
    from_js(message.clone()).ok()
}
