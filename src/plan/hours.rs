//! When a call may be planned: inside the lead's business hours and the legal calling hours at
//! their place, on a working day that is not a public holiday there, read on the lead's own wall
//! clock. Due times fall on quarter hours: a rep plans in slots, not seconds.

use super::calling_rules::{hm, intersect, w, LegalHours, Window};
use super::holidays::is_public_holiday;
use super::zone::LeadZone;
use crate::plan::PlanError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

const SLOT_MINUTES: u16 = 15;
/// How far ahead a slot is looked for: a month covers any run of weekends and holidays.
const SEARCH_DAYS: i64 = 31;

/// The lead's working week, as data a team can change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// Working days, Monday first.
    pub days: [bool; 7],
    pub windows: Vec<Window>,
}

impl Default for BusinessHours {
    /// Monday to Friday, 09:00–17:00.
    fn default() -> BusinessHours {
        BusinessHours { days: [true, true, true, true, true, false, false], windows: vec![w(hm(9, 0), hm(17, 0))] }
    }
}

/// The hours a call to one lead may be planned in.
pub struct CallHours<'a> {
    zone: &'a LeadZone,
    legal: LegalHours,
    business: &'a BusinessHours,
}

impl<'a> CallHours<'a> {
    pub fn new(zone: &'a LeadZone, business: &'a BusinessHours) -> CallHours<'a> {
        CallHours { zone, legal: LegalHours::at(zone.country(), zone.region()), business }
    }

    fn holiday(&self, date: NaiveDate) -> bool {
        self.zone.country().is_some_and(|c| is_public_holiday(c, date))
    }

    /// Where a call may be planned on `date`: business ∩ legal hours; nothing on days off.
    pub fn windows_on(&self, date: NaiveDate) -> Vec<Window> {
        let working = self.business.days[date.weekday().num_days_from_monday() as usize];
        if !working || self.holiday(date) {
            return Vec::new();
        }
        intersect(&self.business.windows, self.legal.windows(date, false))
    }

    /// Most calls to one person in any 30 days at the lead's place, where the law limits them.
    pub fn calls_per_30_days(&self) -> Option<u8> {
        self.legal.calls_per_30_days()
    }

    /// Whether the law at the lead's place allows a call at `t` (business hours aside).
    pub fn legal_at(&self, t: DateTime<Utc>) -> bool {
        self.zone.wall(t).is_some_and(|wall| {
            self.legal.windows(wall.date, self.holiday(wall.date)).iter().any(|w| w.contains(wall.minute))
        })
    }

    /// The legal hours on the lead's date of `t` and the rule that sets them, for a rep told
    /// that a time is outside them.
    pub fn legal_summary(&self, t: DateTime<Utc>) -> String {
        let Some(wall) = self.zone.wall(t) else { return String::new() };
        let windows = self.legal.windows(wall.date, self.holiday(wall.date));
        let hours = if windows.is_empty() {
            "no calls that day".to_string()
        } else {
            windows.iter().map(Window::to_string).collect::<Vec<_>>().join(", ")
        };
        // The most specific rule is the last one applied; its name is what comes before the colon.
        let rule = self.legal.sources().last().and_then(|s| s.split_once(':')).map(|(name, _)| name);
        match rule.filter(|name| *name != "default") {
            Some(name) => format!("{hours}; {name}"),
            None => hours,
        }
    }

    /// The first quarter-hour slot at or after `not_before` inside the hours.
    pub fn next_slot(&self, not_before: DateTime<Utc>) -> Result<DateTime<Utc>, PlanError> {
        let start = self.zone.wall(not_before).ok_or(PlanError::NoCallingHours)?;
        let first = (start.minute + u16::from(!start.on_the_minute)).div_ceil(SLOT_MINUTES) * SLOT_MINUTES;
        for offset in 0..SEARCH_DAYS {
            let Some(date) = start.date.checked_add_signed(Duration::days(offset)) else { break };
            for window in self.windows_on(date) {
                let mut minute = window.start.div_ceil(SLOT_MINUTES) * SLOT_MINUTES;
                if offset == 0 {
                    minute = minute.max(first);
                }
                while minute < window.end {
                    // A reading skipped by a clock change, or one met twice whose first passage is
                    // already over, is no slot: try the next quarter.
                    if let Some(t) = self.zone.at(date, minute).filter(|t| *t >= not_before) {
                        return Ok(t);
                    }
                    minute += SLOT_MINUTES;
                }
            }
        }
        Err(PlanError::NoCallingHours)
    }
}
