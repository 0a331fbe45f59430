//! Salesforce REST (API v60.0 on the org's instance URL, OAuth access token as Bearer): Lead found
//! by SOQL on Email, created with LastName and Company (both required, so placeholders when
//! unknown); call tasks, call logs and notes are Tasks on the lead (`WhoId`). `ActivityDate` is a
//! date only: the due time is in the Subject. Long text cannot be filtered in SOQL, so a create
//! first selects the lead's tasks with the same Subject and reads their Description for the marker.
//! Search: SOSL over Leads only (pushes address Lead records: a Contact's id would not take an
//! enrichment or a deletion), the query's reserved characters escaped. Forget: the Lead deleted.

use super::mapping::{LeadField, Mapping, Policy};
use super::{
    answer, check, deleted, find_or_create, first, id_at, json_request, pulled_id, pulled_lead, q, task_title,
    CallOutcome, Connector, CrmError, CrmId, HttpRequest, HttpResponse, IdempotencyKey, Job, Method, Operation,
    PullCursor, PulledLead, Reply, Step, SEARCH_LIMIT,
};
use crate::model::Lead;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

const API: &str = "/services/data/v60.0";

pub fn default_mapping() -> Mapping {
    use LeadField::*;
    use Policy::*;
    Mapping::of(&[
        (Email, "Email", FillEmpty),
        (GivenName, "FirstName", FillEmpty),
        (FamilyName, "LastName", FillEmpty),
        (Title, "Title", Propose),
        (Company, "Company", Propose),
        (Phone, "Phone", FillEmpty),
        (Website, "Website", FillEmpty),
        (Location, "City", FillEmpty),
    ])
}

pub struct Salesforce {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}

/// A SOQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A SOSL search term: the characters SOSL reserves are escaped with a backslash, so a query
/// such as `O'Brien (Acme)` is searched as typed rather than breaking (or rewriting) the search.
fn sosl_term(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "?&|!{}[]()^~*:\\\"'+-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Salesforce {
    fn req(&self, method: Method, path: &str, body: Option<Value>) -> HttpRequest {
        let auth = format!("Bearer {}", self.token);
        json_request(method, format!("{}{path}", self.base), &[("Authorization", &auth)], body)
    }

    fn query(&self, soql: &str) -> HttpRequest {
        self.req(Method::Get, &format!("{API}/query?q={}", q(soql)), None)
    }

    fn upsert(&self, lead: &Lead, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let search = first(&lead.emails)
            .map(|email| self.query(&format!("SELECT Id FROM Lead WHERE Email = {} LIMIT 1", lit(email))));
        let create = || {
            let mut body = self.mapping.fields(lead);
            // Required by Salesforce: a lead without them cannot be saved.
            if !body.contains_key("LastName") {
                body.insert("LastName".into(), lead.display_name().unwrap_or_else(|| "[not provided]".into()).into());
            }
            body.entry("Company").or_insert_with(|| "[not provided]".into());
            body.insert("LeadSource".into(), "Leadlens".into());
            if let Some(url) = lead.source_url() {
                body.insert("Description".into(), format!("Captured by Leadlens on {url}.").into());
            }
            self.req(Method::Post, &format!("{API}/sobjects/Lead"), Some(Value::Object(body)))
        };
        find_or_create(answers, search, |found| id_at(found, "/records/0/Id"), create, |made| id_at(made, "/id"))
    }

    /// Creates a Task on the lead unless one with this Subject carries the marker.
    fn task_once(
        &self,
        lead: &CrmId,
        task: Value,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let subject = task.get("Subject").and_then(Value::as_str).unwrap_or_default();
        let Some(found) = answer(answers, 0)? else {
            return Ok(Step::Send(self.query(&format!(
                "SELECT Id, Description FROM Task WHERE WhoId = {} AND Subject = {}",
                lit(&lead.0),
                lit(subject)
            ))));
        };
        let marker = key.marker();
        let mine = found
            .get("records")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|r| r.get("Description").and_then(Value::as_str).is_some_and(|d| d.contains(&marker)));
        if mine || answer(answers, 1)?.is_some() {
            return Ok(Step::Done(Reply::Sent));
        }
        Ok(Step::Send(self.req(Method::Post, &format!("{API}/sobjects/Task"), Some(task))))
    }

    fn push(
        &self,
        key: &IdempotencyKey,
        crm_id: Option<&CrmId>,
        op: &Operation,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let lead_id = || crm_id.ok_or(CrmError::NoCrmId);
        match op {
            Operation::UpsertLead { lead } => match crm_id {
                Some(id) => Ok(Step::Done(Reply::Lead(id.clone()))),
                None => self.upsert(lead, answers),
            },
            Operation::Enrich { lead } => {
                let id = lead_id()?;
                let path = format!("{API}/sobjects/Lead/{}", q(&id.0));
                let Some(current) = answer(answers, 0)? else {
                    return Ok(Step::Send(self.req(Method::Get, &path, None)));
                };
                if answer(answers, 1)?.is_some() {
                    return Ok(Step::Done(Reply::Sent));
                }
                let description = current.get("Description").and_then(Value::as_str).unwrap_or_default();
                if description.contains(&key.marker()) {
                    return Ok(Step::Done(Reply::Sent));
                }
                let mut e = self.mapping.enrich(lead, &current, key);
                if let Some(note) = e.note {
                    let joined = if description.is_empty() { note } else { format!("{description}\n\n{note}") };
                    e.set.insert("Description".into(), joined.into());
                }
                if e.set.is_empty() {
                    return Ok(Step::Done(Reply::Sent));
                }
                Ok(Step::Send(self.req(Method::Patch, &path, Some(Value::Object(e.set)))))
            }
            Operation::CallTask { task, lead_name } => {
                let id = lead_id()?;
                let body = json!({
                    "Subject": task_title(task, lead_name),
                    "ActivityDate": task.due.format("%Y-%m-%d").to_string(),
                    "Description": format!("{}\n{}", task.note, key.marker()),
                    "WhoId": id.0,
                    "Status": "Not Started",
                    "Priority": "Normal",
                    "TaskSubtype": "Call",
                    "Type": "Call",
                });
                self.task_once(id, body, key, answers)
            }
            Operation::LogCall { at, outcome, note } => {
                let id = lead_id()?;
                let body = json!({
                    "Subject": format!("Call {}: {}", at.format("%Y-%m-%d %H:%M UTC"), outcome.label()),
                    "ActivityDate": at.format("%Y-%m-%d").to_string(),
                    "Description": format!("{note}\n{}", key.marker()),
                    "WhoId": id.0,
                    "Status": "Completed",
                    "TaskSubtype": "Call",
                    "Type": "Call",
                    "CallType": "Outbound",
                    "CallDisposition": disposition(*outcome),
                });
                self.task_once(id, body, key, answers)
            }
            Operation::Note { at, text } => {
                let id = lead_id()?;
                let body = json!({
                    "Subject": format!("Note {}", at.format("%Y-%m-%d %H:%M UTC")),
                    "ActivityDate": at.format("%Y-%m-%d").to_string(),
                    "Description": format!("{text}\n{}", key.marker()),
                    "WhoId": id.0,
                    "Status": "Completed",
                    "TaskSubtype": "Task",
                });
                self.task_once(id, body, key, answers)
            }
            Operation::Forget { crm_id } => match answers.first() {
                None => {
                    Ok(Step::Send(self.req(Method::Delete, &format!("{API}/sobjects/Lead/{}", q(&crm_id.0)), None)))
                }
                Some(r) => deleted(r),
            },
        }
    }

    /// The fields read from a Lead, for a pull or a search.
    fn fields(&self) -> String {
        let fields: Vec<&str> = self.mapping.0.iter().map(|m| m.crm_field.as_str()).collect();
        format!("Id, LastModifiedDate, {}", fields.join(", "))
    }

    /// A Lead record, and when it last changed.
    fn record(&self, r: &Value) -> Option<(PulledLead, DateTime<Utc>)> {
        let s = |k: &str| r.get(k).and_then(Value::as_str).map(String::from);
        let id = s("Id")?;
        // Salesforce writes offsets without a colon (+0000).
        let updated = s("LastModifiedDate")
            .and_then(|u| DateTime::parse_from_str(&u, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
            .map_or_else(Utc::now, |u| u.with_timezone(&Utc));
        let fields: Vec<(LeadField, Option<String>)> =
            self.mapping.0.iter().map(|m| (m.field, s(&m.crm_field))).collect();
        let url = format!("{}{API}/sobjects/Lead/{id}", self.base);
        let lead = pulled_lead(pulled_id(None, "salesforce", &id), &url, updated, &fields);
        Some((PulledLead { lead, crm_id: CrmId(id) }, updated))
    }

    fn search(&self, query: &str, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        if query.is_empty() {
            return Ok(Step::Done(Reply::Found { leads: Vec::new() }));
        }
        let Some(found) = answer(answers, 0)? else {
            let sosl = format!(
                "FIND {{{}}} IN ALL FIELDS RETURNING Lead({}) LIMIT {SEARCH_LIMIT}",
                sosl_term(&query),
                self.fields()
            );
            return Ok(Step::Send(self.req(Method::Get, &format!("{API}/search/?q={}", q(&sosl)), None)));
        };
        let records = found.get("searchRecords").and_then(Value::as_array).into_iter().flatten();
        let leads = records.filter_map(|r| self.record(r)).map(|(lead, _)| lead).collect();
        Ok(Step::Done(Reply::Found { leads }))
    }

    fn pull(&self, cursor: &PullCursor, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let Some(page) = answer(answers, 0)? else {
            return Ok(Step::Send(match &cursor.page {
                // nextRecordsUrl is a path on the same instance.
                Some(next) if next.starts_with("/services/data/") => self.req(Method::Get, next, None),
                _ => {
                    let since = cursor
                        .since
                        .map_or_else(|| "1970-01-01T00:00:00Z".into(), |s| s.format("%Y-%m-%dT%H:%M:%SZ").to_string());
                    self.query(&format!(
                        "SELECT {} FROM Lead WHERE LastModifiedDate >= {since} ORDER BY LastModifiedDate",
                        self.fields()
                    ))
                }
            }));
        };
        let mut leads = Vec::new();
        let mut high_water = cursor.since;
        for r in page.get("records").and_then(Value::as_array).into_iter().flatten() {
            let Some((lead, updated)) = self.record(r) else { continue };
            high_water = high_water.max(Some(updated));
            leads.push(lead);
        }
        let next = page
            .get("nextRecordsUrl")
            .and_then(Value::as_str)
            .map(|n| PullCursor { since: cursor.since, page: Some(n.to_string()) });
        Ok(Step::Done(Reply::Pulled { leads, next, high_water }))
    }
}

impl Connector for Salesforce {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        match job {
            Job::Push { key, crm_id, op, .. } => self.push(key, *crm_id, op, answers),
            Job::Pull { cursor } => self.pull(cursor, answers),
            Job::Search { query } => self.search(query, answers),
            Job::Check => match answers.first() {
                None => Ok(Step::Send(self.query("SELECT Id FROM Lead LIMIT 1"))),
                Some(r) => check(r).map(|_| Step::Done(Reply::Connected)),
            },
        }
    }
}

fn disposition(o: CallOutcome) -> &'static str {
    match o {
        CallOutcome::Connected => "Connected",
        CallOutcome::NoAnswer => "No answer",
        CallOutcome::Voicemail => "Left voicemail",
        CallOutcome::Busy => "Busy",
        CallOutcome::WrongNumber => "Wrong number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_escapes_what_sosl_reserves_and_reads_leads() {
        let sf =
            Salesforce { base: "https://x.my.salesforce.com".into(), token: "t".into(), mapping: default_mapping() };
        let Step::Send(r) = sf.step(&Job::Search { query: " O'Brien  (Acme) {x} a-b\\ " }, &[]).unwrap() else {
            panic!()
        };
        let sosl = r
            .url
            .split_once("?q=")
            .map(|(_, q)| percent_encoding::percent_decode_str(q).decode_utf8_lossy().to_string());
        assert_eq!(
            sosl.as_deref(),
            Some(
                "FIND {O\\'Brien \\(Acme\\) \\{x\\} a\\-b\\\\} IN ALL FIELDS RETURNING \
                 Lead(Id, LastModifiedDate, Email, FirstName, LastName, Title, Company, Phone, Website, City) LIMIT 10"
            )
        );
        let found = HttpResponse {
            status: 200,
            headers: vec![],
            body: json!({"searchRecords": [{"attributes": {"type": "Lead"}, "Id": "00Q5g00000AbCdEEAV",
                "LastModifiedDate": "2026-11-23T10:00:00.000+0000", "LastName": "O'Brien", "Company": "Acme"}]})
            .to_string(),
        };
        let Step::Done(Reply::Found { leads }) = sf.step(&Job::Search { query: "x" }, &[found]).unwrap() else {
            panic!()
        };
        assert_eq!(leads[0].crm_id.0, "00Q5g00000AbCdEEAV");
        assert_eq!(leads[0].lead.company.as_ref().unwrap().value, "Acme");
    }
}
