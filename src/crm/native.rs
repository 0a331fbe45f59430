//! The native transport (CLI and tests): a blocking `ureq` agent. Statuses are answers, not
//! errors; only no answer at all is [`CrmError::Network`].

use super::{CrmError, HttpRequest, HttpResponse, Transport};
use std::time::Duration;

pub struct NativeTransport {
    agent: ureq::Agent,
}

impl NativeTransport {
    /// `timeout` bounds each request as a whole: a CRM that hangs is a network error to retry.
    pub fn new(timeout: Duration) -> NativeTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            // Redirects would turn a POST into a GET: a CRM that moved is a settings error.
            .max_redirects(0)
            .build();
        NativeTransport { agent: config.into() }
    }
}

impl Transport for NativeTransport {
    fn send(&mut self, r: &HttpRequest) -> Result<HttpResponse, CrmError> {
        let mut builder = ureq::http::Request::builder().method(r.method.as_str()).uri(&r.url);
        for (k, v) in &r.headers {
            builder = builder.header(k, v);
        }
        let request = builder
            .body(r.body.clone().unwrap_or_default())
            .map_err(|e| CrmError::BadUrl(format!("{}: {e}", r.url)))?;
        let network = |e: ureq::Error| match e {
            ureq::Error::BadUri(m) => CrmError::BadUrl(m),
            e => CrmError::Network(e.to_string()),
        };
        let mut response = self.agent.run(request).map_err(network)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = response.body_mut().read_to_string().map_err(network)?;
        Ok(HttpResponse { status, headers, body })
    }
}
