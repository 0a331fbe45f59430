//! The call list: each call at the lead's time and the rep's, click-to-call, qualification and
//! one-click outcomes.

use super::cards::{reach_line, role_line};
use super::dom::{button, child, el, input_value, local_time, status};
use super::{log_outcome, qualify, set_objective};
use crate::messages::CallListItem;
use crate::model::{CallTask, Criterion, Objective, Outcome, Qualification, TaskKind};
use chrono::{DateTime, Utc};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

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
    child(doc, &li, "div", "objective", Some(&format!("Goal: {}", task.objective)))?;
    if !task.note.is_empty() {
        child(doc, &li, "p", "note", Some(&task.note))?;
    }
    qualification_controls(doc, &li, item)?;
    outcome_controls(doc, &li, task)?;
    Ok(li)
}

/// The campaign's goal: a choice above the list, filled from [`Objective::ALL`].
fn render_objective(doc: &Document, current: Objective) -> Result<(), JsValue> {
    let Some(select) = doc.get_element_by_id("objective") else { return Ok(()) };
    if select.child_element_count() == 0 {
        for o in Objective::ALL {
            let option = child(doc, &select, "option", "", Some(o.label()))?;
            option.set_attribute("value", o.key())?;
        }
    }
    if let Some(select) = select.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(current.key());
    }
    Ok(())
}

/// A new goal is saved at once; calls already planned keep theirs.
pub fn wire_objective() {
    let Some(select) = super::dom::document().and_then(|d| d.get_element_by_id("objective")) else { return };
    let target = select.clone();
    EventListener::new(&select, "change", move |_| {
        let value = target.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
        match Objective::ALL.into_iter().find(|o| o.key() == value) {
            Some(objective) => spawn_local(set_objective(objective)),
            None => status("Unknown goal."),
        }
    })
    .forget();
}

pub fn render_calls(doc: &Document, items: &[CallListItem], objective: Objective) -> Result<(), JsValue> {
    render_objective(doc, objective)?;
    let Some(list) = doc.get_element_by_id("calls") else { return Ok(()) };
    list.set_text_content(None);
    if let Some(count) = doc.get_element_by_id("calls-count") {
        let n = items.len().to_string();
        count.set_text_content(Some(if items.is_empty() { "" } else { &n }));
    }
    if items.is_empty() {
        child(doc, &list, "li", "empty", Some("No calls planned. Add someone from a page."))?;
    }
    for item in items {
        let node = task_item(doc, item)?;
        list.append_child(&node)?;
    }
    Ok(())
}
