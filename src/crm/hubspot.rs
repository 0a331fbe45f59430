//! HubSpot CRM v3 (private-app token as Bearer): contacts found by email through the search API,
//! call tasks (`hs_task_type=CALL`, timestamp kept to the minute), calls and notes associated to
//! the contact; each create first searches the contact's records of that type by subject and
//! reads the body for the entry's marker. Pull: contacts search on `lastmodifieddate`. Search:
//! the same endpoint, by exact email when the query is one, else by its `query` text (HubSpot
//! matches it against names, emails, phones and company). Forget: the GDPR delete, which also
//! removes the contact's engagements and keeps the email from being re-created by a form.

use super::mapping::{LeadField, Mapping, Policy};
use super::{
    answer, check, deleted, find_or_create, first, id_at, json_request, pulled_id, pulled_lead, task_title, Connector,
    CrmError, CrmId, HttpRequest, HttpResponse, IdempotencyKey, Job, Method, Operation, PullCursor, PulledLead, Reply,
    Step, SEARCH_LIMIT,
};
use crate::model::Lead;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub fn default_mapping() -> Mapping {
    use LeadField::*;
    use Policy::*;
    Mapping::of(&[
        (Email, "email", FillEmpty),
        (GivenName, "firstname", FillEmpty),
        (FamilyName, "lastname", FillEmpty),
        (Title, "jobtitle", Propose),
        (Company, "company", Propose),
        (Phone, "phone", FillEmpty),
        (Website, "website", FillEmpty),
        (Location, "city", FillEmpty),
    ])
}

pub struct HubSpot {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}

/// HubSpot-defined association type ids, from the object to a contact.
const TASK_TO_CONTACT: u32 = 204;
const CALL_TO_CONTACT: u32 = 194;
const NOTE_TO_CONTACT: u32 = 202;

impl HubSpot {
    fn req(&self, method: Method, path: &str, body: Option<Value>) -> HttpRequest {
        let auth = format!("Bearer {}", self.token);
        json_request(method, format!("{}{path}", self.base), &[("Authorization", &auth)], body)
    }

    fn properties(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.mapping.0.iter().map(|m| m.crm_field.as_str()).collect();
        p.push("hs_object_id");
        p
    }

    fn upsert(&self, lead: &Lead, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let filters = match (first(&lead.emails), &lead.given_name, &lead.family_name) {
            (Some(e), _, _) => Some(json!([{"propertyName": "email", "operator": "EQ", "value": e}])),
            (None, Some(g), Some(f)) => Some(json!([
                {"propertyName": "firstname", "operator": "EQ", "value": g.value},
                {"propertyName": "lastname", "operator": "EQ", "value": f.value}])),
            _ => None,
        };
        let search = filters.map(|filters| {
            let body = json!({"filterGroups": [{"filters": filters}], "properties": self.properties(), "limit": 1});
            self.req(Method::Post, "/crm/v3/objects/contacts/search", Some(body))
        });
        let create = || {
            self.req(Method::Post, "/crm/v3/objects/contacts", Some(json!({"properties": self.mapping.fields(lead)})))
        };
        find_or_create(answers, search, |found| id_at(found, "/results/0/id"), create, |made| id_at(made, "/id"))
    }

    /// Searches the contact's `object`s whose `title_prop` equals `title`, then creates `body`
    /// unless one's `body_prop` holds the marker.
    #[allow(clippy::too_many_arguments)]
    fn once(
        &self,
        object: &str,
        contact: &CrmId,
        (title_prop, title): (&str, &str),
        body_prop: &str,
        create: Value,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let Some(found) = answer(answers, 0)? else {
            let mut filters =
                vec![json!({"propertyName": "associations.contact", "operator": "EQ", "value": contact.0})];
            if !title.is_empty() {
                filters.push(json!({"propertyName": title_prop, "operator": "EQ", "value": title}));
            }
            return Ok(Step::Send(self.req(
                Method::Post,
                &format!("/crm/v3/objects/{object}/search"),
                Some(json!({"filterGroups": [{"filters": filters}], "properties": [body_prop], "limit": 100})),
            )));
        };
        let marker = key.marker();
        let mine = found.get("results").and_then(Value::as_array).into_iter().flatten().any(|r| {
            r.get("properties")
                .and_then(|p| p.get(body_prop))
                .and_then(Value::as_str)
                .is_some_and(|b| b.contains(&marker))
        });
        if mine || answer(answers, 1)?.is_some() {
            return Ok(Step::Done(Reply::Sent));
        }
        Ok(Step::Send(self.req(Method::Post, &format!("/crm/v3/objects/{object}"), Some(create))))
    }

    fn push(
        &self,
        key: &IdempotencyKey,
        crm_id: Option<&CrmId>,
        op: &Operation,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let contact = || crm_id.ok_or(CrmError::NoCrmId);
        let associate = |id: &CrmId, type_id: u32| json!([{"to": {"id": id.0}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]}]);
        match op {
            Operation::UpsertLead { lead } => match crm_id {
                Some(id) => Ok(Step::Done(Reply::Lead(id.clone()))),
                None => self.upsert(lead, answers),
            },
            Operation::Enrich { lead } => {
                let id = contact()?;
                let Some(current) = answer(answers, 0)? else {
                    let path = format!(
                        "/crm/v3/objects/contacts/{}?properties={}",
                        super::q(&id.0),
                        self.properties().join(",")
                    );
                    return Ok(Step::Send(self.req(Method::Get, &path, None)));
                };
                let e = self.mapping.enrich(lead, current.get("properties").unwrap_or(&Value::Null), key);
                let mut n = 1;
                if !e.set.is_empty() {
                    if answer(answers, n)?.is_none() {
                        let path = format!("/crm/v3/objects/contacts/{}", super::q(&id.0));
                        return Ok(Step::Send(self.req(Method::Patch, &path, Some(json!({"properties": e.set})))));
                    }
                    n += 1;
                }
                match (e.note, answer(answers, n)?) {
                    (Some(note), None) => Ok(Step::Send(self.req(
                        Method::Post,
                        "/crm/v3/objects/notes",
                        Some(json!({
                            "properties": {"hs_timestamp": lead.updated_at.to_rfc3339(), "hs_note_body": note},
                            "associations": associate(id, NOTE_TO_CONTACT),
                        })),
                    ))),
                    _ => Ok(Step::Done(Reply::Sent)),
                }
            }
            Operation::CallTask { task, lead_name } => {
                let id = contact()?;
                let title = task_title(task, lead_name);
                let create = json!({
                    "properties": {
                        "hs_timestamp": task.due.to_rfc3339(),
                        "hs_task_subject": title,
                        "hs_task_body": format!("{}\n{}", task.note, key.marker()),
                        "hs_task_type": "CALL",
                        "hs_task_status": "NOT_STARTED",
                        "hs_task_priority": "MEDIUM",
                    },
                    "associations": associate(id, TASK_TO_CONTACT),
                });
                self.once("tasks", id, ("hs_task_subject", &title), "hs_task_body", create, key, answers)
            }
            Operation::LogCall { at, outcome, note } => {
                let id = contact()?;
                let title = format!("Call: {}", outcome.label());
                let create = json!({
                    "properties": {
                        "hs_timestamp": at.to_rfc3339(),
                        "hs_call_title": title,
                        "hs_call_body": format!("{note}\n{}", key.marker()),
                        "hs_call_direction": "OUTBOUND",
                        "hs_call_status": "COMPLETED",
                        "hs_call_disposition": disposition(*outcome),
                    },
                    "associations": associate(id, CALL_TO_CONTACT),
                });
                self.once("calls", id, ("hs_call_title", &title), "hs_call_body", create, key, answers)
            }
            Operation::Note { at, text } => {
                let id = contact()?;
                let create = json!({
                    "properties": {"hs_timestamp": at.to_rfc3339(), "hs_note_body": format!("{text}\n{}", key.marker())},
                    "associations": associate(id, NOTE_TO_CONTACT),
                });
                self.once("notes", id, ("", ""), "hs_note_body", create, key, answers)
            }
            Operation::Forget { crm_id } => match answers.first() {
                None => Ok(Step::Send(self.req(
                    Method::Post,
                    "/crm/v3/objects/contacts/gdpr-delete",
                    Some(json!({"objectId": crm_id.0})),
                ))),
                Some(r) => deleted(r),
            },
        }
    }

    /// A contact of a search answer, and when it last changed.
    fn record(&self, r: &Value) -> Option<(PulledLead, DateTime<Utc>)> {
        let id = r.get("id").and_then(Value::as_str)?;
        let p = r.get("properties").cloned().unwrap_or_default();
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(String::from);
        let updated = r
            .get("updatedAt")
            .and_then(Value::as_str)
            .and_then(|u| DateTime::parse_from_rfc3339(u).ok())
            .map_or_else(Utc::now, |u| u.with_timezone(&Utc));
        let fields: Vec<(LeadField, Option<String>)> =
            self.mapping.0.iter().map(|m| (m.field, s(&m.crm_field))).collect();
        let url = format!("{}/crm/v3/objects/contacts/{id}", self.base);
        let lead = pulled_lead(pulled_id(None, "hubspot", id), &url, updated, &fields);
        Some((PulledLead { lead, crm_id: CrmId(id.into()) }, updated))
    }

    fn records(&self, page: &Value) -> Vec<(PulledLead, DateTime<Utc>)> {
        page.get("results").and_then(Value::as_array).into_iter().flatten().filter_map(|r| self.record(r)).collect()
    }

    fn search(&self, query: &str, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Step::Done(Reply::Found { leads: Vec::new() }));
        }
        let Some(page) = answer(answers, 0)? else {
            let mut body = json!({"properties": self.properties(), "limit": SEARCH_LIMIT});
            // An email is matched exactly (the text search splits it into words).
            match crate::normalize::Email::parse(query) {
                Some(email) => {
                    body["filterGroups"] =
                        json!([{"filters": [{"propertyName": "email", "operator": "EQ", "value": email.as_str()}]}])
                }
                None => body["query"] = json!(query),
            }
            return Ok(Step::Send(self.req(Method::Post, "/crm/v3/objects/contacts/search", Some(body))));
        };
        Ok(Step::Done(Reply::Found { leads: self.records(&page).into_iter().map(|(l, _)| l).collect() }))
    }

    fn pull(&self, cursor: &PullCursor, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let Some(page) = answer(answers, 0)? else {
            let since = cursor.since.map_or(0, |s| s.timestamp_millis());
            let properties = [self.properties(), vec!["lastmodifieddate"]].concat();
            let mut body = json!({
                "filterGroups": [{"filters": [{"propertyName": "lastmodifieddate", "operator": "GTE", "value": since.to_string()}]}],
                "sorts": [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}],
                "properties": properties,
                "limit": 100,
            });
            if let Some(after) = &cursor.page {
                body["after"] = json!(after);
            }
            return Ok(Step::Send(self.req(Method::Post, "/crm/v3/objects/contacts/search", Some(body))));
        };
        let mut leads = Vec::new();
        let mut high_water = cursor.since;
        for (lead, updated) in self.records(&page) {
            high_water = high_water.max(Some(updated));
            leads.push(lead);
        }
        let next = page
            .pointer("/paging/next/after")
            .and_then(|a| a.as_str().map(String::from).or_else(|| a.as_u64().map(|n| n.to_string())))
            .map(|after| PullCursor { since: cursor.since, page: Some(after) });
        Ok(Step::Done(Reply::Pulled { leads, next, high_water }))
    }
}

impl Connector for HubSpot {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        // A private app without a scope gets 403 with category MISSING_SCOPES: say which.
        if let Some(r) = answers.last().filter(|r| r.status == 403 && r.body.contains("MISSING_SCOPES")) {
            return Err(CrmError::MissingScope(super::error_message(&r.body)));
        }
        match job {
            Job::Push { key, crm_id, op, .. } => self.push(key, *crm_id, op, answers),
            Job::Pull { cursor } => self.pull(cursor, answers),
            Job::Search { query } => self.search(query, answers),
            Job::Check => match answers.first() {
                None => Ok(Step::Send(self.req(Method::Get, "/crm/v3/objects/contacts?limit=1", None))),
                Some(r) => check(r).map(|_| Step::Done(Reply::Connected)),
            },
        }
    }
}

/// HubSpot's default call dispositions are fixed ids.
fn disposition(o: super::CallOutcome) -> &'static str {
    use super::CallOutcome::*;
    match o {
        Connected => "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        NoAnswer => "73a0d17f-1163-4015-bdd5-ec830791da20",
        Voicemail => "b2cf5968-551e-4856-9783-52b3da59a7d0",
        Busy => "9d9162e7-6cf3-4944-bf63-4dff82258764",
        WrongNumber => "17b47fee-58de-441e-a44c-c6300d46f273",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hubspot() -> HubSpot {
        HubSpot { base: "https://api.hubapi.com".into(), token: "t".into(), mapping: default_mapping() }
    }

    fn body(step: Step) -> Value {
        let Step::Send(r) = step else { panic!("{step:?}") };
        assert_eq!(r.url, "https://api.hubapi.com/crm/v3/objects/contacts/search");
        serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn search_matches_an_email_exactly_and_other_text_as_a_query() {
        let h = hubspot();
        let by_email = body(h.step(&Job::Search { query: " Maria@Acme.test " }, &[]).unwrap());
        assert_eq!(by_email["filterGroups"][0]["filters"][0]["value"], "maria@acme.test");
        assert!(by_email.get("query").is_none());
        let by_text = body(h.step(&Job::Search { query: "María González" }, &[]).unwrap());
        assert_eq!((by_text["query"].as_str(), by_text["limit"].as_u64()), (Some("María González"), Some(10)));
        let found = HttpResponse {
            status: 200,
            headers: vec![],
            body: json!({"total": 1, "results": [{"id": "512", "updatedAt": "2026-11-23T10:00:00Z",
                "properties": {"firstname": "María", "lastname": "González", "email": "maria@acme.test"}}]})
            .to_string(),
        };
        let Step::Done(Reply::Found { leads }) = h.step(&Job::Search { query: "x" }, &[found]).unwrap() else {
            panic!()
        };
        assert_eq!(
            (leads[0].crm_id.0.as_str(), leads[0].lead.name.as_ref().unwrap().value.as_str()),
            ("512", "María González")
        );
    }

    #[test]
    fn forget_is_the_gdpr_delete() {
        let h = hubspot();
        let lead = crate::crm::mapping::tests::lead();
        let (key, op) = (IdempotencyKey("k".into()), Operation::Forget { crm_id: CrmId("512".into()) });
        let job = Job::Push { key: &key, lead: &lead.id, crm_id: None, op: &op, now: Utc::now() };
        let Step::Send(r) = h.step(&job, &[]).unwrap() else { panic!() };
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Post, "https://api.hubapi.com/crm/v3/objects/contacts/gdpr-delete")
        );
        assert_eq!(r.body.as_deref(), Some(r#"{"objectId":"512"}"#));
        let done = HttpResponse { status: 204, headers: vec![], body: String::new() };
        assert_eq!(h.step(&job, &[done]).unwrap(), Step::Done(Reply::Sent));
    }
}
