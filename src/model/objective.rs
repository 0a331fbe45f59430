//! What a call is for. The rep picks a default per campaign; each call keeps the goal it was
//! planned with, and its follow-ups inherit it.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    #[default]
    BookMeeting,
    Webinar,
    CloseNow,
    Reorder,
}

impl Objective {
    pub const ALL: [Objective; 4] =
        [Objective::BookMeeting, Objective::Webinar, Objective::CloseNow, Objective::Reorder];

    /// The goal in a rep's words.
    pub fn label(self) -> &'static str {
        match self {
            Objective::BookMeeting => "Book a meeting",
            Objective::Webinar => "Invite to the webinar",
            Objective::CloseNow => "Close the deal",
            Objective::Reorder => "Win a re-order",
        }
    }

    /// The name serde gives it, for form values.
    pub fn key(self) -> &'static str {
        match self {
            Objective::BookMeeting => "book_meeting",
            Objective::Webinar => "webinar",
            Objective::CloseNow => "close_now",
            Objective::Reorder => "reorder",
        }
    }
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_what_serde_writes() {
        for o in Objective::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), o.key());
        }
    }
}
