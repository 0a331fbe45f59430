//! The side panel: who is on the current tab, with match badges and reasons, one-click "Add to
//! call list", the call list (their time and yours, click-to-call, one-click outcomes), the
//! do-not-call import and the CSV exports. Every value is set as text, never as HTML.

use super::chrome;
use super::{from_js, rep_offset_minutes, to_js};
use crate::book::LeadId;
use crate::matching::MatchOutcome;
use crate::messages::{CallListItem, LeadCard, Request, Response, TabId, TabPerson, TabView};
use crate::plan::{CallTask, Criterion, Outcome, Qualification, TaskId, TaskKind};
use chrono::{DateTime, FixedOffset, Utc};
use gloo_events::EventListener;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element};

thread_local! {
    static TAB: Cell<Option<TabId>> = const { Cell::new(None) };
}

async fn ask(request: &Request) -> Response {
    let sent = match to_js(request).and_then(|m| chrome::send_message(&m)) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(value) => from_js(value).unwrap_or_else(|e| Response::Error { message: format!("Unreadable answer: {e}") }),
        Err(e) => Response::Error { message: format!("The extension's worker did not answer: {e:?}") },
    }
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// An element with a class and text content (text, so nothing from a page is ever parsed as HTML).
fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    Ok(e)
}

/// Appends a new element (see [`el`]) to `parent`, returning it.
fn child(doc: &Document, parent: &Element, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let e = el(doc, tag, class, text)?;
    parent.append_child(&e)?;
    Ok(e)
}

fn status(text: &str) {
    if let Some(s) = document().and_then(|d| d.get_element_by_id("status")) {
        s.set_text_content(Some(text));
    }
}

fn local_time(at: &DateTime<Utc>) -> String {
    FixedOffset::east_opt(rep_offset_minutes() * 60)
        .map(|z| at.with_timezone(&z).format("%a %d %b, %H:%M").to_string())
        .unwrap_or_else(|| at.format("%a %d %b, %H:%M UTC").to_string())
}

/// A `tel:` link target with nothing but what a dialler reads.
fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

fn reach_line(doc: &Document, card: &LeadCard, dial: Option<&str>) -> Result<Element, JsValue> {
    let line = el(doc, "div", "reach", None)?;
    if let Some(phone) = dial.or(card.phone.as_deref()) {
        let a = el(doc, "a", "phone", Some(phone))?;
        a.set_attribute("href", &tel_href(phone))?;
        line.append_child(&a)?;
    }
    if let Some(email) = &card.email {
        child(doc, &line, "span", "email", Some(email))?;
    }
    if let Some(profile) = &card.profile {
        // Profile URLs are rebuilt by us from a canonical id, never copied from the page.
        let a = el(doc, "a", "profile", Some("profile"))?;
        a.set_attribute("href", profile)?;
        a.set_attribute("target", "_blank")?;
        a.set_attribute("rel", "noopener noreferrer")?;
        line.append_child(&a)?;
    }
    Ok(line)
}

fn role_line(card: &LeadCard) -> Option<String> {
    match (&card.title, &card.company) {
        (Some(t), Some(c)) => Some(format!("{t} · {c}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

fn person_item(doc: &Document, person: &TabPerson) -> Result<Element, JsValue> {
    let li = el(doc, "li", "person", None)?;
    let head = el(doc, "div", "who", None)?;
    child(doc, &head, "strong", "name", Some(&person.lead.name))?;
    let (badge_class, badge_text, reasons) = match &person.outcome {
        MatchOutcome::New => ("badge new", "New".to_string(), None),
        MatchOutcome::Match { name, reasons, .. } => {
            ("badge match", format!("Matches {name}"), Some(reasons.join("; ")))
        }
        MatchOutcome::Possible { candidates } => {
            let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
            ("badge possible", format!("May be {}", names.join(" or ")), None)
        }
    };
    child(doc, &head, "span", badge_class, Some(&badge_text))?;
    li.append_child(&head)?;
    if let Some(role) = role_line(&person.lead) {
        child(doc, &li, "div", "role", Some(&role))?;
    }
    if let Some(loc) = &person.lead.location {
        child(doc, &li, "div", "location", Some(loc))?;
    }
    let node = reach_line(doc, &person.lead, None)?;
    li.append_child(&node)?;
    if let Some(reasons) = reasons {
        child(doc, &li, "div", "reasons", Some(&reasons))?;
    }
    match &person.open_task {
        Some(task) => {
            child(doc, &li, "div", "queued", Some(&format!("On the call list · due {}", local_time(&task.due))))?;
        }
        None => {
            let button = el(doc, "button", "add", Some("Add to call list"))?;
            button.set_attribute("type", "button")?;
            let id = person.lead.id.clone();
            EventListener::new(&button, "click", move |_| {
                let id = id.clone();
                spawn_local(add(id));
            })
            .forget();
            li.append_child(&button)?;
        }
    }
    Ok(li)
}

/// The outcome buttons, in the order a rep meets them on a call.
const OUTCOMES: &[(Outcome, &str)] = &[
    (Outcome::NoAnswer, "No answer"),
    (Outcome::VoicemailLeft, "Voicemail"),
    (Outcome::Gatekeeper, "Gatekeeper"),
    (Outcome::MeetingBooked, "Meeting booked"),
    (Outcome::NotInterested, "Not interested"),
    (Outcome::Disqualified, "Disqualified"),
    (Outcome::WrongNumber, "Wrong number"),
    (Outcome::LeftCompany, "Left company"),
    (Outcome::DoNotCall, "Do not call"),
];

fn button(doc: &Document, class: &str, text: &str) -> Result<Element, JsValue> {
    let b = el(doc, "button", class, Some(text))?;
    b.set_attribute("type", "button")?;
    Ok(b)
}

/// The value of the input of class `class` inside `scope`.
fn input_value(scope: &Element, class: &str) -> String {
    scope
        .query_selector(&format!("input.{class}"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A `datetime-local` value ("2026-11-25T16:30") read on the rep's own clock, as the browser does.
fn parse_local(value: &str) -> Option<DateTime<Utc>> {
    if value.is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then(|| DateTime::from_timestamp_millis(ms as i64)).flatten()
}

fn outcome_controls(doc: &Document, li: &Element, task: &CallTask) -> Result<(), JsValue> {
    let group = el(doc, "div", "outcomes", None)?;
    group.set_attribute("role", "group")?;
    group.set_attribute("aria-label", "Log the outcome of this call")?;
    let note = el(doc, "input", "outcome-note", None)?;
    note.set_attribute("type", "text")?;
    note.set_attribute("placeholder", "Note (optional)")?;
    note.set_attribute("aria-label", "Note for this call")?;
    group.append_child(&note)?;
    for &(outcome, label) in OUTCOMES {
        let b = button(doc, "outcome", label)?;
        b.set_attribute(
            "data-outcome",
            &serde_json::to_value(outcome).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        )?;
        let (id, scope) = (task.id.clone(), li.clone());
        EventListener::new(&b, "click", move |_| {
            spawn_local(log_outcome(id.clone(), outcome, input_value(&scope, "outcome-note"), None));
        })
        .forget();
        group.append_child(&b)?;
    }
    let callback = el(doc, "div", "callback", None)?;
    let label = el(doc, "label", "", Some("Call back at (your time) "))?;
    let when = el(doc, "input", "callback-at", None)?;
    when.set_attribute("type", "datetime-local")?;
    label.append_child(&when)?;
    callback.append_child(&label)?;
    let b = button(doc, "outcome callback-requested", "Call back then")?;
    let (id, scope) = (task.id.clone(), li.clone());
    EventListener::new(&b, "click", move |_| {
        let at = parse_local(&input_value(&scope, "callback-at"));
        spawn_local(log_outcome(id.clone(), Outcome::CallbackRequested, input_value(&scope, "outcome-note"), at));
    })
    .forget();
    callback.append_child(&b)?;
    group.append_child(&callback)?;
    li.append_child(&group)?;
    Ok(())
}

const CRITERIA: &[(&str, &str)] =
    &[("budget", "Budget"), ("need", "Need"), ("authority", "Authority"), ("timing", "Timing")];
const ANSWERS: &[(Criterion, &str, &str)] =
    &[(Criterion::Unknown, "unknown", "?"), (Criterion::Met, "met", "Yes"), (Criterion::NotMet, "not_met", "No")];

/// Budget, need, authority and timing as four choices; any change saves all four.
fn qualification_controls(doc: &Document, li: &Element, item: &CallListItem) -> Result<(), JsValue> {
    let set = el(doc, "fieldset", "qualification", None)?;
    child(doc, &set, "legend", "", Some("Qualification"))?;
    for ((key, label), (_, current)) in CRITERIA.iter().zip(item.lead.qualification.criteria()) {
        let l = el(doc, "label", "", Some(label))?;
        let select = el(doc, "select", "", None)?;
        select.set_attribute("data-criterion", key)?;
        for (value, name, text) in ANSWERS {
            let option = child(doc, &select, "option", "", Some(text))?;
            option.set_attribute("value", name)?;
            if *value == current {
                option.set_attribute("selected", "")?;
            }
        }
        l.append_child(&select)?;
        set.append_child(&l)?;
    }
    let (lead, scope) = (item.lead.id.clone(), set.clone());
    EventListener::new(&set, "change", move |_| {
        let answer = |key: &str| {
            scope
                .query_selector(&format!("select[data-criterion=\"{key}\"]"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default()
        };
        let fields: serde_json::Map<String, serde_json::Value> =
            CRITERIA.iter().map(|(key, _)| (key.to_string(), answer(key).into())).collect();
        match serde_json::from_value::<Qualification>(fields.into()) {
            Ok(q) => spawn_local(qualify(lead.clone(), q)),
            Err(e) => status(&format!("Qualification not saved: {e}")),
        }
    })
    .forget();
    li.append_child(&set)?;
    Ok(())
}

fn task_item(doc: &Document, item: &CallListItem) -> Result<Element, JsValue> {
    let task = &item.task;
    let class = if task.kind == TaskKind::Callback { "task promised" } else { "task" };
    let li = el(doc, "li", class, None)?;
    let head = el(doc, "div", "who", None)?;
    let due = el(doc, "time", "due", Some(&local_time(&task.due)))?;
    due.set_attribute("datetime", &task.due.to_rfc3339())?;
    head.append_child(&due)?;
    child(doc, &head, "strong", "name", Some(&item.lead.name))?;
    if task.kind == TaskKind::Callback {
        child(doc, &head, "span", "badge promised", Some("Promised call-back"))?;
    } else if task.attempt > 1 {
        child(doc, &head, "span", "badge attempt", Some(&format!("Attempt {}", task.attempt)))?;
    }
    li.append_child(&head)?;
    if !task.due_local.is_empty() {
        let theirs = format!("Their time: {} ({}) · yours: {}", task.due_local, task.time_zone, local_time(&task.due));
        child(doc, &li, "div", "their-time", Some(&theirs))?;
    }
    if let Some(role) = role_line(&item.lead) {
        child(doc, &li, "div", "role", Some(&role))?;
    }
    let node = reach_line(doc, &item.lead, task.phone.as_deref())?;
    li.append_child(&node)?;
    for warning in &task.warnings {
        child(doc, &li, "p", "warning", Some(warning))?;
    }
    if !task.note.is_empty() {
        child(doc, &li, "p", "note", Some(&task.note))?;
    }
    qualification_controls(doc, &li, item)?;
    outcome_controls(doc, &li, task)?;
    Ok(li)
}

fn render_page(doc: &Document, view: Option<&TabView>) -> Result<(), JsValue> {
    let Some(section) = doc.get_element_by_id("page") else { return Ok(()) };
    section.set_text_content(None);
    child(doc, &section, "h2", "", Some("On this page"))?;
    let Some(view) = view else {
        child(
            doc,
            &section,
            "p",
            "empty",
            Some("Nothing captured on this tab yet. Open a profile, team or contact page."),
        )?;
        return Ok(());
    };
    if let Some(org) = &view.organization {
        child(doc, &section, "p", "org", Some(org))?;
    }
    if view.people.is_empty() {
        child(doc, &section, "p", "empty", Some("No people found on this page."))?;
    }
    let list = el(doc, "ul", "people", None)?;
    for person in &view.people {
        let node = person_item(doc, person)?;
        list.append_child(&node)?;
    }
    section.append_child(&list)?;
    for note in &view.notes {
        child(doc, &section, "p", "capture-note", Some(note))?;
    }
    Ok(())
}

fn render_calls(doc: &Document, items: &[CallListItem]) -> Result<(), JsValue> {
    let Some(list) = doc.get_element_by_id("calls") else { return Ok(()) };
    list.set_text_content(None);
    if items.is_empty() {
        child(doc, &list, "li", "empty", Some("No calls planned. Add someone from a page."))?;
    }
    for item in items {
        let node = task_item(doc, item)?;
        list.append_child(&node)?;
    }
    Ok(())
}

async fn render() {
    let Some(doc) = document() else { return };
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
    let calls = match ask(&Request::GetCallList).await {
        Response::CallList { items } => items,
        Response::Error { message } => {
            status(&message);
            Vec::new()
        }
        _ => Vec::new(),
    };
    if let Err(e) = render_page(&doc, view.as_ref()).and_then(|_| render_calls(&doc, &calls)) {
        status(&format!("Display error: {e:?}"));
    }
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

async fn qualify(lead_id: LeadId, qualification: Qualification) {
    match ask(&Request::SetQualification { lead_id, qualification }).await {
        Response::Done => status("Qualification saved."),
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

/// Reads the chosen CSV file and imports it as the do-not-call list.
async fn import_suppression(input: web_sys::HtmlInputElement) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    let csv = match JsFuture::from(file.text()).await.map(|v| v.as_string()) {
        Ok(Some(text)) => text,
        _ => return status("The file could not be read as text."),
    };
    input.set_value("");
    // Numbers written without a country code are read in the country of the browser's language.
    let region = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"language".into()).ok())
        .and_then(|l| l.as_string())
        .and_then(|l| crate::normalize::region_from_lang(&l));
    match ask(&Request::ImportSuppression { csv, region }).await {
        Response::SuppressionImported { report, listed } => {
            let mut text = format!(
                "Do-not-call list: {} added, {} already listed, {listed} in all.",
                report.added, report.already_listed
            );
            for bad in report.bad_rows.iter().take(5) {
                text.push_str(&format!(" Line {} kept out: {}.", bad.line, bad.message));
            }
            if report.bad_rows.len() > 5 {
                text.push_str(&format!(" {} more lines kept out.", report.bad_rows.len() - 5));
            }
            status(&text);
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

async fn export(request: Request, name: &'static str) {
    let csv = match ask(&request).await {
        Response::Csv { csv } => csv,
        Response::Error { message } => return status(&message),
        _ => return,
    };
    let result = (|| -> Result<(), JsValue> {
        let doc = document().ok_or("no document")?;
        let parts = js_sys::Array::of1(&JsValue::from_str(&csv));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
        a.set_href(&url);
        a.set_download(&format!("leadlens-{name}-{}.csv", Utc::now().format("%Y-%m-%d")));
        a.click();
        web_sys::Url::revoke_object_url(&url)?;
        Ok(())
    })();
    if let Err(e) = result {
        status(&format!("Export failed: {e:?}"));
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
    if let Some(button) = document().and_then(|d| d.get_element_by_id("export")) {
        EventListener::new(&button, "click", |_| spawn_local(export(Request::ExportCsv, "leads"))).forget();
    }
    if let Some(button) = document().and_then(|d| d.get_element_by_id("export-cleanup")) {
        EventListener::new(&button, "click", |_| spawn_local(export(Request::ExportCleanupCsv, "clean-up"))).forget();
    }
    if let Some(input) = document()
        .and_then(|d| d.get_element_by_id("dnc-file"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let target = input.clone();
        EventListener::new(&input, "change", move |_| spawn_local(import_suppression(target.clone()))).forget();
    }
    render().await;
}
