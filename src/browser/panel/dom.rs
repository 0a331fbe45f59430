//! Small DOM helpers: every value is set as text, never parsed as HTML.

use super::super::rep_offset_minutes;
use chrono::{DateTime, FixedOffset, Utc};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// An element with a class and text content (text, so nothing from a page is ever parsed as HTML).
pub fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
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
pub fn child(doc: &Document, parent: &Element, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let e = el(doc, tag, class, text)?;
    parent.append_child(&e)?;
    Ok(e)
}

/// A link showing `text`; only a web, mail or phone address becomes its target (anything else,
/// `javascript:` included, leaves plain text), and web pages open in a tab of their own.
pub fn link(doc: &Document, class: &str, text: &str, href: &str) -> Result<Element, JsValue> {
    let a = el(doc, "a", class, Some(text))?;
    if crate::text::is_safe_link(href) {
        a.set_attribute("href", href)?;
        if href.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http")) {
            a.set_attribute("target", "_blank")?;
            a.set_attribute("rel", "noopener noreferrer")?;
        }
    }
    Ok(a)
}

pub fn button(doc: &Document, class: &str, text: &str) -> Result<Element, JsValue> {
    let b = el(doc, "button", class, Some(text))?;
    b.set_attribute("type", "button")?;
    Ok(b)
}

pub fn status(text: &str) {
    if let Some(s) = document().and_then(|d| d.get_element_by_id("status")) {
        s.set_text_content(Some(text));
    }
}

/// The value of the input of class `class` inside `scope`.
pub fn input_value(scope: &Element, class: &str) -> String {
    scope
        .query_selector(&format!("input.{class}"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

pub fn local_time(at: &DateTime<Utc>) -> String {
    FixedOffset::east_opt(rep_offset_minutes() * 60)
        .map(|z| at.with_timezone(&z).format("%a %d %b, %H:%M").to_string())
        .unwrap_or_else(|| at.format("%a %d %b, %H:%M UTC").to_string())
}

/// The file chosen in a file input, as text, and the input cleared for the next choice.
pub async fn chosen_text(input: &web_sys::HtmlInputElement) -> Option<(String, String)> {
    let file = input.files().and_then(|f| f.get(0))?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?.as_string();
    input.set_value("");
    if text.is_none() {
        status("The file could not be read as text.");
    }
    Some((file.name(), text?))
}

/// The country of the browser's language: numbers written without a country code are read there.
pub fn browser_region() -> Option<String> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"language".into()).ok())
        .and_then(|l| l.as_string())
        .and_then(|l| crate::normalize::region_from_lang(&l).or_else(|| crate::normalize::region_from_language(&l)))
}
