//! The CRM's browser side: its settings in `chrome.storage.local`, the alarms that wake the
//! worker to drain the outbox and to pull, and the badge. When to send, retry and pull is
//! decided by [`crate::worker`].

use super::chrome::{self, fire_and_forget};
use super::{from_js, to_js};
use crate::crm::CrmSettings;
use crate::outbox::Status;
use crate::sync::SyncRequest;
use chrono::{DateTime, Utc};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Where the options page keeps the CRM settings (token included) in `chrome.storage.local`.
pub const SETTINGS_KEY: &str = "crm";
/// The alarm that wakes the worker to drain: set to the next entry's due time, and while a drain
/// runs, a minute ahead in case the worker is stopped mid-send.
pub const ALARM: &str = "leadlens-outbox";
/// The alarm that pulls what changed in the CRM into the lead book.
pub const PULL_ALARM: &str = "leadlens-pull";
const PULL_EVERY_MINUTES: u32 = 15;

/// The CRM settings, if a CRM is configured.
pub async fn settings() -> Option<CrmSettings> {
    let stored = JsFuture::from(chrome::storage_get(SETTINGS_KEY).ok()?).await.ok()?;
    let value = js_sys::Reflect::get(&stored, &SETTINGS_KEY.into()).ok()?;
    if value.is_undefined() {
        return None;
    }
    from_js(value).ok()
}

/// The outbox alarm at `when`, or none.
pub fn outbox_alarm(when: Option<DateTime<Utc>>) {
    match when {
        Some(when) => {
            if let Ok(info) = to_js(&json!({ "when": when.timestamp_millis() as f64 })) {
                fire_and_forget(chrome::alarms_create(ALARM, &info));
            }
        }
        None => fire_and_forget(chrome::alarms_clear(ALARM)),
    }
}

/// The pending and parked counts on the action's badge (tabs with a capture count keep theirs).
pub fn show_status(status: Status) {
    let (text, title) = crate::sync::badge(status);
    let color = if status.parked > 0 { "#b3261e" } else { "#5f6368" };
    for (set, details) in [
        (chrome::set_badge_text as fn(&JsValue) -> _, json!({ "text": text })),
        (chrome::set_title, json!({ "title": title })),
        (chrome::set_badge_background_color, json!({ "color": color })),
    ] {
        if let Ok(details) = to_js(&details) {
            fire_and_forget(set(&details));
        }
    }
}

/// The pull alarm, unless it is set already (setting it again would restart its period).
pub async fn schedule_pulls() {
    let Ok(existing) = chrome::alarms_get(PULL_ALARM) else { return };
    let set = JsFuture::from(existing).await.is_ok_and(|a| !a.is_undefined());
    if !set {
        if let Ok(info) = to_js(&json!({ "periodInMinutes": PULL_EVERY_MINUTES })) {
            fire_and_forget(chrome::alarms_create(PULL_ALARM, &info));
        }
    }
}

/// Whether a message is ours: anything else goes on to the lead book.
pub fn parse(message: &JsValue) -> Option<SyncRequest> {
    from_js(message.clone()).ok()
}
