//! Planning: turns "add to call list" into a call task, and each logged outcome into the next one.
//!
//! - `zone`: where the lead is in time (their number, then their place, else the rep's zone).
//! - `hours`: due times inside business hours ∩ legal calling hours (`calling_rules`), on
//!   working days that are not public holidays (`holidays`), on the lead's clock.
//! - `priority`: the score that orders the call list; promised call-backs first.
//! - `outcome` and `cadence`: what a call came to, and when the next attempt is due.
//! - `dial`, `talking_points`: the number to call and what to say first.
//! - `suppression`, `cleanup`: who must never be called, and who marketing should remove.
//!
//! Not for: finding people (`capture`) or storing anything (`book`, `app`).

mod cadence;
pub mod calling_rules;
mod cleanup;
mod dial;
pub mod holidays;
mod hours;
mod outcome;
mod priority;
mod suppression;
mod talking_points;
mod zone;

pub use cadence::{Cadence, CadenceError, FollowUp};
pub use calling_rules::{LegalHours, Window};
pub use cleanup::{cleanup_csv, cleanup_list, made_by_visiting, review_list, CleanupEntry};
pub use dial::number_to_call;
pub use hours::{BusinessHours, CallHours};
pub use outcome::Next;
pub use priority::{call_order, score};
pub use suppression::{BadValue, ImportReport, Suppressed, SuppressionBadRow, SuppressionImportError, SuppressionList};
pub use talking_points::talking_points;
pub use zone::{all_zone_names, LeadZone};

use crate::model::{CallTask, Lead, LeadStage, LoggedOutcome, Objective, Outcome, TaskId, TaskKind, TaskStatus};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a call was not planned or an outcome not logged, in words a rep can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// The lead asked not to be called, or cannot be reached or sold to.
    Closed(LeadStage),
    Suppressed(Suppressed),
    /// The rules leave no time to call in the next month (a settings mistake).
    NoCallingHours,
    AlreadyLogged,
    CallbackTimeMissing,
    CallbackInPast,
    CallbackTooFar,
    CallbackTimeWithoutCallback,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Closed(stage) => write!(f, "Not planned: this lead is marked \"{stage}\"."),
            PlanError::Suppressed(s) => write!(f, "Not planned: {s}."),
            PlanError::NoCallingHours => f.write_str(
                "No time in the next month is inside both their business hours and the legal calling hours: check the business-hours settings.",
            ),
            PlanError::AlreadyLogged => f.write_str("This call's outcome is already logged: reload the call list."),
            PlanError::CallbackTimeMissing => f.write_str("Pick the time they asked to be called back at."),
            PlanError::CallbackInPast => f.write_str("The call-back time is already past: pick a time to come."),
            PlanError::CallbackTooFar => f.write_str("The call-back time is more than a year away: check the date."),
            PlanError::CallbackTimeWithoutCallback => {
                f.write_str("A call-back time goes only with \"call-back requested\": clear it or pick that outcome.")
            }
        }
    }
}

/// A team's planning settings, as data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanSettings {
    pub hours: BusinessHours,
    pub cadence: Cadence,
    /// The campaign's goal, given to every new call.
    pub objective: Objective,
    /// Our pages and what engagement with them does.
    pub engagement: crate::engagement::EngagementSettings,
    /// How long what was read from pages is kept.
    pub retention: Retention,
    /// Which sites are read, and where everyone opened is saved.
    pub sites: crate::reading::SiteRules,
}

/// Days that per-tab captures and the rep's visits are kept; 0 keeps them until deleted by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Retention(pub u32);

impl Default for Retention {
    fn default() -> Retention {
        Retention(30)
    }
}

/// What logging an outcome did.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    /// The call, closed with its outcome.
    pub done: CallTask,
    /// Where the lead now stands.
    pub stage: LeadStage,
    pub next: Option<CallTask>,
    /// What the rep must know: a call-back outside legal hours, a follow-up that could not be planned.
    pub warnings: Vec<String>,
}

/// One call to plan: which attempt, when, on which number.
struct Attempt {
    n: u32,
    kind: TaskKind,
    due: DateTime<Utc>,
    cadence_start: DateTime<Utc>,
    phone: Option<String>,
    objective: Objective,
}

pub struct Planner<'a> {
    pub settings: &'a PlanSettings,
    pub suppression: &'a SuppressionList,
    /// The rep's offset from UTC in minutes, east positive: the zone of a lead whose own is unknown.
    pub rep_offset_minutes: i32,
}

impl Planner<'_> {
    /// Whether a call to the lead may be planned at all.
    pub fn check(&self, lead: &Lead) -> Result<(), PlanError> {
        if lead.stage.closed() {
            return Err(PlanError::Closed(lead.stage));
        }
        self.suppression.check(lead).map_or(Ok(()), |s| Err(PlanError::Suppressed(s)))
    }

    fn zone(&self, lead: &Lead, phone: Option<&str>) -> LeadZone {
        LeadZone::of_lead(lead, phone, self.rep_offset_minutes)
    }

    /// The first call of a cadence, at the next slot in the lead's hours.
    pub fn plan_call(&self, lead: &Lead, now: DateTime<Utc>) -> Result<CallTask, PlanError> {
        self.check(lead)?;
        let phone = number_to_call(lead, &[]).map(|p| p.value.clone());
        let zone = self.zone(lead, phone.as_deref());
        let due = CallHours::new(&zone, &self.settings.hours).next_slot(now)?;
        let attempt =
            Attempt { n: 1, kind: TaskKind::Call, due, cadence_start: due, phone, objective: self.settings.objective };
        Ok(self.task(lead, &zone, attempt, now, Vec::new()))
    }

    fn task(
        &self,
        lead: &Lead,
        zone: &LeadZone,
        a: Attempt,
        now: DateTime<Utc>,
        mut warnings: Vec<String>,
    ) -> CallTask {
        warnings.extend(zone.note());
        if a.phone.is_none() {
            warnings.push("No number to call: find their direct line or mobile first.".into());
        }
        CallTask {
            id: TaskId::new(&lead.id, now, a.n),
            lead: lead.id.clone(),
            due: a.due,
            note: talking_points(lead, now),
            status: TaskStatus::Open,
            created_at: now,
            kind: a.kind,
            attempt: a.n,
            cadence_start: Some(a.cadence_start),
            phone: a.phone,
            time_zone: zone.name().to_string(),
            due_local: zone.format(a.due),
            priority: score(lead, now),
            warnings,
            outcome: None,
            objective: a.objective,
            from_engagement: false,
        }
    }

    /// The next attempt of the cadence after `task`, on `phone`; `None` once every attempt is made.
    /// `made` are the times of the calls already made to the lead, for laws that limit how many.
    fn follow_up(
        &self,
        task: &CallTask,
        lead: &Lead,
        phone: Option<String>,
        made: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Result<Option<CallTask>, PlanError> {
        let Some(step) = self.settings.cadence.after(task.attempt) else { return Ok(None) };
        self.check(lead)?;
        let zone = self.zone(lead, phone.as_deref());
        let start = task.cadence_start.unwrap_or(task.due);
        let day = Duration::days(i64::from(step.day));
        let target = zone
            .wall(start)
            .and_then(|w| zone.at(w.date.checked_add_signed(day)?, step.at))
            .or(start.checked_add_signed(day));
        let gap = now.checked_add_signed(Duration::hours(i64::from(self.settings.cadence.min_gap_hours)));
        // Checked arithmetic: a stored time out of range must not panic the worker.
        let mut not_before = target.max(gap).ok_or(PlanError::NoCallingHours)?;
        let hours = CallHours::new(&zone, &self.settings.hours);
        let mut warnings = Vec::new();
        if let Some(limit) = hours.calls_per_30_days() {
            let mut made = made.to_vec();
            crate::order::sort_by(&mut made, |a, b| b.cmp(a));
            // The call `limit` calls back opens the next one 30 days after it.
            let earliest =
                made.get(usize::from(limit).saturating_sub(1)).and_then(|t| t.checked_add_signed(Duration::days(30)));
            if let Some(earliest) = earliest.filter(|e| *e > not_before) {
                not_before = earliest;
                warnings.push(format!("The law there allows {limit} calls in 30 days: the next waits until then."));
            }
        }
        let due = hours.next_slot(not_before)?;
        let attempt = Attempt {
            n: task.attempt + 1,
            kind: TaskKind::Call,
            due,
            cadence_start: start,
            phone,
            objective: task.objective,
        };
        Ok(Some(self.task(lead, &zone, attempt, now, warnings)))
    }

    /// Logs what `task` came to and plans what follows. `history` is the lead's other tasks (for
    /// numbers already found wrong); `callback_at` goes only with [`Outcome::CallbackRequested`].
    #[allow(clippy::too_many_arguments)]
    pub fn log_outcome(
        &self,
        task: &CallTask,
        lead: &Lead,
        history: &[CallTask],
        outcome: Outcome,
        note: &str,
        callback_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Logged, PlanError> {
        if !task.is_open() {
            return Err(PlanError::AlreadyLogged);
        }
        if outcome != Outcome::CallbackRequested && callback_at.is_some() {
            return Err(PlanError::CallbackTimeWithoutCallback);
        }
        let mut done = task.clone();
        done.status = TaskStatus::Done;
        done.outcome = Some(LoggedOutcome { outcome, note: note.trim().to_string(), at: now });
        let mut warnings = Vec::new();
        let made: Vec<DateTime<Utc>> = history
            .iter()
            .filter(|t| t.id != task.id)
            .filter_map(|t| t.outcome.as_ref().map(|o| o.at))
            .chain([now])
            .collect();
        let (stage, next) = match outcome.next() {
            Next::Stop(stage) => (stage, Ok(None)),
            Next::FollowUp => {
                let next = self.follow_up(task, lead, task.phone.clone(), &made, now);
                let stage = if matches!(next, Ok(None)) { LeadStage::CadenceEnded } else { LeadStage::Contacting };
                (stage, next)
            }
            Next::OtherNumber => {
                let wrong: Vec<String> = history
                    .iter()
                    .chain([task])
                    .filter(|t| {
                        t.id == task.id || t.outcome.as_ref().is_some_and(|o| o.outcome == Outcome::WrongNumber)
                    })
                    .filter_map(|t| t.phone.clone())
                    .collect();
                match number_to_call(lead, &wrong) {
                    None => (LeadStage::WrongNumber, Ok(None)),
                    Some(other) => {
                        warnings.push(format!("Next call on another number: {}.", other.value));
                        let next = self.follow_up(task, lead, Some(other.value.clone()), &made, now);
                        (LeadStage::Contacting, next)
                    }
                }
            }
            Next::Callback => {
                let at = callback_at.ok_or(PlanError::CallbackTimeMissing)?;
                if at <= now {
                    return Err(PlanError::CallbackInPast);
                }
                if at.signed_duration_since(now) > Duration::days(366) {
                    return Err(PlanError::CallbackTooFar);
                }
                (LeadStage::CallbackPromised, self.callback(task, lead, at, now).map(Some))
            }
        };
        let next = next.unwrap_or_else(|e| {
            warnings.push(format!("No next call planned. {e}"));
            None
        });
        warnings.extend(next.iter().flat_map(|t| t.warnings.iter().cloned()));
        Ok(Logged { done, stage, next, warnings })
    }

    /// A call at exactly the promised time: moved neither into business hours nor into legal
    /// hours, but a time outside legal hours is said so.
    fn callback(
        &self,
        task: &CallTask,
        lead: &Lead,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<CallTask, PlanError> {
        self.check(lead)?;
        let zone = self.zone(lead, task.phone.as_deref());
        let hours = CallHours::new(&zone, &self.settings.hours);
        let mut warnings = Vec::new();
        if !hours.legal_at(at) {
            warnings.push(format!(
                "The promised time, {} ({}), is outside legal calling hours there ({}). Kept as promised: confirm it with them.",
                zone.format(at),
                zone.name(),
                hours.legal_summary(at)
            ));
        }
        let cadence_start = task.cadence_start.unwrap_or(task.due);
        let attempt = Attempt {
            n: task.attempt + 1,
            kind: TaskKind::Callback,
            due: at,
            cadence_start,
            phone: task.phone.clone(),
            objective: task.objective,
        };
        Ok(self.task(lead, &zone, attempt, now, warnings))
    }
}

/// A lead from one schema.org Person, for tests.
#[cfg(test)]
pub(crate) fn test_lead(person: &str) -> Lead {
    let html = format!(r#"<script type="application/ld+json">{person}</script>"#);
    let cap = crate::capture::capture_page(
        &html,
        "https://acme.test/team",
        "2026-11-01T00:00:00Z".parse().unwrap_or_default(),
    );
    let mut book = crate::book::LeadBook::default();
    let id = book.upsert(&cap.contacts[0], &cap, crate::model::AddedBy::Rep).lead.expect("a person with a key");
    book.get(&id).cloned().expect("just added")
}

#[cfg(test)]
mod tests;
