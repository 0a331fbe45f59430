//! "Lead book": search by name, company, email or phone with the evidence for each hit (and, when
//! the lead book finds too little, the CRM's own search: what it finds is filed into the lead book
//! and shown marked "from <CRM>"); lead files in and out; the do-not-call list and the clean-up
//! export.

use super::cards::{call_list_action, lead_item};
use super::dom::{browser_region, button, child, chosen_text, document, local_time, status};
use super::{ask, forget, render};
use crate::book::csv_import::{split, BadRow, PART_ROWS};
use crate::book::{LeadImport, Mark};
use crate::messages::{LeadCard, Request, Response, SearchHit};
use crate::plan::CleanupEntry;
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element};

/// Fewer good local hits than this, and the CRM is asked too.
const FEW_HITS: usize = 3;
/// A hit weaker than this (in bits of evidence) is a guess, such as a shared given name or a
/// look-alike spelling: it does not count as finding the person. A family name alone scores
/// about 3.7, an exact full name 6 or more, an email 14 or more.
const GOOD_HIT_BITS: f64 = 2.0;
/// The CRM is asked once typing has paused this long, not at every keystroke.
const CRM_DEBOUNCE_MS: i32 = 400;
/// Queries remembered as asked of the CRM (each is asked once).
const ASKED_MAX: usize = 50;

/// What the CRM's search answered for a query.
struct CrmFound {
    query: String,
    crm: String,
    hits: Vec<SearchHit>,
    message: Option<String>,
}

thread_local! {
    /// The latest search sent: an answer to an older one arriving late is dropped.
    static SEARCH: Cell<u32> = const { Cell::new(0) };
    /// Queries the CRM was asked (or is being asked) for.
    static ASKED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The CRM's latest answer: shown again while its query is in the box (the lead book's next
    /// search finds the filed leads itself; this keeps them marked as found in the CRM).
    static CRM_FOUND: RefCell<Option<CrmFound>> = const { RefCell::new(None) };
}

/// The query as compared for "asked already": case and spacing do not make a new one.
fn query_key(q: &str) -> String {
    q.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(set, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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
    let current = || SEARCH.with(Cell::get) == n;
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
    if !current() {
        return;
    }
    let key = query_key(&q);
    show(&q, &hits, None);
    let good = hits.iter().filter(|h| h.score >= GOOD_HIT_BITS).count();
    if good >= FEW_HITS || key.chars().count() < 2 {
        return;
    }
    let Some(crm) = super::super::sync::settings().await else { return };
    sleep(CRM_DEBOUNCE_MS).await;
    // Only the search still current after the pause goes on, and only the first for a query asks.
    let first = current()
        && ASKED.with(|a| {
            let mut a = a.borrow_mut();
            if a.contains(&key) {
                return false;
            }
            if a.len() >= ASKED_MAX {
                a.remove(0);
            }
            a.push(key.clone());
            true
        });
    if !first {
        return;
    }
    show(&q, &hits, Some(&format!("Searching {}\u{2026}", crm.kind.name())));
    let found = match ask(&Request::SearchCrm { query: q.clone() }).await {
        Response::CrmSearch { crm: Some(crm), hits, message } => CrmFound { query: key, crm, hits, message },
        Response::CrmSearch { crm: None, message, .. } => {
            CrmFound { query: key, crm: String::new(), hits: Vec::new(), message }
        }
        Response::Error { message } => CrmFound {
            query: key,
            crm: crm.kind.name().into(),
            hits: Vec::new(),
            message: Some(format!("{} was not searched: {message}", crm.kind.name())),
        },
        _ => return,
    };
    CRM_FOUND.with(|f| *f.borrow_mut() = Some(found));
    if current() {
        show(&q, &hits, None);
    } else {
        // A later search (the lead book changed as the leads were filed) may have shown its hits
        // before this answer was kept: show them again with it. The CRM is not asked again.
        spawn_local(search());
    }
}

/// Shows the lead book's hits with what the CRM found for this query, and `pending` (the CRM
/// being asked) below them.
fn show(q: &str, hits: &[SearchHit], pending: Option<&str>) {
    let Some(doc) = document() else { return };
    let result = CRM_FOUND.with(|f| {
        let found = f.borrow();
        let found = found.as_ref().filter(|f| f.query == query_key(q));
        render_hits(&doc, q, hits, found, pending)
    });
    if let Err(e) = result {
        status(&format!("Display error: {e:?}"));
    }
}

fn render_hits(
    doc: &Document,
    q: &str,
    hits: &[SearchHit],
    found: Option<&CrmFound>,
    pending: Option<&str>,
) -> Result<(), JsValue> {
    let Some(list) = doc.get_element_by_id("hits") else { return Ok(()) };
    list.set_text_content(None);
    // Which search the list shows: a test (or a screen reader's user) can tell this answer from the
    // previous one.
    list.set_attribute("data-query", q.trim())?;
    // The CRM's leads are in the lead book now: a local hit may be one of them.
    let from_crm: Vec<&SearchHit> = found.map(|f| f.hits.iter().collect()).unwrap_or_default();
    let extra = from_crm.iter().filter(|c| !hits.iter().any(|h| h.lead.id == c.lead.id)).copied();
    let all: Vec<&SearchHit> = hits.iter().chain(extra).collect();
    if all.is_empty() && !q.trim().is_empty() {
        child(doc, &list, "li", "empty", Some(&format!("No lead like \u{201c}{}\u{201d}.", q.trim())))?;
    }
    for hit in all {
        let crm =
            found.filter(|_| from_crm.iter().any(|c| c.lead.id == hit.lead.id)).map(|f| format!("from {}", f.crm));
        let item = lead_item(doc, "hit", &hit.lead, crm.as_deref().map(|c| ("crm", c)), &hit.reasons)?;
        call_list_action(doc, &item, &hit.lead, hit.open_task.as_ref())?;
        forget_button(doc, &item, &hit.lead)?;
        list.append_child(&item)?;
    }
    if let Some(note) = pending.or(found.and_then(|f| f.message.as_deref())) {
        let li = child(doc, &list, "li", "crm-note", Some(note))?;
        li.set_attribute("role", "status")?;
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
            // Gone from the lead book: not shown again as found in the CRM either.
            CRM_FOUND.with(|f| {
                if let Some(found) = f.borrow_mut().as_mut() {
                    found.hits.retain(|h| h.lead.id != id);
                }
            });
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
pub fn render_cleanup(doc: &Document, entries: &[CleanupEntry], review: &[CleanupEntry]) -> Result<(), JsValue> {
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
        let when = entry.flagged_at.map(|t| format!("Flagged {}", local_time(&t)));
        cleanup_item(doc, &list, entry, &entry.stage.to_string(), when)?;
    }
    // Leads earlier versions made from every page opened: the rep keeps or drops each.
    let Some(list) = doc.get_element_by_id("review") else { return Ok(()) };
    list.set_text_content(None);
    if let Some(head) = doc.get_element_by_id("review-head") {
        let _ = if review.is_empty() { head.set_attribute("hidden", "") } else { head.remove_attribute("hidden") };
    }
    for entry in review {
        let when = entry.flagged_at.map(|t| format!("Opened {}", local_time(&t)));
        let li = cleanup_item(doc, &list, entry, "Not chosen", when)?;
        for (class, text, keep) in [("keep", "Keep", true), ("drop secondary", "Drop", false)] {
            let b = button(doc, class, text)?;
            b.set_attribute("aria-label", &format!("{text} {}", entry.name))?;
            let id = entry.lead.clone();
            EventListener::new(&b, "click", move |_| {
                let id = id.clone();
                spawn_local(async move {
                    match keep {
                        true => super::keep(id).await,
                        false => forget(id).await,
                    }
                })
            })
            .forget();
            li.append_child(&b)?;
        }
    }
    Ok(())
}

/// A clean-up entry: name and badge, company and email, when and why.
fn cleanup_item(
    doc: &Document,
    list: &Element,
    entry: &CleanupEntry,
    badge: &str,
    when: Option<String>,
) -> Result<Element, JsValue> {
    let li = child(doc, list, "li", "cleanup-entry", None)?;
    let head = child(doc, &li, "div", "who", None)?;
    child(doc, &head, "strong", "name", Some(&entry.name))?;
    child(doc, &head, "span", "badge possible", Some(badge))?;
    let seen: Vec<&str> = [&entry.company, &entry.email].into_iter().flatten().map(String::as_str).collect();
    if !seen.is_empty() {
        child(doc, &li, "div", "role", Some(&seen.join(" · ")))?;
    }
    let why: Vec<String> = when.into_iter().chain((!entry.note.is_empty()).then(|| entry.note.clone())).collect();
    if !why.is_empty() {
        child(doc, &li, "div", "reasons", Some(&why.join(" · ")))?;
    }
    Ok(li)
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
    match import_parts(&name, csv).await {
        Ok((report, leads)) => {
            let mut text = format!(
                "Leads imported: {} added, {} enriched, {} already known; {leads} leads in all.",
                report.added, report.merged, report.unchanged
            );
            rows(&mut text, "kept out", file_rows(&report.bad_rows));
            rows(&mut text, "to check", file_rows(&report.possible));
            rows(&mut text, "partly read", file_rows(&report.left_out));
            status(&text);
        }
        Err(message) => status(&message),
    }
    render().await;
}

/// Sends the file a part at a time (a large file never crosses as one message nor sits whole in
/// the worker's memory); the parts' reports as one, and how many leads the book then holds.
async fn import_parts(name: &str, csv: String) -> Result<(LeadImport, usize), String> {
    let parts = split(&csv, PART_ROWS);
    drop(csv);
    let (count, region) = (parts.len(), browser_region());
    let (mut report, mut leads) = (LeadImport::default(), 0);
    for (i, part) in parts.into_iter().enumerate() {
        if count > 1 {
            status(&format!("Importing {name}: part {} of {count}…", i + 1));
        }
        let (csv, line_offset) = (part.csv, part.line_offset);
        match ask(&Request::ImportLeads { csv, name: name.into(), region: region.clone(), line_offset }).await {
            Response::LeadsImported { report: part, leads: now } => {
                report.absorb(part);
                leads = now;
            }
            Response::Error { message } if i > 0 => {
                let done = report.added + report.merged + report.unchanged;
                return Err(format!(
                    "{message} (import stopped at part {} of {count}; the {done} rows before it are in)",
                    i + 1
                ));
            }
            Response::Error { message } => return Err(message),
            other => return Err(format!("Import failed: unexpected answer {other:?}")),
        }
    }
    Ok((report, leads))
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

pub async fn export(request: fn(Option<Mark>) -> Request, name: &'static str) {
    status(&format!("Exporting the {name} list…"));
    match super::super::export(request, &format!("leadlens-{name}"), "csv", "text/csv;charset=utf-8").await {
        Ok(()) => status(&format!("The {name} list was saved as a CSV file.")),
        Err(message) => status(&message),
    }
}
