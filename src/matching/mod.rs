//! Matching: is this captured person already a lead? Exact keys (email, social profile) decide here,
//! each decision with a reason a rep can read. A weak name + company key keeps people who offer
//! neither from being entered twice.
//!
//! Not for: storing leads (`book`), or cleaning up near-duplicates (fuzzy scoring comes later).

use crate::book::{Lead, LeadId};
use crate::capture::Contact;
use crate::normalize::{Email, SocialProfile};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A value that identifies one person: two records sharing one are the same person.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum MatchKey {
    Email(Email),
    Profile(SocialProfile),
    /// Folded "name|company", used only when a record has no email and no profile.
    NameCompany(String),
}

impl MatchKey {
    /// Stable text form, used to derive lead ids and as a store index.
    pub fn as_text(&self) -> String {
        match self {
            MatchKey::Email(e) => format!("email:{e}"),
            MatchKey::Profile(p) => format!("{:?}:{}", p.network, p.id).to_lowercase(),
            MatchKey::NameCompany(n) => format!("name:{n}"),
        }
    }
}

impl fmt::Display for MatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchKey::Email(e) => write!(f, "same email {e}"),
            MatchKey::Profile(p) => write!(f, "same {p} profile"),
            MatchKey::NameCompany(_) => f.write_str("same name and company"),
        }
    }
}

fn name_company_key(name: Option<String>, company: Option<&str>) -> Option<MatchKey> {
    let name = fold(&name?);
    (!name.is_empty()).then(|| MatchKey::NameCompany(format!("{name}|{}", company.map(fold).unwrap_or_default())))
}

/// Keys of a captured contact, strongest first. Role inboxes (info@) identify no person.
pub fn contact_keys(c: &Contact) -> Vec<MatchKey> {
    let mut keys: Vec<MatchKey> = c
        .emails
        .iter()
        .filter(|e| !e.value.is_role())
        .map(|e| MatchKey::Email(e.value.clone()))
        .chain(c.profiles.iter().map(|p| MatchKey::Profile(p.value.clone())))
        .collect();
    if keys.is_empty() {
        keys.extend(name_company_key(c.display_name(), c.company.as_ref().map(|s| s.value.as_str())));
    }
    keys
}

/// Keys of a lead in the book, built the same way as [`contact_keys`].
pub fn lead_keys(l: &Lead) -> Vec<MatchKey> {
    let mut keys: Vec<MatchKey> = l
        .emails
        .iter()
        .filter_map(|e| Email::parse(&e.value).filter(|e| !e.is_role()))
        .map(MatchKey::Email)
        .chain(l.profiles.iter().filter_map(|p| SocialProfile::parse(&p.value)).map(MatchKey::Profile))
        .collect();
    if keys.is_empty() {
        keys.extend(name_company_key(l.display_name(), l.company.as_ref().map(|c| c.value.as_str())));
    }
    keys
}

/// Whether a captured person is already a lead, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchOutcome {
    New,
    Match { lead: LeadId, name: String, reasons: Vec<String> },
}
