//! BottleCRM (open source, self-hosted; PyPI `django-crm`): REST under `/api/`, personal access
//! token as `Authorization: Bearer bcrm_pat_…`.
//!
//! What shapes this connector: lead email is unique per org (case-insensitive) and `source_ref`
//! keeps our lead id, so a lead is found again by either; a task create answers without an id and
//! stores only a due date, so the due time goes into the title and the entry's marker into the
//! description, where the `?lead=` list finds it; call logs are `interactions` of kind `call`;
//! engagement notes are lead comments. The lead list has no modified-since filter: a pull pages
//! through it and keeps what changed since the cursor. Its `?search=` matches one substring of
//! a name, company or email: a search asks for the query's longest word and keeps the leads that
//! have every word. A forgotten lead is deleted (`DELETE /api/leads/{id}/`).

use super::mapping::{LeadField, Mapping, Policy};
use super::{
    answer, deleted, find_or_create, first, id_at, json_request, pulled_id, pulled_lead, q, task_title, CallOutcome,
    Connector, CrmError, CrmId, HttpRequest, HttpResponse, IdempotencyKey, Job, Method, Operation, PullCursor,
    PulledLead, Reply, Step, SEARCH_LIMIT,
};
use crate::model::{CallTask, Lead};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

const PAGE: usize = 100;
/// Leads read for a search: more than are kept, since those without every word are dropped.
const SEARCH_READ: usize = 50;
/// Same-titled tasks read before creating one; more would be a lead with hundreds of calls at the same minute.
const MAX_CANDIDATES: usize = 8;

pub fn default_mapping() -> Mapping {
    use LeadField::*;
    use Policy::*;
    Mapping::of(&[
        (GivenName, "first_name", FillEmpty),
        (FamilyName, "last_name", FillEmpty),
        (Title, "job_title", Propose),
        (Company, "company_name", Propose),
        (Email, "email", FillEmpty),
        (Phone, "phone", FillEmpty),
        (Website, "website", FillEmpty),
        (Location, "address_line", FillEmpty),
    ])
}

pub struct BottleCrm {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}

impl BottleCrm {
    fn req(&self, method: Method, path: &str, body: Option<Value>) -> HttpRequest {
        let auth = format!("Bearer {}", self.token);
        json_request(method, format!("{}{path}", self.base), &[("Authorization", &auth)], body)
    }

    /// The search that finds the lead again: by email, else by name (then checked against our id).
    fn lookup(&self, lead: &Lead) -> Option<HttpRequest> {
        let (param, value) = match (first(&lead.emails), &lead.family_name, &lead.name) {
            (Some(email), _, _) => ("email", email),
            (None, Some(family), _) => ("search", family.value.as_str()),
            (None, None, Some(name)) => ("search", name.value.as_str()),
            (None, None, None) => return None,
        };
        Some(self.req(Method::Get, &format!("/api/leads/?{param}={}&limit={PAGE}", q(value)), None))
    }

    fn create(&self, lead: &Lead) -> HttpRequest {
        let mut body = self.mapping.fields(lead);
        if !body.contains_key("first_name") && !body.contains_key("last_name") {
            if let Some(name) = &lead.name {
                body.insert("last_name".into(), name.value.clone().into());
            }
        }
        // LinkedIn only: the field is named for it, and other profiles would mislead.
        if let Some(p) = lead.profiles.iter().find(|p| p.value.contains("linkedin.com/in/")) {
            body.insert("linkedin_url".into(), p.value.clone().into());
        }
        let who = lead.display_name().or_else(|| first(&lead.emails).map(String::from)).unwrap_or_default();
        let title = match &lead.company {
            Some(c) => format!("{who} ({})", c.value),
            None => who,
        };
        body.insert("title".into(), title.into());
        body.insert("source_ref".into(), lead.id.as_str().into());
        if let Some(url) = lead.source_url() {
            body.insert(
                "description".into(),
                format!("Captured by Leadlens on {url} at {}.", lead.created_at.format("%Y-%m-%d %H:%M UTC")).into(),
            );
        }
        self.req(Method::Post, "/api/leads/", Some(Value::Object(body)))
    }

    fn upsert(&self, lead: &Lead, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let lookup = self.lookup(lead);
        let conflict = answers.get(1).is_some_and(|r| r.status == 400) && !lead.emails.is_empty();
        if let (Some(lookup), true) = (&lookup, conflict) {
            // Someone created it between our search and our create (the email is unique): look
            // again rather than park.
            return match answer(answers, 2)? {
                None => Ok(Step::Send(lookup.clone())),
                Some(list) => match find_lead(&list, lead) {
                    Some(id) => Ok(Step::Done(Reply::Lead(id))),
                    None => answer(answers, 1).and_then(|_| Err(CrmError::Unexpected("the lead vanished".into()))),
                },
            };
        }
        // With nothing to search by, nothing can have been created by an earlier attempt either
        // (the create needs a name or an email to be worth having), so it creates.
        find_or_create(answers, lookup, |found| find_lead(found, lead), || self.create(lead), |made| id_at(made, "/id"))
    }

    fn enrich(
        &self,
        lead: &Lead,
        id: &CrmId,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let path = format!("/api/leads/{}/", q(&id.0));
        let Some(current) = answer(answers, 0)? else { return Ok(Step::Send(self.req(Method::Get, &path, None))) };
        if answer(answers, 1)?.is_some() {
            return Ok(Step::Done(Reply::Sent));
        }
        let record = current.get("lead_obj").cloned().unwrap_or_default();
        let description = record.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
        if description.contains(&key.marker()) {
            return Ok(Step::Done(Reply::Sent));
        }
        let mut e = self.mapping.enrich(lead, &record, key);
        if let Some(note) = e.note {
            let joined = if description.is_empty() { note } else { format!("{description}\n\n{note}") };
            e.set.insert("description".into(), joined.into());
        }
        if e.set.is_empty() {
            return Ok(Step::Done(Reply::Sent));
        }
        Ok(Step::Send(self.req(Method::Patch, &path, Some(Value::Object(e.set)))))
    }

    /// Lists what `list_path` holds for the lead; sends `create` unless an item's `(list, field)`
    /// text carries the entry's marker.
    fn once(
        &self,
        list_path: String,
        (list, field): (&str, &str),
        create: HttpRequest,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let Some(listed) = answer(answers, 0)? else { return Ok(Step::Send(self.req(Method::Get, &list_path, None))) };
        let marker = key.marker();
        let mut texts =
            listed.get(list).and_then(Value::as_array).into_iter().flatten().filter_map(|t| t.get(field)?.as_str());
        if answer(answers, 1)?.is_some() || texts.any(|t| t.contains(&marker)) {
            return Ok(Step::Done(Reply::Sent));
        }
        Ok(Step::Send(create))
    }

    /// The task list leaves descriptions out: tasks titled as ours (the title holds the due
    /// time, so rarely more than one) are read one by one for the entry's marker before creating.
    fn call_task(
        &self,
        task: &CallTask,
        lead_name: &str,
        id: &CrmId,
        key: &IdempotencyKey,
        answers: &[HttpResponse],
    ) -> Result<Step, CrmError> {
        let title = task_title(task, lead_name);
        let Some(listed) = answer(answers, 0)? else {
            return Ok(Step::Send(self.req(Method::Get, &format!("/api/tasks/?lead={}&limit={PAGE}", q(&id.0)), None)));
        };
        let candidates: Vec<&str> = listed
            .get("tasks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| t.get("title").and_then(Value::as_str) == Some(title.as_str()))
            .filter_map(|t| t.get("id")?.as_str())
            .take(MAX_CANDIDATES)
            .collect();
        for (i, candidate) in candidates.iter().enumerate() {
            let Some(detail) = answer(answers, 1 + i)? else {
                return Ok(Step::Send(self.req(Method::Get, &format!("/api/tasks/{}/", q(candidate)), None)));
            };
            let description = detail.get("task_obj").and_then(|t| t.get("description")).and_then(Value::as_str);
            if description.is_some_and(|d| d.contains(&key.marker())) {
                return Ok(Step::Done(Reply::Sent));
            }
        }
        if answer(answers, 1 + candidates.len())?.is_some() {
            return Ok(Step::Done(Reply::Sent));
        }
        let description = format!("{}\nDue {} UTC.\n{}", task.note, task.due.format("%Y-%m-%d %H:%M"), key.marker());
        Ok(Step::Send(self.req(
            Method::Post,
            "/api/tasks/",
            Some(json!({
                "title": title,
                "status": "New",
                "priority": "Medium",
                "due_date": task.due.format("%Y-%m-%d").to_string(),
                "description": description.trim_start(),
                "lead": id.0,
            })),
        )))
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
            Operation::Enrich { lead } => self.enrich(lead, lead_id()?, key, answers),
            Operation::CallTask { task, lead_name } => self.call_task(task, lead_name, lead_id()?, key, answers),
            Operation::LogCall { at, outcome, note } => {
                let id = lead_id()?;
                let create = self.req(
                    Method::Post,
                    "/api/interactions/",
                    Some(json!({
                        "kind": "call",
                        "direction": "outbound",
                        "occurred_at": at.to_rfc3339(),
                        "outcome": outcome_code(*outcome),
                        "subject": format!("Call: {}", outcome.label()),
                        "body": format!("{note}\n{}", key.marker()).trim_start(),
                        "lead": id.0,
                    })),
                );
                self.once(
                    format!("/api/interactions/?lead={}&limit={PAGE}", q(&id.0)),
                    ("interactions", "body"),
                    create,
                    key,
                    answers,
                )
            }
            Operation::Note { text, .. } => {
                let id = lead_id()?;
                let path = format!("/api/leads/{}/", q(&id.0));
                let create =
                    self.req(Method::Post, &path, Some(json!({ "comment": format!("{text}\n{}", key.marker()) })));
                self.once(path, ("comments", "comment"), create, key, answers)
            }
            Operation::Forget { crm_id } => match answers.first() {
                None => Ok(Step::Send(self.req(Method::Delete, &format!("/api/leads/{}/", q(&crm_id.0)), None))),
                Some(r) => deleted(r),
            },
        }
    }

    /// The leads of a list answer (open and closed), each with when it last changed.
    fn records(&self, page: &Value) -> Vec<(PulledLead, DateTime<Utc>)> {
        let lists = [("open_leads", "open_leads"), ("close_leads", "close_leads")];
        let records = lists.iter().filter_map(|(outer, inner)| page.get(outer)?.get(inner)?.as_array()).flatten();
        records
            .filter_map(|r| {
                let s = |k: &str| r.get(k).and_then(Value::as_str).map(String::from);
                let id = s("id")?;
                let updated = DateTime::parse_from_rfc3339(&s("updated_at")?).ok()?.with_timezone(&Utc);
                let fields = [
                    (LeadField::GivenName, s("first_name")),
                    (LeadField::FamilyName, s("last_name")),
                    (LeadField::Title, s("job_title")),
                    (LeadField::Company, s("company_name")),
                    (LeadField::Email, s("email").map(|e| e.to_lowercase())),
                    (LeadField::Phone, s("phone_e164").filter(|p| !p.is_empty()).or_else(|| s("phone"))),
                    (LeadField::Profile, s("linkedin_url")),
                    (LeadField::Website, s("website")),
                    (LeadField::Location, s("city")),
                ];
                let url = format!("{}/api/leads/{id}/", self.base);
                let lead = pulled_lead(pulled_id(s("source_ref").as_deref(), "bottlecrm", &id), &url, updated, &fields);
                Some((PulledLead { lead, crm_id: CrmId(id) }, updated))
            })
            .collect()
    }

    fn search(&self, query: &str, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let Some(word) = words(query).first().copied() else {
            return Ok(Step::Done(Reply::Found { leads: Vec::new() }));
        };
        let Some(page) = answer(answers, 0)? else {
            let path = format!("/api/leads/?search={}&limit={SEARCH_READ}", q(word));
            return Ok(Step::Send(self.req(Method::Get, &path, None)));
        };
        let leads = self
            .records(&page)
            .into_iter()
            .map(|(found, _)| found)
            .filter(|found| has_words(&found.lead, query))
            .take(SEARCH_LIMIT)
            .collect();
        Ok(Step::Done(Reply::Found { leads }))
    }

    fn pull(&self, cursor: &PullCursor, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        let offset: usize = cursor.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0);
        let Some(page) = answer(answers, 0)? else {
            return Ok(Step::Send(self.req(Method::Get, &format!("/api/leads/?limit={PAGE}&offset={offset}"), None)));
        };
        let full = [("open_leads", "open_leads"), ("close_leads", "close_leads")].iter().any(|(o, i)| {
            page.get(o).and_then(|x| x.get(i)).and_then(Value::as_array).is_some_and(|a| a.len() >= PAGE)
        });
        let mut leads = Vec::new();
        let mut high_water = cursor.since;
        for (lead, updated) in self.records(&page) {
            if cursor.since.is_some_and(|since| updated < since) {
                continue;
            }
            high_water = high_water.max(Some(updated));
            leads.push(lead);
        }
        let next = full.then(|| PullCursor { since: cursor.since, page: Some((offset + PAGE).to_string()) });
        Ok(Step::Done(Reply::Pulled { leads, next, high_water }))
    }
}

impl Connector for BottleCrm {
    fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
        match job {
            Job::Push { key, crm_id, op, .. } => self.push(key, *crm_id, op, answers),
            Job::Pull { cursor } => self.pull(cursor, answers),
            Job::Search { query } => self.search(query, answers),
            Job::Check => match answer(answers, 0)? {
                None => Ok(Step::Send(self.req(Method::Get, "/api/leads/?limit=1", None))),
                Some(v) if v.get("open_leads").is_some() => Ok(Step::Done(Reply::Connected)),
                Some(_) => Err(CrmError::BadUrl("something answers there, but not BottleCRM's API".into())),
            },
        }
    }
}

fn outcome_code(o: CallOutcome) -> &'static str {
    match o {
        CallOutcome::Connected => "connected",
        CallOutcome::NoAnswer => "no_answer",
        CallOutcome::Voicemail => "voicemail",
        CallOutcome::Busy => "busy",
        CallOutcome::WrongNumber => "wrong_number",
    }
}

/// The lead in a list answer with our email (any case) or our id in `source_ref`.
fn find_lead(list: &Value, lead: &Lead) -> Option<CrmId> {
    let email = first(&lead.emails).map(str::to_lowercase);
    ["open_leads", "close_leads"]
        .iter()
        .filter_map(|k| list.get(k)?.get(k)?.as_array())
        .flatten()
        .find(|r| {
            let field = |k: &str| r.get(k).and_then(Value::as_str);
            field("source_ref") == Some(lead.id.as_str())
                || email.as_deref().is_some_and(|e| field("email").is_some_and(|x| x.to_lowercase() == e))
        })
        .and_then(|r| r.get("id")?.as_str())
        .map(|id| CrmId(id.into()))
}

/// The words of a query, longest first (the most telling one to search by).
fn words(query: &str) -> Vec<&str> {
    let mut w: Vec<&str> = query.split_whitespace().collect();
    crate::order::sort_by_key(&mut w, |x| std::cmp::Reverse(x.chars().count()));
    w
}

/// Whether every word of the query is in one of the lead's values (case folded), as the CRM
/// matched the longest one.
fn has_words(lead: &Lead, query: &str) -> bool {
    use crate::text::fold;
    let values: Vec<String> = [&lead.name, &lead.company, &lead.title]
        .into_iter()
        .flatten()
        .chain(lead.emails.iter().chain(&lead.phones))
        .map(|v| fold(&v.value))
        .collect();
    words(query).iter().map(|w| fold(w)).all(|w| values.iter().any(|v| v.contains(&w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::mapping::tests::lead;

    fn crm() -> BottleCrm {
        BottleCrm { base: "http://127.0.0.1:9".into(), token: "bcrm_pat_x".into(), mapping: default_mapping() }
    }

    fn ok(body: Value) -> HttpResponse {
        HttpResponse { status: 200, headers: vec![], body: body.to_string() }
    }

    fn upsert_job<'a>(key: &'a IdempotencyKey, op: &'a Operation, id: &'a crate::model::LeadId) -> Job<'a> {
        Job::Push { key, lead: id, crm_id: None, op, now: Utc::now() }
    }

    #[test]
    fn upsert_searches_by_email_then_creates_with_our_id() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k1".into());
        let op = Operation::UpsertLead { lead: l.clone() };
        let job = upsert_job(&key, &op, &l.id);
        let Step::Send(search) = c.step(&job, &[]).unwrap() else { panic!() };
        assert_eq!(search.url, "http://127.0.0.1:9/api/leads/?email=maria%40acme%2Etest&limit=100");
        assert!(search.headers.contains(&("Authorization".into(), "Bearer bcrm_pat_x".into())));
        let empty = ok(json!({"open_leads": {"open_leads": []}, "close_leads": {"close_leads": []}}));
        let Step::Send(create) = c.step(&job, std::slice::from_ref(&empty)).unwrap() else { panic!() };
        let body: Value = serde_json::from_str(create.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["email"], "maria@acme.test");
        assert_eq!(body["source_ref"], l.id.as_str());
        assert_eq!(body["linkedin_url"], "https://www.linkedin.com/in/maria-gonzalez-ops");
        let done = c.step(&job, &[empty, ok(json!({"error": false, "id": "u-1"}))]).unwrap();
        assert_eq!(done, Step::Done(Reply::Lead(CrmId("u-1".into()))));
    }

    #[test]
    fn upsert_finds_an_existing_lead_by_email_in_any_case() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k1".into());
        let op = Operation::UpsertLead { lead: l.clone() };
        let found = ok(json!({"open_leads": {"open_leads": [
            {"id": "other", "email": "maria@acme.test.example"},
            {"id": "u-9", "email": "Maria@Acme.TEST"}]}}));
        assert_eq!(
            c.step(&upsert_job(&key, &op, &l.id), &[found]).unwrap(),
            Step::Done(Reply::Lead(CrmId("u-9".into())))
        );
    }

    #[test]
    fn a_create_refused_because_someone_else_made_it_looks_again() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k1".into());
        let op = Operation::UpsertLead { lead: l.clone() };
        let job = upsert_job(&key, &op, &l.id);
        let empty = ok(json!({}));
        let taken = HttpResponse { status: 400, headers: vec![], body: r#"{"errors":{"email":["taken"]}}"#.into() };
        assert!(
            matches!(c.step(&job, &[empty.clone(), taken.clone()]).unwrap(), Step::Send(r) if r.method == Method::Get)
        );
        let again = ok(json!({"open_leads": {"open_leads": [{"id": "u-2", "email": "maria@acme.test"}]}}));
        assert_eq!(
            c.step(&job, &[empty.clone(), taken.clone(), again]).unwrap(),
            Step::Done(Reply::Lead(CrmId("u-2".into())))
        );
        // Still nobody: the CRM's own refusal is what the rep sees.
        let err = c.step(&job, &[empty.clone(), taken, empty]).unwrap_err();
        assert_eq!(err, CrmError::Rejected { status: 400, message: "email: taken".into() });
    }

    #[test]
    fn a_task_keeps_its_time_and_is_not_sent_twice() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k2".into());
        let due = DateTime::parse_from_rfc3339("2026-11-25T14:15:00Z").unwrap().with_timezone(&Utc);
        let (settings, suppression) = (crate::plan::PlanSettings::default(), crate::plan::SuppressionList::default());
        let planner = crate::plan::Planner { settings: &settings, suppression: &suppression, rep_offset_minutes: 0 };
        let task = crate::model::CallTask { due, ..planner.plan_call(&l, due).unwrap() };
        let op = Operation::CallTask { task, lead_name: "María González".into() };
        let id = CrmId("u-1".into());
        let job = Job::Push { key: &key, lead: &l.id, crm_id: Some(&id), op: &op, now: Utc::now() };
        let Step::Send(list) = c.step(&job, &[]).unwrap() else { panic!() };
        assert_eq!(list.url, "http://127.0.0.1:9/api/tasks/?lead=u%2D1&limit=100");
        let Step::Send(create) = c.step(&job, &[ok(json!({"tasks": []}))]).unwrap() else { panic!() };
        let body: Value = serde_json::from_str(create.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["due_date"], "2026-11-25");
        assert_eq!(body["title"], "Call María González at 2026-11-25 14:15 UTC");
        assert!(body["description"].as_str().unwrap().ends_with("[leadlens:k2]"));
        // A task with our title is read for our marker: someone else's is not ours.
        let listed = ok(json!({"tasks": [{"id": "t-1", "title": "Call María González at 2026-11-25 14:15 UTC"},
                                         {"id": "t-2", "title": "Call someone else"}]}));
        let Step::Send(read) = c.step(&job, std::slice::from_ref(&listed)).unwrap() else { panic!() };
        assert_eq!(read.url, "http://127.0.0.1:9/api/tasks/t%2D1/");
        let theirs = ok(json!({"task_obj": {"description": "by hand"}}));
        assert!(matches!(c.step(&job, &[listed.clone(), theirs]).unwrap(), Step::Send(r) if r.method == Method::Post));
        let ours = ok(json!({"task_obj": {"description": "x\n[leadlens:k2]"}}));
        assert_eq!(c.step(&job, &[listed, ours]).unwrap(), Step::Done(Reply::Sent));
        // Without the lead's CRM id there is nothing to attach the task to.
        let orphan = Job::Push { key: &key, lead: &l.id, crm_id: None, op: &op, now: Utc::now() };
        assert_eq!(c.step(&orphan, &[]).unwrap_err(), CrmError::NoCrmId);
    }

    #[test]
    fn pull_keeps_what_changed_since_the_cursor_and_our_ids() {
        let c = crm();
        let since = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        let cursor = PullCursor { since: Some(since), page: None };
        let ours = lead().id;
        let page = ok(json!({"open_leads": {"open_leads": [
            {"id": "a", "updated_at": "2026-11-23T11:00:00Z", "email": "old@x.test"},
            {"id": "b", "updated_at": "2026-11-23T13:00:00Z", "email": "New@X.test", "first_name": "Ada",
             "last_name": "Lovelace", "source_ref": ours.as_str()}]}}));
        let Step::Done(Reply::Pulled { leads, next, high_water }) =
            c.step(&Job::Pull { cursor: &cursor }, &[page]).unwrap()
        else {
            panic!()
        };
        assert_eq!(leads.len(), 1);
        assert_eq!(leads[0].crm_id, CrmId("b".into()));
        assert_eq!(leads[0].lead.id, ours);
        assert_eq!(leads[0].lead.emails[0].value, "new@x.test");
        assert_eq!(leads[0].lead.name.as_ref().unwrap().value, "Ada Lovelace");
        assert_eq!(next, None);
        assert_eq!(high_water.unwrap().to_rfc3339(), "2026-11-23T13:00:00+00:00");
    }

    #[test]
    fn search_asks_for_the_longest_word_and_keeps_leads_with_every_word() {
        let c = crm();
        let job = Job::Search { query: " Ada  Lovelace " };
        let Step::Send(r) = c.step(&job, &[]).unwrap() else { panic!() };
        assert_eq!(r.url, "http://127.0.0.1:9/api/leads/?search=Lovelace&limit=50");
        let page = ok(json!({"open_leads": {"open_leads": [
            {"id": "a", "updated_at": "2026-11-23T11:00:00Z", "first_name": "Ada", "last_name": "Lovelace", "email": "ADA@x.test"},
            {"id": "b", "updated_at": "2026-11-23T11:00:00Z", "first_name": "Byron", "last_name": "Lovelace"}]},
            "close_leads": {"close_leads": [
            {"id": "c", "updated_at": "2026-11-23T11:00:00Z", "first_name": "ada", "last_name": "LOVELACE", "company_name": "Engines"}]}}));
        let Step::Done(Reply::Found { leads }) = c.step(&job, &[page]).unwrap() else { panic!() };
        let ids: Vec<&str> = leads.iter().map(|l| l.crm_id.0.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(leads[0].lead.emails[0].value, "ada@x.test");
        assert_eq!(c.step(&Job::Search { query: "  " }, &[]).unwrap(), Step::Done(Reply::Found { leads: vec![] }));
    }

    #[test]
    fn forget_deletes_the_lead_and_a_lead_already_gone_is_done() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k4".into());
        let op = Operation::Forget { crm_id: CrmId("u-1".into()) };
        let job = Job::Push { key: &key, lead: &l.id, crm_id: None, op: &op, now: Utc::now() };
        let Step::Send(r) = c.step(&job, &[]).unwrap() else { panic!() };
        assert_eq!((r.method, r.url.as_str()), (Method::Delete, "http://127.0.0.1:9/api/leads/u%2D1/"));
        let answered = |status, body: &str| HttpResponse { status, headers: vec![], body: body.into() };
        assert_eq!(c.step(&job, &[answered(200, r#"{"error":false}"#)]).unwrap(), Step::Done(Reply::Sent));
        let gone = answered(404, r#"{"detail":"No Lead matches the given query."}"#);
        assert_eq!(c.step(&job, &[gone]).unwrap(), Step::Done(Reply::Sent));
        // An HTML 404 is a wrong address, not a missing lead; a refusal stays one.
        assert!(matches!(c.step(&job, &[answered(404, "<h1>Not Found</h1>")]), Err(CrmError::BadUrl(_))));
        assert!(matches!(c.step(&job, &[answered(403, r#"{"errors":"no"}"#)]), Err(CrmError::BadToken { .. })));
    }

    #[test]
    fn enrichment_proposes_rather_than_overwrites_the_title_and_says_where_from() {
        let (c, l) = (crm(), lead());
        let key = IdempotencyKey("k3".into());
        let op = Operation::Enrich { lead: l.clone() };
        let id = CrmId("u-1".into());
        let job = Job::Push { key: &key, lead: &l.id, crm_id: Some(&id), op: &op, now: Utc::now() };
        let current = ok(json!({"lead_obj": {"first_name": "María", "last_name": "González", "job_title": "COO",
            "email": "maria@acme.test", "phone": "", "description": "Met at a fair."}}));
        let Step::Send(patch) = c.step(&job, &[current]).unwrap() else { panic!() };
        assert_eq!(patch.method, Method::Patch);
        let body: Value = serde_json::from_str(patch.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["phone"], "+14155550100");
        assert!(body.get("job_title").is_none());
        let d = body["description"].as_str().unwrap();
        assert!(d.starts_with("Met at a fair.\n\nLeadlens enrichment [leadlens:k3]"), "{d}");
        assert!(d.contains("job_title: proposed \"VP Operations\" instead of \"COO\""), "{d}");
        // Applied already (a retry after a lost answer): nothing more is sent.
        let applied = ok(json!({"lead_obj": {"description": d}}));
        assert_eq!(c.step(&job, &[applied]).unwrap(), Step::Done(Reply::Sent));
    }
}
