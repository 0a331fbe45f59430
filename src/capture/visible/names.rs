//! Names in headings and name-like elements, a name over its title in one heading, and names
//! typed in capitals; with the title on the line after them.

use super::prose::first_sentence;
use super::words::{looks_like_name, looks_like_title};
use super::{digits, hidden, Found, Named, MAX_CARD_LEVELS, MAX_DETAILS_LINE, MAX_NAME_CHARS, MAX_TEXT_NODES};
use crate::lexicon::{self, Section};
use crate::normalize::{is_place, parse_name};
use crate::text::clean;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Headings and name-classed elements whose text reads like a person's name.
pub(super) fn names(doc: &Html, found: &mut Vec<Found>) {
    let mut seen: HashMap<NodeId, String> = HashMap::new();
    for el in doc.root_element().descendent_elements().take(MAX_TEXT_NODES) {
        let e = el.value();
        let named_class = e.attr("class").is_some_and(|c| {
            c.split_whitespace().any(|c| {
                let c = c.to_ascii_lowercase();
                c == "name" || c.ends_with("-name") || c.ends_with("_name") || c.ends_with("__name") || c == "fn"
            })
        });
        let heading =
            matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b" | "dt" | "figcaption");
        // Any element holding a name and nothing else may be a card's name line, if a title line
        // follows it. Judged on the text node itself: a large page has tens of thousands of
        // text-only elements, and collecting each one's text cost more than the rest.
        let name_only = || {
            let mut children = el.children();
            let (Some(only), None) = (children.next(), children.next()) else { return false };
            only.value().as_text().is_some_and(|t| {
                let t = t.trim();
                looks_like_name(t) || shouted_name(t).is_some() || reversed(t).is_some()
            })
        };
        if !(heading || named_class || name_only()) || hidden(e) {
            continue;
        }
        // `<h4>Jane Doe<br><small>Chief Executive Officer</small></h4>`
        if heading && holds_lines(el) {
            if let Some((name, title)) = name_over_title(el) {
                found.push(Found { at: el.id(), signal: Named::signal(name, Some(title)) });
            }
            continue;
        }
        let raw: String = el.text().collect();
        if raw.len() > MAX_NAME_CHARS * 4 || holds_lines(el) {
            continue;
        }
        // A name-classed element may write the family name first ("Doe, John"); a heading
        // "Paris, France" may not pass for one.
        let mut shouted = false;
        let mut titled = None;
        let Some(name) = clean(&raw).and_then(|t| {
            if looks_like_name(&t) {
                Some(t)
            } else if let Some((title, name)) = heading.then(|| title_before_name(&t)).flatten() {
                titled = Some(title);
                Some(name)
            } else if let Some((name, title)) = heading.then(|| name_then_title(&t)).flatten() {
                titled = Some(title);
                Some(name)
            } else if let Some(name) = shouted_name(&t) {
                shouted = true;
                Some(name)
            } else {
                // A name line must have its title after it (below).
                reversed(&t).filter(|_| named_class || !heading)
            }
        }) else {
            continue;
        };
        // `<h3><strong>Jane Doe</strong></h3>`: one name, found once.
        if el.ancestors().take(MAX_CARD_LEVELS).any(|a| seen.get(&a.id()) == Some(&name)) {
            continue;
        }
        // A heading in capitals is as often a section's ("FREE CONSULTATION"): it names someone
        // only with a title after it.
        let title = if titled.is_some() {
            titled
        } else if (heading || named_class) && !shouted {
            None
        } else {
            // `<a>Jane Doe</a><span class="role">Co-founder &amp; CEO</span>`
            let Some(title) = title_after(el) else { continue };
            Some(title)
        };
        seen.insert(el.id(), name.clone());
        found.push(Found { at: el.id(), signal: Named::signal(name, title) });
    }
}

/// "JANE DOE", as some sites type names: the name as the name parser writes it ("Jane Doe"),
/// when that reads as one.
fn shouted_name(text: &str) -> Option<String> {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    if text.len() > MAX_NAME_CHARS * 4 || letters.peek().is_none() || !letters.all(char::is_uppercase) {
        return None;
    }
    parse_name(text).map(|n| n.full()).filter(|n| looks_like_name(n))
}

/// Most words of a title written before the name in a heading.
const MAX_HEADING_TITLE_WORDS: usize = 3;

/// A heading that gives the title first: "Chairman Emeritus William T. Grant", "CEO Jane Doe".
fn title_before_name(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=MAX_HEADING_TITLE_WORDS.min(words.len().saturating_sub(2))).find_map(|n| {
        let (title, name) = (words[..n].join(" "), words[n..].join(" "));
        (looks_like_title(&title) && looks_like_name(&name)).then_some((title, name))
    })
}

/// A heading that gives the name, then the title after a separator: "Jane Doe | CEO", "Jane Doe,
/// CEO", "Tom Roe – Head of Sales".
fn name_then_title(text: &str) -> Option<(String, String)> {
    [" | ", ", ", " – ", " — ", " - "].iter().find_map(|sep| {
        let (name, title) = text.split_once(sep)?;
        let (name, title) = (name.trim(), title.trim());
        (looks_like_name(name) && looks_like_title(title)).then(|| (name.to_string(), title.to_string()))
    })
}

/// How many wrappers of a name-only element are looked through for the line after it.
const WRAPPER_LEVELS: usize = 2;

/// A heading broken in two lines by a `<br>`, a name above a title.
fn name_over_title(el: ElementRef) -> Option<(String, String)> {
    let mut parts = [String::new(), String::new()];
    let mut line = 0;
    for node in el.descendants().skip(1) {
        match node.value() {
            Node::Element(e) if e.name() == "br" => {
                line += 1;
                if line > 1 {
                    return None;
                }
            }
            Node::Element(e) if !matches!(e.name(), "span" | "small" | "em" | "i" | "strong" | "b" | "a") => {
                return None
            }
            Node::Text(t) if parts[line].len() <= MAX_DETAILS_LINE => parts[line].push_str(t),
            _ => {}
        }
    }
    let [name, title] = parts.map(|p| clean(&p));
    let (name, title) = (name?, first_sentence(&title?).to_string());
    (looks_like_name(&name) && looks_like_title(&title)).then_some((name, title))
}

/// The job title the element right after `el` holds, by its words or by its class.
/// Through a name's wrappers (`<p><span>Name</span></p><p><span>Title</span></p>`, as site
/// builders write a card).
pub(super) fn title_after(el: ElementRef) -> Option<String> {
    // `<a>Aoki, Hiroshi</a><br>Professor and Chair`: the line after a break is the next.
    let meaningful = |n: &ego_tree::NodeRef<Node>| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name() != "br",
        _ => false,
    };
    let mut el = el;
    let mut next = None;
    for _ in 0..=WRAPPER_LEVELS {
        next = el.next_siblings().find(meaningful);
        // Only a wrapper is climbed: an element holding nothing else (not a table row's cell).
        if next.is_some() || el.prev_siblings().any(|n| meaningful(&n)) {
            break;
        }
        el = el.parent().and_then(ElementRef::wrap)?;
    }
    let next = next?;
    if let Node::Text(t) = next.value() {
        let line = clean(t)?;
        let line = first_sentence(&line);
        return looks_like_title(line).then(|| line.to_string());
    }
    let mut next = ElementRef::wrap(next)?;
    // `<div class="summary-excerpt"><p>Director of Sales</p></div>`: through its wrappers.
    for _ in 0..WRAPPER_LEVELS {
        let mut inside = next.children().filter(meaningful);
        match (inside.next().and_then(ElementRef::wrap), inside.next()) {
            (Some(only), None) => next = only,
            _ => break,
        }
    }
    if hidden(next.value()) || holds_lines(next) {
        return None;
    }
    let line = clean(&next.text().take(20).collect::<String>())?;
    let line = first_sentence(&line);
    (looks_like_title(line) || titled_class(next) && plausible_title(line)).then(|| line.to_string())
}

/// Markup that says it holds a title (`class="field-title"`, `job-title`, `position`, `role`).
pub(super) fn titled_class(el: ElementRef) -> bool {
    el.value().attr("class").is_some_and(|c| {
        c.split_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            // `job-title`, `member-position`; not a counter's `tag-link-position-3`.
            if !token.bytes().any(|b| b.is_ascii_digit())
                && ["position", "role", "job", "designation"].iter().any(|w| token.contains(w))
            {
                return true;
            }
            // `member-title`, `team__title`: a person card's; `post-title`, `title`: a headline's.
            let owner = ["__title", "-title", "_title", "__subtitle", "-subtitle", "_subtitle"]
                .iter()
                .find_map(|end| token.strip_suffix(end));
            owner.is_some_and(|owner| {
                owner.split(['-', '_']).any(|part| lexicon::words(Section::PersonCardClasses).contains(part))
            })
        })
    })
}

/// What a line a title class marks may hold: short, no address or number.
pub(super) fn plausible_title(line: &str) -> bool {
    line.chars().count() <= 100 && !line.contains('@') && digits(line) < 4
}

/// Whether an element holds lines of its own (a `<figcaption>` of paragraphs): its text runs
/// them together ("Alan TuringVP Engineering"), and the lines are read one by one instead.
fn holds_lines(el: ElementRef) -> bool {
    el.descendent_elements().skip(1).any(|d| {
        matches!(
            d.value().name(),
            "p" | "div" | "br" | "li" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        )
    })
}

/// "Doe, John" as "John Doe", when that reads as a name; "Paris, France" is none.
fn reversed(text: &str) -> Option<String> {
    let (family, given) = text.split_once(',')?;
    let (family, given) = (family.trim(), given.trim());
    if family.is_empty() || given.is_empty() || given.contains(',') {
        return None;
    }
    let name = format!("{given} {family}");
    // The places last: most text with a comma is no name, and that is cheaper to tell.
    (looks_like_name(&name) && !is_place(family) && !is_place(given)).then_some(name)
}
