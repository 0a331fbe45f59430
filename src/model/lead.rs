//! A lead: one person in the book, each value with where it came from.

use super::{Event, Extractor, LeadStage, PhoneLabel, Qualification};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A lead's id: derived from the key it was first found by, so two captures of the same person
/// racing each other produce the same id rather than two leads.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LeadId(String);

impl LeadId {
    pub fn from_key(key: &str) -> LeadId {
        // FNV-1a: stable across platforms and versions, unlike std's hasher.
        let hash =
            key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        LeadId(format!("lead-{hash:016x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An id as stored.
impl From<String> for LeadId {
    fn from(id: String) -> LeadId {
        LeadId(id)
    }
}

impl fmt::Display for LeadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where and how a value was found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The page's address without its query string or fragment ([`crate::normalize::page_address`]).
    #[serde(deserialize_with = "crate::normalize::page::deserialize_page_address")]
    pub url: String,
    pub extractor: Extractor,
    pub at: DateTime<Utc>,
    pub confidence: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: String,
    /// For phones: what the page said the number is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<PhoneLabel>,
    pub source: Provenance,
}

/// A value that disagreed with the one the lead keeps: kept, never silently dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadAlternative {
    pub field: String,
    pub value: FieldValue,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub id: LeadId,
    pub name: Option<FieldValue>,
    pub given_name: Option<FieldValue>,
    pub family_name: Option<FieldValue>,
    pub title: Option<FieldValue>,
    pub company: Option<FieldValue>,
    /// What the person says of themselves under their name; never a title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<FieldValue>,
    pub location: Option<FieldValue>,
    pub emails: Vec<FieldValue>,
    pub phones: Vec<FieldValue>,
    /// Canonical social profile URLs.
    pub profiles: Vec<FieldValue>,
    pub websites: Vec<FieldValue>,
    #[serde(default)]
    pub alternatives: Vec<LeadAlternative>,
    /// Fingerprints of captures the rep said are this lead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed: Vec<String>,
    /// Fingerprints of captures the rep said are someone else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Budget, need, authority and timing, as the rep learns them.
    #[serde(default)]
    pub qualification: Qualification,
    /// Where the lead stands on the call list.
    #[serde(default)]
    pub stage: LeadStage,
    /// What they did with our content, and the rep's visits, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engagement: Vec<Event>,
    /// Who chose to keep the person. Absent on leads made by merely opening a page, which earlier
    /// versions did: the clean-up view lists those for the rep to keep or drop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<AddedBy>,
}

/// Why a person is a lead: nobody is one by being on a page the rep opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddedBy {
    /// The rep: saved them, put them on the call list, answered "someone new", kept them.
    Rep,
    /// The rep's "save everyone I open here" rule for the page's site.
    SiteRule,
    /// The rep's engagement rule: they engaged with our content.
    EngagementRule,
    /// A lead file the rep imported.
    File,
    /// The CRM.
    Crm,
}

impl Lead {
    pub fn display_name(&self) -> Option<String> {
        fn v(f: &Option<FieldValue>) -> Option<&str> {
            f.as_ref().map(|x| x.value.as_str())
        }
        crate::text::person_name(v(&self.name), v(&self.given_name), v(&self.family_name))
    }

    /// The page the lead was first captured on.
    pub fn source_url(&self) -> Option<&str> {
        [&self.name, &self.title, &self.company]
            .into_iter()
            .flatten()
            .chain(self.emails.iter())
            .chain(self.profiles.iter())
            .min_by_key(|f| f.source.at)
            .map(|f| f.source.url.as_str())
    }
}
