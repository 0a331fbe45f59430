//! The worker's [`Store`] in IndexedDB: the lead book, call tasks, per-tab captures and the CRM
//! outbox, one transaction per write. Outbox entries a request queues are written in the same
//! transaction as the request's own changes: a task is never saved without the entry that sends it.
//! Every lead written or deleted is noted in the `reindex` store in the same transaction.

use super::{from_js, to_js};
use crate::app::{Changes, TabRecord};
use crate::book::{LeadBook, SavedIndex};
use crate::crm::PullCursor;
use crate::model::{CallTask, Lead, LeadId};
use crate::outbox::{self, CrmLink, Entry};
use crate::plan::{PlanSettings, SuppressionList};
use crate::worker::{Store, StoreError};
use chrono::{DateTime, Utc};
use idb::{Database, KeyPath, KeyRange, ObjectStore, Query, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
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
/// Leads made by visiting alone, for the rep to keep or drop.
const REVIEW_KEY: &str = "review";
/// The lead book's match index, saved so that a start need not derive every lead's keys again.
const INDEX_KEY: &str = "match_index";
/// Where the next pull from the CRM resumes.
const PULL_CURSOR_KEY: &str = "crm_pull_cursor";
/// When the retention was last applied to every lead.
const RETENTION_KEY: &str = "retention_applied_at";
/// Outbox entries, by idempotency key.
const OUTBOX: &str = "outbox";
/// Leads' CRM ids, by lead id.
const LINKS: &str = "crm_links";
/// Ids of the leads written or deleted since the match index was saved, as keys.
const REINDEX: &str = "reindex";
/// Where a record's JSON text is kept (see [`encode`]).
const JSON: &str = "json";
/// Where the saved index keeps the rep's answers and the leads that engaged, as JSON text.
const BOOK: &str = "book";
/// And each slot's lead id and creation time, as bytes.
const SLOTS: &str = "slots";

/// The database, open.
pub struct IdbStore {
    db: Database,
}

pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
    let db = Database::builder(name)
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
        .map_err(|e| StoreError::Open(e.to_string()))?;
    Ok(IdbStore { db })
}

/// A record as stored: its key under `key_path` (the store's key path) and the record itself as
/// JSON text. Parsing one string in Wasm is several times faster than walking a JS object field
/// by field, and reading every record is most of a worker's start with a large lead book.
fn encode<T: Serialize>(key_path: &str, key: JsValue, record: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(record).map_err(|e| StoreError::Save(e.to_string()))?;
    let stored = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        js_sys::Reflect::set(&stored, &JsValue::from_str(k), v).map_err(|e| StoreError::Save(format!("{e:?}")))
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

fn save(e: idb::Error) -> StoreError {
    StoreError::Save(e.to_string())
}

fn save_js(e: JsValue) -> StoreError {
    StoreError::Save(format!("{e:?}"))
}

fn read_book(e: idb::Error) -> StoreError {
    StoreError::read("the lead book", e)
}

impl IdbStore {
    async fn all<T: DeserializeOwned>(&self, name: &'static str) -> Result<Vec<T>, StoreError> {
        let err = |e: idb::Error| StoreError::read(name, e);
        let tx = self.db.transaction(&[name], TransactionMode::ReadOnly).map_err(err)?;
        let store = tx.object_store(name).map_err(err)?;
        let values = store.get_all(None, None).map_err(err)?.await.map_err(err)?;
        // A record this version cannot read is skipped, not allowed to block the whole book.
        Ok(values.into_iter().filter_map(decode).collect())
    }

    /// One record of the `lists` store, if there is one.
    async fn list<T: DeserializeOwned>(&self, key: &str, what: &'static str) -> Result<Option<T>, StoreError> {
        let err = |e: idb::Error| StoreError::read(what, e);
        let tx = self.db.transaction(&[LISTS], TransactionMode::ReadOnly).map_err(err)?;
        let value =
            tx.object_store(LISTS).map_err(err)?.get(JsValue::from_str(key)).map_err(err)?.await.map_err(err)?;
        value.map(|v| from_js(v).map_err(|e| StoreError::read(what, e))).transpose()
    }

    /// Puts the index and empties the journal in a transaction, not yet committed.
    fn begin_index_save(&self, book: &LeadBook) -> Result<idb::Transaction, StoreError> {
        let index = |e: String| StoreError::Index(e);
        let saved = book.saved_index();
        let text = serde_json::to_string(&saved).map_err(|e| index(e.to_string()))?;
        let stored = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            js_sys::Reflect::set(&stored, &JsValue::from_str(k), v).map_err(|e| index(format!("{e:?}")))
        };
        set(BOOK, &JsValue::from_str(&text))?;
        set("index", &js_sys::Uint8Array::from(saved.bytes.as_slice()).into())?;
        set(SLOTS, &js_sys::Uint8Array::from(saved.slots.as_slice()).into())?;
        let err = |e: idb::Error| index(e.to_string());
        let tx = self.db.transaction(&[LISTS, REINDEX], TransactionMode::ReadWrite).map_err(err)?;
        tx.object_store(LISTS).map_err(err)?.put(&stored, Some(&JsValue::from_str(INDEX_KEY))).map_err(err)?;
        tx.object_store(REINDEX).map_err(err)?.clear().map_err(err)?;
        Ok(tx)
    }
}

impl Store for IdbStore {
    async fn tasks(&self) -> Result<Vec<CallTask>, StoreError> {
        self.all(TASKS).await
    }

    async fn tabs(&self) -> Result<Vec<TabRecord>, StoreError> {
        self.all(TABS).await
    }

    async fn saved_index(&self) -> Option<SavedIndex> {
        let tx = self.db.transaction(&[LISTS], TransactionMode::ReadOnly).ok()?;
        let stored = tx.object_store(LISTS).ok()?.get(JsValue::from_str(INDEX_KEY)).ok()?.await.ok()??;
        let field = |k: &str| js_sys::Reflect::get(&stored, &JsValue::from_str(k)).ok();
        let saved: SavedIndex = serde_json::from_str(&field(BOOK)?.as_string()?).ok()?;
        let bytes = js_sys::Uint8Array::new(&field("index")?).to_vec();
        // An index saved by an earlier version has no slots: it is built again, once.
        let slots = js_sys::Uint8Array::new(&field(SLOTS)?).to_vec();
        Some(SavedIndex { bytes, slots, ..saved })
    }

    async fn reindex_journal(&self) -> Result<Vec<LeadId>, StoreError> {
        let tx = self.db.transaction(&[REINDEX], TransactionMode::ReadOnly).map_err(read_book)?;
        let store = tx.object_store(REINDEX).map_err(read_book)?;
        let keys = store.get_all_keys(None, None).map_err(read_book)?.await.map_err(read_book)?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).map(LeadId::from).collect())
    }

    async fn read_chunk(
        &self,
        after: Option<&LeadId>,
        limit: usize,
    ) -> Result<(Vec<Lead>, Option<LeadId>), StoreError> {
        let tx = self.db.transaction(&[LEADS], TransactionMode::ReadOnly).map_err(read_book)?;
        let store = tx.object_store(LEADS).map_err(read_book)?;
        let range = after
            .map(|id| KeyRange::lower_bound(&JsValue::from_str(id.as_str()), Some(true)).map(Query::KeyRange))
            .transpose()
            .map_err(read_book)?;
        let values = store.get_all(range, Some(limit as u32)).map_err(read_book)?.await.map_err(read_book)?;
        let last = values.last().and_then(|v| js_sys::Reflect::get(v, &JsValue::from_str("id")).ok());
        let last = last.and_then(|id| id.as_string()).map(LeadId::from);
        // A record this version cannot read is skipped, not allowed to block the whole book.
        Ok((values.into_iter().filter_map(decode).collect(), last))
    }

    async fn read_leads(&self, ids: &[LeadId]) -> Result<Vec<Lead>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.db.transaction(&[LEADS], TransactionMode::ReadOnly).map_err(read_book)?;
        let store = tx.object_store(LEADS).map_err(read_book)?;
        // Every read is asked for before the first is awaited: the browser serves them together.
        let requests: Vec<_> = ids
            .iter()
            .map(|id| store.get(JsValue::from_str(id.as_str())))
            .collect::<Result<_, _>>()
            .map_err(read_book)?;
        let mut leads = Vec::with_capacity(ids.len());
        for request in requests {
            leads.extend(request.await.map_err(read_book)?.and_then(decode::<Lead>));
        }
        Ok(leads)
    }

    async fn suppression(&self) -> Result<Option<SuppressionList>, StoreError> {
        self.list(SUPPRESSION_KEY, "the do-not-call list").await
    }

    async fn settings(&self) -> Result<Option<PlanSettings>, StoreError> {
        self.list(SETTINGS_KEY, "the planning settings").await
    }

    async fn review(&self) -> Result<Option<Vec<LeadId>>, StoreError> {
        self.list(REVIEW_KEY, "the leads to review").await
    }

    async fn retention_applied_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.list(RETENTION_KEY, "when the retention last ran").await
    }

    async fn set_retention_applied(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[LISTS], TransactionMode::ReadWrite).map_err(save)?;
        let value = to_js(&at).map_err(save_js)?;
        tx.object_store(LISTS).map_err(save)?.put(&value, Some(&JsValue::from_str(RETENTION_KEY))).map_err(save)?;
        commit(tx).await
    }

    async fn pull_cursor(&self) -> Result<Option<PullCursor>, StoreError> {
        self.list(PULL_CURSOR_KEY, "where the last CRM pull stopped").await
    }

    async fn outbox(&self) -> Result<(Vec<Entry>, Vec<CrmLink>), StoreError> {
        Ok((self.all(OUTBOX).await?, self.all(LINKS).await?))
    }

    async fn persist(
        &self,
        changes: &Changes,
        queued: &outbox::OutboxChanges,
        cursor: Option<&PullCursor>,
    ) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[LEADS, TASKS, TABS, LISTS, OUTBOX, LINKS, REINDEX], TransactionMode::ReadWrite)
            .map_err(save)?;
        let (leads, tasks, tabs) = (
            tx.object_store(LEADS).map_err(save)?,
            tx.object_store(TASKS).map_err(save)?,
            tx.object_store(TABS).map_err(save)?,
        );
        let lists = tx.object_store(LISTS).map_err(save)?;
        if changes.wiped {
            for name in [LEADS, TASKS, TABS, LISTS, OUTBOX, LINKS, REINDEX] {
                tx.object_store(name).map_err(save)?.clear().map_err(save)?;
            }
        }
        if let Some(list) = &changes.suppression {
            lists.put(&to_js(list).map_err(save_js)?, Some(&JsValue::from_str(SUPPRESSION_KEY))).map_err(save)?;
        }
        if let Some(cursor) = cursor {
            lists.put(&to_js(cursor).map_err(save_js)?, Some(&JsValue::from_str(PULL_CURSOR_KEY))).map_err(save)?;
        }
        if let Some(settings) = &changes.settings {
            lists.put(&to_js(settings).map_err(save_js)?, Some(&JsValue::from_str(SETTINGS_KEY))).map_err(save)?;
        }
        if let Some(review) = &changes.review {
            lists.put(&to_js(review).map_err(save_js)?, Some(&JsValue::from_str(REVIEW_KEY))).map_err(save)?;
        }
        let reindex = tx.object_store(REINDEX).map_err(save)?;
        for lead in &changes.leads {
            leads.put(&encode("id", lead.id.as_str().into(), lead)?, None).map_err(save)?;
            reindex.put(&JsValue::TRUE, Some(&JsValue::from_str(lead.id.as_str()))).map_err(save)?;
        }
        for task in &changes.tasks {
            tasks.put(&encode("id", task.id.to_string().into(), task)?, None).map_err(save)?;
        }
        for tab in &changes.tabs {
            tabs.put(&encode("tab_id", tab.tab_id.into(), tab)?, None).map_err(save)?;
        }
        for tab_id in &changes.closed_tabs {
            tabs.delete(JsValue::from(*tab_id)).map_err(save)?;
        }
        for id in &changes.forgotten_leads {
            leads.delete(JsValue::from_str(id.as_str())).map_err(save)?;
            reindex.put(&JsValue::TRUE, Some(&JsValue::from_str(id.as_str()))).map_err(save)?;
        }
        for id in &changes.forgotten_tasks {
            tasks.delete(JsValue::from_str(&id.to_string())).map_err(save)?;
        }
        put_outbox(&tx, queued)?;
        commit(tx).await
    }

    async fn persist_outbox(&self, changes: &outbox::OutboxChanges) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let tx = self.db.transaction(&[OUTBOX, LINKS], TransactionMode::ReadWrite).map_err(save)?;
        put_outbox(&tx, changes)?;
        commit(tx).await
    }

    type Saving = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

    fn save_index(&self, book: &LeadBook) -> Self::Saving {
        let begun = self.begin_index_save(book);
        Box::pin(async move { commit(begun?).await })
    }
}

fn put_outbox(tx: &idb::Transaction, changes: &outbox::OutboxChanges) -> Result<(), StoreError> {
    let err = |e: idb::Error| StoreError::SaveOutbox(e.to_string());
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

async fn commit(tx: idb::Transaction) -> Result<(), StoreError> {
    let result = tx.commit().map_err(save)?.await.map_err(save)?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(StoreError::Aborted)
    }
}
