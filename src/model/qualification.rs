//! Qualification of a lead as a rep learns it on calls: budget, need, authority (fit) and timing.

use serde::{Deserialize, Serialize};

/// What the rep knows of one criterion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    #[default]
    Unknown,
    Met,
    NotMet,
}

/// Budget, need, authority and timing; every criterion starts unknown, so leads stored before
/// qualification existed load as unqualified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Qualification {
    pub budget: Criterion,
    pub need: Criterion,
    /// Can decide or sign, and fits the ideal customer.
    pub authority: Criterion,
    /// Intends to buy within the sales horizon.
    pub timing: Criterion,
}

impl Qualification {
    pub fn criteria(&self) -> [(&'static str, Criterion); 4] {
        [("budget", self.budget), ("need", self.need), ("authority", self.authority), ("timing", self.timing)]
    }

    /// "Qualification: budget met, need not met, authority unknown, timing unknown." for the CRM,
    /// or nothing while all is unknown.
    pub fn summary(&self) -> Option<String> {
        let word = |c: Criterion| match c {
            Criterion::Unknown => "unknown",
            Criterion::Met => "met",
            Criterion::NotMet => "not met",
        };
        let parts: Vec<String> = self.criteria().into_iter().map(|(n, c)| format!("{n} {}", word(c))).collect();
        (*self != Qualification::default()).then(|| format!("Qualification: {}.", parts.join(", ")))
    }

    /// "Still to learn: budget, timing." for the call note, or nothing when all is known.
    pub fn to_learn(&self) -> Option<String> {
        let unknown: Vec<&str> =
            self.criteria().into_iter().filter(|(_, c)| *c == Criterion::Unknown).map(|(n, _)| n).collect();
        (!unknown.is_empty()).then(|| format!("Still to learn: {}.", unknown.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_leads_without_the_field_load_unknown_and_partial_json_fills_the_rest() {
        let q: Qualification = serde_json::from_str(r#"{"need":"met"}"#).unwrap();
        assert_eq!(q, Qualification { need: Criterion::Met, ..Qualification::default() });
        assert_eq!(q.to_learn().as_deref(), Some("Still to learn: budget, authority, timing."));
        let all = Qualification {
            budget: Criterion::Met,
            need: Criterion::NotMet,
            authority: Criterion::Met,
            timing: Criterion::Met,
        };
        assert_eq!(all.to_learn(), None);
        assert_eq!(
            all.summary().as_deref(),
            Some("Qualification: budget met, need not met, authority met, timing met.")
        );
        assert_eq!(Qualification::default().summary(), None);
        assert!(serde_json::from_str::<Qualification>(r#"{"need":"maybe"}"#).is_err());
    }
}
