//! One person as a page (or a file, or the CRM) shows them, before they are a lead.

use super::Sourced;
use crate::normalize::{Email, PhoneE164, PhoneKind, SocialProfile};
use serde::{Deserialize, Serialize};

/// What a page says a number is for. A fax is never a call target; a switchboard belongs to the
/// organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneLabel {
    Mobile,
    Direct,
    Office,
    Switchboard,
    Fax,
}

/// A phone number as the page wrote it, with its label when the page gave one, and what the
/// numbering plan says of it (filled once the page's region is known).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    pub number: String,
    pub label: Option<PhoneLabel>,
    /// `None` unless the number is valid.
    #[serde(default)]
    pub e164: Option<PhoneE164>,
    #[serde(default)]
    pub valid: bool,
    #[serde(default, rename = "type")]
    pub kind: PhoneKind,
    /// ISO 3166 alpha-2 code of the number's country.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
}

/// One person found on the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<Sourced<String>>,
    pub given_name: Option<Sourced<String>>,
    pub family_name: Option<Sourced<String>>,
    /// The current position's title, always with its own employer in `company`.
    pub title: Option<Sourced<String>>,
    pub company: Option<Sourced<String>>,
    /// What the person says of themselves under their name (LinkedIn's headline): shown and
    /// kept, never taken for a title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<Sourced<String>>,
    pub location: Option<Sourced<String>>,
    pub emails: Vec<Sourced<Email>>,
    pub phones: Vec<Sourced<Phone>>,
    pub profiles: Vec<Sourced<SocialProfile>>,
    pub websites: Vec<Sourced<String>>,
    /// Likely IANA time zone, from a phone number or the location.
    #[serde(default)]
    pub time_zone: Option<Sourced<String>>,
    /// Values that lost to a more trusted source for the same field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<ContactAlternative>,
}

/// A value another source gave for a field, kept rather than dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactAlternative {
    pub field: String,
    pub value: Sourced<String>,
}

impl Phone {
    /// A number as written, not yet read against a numbering plan.
    pub fn new(number: String, label: Option<PhoneLabel>) -> Phone {
        Phone { number, label, e164: None, valid: false, kind: PhoneKind::Unknown, region: None, extension: None }
    }

    /// Two spellings of one number ("+33 4 72 00 00 42", "tel:+33472000042") are the same phone.
    pub(crate) fn same_number(&self, other: &Phone) -> bool {
        match (&self.e164, &other.e164) {
            (Some(a), Some(b)) => a == b && self.extension == other.extension,
            _ => self.number == other.number,
        }
    }
}

/// E.164 where the number is valid (one spelling per number), else as the page wrote it.
impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.e164, &self.extension) {
            (Some(e164), Some(ext)) => write!(f, "{} ext. {ext}", e164.as_str()),
            (Some(e164), None) => f.write_str(e164.as_str()),
            (None, _) => f.write_str(&self.number),
        }
    }
}

impl Contact {
    /// The name to show: the full name, or given and family names joined.
    pub fn display_name(&self) -> Option<String> {
        fn v(f: &Option<Sourced<String>>) -> Option<&str> {
            f.as_ref().map(|x| x.value.as_str())
        }
        crate::text::person_name(v(&self.name), v(&self.given_name), v(&self.family_name))
    }
}
