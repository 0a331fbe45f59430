//! The outbox: every change bound for the CRM, as a pure state machine. The shell persists the
//! [`OutboxChanges`] each call returns before it acts on them: an entry is stored before it is sent, and
//! marked in flight before the request leaves, so a worker stopped at any point resumes from
//! storage. An entry found in flight at start may or may not have reached the CRM; it is simply
//! sent again, which is safe because every create looks for its record first (see [`crate::crm`]).
//!
//! Order: a lead's entries go one at a time in the order they were queued, so a task never goes
//! before its lead has a CRM id. Failures: no answer, 429 and 5xx retry with exponential backoff
//! and jitter (a 429's Retry-After is honoured); anything else parks the entry with the CRM's
//! reason until the rep retries or drops it. A parked entry holds back its lead's later entries.

use crate::crm::{run, Connector, CrmError, CrmId, IdempotencyKey, Job, Operation, Reply, RetryAfter, Transport};
use crate::model::LeadId;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// First retry after about this long, doubling each time...
const BACKOFF_BASE_SECONDS: i64 = 2;
/// ...up to this: a rep offline for a day still has everything sent within the hour of coming back.
const BACKOFF_MAX_SECONDS: i64 = 3600;
/// Sent entries are kept this long (the Sync count, a look back), then dropped: each holds a copy
/// of what it sent, and every worker start reads them all.
pub const KEEP_SENT_DAYS: i64 = 7;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Pending,
    InFlight,
    Done,
    /// Needs a person: the CRM refused it, and why.
    Parked(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub key: IdempotencyKey,
    pub lead: LeadId,
    /// Queue order, across leads and restarts.
    pub seq: u64,
    pub op: Operation,
    /// Sends that failed. A send cut short by the worker being stopped is not one: the browser
    /// stops idle workers as a matter of course, and counting those would stretch the backoff of
    /// an entry the CRM never refused to an hour.
    pub attempts: u32,
    pub next_at: DateTime<Utc>,
    pub state: State,
    pub created_at: DateTime<Utc>,
    /// Why the last attempt failed, while the entry is retried: the admin sees what is wrong
    /// before it turns into a backlog.
    #[serde(default)]
    pub last_error: Option<String>,
}

impl Entry {
    /// The connector's job for this entry; `crm_id` is its lead's, once known.
    pub fn job<'a>(&'a self, crm_id: Option<&'a CrmId>, now: DateTime<Utc>) -> Job<'a> {
        Job::Push { key: &self.key, lead: &self.lead, crm_id, op: &self.op, now }
    }
}

/// A lead's id in the CRM, once found or created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrmLink {
    pub lead: LeadId,
    pub crm_id: CrmId,
}

/// Records to persist (upsert by key / by lead) before acting further.
#[derive(Debug, Default, PartialEq)]
pub struct OutboxChanges {
    pub entries: Vec<Entry>,
    pub links: Vec<CrmLink>,
    /// Entries and links to delete (a person forgotten).
    pub removed: Vec<IdempotencyKey>,
    pub unlinked: Vec<LeadId>,
}

impl OutboxChanges {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.links.is_empty() && self.removed.is_empty() && self.unlinked.is_empty()
    }

    pub fn merge(&mut self, other: OutboxChanges) {
        self.entries.extend(other.entries);
        self.links.extend(other.links);
        self.removed.extend(other.removed);
        self.unlinked.extend(other.unlinked);
    }
}

/// What the badge shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub pending: usize,
    pub parked: usize,
}

#[derive(Debug, Default)]
pub struct Outbox {
    /// In `seq` order.
    entries: Vec<Entry>,
    links: HashMap<LeadId, CrmId>,
}

impl Outbox {
    /// The outbox as stored. Entries left in flight by a stopped worker become pending again;
    /// sent entries older than [`KEEP_SENT_DAYS`] are dropped (both returned in the changes, to
    /// persist).
    pub fn load(entries: Vec<Entry>, links: Vec<CrmLink>, now: DateTime<Utc>) -> (Outbox, OutboxChanges) {
        let mut entries = entries;
        crate::order::sort_by_key(&mut entries, |e| e.seq);
        let mut changes = OutboxChanges::default();
        let old = now - Duration::days(KEEP_SENT_DAYS);
        entries.retain(|e| {
            let keep = e.state != State::Done || e.created_at >= old;
            if !keep {
                changes.removed.push(e.key.clone());
            }
            keep
        });
        for e in entries.iter_mut().filter(|e| e.state == State::InFlight) {
            e.state = State::Pending;
            changes.entries.push(e.clone());
        }
        (Outbox { entries, links: links.into_iter().map(|l| (l.lead, l.crm_id)).collect() }, changes)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn crm_id(&self, lead: &LeadId) -> Option<&CrmId> {
        self.links.get(lead)
    }

    /// Remembers CRM ids learnt elsewhere (a pull).
    pub fn link(&mut self, lead: LeadId, crm_id: CrmId) -> OutboxChanges {
        if self.links.get(&lead) == Some(&crm_id) {
            return OutboxChanges::default();
        }
        self.links.insert(lead.clone(), crm_id.clone());
        OutboxChanges { links: vec![CrmLink { lead, crm_id }], ..OutboxChanges::default() }
    }

    /// Queues an operation, due now.
    pub fn enqueue(&mut self, lead: LeadId, op: Operation, now: DateTime<Utc>) -> OutboxChanges {
        let seq = self.entries.last().map_or(0, |e| e.seq + 1);
        // Time and sequence: unique even after old entries are dropped and sequence numbers
        // start over, so a new entry can never match an old record's marker.
        let key = IdempotencyKey(format!("{}-{:x}-{seq}", lead, now.timestamp_millis()));
        let entry = Entry {
            key,
            lead,
            seq,
            op,
            attempts: 0,
            next_at: now,
            state: State::Pending,
            created_at: now,
            last_error: None,
        };
        self.entries.push(entry.clone());
        OutboxChanges { entries: vec![entry], ..OutboxChanges::default() }
    }

    /// The entries that may be sent now: per lead, the first not done, if due and pending.
    pub fn ready(&self, now: DateTime<Utc>) -> Vec<&Entry> {
        let mut seen = HashSet::new();
        self.entries
            .iter()
            .filter(|e| e.state != State::Done)
            .filter(|e| seen.insert(&e.lead))
            .filter(|e| e.state == State::Pending && e.next_at <= now)
            .collect()
    }

    /// When the next waiting entry falls due (to set an alarm), if any waits.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        let mut seen = HashSet::new();
        self.entries
            .iter()
            .filter(|e| e.state != State::Done)
            .filter(|e| seen.insert(&e.lead))
            .filter(|e| e.state == State::Pending)
            .map(|e| e.next_at)
            .min()
    }

    pub fn status(&self) -> Status {
        let mut s = Status::default();
        for e in &self.entries {
            match e.state {
                State::Pending | State::InFlight => s.pending += 1,
                State::Parked(_) => s.parked += 1,
                State::Done => {}
            }
        }
        s
    }

    fn entry_mut(&mut self, key: &IdempotencyKey) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| &e.key == key)
    }

    /// The first entry ready now, marked in flight: persist the changes before sending it.
    pub fn begin_next(&mut self, now: DateTime<Utc>) -> Option<(Entry, OutboxChanges)> {
        let key = self.ready(now).first()?.key.clone();
        let changes = self.begin(&key);
        Some((changes.entries.first()?.clone(), changes))
    }

    /// Drops everything queued for a person who asked to be forgotten, sent or not, and their CRM
    /// link: nothing of them leaves the browser after this. A send already under way finishes
    /// into nothing ([`Outbox::finish`] ignores a key it no longer has).
    pub fn forget(&mut self, lead: &LeadId) -> OutboxChanges {
        let mut changes = OutboxChanges::default();
        self.entries.retain(|e| {
            let keep = &e.lead != lead;
            if !keep {
                changes.removed.push(e.key.clone());
            }
            keep
        });
        if self.links.remove(lead).is_some() {
            changes.unlinked.push(lead.clone());
        }
        changes
    }

    /// Marks the entry in flight: persist this before sending.
    pub fn begin(&mut self, key: &IdempotencyKey) -> OutboxChanges {
        match self.entry_mut(key) {
            Some(e) if e.state == State::Pending => {
                e.state = State::InFlight;
                OutboxChanges { entries: vec![e.clone()], ..OutboxChanges::default() }
            }
            _ => OutboxChanges::default(),
        }
    }

    /// Records how a send ended.
    pub fn finish(
        &mut self,
        key: &IdempotencyKey,
        result: Result<Reply, CrmError>,
        now: DateTime<Utc>,
    ) -> OutboxChanges {
        let mut changes = OutboxChanges::default();
        let Some(e) = self.entry_mut(key) else { return changes };
        if e.state != State::InFlight {
            return changes;
        }
        let lead = e.lead.clone();
        if result.is_err() {
            e.attempts += 1;
        }
        match result {
            Ok(outcome) => {
                e.state = State::Done;
                e.last_error = None;
                changes.entries.push(e.clone());
                if let Reply::Lead(id) = outcome {
                    changes.merge(self.link(lead, id));
                }
            }
            Err(err) if err.is_transient() => {
                e.state = State::Pending;
                e.last_error = Some(err.to_string());
                e.next_at = match err {
                    CrmError::RateLimited(Some(RetryAfter::Seconds(s))) => {
                        now + Duration::seconds(
                            i64::try_from(s).unwrap_or(BACKOFF_MAX_SECONDS).min(BACKOFF_MAX_SECONDS),
                        )
                    }
                    CrmError::RateLimited(Some(RetryAfter::At(t))) => {
                        t.clamp(now, now + Duration::seconds(BACKOFF_MAX_SECONDS))
                    }
                    _ => now + backoff(&e.key, e.attempts),
                };
                changes.entries.push(e.clone());
            }
            Err(CrmError::NoCrmId) => {
                e.state = State::Parked(format!(
                    "This {} waits for its lead to be in the CRM: send the lead first.",
                    e.op.label()
                ));
                changes.entries.push(e.clone());
            }
            Err(err) => {
                e.state = State::Parked(format!("The {} was not sent. {err}", e.op.label()));
                changes.entries.push(e.clone());
            }
        }
        changes
    }

    /// The rep fixed what was wrong (token, data): send a parked entry again now.
    pub fn retry(&mut self, key: &IdempotencyKey, now: DateTime<Utc>) -> OutboxChanges {
        match self.entry_mut(key) {
            Some(e) if matches!(e.state, State::Parked(_)) => {
                e.state = State::Pending;
                e.next_at = now;
                OutboxChanges { entries: vec![e.clone()], ..OutboxChanges::default() }
            }
            _ => OutboxChanges::default(),
        }
    }
}

/// Exponential backoff with jitter: the `attempts`th retry waits between half and all of
/// base·2^(attempts-1), capped. The jitter is drawn from the key, so that entries failing together
/// spread out, and a test can predict it.
pub fn backoff(key: &IdempotencyKey, attempts: u32) -> Duration {
    let ceiling =
        BACKOFF_BASE_SECONDS.saturating_mul(1_i64 << attempts.saturating_sub(1).min(20)).min(BACKOFF_MAX_SECONDS);
    let seed = format!("{key}/{attempts}");
    let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let millis = ceiling * 1000;
    Duration::milliseconds(millis / 2 + i64::try_from(hash % (millis as u64 / 2 + 1)).unwrap_or(0))
}

/// Sends what is ready, one entry at a time, persisting every change before going on. Returns
/// how many sends were tried; stops when nothing more is due now (see [`Outbox::next_due`]).
pub fn drain(
    outbox: &mut Outbox,
    connector: &dyn Connector,
    transport: &mut dyn Transport,
    now: &dyn Fn() -> DateTime<Utc>,
    persist: &mut dyn FnMut(&OutboxChanges) -> Result<(), String>,
) -> Result<usize, String> {
    let mut sent = 0;
    loop {
        let Some((entry, begun)) = outbox.begin_next(now()) else { return Ok(sent) };
        persist(&begun)?;
        let crm_id = outbox.crm_id(&entry.lead).cloned();
        let result = run(connector, transport, &entry.job(crm_id.as_ref(), now()));
        persist(&outbox.finish(&entry.key, result, now()))?;
        sent += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::mapping::tests::lead;
    use crate::crm::{CallOutcome, HttpRequest, HttpResponse, Step};
    use std::cell::RefCell;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + s, 0).unwrap()
    }

    fn note(text: &str) -> Operation {
        Operation::Note { at: t(0), text: text.into() }
    }

    fn upsert() -> Operation {
        Operation::UpsertLead { lead: lead() }
    }

    fn other() -> LeadId {
        LeadId::from_key("email:other@x.test")
    }

    fn server() -> CrmError {
        CrmError::Server { status: 502, message: "bad gateway".into() }
    }

    #[test]
    fn a_lead_s_entries_go_one_at_a_time_in_order() {
        let mut o = Outbox::default();
        let l = lead().id;
        o.enqueue(l.clone(), upsert(), t(0));
        o.enqueue(l.clone(), note("a"), t(0));
        o.enqueue(other(), note("b"), t(0));
        let keys: Vec<_> = o.ready(t(0)).iter().map(|e| e.seq).collect();
        assert_eq!(keys, vec![0, 2]);
        let first = o.entries()[0].key.clone();
        o.begin(&first);
        // In flight still holds the lead's next entry back.
        assert_eq!(o.ready(t(0)).iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2]);
        let c = o.finish(&first, Ok(Reply::Lead(CrmId("u-1".into()))), t(1));
        assert_eq!(c.links, vec![CrmLink { lead: l.clone(), crm_id: CrmId("u-1".into()) }]);
        assert_eq!(o.crm_id(&l), Some(&CrmId("u-1".into())));
        assert_eq!(o.ready(t(1)).iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn transient_failures_back_off_exponentially_with_jitter() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        let key = o.entries()[0].key.clone();
        let mut now = t(0);
        let mut waits = Vec::new();
        for _ in 0..14 {
            o.begin(&key);
            o.finish(&key, Err(server()), now);
            let e = &o.entries()[0];
            assert_eq!(e.state, State::Pending);
            assert!(o.ready(now).is_empty(), "not due again at once");
            waits.push((e.next_at - now).num_milliseconds());
            now = e.next_at;
        }
        for (i, w) in waits.iter().enumerate() {
            let ceiling = (2_000_i64 << i).min(3_600_000);
            assert!(
                *w >= ceiling / 2 && *w <= ceiling,
                "attempt {}: {w} ms not in [{}, {ceiling}]",
                i + 1,
                ceiling / 2
            );
        }
        assert_eq!(o.entries()[0].attempts, 14);
        // Jitter: two entries failing at the same moment do not come back together.
        assert_ne!(backoff(&IdempotencyKey("a".into()), 5), backoff(&IdempotencyKey("b".into()), 5));
    }

    #[test]
    fn sends_cut_short_by_a_stopped_worker_do_not_stretch_the_backoff() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        let key = o.entries()[0].key.clone();
        // Stopped mid-send ten times: each start finds the entry in flight.
        for _ in 0..10 {
            o.begin(&key);
            let (again, recovered) = Outbox::load(o.entries().to_vec(), vec![], t(0));
            assert_eq!(recovered.entries.len(), 1);
            o = again;
        }
        assert_eq!(o.ready(t(0)).len(), 1, "due at once after a restart");
        o.begin(&key);
        o.finish(&key, Err(server()), t(0));
        assert_eq!(o.entries()[0].attempts, 1);
        assert!(o.entries()[0].next_at <= t(2), "the first failure's backoff, not the eleventh's");
    }

    #[test]
    fn a_retried_entry_shows_its_last_error_until_it_is_sent() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        let key = o.entries()[0].key.clone();
        o.begin(&key);
        o.finish(&key, Err(server()), t(0));
        o.begin(&key);
        o.finish(&key, Err(server()), t(10));
        let view = crate::sync::SyncView::of(&o, t(10));
        let wait = (o.entries()[0].next_at - t(10)).num_seconds();
        assert!((2..=4).contains(&wait), "{wait} s");
        assert_eq!(view.retrying, vec![format!("note: 2 attempts, next in 1 min. {}", server())]);
        o.begin(&key);
        o.finish(&key, Ok(Reply::Sent), t(20));
        assert_eq!(o.entries()[0].last_error, None);
        assert!(crate::sync::SyncView::of(&o, t(20)).retrying.is_empty());
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_and_as_a_date() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        let key = o.entries()[0].key.clone();
        o.begin(&key);
        o.finish(&key, Err(CrmError::RateLimited(Some(RetryAfter::Seconds(30)))), t(0));
        assert_eq!(o.entries()[0].next_at, t(30));
        assert!(o.ready(t(29)).is_empty());
        assert_eq!(o.ready(t(30)).len(), 1);
        o.begin(&key);
        o.finish(&key, Err(CrmError::RateLimited(Some(RetryAfter::At(t(100))))), t(40));
        assert_eq!(o.entries()[0].next_at, t(100));
        // A date in the past means now; one absurdly far is capped.
        o.begin(&key);
        o.finish(&key, Err(CrmError::RateLimited(Some(RetryAfter::At(t(0))))), t(100));
        assert_eq!(o.entries()[0].next_at, t(100));
        o.begin(&key);
        o.finish(&key, Err(CrmError::RateLimited(Some(RetryAfter::Seconds(u64::MAX)))), t(100));
        assert_eq!(o.entries()[0].next_at, t(100 + 3600));
        // No Retry-After: the usual backoff.
        o.begin(&key);
        o.finish(&key, Err(CrmError::RateLimited(None)), t(5000));
        assert!(o.entries()[0].next_at > t(5000));
    }

    #[test]
    fn a_refusal_parks_with_a_readable_reason_and_holds_the_lead_back() {
        let mut o = Outbox::default();
        let l = lead().id;
        o.enqueue(l.clone(), note("a"), t(0));
        o.enqueue(l.clone(), note("b"), t(0));
        let key = o.entries()[0].key.clone();
        o.begin(&key);
        let refused = CrmError::Rejected { status: 400, message: "email: Enter a valid email address.".into() };
        o.finish(&key, Err(refused), t(0));
        let State::Parked(reason) = &o.entries()[0].state else { panic!("{:?}", o.entries()[0].state) };
        assert_eq!(
            reason,
            "The note was not sent. The CRM refused this (HTTP 400): email: Enter a valid email address."
        );
        assert_eq!(o.status(), Status { pending: 1, parked: 1 });
        assert!(o.ready(t(9999)).is_empty());
        assert_eq!(o.next_due(), None);
        o.retry(&key, t(10));
        assert_eq!(o.ready(t(10)).first().map(|e| &e.key), Some(&key));
        assert_eq!(o.status(), Status { pending: 2, parked: 0 });
    }

    #[test]
    fn bad_tokens_park_too_and_a_missing_lead_says_what_to_do() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        o.enqueue(other(), note("b"), t(0));
        let (a, b) = (o.entries()[0].key.clone(), o.entries()[1].key.clone());
        o.begin(&a);
        o.finish(&a, Err(CrmError::BadToken { status: 403, message: "Invalid token".into() }), t(0));
        assert!(matches!(&o.entries()[0].state, State::Parked(r) if r.contains("Paste a new token")));
        o.begin(&b);
        o.finish(&b, Err(CrmError::NoCrmId), t(0));
        assert!(matches!(&o.entries()[1].state, State::Parked(r) if r.contains("send the lead first")));
    }

    #[test]
    fn an_entry_in_flight_when_the_worker_stopped_is_sent_again() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, upsert(), t(0));
        let key = o.entries()[0].key.clone();
        let stored = o.begin(&key).entries;
        let (o, changes) = Outbox::load(stored, Vec::new(), t(0));
        assert_eq!(changes.entries.len(), 1);
        assert_eq!(changes.entries[0].state, State::Pending);
        assert_eq!(o.ready(t(0)).first().map(|e| &e.key), Some(&key));
    }

    #[test]
    fn sent_entries_are_dropped_after_a_week_and_nothing_else_is() {
        let mut o = Outbox::default();
        for at in [0, 10] {
            o.enqueue(lead().id, note("sent"), t(at));
            let key = o.entries().last().unwrap().key.clone();
            o.begin(&key);
            o.finish(&key, Ok(Reply::Sent), t(at));
        }
        o.enqueue(other(), note("waiting"), t(0));
        let week = KEEP_SENT_DAYS * 86_400;
        let (kept, changes) = Outbox::load(o.entries().to_vec(), vec![], t(week + 5));
        assert_eq!(changes.removed, vec![o.entries()[0].key.clone()]);
        assert_eq!(kept.entries().len(), 2);
        assert_eq!(kept.status(), Status { pending: 1, parked: 0 });
        // A new entry's key is still new: the dropped one's time is in no later key.
        let mut kept = kept;
        kept.enqueue(lead().id, note("later"), t(week + 6));
        let keys: HashSet<_> = o.entries().iter().chain(kept.entries()).map(|e| e.key.clone()).collect();
        assert_eq!(keys.len(), 4);
    }

    #[test]
    fn answers_for_entries_not_in_flight_are_ignored() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, note("a"), t(0));
        let key = o.entries()[0].key.clone();
        assert!(o.finish(&key, Ok(Reply::Sent), t(0)).is_empty());
        assert_eq!(o.entries()[0].state, State::Pending);
        o.begin(&key);
        o.finish(&key, Ok(Reply::Sent), t(0));
        assert!(o.begin(&key).is_empty(), "done stays done");
        assert_eq!(o.status(), Status::default());
    }

    #[test]
    fn keys_are_unique_and_next_due_is_the_earliest_head() {
        let mut o = Outbox::default();
        let l = lead().id;
        o.enqueue(l.clone(), note("a"), t(0));
        o.enqueue(l, note("b"), t(0));
        o.enqueue(other(), Operation::LogCall { at: t(0), outcome: CallOutcome::NoAnswer, note: String::new() }, t(5));
        let keys: HashSet<_> = o.entries().iter().map(|e| e.key.clone()).collect();
        assert_eq!(keys.len(), 3);
        assert_eq!(o.next_due(), Some(t(0)));
        let k = o.entries()[0].key.clone();
        o.begin(&k);
        o.finish(&k, Err(CrmError::RateLimited(Some(RetryAfter::Seconds(60)))), t(0));
        assert_eq!(o.next_due(), Some(t(5)));
    }

    /// A CRM that answers from a script and records what it was sent.
    struct Scripted {
        answers: RefCell<Vec<Result<HttpResponse, CrmError>>>,
        sent: Vec<HttpRequest>,
    }

    impl Transport for Scripted {
        fn send(&mut self, r: &HttpRequest) -> Result<HttpResponse, CrmError> {
            self.sent.push(r.clone());
            self.answers.borrow_mut().remove(0)
        }
    }

    struct Echo;
    impl Connector for Echo {
        fn step(&self, job: &Job, answers: &[HttpResponse]) -> Result<Step, CrmError> {
            let Job::Push { key, .. } = job else { unreachable!() };
            match answers.first() {
                None => Ok(Step::Send(HttpRequest {
                    method: crate::crm::Method::Post,
                    url: format!("http://127.0.0.1:9/{key}"),
                    headers: vec![],
                    body: None,
                })),
                Some(r) => crate::crm::check(r).map(|r| Step::Done(Reply::Lead(CrmId(r.body.clone())))),
            }
        }
    }

    #[test]
    fn drain_persists_in_flight_before_sending_and_stops_when_nothing_is_due() {
        let mut o = Outbox::default();
        o.enqueue(lead().id, upsert(), t(0));
        o.enqueue(lead().id, note("a"), t(0));
        let ok = |b: &str| Ok(HttpResponse { status: 200, headers: vec![], body: b.into() });
        let mut crm =
            Scripted { answers: RefCell::new(vec![ok("u-1"), Err(CrmError::Network("reset".into()))]), sent: vec![] };
        let mut log = Vec::new();
        let sent = drain(&mut o, &Echo, &mut crm, &|| t(0), &mut |c: &OutboxChanges| {
            log.extend(c.entries.iter().map(|e| format!("{}:{:?}", e.seq, e.state)));
            Ok(())
        })
        .unwrap();
        assert_eq!(sent, 2);
        assert_eq!(log, ["0:InFlight", "0:Done", "1:InFlight", "1:Pending"]);
        assert_eq!(crm.sent.len(), 2);
        assert_eq!(o.crm_id(&lead().id), Some(&CrmId("u-1".into())));
        // A store that fails stops the drain before anything is sent.
        let mut o2 = Outbox::default();
        o2.enqueue(lead().id, upsert(), t(0));
        let err = drain(&mut o2, &Echo, &mut crm, &|| t(0), &mut |_: &OutboxChanges| Err("disk full".into()));
        assert_eq!(err, Err("disk full".into()));
        assert_eq!(crm.sent.len(), 2);
    }
}
