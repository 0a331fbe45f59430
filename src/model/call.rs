//! What a call came to, and where the lead stands on the call list.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    NoAnswer,
    VoicemailLeft,
    Gatekeeper,
    /// Needs the promised time: the next call is at exactly that time.
    CallbackRequested,
    MeetingBooked,
    NotInterested,
    Disqualified,
    WrongNumber,
    LeftCompany,
    DoNotCall,
}

/// Where a lead stands on the call list. Leads stored before stages existed load as `New`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStage {
    #[default]
    New,
    /// In a cadence of attempts.
    Contacting,
    CallbackPromised,
    MeetingBooked,
    NotInterested,
    /// Every attempt of the cadence made without reaching them.
    CadenceEnded,
    Disqualified,
    /// No number left that reaches them.
    WrongNumber,
    LeftCompany,
    DoNotCall,
}

impl LeadStage {
    /// Whether a call may be planned: never for someone who asked not to be called, or who cannot
    /// be reached or sold to. A booked, uninterested or exhausted lead may be put back on the list
    /// by the rep.
    pub fn closed(self) -> bool {
        matches!(self, LeadStage::DoNotCall | LeadStage::Disqualified | LeadStage::WrongNumber | LeadStage::LeftCompany)
    }

    /// Leads marketing should remove from their lists.
    pub fn needs_cleanup(self) -> bool {
        matches!(self, LeadStage::Disqualified | LeadStage::WrongNumber | LeadStage::LeftCompany)
    }
}

impl fmt::Display for LeadStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LeadStage::New => "new",
            LeadStage::Contacting => "being contacted",
            LeadStage::CallbackPromised => "call-back promised",
            LeadStage::MeetingBooked => "meeting booked",
            LeadStage::NotInterested => "not interested",
            LeadStage::CadenceEnded => "not reached after every attempt",
            LeadStage::Disqualified => "disqualified",
            LeadStage::WrongNumber => "no working number",
            LeadStage::LeftCompany => "left the company",
            LeadStage::DoNotCall => "do not call",
        })
    }
}
