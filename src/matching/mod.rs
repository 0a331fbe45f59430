//! Matching: is this person already a lead? A record-linkage engine used three ways: the side
//! panel's "already a lead?" as the rep browses, search by name/company/email/phone, and cleaning
//! a whole lead database (the CLI's `dedupe`).
//!
//! People are folded once (`person`), brought together by exact and blocking keys (`keys`) in a
//! compact index (`index`, its key table in `table`), compared field by field (`compare`),
//! weighed Fellegi–Sunter style with weights learned from the book itself (`weights`), and decided
//! with reasons a rep can read (`score`): "email equal +9.1; family name similar 0.97 +3.2; company
//! differs −1.4". An index saves to one blob and loads back deciding the same (`snapshot`).
//!
//! Not for: storing leads (`book`) or reading pages (`capture`).

pub mod compare;
pub mod dedupe;
pub mod index;
pub mod keys;
pub mod nicknames;
pub mod person;
pub mod score;
pub mod snapshot;
pub mod table;
pub mod weights;

pub use index::{Index, Slot};
pub use person::{Fields, Person};
pub use score::{Decision, Scored};
pub use snapshot::SnapshotError;

use crate::model::{Contact, LeadId};
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// The text a new lead's id is derived from: its strongest identifier, so that two captures of the
/// same person racing each other derive the same id. Role inboxes (info@) identify no person.
pub fn identity_key(c: &Contact) -> Option<String> {
    if let Some(e) = c.emails.iter().find(|e| !e.value.is_role()) {
        return Some(format!("email:{}", e.value));
    }
    if let Some(p) = c.profiles.first() {
        return Some(format!("{:?}:{}", p.value.network, p.value.id).to_lowercase());
    }
    let name = fold(&c.display_name()?);
    let company = c.company.as_ref().map(|s| fold(&s.value)).unwrap_or_default();
    (!name.is_empty()).then(|| format!("name:{name}|{company}"))
}

/// A lead a captured person may be, with the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub lead: LeadId,
    pub name: String,
    /// log2 odds that this is the person.
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Whether a captured person is already a lead, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchOutcome {
    New,
    Match {
        lead: LeadId,
        name: String,
        reasons: Vec<String>,
    },
    /// Close enough to ask: the rep picks one, or says this is someone new.
    Possible {
        candidates: Vec<Candidate>,
    },
}
