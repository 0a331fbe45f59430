//! The browser's transport: `fetch`, driven step by step by [`crate::worker::run`] through the
//! connector's pure [`crate::crm::Exchange`], so the requests are built by the very code the
//! native tests check. Works in the service worker and in extension pages alike (both have a
//! global `fetch`).

use crate::crm::{CrmError, HttpRequest, HttpResponse};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, Request, RequestInit, RequestRedirect};

/// A request without an answer by then counts as a network error, to retry later.
const TIMEOUT_MS: u32 = 30_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;
}

/// A thrown JS error in a few words ("TypeError: Failed to fetch", "TimeoutError: …").
fn describe(e: &JsValue) -> String {
    let text = |k: &str| js_sys::Reflect::get(e, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    match (text("name"), text("message")) {
        (n, m) if n.is_empty() && m.is_empty() => e.as_string().unwrap_or_else(|| "no details".into()),
        (n, m) => format!("{n}: {m}"),
    }
}

fn build(r: &HttpRequest) -> Result<Request, JsValue> {
    let headers = Headers::new()?;
    for (k, v) in &r.headers {
        headers.append(k, v)?;
    }
    let init = RequestInit::new();
    init.set_method(r.method.as_str());
    init.set_headers(&headers);
    if let Some(body) = &r.body {
        init.set_body(&JsValue::from_str(body));
    }
    // A redirect would turn a POST into a GET: a CRM that moved is a settings error (see below).
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    Request::new_with_str_and_init(&r.url, &init)
}

/// The global `fetch`.
pub struct GlobalFetch;

impl crate::worker::Fetch for GlobalFetch {
    async fn send(&self, r: &HttpRequest) -> Result<HttpResponse, CrmError> {
        let request = build(r).map_err(|e| CrmError::BadUrl(format!("{}: {}", r.url, describe(&e))))?;
        let network = |e: JsValue| CrmError::Network(describe(&e));
        let response: web_sys::Response =
            JsFuture::from(global_fetch(&request)).await.map_err(network)?.unchecked_into();
        if response.type_() == web_sys::ResponseType::Opaqueredirect {
            return Err(CrmError::BadUrl(format!("{} redirects elsewhere: use the CRM's own API address", r.url)));
        }
        let mut headers = Vec::new();
        if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
            for pair in entries.flatten() {
                let pair = js_sys::Array::from(&pair);
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    headers.push((k, v));
                }
            }
        }
        let body =
            JsFuture::from(response.text().map_err(network)?).await.map_err(network)?.as_string().unwrap_or_default();
        Ok(HttpResponse { status: response.status(), headers, body })
    }
}
