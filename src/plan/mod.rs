//! Planning: turns "add to call list" into a call task with a due time inside business hours.
//!
//! For now business hours are the rep's own (09:00–17:00, Monday to Friday, at the rep's UTC
//! offset); the lead's own time zone, holidays and cadences come with the rep's-day work.

use crate::book::{Lead, LeadId};
use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const DAY_START: u32 = 9;
pub const DAY_END: u32 = 17;
/// Due times are rounded up to the next quarter hour: a rep plans in slots, not seconds.
const SLOT_MINUTES: i64 = 15;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(String);

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallTask {
    pub id: TaskId,
    pub lead: LeadId,
    pub due: DateTime<Utc>,
    pub note: String,
    pub status: TaskStatus,
    pub created_at: DateTime<Utc>,
}

/// The first business-hours slot at or after `now`, in a zone `offset_minutes` east of UTC.
pub fn next_business_slot(now: DateTime<Utc>, offset_minutes: i32) -> DateTime<Utc> {
    let Some(zone) = FixedOffset::east_opt(offset_minutes.clamp(-14 * 60, 14 * 60) * 60) else {
        return now;
    };
    let slot = SLOT_MINUTES * 60 * 1_000_000;
    let micros = now.timestamp_micros();
    let up = micros + (slot - micros.rem_euclid(slot)) % slot;
    let rounded = DateTime::from_timestamp_micros(up).unwrap_or(now).with_timezone(&zone);
    let open_day = |d: chrono::NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let start = NaiveTime::from_hms_opt(DAY_START, 0, 0).unwrap_or_default();
    let mut day = rounded.date_naive();
    let mut time = rounded.time();
    if time >= NaiveTime::from_hms_opt(DAY_END, 0, 0).unwrap_or_default() {
        day = day.succ_opt().unwrap_or(day);
        time = start;
    } else if time < start {
        time = start;
    }
    while !open_day(day) {
        day = day.succ_opt().unwrap_or(day);
        time = start;
    }
    zone.from_local_datetime(&day.and_time(time)).single().map_or(now, |t| t.with_timezone(&Utc))
}

/// What a rep reads before dialling: who the person is and where they were found.
pub fn talking_points(lead: &Lead) -> String {
    let mut parts = Vec::new();
    match (&lead.title, &lead.company) {
        (Some(t), Some(c)) => parts.push(format!("{} at {}.", t.value, c.value)),
        (Some(t), None) => parts.push(format!("{}.", t.value)),
        (None, Some(c)) => parts.push(format!("Works at {}.", c.value)),
        (None, None) => {}
    }
    if let Some(loc) = &lead.location {
        parts.push(format!("Based in {}.", loc.value));
    }
    if let Some(url) = lead.source_url() {
        parts.push(format!("Found on {url}."));
    }
    parts.join(" ")
}

/// A new call task for `lead`, due at the next business slot.
pub fn plan_call(lead: &Lead, now: DateTime<Utc>, rep_offset_minutes: i32) -> CallTask {
    CallTask {
        id: TaskId(format!("task-{}-{}", lead.id, now.timestamp_millis())),
        lead: lead.id.clone(),
        due: next_business_slot(now, rep_offset_minutes),
        note: talking_points(lead),
        status: TaskStatus::Open,
        created_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Timelike};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn inside_hours_rounds_up_to_the_next_quarter() {
        // Wednesday 10:07:30 UTC.
        assert_eq!(next_business_slot(utc("2026-11-25T10:07:30Z"), 0), utc("2026-11-25T10:15:00Z"));
        assert_eq!(next_business_slot(utc("2026-11-25T10:15:00Z"), 0), utc("2026-11-25T10:15:00Z"));
    }

    #[test]
    fn evenings_and_weekends_move_to_the_next_working_morning() {
        // Friday 17:30 local (UTC+1) -> Monday 09:00 local.
        assert_eq!(next_business_slot(utc("2026-11-27T16:30:00Z"), 60), utc("2026-11-30T08:00:00Z"));
        // Saturday morning.
        assert_eq!(next_business_slot(utc("2026-11-28T07:00:00Z"), 0), utc("2026-11-30T09:00:00Z"));
        // Early Tuesday at UTC-5.
        assert_eq!(next_business_slot(utc("2026-11-24T11:00:00Z"), -300), utc("2026-11-24T14:00:00Z"));
    }

    #[test]
    fn every_slot_is_inside_business_hours() {
        let start = utc("2026-11-23T00:00:00Z");
        for offset in [-600, -300, 0, 60, 330, 540, 840] {
            for step in 0..(7 * 24 * 4) {
                let now = start + Duration::minutes(step * 15 + 7);
                let due = next_business_slot(now, offset);
                let local = due.with_timezone(&FixedOffset::east_opt(offset * 60).unwrap());
                assert!(due >= now, "{now} -> {due}");
                assert!((DAY_START..DAY_END).contains(&local.hour()), "{now} @ {offset} -> {local}");
                assert!(!matches!(local.weekday(), Weekday::Sat | Weekday::Sun), "{now} -> {local}");
            }
        }
    }
}
