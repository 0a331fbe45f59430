//! The browser shell (wasm32 only): extension API bindings, IndexedDB storage (the worker's
//! [`crate::worker::Store`]), the service-worker handlers and the side panel. It moves data between
//! the browser and [`crate::worker`] and [`crate::app`]; it decides nothing itself.

#[cfg(feature = "bench")]
mod bench;
mod chrome;
mod fetch;
mod options;
mod panel;
mod privacy;
pub mod store;
mod sync;
mod worker;

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Plain JS objects (not `Map`s) both ways, as extension messaging and IndexedDB expect.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsValue::from_str(&e.to_string()))
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Asks the worker, as an extension page; a failure becomes an error the page can show.
async fn ask(request: &crate::messages::Request) -> crate::messages::Response {
    use crate::messages::Response;
    let sent = match to_js(request).and_then(|m| chrome::send_message(&m)) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(value) => from_js(value).unwrap_or_else(|e| Response::Error { message: format!("Unreadable answer: {e}") }),
        Err(e) => Response::Error { message: format!("The extension's worker did not answer: {e:?}") },
    }
}

/// Marks the page's controls as wired (`<html data-wired>`): a click that lands before the Wasm has
/// attached its handlers does nothing, so a script driving the page waits for this mark.
fn mark_wired() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-wired", "");
    }
}

/// Saves text as a file the browser downloads: `name-YYYY-MM-DD.ext`, its parts joined in order.
fn download(parts: &js_sys::Array, name: &str, ext: &str, mime: &str) -> Result<(), JsValue> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(&format!("{name}-{}.{ext}", chrono::Utc::now().format("%Y-%m-%d")));
    a.click();
    web_sys::Url::revoke_object_url(&url)
}

/// An export asked of the worker part by part (from the start, then from each answer's `next`:
/// a large book never crosses as one message) and saved as one file `name-YYYY-MM-DD.ext`.
async fn export(
    request: fn(Option<crate::book::Mark>) -> crate::messages::Request,
    name: &str,
    ext: &str,
    mime: &str,
) -> Result<(), String> {
    use crate::messages::Response;
    let parts = js_sys::Array::new();
    let mut after = None;
    // Bounded: each part moves the mark on past leads that exist.
    loop {
        match ask(&request(after)).await {
            Response::Part { text, next } => {
                parts.push(&JsValue::from_str(&text));
                match next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            Response::Csv { csv } => {
                parts.push(&JsValue::from_str(&csv));
                break;
            }
            Response::Error { message } => return Err(message),
            other => return Err(format!("Export failed: unexpected answer {other:?}")),
        }
    }
    download(&parts, name, ext, mime).map_err(|e| format!("Export failed: {e:?}"))
}

/// The Wasm instance's memory, in MB: it grows and never shrinks, so this is its peak.
fn wasm_memory_mb() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0.0, |m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map_or(0.0, |b| f64::from(b.byte_length()) / 1e6))
}

/// Milliseconds since the epoch, to a fraction of one: the same clock in the tab and the worker.
fn clock_ms() -> f64 {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .filter(|p| p.is_object())
        .map(|p| p.unchecked_into::<web_sys::Performance>())
        .map_or_else(js_sys::Date::now, |p| p.time_origin() + p.now())
}

/// The rep's offset from UTC in minutes, east positive, as the browser knows it.
fn rep_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
