//! CRM connectors. Each connector turns a job (push one outbox operation, pull a page of leads,
//! search the CRM's leads, test the connection) into HTTP requests and reads the answers, as pure functions: [`Connector::step`]
//! is called with the answers gathered so far and says what to send next or what came of it. The
//! transport is injected ([`Transport`]): browser fetch in Wasm, a blocking client natively, so the
//! very same request building is what the tests and the contract checks see.
//!
//! Creates are idempotent by lookup: every create first searches for what it would create (the
//! lead's email, our lead id, or the entry's key written into the record), so an entry retried
//! after a lost answer or a killed worker finds its record instead of making a second one.

pub mod bottlecrm;
pub mod hubspot;
pub mod mapping;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod pipedrive;
pub mod salesforce;
pub mod webhook;

use crate::model::{CallTask, Lead, LeadId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use mapping::{FieldMap, LeadField, Mapping, Policy};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Result<serde_json::Value, CrmError> {
        serde_json::from_str(&self.body).map_err(|_| {
            CrmError::Unexpected(format!("the CRM answered {} with something that is not JSON", self.status))
        })
    }
}

/// Sends one request. No answer at all (refused, reset, timed out, DNS, or CORS in a browser,
/// which looks the same from a script) is a [`CrmError::Network`].
pub trait Transport {
    fn send(&mut self, request: &HttpRequest) -> Result<HttpResponse, CrmError>;
}

/// A record's id in the CRM.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CrmId(pub String);

impl fmt::Display for CrmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The idempotency key of an outbox entry; written into what a create makes, so a retry finds it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdempotencyKey(pub String);

impl IdempotencyKey {
    /// The text a record carries so that a later search recognises it as this entry's.
    pub fn marker(&self) -> String {
        format!("[leadlens:{}]", self.0)
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Connected,
    NoAnswer,
    Voicemail,
    Busy,
    WrongNumber,
}

impl CallOutcome {
    pub fn label(self) -> &'static str {
        match self {
            CallOutcome::Connected => "connected",
            CallOutcome::NoAnswer => "no answer",
            CallOutcome::Voicemail => "left a voicemail",
            CallOutcome::Busy => "busy",
            CallOutcome::WrongNumber => "wrong number",
        }
    }
}

/// One change bound for the CRM, as the outbox stores it. Every operation is about one lead; all
/// but [`Operation::UpsertLead`] need the lead's CRM id, which the outbox supplies once known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// Find the lead in the CRM (email, else name and our id) or create it.
    UpsertLead {
        lead: Lead,
    },
    /// Write what Leadlens learnt since, field by field under the mapping's policy.
    Enrich {
        lead: Lead,
    },
    CallTask {
        task: CallTask,
        lead_name: String,
    },
    LogCall {
        at: DateTime<Utc>,
        outcome: CallOutcome,
        note: String,
    },
    Note {
        at: DateTime<Utc>,
        text: String,
    },
    /// The person asked to be forgotten: delete (or, where the CRM has one, GDPR-delete) the
    /// record. It carries the CRM id itself: the lead and its link are gone from the browser by
    /// the time this is sent.
    Forget {
        crm_id: CrmId,
    },
}

impl Operation {
    pub fn needs_crm_id(&self) -> bool {
        !matches!(self, Operation::UpsertLead { .. } | Operation::Forget { .. })
    }

    pub fn label(&self) -> &'static str {
        match self {
            Operation::UpsertLead { .. } => "lead",
            Operation::Enrich { .. } => "lead update",
            Operation::CallTask { .. } => "call task",
            Operation::LogCall { .. } => "call log",
            Operation::Note { .. } => "note",
            Operation::Forget { .. } => "deletion",
        }
    }
}

/// Where an incremental pull resumes: leads changed at or after `since`, from page `page` on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PullCursor {
    pub since: Option<DateTime<Utc>>,
    /// The CRM's own continuation (an offset, an `after` token, a next-records URL).
    pub page: Option<String>,
}

/// What a connector is asked to do.
#[derive(Clone, Debug)]
pub enum Job<'a> {
    /// `now` is when it is sent: the webhook signs it.
    Push {
        key: &'a IdempotencyKey,
        lead: &'a LeadId,
        crm_id: Option<&'a CrmId>,
        op: &'a Operation,
        now: DateTime<Utc>,
    },
    Pull {
        cursor: &'a PullCursor,
    },
    /// Leads like `query` (a name, company, email or phone), for a lead book search that found
    /// too little: at most [`SEARCH_LIMIT`].
    Search {
        query: &'a str,
    },
    Check,
}

/// Leads a CRM search returns at most: the panel shows a handful, not a report.
pub const SEARCH_LIMIT: usize = 10;

#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The lead exists in the CRM under this id (found or created).
    Lead(CrmId),
    /// The operation is in the CRM.
    Sent,
    /// A page of leads; `next` is where to resume (`None`: caught up, keep `high_water` as `since`).
    Pulled { leads: Vec<PulledLead>, next: Option<PullCursor>, high_water: Option<DateTime<Utc>> },
    /// The connection works.
    Connected,
    /// The CRM's leads like a search's query, as a pull reads them.
    Found { leads: Vec<PulledLead> },
}

/// A lead read from the CRM, and its id there (so pushes about it need no lookup).
#[derive(Clone, Debug, PartialEq)]
pub struct PulledLead {
    pub lead: Lead,
    pub crm_id: CrmId,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Send(HttpRequest),
    Done(Reply),
}

/// When a rate-limited request may be retried, as the CRM said it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    Seconds(u64),
    At(DateTime<Utc>),
}

impl RetryAfter {
    /// Reads a `Retry-After` value: delay-seconds or an HTTP date.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if let Ok(s) = value.parse::<u64>() {
            return Some(RetryAfter::Seconds(s));
        }
        DateTime::parse_from_rfc2822(value).ok().map(|t| RetryAfter::At(t.with_timezone(&Utc)))
    }
}

/// Why a CRM call failed, in words a rep or an admin can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum CrmError {
    /// The settings' base URL is not a URL, or no CRM API answers there.
    BadUrl(String),
    /// No answer: the server is down or unreachable, or (in a browser) CORS refused it.
    Network(String),
    /// The token was refused (401/403).
    BadToken {
        status: u16,
        message: String,
    },
    /// The token works but may not do this (a private app without the scope).
    MissingScope(String),
    RateLimited(Option<RetryAfter>),
    /// The CRM failed (5xx): worth retrying.
    Server {
        status: u16,
        message: String,
    },
    /// The CRM refused the data (other 4xx), with its own message.
    Rejected {
        status: u16,
        message: String,
    },
    /// The CRM answered in a way this connector cannot read.
    Unexpected(String),
    /// The operation needs the lead's CRM id and there is none yet.
    NoCrmId,
    /// This CRM cannot do it (a webhook cannot be searched), and what it can do instead.
    Unsupported(String),
}

impl CrmError {
    /// Worth sending again later: the same request may well succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, CrmError::Network(_) | CrmError::RateLimited(_) | CrmError::Server { .. })
    }
}

impl fmt::Display for CrmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrmError::BadUrl(m) => write!(f, "Check the CRM address in the options: {m}"),
            CrmError::Network(m) => write!(
                f,
                "The CRM could not be reached ({m}). Check the address and your connection; if the CRM is self-hosted, \
                 it must allow this extension's origin (CORS). Leadlens will keep trying."
            ),
            CrmError::BadToken { status, message } => {
                write!(f, "The CRM refused the token (HTTP {status}: {message}). Paste a new token in the options.")
            }
            CrmError::MissingScope(m) => {
                write!(f, "The token lacks a permission this needs ({m}). Grant it in the CRM, then retry.")
            }
            CrmError::RateLimited(_) => f.write_str("The CRM asked to slow down; Leadlens will retry shortly."),
            CrmError::Server { status, message } => {
                write!(f, "The CRM had an error (HTTP {status}: {message}); Leadlens will retry.")
            }
            CrmError::Rejected { status, message } => write!(f, "The CRM refused this (HTTP {status}): {message}"),
            CrmError::Unexpected(m) => write!(f, "The CRM's answer could not be read: {m}"),
            CrmError::NoCrmId => f.write_str("The lead is not in the CRM yet."),
            CrmError::Unsupported(m) => f.write_str(m),
        }
    }
}

/// A CRM: builds the next request of a job from the answers so far, or says how the job ended.
/// Pure: the same job and answers always give the same step.
pub trait Connector {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError>;
}

/// No job takes more round trips than this; a connector asking for more is a bug, not a reason
/// to loop forever.
const MAX_STEPS: usize = 12;

/// One job's round trips so far. Drivers feed it the answers, whether they send synchronously
/// ([`run`]) or await a browser fetch, so the step limit and the order of answers live here once.
#[derive(Debug, Default)]
pub struct Exchange {
    answers: Vec<HttpResponse>,
}

impl Exchange {
    /// What to send next, or how the job ended.
    pub fn next(&self, connector: &dyn Connector, job: &Job) -> Result<Step, CrmError> {
        if self.answers.len() >= MAX_STEPS {
            return Err(CrmError::Unexpected(format!("gave up after {MAX_STEPS} requests")));
        }
        connector.step(job, &self.answers)
    }

    pub fn answer(&mut self, response: HttpResponse) {
        self.answers.push(response);
    }
}

/// Runs a job to its end over `transport`.
pub fn run(connector: &dyn Connector, transport: &mut dyn Transport, job: &Job) -> Result<Reply, CrmError> {
    let mut exchange = Exchange::default();
    loop {
        match exchange.next(connector, job)? {
            Step::Done(outcome) => return Ok(outcome),
            Step::Send(request) => exchange.answer(transport.send(&request)?),
        }
    }
}

/// Which CRM the settings name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmKind {
    Bottlecrm,
    Hubspot,
    Salesforce,
    Pipedrive,
    Webhook,
}

impl std::str::FromStr for CrmKind {
    type Err = String;
    fn from_str(s: &str) -> Result<CrmKind, String> {
        let wanted = s.trim().to_ascii_lowercase();
        CrmKind::ALL.into_iter().find(|k| k.code() == wanted).ok_or_else(|| {
            format!("{s}: not a CRM Leadlens knows (bottlecrm, hubspot, salesforce, pipedrive, webhook)")
        })
    }
}

/// What the options page stores (in `chrome.storage.local`) for the team's CRM.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrmSettings {
    pub kind: CrmKind,
    /// Self-hosted CRMs have their own; SaaS ones their API host (or the org's instance URL).
    pub base_url: String,
    /// API token, private-app token, OAuth access token, or the webhook's signing secret.
    pub token: String,
    /// Field mapping and overwrite policy; the connector's default when absent.
    #[serde(default)]
    pub mapping: Option<Mapping>,
}

impl CrmSettings {
    /// The connector these settings describe; a base URL that cannot be one is refused here,
    /// before anything is sent.
    pub fn connector(&self) -> Result<Box<dyn Connector>, CrmError> {
        let base = base_url(&self.base_url)?;
        let token = self.token.trim().to_string();
        if token.is_empty() {
            return Err(CrmError::BadToken { status: 0, message: "no token is set".into() });
        }
        let mapping = || self.mapping.clone().or_else(|| self.kind.default_mapping()).unwrap_or(Mapping(Vec::new()));
        Ok(match self.kind {
            CrmKind::Bottlecrm => Box::new(bottlecrm::BottleCrm { base, token, mapping: mapping() }),
            CrmKind::Hubspot => Box::new(hubspot::HubSpot { base, token, mapping: mapping() }),
            CrmKind::Salesforce => Box::new(salesforce::Salesforce { base, token, mapping: mapping() }),
            CrmKind::Pipedrive => Box::new(pipedrive::Pipedrive { base, token, mapping: mapping() }),
            CrmKind::Webhook => Box::new(webhook::Webhook { url: base, secret: token }),
        })
    }

    /// The match pattern of the CRM's origin, for the browser's host permission: the one host
    /// Leadlens talks to, any port (Chrome patterns leave the port out to match every one).
    pub fn origin_pattern(&self) -> Result<String, CrmError> {
        let base = base_url(&self.base_url)?;
        let url = url::Url::parse(&base).map_err(|e| CrmError::BadUrl(e.to_string()))?;
        Ok(format!("{}://{}/*", url.scheme(), url.host_str().unwrap_or_default()))
    }
}

impl CrmKind {
    pub const ALL: [CrmKind; 5] =
        [CrmKind::Bottlecrm, CrmKind::Hubspot, CrmKind::Salesforce, CrmKind::Pipedrive, CrmKind::Webhook];

    /// The field mapping and policies a connector starts with; the webhook sends the whole lead.
    pub fn default_mapping(self) -> Option<Mapping> {
        match self {
            CrmKind::Bottlecrm => Some(bottlecrm::default_mapping()),
            CrmKind::Hubspot => Some(hubspot::default_mapping()),
            CrmKind::Salesforce => Some(salesforce::default_mapping()),
            CrmKind::Pipedrive => Some(pipedrive::default_mapping()),
            CrmKind::Webhook => None,
        }
    }

    /// The name the options page shows.
    pub fn label(self) -> &'static str {
        match self {
            CrmKind::Bottlecrm => "BottleCRM (self-hosted)",
            CrmKind::Hubspot => "HubSpot",
            CrmKind::Salesforce => "Salesforce",
            CrmKind::Pipedrive => "Pipedrive",
            CrmKind::Webhook => "Signed webhook",
        }
    }

    /// The CRM's name in a sentence ("found in HubSpot").
    pub fn name(self) -> &'static str {
        match self {
            CrmKind::Bottlecrm => "BottleCRM",
            CrmKind::Hubspot => "HubSpot",
            CrmKind::Salesforce => "Salesforce",
            CrmKind::Pipedrive => "Pipedrive",
            CrmKind::Webhook => "the webhook",
        }
    }

    /// The settings value (`bottlecrm`, …), as [`std::str::FromStr`] reads it back.
    pub fn code(self) -> &'static str {
        match self {
            CrmKind::Bottlecrm => "bottlecrm",
            CrmKind::Hubspot => "hubspot",
            CrmKind::Salesforce => "salesforce",
            CrmKind::Pipedrive => "pipedrive",
            CrmKind::Webhook => "webhook",
        }
    }
}

/// The base URL without a trailing slash, if it is an http(s) URL.
fn base_url(raw: &str) -> Result<String, CrmError> {
    let url =
        url::Url::parse(raw.trim()).map_err(|e| CrmError::BadUrl(format!("\"{raw}\" is not a web address ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(CrmError::BadUrl(format!("\"{raw}\" must start with https:// (or http:// for a local CRM)")));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Maps an error status to what it means; `Ok` for 2xx.
pub(crate) fn check(r: &HttpResponse) -> Result<&HttpResponse, CrmError> {
    let message = || error_message(&r.body);
    match r.status {
        200..=299 => Ok(r),
        401 | 403 => Err(CrmError::BadToken { status: r.status, message: message() }),
        404 => Err(CrmError::BadUrl(format!("no such API path here (HTTP 404: {})", message()))),
        429 => Err(CrmError::RateLimited(r.header("retry-after").and_then(RetryAfter::parse))),
        500..=599 => Err(CrmError::Server { status: r.status, message: message() }),
        s => Err(CrmError::Rejected { status: s, message: message() }),
    }
}

/// How a deletion ended. A record already gone (404 or 410 with the API's own JSON answer: an
/// HTML 404 is a wrong address, not a missing record) counts as deleted, so a retry after a lost
/// answer, or a record someone deleted by hand, is done rather than parked.
pub(crate) fn deleted(r: &HttpResponse) -> Result<Step, CrmError> {
    if !(matches!(r.status, 404 | 410) && r.json().is_ok()) {
        check(r)?;
    }
    Ok(Step::Done(Reply::Sent))
}

/// The CRM's own words from an error body: the usual JSON shapes, else the start of the text.
pub(crate) fn error_message(body: &str) -> String {
    fn flatten(v: &serde_json::Value, out: &mut Vec<String>, prefix: &str) {
        match v {
            serde_json::Value::String(s) => {
                out.push(if prefix.is_empty() { s.clone() } else { format!("{prefix}: {s}") })
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| flatten(x, out, prefix)),
            serde_json::Value::Object(o) => {
                for key in ["message", "detail", "error", "errors", "error_info"] {
                    if let Some(x) = o.get(key) {
                        if !(x.is_boolean()) {
                            flatten(x, out, prefix);
                            return;
                        }
                    }
                }
                // Field errors keyed by field name (Django REST framework).
                for (k, x) in o {
                    flatten(x, out, k);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        flatten(&v, &mut out, "");
    }
    let text = if out.is_empty() { body.trim().chars().take(200).collect() } else { out.join("; ") };
    // Shown to the rep as a page's values are: cleaned, capped.
    crate::text::clean(&text).unwrap_or_else(|| "no details given".into())
}

pub(crate) fn json_request(
    method: Method,
    url: String,
    headers: &[(&str, &str)],
    body: Option<serde_json::Value>,
) -> HttpRequest {
    let mut h: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    h.push(("Accept".into(), "application/json".into()));
    if body.is_some() {
        h.push(("Content-Type".into(), "application/json".into()));
    }
    HttpRequest { method, url, headers: h, body: body.map(|b| b.to_string()) }
}

/// A query-string component.
pub(crate) fn q(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The answer to the `n`th request of a job, checked.
pub(crate) fn answer(answers: &[HttpResponse], n: usize) -> Result<Option<serde_json::Value>, CrmError> {
    match answers.get(n) {
        None => Ok(None),
        Some(r) => {
            check(r)?;
            if r.body.trim().is_empty() {
                Ok(Some(serde_json::Value::Null))
            } else {
                r.json().map(Some)
            }
        }
    }
}

/// Finds the lead's record, or makes one: the search first when the lead has something to search
/// by (`search`), then the create. Every attempt of an entry searches again before it creates,
/// so a create whose answer was lost is found rather than made twice. `found` and `created` read
/// the record's id out of the CRM's answers.
pub(crate) fn find_or_create(
    answers: &[HttpResponse],
    search: Option<HttpRequest>,
    found: impl Fn(&serde_json::Value) -> Option<CrmId>,
    create: impl FnOnce() -> HttpRequest,
    created: impl Fn(&serde_json::Value) -> Option<CrmId>,
) -> Result<Step, CrmError> {
    let searched = search.is_some();
    if let Some(search) = search {
        let Some(list) = answer(answers, 0)? else { return Ok(Step::Send(search)) };
        if let Some(id) = found(&list) {
            return Ok(Step::Done(Reply::Lead(id)));
        }
    }
    match answer(answers, usize::from(searched))? {
        None => Ok(Step::Send(create())),
        Some(made) => created(&made)
            .map(|id| Step::Done(Reply::Lead(id)))
            .ok_or_else(|| CrmError::Unexpected("the lead was created but its id was not in the answer".into())),
    }
}

/// The record id at `pointer` in a CRM's answer, a string or a number.
pub(crate) fn id_at(answer: &serde_json::Value, pointer: &str) -> Option<CrmId> {
    let id = answer.pointer(pointer)?;
    id.as_str().map(String::from).or_else(|| id.as_u64().map(|n| n.to_string())).map(CrmId)
}

/// The lead's first value of a multi-valued field.
pub(crate) fn first(v: &[crate::model::FieldValue]) -> Option<&str> {
    v.first().map(|f| f.value.as_str())
}

/// The subject of a call task: the due time is in it, for CRMs that keep only a date.
pub(crate) fn task_title(task: &CallTask, lead_name: &str) -> String {
    format!(
        "Call {} at {} UTC",
        if lead_name.is_empty() { "lead" } else { lead_name },
        task.due.format("%Y-%m-%d %H:%M")
    )
}

/// A lead read from a CRM, with the CRM as provenance.
pub(crate) fn pulled_lead(
    id: LeadId,
    crm_url: &str,
    at: DateTime<Utc>,
    fields: &[(LeadField, Option<String>)],
) -> Lead {
    use crate::model::{Extractor, FieldValue, Provenance};
    let value = |v: &str| FieldValue {
        value: v.to_string(),
        label: None,
        source: Provenance {
            url: crm_url.to_string(),
            extractor: Extractor::Crm,
            at,
            confidence: Extractor::Crm.confidence(),
        },
    };
    let mut lead = Lead {
        id,
        name: None,
        given_name: None,
        family_name: None,
        title: None,
        company: None,
        headline: None,
        location: None,
        emails: Vec::new(),
        phones: Vec::new(),
        profiles: Vec::new(),
        websites: Vec::new(),
        alternatives: Vec::new(),
        confirmed: Vec::new(),
        rejected: Vec::new(),
        qualification: Default::default(),
        stage: Default::default(),
        engagement: Vec::new(),
        added_by: None,
        created_at: at,
        updated_at: at,
    };
    for (field, v) in fields {
        // A CRM is no more trusted than a page: its values are cleaned as a page's are.
        let Some(v) = v.as_deref().and_then(crate::text::clean) else { continue };
        mapping::set(&mut lead, *field, value(&v));
    }
    if lead.name.is_none() {
        let name = [&lead.given_name, &lead.family_name]
            .into_iter()
            .flatten()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if !name.is_empty() {
            lead.name = Some(value(&name));
        }
    }
    lead
}

/// The id a pulled lead gets in the lead book: ours if the CRM kept it, else one derived from the
/// CRM's, so that pulling the same record twice updates one lead.
pub(crate) fn pulled_id(ours: Option<&str>, crm: &str, crm_id: &str) -> LeadId {
    match ours {
        Some(id) if id.starts_with("lead-") && id.len() == 21 => {
            serde_json::from_value(serde_json::Value::String(id.into())).unwrap_or_else(|_| LeadId::from_key(id))
        }
        _ => LeadId::from_key(&format!("crm:{crm}:{crm_id}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![("Retry-After".into(), "7".into())], body: body.into() }
    }

    #[test]
    fn statuses_mean_what_a_rep_can_do() {
        assert!(check(&resp(201, "{}")).is_ok());
        assert!(matches!(check(&resp(401, "")), Err(CrmError::BadToken { status: 401, .. })));
        assert!(matches!(check(&resp(404, "")), Err(CrmError::BadUrl(_))));
        assert_eq!(check(&resp(429, "")).unwrap_err(), CrmError::RateLimited(Some(RetryAfter::Seconds(7))));
        assert!(check(&resp(503, "")).unwrap_err().is_transient());
        let e = check(&resp(400, r#"{"error":true,"errors":{"email":["Enter a valid email address."]}}"#)).unwrap_err();
        assert_eq!(e, CrmError::Rejected { status: 400, message: "email: Enter a valid email address.".into() });
        assert!(!e.is_transient());
        assert!(e.to_string().contains("Enter a valid email address."));
    }

    #[test]
    fn a_crm_s_error_message_is_cleaned_and_capped() {
        let body = serde_json::json!({ "errors": { "name": ["Eve \u{202e}nimdA", "x".repeat(5000)] } }).to_string();
        let message = error_message(&body);
        assert!(message.starts_with("name: Eve nimdA; name: xxx"), "{message}");
        assert_eq!(message.chars().count(), crate::text::MAX_FIELD_CHARS);
        assert_eq!(error_message("\u{200b}"), "no details given");
    }

    #[test]
    fn values_read_from_a_crm_are_cleaned_as_a_page_s_are() {
        let fields = [
            (LeadField::GivenName, Some("Eve \u{202e}nimdA\u{200b} ".to_string())),
            (LeadField::FamilyName, Some("x".repeat(5000))),
            (LeadField::Title, Some("\u{feff}".to_string())),
        ];
        let lead = pulled_lead(LeadId::from_key("crm:1"), "https://crm.test/1", Utc::now(), &fields);
        assert_eq!(lead.given_name.map(|f| f.value).as_deref(), Some("Eve nimdA"));
        assert_eq!(lead.family_name.map(|f| f.value.chars().count()), Some(crate::text::MAX_FIELD_CHARS));
        assert_eq!(lead.title, None);
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        assert_eq!(RetryAfter::parse(" 120 "), Some(RetryAfter::Seconds(120)));
        let at = DateTime::parse_from_rfc3339("2026-11-23T08:49:37Z").unwrap().with_timezone(&Utc);
        assert_eq!(RetryAfter::parse("Mon, 23 Nov 2026 08:49:37 GMT"), Some(RetryAfter::At(at)));
        assert_eq!(RetryAfter::parse("soon"), None);
    }

    #[test]
    fn settings_refuse_what_cannot_work_before_sending() {
        let s = |url: &str, token: &str| CrmSettings {
            kind: CrmKind::Bottlecrm,
            base_url: url.into(),
            token: token.into(),
            mapping: None,
        };
        assert!(matches!(s("crm.example.com", "t").connector().err(), Some(CrmError::BadUrl(_))));
        assert!(matches!(s("ftp://crm.example.com", "t").connector().err(), Some(CrmError::BadUrl(_))));
        assert!(matches!(s("https://crm.example.com/", " ").connector().err(), Some(CrmError::BadToken { .. })));
        assert!(s("https://crm.example.com/", "t").connector().is_ok());
        assert_eq!("HubSpot".parse::<CrmKind>(), Ok(CrmKind::Hubspot));
        assert!("zoho".parse::<CrmKind>().is_err());
    }

    #[test]
    fn pulled_ids_are_ours_when_the_crm_kept_them() {
        let ours = LeadId::from_key("email:a@b.c");
        assert_eq!(pulled_id(Some(ours.as_str()), "x", "1"), ours);
        assert_eq!(pulled_id(None, "x", "1"), pulled_id(Some("junk"), "x", "1"));
        assert_ne!(pulled_id(None, "x", "1"), pulled_id(None, "x", "2"));
    }
}
