//! IndexedDB storage of the lead book, call tasks, per-tab captures and the CRM outbox, written
//! back one transaction per request. Outbox entries a request queues are written in the same
//! transaction as the request's own changes: a task is never saved without the entry that sends it.
//!
//! A start reads the tasks, the tabs and the lead book's saved match index, not the leads: each
//! request reads the leads it wants ([`read_leads`]). Every lead written or deleted is noted in
//! the `reindex` store in the same transaction, and the next start indexes those again.

use super::{from_js, to_js};
use crate::app::{App, Changes};
use crate::book::{LeadBook, SavedIndex};
use crate::crm::PullCursor;
use crate::model::{Lead, LeadId};
use crate::outbox::{self, Outbox};
use crate::plan::{PlanSettings, SuppressionList};
use chrono::{DateTime, Utc};
use idb::{Database, KeyPath, KeyRange, ObjectStore, Query, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;
use std::collections::HashSet;
use wasm_bindgen::JsValue;

/// The extension's database.
pub const DB_NAME: &str = "leadlens";
/// Version 2 adds the `lists` store (the do-not-call list), 3 the outbox and CRM links, 4 the
/// leads to index again; opening creates what is missing.
const DB_VERSION: u32 = 4;
const LEADS: &str = "leads";
const TASKS: &str = "tasks";
const TABS: &str = "tabs";
/// Whole lists, one record each under its own key.
const LISTS: &str = "lists";
const SUPPRESSION_KEY: &str = "suppression";
const SETTINGS_KEY: &str = "settings";
/// The lead book's match index, saved so that a start need not derive every lead's keys again.
const INDEX_KEY: &str = "match_index";
/// Where the next pull from the CRM resumes.
const PULL_CURSOR_KEY: &str = "crm_pull_cursor";
/// Outbox entries, by idempotency key.
const OUTBOX: &str = "outbox";
/// Leads' CRM ids, by lead id.
const LINKS: &str = "crm_links";
/// Ids of the leads written or deleted since the match index was saved, as keys.
const REINDEX: &str = "reindex";
/// Where a record's JSON text is kept (see [`encode`]).
const JSON: &str = "json";

pub async fn open(name: &str) -> Result<Database, String> {
    Database::builder(name)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::builder(LEADS).key_path(Some(KeyPath::new_single("id"))))
        .add_object_store(ObjectStore::builder(TASKS).key_path(Some(KeyPath::new_single("id"))))
        .add_object_store(ObjectStore::builder(TABS).key_path(Some(KeyPath::new_single("tab_id"))))
        .add_object_store(ObjectStore::builder(LISTS))
        .add_object_store(ObjectStore::builder(OUTBOX).key_path(Some(KeyPath::new_single("key"))))
        .add_object_store(ObjectStore::builder(LINKS).key_path(Some(KeyPath::new_single("lead"))))
        .add_object_store(ObjectStore::builder(REINDEX))
        .build()
        .await
        .map_err(|e| format!("cannot open the local lead book: {e}"))
}

async fn all<T: DeserializeOwned>(db: &Database, name: &str) -> Result<Vec<T>, String> {
    let err = |e: idb::Error| format!("cannot read {name}: {e}");
    let tx = db.transaction(&[name], TransactionMode::ReadOnly).map_err(err)?;
    let store = tx.object_store(name).map_err(err)?;
    let values = store.get_all(None, None).map_err(err)?.await.map_err(err)?;
    // A record this version cannot read is skipped, not allowed to block the whole book.
    Ok(values.into_iter().filter_map(decode).collect())
}

/// A record as stored: its key under `key_path` (the store's key path) and the record itself as
/// JSON text. Parsing one string in Wasm is several times faster than walking a JS object field
/// by field, and reading every record is most of a worker's start with a large lead book.
fn encode<T: Serialize>(key_path: &str, key: JsValue, record: &T) -> Result<JsValue, String> {
    let text = serde_json::to_string(record).map_err(|e| format!("cannot save: {e}"))?;
    let stored = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        js_sys::Reflect::set(&stored, &JsValue::from_str(k), v).map_err(|e| format!("cannot save: {e:?}"))
    };
    set(key_path, &key)?;
    set(JSON, &JsValue::from_str(&text))?;
    Ok(stored.into())
}

/// A record written by [`encode`], or by an earlier version as a plain object.
fn decode<T: DeserializeOwned>(stored: JsValue) -> Option<T> {
    match js_sys::Reflect::get(&stored, &JsValue::from_str(JSON)).ok().and_then(|j| j.as_string()) {
        Some(text) => serde_json::from_str(&text).ok(),
        None => from_js(stored).ok(),
    }
}

/// One record of the `lists` store, if there is one.
async fn list<T: DeserializeOwned>(db: &Database, key: &str, what: &str) -> Result<Option<T>, String> {
    let err = |e: idb::Error| format!("cannot read {what}: {e}");
    let tx = db.transaction(&[LISTS], TransactionMode::ReadOnly).map_err(err)?;
    let value = tx.object_store(LISTS).map_err(err)?.get(JsValue::from_str(key)).map_err(err)?.await.map_err(err)?;
    value.map(|v| from_js(v).map_err(|e| format!("cannot read {what}: {e}"))).transpose()
}

/// Where the next pull resumes: from the start when nothing was pulled yet.
pub async fn pull_cursor(db: &Database) -> Result<PullCursor, String> {
    Ok(list(db, PULL_CURSOR_KEY, "where the last CRM pull stopped").await?.unwrap_or_default())
}

/// Leads indexed again per read at a start: a million are never all in memory at once.
const CHUNK: usize = 5_000;
thread_local! {
    /// Leads written or deleted since the match index was saved, as far as this worker knows:
    /// the journal's length.
    static JOURNALED: Cell<usize> = const { Cell::new(0) };
}

/// Whether the saved index is behind by more than a twentieth of the book: then it is saved
/// again (the weights learnt again first), so that a start never indexes much again and a busy
/// day does not rewrite the whole index at every request.
fn behind(journaled: usize, leads: usize) -> bool {
    journaled * 20 > leads
}

/// Whether the index should be saved again now (see [`save_index`]).
pub fn index_behind(book: &LeadBook) -> bool {
    behind(JOURNALED.with(Cell::get), book.len())
}

/// Leads a worker keeps in memory between requests; past that, the next request reads what it
/// wants again.
pub const KEEP_IN_MEMORY: usize = 5_000;

pub async fn load(db: &Database) -> Result<App, String> {
    let started = js_sys::Date::now();
    let (tasks, tabs) = (all(db, TASKS).await?, all(db, TABS).await?);
    let saved = saved_index(db).await;
    let got = js_sys::Date::now();
    let opened = saved.and_then(LeadBook::open);
    let read = js_sys::Date::now();
    let (mut book, reindexed, save) = match opened {
        Some(mut book) => {
            let journal = reindex_journal(db).await?;
            for ids in journal.chunks(CHUNK) {
                let changed = read_leads(db, ids).await?;
                let written: HashSet<&LeadId> = changed.iter().map(|l| &l.id).collect();
                let gone: Vec<LeadId> = ids.iter().filter(|id| !written.contains(id)).cloned().collect();
                book.reindex(changed, &gone);
                book.trim(KEEP_IN_MEMORY);
            }
            let save = behind(journal.len(), book.len());
            JOURNALED.with(|j| j.set(journal.len()));
            (book, journal.len(), save)
        }
        // No index this build can read (the first start, another version's): every lead is
        // indexed, a chunk at a time.
        None => {
            let mut book = LeadBook::stored();
            let mut after = None;
            loop {
                let (leads, last) = read_chunk(db, after.as_ref()).await?;
                let Some(last) = last else { break };
                after = Some(last);
                book.reindex(leads, &[]);
                book.trim(KEEP_IN_MEMORY);
            }
            let count = book.len();
            JOURNALED.with(|j| j.set(count));
            (book, count, true)
        }
    };
    if save {
        // The weights are learnt from the book as it now is.
        book.learn();
    }
    let indexed = js_sys::Date::now();
    if save {
        match save_index(db, &book) {
            Ok(tx) => commit_index(tx).await,
            Err(e) => index_not_saved(&e),
        }
    }
    let count = book.len();
    let app = App::from_book(book, tasks, tabs);
    // Once per worker start: how long the book took to open, for anyone timing start-up.
    web_sys::console::info_1(&JsValue::from_str(&format!(
        "Leadlens: lead book of {count} leads opened in {:.0} ms (tasks, tabs and saved index read in {:.0} ms, \
         index opened in {:.0} ms, {reindexed} leads indexed again in {:.0} ms; Wasm memory {:.0} MB)",
        js_sys::Date::now() - started,
        got - started,
        read - got,
        indexed - read,
        super::wasm_memory_mb()
    )));
    // An unreadable list is an error, not a default: an empty do-not-call list would let calls through.
    let suppression: Option<SuppressionList> = list(db, SUPPRESSION_KEY, "the do-not-call list").await?;
    let settings: Option<PlanSettings> = list(db, SETTINGS_KEY, "the planning settings").await?;
    Ok(app.with_suppression(suppression.unwrap_or_default()).with_settings(settings.unwrap_or_default()))
}

/// When the retention was last applied to every lead.
const RETENTION_KEY: &str = "retention_applied_at";

/// Whether a day has passed since the retention was last applied to every lead.
pub async fn retention_due(db: &Database, now: DateTime<Utc>) -> Result<bool, String> {
    let last: Option<DateTime<Utc>> = list(db, RETENTION_KEY, "when the retention last ran").await?;
    Ok(last.is_none_or(|at| now - at >= chrono::Duration::days(1)))
}

pub async fn retention_applied(db: &Database, now: DateTime<Utc>) -> Result<(), String> {
    let err = |e: idb::Error| format!("cannot save: {e}");
    let tx = db.transaction(&[LISTS], TransactionMode::ReadWrite).map_err(err)?;
    let value = to_js(&now).map_err(|e| format!("cannot save: {e:?}"))?;
    tx.object_store(LISTS).map_err(err)?.put(&value, Some(&JsValue::from_str(RETENTION_KEY))).map_err(err)?;
    commit(tx).await
}

/// The next [`CHUNK`] leads in key order after `after`, and the last key read (`None` at the end).
pub async fn read_chunk(db: &Database, after: Option<&JsValue>) -> Result<(Vec<Lead>, Option<JsValue>), String> {
    let err = |e: idb::Error| format!("cannot read the lead book: {e}");
    let tx = db.transaction(&[LEADS], TransactionMode::ReadOnly).map_err(err)?;
    let store = tx.object_store(LEADS).map_err(err)?;
    let range =
        after.map(|key| KeyRange::lower_bound(key, Some(true)).map(Query::KeyRange)).transpose().map_err(err)?;
    let values = store.get_all(range, Some(CHUNK as u32)).map_err(err)?.await.map_err(err)?;
    let last = values.last().and_then(|v| js_sys::Reflect::get(v, &JsValue::from_str("id")).ok());
    // A record this version cannot read is skipped, not allowed to block the whole book.
    Ok((values.into_iter().filter_map(decode).collect(), last))
}

/// The leads a request wants, as stored (a lead deleted since is not there).
pub async fn read_leads(db: &Database, ids: &[LeadId]) -> Result<Vec<Lead>, String> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let err = |e: idb::Error| format!("cannot read the lead book: {e}");
    let tx = db.transaction(&[LEADS], TransactionMode::ReadOnly).map_err(err)?;
    let store = tx.object_store(LEADS).map_err(err)?;
    // Every read is asked for before the first is awaited: the browser serves them together.
    let requests: Vec<_> =
        ids.iter().map(|id| store.get(JsValue::from_str(id.as_str()))).collect::<Result<_, _>>().map_err(err)?;
    let mut leads = Vec::with_capacity(ids.len());
    for request in requests {
        leads.extend(request.await.map_err(err)?.and_then(decode::<Lead>));
    }
    Ok(leads)
}

/// The leads written or deleted since the match index was saved.
async fn reindex_journal(db: &Database) -> Result<Vec<LeadId>, String> {
    let err = |e: idb::Error| format!("cannot read the lead book: {e}");
    let tx = db.transaction(&[REINDEX], TransactionMode::ReadOnly).map_err(err)?;
    let keys = tx.object_store(REINDEX).map_err(err)?.get_all_keys(None, None).map_err(err)?.await.map_err(err)?;
    Ok(keys.into_iter().filter_map(|k| k.as_string()).map(LeadId::from).collect())
}

/// The match index saved with the leads, if there is one this build can read (anything else is
/// rebuilt from the leads).
async fn saved_index(db: &Database) -> Option<SavedIndex> {
    let tx = db.transaction(&[LISTS], TransactionMode::ReadOnly).ok()?;
    let stored = tx.object_store(LISTS).ok()?.get(JsValue::from_str(INDEX_KEY)).ok()?.await.ok()??;
    let field = |k: &str| js_sys::Reflect::get(&stored, &JsValue::from_str(k)).ok();
    let saved: SavedIndex = serde_json::from_str(&field(BOOK)?.as_string()?).ok()?;
    let bytes = js_sys::Uint8Array::new(&field("index")?).to_vec();
    // An index saved by an earlier version has no slots: it is built again, once.
    let slots = js_sys::Uint8Array::new(&field(SLOTS)?).to_vec();
    Some(SavedIndex { bytes, slots, ..saved })
}

/// Where the saved index keeps the rep's answers and the leads that engaged, as JSON text.
const BOOK: &str = "book";
/// And each slot's lead id and creation time, as bytes.
const SLOTS: &str = "slots";

/// Saves the book's match index (the rep's answers as JSON text, the index and the slots as
/// bytes) and empties the journal of leads to index again, in one transaction, begun before this
/// returns: a write begun later (its leads not in this index) is ordered after it, so its journal
/// entries stay. Commit it with [`commit_index`].
pub fn save_index(db: &Database, book: &LeadBook) -> Result<idb::Transaction, String> {
    let saved = book.saved_index();
    let text = serde_json::to_string(&saved).map_err(|e| e.to_string())?;
    let stored = js_sys::Object::new();
    let set =
        |k: &str, v: &JsValue| js_sys::Reflect::set(&stored, &JsValue::from_str(k), v).map_err(|e| format!("{e:?}"));
    set(BOOK, &JsValue::from_str(&text))?;
    set("index", &js_sys::Uint8Array::from(saved.bytes.as_slice()).into())?;
    set(SLOTS, &js_sys::Uint8Array::from(saved.slots.as_slice()).into())?;
    let err = |e: idb::Error| e.to_string();
    let tx = db.transaction(&[LISTS, REINDEX], TransactionMode::ReadWrite).map_err(err)?;
    tx.object_store(LISTS).map_err(err)?.put(&stored, Some(&JsValue::from_str(INDEX_KEY))).map_err(err)?;
    tx.object_store(REINDEX).map_err(err)?.clear().map_err(err)?;
    Ok(tx)
}

/// Commits a save of the index; a failure leaves the journal as it was (the next start indexes
/// its leads again), so it is only told.
pub async fn commit_index(tx: idb::Transaction) {
    match commit(tx).await {
        Ok(()) => JOURNALED.with(|j| j.set(0)),
        Err(e) => index_not_saved(&e),
    }
}

/// The next start indexes the journal's leads again: slower, nothing lost.
pub fn index_not_saved(error: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens: the match index was not saved ({error})")));
}

/// The outbox as stored, and what loading changed (entries a stopped worker left in flight).
pub async fn load_outbox(db: &Database) -> Result<(Outbox, outbox::OutboxChanges), String> {
    Ok(Outbox::load(all(db, OUTBOX).await?, all(db, LINKS).await?, chrono::Utc::now()))
}

/// Writes what a pulled page of CRM leads changed, their CRM ids, and where the next pull
/// resumes, in one transaction: a page is either filed and passed, or pulled again.
pub async fn persist_pull(
    db: &Database,
    changes: &Changes,
    links: &outbox::OutboxChanges,
    cursor: &PullCursor,
) -> Result<(), String> {
    persist_with(db, changes, links, Some(cursor)).await
}

/// Writes every changed record, and the outbox entries they queued, in one transaction: all of
/// it lands, or none.
pub async fn persist(db: &Database, changes: &Changes, queued: &outbox::OutboxChanges) -> Result<(), String> {
    persist_with(db, changes, queued, None).await
}

async fn persist_with(
    db: &Database,
    changes: &Changes,
    queued: &outbox::OutboxChanges,
    cursor: Option<&PullCursor>,
) -> Result<(), String> {
    let err = |e: idb::Error| format!("cannot save: {e}");
    let js = |e: JsValue| format!("cannot save: {e:?}");
    let tx = db
        .transaction(&[LEADS, TASKS, TABS, LISTS, OUTBOX, LINKS, REINDEX], TransactionMode::ReadWrite)
        .map_err(err)?;
    let (leads, tasks, tabs) = (
        tx.object_store(LEADS).map_err(err)?,
        tx.object_store(TASKS).map_err(err)?,
        tx.object_store(TABS).map_err(err)?,
    );
    let lists = tx.object_store(LISTS).map_err(err)?;
    if changes.wiped {
        for name in [LEADS, TASKS, TABS, LISTS, OUTBOX, LINKS, REINDEX] {
            tx.object_store(name).map_err(err)?.clear().map_err(err)?;
        }
    }
    if let Some(list) = &changes.suppression {
        lists.put(&to_js(list).map_err(js)?, Some(&JsValue::from_str(SUPPRESSION_KEY))).map_err(err)?;
    }
    if let Some(cursor) = cursor {
        lists.put(&to_js(cursor).map_err(js)?, Some(&JsValue::from_str(PULL_CURSOR_KEY))).map_err(err)?;
    }
    if let Some(settings) = &changes.settings {
        lists.put(&to_js(settings).map_err(js)?, Some(&JsValue::from_str(SETTINGS_KEY))).map_err(err)?;
    }
    let reindex = tx.object_store(REINDEX).map_err(err)?;
    for lead in &changes.leads {
        leads.put(&encode("id", lead.id.as_str().into(), lead)?, None).map_err(err)?;
        reindex.put(&JsValue::TRUE, Some(&JsValue::from_str(lead.id.as_str()))).map_err(err)?;
    }
    for task in &changes.tasks {
        tasks.put(&encode("id", task.id.to_string().into(), task)?, None).map_err(err)?;
    }
    for tab in &changes.tabs {
        tabs.put(&encode("tab_id", tab.tab_id.into(), tab)?, None).map_err(err)?;
    }
    for tab_id in &changes.closed_tabs {
        tabs.delete(JsValue::from(*tab_id)).map_err(err)?;
    }
    for id in &changes.forgotten_leads {
        leads.delete(JsValue::from_str(id.as_str())).map_err(err)?;
        reindex.put(&JsValue::TRUE, Some(&JsValue::from_str(id.as_str()))).map_err(err)?;
    }
    for id in &changes.forgotten_tasks {
        tasks.delete(JsValue::from_str(&id.to_string())).map_err(err)?;
    }
    put_outbox(&tx, queued)?;
    commit(tx).await?;
    let noted = changes.leads.len() + changes.forgotten_leads.len();
    JOURNALED.with(|j| j.set(if changes.wiped { noted } else { j.get() + noted }));
    Ok(())
}

/// Writes outbox changes alone (a send begun or finished), before the drain goes on.
pub async fn persist_outbox(db: &Database, changes: &outbox::OutboxChanges) -> Result<(), String> {
    if changes.is_empty() {
        return Ok(());
    }
    let tx = db.transaction(&[OUTBOX, LINKS], TransactionMode::ReadWrite).map_err(|e| format!("cannot save: {e}"))?;
    put_outbox(&tx, changes)?;
    commit(tx).await
}

fn put_outbox(tx: &idb::Transaction, changes: &outbox::OutboxChanges) -> Result<(), String> {
    let err = |e: idb::Error| format!("cannot save the CRM outbox: {e}");
    if !changes.entries.is_empty() {
        let entries = tx.object_store(OUTBOX).map_err(err)?;
        for entry in &changes.entries {
            entries.put(&encode("key", entry.key.0.as_str().into(), entry)?, None).map_err(err)?;
        }
    }
    if !changes.links.is_empty() {
        let links = tx.object_store(LINKS).map_err(err)?;
        for link in &changes.links {
            links.put(&encode("lead", link.lead.as_str().into(), link)?, None).map_err(err)?;
        }
    }
    if !changes.removed.is_empty() {
        let entries = tx.object_store(OUTBOX).map_err(err)?;
        for key in &changes.removed {
            entries.delete(JsValue::from_str(&key.0)).map_err(err)?;
        }
    }
    if !changes.unlinked.is_empty() {
        let links = tx.object_store(LINKS).map_err(err)?;
        for lead in &changes.unlinked {
            links.delete(JsValue::from_str(lead.as_str())).map_err(err)?;
        }
    }
    Ok(())
}

async fn commit(tx: idb::Transaction) -> Result<(), String> {
    let err = |e: idb::Error| format!("cannot save: {e}");
    let result = tx.commit().map_err(err)?.await.map_err(err)?;
    if result.is_committed() {
        Ok(())
    } else {
        Err("cannot save: the browser aborted the write".into())
    }
}
