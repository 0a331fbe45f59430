//! Which CRM operations a handled request calls for. A lead goes to the CRM once the rep acts on
//! it (puts it on the call list, logs a call): capturing a page alone sends nobody, so reading the
//! web does not fill the team's CRM with everyone on every page. From then on, what the lead book
//! learns of the lead's contact details is sent as enrichment. A person forgotten leaves the
//! outbox, and a lead the CRM has is queued for deletion there.

use crate::app::Changes;
use crate::book::LeadBook;
use crate::crm::{CallOutcome, CrmSettings, Operation};
use crate::messages::Response;
use crate::model::{CallTask, Event, FieldValue, Lead, LeadId, LeadStage, Outcome, TaskId};
use crate::outbox::{self, Outbox};
use chrono::{DateTime, Utc};

/// Queues what the request calls for. Nothing at all without a CRM: the local lead book is then
/// the whole story.
pub fn queue(
    settings: Option<&CrmSettings>,
    response: &Response,
    changes: &Changes,
    book: &LeadBook,
    outbox: &mut Outbox,
    now: DateTime<Utc>,
) -> outbox::OutboxChanges {
    let mut queued = outbox::OutboxChanges::default();
    // Before the CRM check: entries queued while a CRM was set must not outlive the person either.
    let mut in_crm = Vec::new();
    for lead in &changes.forgotten_leads {
        in_crm.extend(outbox.crm_id(lead).cloned().map(|crm_id| (lead.clone(), crm_id)));
        queued.merge(outbox.forget(lead));
    }
    if settings.is_none() {
        return queued;
    }
    // The deletion is an entry like any other: stored now, sent (and retried) by the drain, so a
    // worker stopped before it is sent still sends it. Its record is the only trace kept: the
    // lead's id and the CRM's, until the CRM has deleted them.
    for (lead, crm_id) in in_crm {
        queued.entries.extend(outbox.enqueue(lead, Operation::Forget { crm_id }, now).entries);
    }
    for (lead, op) in operations(response, changes, book, outbox) {
        let c = outbox.enqueue(lead, op, now);
        queued.entries.extend(c.entries);
    }
    queued
}

/// The operations, in the order they must reach the CRM (a lead before its task).
pub fn operations(
    response: &Response,
    changes: &Changes,
    book: &LeadBook,
    outbox: &Outbox,
) -> Vec<(LeadId, Operation)> {
    let mut ops = Ops { book, outbox, out: Vec::new() };
    match response {
        Response::TaskAdded { task, lead_name, created: true } => ops.task(task, lead_name),
        // The rep chose to keep the person: the CRM has them too.
        Response::Saved { lead_id, .. } => ops.ensure_lead(lead_id),
        Response::AddedAll { .. } => {
            for task in &changes.tasks {
                let name = book.get(&task.lead).and_then(Lead::display_name).unwrap_or_default();
                ops.task(task, &name);
            }
        }
        Response::OutcomeLogged { task, next, stage, .. } => {
            ops.logged(task, *stage);
            if let Some(next) = next {
                let name = book.get(&next.lead).and_then(Lead::display_name).unwrap_or_default();
                ops.task(next, &name);
            }
        }
        // Calls the engagement rule planned while a page was read.
        Response::Captured { .. } => {
            let planned: Vec<&TaskId> =
                changes.tabs.iter().filter_map(|t| t.engagement.as_ref()).flat_map(|e| &e.auto_added).collect();
            for task in changes.tasks.iter().filter(|t| planned.contains(&&t.id)) {
                let name = book.get(&task.lead).and_then(Lead::display_name).unwrap_or_default();
                ops.task(task, &name);
            }
        }
        _ => {}
    }
    for lead in &changes.leads {
        ops.enrich(lead);
    }
    // Engagement goes to the lead's timeline once the CRM has the lead; a lead it does not have
    // gets its latest engagement when it is first sent (`ensure_lead`).
    for (lead, event) in &changes.engagements {
        let sent_now = ops.out.iter().any(|(l, op)| l == lead && matches!(op, Operation::UpsertLead { .. }));
        if ops.known(lead) && !sent_now {
            ops.out.push((lead.clone(), engagement_note(event)));
        }
    }
    ops.out
}

/// Engagement as a CRM note: what, when and where it was read.
fn engagement_note(event: &Event) -> Operation {
    let text =
        format!("Engagement ({}): {}. Seen on {}", event.at.format("%Y-%m-%d"), event.describe(), event.source_url);
    Operation::Note { at: event.at, text }
}

/// Engagement sent with a lead the first time: the latest few.
const FIRST_NOTES: usize = 5;

struct Ops<'a> {
    book: &'a LeadBook,
    outbox: &'a Outbox,
    out: Vec<(LeadId, Operation)>,
}

impl Ops<'_> {
    /// Whether the CRM has, or will have, the lead: linked, or queued before or just now. A
    /// deletion queued when the person was forgotten does not count: captured again since, they
    /// are sent again as someone new.
    fn known(&self, lead: &LeadId) -> bool {
        self.outbox.crm_id(lead).is_some()
            || self.outbox.entries().iter().any(|e| &e.lead == lead && !matches!(e.op, Operation::Forget { .. }))
            || self.out.iter().any(|(l, _)| l == lead)
    }

    fn ensure_lead(&mut self, id: &LeadId) {
        if self.known(id) {
            return;
        }
        if let Some(lead) = self.book.get(id) {
            self.out.push((id.clone(), Operation::UpsertLead { lead: lead.clone() }));
            let notes = lead.engagement.iter().filter(|e| e.kind.counts()).take(FIRST_NOTES);
            self.out.extend(notes.map(|e| (id.clone(), engagement_note(e))));
        }
    }

    fn task(&mut self, task: &CallTask, lead_name: &str) {
        self.ensure_lead(&task.lead);
        self.out.push((task.lead.clone(), Operation::CallTask { task: task.clone(), lead_name: lead_name.into() }));
    }

    fn logged(&mut self, task: &CallTask, stage: LeadStage) {
        let Some(logged) = &task.outcome else { return };
        self.ensure_lead(&task.lead);
        // The CRM's call outcomes are fewer than the rep's: the stage the lead moved to says the rest.
        let note = format!("{}\nLead now: {stage}.", logged.note).trim_start().to_string();
        let op = Operation::LogCall { at: logged.at, outcome: call_outcome(logged.outcome), note };
        self.out.push((task.lead.clone(), op));
    }

    /// A known lead whose contact details differ from what was last queued for it.
    fn enrich(&mut self, lead: &Lead) {
        let queued_now = self.out.iter().any(|(l, op)| l == &lead.id && matches!(op, Operation::UpsertLead { .. }));
        if queued_now || !self.known(&lead.id) {
            return;
        }
        let last_sent = self.outbox.entries().iter().rev().find_map(|e| match &e.op {
            Operation::UpsertLead { lead: sent } | Operation::Enrich { lead: sent } if sent.id == lead.id => Some(sent),
            _ => None,
        });
        if last_sent.is_some_and(|sent| contact(sent) == contact(lead)) {
            return;
        }
        self.out.push((lead.id.clone(), Operation::Enrich { lead: lead.clone() }));
    }
}

/// What the CRM holds of a lead: its contact details and qualification, not where or when they
/// were found.
fn contact(lead: &Lead) -> (Vec<Vec<&str>>, crate::model::Qualification) {
    fn values<'a>(f: impl IntoIterator<Item = &'a FieldValue>) -> Vec<&'a str> {
        f.into_iter().map(|v| v.value.as_str()).collect()
    }
    let details = vec![
        values(&lead.name),
        values(&lead.given_name),
        values(&lead.family_name),
        values(&lead.title),
        values(&lead.company),
        values(&lead.location),
        values(&lead.emails),
        values(&lead.phones),
        values(&lead.profiles),
        values(&lead.websites),
    ];
    (details, lead.qualification)
}

fn call_outcome(o: Outcome) -> CallOutcome {
    match o {
        Outcome::NoAnswer => CallOutcome::NoAnswer,
        Outcome::VoicemailLeft => CallOutcome::Voicemail,
        Outcome::WrongNumber => CallOutcome::WrongNumber,
        // Someone answered: the lead, or a gatekeeper or colleague who told the rep something.
        Outcome::Gatekeeper
        | Outcome::CallbackRequested
        | Outcome::MeetingBooked
        | Outcome::NotInterested
        | Outcome::Disqualified
        | Outcome::LeftCompany
        | Outcome::DoNotCall => CallOutcome::Connected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::mapping::tests::lead;
    use crate::crm::{CrmId, CrmKind};
    use crate::model::{LoggedOutcome, TaskStatus};
    use crate::plan::{PlanSettings, Planner, SuppressionList};

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000 + s, 0).unwrap()
    }

    fn settings() -> CrmSettings {
        CrmSettings {
            kind: CrmKind::Bottlecrm,
            base_url: "http://127.0.0.1:8765".into(),
            token: "t".into(),
            mapping: None,
        }
    }

    fn task() -> CallTask {
        let (s, dnc) = (PlanSettings::default(), SuppressionList::default());
        Planner { settings: &s, suppression: &dnc, rep_offset_minutes: 0 }.plan_call(&lead(), at(0)).unwrap()
    }

    fn added(task: &CallTask) -> Response {
        Response::TaskAdded { task: task.clone(), lead_name: "María González".into(), created: true }
    }

    fn labels(ops: &[(LeadId, Operation)]) -> Vec<&'static str> {
        ops.iter().map(|(_, op)| op.label()).collect()
    }

    #[test]
    fn nothing_is_queued_without_a_crm() {
        let book = LeadBook::from_leads([lead()]);
        let mut outbox = Outbox::default();
        let c = queue(None, &added(&task()), &Changes::default(), &book, &mut outbox, at(0));
        assert!(c.is_empty() && outbox.entries().is_empty());
        let c = queue(Some(&settings()), &added(&task()), &Changes::default(), &book, &mut outbox, at(0));
        assert_eq!(c.entries.len(), 2);
        assert_eq!(outbox.entries().len(), 2);
    }

    #[test]
    fn a_new_call_goes_after_its_lead_and_keeps_its_due_time() {
        let book = LeadBook::from_leads([lead()]);
        let t = task();
        let ops = operations(&added(&t), &Changes::default(), &book, &Outbox::default());
        assert_eq!(labels(&ops), ["lead", "call task"]);
        let Operation::CallTask { task: sent, lead_name } = &ops[1].1 else { panic!("{ops:?}") };
        assert_eq!((sent.due, lead_name.as_str()), (t.due, "María González"));
        // The lead is queued already: only the task.
        let mut outbox = Outbox::default();
        outbox.enqueue(lead().id, Operation::UpsertLead { lead: lead() }, at(0));
        assert_eq!(labels(&operations(&added(&t), &Changes::default(), &book, &outbox)), ["call task"]);
        // A lead already on the list keeps its task: nothing new.
        let kept = Response::TaskAdded { task: t, lead_name: String::new(), created: false };
        assert!(operations(&kept, &Changes::default(), &book, &Outbox::default()).is_empty());
    }

    #[test]
    fn what_the_rep_learnt_on_a_call_goes_to_the_crm_as_enrichment() {
        let book = LeadBook::from_leads([lead()]);
        let mut outbox = Outbox::default();
        outbox.enqueue(lead().id, Operation::UpsertLead { lead: lead() }, at(0));
        let mut qualified = lead();
        qualified.qualification.budget = crate::model::Criterion::Met;
        let changed = Changes { leads: vec![qualified.clone()], ..Changes::default() };
        let ops = operations(&Response::Done, &changed, &book, &outbox);
        assert_eq!(ops, vec![(qualified.id.clone(), Operation::Enrich { lead: qualified.clone() })]);
        let note = crate::crm::Mapping::of(&[])
            .enrich(&qualified, &serde_json::json!({}), &crate::crm::IdempotencyKey("k".into()))
            .note;
        assert!(note.is_some_and(|n| n.contains("Qualification: budget met, need unknown")));
    }

    #[test]
    fn add_all_sends_each_new_call_after_its_lead() {
        let book = LeadBook::from_leads([lead()]);
        let t = task();
        let all = Response::AddedAll { added: 1, already: 0, refused: vec![] };
        let changed = Changes { tasks: vec![t.clone()], ..Changes::default() };
        assert_eq!(labels(&operations(&all, &changed, &book, &Outbox::default())), ["lead", "call task"]);
    }

    #[test]
    fn a_forgotten_person_leaves_the_outbox_even_without_a_crm() {
        let book = LeadBook::from_leads([lead()]);
        let mut outbox = Outbox::default();
        queue(Some(&settings()), &added(&task()), &Changes::default(), &book, &mut outbox, at(0));
        outbox.link(lead().id, CrmId("u-1".into()));
        assert_eq!(outbox.entries().len(), 2);
        let forgotten = Changes { forgotten_leads: vec![lead().id], ..Changes::default() };
        let gone = Response::Forgotten { name: "María González".into() };
        let c = queue(None, &gone, &forgotten, &book, &mut outbox, at(1));
        assert_eq!((c.removed.len(), c.unlinked.len()), (2, 1));
        assert!(outbox.entries().is_empty() && outbox.crm_id(&lead().id).is_none());
    }

    #[test]
    fn a_forgotten_person_the_crm_has_is_queued_for_deletion_there() {
        let book = LeadBook::from_leads([lead()]);
        let mut outbox = Outbox::default();
        queue(Some(&settings()), &added(&task()), &Changes::default(), &book, &mut outbox, at(0));
        outbox.link(lead().id, CrmId("u-1".into()));
        let forgotten = Changes { forgotten_leads: vec![lead().id], ..Changes::default() };
        let gone = Response::Forgotten { name: "María González".into() };
        let c = queue(Some(&settings()), &gone, &forgotten, &book, &mut outbox, at(1));
        assert_eq!((c.removed.len(), c.unlinked.len(), c.entries.len()), (2, 1, 1));
        let forget = Operation::Forget { crm_id: CrmId("u-1".into()) };
        assert_eq!(outbox.entries().iter().map(|e| &e.op).collect::<Vec<_>>(), [&forget]);
        assert_eq!(c.entries[0].op, forget);
        // Sent without a link: the deletion carries the CRM id itself.
        assert!(!forget.needs_crm_id() && outbox.crm_id(&lead().id).is_none());
        // Captured and put on the call list again: sent again from scratch, after the deletion.
        assert_eq!(labels(&operations(&added(&task()), &Changes::default(), &book, &outbox)), ["lead", "call task"]);
        // Never sent to the CRM: nothing to delete there.
        let mut local = Outbox::default();
        queue(Some(&settings()), &added(&task()), &Changes::default(), &book, &mut local, at(0));
        let c = queue(Some(&settings()), &gone, &forgotten, &book, &mut local, at(1));
        assert!(c.entries.is_empty() && local.entries().is_empty());
    }

    #[test]
    fn captures_alone_send_nobody_but_new_details_of_a_sent_lead_go_as_enrichment() {
        let book = LeadBook::from_leads([lead()]);
        let changed = Changes { leads: vec![lead()], ..Changes::default() };
        let captured = Response::Captured { people: 1, new_leads: 1 };
        assert!(operations(&captured, &changed, &book, &Outbox::default()).is_empty());

        let mut outbox = Outbox::default();
        outbox.enqueue(lead().id, Operation::UpsertLead { lead: lead() }, at(0));
        // Same details (a stage change, a re-capture): nothing to send.
        assert!(operations(&captured, &changed, &book, &outbox).is_empty());
        let mut richer = lead();
        richer.title = richer.title.map(|t| FieldValue { value: "COO".into(), ..t });
        let changed = Changes { leads: vec![richer.clone()], ..Changes::default() };
        let ops = operations(&captured, &changed, &book, &outbox);
        assert_eq!(ops, vec![(richer.id.clone(), Operation::Enrich { lead: richer.clone() })]);
        // Sent once, not again for the same details.
        outbox.enqueue(richer.id.clone(), Operation::Enrich { lead: richer }, at(1));
        assert!(operations(&captured, &changed, &book, &outbox).is_empty());
        // A lead linked by a pull, never queued: known, so its news are sent.
        let mut linked = Outbox::default();
        linked.link(lead().id, CrmId("u-1".into()));
        assert_eq!(labels(&operations(&captured, &changed, &book, &linked)), ["lead update"]);
    }

    #[test]
    fn engagement_goes_to_the_crm_as_notes_with_the_calls_the_rule_planned() {
        let event = crate::model::Event {
            kind: crate::model::EngagementKind::Comment,
            at: at(0),
            target: "https://x.com/acme/status/1".into(),
            excerpt: Some("Q4 report".into()),
            text: Some("Does it cover reefers?".into()),
            source_url: "https://x.com/acme/status/1".into(),
            known: true,
        };
        let mut engaged = lead();
        engaged.engagement.push(event.clone());
        let book = LeadBook::from_leads([engaged.clone()]);
        let captured = Response::Captured { people: 1, new_leads: 0 };
        let seen = Changes { engagements: vec![(engaged.id.clone(), event)], ..Changes::default() };
        // Unknown to the CRM: nothing (capture alone sends nobody).
        assert!(operations(&captured, &seen, &book, &Outbox::default()).is_empty());
        let mut linked = Outbox::default();
        linked.link(engaged.id.clone(), CrmId("u-1".into()));
        let ops = operations(&captured, &seen, &book, &linked);
        let [(_, Operation::Note { text, .. })] = ops.as_slice() else { panic!("{ops:?}") };
        assert_eq!(
            text,
            "Engagement (2026-11-18): commented on our post “Q4 report”: “Does it cover reefers?”. Seen on https://x.com/acme/status/1"
        );
        // A call the auto-add rule planned goes with the lead and its engagement; a call only
        // re-scored does not go again.
        let planned = task();
        let rescored = CallTask { id: serde_json::from_str("\"task-old\"").unwrap(), ..task() };
        let tab = crate::app::TabRecord {
            tab_id: 1,
            url: "https://x.com/acme/status/1".into(),
            captured_at: at(0),
            organization: None,
            people: vec![],
            pending: vec![],
            unsaved: vec![],
            notes: vec![],
            engagement: Some(crate::messages::EngagementSummary {
                auto_added: vec![planned.id.clone()],
                ..Default::default()
            }),
        };
        let changed = Changes { tasks: vec![rescored, planned], tabs: vec![tab], ..seen };
        assert_eq!(labels(&operations(&captured, &changed, &book, &Outbox::default())), ["lead", "note", "call task"]);
    }

    #[test]
    fn a_logged_call_is_sent_with_the_next_attempt() {
        let book = LeadBook::from_leads([lead()]);
        let mut done = task();
        done.status = TaskStatus::Done;
        done.outcome = Some(LoggedOutcome { outcome: Outcome::VoicemailLeft, note: "left details".into(), at: at(60) });
        let next = CallTask { due: at(86_400), ..task() };
        let response = Response::OutcomeLogged {
            task: Box::new(done),
            next: Some(Box::new(next.clone())),
            stage: LeadStage::Contacting,
            warnings: vec![],
        };
        let mut outbox = Outbox::default();
        outbox.link(lead().id, CrmId("u-1".into()));
        let ops = operations(&response, &Changes::default(), &book, &outbox);
        assert_eq!(labels(&ops), ["call log", "call task"]);
        assert_eq!(
            ops[0].1,
            Operation::LogCall {
                at: at(60),
                outcome: CallOutcome::Voicemail,
                note: "left details\nLead now: being contacted.".into()
            }
        );
        assert!(
            matches!(&ops[1].1, Operation::CallTask { task, lead_name } if task.due == next.due && lead_name == "María González")
        );
        // Logged on a call planned before the CRM was set up: the lead goes first.
        assert_eq!(
            labels(&operations(&response, &Changes::default(), &book, &Outbox::default())),
            ["lead", "call log", "call task"]
        );
    }
}
