//! "Engagement" in the Lead book tab: which pages are ours, the auto-add rule, and what each of
//! our posts brought (people, leads already, calls, reached, meetings, revenue per like).

use super::ask;
use super::dom::{child, document, link, status};
use crate::engagement::ReportRow;
use crate::messages::{Request, Response};
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlInputElement, HtmlTextAreaElement};

fn input(doc: &Document, id: &str) -> Option<HtmlInputElement> {
    doc.get_element_by_id(id)?.dyn_into().ok()
}

fn textarea(doc: &Document) -> Option<HtmlTextAreaElement> {
    doc.get_element_by_id("our-pages")?.dyn_into().ok()
}

/// The rules as set, into the form (at start and after saving, never while the rep types).
pub async fn load() {
    let Some(doc) = document() else { return };
    match ask(&Request::GetEngagement).await {
        Response::Engagement { rows, settings, ours } => {
            if let Some(t) = textarea(&doc) {
                t.set_value(&ours);
            }
            if let Some(i) = input(&doc, "auto-add") {
                i.set_checked(settings.auto_add);
            }
            if let Some(i) = input(&doc, "daily-cap") {
                i.set_value(&settings.daily_cap.to_string());
            }
            if let Some(i) = input(&doc, "meeting-value") {
                i.set_value(&settings.meeting_value.to_string());
            }
            if let Err(e) = render_report(&doc, &rows) {
                status(&format!("Display error: {e:?}"));
            }
        }
        Response::Error { message } => status(&message),
        _ => {}
    }
}

/// Only the report, as the Lead book tab is opened.
pub async fn report() {
    let Some(doc) = document() else { return };
    if let Response::Engagement { rows, .. } = ask(&Request::GetEngagement).await {
        if let Err(e) = render_report(&doc, &rows) {
            status(&format!("Display error: {e:?}"));
        }
    }
}

pub async fn save() {
    let Some(doc) = document() else { return };
    let number = |id: &str| input(&doc, id).and_then(|i| i.value().trim().parse::<u32>().ok());
    let request = Request::SetEngagement {
        ours: textarea(&doc).map(|t| t.value()).unwrap_or_default(),
        auto_add: input(&doc, "auto-add").is_some_and(|i| i.checked()),
        daily_cap: number("daily-cap").unwrap_or(0),
        meeting_value: number("meeting-value").unwrap_or(0),
    };
    match ask(&request).await {
        Response::EngagementSet { unread } if unread.is_empty() => status("Engagement rules saved."),
        Response::EngagementSet { unread } => status(&format!(
            "Saved, but these are not pages we can read: {}. Use a page's URL, an @handle or a domain.",
            unread.join(", ")
        )),
        Response::Error { message } => status(&message),
        _ => {}
    }
    load().await;
}

fn render_report(doc: &Document, rows: &[ReportRow]) -> Result<(), JsValue> {
    let Some(list) = doc.get_element_by_id("engagement-report") else { return Ok(()) };
    list.set_text_content(None);
    if rows.is_empty() {
        let text = "No engagement with our pages yet: open one of our posts' reactions or comments, or our followers.";
        child(doc, &list, "li", "empty", Some(text))?;
    }
    for row in rows {
        let li = child(doc, &list, "li", "report-row", None)?;
        let title = row.excerpt.as_deref().unwrap_or(&row.target);
        // A target is read from a page: `link` makes a link of web addresses only.
        let a = link(doc, "target", title, &row.target)?;
        li.append_child(&a)?;
        let mut seen = vec![format!("{} reactions", row.reactions), format!("{} comments", row.comments)];
        if row.other > 0 {
            seen.push(format!("{} other", row.other));
        }
        let people = format!("{} people ({} leads already)", row.people, row.matched);
        child(doc, &li, "div", "counts", Some(&format!("{} · {people}", seen.join(" · "))))?;
        let mut result = format!("{} on calls · {} reached · {} meetings", row.added, row.reached, row.meetings);
        if let Some(value) = row.revenue_per_like {
            result.push_str(&format!(" · {value:.2} per like"));
        }
        child(doc, &li, "div", "results", Some(&result))?;
    }
    Ok(())
}
