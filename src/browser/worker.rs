//! Service-worker handlers. `extension/background.js` registers the browser's listeners
//! synchronously (a worker must) and forwards each event here.

use super::chrome::{self, fire_and_forget};
use super::{clock_ms, from_js, rep_offset_minutes, store, sync, to_js, wasm_memory_mb};
use crate::app::{App, Context, Prepared};
use crate::messages::{Request, Response, Sender, SenderInfo, TabId};
use crate::model::{Lead, LeadId};
use chrono::Utc;
use idb::Database;
use js_sys::Promise;
use serde::Deserialize;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const MENU_ID: &str = "leadlens-add-to-call-list";
const COMMAND: &str = "add-to-call-list";

thread_local! {
    static STATE: RefCell<Option<(App, Rc<Database>)>> = const { RefCell::new(None) };
    /// The load in progress, shared by handlers that arrive before it ends.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

async fn ensure_loaded() -> Result<(), String> {
    if STATE.with(|s| s.borrow().is_some()) {
        return Ok(());
    }
    let promise = LOADING.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                future_to_promise(async {
                    let db = store::open(store::DB_NAME).await?;
                    let app = store::load(&db).await?;
                    let db = Rc::new(db);
                    sync::load(db.clone()).await?;
                    STATE.with(|s| *s.borrow_mut() = Some((app, db)));
                    Ok(JsValue::UNDEFINED)
                })
            })
            .clone()
    });
    let result = JsFuture::from(promise).await;
    LOADING.with(|l| l.borrow_mut().take());
    result.map(|_| ()).map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Runs one request against the state and persists what it changed before answering.
async fn dispatch(request: Request, tab: Option<(TabId, String)>) -> Response {
    if let Err(e) = ensure_loaded().await {
        return Response::Error { message: e };
    }
    let crm = sync::settings().await;
    if let (Request::SearchCrm { query }, Some(settings)) = (&request, &crm) {
        return sync::search(query, settings).await;
    }
    let ctx = Context { now: Utc::now(), rep_offset_minutes: rep_offset_minutes(), tab };
    let retention_changed = matches!(request, Request::SetRetention { .. });
    let job = App::prepare(request, &ctx);
    let ran = with_wanted(job, App::wanted, |app, job, db| {
        let (response, changes) = app.run(job, &ctx);
        let queued = sync::queue(crm.as_ref(), &response, &changes, app.book());
        (response, changes, queued, db.clone())
    });
    let (response, changes, queued, db) = match ran.await {
        Ok(ran) => ran,
        Err(message) => return Response::Error { message },
    };
    if changes.is_empty() {
        return response;
    }
    if let Err(message) = store::persist(&db, &changes, &queued).await {
        forget();
        return Response::Error { message };
    }
    keep_index_saved(db);
    if changes.wiped {
        // The CRM outbox and settings go too: nothing is left to send, nowhere to send it.
        sync::unload();
        fire_and_forget(chrome::storage_remove(sync::SETTINGS_KEY));
        fire_and_forget(chrome::alarms_clear(sync::ALARM));
        fire_and_forget(chrome::alarms_clear(sync::PULL_ALARM));
    }
    if !queued.is_empty() {
        sync::kick();
    }
    // The new retention reaches every lead before the rep is told it did.
    if retention_changed {
        if let Err(message) = walk_retention(false).await {
            return Response::Error { message };
        }
    }
    notify_changed();
    response
}

/// Reads of wanted leads before a request gives up: a second is needed only when another request
/// let go of leads while this one was reading.
const READS: usize = 3;

/// Runs `work` on the lead book once every lead `wanted` names for `job` is in memory (read from
/// storage as needed): leads are put in memory and worked on in one turn, so that no other
/// request lets go of them in between.
pub(super) async fn with_wanted<J, R>(
    job: J,
    wanted: impl Fn(&App, &J) -> Vec<LeadId>,
    work: impl FnOnce(&mut App, J, &Rc<Database>) -> R,
) -> Result<R, String> {
    let mut pending = Some((job, work));
    let mut read: Option<Vec<Lead>> = None;
    for attempt in 0..READS {
        let step = STATE.with(|s| {
            let mut state = s.borrow_mut();
            let (app, db) = state.as_mut()?;
            if attempt == 0 {
                app.book_mut().trim(store::KEEP_IN_MEMORY);
            }
            if let Some(leads) = read.take() {
                app.book_mut().supply(leads);
            }
            let (job, work) = pending.take()?;
            let missing = app.book().missing(&wanted(app, &job));
            if missing.is_empty() {
                Some(Ok(work(app, job, db)))
            } else {
                pending = Some((job, work));
                Some(Err((missing, db.clone())))
            }
        });
        match step {
            None => break,
            Some(Ok(done)) => return Ok(done),
            Some(Err((missing, db))) => read = Some(store::read_leads(&db, &missing).await?),
        }
    }
    Err("The lead book is not open or was busy; try again.".into())
}

/// The loaded lead book, for work beside requests (filing leads pulled from the CRM).
pub(super) fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    STATE.with(|s| s.borrow_mut().as_mut().map(|(app, _)| f(app)))
}

/// Memory is ahead of storage (a write failed): drop it so the next request reloads what was saved.
pub(super) fn forget() {
    STATE.with(|s| s.borrow_mut().take());
    sync::unload();
}

/// Saves the match index again, after the reply, once the leads written since it was saved are
/// a twentieth of the book ([`store::index_behind`]): a large import leaves the next start little
/// to index again.
pub(super) fn keep_index_saved(db: Rc<Database>) {
    wasm_bindgen_futures::spawn_local(async move {
        // Learnt and begun in one turn: no write gets in between (see `store::save_index`).
        let begun = with_app(|app| {
            store::index_behind(app.book()).then(|| {
                app.book_mut().learn();
                store::save_index(&db, app.book())
            })
        });
        match begun.flatten() {
            Some(Ok(tx)) => store::commit_index(tx).await,
            Some(Err(e)) => store::index_not_saved(&e),
            None => {}
        }
    });
}

/// Tells open extension pages (the side panel) that the lead book changed.
pub(super) fn notify_changed() {
    if let Ok(msg) = to_js(&json!({ "type": "changed" })) {
        fire_and_forget(chrome::send_message(&msg));
    }
}

fn respond(response: &Response) -> Result<JsValue, JsValue> {
    to_js(response)
}

#[wasm_bindgen]
pub fn worker_installed() {
    fire_and_forget(chrome::set_panel_behavior(&to_js(&json!({ "openPanelOnActionClick": true })).unwrap_or_default()));
    if let Ok(done) = chrome::context_menus_remove_all() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(done).await;
            let menu = json!({ "id": MENU_ID, "title": "Add to call list", "contexts": ["page", "link", "selection"] });
            if let Ok(menu) = to_js(&menu) {
                let _ = chrome::context_menus_create(&menu);
            }
        });
    }
}

#[wasm_bindgen]
pub async fn worker_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let received = clock_ms();
    let (own_id, origin) = chrome::own_identity();
    let sender: SenderInfo = from_js(sender).unwrap_or_default();
    let Some((from, tab)) = sender.classify(&own_id, &origin) else {
        return respond(&Response::Error { message: "Message refused: unknown sender.".into() });
    };
    // The panel listens for this broadcast; the worker has nothing to do with it.
    if from == Sender::ExtensionPage
        && js_sys::Reflect::get(&message, &"type".into()).ok().and_then(|t| t.as_string()).as_deref() == Some("changed")
    {
        return Ok(JsValue::UNDEFINED);
    }
    if from == Sender::ExtensionPage {
        if let Some(request) = sync::parse(&message) {
            let answer = match ensure_loaded().await {
                Ok(()) => sync::answer(request).await,
                Err(e) => Err(e),
            };
            return match answer {
                Ok(view) => to_js(&view),
                Err(message) => respond(&Response::Error { message }),
            };
        }
    }
    let request: Request = match from_js(message) {
        Ok(r) => r,
        Err(e) => return respond(&Response::Error { message: format!("Message refused: {e}") }),
    };
    if !request.allowed_from(from) {
        return respond(&Response::Error { message: "Message refused: not allowed from this sender.".into() });
    }
    let page_tab = tab.as_ref().map(|(id, _)| *id);
    let page = match &request {
        Request::Page { html, read_at, .. } => Some((html.len(), *read_at)),
        _ => None,
    };
    let response = dispatch(request, tab).await;
    if let Some((bytes, read_at)) = page {
        // How long a page takes from the tab to the lead book (`benches/browser.mjs` reads this).
        let reached =
            read_at.map(|t| format!("reached the worker {:.1} ms after the tab began reading it; ", received - t));
        let people = match &response {
            Response::Captured { people, .. } => format!("{people} people"),
            other => format!("{other:?}").chars().take(200).collect(),
        };
        web_sys::console::debug_1(&JsValue::from_str(&format!(
            "Leadlens: page of {:.2} MB {}captured and filed in {:.1} ms ({people})",
            bytes as f64 / 1e6,
            reached.unwrap_or_default(),
            clock_ms() - received
        )));
    }
    if let Response::Part { text, next: None } = &response {
        // The end of an export, which walked the book a stretch at a time (`benches/startup.mjs`
        // reads this): Wasm memory never shrinks, so it is the most the walk needed.
        web_sys::console::debug_1(&JsValue::from_str(&format!(
            "Leadlens: export's last part of {:.2} MB in {:.1} ms; Wasm memory {:.0} MB",
            text.len() as f64 / 1e6,
            clock_ms() - received,
            wasm_memory_mb()
        )));
    }
    if let (Some(tab_id), Response::Captured { people, .. }) = (page_tab, &response) {
        let text = if *people > 0 { people.to_string() } else { String::new() };
        badge(tab_id, &text, &format!("Leadlens: {people} people on this page"));
    }
    respond(&response)
}

fn badge(tab_id: TabId, text: &str, title: &str) {
    if let Ok(details) = to_js(&json!({ "tabId": tab_id, "text": text })) {
        fire_and_forget(chrome::set_badge_text(&details));
    }
    if let Ok(details) = to_js(&json!({ "tabId": tab_id, "title": title })) {
        fire_and_forget(chrome::set_title(&details));
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MenuClick {
    menu_item_id: Option<String>,
    link_url: Option<String>,
    selection_text: Option<String>,
}

#[derive(Deserialize)]
struct Tab {
    id: Option<TabId>,
}

/// What the content script says the rep pointed at: the selection or the right-clicked card's text.
async fn pointed_text(tab_id: TabId) -> Option<String> {
    let ask = to_js(&json!({ "type": "pointed" })).ok()?;
    let answer = JsFuture::from(chrome::tabs_send_message(tab_id, &ask).ok()?).await.ok()?;
    answer.as_string()
}

/// The context menu and the keyboard command: add the person the rep pointed at.
async fn add_from_tab(tab: JsValue, mut hints: Vec<String>) {
    let Some(tab_id) = from_js::<Tab>(tab).ok().and_then(|t| t.id) else { return };
    hints.extend(pointed_text(tab_id).await);
    match dispatch(Request::AddFromTab { tab_id, hints }, None).await {
        Response::TaskAdded { lead_name, task, .. } => badge(
            tab_id,
            "✓",
            &format!("Leadlens: {lead_name} is on the call list (due {}).", task.due.format("%Y-%m-%d %H:%M UTC")),
        ),
        Response::Error { message } => badge(tab_id, "!", &format!("Leadlens: {message}")),
        _ => {}
    }
}

#[wasm_bindgen]
pub async fn worker_context_menu(info: JsValue, tab: JsValue) {
    let Ok(click) = from_js::<MenuClick>(info) else { return };
    if click.menu_item_id.as_deref() != Some(MENU_ID) {
        return;
    }
    add_from_tab(tab, click.link_url.into_iter().chain(click.selection_text).collect()).await;
}

#[wasm_bindgen]
pub async fn worker_command(command: String, tab: JsValue) {
    if command == COMMAND {
        add_from_tab(tab, Vec::new()).await;
    }
}

#[wasm_bindgen]
pub async fn worker_tab_closed(tab_id: TabId) {
    dispatch(Request::TabClosed { tab_id }, None).await;
}

/// Applies the retention to every lead, a stretch of leads at a time (a large book is never in
/// memory whole): once a day at a start (`daily`), and when the rep changes it. What it drops
/// stays in this browser (the CRM has no visits).
async fn walk_retention(daily: bool) -> Result<(), String> {
    let Some(db) = STATE.with(|s| s.borrow().as_ref().map(|(_, db)| db.clone())) else { return Ok(()) };
    let now = Utc::now();
    if daily && !store::retention_due(&db, now).await? {
        return Ok(());
    }
    let ctx = Context { now, rep_offset_minutes: rep_offset_minutes(), tab: None };
    let mut after = None;
    // Bounded: each stretch moves the mark on past leads that exist.
    loop {
        let job = Prepared::Request(Request::ApplyRetention { after });
        let (response, changes) = with_wanted(job, App::wanted, |app, job, _| app.run(job, &ctx)).await?;
        if let Err(message) = store::persist(&db, &changes, &Default::default()).await {
            forget();
            return Err(message);
        }
        match response {
            Response::Walked { next: Some(next) } => after = Some(next),
            Response::Walked { next: None } => break,
            other => return Err(format!("unexpected answer to the retention: {other:?}")),
        }
    }
    store::retention_applied(&db, now).await
}

/// Every start of the worker (it is stopped when idle, or killed): drain what was left.
#[wasm_bindgen]
pub async fn worker_started() {
    if ensure_loaded().await.is_ok() {
        if let Err(e) = walk_retention(true).await {
            web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens: retention not applied ({e})")));
        }
        sync::kick();
        sync::schedule_pulls().await;
    }
}

#[wasm_bindgen]
pub async fn worker_alarm(name: String) {
    if ensure_loaded().await.is_err() {
        return;
    }
    match name.as_str() {
        sync::ALARM => sync::kick(),
        sync::PULL_ALARM => sync::pull_logged().await,
        _ => {}
    }
}
