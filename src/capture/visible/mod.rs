//! What a person sees on a page without structured data: names in headings, job titles, `mailto:`
//! and `tel:` links, social profile links, and emails and phone numbers written in the text (also
//! "jane [at] acme [dot] com"). People are grouped by card: the largest block around a name that
//! holds no other name (a team page's tile, a contact page's section). What belongs to no card
//! (info@, the switchboard) belongs to the organisation.

use super::Collector;
use crate::model::{Extractor, Phone, Sourced};
use crate::normalize::{Email, SocialProfile};
use ego_tree::NodeId;
use scraper::{ElementRef, Html};

mod appointments;
mod cards;
mod details;
mod names;
mod prose;
mod tables;
mod words;

use cards::group;
use details::{links, text};
use names::names;
use prose::lead_in_names;
use tables::{directory_rows, labelled_cells};
pub(super) use words::{
    capitalised_name, has_given_name, is_login, is_plausible_name, looks_like_employer, looks_like_name,
    looks_like_title, name_after_label,
};

const MAX_TEXT_NODES: usize = 200_000;
const MAX_SIGNALS: usize = 5_000;
const MAX_NAME_CHARS: usize = 60;
/// Longest line of running text read as a person's details ("Name, Title – email"); longer ones
/// are prose, whose clauses are no titles.
const MAX_DETAILS_LINE: usize = 160;
/// How far above a name its card may reach.
const MAX_CARD_LEVELS: usize = 6;

#[derive(Clone, Debug)]
enum Signal {
    Email(Email),
    Phone(Phone),
    /// A profile link, and the name it is written as when it names someone ("… <a>Tom Hale</a>
    /// this is what we discussed": a mention, not the card's own person).
    Profile(SocialProfile, Option<String>),
    /// A person's name, from a heading or a name-like element; with the title (and employer)
    /// written beside it ("Jean Dupont, Responsable achats : …"), if they were.
    Name(Named),
    /// A `mailto:` link whose text reads like a person's name.
    LinkName(String),
}

/// A person a line or a card names, with what it says of their role.
#[derive(Clone, Debug)]
struct Named {
    name: String,
    title: Option<String>,
    company: Option<String>,
}

impl Named {
    /// The signal of a name and title whose employer the line did not say.
    fn signal(name: String, title: Option<String>) -> Signal {
        Signal::Name(Named { name, title, company: None })
    }
}

struct Found {
    /// The element the signal sits in.
    at: NodeId,
    signal: Signal,
}

pub(super) fn extract(doc: &Html, out: &mut Collector) {
    let mut found = Vec::new();
    links(doc, &mut found);
    text(doc, &mut found);
    names(doc, &mut found);
    directory_rows(doc, &mut found);
    labelled_cells(doc, &mut found);
    lead_in_names(doc, &mut found);
    if found.len() > MAX_SIGNALS {
        found.truncate(MAX_SIGNALS);
        out.notes.push(format!("More than {MAX_SIGNALS} contact details in the page text: the rest were not read."));
    }
    group(doc, found, out);
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced::new(value, Extractor::Visible)
}

/// Whether an element's content is never shown to the reader.
fn hidden(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "script" | "style" | "noscript" | "template" | "head" | "title" | "svg")
}

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Whether the element sits inside content never shown (a `<template>`, a `<noscript>`).
fn hidden_within(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| hidden(a.value()))
}

#[cfg(test)]
mod tests;
