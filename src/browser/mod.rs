//! The browser shell (wasm32 only): extension API bindings, IndexedDB storage, the service-worker
//! handlers and the side panel. It moves data between the browser and [`crate::app`]; it decides
//! nothing itself.

#[cfg(feature = "bench")]
mod bench;
mod chrome;
mod fetch;
mod options;
mod panel;
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

/// The capture stage alone, timed by the in-browser benchmark (`benches/browser.mjs`): returns how
/// many people it found, so that the figure leaves out serialising the result.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_capture(html: &str, url: &str) -> usize {
    crate::capture::capture_page(html, url, chrono::Utc::now()).contacts.len()
}

/// The microformats2 JSON of a page, for the comparison with the JavaScript parser
/// (`benches/mf2-compare.mjs`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mf2_json(html: &str, base_url: &str) -> String {
    crate::capture::mf2::parse_document(&scraper::Html::parse_document(html), base_url).to_string()
}

/// The rep's offset from UTC in minutes, east positive, as the browser knows it.
fn rep_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
