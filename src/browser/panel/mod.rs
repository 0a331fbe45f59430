//! The side panel, in three tabs: "This page" (who is on the current tab, match badges with
//! reasons, the possible-match picker, add one or all to the call list), "Call list" (their time
//! and yours, click-to-call, one-click outcomes) and "Lead book" (search, lead files in and out,
//! do-not-call list, clean-up export). Every value is set as text, never as HTML.

mod book;
mod calls;
mod cards;
mod dom;
mod engagement;
mod page;

use super::chrome;
use super::{ask, from_js, to_js};
use crate::messages::{Request, Response, TabId};
use crate::model::{LeadId, Outcome, Qualification, TaskId};
use chrono::{DateTime, Utc};
use dom::{document, local_time, status};
use gloo_events::EventListener;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

thread_local! {
    static TAB: Cell<Option<TabId>> = const { Cell::new(None) };
}

/// The header's mode: the local lead book, or the CRM it syncs with and what still waits.
async fn render_mode() {
    let Some(mode) = document().and_then(|d| d.query_selector(".mode").ok().flatten()) else { return };
    let Some(crm) = super::sync::settings().await else {
        mode.set_text_content(Some("Local lead book"));
        return;
    };
    let asked = to_js(&crate::sync::SyncRequest::SyncStatus).and_then(|m| chrome::send_message(&m));
    let view = match asked {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| from_js::<crate::sync::SyncView>(v).ok()),
        Err(_) => None,
    };
    let waiting = match view {
        Some(v) if v.parked > 0 => format!(" · {} refused: see options", v.parked),
        Some(v) if v.pending > 0 => format!(" · {} to send", v.pending),
        _ => String::new(),
    };
    mode.set_text_content(Some(&format!("Syncs with {}{waiting}", crm.kind.label())));
}

async fn render() {
    let Some(doc) = document() else { return };
    render_mode().await;
    let view = match TAB.with(Cell::get) {
        Some(tab_id) => match ask(&Request::GetTab { tab_id }).await {
            Response::Tab { view } => view,
            Response::Error { message } => {
                status(&message);
                None
            }
            _ => None,
        },
        None => None,
    };
    let (calls, objective) = match ask(&Request::GetCallList).await {
        Response::CallList { items, objective } => (items, objective),
        Response::Error { message } => {
            status(&message);
            (Vec::new(), Default::default())
        }
        _ => (Vec::new(), Default::default()),
    };
    let tab = TAB.with(Cell::get);
    if let Err(e) =
        page::render_page(&doc, tab, view.as_ref()).and_then(|_| calls::render_calls(&doc, &calls, objective))
    {
        status(&format!("Display error: {e:?}"));
    }
    let (cleanup, review) = match ask(&Request::GetCleanup).await {
        Response::Cleanup { entries, review } => (entries, review),
        _ => Default::default(),
    };
    if let Err(e) = book::render_cleanup(&doc, &cleanup, &review) {
        status(&format!("Display error: {e:?}"));
    }
    book::search().await;
}

async fn add(lead_id: LeadId) {
    match ask(&Request::AddToCallList { lead_id }).await {
        Response::TaskAdded { lead_name, task, created } => {
            let verb = if created { "Added" } else { "Already on the list:" };
            status(&format!("{verb} {lead_name}, due {}.", local_time(&task.due)));
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn log_outcome(task_id: TaskId, outcome: Outcome, note: String, callback_at: Option<DateTime<Utc>>) {
    match ask(&Request::LogOutcome { task_id, outcome, note, callback_at }).await {
        Response::OutcomeLogged { next, stage, warnings, .. } => {
            let next = next.map_or_else(|| "no next call".to_string(), |t| format!("next call {}", local_time(&t.due)));
            let mut text = format!("Logged: lead {stage}, {next}.");
            for w in warnings {
                text.push(' ');
                text.push_str(&w);
            }
            status(&text);
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn add_all(tab_id: TabId) {
    match ask(&Request::AddAllFromTab { tab_id }).await {
        Response::AddedAll { added, already, refused } => {
            let mut text = format!("{added} added to the call list, {already} already on it.");
            for r in refused {
                text.push_str(&format!(" Not added: {r}"));
            }
            status(&text);
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

/// Saves a person from the tab as a lead, and with `call` puts them on the call list.
async fn save(tab_id: TabId, key: String, call: bool) {
    match ask(&Request::SaveFromTab { tab_id, key, call }).await {
        Response::Saved { name, .. } => status(&format!("Saved {name} as a lead.")),
        Response::TaskAdded { lead_name, task, .. } => {
            status(&format!("Added {lead_name}, due {} (saved as a lead).", local_time(&task.due)))
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn site_rule(tab_id: TabId, rule: crate::reading::SiteRule) {
    use crate::reading::SiteRule;
    match ask(&Request::SetSiteRule { tab_id, rule }).await {
        Response::Done => status(match rule {
            SiteRule::Pause => "Paused: nothing on this site is read until you resume.",
            SiteRule::Resume => "Resumed: reload the page to read it.",
            SiteRule::SaveEveryone => "Everyone you open on this site is saved as a lead from now on.",
            SiteRule::SaveWhenAsked => "On this site, only the people you save become leads.",
        }),
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

/// The rep's answer to "is this one of your leads?": `lead`, or someone new.
async fn resolve(tab_id: TabId, person: usize, lead_id: Option<LeadId>) {
    let chosen = lead_id.is_some();
    match ask(&Request::ResolveMatch { tab_id, person, lead_id }).await {
        Response::Resolved { .. } if chosen => status("Noted: the same person. Their lead has what the page adds."),
        Response::Resolved { .. } => status("Noted: someone new, added as a lead."),
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn set_objective(objective: crate::model::Objective) {
    match ask(&Request::SetObjective { objective }).await {
        Response::Done => status(&format!("New calls will aim to: {}.", objective.label().to_lowercase())),
        Response::Error { message } => status(&message),
        _ => {}
    }
}

async fn forget(lead_id: LeadId) {
    match ask(&Request::ForgetLead { lead_id }).await {
        Response::Forgotten { name } => {
            status(&format!("Forgot {name}: the lead, its calls and captures are deleted."))
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn keep(lead_id: LeadId) {
    match ask(&Request::KeepLead { lead_id }).await {
        Response::Done => status("Kept: the lead stays in the lead book."),
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn qualify(lead_id: LeadId, qualification: Qualification) {
    match ask(&Request::SetQualification { lead_id, qualification }).await {
        Response::Done => status("Qualification saved."),
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

/// The panel's three views, as tab buttons `#tab-X` controlling panels `#view-X`.
const VIEWS: &[&str] = &["page", "calls", "book"];

/// Shows one view and marks its tab selected; only the selected tab is in the tab order.
fn select_view(name: &str, focus: bool) {
    let Some(doc) = document() else { return };
    for view in VIEWS {
        let on = *view == name;
        if let Some(tab) = doc.get_element_by_id(&format!("tab-{view}")) {
            let _ = tab.set_attribute("aria-selected", if on { "true" } else { "false" });
            let _ = tab.set_attribute("tabindex", if on { "0" } else { "-1" });
            if on && focus {
                if let Some(t) = tab.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = t.focus();
                }
            }
        }
        if let Some(panel) = doc.get_element_by_id(&format!("view-{view}")) {
            let _ = if on { panel.remove_attribute("hidden") } else { panel.set_attribute("hidden", "") };
        }
    }
    // The report reads every lead: only when it is looked at.
    if name == "book" {
        spawn_local(engagement::report());
    }
}

/// Click a tab to show its view; arrow keys, Home and End move between tabs (the WAI-ARIA tabs
/// pattern, so the panel works from the keyboard alone).
fn wire_tabs() {
    let Some(doc) = document() else { return };
    for (i, view) in VIEWS.iter().enumerate() {
        let Some(tab) = doc.get_element_by_id(&format!("tab-{view}")) else { continue };
        EventListener::new(&tab, "click", move |_| select_view(view, false)).forget();
        EventListener::new(&tab, "keydown", move |event| {
            let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
            let next = match key.as_str() {
                "ArrowRight" => (i + 1) % VIEWS.len(),
                "ArrowLeft" => (i + VIEWS.len() - 1) % VIEWS.len(),
                "Home" => 0,
                "End" => VIEWS.len() - 1,
                _ => return,
            };
            event.prevent_default();
            select_view(VIEWS[next], true);
        })
        .forget();
    }
}

/// Wires a button by id to an action.
fn on_button(id: &str, action: impl Fn() + 'static) {
    if let Some(b) = document().and_then(|d| d.get_element_by_id(id)) {
        EventListener::new(&b, "click", move |_| action()).forget();
    }
}

/// Wires a form by id to an action, in place of the page reload a submit would do.
fn on_submit(id: &str, action: impl Fn() + 'static) {
    if let Some(form) = document().and_then(|d| d.get_element_by_id(id)) {
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(&form, "submit", options, move |event| {
            event.prevent_default();
            action();
        })
        .forget();
    }
}

/// Wires a file input by id to what reads the chosen file.
fn on_file<F: std::future::Future<Output = ()> + 'static>(id: &str, read: fn(web_sys::HtmlInputElement) -> F) {
    let input =
        document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let target = input.clone();
        EventListener::new(&input, "change", move |_| spawn_local(read(target.clone()))).forget();
    }
}

/// The tab to show: `?tab=N` when the panel is opened as a page, else the active tab.
async fn initial_tab() -> Option<TabId> {
    let search = web_sys::window()?.location().search().ok()?;
    if let Some(tab) = web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("tab") {
        return tab.parse().ok();
    }
    let query = to_js(&serde_json::json!({ "active": true, "currentWindow": true })).ok()?;
    let tabs = JsFuture::from(chrome::tabs_query(&query).ok()?).await.ok()?;
    let first = js_sys::Array::from(&tabs).get(0);
    js_sys::Reflect::get(&first, &"id".into()).ok()?.as_f64().map(|id| id as TabId)
}

#[wasm_bindgen]
pub async fn panel_main() {
    let pinned = initial_tab().await;
    TAB.with(|t| t.set(pinned));
    let (own_id, origin) = chrome::own_identity();
    let on_message = Closure::<dyn Fn(JsValue, JsValue)>::new(move |message: JsValue, sender: JsValue| {
        let from_us = from_js::<crate::messages::SenderInfo>(sender)
            .ok()
            .and_then(|s| s.classify(&own_id, &origin))
            .is_some_and(|(from, _)| from == crate::messages::Sender::ExtensionPage);
        let kind = js_sys::Reflect::get(&message, &"type".into()).ok().and_then(|t| t.as_string());
        if from_us && kind.as_deref() == Some("changed") {
            spawn_local(render());
        }
    });
    chrome::on_message(on_message.as_ref().unchecked_ref());
    on_message.forget();
    let follow_tabs = web_sys::window().and_then(|w| w.location().search().ok()).is_none_or(|s| !s.contains("tab="));
    if follow_tabs {
        let on_activated = Closure::<dyn Fn(JsValue)>::new(|info: JsValue| {
            let id = js_sys::Reflect::get(&info, &"tabId".into()).ok().and_then(|v| v.as_f64());
            TAB.with(|t| t.set(id.map(|id| id as TabId)));
            spawn_local(render());
        });
        chrome::on_tab_activated(on_activated.as_ref().unchecked_ref());
        on_activated.forget();
    }
    wire_tabs();
    calls::wire_objective();
    on_button("export", || spawn_local(book::export(|after| Request::ExportCsv { after }, "leads")));
    on_button("export-cleanup", || spawn_local(book::export(|_| Request::ExportCleanupCsv, "clean-up")));
    on_file("leads-file", book::import_leads);
    spawn_local(engagement::load());
    on_submit("engagement-form", || spawn_local(engagement::save()));
    on_file("dnc-file", book::import_suppression);
    if let Some(input) = document().and_then(|d| d.get_element_by_id("search")) {
        EventListener::new(&input, "input", |_| spawn_local(book::search())).forget();
    }
    // Enter searches in place rather than reloading the panel.
    on_submit("search-form", || spawn_local(book::search()));
    super::mark_wired();
    render().await;
}
