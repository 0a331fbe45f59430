//! "Lead book": search by name, company, email or phone with the evidence for each hit; lead
//! files in and out; the do-not-call list and the clean-up export.

use super::cards::{call_list_action, lead_item};
use super::dom::{browser_region, button, child, chosen_text, document, local_time, status};
use super::{ask, forget, render};
use crate::book::csv_import::BadRow;
use crate::messages::{LeadCard, Request, Response, SearchHit};
use crate::plan::CleanupEntry;
use gloo_events::EventListener;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Document;

thread_local! {
    /// The latest search sent: an answer to an older one arriving late is dropped.
    static SEARCH: Cell<u32> = const { Cell::new(0) };
}

/// The text in the search box.
fn query() -> String {
    document()
        .and_then(|d| d.get_element_by_id("search"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Runs the search in the box and shows its hits; called on each keystroke and after changes.
pub async fn search() {
    let n = SEARCH.with(|s| {
        s.set(s.get().wrapping_add(1));
        s.get()
    });
    let q = query();
    let hits = if q.trim().is_empty() {
        Vec::new()
    } else {
        match ask(&Request::Search { query: q.clone() }).await {
            Response::Search { hits } => hits,
            Response::Error { message } => {
                status(&message);
                Vec::new()
            }
            _ => Vec::new(),
        }
    };
    if SEARCH.with(Cell::get) != n {
        return;
    }
    if let Some(doc) = document() {
        if let Err(e) = render_hits(&doc, &q, &hits) {
            status(&format!("Display error: {e:?}"));
        }
    }
}

fn render_hits(doc: &Document, q: &str, hits: &[SearchHit]) -> Result<(), JsValue> {
    let Some(list) = doc.get_element_by_id("hits") else { return Ok(()) };
    list.set_text_content(None);
    if hits.is_empty() && !q.trim().is_empty() {
        child(doc, &list, "li", "empty", Some(&format!("No lead like \u{201c}{}\u{201d}.", q.trim())))?;
    }
    for hit in hits {
        let item = lead_item(doc, "hit", &hit.lead, None, &hit.reasons)?;
        call_list_action(doc, &item, &hit.lead, hit.open_task.as_ref())?;
        forget_button(doc, &item, &hit.lead)?;
        list.append_child(&item)?;
    }
    Ok(())
}

/// "Forget this person", asked twice: the first click says what will go, the second deletes.
fn forget_button(doc: &Document, item: &web_sys::Element, lead: &LeadCard) -> Result<(), JsValue> {
    let b = button(doc, "forget secondary", "Forget this person")?;
    b.set_attribute("aria-label", &format!("Forget {}: delete the lead, its calls and captures", lead.name))?;
    let (id, name, target) = (lead.id.clone(), lead.name.clone(), b.clone());
    EventListener::new(&b, "click", move |_| {
        if target.has_attribute("data-armed") {
            spawn_local(forget(id.clone()));
        } else {
            let _ = target.set_attribute("data-armed", "");
            target.set_text_content(Some(&format!("Delete everything about {name}? Click again")));
        }
    })
    .forget();
    item.append_child(&b)?;
    Ok(())
}

/// Leads to clean out of the database: who, why, and the rep's note.
pub fn render_cleanup(doc: &Document, entries: &[CleanupEntry]) -> Result<(), JsValue> {
    let Some(list) = doc.get_element_by_id("cleanup") else { return Ok(()) };
    list.set_text_content(None);
    if entries.is_empty() {
        child(
            doc,
            &list,
            "li",
            "empty",
            Some("Nobody to clean out: disqualified leads, wrong numbers and people who left appear here."),
        )?;
    }
    for entry in entries {
        let li = child(doc, &list, "li", "cleanup-entry", None)?;
        let head = child(doc, &li, "div", "who", None)?;
        child(doc, &head, "strong", "name", Some(&entry.name))?;
        child(doc, &head, "span", "badge possible", Some(&entry.stage.to_string()))?;
        let seen: Vec<&str> = [&entry.company, &entry.email].into_iter().flatten().map(String::as_str).collect();
        if !seen.is_empty() {
            child(doc, &li, "div", "role", Some(&seen.join(" · ")))?;
        }
        let when = entry.flagged_at.map(|t| format!("Flagged {}", local_time(&t)));
        let why: Vec<String> = when.into_iter().chain((!entry.note.is_empty()).then(|| entry.note.clone())).collect();
        if !why.is_empty() {
            child(doc, &li, "div", "reasons", Some(&why.join(" · ")))?;
        }
    }
    Ok(())
}

/// At most this many rows of a report are spelled out in the status line.
const SHOWN_ROWS: usize = 5;

/// Rows of an import report, by line, for the status line.
fn rows<'a>(text: &mut String, what: &str, rows: impl ExactSizeIterator<Item = (u64, &'a str)>) {
    let count = rows.len();
    for (line, reason) in rows.take(SHOWN_ROWS) {
        text.push_str(&format!(" Line {line} {what}: {reason}."));
    }
    if count > SHOWN_ROWS {
        text.push_str(&format!(" {} more lines {what}.", count - SHOWN_ROWS));
    }
}

fn file_rows(rows: &[BadRow]) -> impl ExactSizeIterator<Item = (u64, &str)> {
    rows.iter().map(|r| (r.line, r.reason.as_str()))
}

/// Reads the chosen CSV file and merges it into the lead book.
pub async fn import_leads(input: web_sys::HtmlInputElement) {
    let Some((name, csv)) = chosen_text(&input).await else { return };
    match ask(&Request::ImportLeads { csv, name, region: browser_region() }).await {
        Response::LeadsImported { report, leads } => {
            let mut text = format!(
                "Leads imported: {} added, {} enriched, {} already known; {leads} leads in all.",
                report.added, report.merged, report.unchanged
            );
            rows(&mut text, "kept out", file_rows(&report.bad_rows));
            rows(&mut text, "to check", file_rows(&report.possible));
            rows(&mut text, "partly read", file_rows(&report.left_out));
            status(&text);
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

/// Reads the chosen CSV file and imports it as the do-not-call list.
pub async fn import_suppression(input: web_sys::HtmlInputElement) {
    let Some((_, csv)) = chosen_text(&input).await else { return };
    match ask(&Request::ImportSuppression { csv, region: browser_region() }).await {
        Response::SuppressionImported { report, listed } => {
            let mut text = format!(
                "Do-not-call list: {} added, {} already listed, {listed} in all.",
                report.added, report.already_listed
            );
            rows(&mut text, "kept out", report.bad_rows.iter().map(|r| (r.line, r.message.as_str())));
            status(&text);
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
    render().await;
}

pub async fn export(request: Request, name: &'static str) {
    match ask(&request).await {
        Response::Csv { csv } => {
            if let Err(e) = super::super::download(&csv, &format!("leadlens-{name}"), "csv", "text/csv;charset=utf-8") {
                status(&format!("Export failed: {e:?}"));
            }
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
}
