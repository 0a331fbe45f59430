//! Sync with the team's CRM, the parts the browser shell only carries out: which operations a
//! handled request queues ([`operations`]), how pulled leads enter the lead book ([`pull`]), the
//! options form and what "Test connection" says ([`options`]), and the messages and status the
//! options page and badge show.

pub mod operations;
pub mod options;
pub mod pull;

use crate::outbox::{self, Outbox, State, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use operations::{operations, queue};

/// What extension pages ask the worker about sync. Apart from [`crate::messages::Request`]: the
/// worker answers these itself, around the lead book's state machine, not through it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SyncRequest {
    SyncStatus,
    /// Send what is due now (settings just saved, or the rep asked).
    SyncNow,
    /// The rep fixed what was wrong: send every parked entry again.
    SyncRetryParked,
    /// Read what changed in the CRM into the lead book now.
    SyncPull,
}

/// The outbox as the options page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncView {
    pub pending: usize,
    pub parked: usize,
    /// Why each parked entry waits, for the rep to fix.
    pub parked_reasons: Vec<String>,
    pub done: usize,
    /// Entries that failed and wait to be tried again, with the last error: "call task: 3
    /// attempts, next in 12 min. The CRM failed (500): …".
    #[serde(default)]
    pub retrying: Vec<String>,
    /// What the request did besides (a pull: how many leads it read, or why it could not).
    #[serde(default)]
    pub note: Option<String>,
}

impl SyncView {
    pub fn of(outbox: &Outbox, now: DateTime<Utc>) -> SyncView {
        let Status { pending, parked } = outbox.status();
        let parked_reasons = outbox
            .entries()
            .iter()
            .filter_map(|e| match &e.state {
                State::Parked(reason) => Some(reason.clone()),
                _ => None,
            })
            .collect();
        let done = outbox.entries().iter().filter(|e| e.state == State::Done).count();
        let retrying = outbox
            .entries()
            .iter()
            .filter(|e| e.state == State::Pending)
            .filter_map(|e| {
                let error = e.last_error.as_ref()?;
                let minutes = ((e.next_at - now).num_seconds().max(0) + 59) / 60;
                let attempts =
                    if e.attempts == 1 { "1 attempt".to_string() } else { format!("{} attempts", e.attempts) };
                Some(format!("{}: {attempts}, next in {minutes} min. {error}", e.op.label()))
            })
            .collect();
        SyncView { pending, parked, parked_reasons, done, retrying, note: None }
    }
}

/// Every parked entry back in the queue, due now.
pub fn retry_parked(outbox: &mut Outbox, now: DateTime<Utc>) -> outbox::OutboxChanges {
    let parked: Vec<_> =
        outbox.entries().iter().filter(|e| matches!(e.state, State::Parked(_))).map(|e| e.key.clone()).collect();
    let mut changes = outbox::OutboxChanges::default();
    for key in parked {
        changes.entries.extend(outbox.retry(&key, now).entries);
    }
    changes
}

/// The action badge for the outbox: a count while anything waits (a "!" once something needs
/// the rep), and a title that says what.
pub fn badge(status: Status) -> (String, String) {
    let Status { pending, parked } = status;
    let text = match (pending, parked) {
        (0, 0) => String::new(),
        (_, 0) => pending.to_string(),
        _ => "!".to_string(),
    };
    let mut parts = Vec::new();
    if pending > 0 {
        parts.push(format!("{pending} waiting to reach the CRM"));
    }
    if parked > 0 {
        parts.push(format!("{parked} refused by the CRM: see Options"));
    }
    let title = if parts.is_empty() { "Leadlens".to_string() } else { format!("Leadlens: {}", parts.join("; ")) };
    (text, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_counts_what_waits_and_flags_what_needs_the_rep() {
        assert_eq!(badge(Status::default()), (String::new(), "Leadlens".into()));
        assert_eq!(
            badge(Status { pending: 3, parked: 0 }),
            ("3".into(), "Leadlens: 3 waiting to reach the CRM".into())
        );
        assert_eq!(
            badge(Status { pending: 2, parked: 1 }),
            ("!".into(), "Leadlens: 2 waiting to reach the CRM; 1 refused by the CRM: see Options".into())
        );
    }

    #[test]
    fn sync_requests_are_their_own_vocabulary() {
        let r: SyncRequest = serde_json::from_str(r#"{"type":"sync_retry_parked"}"#).unwrap();
        assert_eq!(r, SyncRequest::SyncRetryParked);
        assert!(serde_json::from_str::<SyncRequest>(r#"{"type":"get_call_list"}"#).is_err());
        assert!(serde_json::from_str::<crate::messages::Request>(r#"{"type":"sync_now"}"#).is_err());
    }
}
