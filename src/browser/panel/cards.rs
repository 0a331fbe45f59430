//! A lead as the panel shows it, wherever it appears: on the page, in search results, among the
//! leads a captured person may be.

use super::dom::{button, child, el, link, local_time};
use crate::messages::LeadCard;
use crate::model::CallTask;
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

/// A `tel:` link target with nothing but what a dialler reads.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

pub fn reach_line(doc: &Document, card: &LeadCard, dial: Option<&str>) -> Result<Element, JsValue> {
    let line = el(doc, "div", "reach", None)?;
    if let Some(phone) = dial.or(card.phone.as_deref()) {
        let a = link(doc, "phone", phone, &tel_href(phone))?;
        line.append_child(&a)?;
    }
    if let Some(email) = &card.email {
        child(doc, &line, "span", "email", Some(email))?;
    }
    if let Some(profile) = &card.profile {
        // Profile URLs are rebuilt by us from a canonical id; `link` checks the scheme all the same.
        let a = link(doc, "profile", "profile", profile)?;
        line.append_child(&a)?;
    }
    Ok(line)
}

pub fn role_line(card: &LeadCard) -> Option<String> {
    match (&card.title, &card.company) {
        (Some(t), Some(c)) => Some(format!("{t} · {c}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

/// A lead's card: name and badge, role, location, how to reach them, and the evidence.
pub fn lead_item(
    doc: &Document,
    class: &str,
    card: &LeadCard,
    badge: Option<(&str, &str)>,
    reasons: &[String],
) -> Result<Element, JsValue> {
    let li = el(doc, "li", class, None)?;
    let head = el(doc, "div", "who", None)?;
    child(doc, &head, "strong", "name", Some(&card.name))?;
    if let Some((class, text)) = badge {
        child(doc, &head, "span", &format!("badge {class}"), Some(text))?;
    }
    let priority = child(doc, &head, "span", "priority", Some(&format!("priority {}", card.priority)))?;
    priority.set_attribute("title", "Fit, qualification and recent engagement with our content")?;
    li.append_child(&head)?;
    if let Some(role) = role_line(card) {
        child(doc, &li, "div", "role", Some(&role))?;
    }
    if let Some(headline) = card.headline.as_ref().filter(|h| role_line(card).as_ref() != Some(*h)) {
        child(doc, &li, "div", "headline", Some(headline))?;
    }
    if let Some(loc) = &card.location {
        child(doc, &li, "div", "location", Some(loc))?;
    }
    let node = reach_line(doc, card, None)?;
    li.append_child(&node)?;
    if !card.engagement.is_empty() {
        let list = child(doc, &li, "ul", "engagement", None)?;
        list.set_attribute("aria-label", &format!("What {} did lately", card.name))?;
        for line in &card.engagement {
            child(doc, &list, "li", "", Some(line))?;
        }
    }
    if !reasons.is_empty() {
        child(doc, &li, "div", "reasons", Some(&reasons.join("; ")))?;
    }
    Ok(li)
}

/// "On the call list" with its due time, or the button that puts the lead there.
pub fn call_list_action(
    doc: &Document,
    li: &Element,
    card: &LeadCard,
    open_task: Option<&CallTask>,
) -> Result<(), JsValue> {
    match open_task {
        Some(task) => {
            child(doc, li, "div", "queued", Some(&format!("On the call list · due {}", local_time(&task.due))))?;
        }
        None => {
            let b = button(doc, "add", "Add to call list")?;
            let id = card.id.clone();
            EventListener::new(&b, "click", move |_| spawn_local(super::add(id.clone()))).forget();
            li.append_child(&b)?;
        }
    }
    Ok(())
}
