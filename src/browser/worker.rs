//! Service-worker handlers. `extension/background.js` registers the browser's listeners
//! synchronously (a worker must) and forwards each event here.

use super::chrome::{self, fire_and_forget};
use super::store::{self, IdbStore};
use super::{clock_ms, fetch, from_js, rep_offset_minutes, sync, to_js, wasm_memory_mb};
use crate::app::Context;
use crate::crm::{CrmError, CrmSettings, HttpRequest, HttpResponse};
use crate::messages::{Request, Response, Sender, SenderInfo, TabId};
use crate::outbox::Status;
use crate::worker::{Clock, Fetch, Host, Started, Worker};
use chrono::{DateTime, Utc};
use js_sys::Promise;
use serde::Deserialize;
use serde_json::json;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const MENU_ID: &str = "leadlens-add-to-call-list";
const COMMAND: &str = "add-to-call-list";

/// The browser as the worker's [`Host`].
struct Browser;

impl Clock for Browser {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn warn(&self, message: &str) {
        web_sys::console::warn_1(&JsValue::from_str(message));
    }
}

impl Fetch for Browser {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, CrmError> {
        fetch::GlobalFetch.send(request).await
    }
}

impl Host for Browser {
    fn rep_offset_minutes(&self) -> i32 {
        rep_offset_minutes()
    }

    fn spawn(&self, task: Pin<Box<dyn Future<Output = ()>>>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    async fn crm_settings(&self) -> Option<CrmSettings> {
        sync::settings().await
    }

    fn outbox_alarm(&self, when: Option<DateTime<Utc>>) {
        sync::outbox_alarm(when);
    }

    fn show_status(&self, status: Status) {
        sync::show_status(status);
    }

    fn notify_changed(&self) {
        notify_changed();
    }

    fn forget_crm(&self) {
        fire_and_forget(chrome::storage_remove(sync::SETTINGS_KEY));
        fire_and_forget(chrome::alarms_clear(sync::ALARM));
        fire_and_forget(chrome::alarms_clear(sync::PULL_ALARM));
    }

    fn publish_quiet(&self, sites: Vec<String>) {
        if let Ok(items) = to_js(&json!({ (QUIET_KEY): sites })) {
            fire_and_forget(chrome::storage_set(&items));
        }
    }
}

/// Where the content script reads the sites it must not read (`extension/content.js`).
const QUIET_KEY: &str = "quiet";

thread_local! {
    static WORKER: Rc<Worker<IdbStore, Browser>> = Rc::new(Worker::new(Browser));
    /// The load in progress, shared by handlers that arrive before it ends.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn worker() -> Rc<Worker<IdbStore, Browser>> {
    WORKER.with(Rc::clone)
}

async fn ensure_loaded() -> Result<(), String> {
    if worker().is_loaded() {
        return Ok(());
    }
    let promise = LOADING.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                future_to_promise(async {
                    let db = store::open(store::DB_NAME).await.map_err(|e| e.to_string())?;
                    let started = worker().load(db).await.map_err(|e| e.to_string())?;
                    log_start(&started);
                    Ok(JsValue::UNDEFINED)
                })
            })
            .clone()
    });
    let result = JsFuture::from(promise).await;
    LOADING.with(|l| l.borrow_mut().take());
    result.map(|_| ()).map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Once per worker start: how long the book took to open, for anyone timing start-up.
fn log_start(s: &Started) {
    web_sys::console::info_1(&JsValue::from_str(&format!(
        "Leadlens: lead book of {} leads opened in {:.0} ms (tasks, tabs and saved index read in {:.0} ms, \
         index opened in {:.0} ms, {} leads indexed again in {:.0} ms; Wasm memory {:.0} MB)",
        s.leads,
        s.total_ms,
        s.read_ms,
        s.open_ms,
        s.reindexed,
        s.index_ms,
        wasm_memory_mb()
    )));
}

/// Runs one request against the state and persists what it changed before answering.
async fn dispatch(request: Request, tab: Option<(TabId, String)>) -> Response {
    if let Err(e) = ensure_loaded().await {
        return Response::Error { message: e };
    }
    let crm = sync::settings().await;
    if let (Request::SearchCrm { query }, Some(settings)) = (&request, &crm) {
        return worker().search(query, settings).await;
    }
    let ctx = Context { now: Utc::now(), rep_offset_minutes: rep_offset_minutes(), tab };
    worker().handle(request, &ctx, crm.as_ref()).await
}

/// Tells open extension pages (the side panel) that the lead book changed.
fn notify_changed() {
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
                Ok(()) => worker().answer(request).await,
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

/// Every start of the worker (it is stopped when idle, or killed): drain what was left.
#[wasm_bindgen]
pub async fn worker_started() {
    if ensure_loaded().await.is_ok() {
        let worker = worker();
        if let Err(e) = worker.walk_retention(true).await {
            web_sys::console::warn_1(&JsValue::from_str(&format!("Leadlens: retention not applied ({e})")));
        }
        worker.kick();
        sync::schedule_pulls().await;
    }
}

/// The CRM settings changed in Options: its site joins the sites never read.
#[wasm_bindgen]
pub async fn worker_crm_changed() {
    if ensure_loaded().await.is_ok() {
        worker().publish_quiet(sync::settings().await.as_ref());
    }
}

#[wasm_bindgen]
pub async fn worker_alarm(name: String) {
    if ensure_loaded().await.is_err() {
        return;
    }
    match name.as_str() {
        sync::ALARM => worker().kick(),
        sync::PULL_ALARM => worker().pull_logged().await,
        _ => {}
    }
}
