//! "This page": who is on the current tab, each with a match badge and its reasons, "add all",
//! for a person who may be one of several leads the leads to pick from, for a person who is no
//! lead "save" and "add"; and for the tab's site, pause and "save everyone I open here".

use super::cards::{call_list_action, lead_item};
use super::dom::{button, child, el};
use super::{add_all, resolve, save, site_rule};
use crate::matching::MatchOutcome;
use crate::messages::{PendingView, TabId, TabPerson, TabView, UnsavedView};
use crate::model::LeadId;
use crate::reading::SiteRule;
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

fn person_item(doc: &Document, person: &TabPerson) -> Result<Element, JsValue> {
    let (badge, reasons) = match &person.outcome {
        MatchOutcome::New => (("new", "New".to_string()), &[][..]),
        MatchOutcome::Match { name, reasons, .. } => (("match", format!("Matches {name}")), reasons.as_slice()),
        MatchOutcome::Possible { candidates } => {
            let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
            (("possible", format!("May be {}", names.join(" or "))), &[][..])
        }
    };
    let li = lead_item(doc, "person", &person.lead, Some((badge.0, &badge.1)), reasons)?;
    call_list_action(doc, &li, &person.lead, person.open_task.as_ref())?;
    Ok(li)
}

/// A person the page shows who is no lead: "Save" and "Add to call list" (which saves too).
fn unsaved_item(doc: &Document, tab_id: TabId, person: &UnsavedView) -> Result<Element, JsValue> {
    let li = lead_item(doc, "person unsaved", &person.card, Some(("unsaved", "Not saved")), &[])?;
    for (class, text, call) in [("save", "Save as lead", false), ("add", "Add to call list", true)] {
        let b = button(doc, class, text)?;
        b.set_attribute("aria-label", &format!("{text}: {}", person.card.name))?;
        let key = person.key.clone();
        EventListener::new(&b, "click", move |_| spawn_local(save(tab_id, key.clone(), call))).forget();
        li.append_child(&b)?;
    }
    Ok(li)
}

/// The tab's site: pause reading it (or resume), and whether everyone opened there is saved.
fn site_controls(doc: &Document, tab_id: TabId, site: &str, view: &TabView) -> Result<Element, JsValue> {
    let line = el(doc, "div", "site", None)?;
    let (class, text, rule) = match view.paused {
        true => ("resume", format!("Resume reading {site}"), SiteRule::Resume),
        false => ("pause", format!("Pause on {site}"), SiteRule::Pause),
    };
    let b = button(doc, &format!("secondary {class}"), &text)?;
    EventListener::new(&b, "click", move |_| spawn_local(site_rule(tab_id, rule))).forget();
    line.append_child(&b)?;
    if !view.paused {
        let label = child(doc, &line, "label", "check", None)?;
        let check = el(doc, "input", "save-everyone", None)?;
        check.set_attribute("type", "checkbox")?;
        if view.saves_everyone {
            check.set_attribute("checked", "")?;
        }
        label.append_child(&check)?;
        label.append_with_str_1(&format!(" Save everyone I open on {site}"))?;
        let rule = if view.saves_everyone { SiteRule::SaveWhenAsked } else { SiteRule::SaveEveryone };
        EventListener::new(&check, "change", move |_| spawn_local(site_rule(tab_id, rule))).forget();
    }
    Ok(line)
}

/// The question "is this one of your leads?": the captured person, then each lead it may be with
/// the evidence and a "Same person" button, then "Someone new".
fn question(doc: &Document, tab_id: TabId, n: usize, pending: &PendingView) -> Result<Element, JsValue> {
    let li = el(doc, "li", "pending", None)?;
    li.set_attribute("aria-label", &format!("Is {} one of your leads?", pending.name))?;
    let head = el(doc, "div", "who", None)?;
    child(doc, &head, "strong", "name", Some(&pending.name))?;
    child(doc, &head, "span", "badge possible", Some("Already a lead?"))?;
    li.append_child(&head)?;
    let seen: Vec<&str> =
        [&pending.title, &pending.company, &pending.email].into_iter().flatten().map(String::as_str).collect();
    if !seen.is_empty() {
        child(doc, &li, "div", "role", Some(&format!("On this page: {}", seen.join(" · "))))?;
    }
    let choices = el(doc, "ul", "candidates", None)?;
    for hit in &pending.candidates {
        let score = format!("evidence {:+.1}", hit.score).replace('-', "−");
        let item = lead_item(doc, "candidate", &hit.lead, Some(("score", &score)), &hit.reasons)?;
        let pick = button(doc, "pick", "Same person")?;
        pick.set_attribute("aria-label", &format!("{} is {}", pending.name, hit.lead.name))?;
        on_click(&pick, tab_id, n, Some(hit.lead.id.clone()));
        item.append_child(&pick)?;
        choices.append_child(&item)?;
    }
    li.append_child(&choices)?;
    let new = button(doc, "new-lead", "Someone new")?;
    on_click(&new, tab_id, n, None);
    li.append_child(&new)?;
    Ok(li)
}

fn on_click(b: &Element, tab_id: TabId, n: usize, lead: Option<LeadId>) {
    EventListener::new(b, "click", move |_| spawn_local(resolve(tab_id, n, lead.clone()))).forget();
}

pub fn render_page(doc: &Document, tab_id: Option<TabId>, view: Option<&TabView>) -> Result<(), JsValue> {
    let Some(section) = doc.get_element_by_id("page") else { return Ok(()) };
    section.set_text_content(None);
    let (Some(tab_id), Some(view)) = (tab_id, view) else {
        let text = "Nothing captured on this tab yet. Open a profile, team or contact page.";
        child(doc, &section, "p", "empty", Some(text))?;
        return Ok(());
    };
    if let Some(site) = &view.site {
        let controls = site_controls(doc, tab_id, site, view)?;
        section.append_child(&controls)?;
    }
    if let Some(org) = &view.organization {
        child(doc, &section, "p", "org", Some(org))?;
    }
    if !view.pending.is_empty() {
        child(doc, &section, "h2", "", Some("Already a lead? You decide"))?;
        let list = el(doc, "ul", "questions", None)?;
        for (n, pending) in view.pending.iter().enumerate() {
            let node = question(doc, tab_id, n, pending)?;
            list.append_child(&node)?;
        }
        section.append_child(&list)?;
    }
    if let Some(summary) = &view.engagement {
        child(doc, &section, "p", "engagement-summary", Some(&summary.describe()))?;
    }
    child(doc, &section, "h2", "", Some("On this page"))?;
    if view.people.is_empty() && view.unsaved.is_empty() && !view.paused {
        child(doc, &section, "p", "empty", Some("No one on this page."))?;
    }
    let waiting = view.people.iter().filter(|p| p.open_task.is_none()).count() + view.unsaved.len();
    if view.people.len() + view.unsaved.len() > 1 && waiting > 0 {
        let b = button(doc, "add-all", &format!("Add all {waiting} to the call list"))?;
        EventListener::new(&b, "click", move |_| spawn_local(add_all(tab_id))).forget();
        section.append_child(&b)?;
    }
    let list = el(doc, "ul", "people", None)?;
    for person in &view.people {
        let node = person_item(doc, person)?;
        list.append_child(&node)?;
    }
    for person in &view.unsaved {
        let node = unsaved_item(doc, tab_id, person)?;
        list.append_child(&node)?;
    }
    section.append_child(&list)?;
    for note in &view.notes {
        child(doc, &section, "p", "capture-note", Some(note))?;
    }
    Ok(())
}
