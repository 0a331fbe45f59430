//! Capture: turns a page (its HTML and URL) into the people and the organisation it describes, each
//! field with the extractor that found it and how far we trust it. Bounded in input size and work,
//! and never fails: what could not be read becomes a note.
//!
//! Not for: deciding whether a person is already a lead (`matching`) or storing anything (`book`).

mod byline;
mod finish;
pub(crate) use finish::finish_contact;
mod engagement;
mod jsonld;
mod meta;
pub mod mf2;
mod microdata;
mod schema;
pub mod serialized;
mod sites;
pub mod vcard;
mod visible;

use crate::engagement::Seen;
use crate::model::{Contact, ContactAlternative, Extractor, Phone, Sourced};
use crate::normalize::Email;
use chrono::{DateTime, Utc};
use scraper::Html;
use serde::{Deserialize, Serialize};

/// Largest page we parse; the rest is cut and a note says so.
pub const MAX_HTML_BYTES: usize = 10 * 1024 * 1024;
/// Deepest element nesting read: real pages stay under a hundred levels, and the HTML parser's
/// work grows with the square of the depth.
pub const MAX_NESTING: usize = 1_000;
/// Most people kept from one page (a big team page has a few hundred).
pub const MAX_CONTACTS: usize = 2_000;

/// The organisation the page is about (a company site, a company page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: Option<Sourced<String>>,
    pub website: Option<Sourced<String>>,
    pub location: Option<Sourced<String>>,
    pub emails: Vec<Sourced<Email>>,
    pub phones: Vec<Sourced<Phone>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<ContactAlternative>,
}

/// Everything a page offers, with where and when it was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capture {
    pub url: String,
    pub captured_at: DateTime<Utc>,
    pub contacts: Vec<Contact>,
    pub organization: Option<Organization>,
    /// Who reacted to, commented on, shared or follows what, as the page's lists show it.
    #[serde(default)]
    pub engagements: Vec<Seen>,
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
    /// True when two records from the same page are the same person: a shared personal email or profile,
    /// or the same name where one of the two offers no email or profile to tell them apart.
    fn same_person(&self, other: &Contact) -> bool {
        // Equality first: this runs for every pair of people on a page, and most share nothing.
        let shares = self.emails.iter().any(|e| other.emails.iter().any(|o| o.value == e.value) && !e.value.is_role())
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
    alts: &mut Vec<ContactAlternative>,
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
    extend_alternatives(alts, vec![ContactAlternative { field: field.to_string(), value: loser }]);
}

fn extend_alternatives(alts: &mut Vec<ContactAlternative>, more: Vec<ContactAlternative>) {
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
    engagements: Vec<Seen>,
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

    /// Folds each contact into an earlier one that is the same person: names that readers took
    /// apart meet only once the last step has cleaned them ("By Lucy Akins" is Lucy Akins).
    fn merge_same_people(&mut self) {
        let read = std::mem::take(&mut self.contacts);
        let mut new_index = Vec::with_capacity(read.len());
        for c in read {
            match self.contacts.iter().position(|k| k.same_person(&c)) {
                Some(j) => {
                    self.contacts[j].absorb(c);
                    new_index.push(j);
                }
                None => {
                    new_index.push(self.contacts.len());
                    self.contacts.push(c);
                }
            }
        }
        for e in &mut self.engagements {
            e.contact = new_index.get(e.contact).copied().unwrap_or(e.contact);
        }
    }

    /// Where the person now is in [`Collector::contacts`]; `None` when nobody was kept.
    /// Keeps the contacts `keep` accepts, and the engagements of those (renumbered).
    fn retain_contacts(&mut self, keep: impl Fn(&Contact) -> bool) {
        let mut new_index = Vec::with_capacity(self.contacts.len());
        let mut kept = 0;
        for c in &self.contacts {
            let k = keep(c);
            new_index.push(k.then_some(kept));
            kept += usize::from(k);
        }
        self.contacts.retain(|c| keep(c));
        self.engagements.retain_mut(|e| match new_index.get(e.contact).copied().flatten() {
            Some(i) => {
                e.contact = i;
                true
            }
            None => false,
        });
    }

    fn add_contact(&mut self, contact: Contact) -> Option<usize> {
        if contact.is_empty() {
            return None;
        }
        if let Some(i) = self.contacts.iter().position(|c| c.same_person(&contact)) {
            self.contacts[i].absorb(contact);
            Some(i)
        } else if self.contacts.len() < MAX_CONTACTS {
            self.contacts.push(contact);
            Some(self.contacts.len() - 1)
        } else {
            if !self.notes.iter().any(|n| n.starts_with("More than")) {
                self.notes.push(format!("More than {MAX_CONTACTS} people on this page: the rest were not captured."));
            }
            None
        }
    }
}

/// Where the element nesting first goes deeper than [`MAX_NESTING`], by a quick scan of the tags
/// (elements that close themselves or are closed implicitly, such as `<p>` and `<li>`, do not
/// count; script and style contents are skipped).
fn nesting_cut(html: &str) -> Option<usize> {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "rt",
        "rp",
    ];
    const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed"];
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        let at = i + offset;
        i = at + 1;
        match bytes.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end =
                    bytes[at + 1..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |n| at + 1 + n);
                let name = html.get(at + 1..end).map(str::to_ascii_lowercase).unwrap_or_default();
                let close = bytes[end..].iter().position(|&b| b == b'>').map_or(bytes.len(), |n| end + n);
                if RAW.contains(&name.as_str()) {
                    // Skip to `</name`, in any case, without copying the rest of the page.
                    let n = name.len();
                    i = (close..bytes.len().saturating_sub(n + 1))
                        .find(|&p| {
                            bytes[p] == b'<'
                                && bytes[p + 1] == b'/'
                                && bytes[p + 2..p + 2 + n].eq_ignore_ascii_case(name.as_bytes())
                        })
                        .unwrap_or(bytes.len());
                } else if !FLAT.contains(&name.as_str()) && bytes.get(close.saturating_sub(1)) != Some(&b'/') {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(at);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn same_origin(page: Option<&url::Url>, other: &str) -> bool {
    let other = url::Url::parse(other).ok();
    page.zip(other.as_ref()).is_some_and(|(a, b)| a.origin() == b.origin())
}

/// Links to `.vcf` files on the page's own site, resolved.
fn vcard_links(doc: &Html, page: Option<&url::Url>) -> Vec<String> {
    let Some(page) = page else { return Vec::new() };
    // Only a link whose own text ends in ".vcf" can: joining every link of a large page to the
    // page's URL would cost more than the rest of the capture.
    let vcf = |href: &&str| {
        let path = href.split(['?', '#']).next().unwrap_or_default();
        let path: String = path.trim().chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
        path.to_ascii_lowercase().ends_with(".vcf")
    };
    let mut found: Vec<String> = elements(doc)
        .filter(|e| e.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .filter(vcf)
        .filter_map(|href| page.join(href).ok())
        .filter(|u| u.origin() == page.origin() && u.path().to_ascii_lowercase().ends_with(".vcf"))
        .map(String::from)
        .collect();
    found.dedup();
    found.truncate(MAX_VCARD_FILES);
    found
}

/// Every element of a page, in the order `Html::select` visits them. Extractors that look for an
/// attribute or two read each element's own; a selector engine costs several times more on a
/// large page.
/// Whether the page's title or main heading says it shows no one (a sign-in or sign-up wall,
/// an error, a block, search results), in one of the lexicon's languages.
fn shows_no_one(doc: &Html) -> bool {
    let text = |name: &str| {
        let el = elements(doc).find(|e| e.value().name() == name);
        el.map(|e| e.text().take(20).collect::<String>().to_lowercase()).unwrap_or_default()
    };
    let (title, heading) = (text("title"), text("h1"));
    let whole_word = |hay: &str, phrase: &str| {
        hay.match_indices(phrase).any(|(i, _)| {
            let before = hay[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = hay[i + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    };
    let phrases = crate::lexicon::words(crate::lexicon::Section::NoOnePages);
    phrases.iter().any(|p| whole_word(&title, p) || whole_word(&heading, p))
}

pub(super) fn elements(doc: &Html) -> impl Iterator<Item = scraper::ElementRef<'_>> {
    doc.tree.nodes().filter_map(scraper::ElementRef::wrap)
}

/// How a page's text was written, which decides how it is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Markup {
    /// Any HTML (a saved file, a fetched page): parsed by HTML's rules.
    #[default]
    Source,
    /// The browser's own serialization of the page's DOM (`outerHTML`), as the content script
    /// sends it: read as such ([`serialized`]), parsed as source if it is not one.
    Serialized,
}

/// A page to capture, as the browser or a saved file gives it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Page<'a> {
    /// Anything: hostile, broken, huge.
    pub html: &'a str,
    pub markup: Markup,
    pub url: &'a str,
    /// The vCard files the page links to (only same-origin ones are read).
    pub vcards: &'a [VcardFile],
    /// Country (ISO alpha-2) for phone numbers written without one; by default the page's
    /// language, its organisation's address or its domain say.
    pub region: Option<&'a str>,
}

/// The page's tree: read from the browser's serialization when it is one, else parsed.
fn parse(html: &str, markup: Markup, notes: &mut Vec<String>) -> Html {
    let too_deep = || format!("Page nested deeper than {MAX_NESTING} levels: only the part above that was read.");
    if let Some(read) = (markup == Markup::Serialized).then(|| serialized::read(html, MAX_NESTING)).flatten() {
        if read.too_deep {
            notes.push(too_deep());
        }
        return read.doc;
    }
    let html = match nesting_cut(html) {
        Some(at) => {
            notes.push(too_deep());
            &html[..at]
        }
        None => html,
    };
    Html::parse_document(html)
}

/// Captures the people and organisation on a page.
pub fn capture_page(html: &str, url: &str, now: DateTime<Utc>) -> Capture {
    capture(&Page { html, url, ..Page::default() }, now)
}

/// Captures the people and organisation on a page, with what the shell fetched beside it.
pub fn capture(page: &Page, now: DateTime<Utc>) -> Capture {
    let (html, url, vcards) = (page.html, page.url, page.vcards);
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
    let doc = parse(html, page.markup, &mut collector.notes);
    jsonld::extract(&doc, &mut collector);
    mf2::extract(&doc, url, &mut collector);
    microdata::extract(&doc, &mut collector);
    meta::extract(&doc, url, &mut collector);
    // A known site's page is read by its profile: generic card-finding there would take the
    // "people also viewed" sidebar for contacts.
    let subject = sites::extract(&doc, url, &mut collector);
    let listed = engagement::extract(&doc, url, subject.unwrap_or_default(), now, &mut collector);
    if subject.is_none() && !listed && !sites::on_feed_site(url) {
        if shows_no_one(&doc) {
            collector.notes.push("A sign-in, error or search page: its text was not read for people.".into());
        } else {
            meta::authors(&doc, &mut collector);
            byline::extract(&doc, &mut collector);
            visible::extract(&doc, &mut collector);
        }
    }
    let page_url = url::Url::parse(url).ok();
    for file in vcards.iter().take(MAX_VCARD_FILES) {
        if !same_origin(page_url.as_ref(), &file.url) {
            collector.notes.push(format!("vCard {} skipped: not on this page's site.", file.url));
            continue;
        }
        match vcard::parse(&file.text) {
            Ok(contacts) => contacts.into_iter().for_each(|c| {
                collector.add_contact(c);
            }),
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
    finish::finish(&doc, page, &mut collector);
    Capture {
        url: crate::normalize::page_address(url),
        captured_at: now,
        contacts: collector.contacts,
        organization: collector.organization,
        engagements: collector.engagements,
        vcard_links: vcard_links(&doc, page_url.as_ref()),
        notes: collector.notes,
    }
}
