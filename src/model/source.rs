//! Where a value came from: the extractor that found it and how far it is trusted.

use serde::{Deserialize, Serialize};

/// Which extractor found a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extractor {
    #[serde(rename = "jsonld")]
    JsonLd,
    Microdata,
    Rdfa,
    /// `<meta>` and `<link>` data: OpenGraph, the site's name, `rel=me`.
    Meta,
    /// Text and links as a person reads them, grouped by card.
    Visible,
    Vcard,
    /// microformats2 h-card, and the classic vCard-in-HTML `vcard`.
    Hcard,
    #[serde(rename = "linkedin.profile")]
    LinkedInProfile,
    #[serde(rename = "linkedin.company")]
    LinkedInCompany,
    /// A company's "people" list.
    #[serde(rename = "linkedin.people")]
    LinkedInPeople,
    /// Who reacted, commented, follows; a person's activity.
    #[serde(rename = "linkedin.engagement")]
    LinkedInEngagement,
    #[serde(rename = "x.profile")]
    XProfile,
    /// Replies, quotes, a profile's posts.
    #[serde(rename = "x.engagement")]
    XEngagement,
    #[serde(rename = "github.profile")]
    GitHubProfile,
    #[serde(rename = "github.people")]
    GitHubPeople,
    /// Pulled from the team's CRM, the system of record.
    Crm,
    /// A lead file the team imported (a CRM export, a list bought or kept by hand).
    Csv,
}

impl Extractor {
    /// How far a value from this extractor is trusted: the order in which sources win.
    pub fn confidence(self) -> f32 {
        match self {
            Extractor::JsonLd | Extractor::Crm => 0.95,
            Extractor::Microdata | Extractor::Rdfa | Extractor::Vcard | Extractor::Hcard | Extractor::Csv => 0.9,
            Extractor::Meta => 0.6,
            Extractor::Visible => 0.5,
            // The site readers ([`Extractor::is_site_reader`]).
            _ => 0.7,
        }
    }

    /// A reader of one site's own pages (a profile, its people, its engagement lists), which
    /// knows where the site puts a person's name.
    pub fn is_site_reader(self) -> bool {
        matches!(
            self,
            Extractor::LinkedInProfile
                | Extractor::LinkedInCompany
                | Extractor::LinkedInPeople
                | Extractor::LinkedInEngagement
                | Extractor::XProfile
                | Extractor::XEngagement
                | Extractor::GitHubProfile
                | Extractor::GitHubPeople
        )
    }
}

/// A value with the extractor that found it and its confidence (0..1).
/// The page URL and capture time are on the capture that holds it (`capture::Capture`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub extractor: Extractor,
    pub confidence: f32,
}

impl<T> Sourced<T> {
    pub fn new(value: T, extractor: Extractor) -> Sourced<T> {
        Sourced { value, extractor, confidence: extractor.confidence() }
    }
}
