//! People grouped by card: the largest block around a name that holds no other name, the title
//! it gives them, and the details that go to them or to the organisation.

use super::appointments::bio_title;
use super::names::{plausible_title, title_after, titled_class};
use super::prose::{first_sentence, role_in, segments};
use super::words::{looks_like_employer, looks_like_title};
use super::{sourced, Found, Named, Signal, MAX_CARD_LEVELS, MAX_DETAILS_LINE};
use crate::capture::{Collector, Organization};
use crate::model::{Contact, PhoneLabel, Sourced};
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
fn title_in(doc: &Html, card: NodeId, name_at: NodeId, name: &str) -> (Option<String>, Option<String>) {
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
        // "Omar is our Head of Customer Success and a former teacher", "(Jane Doe) is the Head of
        // Sales at Acme": read before a title, which "is the Head of Sales" would pass for.
        if let Some(title) = bio_title(&line, name) {
            return (Some(title), None);
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

/// The people of a page's cards, the details that belong to no card, and the organisation's.
struct Grouped {
    /// Each name's element and its person.
    people: Vec<(NodeId, Contact)>,
    loose: Contact,
    org_emails: Vec<Sourced<crate::normalize::Email>>,
    org_phones: Vec<Sourced<crate::model::Phone>>,
}

impl Grouped {
    /// Whether a card says something more about its person than the name. A profile link alone
    /// counts when it is theirs by its name (`/in/jane-doe`): a heading beside the site's own
    /// accounts ("Follow us", "Social Media") names no one.
    fn says_more(person: &Contact) -> bool {
        let name = person.name.as_ref().map(|n| crate::text::fold(&n.value)).unwrap_or_default();
        let theirs = |id: &str| {
            let id = crate::text::fold(id);
            name.split(|c: char| !c.is_alphanumeric()).any(|w| w.chars().count() >= 3 && id.contains(w))
        };
        person.title.is_some()
            || !person.emails.is_empty()
            || !person.phones.is_empty()
            || person.profiles.iter().any(|p| theirs(&p.value.id))
    }
}

pub(super) fn group(doc: &Html, found: Vec<Found>, out: &mut Collector) {
    let mut cut = grouped(doc, &found);
    // A name alone in a heading is not yet a contact: a card must say something more about them.
    // Such a name ("Bar Admissions" over a list) is then no name at all, and the cards are cut
    // again without it, so that it does not cut the card of the person it stood beside.
    let empty: Vec<NodeId> = cut.people.iter().filter(|(_, p)| !Grouped::says_more(p)).map(|(at, _)| *at).collect();
    if !empty.is_empty() {
        let named = |f: &Found| matches!(f.signal, Signal::Name(..)) && empty.contains(&f.at);
        let found: Vec<Found> = found.into_iter().filter(|f| !named(f)).collect();
        cut = grouped(doc, &found);
    }
    let Grouped { people, mut loose, org_emails, org_phones } = cut;
    for (_, person) in people.into_iter().filter(|(_, p)| Grouped::says_more(p)) {
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

fn grouped(doc: &Html, found: &[Found]) -> Grouped {
    let cards = cards(doc, found);
    // The details of a line naming several people go to the first named.
    let mut card_index: HashMap<NodeId, usize> = HashMap::new();
    for (i, (card, ..)) in cards.iter().enumerate() {
        card_index.entry(*card).or_insert(i);
    }
    // Cards that hold the name and nothing else: a flat run of headings and paragraphs
    // (`<h3>Name</h3><p>Title</p><p>email</p><h3>Next</h3>…`), as a page editor writes a team.
    let name_lines: HashMap<NodeId, usize> = cards
        .iter()
        .enumerate()
        .filter(|(_, (card, _, named))| {
            let words = doc
                .tree
                .get(*card)
                .and_then(ElementRef::wrap)
                .map(|c| c.text().flat_map(str::split_whitespace).count());
            words == Some(named.name.split_whitespace().count())
        })
        .map(|(i, (card, ..))| (*card, i))
        .collect();
    let card_of = |at: NodeId| -> Option<usize> {
        let node = doc.tree.get(at)?;
        std::iter::once(node)
            .chain(node.ancestors())
            .find_map(|a| card_index.get(&a.id()).copied())
            .or_else(|| in_run_after(node, &name_lines))
    };
    let mut people: Vec<(NodeId, Contact)> = cards
        .iter()
        .map(|&(card, at, named)| {
            let (title, company) = match &named.title {
                Some(title) => (Some(title.clone()), named.company.clone()),
                None => {
                    let (title, company) = title_in(doc, card, at, &named.name);
                    let after =
                        || doc.tree.get(card).and_then(ElementRef::wrap).and_then(|c| title_after_line(c, &named.name));
                    let title = title.or_else(|| name_lines.contains_key(&card).then(after).flatten());
                    (title, named.company.clone().or(company))
                }
            };
            let person = Contact {
                name: Some(sourced(named.name.clone())),
                title: title.map(sourced),
                company: company.map(sourced),
                ..Contact::default()
            };
            (at, person)
        })
        .collect();
    let mut loose = Contact::default();
    let mut org_emails = Vec::new();
    let mut org_phones = Vec::new();
    for f in found {
        let owner = card_of(f.at);
        match (&f.signal, owner) {
            (Signal::Name(..), _) => {}
            (Signal::Email(e), _) if e.is_role() => push_unique(&mut org_emails, sourced(e.clone())),
            (Signal::Email(e), Some(i)) => push_unique(&mut people[i].1.emails, sourced(e.clone())),
            (Signal::Email(e), None) => push_unique(&mut loose.emails, sourced(e.clone())),
            (Signal::Phone(p), Some(i)) if p.label != Some(PhoneLabel::Switchboard) => {
                push_unique(&mut people[i].1.phones, sourced(p.clone()))
            }
            (Signal::Phone(p), _) => push_unique(&mut org_phones, sourced(p.clone())),
            (Signal::Profile(p, named), Some(i)) => {
                let person = &mut people[i].1;
                if named.as_ref().is_none_or(|n| person.name.as_ref().is_some_and(|own| own.value == *n)) {
                    push_unique(&mut person.profiles, sourced(p.clone()));
                }
            }
            (Signal::Profile(p, _), None) => push_unique(&mut loose.profiles, sourced(p.clone())),
            (Signal::LinkName(n), None) if loose.name.is_none() => loose.name = Some(sourced(n.clone())),
            (Signal::LinkName(_), _) => {}
        }
    }
    Grouped { people, loose, org_emails, org_phones }
}

/// A name line's title: the line after it, or the role the bio after it gives.
fn title_after_line(line: ElementRef, name: &str) -> Option<String> {
    title_after(line).or_else(|| {
        let next = line.next_siblings().find_map(ElementRef::wrap)?;
        let text = clean(&next.text().take(20).collect::<String>())?;
        bio_title(first_sentence(&text), name)
    })
}

/// How far up from a detail, and how far back among the siblings, its run's name is looked for.
const RUN_LEVELS: usize = 3;
const RUN_SIBLINGS: usize = 12;

/// The person whose name line comes last before a detail in a flat run of blocks; none once a
/// heading that names no one (a new section: "Head office") or a block holding a card stands
/// between them.
fn in_run_after(node: ego_tree::NodeRef<Node>, name_lines: &HashMap<NodeId, usize>) -> Option<usize> {
    if name_lines.is_empty() {
        return None;
    }
    for level in std::iter::once(node).chain(node.ancestors()).take(RUN_LEVELS) {
        for sibling in level.prev_siblings().filter(|n| n.value().is_element()).take(RUN_SIBLINGS) {
            if let Some(&i) = name_lines.get(&sibling.id()) {
                return Some(i);
            }
            if has_heading(sibling, true) {
                return None;
            }
        }
    }
    None
}

fn push_unique<T: PartialEq>(list: &mut Vec<Sourced<T>>, value: Sourced<T>) {
    if !list.iter().any(|v| v.value == value.value) {
        list.push(value);
    }
}
