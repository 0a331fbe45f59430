//! People grouped by card: the largest block around a name that holds no other name, the title
//! it gives them, and the details that go to them or to the organisation.

use super::names::{plausible_title, titled_class};
use super::prose::{first_sentence, role_in, segments};
use super::words::{looks_like_employer, looks_like_title};
use super::{sourced, Found, Named, Signal, MAX_CARD_LEVELS, MAX_DETAILS_LINE};
use crate::capture::{Collector, Contact, Organization, PhoneLabel, Sourced};
use crate::text::clean;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Each name's card: climbing from the name, the highest ancestor (within a few levels) that holds
/// no other name.
/// A name's own element is its card when its parent already holds another name (a contact page's
/// lines, one person each).
fn cards<'f>(doc: &Html, found: &'f [Found]) -> Vec<(NodeId, NodeId, &'f Named)> {
    let names: Vec<(NodeId, &Named)> = found
        .iter()
        .filter_map(|f| match &f.signal {
            Signal::Name(named) => Some((f.at, named)),
            _ => None,
        })
        .collect();
    let mut names_below: HashMap<NodeId, usize> = HashMap::new();
    for (at, ..) in &names {
        if let Some(node) = doc.tree.get(*at) {
            for a in std::iter::once(node).chain(node.ancestors()) {
                *names_below.entry(a.id()).or_default() += 1;
            }
        }
    }
    names
        .iter()
        .filter_map(|&(at, named)| {
            let node = doc.tree.get(at)?;
            ElementRef::wrap(node).filter(|e| !matches!(e.value().name(), "body" | "html" | "main"))?;
            // A line naming several people is the card of each.
            let mut card = node;
            for a in node.ancestors().take(MAX_CARD_LEVELS) {
                let Some(e) = ElementRef::wrap(a) else { break };
                if names_below.get(&a.id()) != Some(&1) || matches!(e.value().name(), "body" | "html" | "main") {
                    break;
                }
                // A card ends with its section: a block under its own heading ("Sales") does not
                // take in the blocks beside it under theirs ("Head office" and its switchboard).
                // The name's own heading is no section's (`<h5>Name</h5><h6>Senior Buyer</h6>`).
                if has_heading(card, false) && a.children().any(|c| c.id() != card.id() && has_heading(c, true)) {
                    break;
                }
                card = a;
            }
            Some((card.id(), at, named))
        })
        .collect()
}

/// How many elements of a block are searched for a heading: a card is small, a page's main
/// column is not worth reading to the end.
const HEADING_SEARCH: usize = 200;

/// Whether a node is a section heading (`itself`), or holds one.
fn has_heading(node: ego_tree::NodeRef<Node>, itself: bool) -> bool {
    let heading = |n: ego_tree::NodeRef<Node>| {
        n.value().as_element().is_some_and(|e| matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    node.descendants().skip(usize::from(!itself)).take(HEADING_SEARCH).any(heading)
}

/// The first line after the name, inside the card, that reads like a job title, and the employer
/// when the line after it names one ("VP Marketing<br>Brightlane").
fn title_in(doc: &Html, card: NodeId, name_at: NodeId) -> (Option<String>, Option<String>) {
    let Some(card) = doc.tree.get(card).and_then(ElementRef::wrap) else { return (None, None) };
    let mut after_name = false;
    // A title set above the name (`<span class="eyebrow">Chief Executive Officer</span><h3>…`),
    // kept in case none follows it.
    let mut above: Option<String> = None;
    let mut title: Option<String> = None;
    for node in card.descendants() {
        if node.id() == name_at {
            after_name = true;
            continue;
        }
        let Node::Text(t) = node.value() else { continue };
        if node.ancestors().any(|a| a.id() == name_at) {
            continue;
        }
        let Some(line) = clean(t).map(|l| first_sentence(&l).to_string()) else { continue };
        if let Some(title) = title {
            // "Head of Logistics at Ferro Trasporti" names its employer itself.
            if crate::capture::finish::role_and_employer(&title).is_some() {
                return (Some(title), None);
            }
            let linked = node
                .ancestors()
                .take(2)
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "a" | "button"));
            return (Some(title), (!linked && looks_like_employer(&line)).then_some(line));
        }
        // Markup that says what it holds (`class="field-title"`, `job-title`, `position`) is
        // believed whatever the words ("Lecturer", "Partner").
        let classed = node.ancestors().take(3).filter_map(ElementRef::wrap).any(titled_class);
        let is_title = looks_like_title(&line) || classed && plausible_title(&line);
        if !after_name {
            if is_title {
                above = Some(line);
            }
            continue;
        }
        if is_title {
            title = Some(line);
            continue;
        }
        // "…, Directrice commerciale – marie@acme.fr": a short line of details may hold one.
        if t.len() <= MAX_DETAILS_LINE {
            let role = role_in(segments(t).map(first_sentence), usize::MAX);
            if role.0.is_some() {
                return role;
            }
        }
    }
    (title.or(above), None)
}

pub(super) fn group(doc: &Html, found: Vec<Found>, out: &mut Collector) {
    let cards = cards(doc, &found);
    // The details of a line naming several people go to the first named.
    let mut card_index: HashMap<NodeId, usize> = HashMap::new();
    for (i, (card, ..)) in cards.iter().enumerate() {
        card_index.entry(*card).or_insert(i);
    }
    let card_of = |at: NodeId| -> Option<usize> {
        let node = doc.tree.get(at)?;
        std::iter::once(node).chain(node.ancestors()).find_map(|a| card_index.get(&a.id()).copied())
    };
    let mut people: Vec<Contact> = cards
        .iter()
        .map(|&(card, at, named)| {
            let (title, company) = match &named.title {
                Some(title) => (Some(title.clone()), named.company.clone()),
                None => {
                    let (title, company) = title_in(doc, card, at);
                    (title, named.company.clone().or(company))
                }
            };
            Contact {
                name: Some(sourced(named.name.clone())),
                title: title.map(sourced),
                company: company.map(sourced),
                ..Contact::default()
            }
        })
        .collect();
    let mut loose = Contact::default();
    let mut org_emails = Vec::new();
    let mut org_phones = Vec::new();
    for f in found {
        let owner = card_of(f.at);
        match (f.signal, owner) {
            (Signal::Name(..), _) => {}
            (Signal::Email(e), _) if e.is_role() => push_unique(&mut org_emails, sourced(e)),
            (Signal::Email(e), Some(i)) => push_unique(&mut people[i].emails, sourced(e)),
            (Signal::Email(e), None) => push_unique(&mut loose.emails, sourced(e)),
            (Signal::Phone(p), Some(i)) if p.label != Some(PhoneLabel::Switchboard) => {
                push_unique(&mut people[i].phones, sourced(p))
            }
            (Signal::Phone(p), _) => push_unique(&mut org_phones, sourced(p)),
            (Signal::Profile(p, named), Some(i)) => {
                let person = &mut people[i];
                if named.is_none_or(|n| person.name.as_ref().is_some_and(|own| own.value == n)) {
                    push_unique(&mut person.profiles, sourced(p));
                }
            }
            (Signal::Profile(p, _), None) => push_unique(&mut loose.profiles, sourced(p)),
            (Signal::LinkName(n), None) if loose.name.is_none() => loose.name = Some(sourced(n)),
            (Signal::LinkName(_), _) => {}
        }
    }
    // A name alone in a heading is not yet a contact: a card must say something more about them.
    people.retain(|p| p.title.is_some() || !p.emails.is_empty() || !p.phones.is_empty() || !p.profiles.is_empty());
    for person in people {
        out.add_contact(person);
    }
    // Loose personal emails are people we know only by address; loose profiles are usually the
    // site's own accounts, so they are kept only beside a loose personal email.
    for email in loose.emails.drain(..) {
        let name = loose.name.take();
        out.add_contact(Contact { name, emails: vec![email], ..Contact::default() });
    }
    out.absorb_organization(Organization { emails: org_emails, phones: org_phones, ..Organization::default() });
}

fn push_unique<T: PartialEq>(list: &mut Vec<Sourced<T>>, value: Sourced<T>) {
    if !list.iter().any(|v| v.value == value.value) {
        list.push(value);
    }
}
