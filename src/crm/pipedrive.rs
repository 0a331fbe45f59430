//! Pipedrive API v1 (`api_token` query parameter; the base URL is `https://api.pipedrive.com/v1`
//! or the company's `https://<company>.pipedrive.com/api/v1`): persons found by exact email
//! search, call activities (date and time kept: Pipedrive stores both, in UTC), done activities
//! for call logs, notes; each create first lists the person's activities or notes for the
//! entry's marker. Pull: `recents` of persons since a timestamp. Search: `persons/search` over
//! name, email and phone. Forget: the person deleted.

use super::mapping::{LeadField, Mapping, Policy};
use super::{
    answer, check, deleted, find_or_create, first, id_at, json_request, pulled_id, pulled_lead, q, task_title,
    Connector, CrmError, CrmId, HttpRequest, HttpResponse, IdempotencyKey, Job, Method, Operation, PullCursor,
    PulledLead, Reply, Step, SEARCH_LIMIT,
};
use crate::model::Lead;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{json, Map, Value};

pub fn default_mapping() -> Mapping {
    use LeadField::*;
    use Policy::*;
    Mapping::of(&[(Name, "name", FillEmpty), (Email, "email", FillEmpty), (Phone, "phone", FillEmpty)])
}

pub struct Pipedrive {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}

impl Pipedrive {
    fn req(&self, method: Method, path: &str, body: Option<Value>) -> HttpRequest {
        let sep = if path.contains('?') { '&' } else { '?' };
        json_request(method, format!("{}{path}{sep}api_token={}", self.base, q(&self.token)), &[], body)
    }

    /// Pipedrive keeps emails and phones as lists of labelled values.
    fn person(&self, fields: Map<String, Value>) -> Value {
        let mut body = Map::new();
        for (k, v) in fields {
            let v = match k.as_str() {
                "email" | "phone" => json!([{"value": v, "primary": true, "label": "work"}]),
                _ => v,
            };
            body.insert(k, v);
        }
        Value::Object(body)
    }

    fn upsert(&self, lead: &Lead, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let email = first(&lead.emails);
        let search = email.map(|email| {
            let path = format!("/persons/search?term={}&fields=email&exact_match=true&limit=1", q(email));
            self.req(Method::Get, &path, None)
        });
        let create = || {
            let mut fields = self.mapping.fields(lead);
            if !fields.contains_key("name") {
                let name =
                    lead.display_name().or_else(|| email.map(String::from)).unwrap_or_else(|| "[no name]".into());
                fields.insert("name".into(), name.into());
            }
            self.req(Method::Post, "/persons", Some(self.person(fields)))
        };
        find_or_create(
            answers,
            search,
            |found| id_at(found, "/data/items/0/item/id"),
            create,
            |made| id_at(made, "/data/id"),
        )
    }

    /// Lists the person's `list` (activities or notes) and creates `create` at `path` unless one's
    /// `field` holds the marker.
    #[allow(clippy::too_many_arguments)]
    fn once(
        &self,
        list: String,
        field: &str,
        path: &str,
        create: Value,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let Some(listed) = answer(answers, 0)? else { return Ok(Step::Send(self.req(Method::Get, &list, None))) };
        let marker = key.marker();
        let mine = listed
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|a| a.get(field).and_then(Value::as_str).is_some_and(|t| t.contains(&marker)));
        if mine || answer(answers, 1)?.is_some() {
            return Ok(Step::Done(Reply::Sent));
        }
        Ok(Step::Send(self.req(Method::Post, path, Some(create))))
    }

    fn push(
        &self,
        key: &IdempotencyKey,
        crm_id: Option<&CrmId>,
        op: &Operation,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let person = || crm_id.ok_or(CrmError::NoCrmId);
        // Pipedrive ids are numbers; the stored id is their decimal form.
        let number =
            |id: &CrmId| id.0.parse::<u64>().map_err(|_| CrmError::Unexpected(format!("{id} is not a Pipedrive id")));
        let activities = |id: &CrmId| format!("/persons/{}/activities?limit=100", q(&id.0));
        match op {
            Operation::UpsertLead { lead } => match crm_id {
                Some(id) => Ok(Step::Done(Reply::Lead(id.clone()))),
                None => self.upsert(lead, answers),
            },
            Operation::Enrich { lead } => {
                let id = person()?;
                let path = format!("/persons/{}", q(&id.0));
                let Some(current) = answer(answers, 0)? else {
                    return Ok(Step::Send(self.req(Method::Get, &path, None)));
                };
                let e = self.mapping.enrich(lead, current.get("data").unwrap_or(&Value::Null), key);
                let mut n = 1;
                if !e.set.is_empty() {
                    if answer(answers, n)?.is_none() {
                        return Ok(Step::Send(self.req(Method::Put, &path, Some(self.person(e.set)))));
                    }
                    n += 1;
                }
                match (e.note, answer(answers, n)?) {
                    (Some(note), None) => Ok(Step::Send(self.req(
                        Method::Post,
                        "/notes",
                        Some(json!({"content": note, "person_id": number(id)?})),
                    ))),
                    _ => Ok(Step::Done(Reply::Sent)),
                }
            }
            Operation::CallTask { task, lead_name } => {
                let id = person()?;
                let create = json!({
                    "subject": task_title(task, lead_name),
                    "type": "call",
                    "due_date": task.due.format("%Y-%m-%d").to_string(),
                    "due_time": task.due.format("%H:%M").to_string(),
                    "person_id": number(id)?,
                    "note": format!("{}\n{}", task.note, key.marker()),
                    "done": 0,
                });
                self.once(activities(id), "note", "/activities", create, key, answers)
            }
            Operation::LogCall { at, outcome, note } => {
                let id = person()?;
                let create = json!({
                    "subject": format!("Call: {}", outcome.label()),
                    "type": "call",
                    "due_date": at.format("%Y-%m-%d").to_string(),
                    "due_time": at.format("%H:%M").to_string(),
                    "person_id": number(id)?,
                    "note": format!("{note}\n{}", key.marker()),
                    "done": 1,
                });
                self.once(activities(id), "note", "/activities", create, key, answers)
            }
            Operation::Note { text, .. } => {
                let id = person()?;
                let create = json!({"content": format!("{text}\n{}", key.marker()), "person_id": number(id)?});
                self.once(format!("/notes?person_id={}&limit=100", q(&id.0)), "content", "/notes", create, key, answers)
            }
            Operation::Forget { crm_id } => match answers.first() {
                None => Ok(Step::Send(self.req(Method::Delete, &format!("/persons/{}", q(&crm_id.0)), None))),
                Some(r) => deleted(r),
            },
        }
    }

    /// A person as `recents` (labelled lists: `email: [{value}]`) or a search (`emails: ["…"]`)
    /// gives it, and when it last changed.
    fn record(&self, p: &Value) -> Option<(PulledLead, DateTime<Utc>)> {
        let id = p.get("id").and_then(Value::as_u64)?;
        let text = |k: &str| {
            [k.to_string(), format!("{k}s")].iter().find_map(|k| match p.get(k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Array(a)) => a.first().and_then(|x| x.get("value").unwrap_or(x).as_str()).map(String::from),
                _ => None,
            })
        };
        let updated = text("update_time")
            .and_then(|u| NaiveDateTime::parse_from_str(&u, "%Y-%m-%d %H:%M:%S").ok())
            .map_or_else(Utc::now, |u| DateTime::from_naive_utc_and_offset(u, Utc));
        let fields: Vec<(LeadField, Option<String>)> =
            self.mapping.0.iter().map(|m| (m.field, text(&m.crm_field))).collect();
        let url = format!("{}/persons/{id}", self.base);
        let lead = pulled_lead(pulled_id(None, "pipedrive", &id.to_string()), &url, updated, &fields);
        Some((PulledLead { lead, crm_id: CrmId(id.to_string()) }, updated))
    }

    fn search(&self, query: &str, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let query = query.trim();
        // Pipedrive refuses a term shorter than two characters.
        if query.chars().count() < 2 {
            return Ok(Step::Done(Reply::Found { leads: Vec::new() }));
        }
        let Some(found) = answer(answers, 0)? else {
            let path = format!("/persons/search?term={}&fields=name,email,phone&limit={SEARCH_LIMIT}", q(query));
            return Ok(Step::Send(self.req(Method::Get, &path, None)));
        };
        let items = found.pointer("/data/items").and_then(Value::as_array).into_iter().flatten();
        let leads = items.filter_map(|i| self.record(i.get("item")?)).map(|(lead, _)| lead).collect();
        Ok(Step::Done(Reply::Found { leads }))
    }

    fn pull(&self, cursor: &PullCursor, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let start: u64 = cursor.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0);
        let Some(page) = answer(answers, 0)? else {
            let since = cursor
                .since
                .map_or_else(|| "1970-01-01 00:00:00".into(), |s| s.format("%Y-%m-%d %H:%M:%S").to_string());
            let path = format!("/recents?since_timestamp={}&items=person&start={start}&limit=100", q(&since));
            return Ok(Step::Send(self.req(Method::Get, &path, None)));
        };
        let mut leads = Vec::new();
        let mut high_water = cursor.since;
        for r in page.get("data").and_then(Value::as_array).into_iter().flatten() {
            let Some((lead, updated)) = r.get("data").and_then(|p| self.record(p)) else { continue };
            high_water = high_water.max(Some(updated));
            leads.push(lead);
        }
        let more =
            page.pointer("/additional_data/pagination/more_items_in_collection").and_then(Value::as_bool) == Some(true);
        let next = page
            .pointer("/additional_data/pagination/next_start")
            .and_then(Value::as_u64)
            .filter(|_| more)
            .map(|n| PullCursor { since: cursor.since, page: Some(n.to_string()) });
        Ok(Step::Done(Reply::Pulled { leads, next, high_water }))
    }
}

impl Connector for Pipedrive {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        match job {
            Job::Push { key, crm_id, op, .. } => self.push(key, *crm_id, op, answers),
            Job::Pull { cursor } => self.pull(cursor, answers),
            Job::Search { query } => self.search(query, answers),
            Job::Check => match answers.first() {
                None => Ok(Step::Send(self.req(Method::Get, "/users/me", None))),
                Some(r) => check(r).map(|_| Step::Done(Reply::Connected)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_reads_persons_whose_emails_and_phones_are_plain_lists() {
        let p =
            Pipedrive { base: "https://api.pipedrive.com/v1".into(), token: "t".into(), mapping: default_mapping() };
        assert_eq!(p.step(&Job::Search { query: "a" }, &[]).unwrap(), Step::Done(Reply::Found { leads: vec![] }));
        let Step::Send(r) = p.step(&Job::Search { query: "Jane Doe" }, &[]).unwrap() else { panic!() };
        assert_eq!(
            r.url,
            "https://api.pipedrive.com/v1/persons/search?term=Jane%20Doe&fields=name,email,phone&limit=10&api_token=t"
        );
        let found = HttpResponse {
            status: 200,
            headers: vec![],
            body: json!({"success": true, "data": {"items": [{"result_score": 1.2, "item": {"id": 42, "type": "person",
                "name": "Jane Doe", "phones": ["+14155550100"], "emails": ["jane@doe.test"]}}]}})
            .to_string(),
        };
        let Step::Done(Reply::Found { leads }) = p.step(&Job::Search { query: "Jane Doe" }, &[found]).unwrap() else {
            panic!()
        };
        assert_eq!(leads[0].crm_id.0, "42");
        assert_eq!(
            (leads[0].lead.emails[0].value.as_str(), leads[0].lead.phones[0].value.as_str()),
            ("jane@doe.test", "+14155550100")
        );
    }

    #[test]
    fn the_token_travels_as_a_query_parameter_and_ids_as_numbers() {
        let p =
            Pipedrive { base: "https://api.pipedrive.com/v1".into(), token: "t&x".into(), mapping: default_mapping() };
        let r = p.req(Method::Get, "/persons/search?term=a", None);
        assert_eq!(r.url, "https://api.pipedrive.com/v1/persons/search?term=a&api_token=t%26x");
        let lead = crate::crm::mapping::tests::lead();
        let key = IdempotencyKey("k".into());
        let op = Operation::Note { at: Utc::now(), text: "hi".into() };
        let bad = CrmId("abc".into());
        let job = Job::Push { key: &key, lead: &lead.id, crm_id: Some(&bad), op: &op, now: Utc::now() };
        assert!(matches!(p.step(&job, &[]), Err(CrmError::Unexpected(_))));
    }
}
