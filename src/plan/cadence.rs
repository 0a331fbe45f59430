//! Follow-up cadence: when the next attempt is due after a call that did not reach the lead.
//! Data, so a team can set its own: each follow-up is a day counted from the first attempt and a
//! preferred time on the lead's clock. Times vary because someone who never answers at 10:00 may
//! answer at 16:00; the hours rules still move a preferred time that is not allowed.

use super::calling_rules::hm;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Days after the first attempt.
    pub day: u16,
    /// Preferred start, in minutes after the lead's midnight.
    pub at: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cadence {
    pub follow_ups: Vec<FollowUp>,
    /// Least time between two attempts, whatever the days say: a call logged late is not followed
    /// by another a minute later.
    pub min_gap_hours: u16,
}

impl Default for Cadence {
    /// Eight attempts over three weeks: the first, then days 1, 3, 5, 8, 11, 15 and 21 at times
    /// that move through the day.
    fn default() -> Cadence {
        let f = |day, at| FollowUp { day, at };
        Cadence {
            follow_ups: vec![
                f(1, hm(14, 0)),
                f(3, hm(10, 0)),
                f(5, hm(16, 0)),
                f(8, hm(11, 0)),
                f(11, hm(15, 0)),
                f(15, hm(9, 30)),
                f(21, hm(16, 30)),
            ],
            min_gap_hours: 20,
        }
    }
}

/// Why a cadence read from settings was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CadenceError {
    Unreadable(String),
    DaysNotIncreasing { follow_up: usize },
    TimeOutOfDay { follow_up: usize },
}

impl fmt::Display for CadenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CadenceError::Unreadable(e) => write!(f, "The cadence settings could not be read: {e}."),
            CadenceError::DaysNotIncreasing { follow_up } => {
                write!(f, "Follow-up {follow_up} must come on a later day than the one before it.")
            }
            CadenceError::TimeOutOfDay { follow_up } => {
                write!(f, "Follow-up {follow_up} has a time past midnight: use minutes from 0 to 1439.")
            }
        }
    }
}

impl Cadence {
    /// A cadence from JSON settings, checked.
    pub fn parse(json: &str) -> Result<Cadence, CadenceError> {
        let cadence: Cadence = serde_json::from_str(json).map_err(|e| CadenceError::Unreadable(e.to_string()))?;
        let mut last = 0;
        for (i, f) in cadence.follow_ups.iter().enumerate() {
            if f.day <= last {
                return Err(CadenceError::DaysNotIncreasing { follow_up: i + 1 });
            }
            if f.at >= 24 * 60 {
                return Err(CadenceError::TimeOutOfDay { follow_up: i + 1 });
            }
            last = f.day;
        }
        Ok(cadence)
    }

    /// The follow-up after attempt `done` (1-based); `None` once every attempt is made.
    pub fn after(&self, done: u32) -> Option<FollowUp> {
        let i = usize::try_from(done.checked_sub(1)?).ok()?;
        self.follow_ups.get(i).copied()
    }

    pub fn attempts(&self) -> usize {
        1 + self.follow_ups.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_eight_attempts_in_three_weeks_at_varied_times() {
        let c = Cadence::default();
        assert_eq!(c.attempts(), 8);
        assert!(c.follow_ups.iter().all(|f| f.day <= 21));
        let mut times: Vec<u16> = c.follow_ups.iter().map(|f| f.at).collect();
        crate::order::sort(&mut times);
        times.dedup();
        assert!(times.len() >= 5, "{times:?}");
        assert_eq!(c.after(1), Some(FollowUp { day: 1, at: 840 }));
        assert_eq!(c.after(8), None);
        assert_eq!(c.after(0), None);
        assert_eq!(Cadence::parse(&serde_json::to_string(&c).unwrap()), Ok(c));
    }

    #[test]
    fn settings_are_checked() {
        let parse = |s: &str| Cadence::parse(s).map(|c| c.follow_ups.len());
        assert_eq!(parse(r#"{"follow_ups":[{"day":2,"at":600},{"day":4,"at":900}],"min_gap_hours":4}"#), Ok(2));
        assert_eq!(
            parse(r#"{"follow_ups":[{"day":2,"at":600},{"day":2,"at":900}],"min_gap_hours":4}"#),
            Err(CadenceError::DaysNotIncreasing { follow_up: 2 })
        );
        assert_eq!(
            parse(r#"{"follow_ups":[{"day":0,"at":600}],"min_gap_hours":4}"#),
            Err(CadenceError::DaysNotIncreasing { follow_up: 1 })
        );
        assert_eq!(
            parse(r#"{"follow_ups":[{"day":1,"at":1440}],"min_gap_hours":4}"#),
            Err(CadenceError::TimeOutOfDay { follow_up: 1 })
        );
        assert!(matches!(parse("{}"), Err(CadenceError::Unreadable(_))));
    }
}
