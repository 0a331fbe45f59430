//! A lead: one person in the book, each value with where it came from.

use crate::capture::{Capture, Contact, Extractor, PhoneLabel, Sourced};
use crate::plan::{LeadStage, Qualification};
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
pub struct Alternative {
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
    pub location: Option<FieldValue>,
    pub emails: Vec<FieldValue>,
    pub phones: Vec<FieldValue>,
    /// Canonical social profile URLs.
    pub profiles: Vec<FieldValue>,
    pub websites: Vec<FieldValue>,
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
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
    pub engagement: Vec<crate::engagement::Event>,
}

/// Converts captured values into the lead's form, with the capture's URL and time.
struct Stamp<'a>(&'a Capture);

impl Stamp<'_> {
    fn one<T: ToString>(&self, s: &Option<Sourced<T>>) -> Option<FieldValue> {
        s.as_ref().map(|s| self.value(s))
    }

    fn many<T: ToString>(&self, v: &[Sourced<T>]) -> Vec<FieldValue> {
        v.iter().map(|s| self.value(s)).collect()
    }

    fn value<T: ToString>(&self, s: &Sourced<T>) -> FieldValue {
        FieldValue {
            value: s.value.to_string(),
            label: None,
            source: Provenance {
                url: self.0.url.clone(),
                extractor: s.extractor,
                at: self.0.captured_at,
                confidence: s.confidence,
            },
        }
    }
}

impl Lead {
    pub fn from_contact(id: LeadId, c: &Contact, capture: &Capture) -> Lead {
        let s = Stamp(capture);
        Lead {
            id,
            name: s.one(&c.name),
            given_name: s.one(&c.given_name),
            family_name: s.one(&c.family_name),
            title: s.one(&c.title),
            company: s.one(&c.company),
            location: s.one(&c.location),
            emails: s.many(&c.emails),
            phones: c.phones.iter().map(|p| FieldValue { label: p.value.label, ..s.value(p) }).collect(),
            profiles: c
                .profiles
                .iter()
                .map(|p| s.value(&Sourced { value: p.value.url(), extractor: p.extractor, confidence: p.confidence }))
                .collect(),
            websites: s.many(&c.websites),
            alternatives: c
                .alternatives
                .iter()
                .map(|a| Alternative { field: a.field.clone(), value: s.value(&a.value) })
                .collect(),
            confirmed: Vec::new(),
            rejected: Vec::new(),
            created_at: capture.captured_at,
            updated_at: capture.captured_at,
            qualification: Qualification::default(),
            stage: LeadStage::default(),
            engagement: Vec::new(),
        }
    }

    /// Adds what the contact knows that the lead does not; a differing value of a single-valued
    /// field is kept as an alternative. Returns whether anything changed.
    pub fn merge(&mut self, c: &Contact, capture: &Capture) -> bool {
        let incoming = Lead::from_contact(self.id.clone(), c, capture);
        let mut changed = false;
        for (field, mine, theirs) in [
            ("name", &mut self.name, incoming.name),
            ("given_name", &mut self.given_name, incoming.given_name),
            ("family_name", &mut self.family_name, incoming.family_name),
            ("title", &mut self.title, incoming.title),
            ("company", &mut self.company, incoming.company),
            ("location", &mut self.location, incoming.location),
        ] {
            let Some(theirs) = theirs else { continue };
            match mine {
                None => {
                    *mine = Some(theirs);
                    changed = true;
                }
                Some(m)
                    if crate::text::fold(&m.value) != crate::text::fold(&theirs.value)
                        && !self.alternatives.iter().any(|a| a.field == field && a.value.value == theirs.value) =>
                {
                    self.alternatives.push(Alternative { field: field.to_string(), value: theirs });
                    changed = true;
                }
                Some(_) => {}
            }
        }
        for (mine, theirs) in [
            (&mut self.emails, incoming.emails),
            (&mut self.phones, incoming.phones),
            (&mut self.profiles, incoming.profiles),
            (&mut self.websites, incoming.websites),
        ] {
            for v in theirs {
                if !mine.iter().any(|m| m.value == v.value) {
                    mine.push(v);
                    changed = true;
                }
            }
        }
        if changed {
            self.updated_at = capture.captured_at;
        }
        changed
    }

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
