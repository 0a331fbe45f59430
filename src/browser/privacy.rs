//! The options page's privacy section: what the local lead book holds, how long captures are
//! kept, which sites are never read, paused or saved whole, "export all my data" and "delete all
//! data" (asked twice).

use super::{ask, export};
use crate::messages::{Request, Response};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into().ok()
}

fn say(text: &str) {
    if let Some(e) = by_id::<Element>("privacy-status") {
        e.set_text_content(Some(text));
    }
}

async fn show() {
    match ask(&Request::GetPrivacy).await {
        Response::Privacy { retention_days, leads, calls, captures } => {
            if let Some(e) = by_id::<Element>("holdings") {
                let text = format!("This browser holds {leads} leads, {calls} calls and {captures} page captures.");
                e.set_text_content(Some(&text));
            }
            if let Some(i) = by_id::<HtmlInputElement>("retention") {
                i.set_value(&retention_days.to_string());
            }
        }
        Response::Error { message } => say(&message),
        _ => {}
    }
}

async fn save_retention() {
    let days = by_id::<HtmlInputElement>("retention").and_then(|i| i.value().trim().parse::<u32>().ok());
    let Some(days) = days else { return say("Give a number of days (0 keeps captures until you delete them).") };
    // A large book takes a while: every lead is gone through.
    say("Applying the retention to every lead…");
    match ask(&Request::SetRetention { days }).await {
        Response::Done if days == 0 => say("Captures are kept until you delete them."),
        Response::Done => say(&format!("Captures older than {days} days are deleted, now and at every start.")),
        Response::Error { message } => say(&message),
        _ => {}
    }
    load_sites().await;
    show().await;
}

const SITE_LISTS: [&str; 3] = ["never-read", "paused", "save-everyone"];

fn show_sites(lists: &crate::reading::SiteLists) {
    for (id, text) in SITE_LISTS.into_iter().zip([&lists.never_read, &lists.paused, &lists.save_everyone]) {
        if let Some(t) = by_id::<HtmlTextAreaElement>(id) {
            t.set_value(text);
        }
    }
}

async fn load_sites() {
    if let Response::Sites { lists, .. } = ask(&Request::GetSites).await {
        show_sites(&lists);
    }
}

async fn save_sites() {
    let [never_read, paused, save_everyone] =
        SITE_LISTS.map(|id| by_id::<HtmlTextAreaElement>(id).map(|t| t.value()).unwrap_or_default());
    match ask(&Request::SetSites { never_read, paused, save_everyone }).await {
        Response::Sites { lists, unread } => {
            show_sites(&lists);
            match unread.as_slice() {
                [] => say("Site lists saved."),
                lines => {
                    say(&format!("Site lists saved; these lines name no site and were left out: {}", lines.join(", ")))
                }
            }
        }
        Response::Error { message } => say(&message),
        _ => {}
    }
}

async fn export_all() {
    let request = |after| Request::ExportAll { after };
    say("Exporting everything this browser holds…");
    match export(request, "leadlens-all-data", "json", "application/json").await {
        Ok(()) => say("Everything this browser holds was saved as a JSON file."),
        Err(message) => say(&message),
    }
}

async fn delete_all() {
    match ask(&Request::DeleteAllData).await {
        Response::Deleted => {
            say("Deleted: every lead, call, capture, list, setting, queued CRM entry and the CRM token.")
        }
        Response::Error { message } => say(&message),
        _ => {}
    }
    load_sites().await;
    show().await;
}

/// Wires the section; "Delete all data" asks again before it deletes.
pub async fn wire() {
    let click = |id: &str, run: fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>| {
        if let Some(e) = by_id::<Element>(id) {
            EventListener::new(&e, "click", move |_| spawn_local(run())).forget();
        }
    };
    click("save-retention", || Box::pin(save_retention()));
    click("save-sites", || Box::pin(save_sites()));
    click("export-all", || Box::pin(export_all()));
    if let Some(b) = by_id::<Element>("delete-all") {
        let target = b.clone();
        EventListener::new(&b, "click", move |_| {
            if target.has_attribute("data-armed") {
                let _ = target.remove_attribute("data-armed");
                target.set_text_content(Some("Delete all data"));
                spawn_local(delete_all());
            } else {
                let _ = target.set_attribute("data-armed", "");
                target.set_text_content(Some("Delete everything in this browser? Click again"));
            }
        })
        .forget();
    }
    load_sites().await;
    show().await;
}
