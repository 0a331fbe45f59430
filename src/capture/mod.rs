//! Capture: turns a page (its HTML and URL) into the people and the organisation it describes, each
//! field with the extractor that found it and how far we trust it. Bounded in input size and work,
//! and never fails: what could not be read becomes a note.
//!
//! Not for: deciding whether a person is already a lead (`matching`) or storing anything (`book`).

mod jsonld;
mod meta;
pub mod mf2;
mod microdata;
mod schema;
mod sites;
pub mod vcard;
mod visible;

use crate::normalize::{Email, SocialProfile};
use chrono::{DateTime, Utc};
use scraper::Html;
use serde::{Deserialize, Serialize};

/// Largest page we parse; the rest is cut and a note says so.
pub const MAX_HTML_BYTES: usize = 10 * 1024 * 1024;
/// Most people kept from one page (a big team page has a few hundred).
pub const MAX_CONTACTS: usize = 2_000;

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
    #[serde(rename = "x.profile")]
    XProfile,
    #[serde(rename = "github.profile")]
    GitHubProfile,
    #[serde(rename = "github.people")]
    GitHubPeople,
}

impl Extractor {
    /// How far a value from this extractor is trusted: the order in which sources win.
    pub fn confidence(self) -> f32 {
        match self {
            Extractor::JsonLd => 0.95,
            Extractor::Microdata | Extractor::Rdfa | Extractor::Vcard | Extractor::Hcard => 0.9,
            Extractor::Meta => 0.6,
            Extractor::Visible => 0.5,
            Extractor::LinkedInProfile
            | Extractor::LinkedInCompany
            | Extractor::XProfile
            | Extractor::GitHubProfile
            | Extractor::GitHubPeople => 0.7,
        }
    }
}

/// A value with the extractor that found it and its confidence (0..1).
/// The page URL and capture time are on the [`Capture`] that holds it.
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

/// A phone number as the page wrote it, with its label when the page gave one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    pub number: String,
    pub label: Option<PhoneLabel>,
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.number)
    }
}

/// One person found on the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<Sourced<String>>,
    pub given_name: Option<Sourced<String>>,
    pub family_name: Option<Sourced<String>>,
    pub title: Option<Sourced<String>>,
    pub company: Option<Sourced<String>>,
    pub location: Option<Sourced<String>>,
    pub emails: Vec<Sourced<Email>>,
    pub phones: Vec<Sourced<Phone>>,
    pub profiles: Vec<Sourced<SocialProfile>>,
    pub websites: Vec<Sourced<String>>,
    /// Values that lost to a more trusted source for the same field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// A value another source gave for a field, kept rather than dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub field: String,
    pub value: Sourced<String>,
}

/// The organisation the page is about (a company site, a company page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: Option<Sourced<String>>,
    pub website: Option<Sourced<String>>,
    pub location: Option<Sourced<String>>,
    pub emails: Vec<Sourced<Email>>,
    pub phones: Vec<Sourced<Phone>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// Someone interacting with content (a like, a comment, a follow). Filled by site profiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    /// Index into [`Capture::contacts`].
    pub contact: usize,
    pub kind: String,
    pub target: String,
}

/// Everything a page offers, with where and when it was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capture {
    pub url: String,
    pub captured_at: DateTime<Utc>,
    pub contacts: Vec<Contact>,
    pub organization: Option<Organization>,
    pub engagements: Vec<Engagement>,
    /// Same-origin vCard files the page links to: the shell fetches them and captures again.
    pub vcard_links: Vec<String>,
    /// What was skipped or cut, in words a rep or an admin can act on.
    pub notes: Vec<String>,
}

/// A vCard file a page links to, as the shell fetched it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VcardFile {
    pub url: String,
    pub text: String,
}

/// Most vCard files read for one page.
pub const MAX_VCARD_FILES: usize = 5;

impl Contact {
    /// The name to show: the full name, or given and family names joined.
    pub fn display_name(&self) -> Option<String> {
        fn v(f: &Option<Sourced<String>>) -> Option<&str> {
            f.as_ref().map(|x| x.value.as_str())
        }
        crate::text::person_name(v(&self.name), v(&self.given_name), v(&self.family_name))
    }

    /// True when two records from the same page are the same person: a shared personal email or profile,
    /// or the same name where one of the two offers no email or profile to tell them apart.
    fn same_person(&self, other: &Contact) -> bool {
        let shares = self.emails.iter().any(|e| !e.value.is_role() && other.emails.iter().any(|o| o.value == e.value))
            || self.profiles.iter().any(|p| other.profiles.iter().any(|o| o.value == p.value));
        if shares {
            return true;
        }
        let anonymous = |c: &Contact| c.emails.is_empty() && c.profiles.is_empty();
        let folded = |c: &Contact| c.display_name().map(|n| crate::text::fold(&n));
        (anonymous(self) || anonymous(other)) && folded(self).is_some() && folded(self) == folded(other)
    }

    /// Adds what `other` knows and `self` does not.
    fn absorb(&mut self, other: Contact) {
        let alts = &mut self.alternatives;
        keep_best("name", &mut self.name, other.name, alts);
        keep_best("given_name", &mut self.given_name, other.given_name, alts);
        keep_best("family_name", &mut self.family_name, other.family_name, alts);
        keep_best("title", &mut self.title, other.title, alts);
        keep_best("company", &mut self.company, other.company, alts);
        keep_best("location", &mut self.location, other.location, alts);
        extend_alternatives(alts, other.alternatives);
        extend(&mut self.emails, other.emails);
        extend(&mut self.phones, other.phones);
        extend(&mut self.profiles, other.profiles);
        extend(&mut self.websites, other.websites);
    }

    fn is_empty(&self) -> bool {
        self.display_name().is_none() && self.emails.is_empty() && self.profiles.is_empty()
    }
}

/// Keeps the more trusted of two values (the earlier on a tie); a differing loser becomes an
/// alternative.
fn keep_best(
    field: &str,
    mine: &mut Option<Sourced<String>>,
    theirs: Option<Sourced<String>>,
    alts: &mut Vec<Alternative>,
) {
    let Some(theirs) = theirs else { return };
    let Some(current) = mine else {
        *mine = Some(theirs);
        return;
    };
    if crate::text::fold(&current.value) == crate::text::fold(&theirs.value) {
        return;
    }
    let loser = if theirs.confidence > current.confidence { std::mem::replace(current, theirs) } else { theirs };
    extend_alternatives(alts, vec![Alternative { field: field.to_string(), value: loser }]);
}

fn extend_alternatives(alts: &mut Vec<Alternative>, more: Vec<Alternative>) {
    for alt in more {
        if !alts.iter().any(|a| a.field == alt.field && a.value.value == alt.value.value) {
            alts.push(alt);
        }
    }
}

/// Adds the values not yet present.
fn extend<T: PartialEq>(mine: &mut Vec<Sourced<T>>, theirs: Vec<Sourced<T>>) {
    for v in theirs {
        if !mine.iter().any(|m| m.value == v.value) {
            mine.push(v);
        }
    }
}

/// Collects the people and organisation found by each extractor, merging repeats of one person.
#[derive(Default)]
struct Collector {
    contacts: Vec<Contact>,
    organization: Option<Organization>,
    notes: Vec<String>,
}

impl Collector {
    /// Adds what `org` knows of the page's organisation that earlier (more trusted) sources did not.
    fn absorb_organization(&mut self, org: Organization) {
        if org == Organization::default() {
            return;
        }
        let mine = self.organization.get_or_insert_with(Organization::default);
        let alts = &mut mine.alternatives;
        keep_best("name", &mut mine.name, org.name, alts);
        keep_best("website", &mut mine.website, org.website, alts);
        keep_best("location", &mut mine.location, org.location, alts);
        extend(&mut mine.emails, org.emails);
        extend(&mut mine.phones, org.phones);
        extend_alternatives(alts, org.alternatives);
    }

    fn add_contact(&mut self, contact: Contact) {
        if contact.is_empty() {
            return;
        }
        if let Some(existing) = self.contacts.iter_mut().find(|c| c.same_person(&contact)) {
            existing.absorb(contact);
        } else if self.contacts.len() < MAX_CONTACTS {
            self.contacts.push(contact);
        } else if !self.notes.iter().any(|n| n.starts_with("More than")) {
            self.notes.push(format!("More than {MAX_CONTACTS} people on this page: the rest were not captured."));
        }
    }
}

fn same_origin(page: Option<&url::Url>, other: &str) -> bool {
    let other = url::Url::parse(other).ok();
    page.zip(other.as_ref()).is_some_and(|(a, b)| a.origin() == b.origin())
}

/// Links to `.vcf` files on the page's own site, resolved.
fn vcard_links(doc: &Html, page: Option<&url::Url>) -> Vec<String> {
    let (Some(page), Ok(links)) = (page, scraper::Selector::parse("a[href]")) else { return Vec::new() };
    let mut found: Vec<String> = doc
        .select(&links)
        .filter_map(|a| page.join(a.value().attr("href")?).ok())
        .filter(|u| u.origin() == page.origin() && u.path().to_ascii_lowercase().ends_with(".vcf"))
        .map(String::from)
        .collect();
    found.dedup();
    found.truncate(MAX_VCARD_FILES);
    found
}

/// Captures the people and organisation on a page. `html` may be anything: hostile, broken, huge.
pub fn capture_page(html: &str, url: &str, now: DateTime<Utc>) -> Capture {
    capture_with_vcards(html, url, &[], now)
}

/// [`capture_page`], with the vCard files the page links to (only same-origin ones are read).
pub fn capture_with_vcards(html: &str, url: &str, vcards: &[VcardFile], now: DateTime<Utc>) -> Capture {
    let mut collector = Collector::default();
    let html = if html.len() > MAX_HTML_BYTES {
        let mut end = MAX_HTML_BYTES;
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        collector.notes.push(format!(
            "Page truncated: only the first {} MB of {} MB were read.",
            MAX_HTML_BYTES / (1024 * 1024),
            html.len().div_ceil(1024 * 1024)
        ));
        &html[..end]
    } else {
        html
    };
    let doc = Html::parse_document(html);
    jsonld::extract(&doc, &mut collector);
    mf2::extract(&doc, url, &mut collector);
    microdata::extract(&doc, &mut collector);
    meta::extract(&doc, url, &mut collector);
    // A known site's page is read by its profile: generic card-finding there would take the
    // "people also viewed" sidebar for contacts.
    if !sites::extract(&doc, url, &mut collector) {
        visible::extract(&doc, &mut collector);
    }
    let page = url::Url::parse(url).ok();
    for file in vcards.iter().take(MAX_VCARD_FILES) {
        if !same_origin(page.as_ref(), &file.url) {
            collector.notes.push(format!("vCard {} skipped: not on this page's site.", file.url));
            continue;
        }
        match vcard::parse(&file.text) {
            Ok(contacts) => contacts.into_iter().for_each(|c| collector.add_contact(c)),
            Err(e) => collector.notes.push(format!("vCard {} skipped: {e}.", file.url)),
        }
    }
    if let [only] = collector.contacts.as_mut_slice() {
        for profile in meta::rel_me(&doc) {
            if !only.profiles.iter().any(|p| p.value == profile) {
                only.profiles.push(Sourced::new(profile, Extractor::Meta));
            }
        }
    }
    Capture {
        url: url.to_string(),
        captured_at: now,
        contacts: collector.contacts,
        organization: collector.organization,
        engagements: Vec::new(),
        vcard_links: vcard_links(&doc, page.as_ref()),
        notes: collector.notes,
    }
}
