//! A generic webhook: each outbox entry is POSTed as JSON, signed, to the team's own endpoint.
//!
//! Headers:
//! - `Leadlens-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the
//!   receiver recomputes it over the raw body, compares in constant time, and refuses a `t` more
//!   than five minutes from its clock (a replay).
//! - `Idempotency-Key: <key>`: delivery is at least once (a retry after a lost answer sends the
//!   same key and body again); the receiver keeps keys it has seen and answers 2xx to a repeat.
//!
//! Body: `{"key", "lead_id", "crm_id", "sent_at", "operation": {"op": "upsert_lead" | "enrich" |
//! "call_task" | "log_call" | "note" | "forget", ...}}`. An answer `{"id": "…"}` to `upsert_lead`
//! becomes the lead's CRM id; without one, our lead id stands for it. A person who asked to be
//! forgotten is announced with `"event": "lead.forgotten"` and `{"op": "forget", "crm_id"}`: the
//! receiver deletes what it keeps of them. A webhook cannot be searched.

use super::{check, json_request, Connector, CrmError, CrmId, HttpResponse, Job, Method, Operation, Reply, Step};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "Leadlens-Signature";
/// How far a signature's timestamp may be from the receiver's clock.
pub const TOLERANCE_SECONDS: i64 = 300;

pub struct Webhook {
    pub url: String,
    pub secret: String,
}

fn mac(secret: &str, timestamp: i64, body: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    mac
}

/// The `Leadlens-Signature` value for `body` sent at `timestamp` (unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", tag.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    Malformed,
    Stale,
    Mismatch,
}

/// Checks a `Leadlens-Signature` header against the raw body, as a receiver must.
pub fn verify(secret: &str, header: &str, body: &str, now: DateTime<Utc>) -> Result<(), SignatureError> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1.push(v),
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if (now.timestamp() - t).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    // Several v1 values let a sender rotate secrets; any one matching will do.
    let ok = v1.iter().filter_map(|h| unhex(h)).any(|tag| mac(secret, t, body).verify_slice(&tag).is_ok());
    if ok {
        Ok(())
    } else if v1.is_empty() {
        Err(SignatureError::Malformed)
    } else {
        Err(SignatureError::Mismatch)
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

impl Connector for Webhook {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let (key, lead, crm_id, op, now) = match job {
            Job::Push { key, lead, crm_id, op, now } => (key, lead, crm_id, op, now),
            Job::Pull { .. } => {
                return Ok(Step::Done(Reply::Pulled { leads: Vec::new(), next: None, high_water: None }))
            }
            Job::Search { .. } => {
                return Err(CrmError::Unsupported(
                    "A webhook cannot be searched: only the lead book was searched.".into(),
                ))
            }
            Job::Check => {
                // Nothing to ask a webhook without sending it something: a signed ping.
                return match answers.first() {
                    None => Ok(Step::Send(self.request("ping", &json!({"ping": true}), Utc::now().timestamp()))),
                    Some(r) => check(r).map(|_| Step::Done(Reply::Connected)),
                };
            }
        };
        let Some(r) = answers.first() else {
            let mut body = json!({
                "key": key.0,
                "lead_id": lead.as_str(),
                "crm_id": crm_id.map(|c| c.0.clone()),
                "sent_at": now.to_rfc3339(),
                "operation": op,
            });
            // Named as an event too: a receiver may route erasure requests on their own.
            if let Operation::Forget { crm_id } = op {
                body["event"] = json!("lead.forgotten");
                body["crm_id"] = json!(crm_id.0);
            }
            return Ok(Step::Send(self.request(&key.0, &body, now.timestamp())));
        };
        check(r)?;
        Ok(Step::Done(match op {
            Operation::UpsertLead { .. } => {
                let theirs = serde_json::from_str::<serde_json::Value>(&r.body)
                    .ok()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str().map(String::from)));
                Reply::Lead(CrmId(theirs.unwrap_or_else(|| lead.as_str().to_string())))
            }
            _ => Reply::Sent,
        }))
    }
}

impl Webhook {
    fn request(&self, key: &str, body: &serde_json::Value, timestamp: i64) -> super::HttpRequest {
        let mut r = json_request(Method::Post, self.url.clone(), &[("Idempotency-Key", key)], Some(body.clone()));
        let signature = sign(&self.secret, timestamp, r.body.as_deref().unwrap_or_default());
        r.headers.push((SIGNATURE_HEADER.into(), signature));
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::IdempotencyKey;

    fn at(t: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(t, 0).unwrap()
    }

    #[test]
    fn signature_matches_a_known_vector() {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            sign("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }

    #[test]
    fn a_tampered_body_timestamp_or_secret_fails() {
        let body = r#"{"key":"k","operation":{"op":"note"}}"#;
        let header = sign("s3cret", 1_700_000_000, body);
        assert_eq!(verify("s3cret", &header, body, at(1_700_000_100)), Ok(()));
        assert_eq!(
            verify("s3cret", &header, &body.replace("note", "nope"), at(1_700_000_100)),
            Err(SignatureError::Mismatch)
        );
        let moved = header.replace("t=1700000000", "t=1700000001");
        assert_eq!(verify("s3cret", &moved, body, at(1_700_000_100)), Err(SignatureError::Mismatch));
        assert_eq!(verify("other", &header, body, at(1_700_000_100)), Err(SignatureError::Mismatch));
        assert_eq!(verify("s3cret", &header, body, at(1_700_000_000 + 301)), Err(SignatureError::Stale));
        assert_eq!(verify("s3cret", "v1=abcd", body, at(1_700_000_000)), Err(SignatureError::Malformed));
        assert_eq!(verify("s3cret", "t=1700000000,v1=zz", body, at(1_700_000_000)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_push_is_signed_over_exactly_the_body_sent() {
        let w = Webhook { url: "https://hooks.example.com/leadlens".into(), secret: "s3cret".into() };
        let lead = crate::crm::mapping::tests::lead();
        let key = IdempotencyKey("k9".into());
        let op = Operation::UpsertLead { lead: lead.clone() };
        let now = at(1_700_000_000);
        let job = Job::Push { key: &key, lead: &lead.id, crm_id: None, op: &op, now };
        let Step::Send(r) = w.step(&job, &[]).unwrap() else { panic!() };
        let header = &r.headers.iter().find(|(k, _)| k == SIGNATURE_HEADER).unwrap().1;
        assert_eq!(verify("s3cret", header, r.body.as_deref().unwrap(), now), Ok(()));
        assert!(r.headers.contains(&("Idempotency-Key".into(), "k9".into())));
        let ok = HttpResponse { status: 202, headers: vec![], body: String::new() };
        assert_eq!(w.step(&job, &[ok]).unwrap(), Step::Done(Reply::Lead(CrmId(lead.id.as_str().into()))));
    }

    #[test]
    fn a_forgotten_person_is_a_signed_event_and_search_is_not_supported() {
        let w = Webhook { url: "https://hooks.example.com/leadlens".into(), secret: "s3cret".into() };
        let lead = crate::crm::mapping::tests::lead();
        let (key, op) = (IdempotencyKey("k1".into()), Operation::Forget { crm_id: CrmId("c-9".into()) });
        let now = at(1_700_000_000);
        let job = Job::Push { key: &key, lead: &lead.id, crm_id: None, op: &op, now };
        let Step::Send(r) = w.step(&job, &[]).unwrap() else { panic!() };
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!((body["event"].as_str(), body["crm_id"].as_str()), (Some("lead.forgotten"), Some("c-9")));
        assert_eq!(body["operation"], json!({"op": "forget", "crm_id": "c-9"}));
        let header = &r.headers.iter().find(|(k, _)| k == SIGNATURE_HEADER).unwrap().1;
        assert_eq!(verify("s3cret", header, r.body.as_deref().unwrap(), now), Ok(()));
        let e = w.step(&Job::Search { query: "ada" }, &[]).unwrap_err();
        assert!(matches!(&e, CrmError::Unsupported(m) if m.contains("cannot be searched")), "{e}");
    }
}
