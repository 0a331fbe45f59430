//! IndexedDB storage of the lead book, call tasks and per-tab captures: loaded whole at start,
//! written back one transaction per request.

use super::{from_js, to_js};
use crate::app::{App, Changes};
use crate::plan::{PlanSettings, SuppressionList};
use idb::{Database, KeyPath, ObjectStore, TransactionMode};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The extension's database.
pub const DB_NAME: &str = "leadlens";
/// Version 2 adds the `lists` store (the do-not-call list); opening creates what is missing.
const DB_VERSION: u32 = 2;
const LEADS: &str = "leads";
const TASKS: &str = "tasks";
const TABS: &str = "tabs";
/// Whole lists, one record each under its own key.
const LISTS: &str = "lists";
const SUPPRESSION_KEY: &str = "suppression";
const SETTINGS_KEY: &str = "settings";

pub async fn open(name: &str) -> Result<Database, String> {
    Database::builder(name)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::builder(LEADS).key_path(Some(KeyPath::new_single("id"))))
        .add_object_store(ObjectStore::builder(TASKS).key_path(Some(KeyPath::new_single("id"))))
        .add_object_store(ObjectStore::builder(TABS).key_path(Some(KeyPath::new_single("tab_id"))))
        .add_object_store(ObjectStore::builder(LISTS))
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
    Ok(values.into_iter().filter_map(|v| from_js(v).ok()).collect())
}

/// One whole list by its key (`what` names it in errors); the default when none was saved. An
/// unreadable one is an error, not a default: an empty do-not-call list would let calls through.
async fn list<T: DeserializeOwned + Default>(db: &Database, key: &str, what: &str) -> Result<T, String> {
    let err = |e: idb::Error| format!("cannot read {what}: {e}");
    let tx = db.transaction(&[LISTS], TransactionMode::ReadOnly).map_err(err)?;
    let value = tx.object_store(LISTS).map_err(err)?.get(JsValue::from_str(key)).map_err(err)?.await.map_err(err)?;
    value.map_or(Ok(T::default()), |v| from_js(v).map_err(|e| format!("cannot read {what}: {e}")))
}

pub async fn load(db: &Database) -> Result<App, String> {
    let app = App::new(all(db, LEADS).await?, all(db, TASKS).await?, all(db, TABS).await?);
    let suppression: SuppressionList = list(db, SUPPRESSION_KEY, "the do-not-call list").await?;
    let settings: PlanSettings = list(db, SETTINGS_KEY, "the planning settings").await?;
    Ok(app.with_suppression(suppression).with_settings(settings))
}

/// Writes every changed record in one transaction: all of it lands, or none.
pub async fn persist(db: &Database, changes: &Changes) -> Result<(), String> {
    let err = |e: idb::Error| format!("cannot save: {e}");
    let js = |e: JsValue| format!("cannot save: {e:?}");
    let tx = db.transaction(&[LEADS, TASKS, TABS, LISTS], TransactionMode::ReadWrite).map_err(err)?;
    let (leads, tasks, tabs) = (
        tx.object_store(LEADS).map_err(err)?,
        tx.object_store(TASKS).map_err(err)?,
        tx.object_store(TABS).map_err(err)?,
    );
    if let Some(list) = &changes.suppression {
        let key = JsValue::from_str(SUPPRESSION_KEY);
        tx.object_store(LISTS).map_err(err)?.put(&to_js(list).map_err(js)?, Some(&key)).map_err(err)?;
    }
    if let Some(settings) = &changes.settings {
        let key = JsValue::from_str(SETTINGS_KEY);
        tx.object_store(LISTS).map_err(err)?.put(&to_js(settings).map_err(js)?, Some(&key)).map_err(err)?;
    }
    for lead in &changes.leads {
        leads.put(&to_js(lead).map_err(js)?, None).map_err(err)?;
    }
    for task in &changes.tasks {
        tasks.put(&to_js(task).map_err(js)?, None).map_err(err)?;
    }
    for tab in &changes.tabs {
        tabs.put(&to_js(tab).map_err(js)?, None).map_err(err)?;
    }
    for tab_id in &changes.closed_tabs {
        tabs.delete(JsValue::from(*tab_id)).map_err(err)?;
    }
    for id in &changes.forgotten_leads {
        leads.delete(JsValue::from_str(id.as_str())).map_err(err)?;
    }
    for id in &changes.forgotten_tasks {
        tasks.delete(JsValue::from_str(&id.to_string())).map_err(err)?;
    }
    let result = tx.commit().map_err(err)?.await.map_err(err)?;
    if result.is_committed() {
        Ok(())
    } else {
        Err("cannot save: the browser aborted the write".into())
    }
}
