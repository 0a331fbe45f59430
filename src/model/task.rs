//! A call task as stored and shown. Fields added after the first release carry defaults, so tasks
//! stored before them still load.

use super::{LeadId, Objective, Outcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(pub(crate) String);

impl TaskId {
    pub(crate) fn new(lead: &LeadId, now: DateTime<Utc>, attempt: u32) -> TaskId {
        TaskId(format!("task-{lead}-{}-{attempt}", now.timestamp_millis()))
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Done,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// A call the rep planned: the first of a cadence or a follow-up.
    #[default]
    Call,
    /// A time the lead asked to be called back at: kept exactly.
    Callback,
}

/// What the rep logged when the call was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedOutcome {
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub at: DateTime<Utc>,
}

fn first_attempt() -> u32 {
    1
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallTask {
    pub id: TaskId,
    pub lead: LeadId,
    pub due: DateTime<Utc>,
    pub note: String,
    pub status: TaskStatus,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub kind: TaskKind,
    /// Which attempt of the cadence this call is, from 1.
    #[serde(default = "first_attempt")]
    pub attempt: u32,
    /// When the cadence began: follow-ups are spaced from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_start: Option<DateTime<Utc>>,
    /// The number to dial (E.164), when the lead has one worth calling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The lead's time zone (IANA name, or the rep's offset when unknown).
    #[serde(default)]
    pub time_zone: String,
    /// The due time on the lead's clock, "Tue 24 Nov, 10:00 CET".
    #[serde(default)]
    pub due_local: String,
    #[serde(default)]
    pub priority: i32,
    /// What the rep must know before calling: a guessed time zone, a call-back outside legal hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<LoggedOutcome>,
    /// What the call is for.
    #[serde(default)]
    pub objective: Objective,
    /// Put on the list by the engagement rule, not by the rep (the rule's daily cap counts these).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_engagement: bool,
}

impl CallTask {
    pub fn is_open(&self) -> bool {
        self.status == TaskStatus::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_stored_before_the_rep_s_day_still_load() {
        let old = r#"{"id":"task-lead-1-5","lead":"lead-1","due":"2026-11-24T09:00:00Z","note":"CEO at Acme.","status":"open","created_at":"2026-11-23T09:00:00Z"}"#;
        let task: CallTask = serde_json::from_str(old).unwrap();
        assert_eq!((task.kind, task.attempt, task.priority), (TaskKind::Call, 1, 0));
        assert!(task.is_open() && task.phone.is_none() && task.outcome.is_none());
    }
}
