//! Every request the HubSpot, Salesforce and Pipedrive connectors make, checked against the
//! vendors' API contracts (`tests/contracts/*.yaml`, written from their documentation) by
//! `prism mock --errors` on 127.0.0.1, which answers 422 to a request that breaks the contract.
//! prism is an npm devDependency; without it these tests say so and pass, unless
//! LEADLENS_CRM_TESTS=1 (as in the test script).

use chrono::{DateTime, Utc};
use leadlens::crm::native::NativeTransport;
use leadlens::crm::{
    run, CallOutcome, Connector, CrmError, CrmId, HttpRequest, HttpResponse, IdempotencyKey, Job, Operation,
    PullCursor, Reply, Transport,
};
use leadlens::model::CallTask;
use leadlens::plan::{PlanSettings, Planner, SuppressionList};

fn plan_call(lead: &leadlens::model::Lead, now: chrono::DateTime<chrono::Utc>, rep_offset_minutes: i32) -> CallTask {
    let (settings, suppression) = (PlanSettings::default(), SuppressionList::default());
    Planner { settings: &settings, suppression: &suppression, rep_offset_minutes }.plan_call(lead, now).unwrap()
}
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism(contract: &str) -> Option<Prism> {
    let bin = format!("{ROOT}/node_modules/.bin/prism");
    if !std::path::Path::new(&bin).exists() {
        assert!(std::env::var("LEADLENS_CRM_TESTS").is_err(), "prism is not installed: run `npm ci`");
        eprintln!("skipped: no prism (run `npm ci`)");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(bin)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors", "--dynamic", "false"])
        .arg(format!("{ROOT}/tests/contracts/{contract}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let p = Prism { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "prism did not start on {contract} within 60 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(p)
}

/// Sends to prism and keeps every request and its verdict.
struct Checked {
    inner: NativeTransport,
    log: Vec<(String, u16, String)>,
}

impl Transport for Checked {
    fn send(&mut self, r: &HttpRequest) -> Result<HttpResponse, CrmError> {
        let answer = self.inner.send(r)?;
        self.log.push((format!("{} {}", r.method.as_str(), r.url), answer.status, answer.body.clone()));
        Ok(answer)
    }
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Runs every kind of job through `c` against the contract; `crm_id` is an id the contract accepts.
fn every_request(c: &dyn Connector, crm_id: &str) -> Vec<(String, u16, String)> {
    let mut transport = Checked { inner: NativeTransport::new(Duration::from_secs(20)), log: Vec::new() };
    let lead = serde_json::from_value::<leadlens::model::Lead>(serde_json::json!({
        "id": leadlens::model::LeadId::from_key("email:maria@acme.test"),
        "name": {"value": "María González", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}},
        "given_name": {"value": "María", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}},
        "family_name": {"value": "González", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}},
        "title": {"value": "VP Operations", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}},
        "company": {"value": "Acme", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}},
        "location": null,
        "emails": [{"value": "maria@acme.test", "source": {"url": "https://acme.test/team", "extractor": "jsonld", "at": "2026-11-23T10:00:00Z", "confidence": 0.95}}],
        "phones": [{"value": "+14155550100", "source": {"url": "https://acme.test/team", "extractor": "visible", "at": "2026-11-23T10:00:00Z", "confidence": 0.5}}],
        "profiles": [], "websites": [],
        "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"
    }))
    .unwrap();
    let now = t("2026-11-23T10:07:00Z");
    let key = IdempotencyKey("lead-0123456789abcdef-19a-1".into());
    let id = CrmId(crm_id.into());
    let ops = [
        Operation::UpsertLead { lead: lead.clone() },
        Operation::Enrich { lead: lead.clone() },
        Operation::CallTask { task: plan_call(&lead, now, 60), lead_name: "María González".into() },
        Operation::LogCall { at: now, outcome: CallOutcome::Voicemail, note: "Left a message.".into() },
        Operation::Note { at: now, text: "Reacted to the pricing post.".into() },
        Operation::Forget { crm_id: id.clone() },
    ];
    for op in &ops {
        let crm_id = op.needs_crm_id().then_some(&id);
        let job = Job::Push { key: &key, lead: &lead.id, crm_id, op, now };
        let outcome = run(c, &mut transport, &job);
        assert!(outcome.is_ok(), "{}: {outcome:?}\n{:#?}", op.label(), transport.log);
    }
    let cursor = PullCursor { since: Some(t("2026-11-20T00:00:00Z")), page: None };
    assert!(matches!(run(c, &mut transport, &Job::Pull { cursor: &cursor }), Ok(Reply::Pulled { .. })));
    // What SOSL reserves, an email and plain words: each as the connector sends it.
    for query in ["O'Brien (Acme) {sales} a+b", "maria@acme.test", "María González"] {
        let found = run(c, &mut transport, &Job::Search { query });
        assert!(matches!(found, Ok(Reply::Found { .. })), "search {query:?}: {found:?}\n{:#?}", transport.log);
    }
    assert_eq!(run(c, &mut transport, &Job::Check), Ok(Reply::Connected));
    transport.log
}

fn assert_within_contract(name: &str, log: &[(String, u16, String)], expect_at_least: usize) {
    for (request, status, body) in log {
        assert!((200..300).contains(status), "{name}: {request} broke the contract (HTTP {status}): {body}");
    }
    eprintln!("{name}: {} requests, all within the contract", log.len());
    assert!(log.len() >= expect_at_least, "{name}: only {} requests: {log:#?}", log.len());
}

#[test]
fn hubspot_requests_keep_to_hubspot_s_contract() {
    let Some(p) = prism("hubspot.yaml") else { return };
    let c = leadlens::crm::hubspot::HubSpot {
        base: p.url.clone(),
        token: "pat-na1-00000000".into(),
        mapping: leadlens::crm::hubspot::default_mapping(),
    };
    let log = every_request(&c, "512");
    // search+create contact, get+patch+note, search+create for task, call and note, GDPR delete,
    // pull, three searches, check.
    assert_within_contract("hubspot", &log, 16);
}

#[test]
fn salesforce_requests_keep_to_salesforce_s_contract() {
    let Some(p) = prism("salesforce.yaml") else { return };
    let c = leadlens::crm::salesforce::Salesforce {
        base: p.url.clone(),
        token: "00D5g000000abcd!AQ0AQ".into(),
        mapping: leadlens::crm::salesforce::default_mapping(),
    };
    let log = every_request(&c, "00Q5g00000AbCdEEAV");
    assert_within_contract("salesforce", &log, 15);
}

#[test]
fn pipedrive_requests_keep_to_pipedrive_s_contract() {
    let Some(p) = prism("pipedrive.yaml") else { return };
    let c = leadlens::crm::pipedrive::Pipedrive {
        base: format!("{}/v1", p.url),
        token: "0123456789abcdef".into(),
        mapping: leadlens::crm::pipedrive::default_mapping(),
    };
    let log = every_request(&c, "42");
    assert_within_contract("pipedrive", &log, 15);
}

/// The contract check itself must be able to fail: a request that breaks the contract is refused
/// (prism answers the operation's own 400 when it declares one, else 422) and says why.
#[test]
fn prism_refuses_a_request_that_breaks_the_contract() {
    let Some(p) = prism("salesforce.yaml") else { return };
    let mut transport = NativeTransport::new(Duration::from_secs(20));
    let bad = HttpRequest {
        method: leadlens::crm::Method::Post,
        url: format!("{}/services/data/v60.0/sobjects/Lead", p.url),
        headers: vec![("Authorization".into(), "Bearer x".into()), ("Content-Type".into(), "application/json".into())],
        // No LastName or Company, and a field Lead does not have.
        body: Some(r#"{"Email": "maria@acme.test", "Nickname": "M"}"#.into()),
    };
    let answer = transport.send(&bad).unwrap();
    assert!(matches!(answer.status, 400 | 422), "{}", answer.status);
    let violations = answer.header("sl-violations").unwrap_or_default();
    assert!(violations.contains("LastName") && violations.contains("Nickname"), "{violations}");
    // A SOSL search term with its reserved characters left bare is refused too.
    let sosl = "FIND {O'Brien (Acme)} IN ALL FIELDS RETURNING Lead(Id) LIMIT 10";
    let unescaped = HttpRequest {
        method: leadlens::crm::Method::Get,
        url: format!("{}/services/data/v60.0/search/?q={}", p.url, sosl.replace(' ', "%20").replace('\'', "%27")),
        headers: vec![("Authorization".into(), "Bearer x".into())],
        body: None,
    };
    let answer = transport.send(&unescaped).unwrap();
    assert!(matches!(answer.status, 400 | 422), "{}: {}", answer.status, answer.body);
}
