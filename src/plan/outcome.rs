//! What a call came to, logged in one click, and where it leaves the lead.

use crate::model::{LeadStage, Outcome};

/// What an outcome asks for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// The next attempt of the cadence.
    FollowUp,
    /// A call at the promised time.
    Callback,
    /// The same cadence on another number, if the lead has one.
    OtherNumber,
    /// No more calls: the lead moves to this stage.
    Stop(LeadStage),
}

impl Outcome {
    /// Whether the rep spoke with the lead (a gatekeeper or a voicemail is not them).
    pub fn reached(self) -> bool {
        matches!(
            self,
            Outcome::CallbackRequested
                | Outcome::MeetingBooked
                | Outcome::NotInterested
                | Outcome::Disqualified
                | Outcome::DoNotCall
        )
    }

    pub fn next(self) -> Next {
        match self {
            Outcome::NoAnswer | Outcome::VoicemailLeft | Outcome::Gatekeeper => Next::FollowUp,
            Outcome::CallbackRequested => Next::Callback,
            Outcome::WrongNumber => Next::OtherNumber,
            Outcome::MeetingBooked => Next::Stop(LeadStage::MeetingBooked),
            Outcome::NotInterested => Next::Stop(LeadStage::NotInterested),
            Outcome::Disqualified => Next::Stop(LeadStage::Disqualified),
            Outcome::LeftCompany => Next::Stop(LeadStage::LeftCompany),
            Outcome::DoNotCall => Next::Stop(LeadStage::DoNotCall),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ending_outcome_closes_or_parks_the_lead_and_only_dead_ones_need_cleanup() {
        let all = [
            Outcome::NoAnswer,
            Outcome::VoicemailLeft,
            Outcome::Gatekeeper,
            Outcome::CallbackRequested,
            Outcome::MeetingBooked,
            Outcome::NotInterested,
            Outcome::Disqualified,
            Outcome::WrongNumber,
            Outcome::LeftCompany,
            Outcome::DoNotCall,
        ];
        let stops: Vec<LeadStage> = all
            .iter()
            .filter_map(|o| match o.next() {
                Next::Stop(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(stops.len(), 5);
        let cleanup: Vec<_> = stops.iter().filter(|s| s.needs_cleanup()).collect();
        assert_eq!(cleanup, [&LeadStage::Disqualified, &LeadStage::LeftCompany]);
        assert!(LeadStage::WrongNumber.needs_cleanup() && LeadStage::WrongNumber.closed());
        assert!(LeadStage::DoNotCall.closed() && !LeadStage::DoNotCall.needs_cleanup());
        assert!(!LeadStage::MeetingBooked.closed() && !LeadStage::CadenceEnded.closed());
        let json = serde_json::to_string(&Outcome::CallbackRequested).unwrap();
        assert_eq!(json, r#""callback_requested""#);
    }
}
