//! The options page: which CRM, its address and token, the field policies, "Test connection",
//! and the outbox's state. The token stays in `chrome.storage.local`; the CRM's origin is asked
//! for as an optional host permission when the rep saves or tests, never before. Every value is
//! set as text or an attribute, never parsed as HTML.

use super::chrome;
use super::sync::SETTINGS_KEY;
use super::{fetch, from_js, to_js};
use crate::crm::{CrmError, CrmKind, CrmSettings, Job, LeadField, Mapping, Policy};
use crate::messages::Response;
use crate::sync::options::{check_message, OptionsForm, SetupError};
use crate::sync::{SyncRequest, SyncView};
use gloo_events::EventListener;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::json;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

const POLICIES: [(Policy, &str); 3] = [
    (Policy::FillEmpty, "Fill only if empty"),
    (Policy::Propose, "Propose in a note"),
    (Policy::Overwrite, "Overwrite"),
];

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

fn say(id: &str, text: &str) {
    if let Some(e) = by_id::<Element>(id) {
        e.set_text_content(Some(text));
    }
}

/// A settings value's wire name (`fill_empty`, `given_name`), as serde writes it.
fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn parse<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.into())).ok()
}

fn option(doc: &Document, select: &Element, value: &str, label: &str, selected: bool) -> Result<(), JsValue> {
    let o = doc.create_element("option")?;
    o.set_attribute("value", value)?;
    o.set_text_content(Some(label));
    if selected {
        o.set_attribute("selected", "")?;
    }
    select.append_child(&o)?;
    Ok(())
}

/// One row per mapped field: the field, the CRM's field, and the policy chosen for it.
fn render_policies(kind: CrmKind, mapping: Option<&Mapping>) -> Result<(), JsValue> {
    let (Some(doc), Some(rows)) = (document(), by_id::<Element>("policy-rows")) else { return Ok(()) };
    rows.set_text_content(None);
    let Some(Mapping(fields)) = mapping.cloned().or_else(|| kind.default_mapping()) else {
        say("policy-note", "The webhook receives every field as Leadlens has it.");
        return Ok(());
    };
    say("policy-note", "When the CRM already holds a different value:");
    for row in fields {
        let tr = doc.create_element("tr")?;
        let field = doc.create_element("th")?;
        field.set_text_content(Some(&code(&row.field).replace('_', " ")));
        let crm = doc.create_element("td")?;
        crm.set_text_content(Some(&row.crm_field));
        let cell = doc.create_element("td")?;
        let select = doc.create_element("select")?;
        select.set_attribute("data-field", &code(&row.field))?;
        select.set_attribute("aria-label", &format!("Policy for {}", row.crm_field))?;
        for (policy, label) in POLICIES {
            option(&doc, &select, &code(&policy), label, policy == row.policy)?;
        }
        cell.append_child(&select)?;
        for c in [&field, &crm, &cell] {
            tr.append_child(c)?;
        }
        rows.append_child(&tr)?;
    }
    Ok(())
}

fn value_of(id: &str) -> String {
    by_id::<HtmlInputElement>(id).map(|i| i.value()).unwrap_or_default()
}

fn read_form() -> Option<OptionsForm> {
    let kind = parse(&by_id::<HtmlSelectElement>("kind")?.value())?;
    let mut policies: Vec<(LeadField, Policy)> = Vec::new();
    let selects = document()?.query_selector_all("select[data-field]").ok()?;
    for i in 0..selects.length() {
        let Some(select) = selects.item(i).and_then(|n| n.dyn_into::<HtmlSelectElement>().ok()) else { continue };
        let field = select.get_attribute("data-field").and_then(|f| parse(&f));
        if let (Some(field), Some(policy)) = (field, parse(&select.value())) {
            policies.push((field, policy));
        }
    }
    Some(OptionsForm { kind, base_url: value_of("base-url"), token: value_of("token"), policies })
}

/// The form's settings, with the browser's leave to reach the CRM's origin. The browser is asked
/// at once, inside the click handler, before the returned future is polled: it asks the rep only
/// during a user gesture (Firefox only in the handler itself, not in a later task).
fn allowed_settings() -> impl Future<Output = Result<CrmSettings, SetupError>> {
    let asked = read_form()
        .ok_or(SetupError::Crm(CrmError::BadUrl("choose a CRM".into())))
        .and_then(|form| form.settings())
        .and_then(|settings| {
            let origin = settings.origin_pattern().map_err(SetupError::Crm)?;
            let request = to_js(&json!({ "origins": [origin] })).ok();
            let answer = request.and_then(|r| chrome::permissions_request(&r).ok());
            Ok((settings, origin, answer))
        });
    async move {
        let (settings, origin, answer) = asked?;
        let granted = match answer {
            Some(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
            None => false,
        };
        if granted {
            Ok(settings)
        } else {
            Err(SetupError::NotAllowed { origin })
        }
    }
}

fn test_connection() -> impl Future<Output = ()> {
    say("status", "Testing…");
    let allowed = allowed_settings();
    async move {
        let message = match allowed.await {
            Ok(s) => {
                let result = match s.connector() {
                    Ok(c) => {
                        crate::worker::run(c.as_ref(), &fetch::GlobalFetch, &Job::Check).await.map_err(SetupError::Crm)
                    }
                    Err(e) => Err(SetupError::Crm(e)),
                };
                check_message(&s, result)
            }
            Err(e) => e.to_string(),
        };
        say("status", &message);
    }
}

fn save() -> impl Future<Output = ()> {
    let allowed = allowed_settings();
    async move {
        match allowed.await {
            Ok(settings) => store_settings(settings).await,
            Err(e) => say("status", &e.to_string()),
        }
    }
}

async fn store_settings(settings: CrmSettings) {
    let stored =
        to_js(&json!({ SETTINGS_KEY: settings })).and_then(|items| chrome::storage_set(&items)).map(JsFuture::from);
    let saved = match stored {
        Ok(f) => f.await.is_ok(),
        Err(_) => false,
    };
    if !saved {
        return say("status", "The settings could not be saved; try again.");
    }
    say(
        "status",
        &format!(
            "Saved. Leads you put on the call list, their calls and outcomes now go to {}.",
            settings.kind.label()
        ),
    );
    // New settings may fix what was refused (a token, an address): send it all again.
    outbox(SyncRequest::SyncRetryParked).await;
}

async fn disconnect() {
    if let Ok(promise) = chrome::storage_remove(SETTINGS_KEY) {
        let _ = JsFuture::from(promise).await;
    }
    say("status", "Leadlens keeps leads in the local lead book only. Anything queued waits until a CRM is set again.");
}

/// Asks the worker about the outbox and shows what it says.
async fn outbox(request: SyncRequest) {
    let answer = match to_js(&request).and_then(|m| chrome::send_message(&m)) {
        Ok(promise) => JsFuture::from(promise).await.map_err(|e| format!("{e:?}")),
        Err(e) => Err(format!("{e:?}")),
    };
    let view = answer.and_then(|v| {
        from_js::<SyncView>(v.clone()).map_err(|_| match from_js::<Response>(v) {
            Ok(Response::Error { message }) => message,
            _ => "an unreadable answer".into(),
        })
    });
    match view {
        Ok(view) => show_outbox(&view),
        Err(e) => say("outbox", &format!("The outbox could not be read: {e}")),
    }
}

fn show_outbox(view: &SyncView) {
    say(
        "outbox",
        &format!("{} sent, {} waiting to be sent, {} refused by the CRM.", view.done, view.pending, view.parked),
    );
    if let Some(note) = &view.note {
        say("sync-note", note);
    }
    show_lines("parked", &view.parked_reasons);
    show_lines("retrying", &view.retrying);
}

/// Replaces the list `id`'s items with `lines`, as text.
fn show_lines(id: &str, lines: &[String]) {
    let (Some(doc), Some(list)) = (document(), by_id::<Element>(id)) else { return };
    list.set_text_content(None);
    for line in lines {
        if let Ok(li) = doc.create_element("li") {
            li.set_text_content(Some(line));
            let _ = list.append_child(&li);
        }
    }
}

/// Runs `run` inside the click (what it does before its first await happens during the gesture).
fn on_click(id: &str, run: fn() -> Pin<Box<dyn Future<Output = ()>>>) {
    if let Some(e) = by_id::<Element>(id) {
        EventListener::new(&e, "click", move |_| spawn_local(run())).forget();
    }
}

#[wasm_bindgen]
pub async fn options_main() -> Result<(), JsValue> {
    let doc = document().ok_or("no document")?;
    let stored: Option<CrmSettings> = match chrome::storage_get(SETTINGS_KEY) {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| js_sys::Reflect::get(&v, &SETTINGS_KEY.into()).ok())
            .and_then(|v| from_js(v).ok()),
        Err(_) => None,
    };
    let kind = stored.as_ref().map_or(CrmKind::Bottlecrm, |s| s.kind);
    if let Some(select) = by_id::<Element>("kind") {
        for k in CrmKind::ALL {
            option(&doc, &select, k.code(), k.label(), k == kind)?;
        }
        EventListener::new(&select, "change", |_| {
            if let Some(kind) = by_id::<HtmlSelectElement>("kind").and_then(|s| parse(&s.value())) {
                let _ = render_policies(kind, None);
            }
        })
        .forget();
    }
    if let Some(s) = &stored {
        for (id, value) in [("base-url", &s.base_url), ("token", &s.token)] {
            if let Some(input) = by_id::<HtmlInputElement>(id) {
                input.set_value(value);
            }
        }
        say("mode", &format!("Sending to {}", s.kind.label()));
    }
    render_policies(kind, stored.as_ref().and_then(|s| s.mapping.as_ref()))?;
    on_click("save", || Box::pin(save()));
    on_click("test", || Box::pin(test_connection()));
    on_click("disconnect", || Box::pin(disconnect()));
    on_click("retry", || Box::pin(outbox(SyncRequest::SyncRetryParked)));
    on_click("sync-now", || Box::pin(outbox(SyncRequest::SyncNow)));
    on_click("pull", || Box::pin(outbox(SyncRequest::SyncPull)));
    outbox(SyncRequest::SyncStatus).await;
    super::privacy::wire().await;
    super::mark_wired();
    Ok(())
}
