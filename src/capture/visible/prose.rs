//! People named in running text: the lines of a block, a name that opens one (with its title,
//! employer or a way to reach them), and people quoted in prose with their title ("…," said
//! Maria Gonzalez, Chief Executive Officer of Acme Robotics).

use super::appointments::appointed;
use super::tables::{field_of, Field};
use super::words::{is_department, is_title_word, looks_like_employer, looks_like_name, looks_like_title};
use super::{digits, hidden_within, Found, Named, Signal, MAX_DETAILS_LINE, MAX_TEXT_NODES};
use crate::lexicon::{self, AnyOf, Section};
use crate::normalize::fold::fold_accents;
use crate::normalize::{is_place, unbracket, Email};
use crate::text::clean;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::sync::OnceLock;

/// A line of text cut where contact pages separate a name, a title and the details that follow:
/// "Jean Dupont, Responsable achats – jean@acme.fr | Tél. : 01 23 45 67 89".
pub(super) fn segments(line: &str) -> impl Iterator<Item = &str> {
    line.split([',', '–', '—', '|', '•', '·', ':', ';', '(', ')'])
        .flat_map(|s| s.split(" - "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The lines of a block, as its reader sees them: its leading text, and each text that follows a
/// `<br>` ("Media Contact:<br>Jennifer Walsh<br>Director of Communications<br>…").
fn lines(el: ElementRef<'_>) -> impl Iterator<Item = &str> {
    el.children()
        .scan(true, |at_start, child| {
            Some(match child.value() {
                Node::Text(t) if t.trim().is_empty() => None,
                Node::Text(t) => std::mem::replace(at_start, false).then_some(&**t),
                Node::Element(e) => {
                    *at_start = e.name() == "br";
                    None
                }
                _ => None,
            })
        })
        .flatten()
}

/// The title among a line's first `within` segments, and its employer when the segment right
/// after it names one ("David Chen | VP of Sales | Northwind Traders").
pub(super) fn role_in<'a>(parts: impl Iterator<Item = &'a str>, within: usize) -> (Option<String>, Option<String>) {
    let mut parts = parts.enumerate();
    let Some((_, title)) = parts.find(|(i, s)| *i < within && is_role(s)) else { return (None, None) };
    (clean(title), parts.next().map(|(_, s)| s).filter(|s| looks_like_employer(s)).and_then(clean))
}

/// Most words of a title read from running text that names no employer: "Chief Executive
/// Officer" is one, "Sales Director positions were cut by half" a sentence about one.
const MAX_ROLE_WORDS: usize = 7;

/// A title as running text writes one beside a name.
pub(super) fn is_role(text: &str) -> bool {
    looks_like_title(text)
        && (text.split_whitespace().count() <= MAX_ROLE_WORDS
            || crate::capture::finish::role_and_employer(text).is_some())
}

/// Most words that may lead into a name ("Speak to", "Please ask for").
const MAX_LEAD_IN_WORDS: usize = 3;

/// "Speak to Rachel Dunn": the capitalised words that end a short phrase, when they read as a
/// name and what leads into them is no title ("Directrice des achats chez Groupe Lumen").
fn name_ending(phrase: &str) -> Option<String> {
    // A dash or a bullet before the phrase is no word of it ("— Keynote by Lisa Park").
    let words: Vec<&str> = phrase.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
    let mut capitalised = words.iter().rev().take_while(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    // "By Tom Nguyen": a byline's "By" leads into the name.
    if capitalised > 2 && words[words.len() - capitalised] == "By" {
        capitalised -= 1;
    }
    let (lead_in, name) = words.split_at(words.len() - capitalised);
    let plain_lead_in = (1..=MAX_LEAD_IN_WORDS).contains(&lead_in.len())
        && lead_in.iter().skip(1).all(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !lead_in.iter().any(|w| is_title_word(&w.to_lowercase()));
    let name = name.join(" ");
    (capitalised >= 2 && plain_lead_in && looks_like_name(&name)).then_some(name)
}

/// Whether an address's local part is made of the name ("jwalsh@" of Jennifer Walsh, "tom@" of
/// Tom Becker): the address is theirs, and the line naming them is a person's.
fn address_of(name: &str, email: &Email) -> bool {
    let local = email.as_str().split('@').next().unwrap_or_default();
    let local: String = local.chars().filter(char::is_ascii_alphabetic).collect();
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| fold_accents(w).chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(given), Some(family)) = (words.first(), words.last()) else { return false };
    family.len() >= 3 && local.contains(family.as_str())
        || local == *given
        || given.len() >= 4 && local.starts_with(given.as_str())
}

/// Names that open a line of running text, as contact pages, press releases and signatures list
/// people: a line whose first segment is a name, with a title beside it or on the next line,
/// an address made of the name in the same block, or (on the block's first line) a way to reach them.
pub(super) fn lead_in_names(doc: &Html, found: &mut Vec<Found>) {
    let named: std::collections::HashSet<NodeId> = found
        .iter()
        .filter(|f| matches!(f.signal, Signal::Name(..)))
        .flat_map(|f| doc.tree.get(f.at).into_iter().flat_map(|n| n.ancestors().map(|a| a.id()).chain([f.at])))
        .collect();
    let names: std::collections::HashSet<NodeId> =
        found.iter().filter(|f| matches!(f.signal, Signal::Name(..))).map(|f| f.at).collect();
    // Not shown, or inside a block already read as a person's (a table of labelled cells).
    let out_of_reach = |el: ElementRef| hidden_within(el) || el.ancestors().any(|a| names.contains(&a.id()));
    let mut more = Vec::new();
    for el in doc.root_element().descendent_elements().take(MAX_TEXT_NODES) {
        if !matches!(el.value().name(), "p" | "li" | "td" | "dd" | "div" | "address" | "cite" | "figcaption")
            || named.contains(&el.id())
        {
            continue;
        }
        let mut lines = lines(el).peekable();
        // Whether the block is shown and no one's already: asked once, and only when a line names
        // someone, as a large page has thousands of lines.
        let mut free = None;
        let mut is_free = || *free.get_or_insert_with(|| !out_of_reach(el));
        let mut first_line = true;
        while let Some(line) = lines.next() {
            let is_first = std::mem::replace(&mut first_line, false);
            let mut parts = segments(line).peekable();
            let Some(first_part) = parts.next() else { continue };
            // A long line is running text: only the people it quotes are read from it.
            let first = clean(first_part).filter(|_| line.len() <= MAX_DETAILS_LINE);
            if let Some(first) = &first {
                let candidate = if looks_like_name(first) { Some(first.clone()) } else { name_ending(first) };
                if let Some(name) = candidate {
                    if !is_free() {
                        break;
                    }
                    let rest: Vec<&str> = parts.by_ref().collect();
                    // A name read from the end of a phrase has its title right after it.
                    let title_within = if name == *first { rest.len() } else { 1 };
                    let (mut title, mut company) = role_in(rest.iter().copied(), title_within);
                    // "Jennifer Walsh<br>Director of Communications, Acme Robotics", and the
                    // employer on the line after the title ("Priya Raman<br>Director of
                    // Communications<br>Northwind Logistics").
                    if title.is_none() {
                        title = lines.peek().and_then(|next| clean(next)).map(|next| first_sentence(&next).to_string());
                        title = title.filter(|t| looks_like_title(t));
                        if title.as_deref().is_some_and(|t| crate::capture::finish::role_and_employer(t).is_none()) {
                            lines.next();
                            company = lines.peek().and_then(|next| clean(next)).filter(|c| looks_like_employer(c));
                        }
                    }
                    // "Tom Becker, Becker PR"
                    if title.is_none() {
                        company = rest.first().filter(|s| looks_like_employer(s)).and_then(|s| clean(s));
                    }
                    let spoken_to = || {
                        found.iter().chain(&more).any(|f: &Found| match &f.signal {
                            Signal::Email(e) => address_of(&name, e) && within(doc, f.at, el.id()),
                            _ => false,
                        })
                    };
                    let whole_name = name == *first;
                    if title.is_some() || spoken_to() || whole_name && is_first && reachable(line) {
                        more.push(Found { at: el.id(), signal: Signal::Name(Named { name, title, company }) });
                    }
                    continue;
                }
                if let Some(field) = line.split_once(':').and_then(|(label, value)| field_of(label, value)) {
                    if !is_free() {
                        break;
                    }
                    let this_block = |f: &&mut Found| f.at == el.id();
                    match field {
                        Field::Name(name) => more.push(Found { at: el.id(), signal: Named::signal(name, None) }),
                        Field::Title(title) => {
                            if let Some(Signal::Name(named)) = more.last_mut().filter(this_block).map(|f| &mut f.signal)
                            {
                                named.title.get_or_insert(title);
                            }
                        }
                    }
                    continue;
                }
            }
            let people = quoted(line);
            if !people.is_empty() {
                if !is_free() {
                    break;
                }
                more.extend(people.into_iter().map(|named| Found { at: el.id(), signal: Signal::Name(named) }));
                continue;
            }
            let Some(first) = first.filter(|_| is_first) else { continue };
            // "Geschäftsführer: Dr. Hans Müller, Petra Schmidt", "Vertrieb: Thomas Weber, Tel. …":
            // a role or a contact label before a colon, then the people it names.
            let labelled = line.split_once(':').is_some_and(|(label, _)| label.trim() == first_part);
            if !labelled || first.split_whitespace().count() > 4 {
                continue;
            }
            let label = first.to_lowercase();
            if lexicon::words(Section::AppearanceLabels).contains(&label) {
                let Some(name) = parts.next().filter(|s| looks_like_name(s)).and_then(clean) else { continue };
                let (title, company) = role_in(parts, usize::MAX);
                if title.is_some() && is_free() {
                    more.push(Found { at: el.id(), signal: Signal::Name(Named { name, title, company }) });
                }
                continue;
            }
            let contact_label = lexicon::words(Section::ContactLabels).contains(&label);
            if !(contact_label || looks_like_title(&first) || is_department(&first)) {
                continue;
            }
            let title = (!contact_label).then_some(first);
            if title.is_none() && !reachable(line) {
                continue;
            }
            if !is_free() {
                break;
            }
            while let Some(name) = parts.next_if(|s| looks_like_name(s)).and_then(clean) {
                more.push(Found { at: el.id(), signal: Named::signal(name, title.clone()) });
            }
        }
    }
    found.extend(more);
}

/// Longest paragraph read for people quoted in it.
const MAX_PROSE_LINE: usize = 2_000;

/// A person quoted mid-sentence with their title after a comma, as press releases and news name
/// people: "…," said Maria Gonzalez, Chief Executive Officer of Acme Robotics.
/// Or a chief officer named after their title: "said Globex CEO Hank Scorpio"; or a person
/// appointed to a role.
fn quoted(line: &str) -> Vec<Named> {
    if line.len() > MAX_PROSE_LINE {
        return Vec::new();
    }
    let mut people = titled_after_comma(line);
    for other in chief_before_name(line).into_iter().chain(appointed(line)) {
        if !people.iter().any(|p| p.name == other.name) {
            people.push(other);
        }
    }
    people
}

fn titled_after_comma(line: &str) -> Vec<Named> {
    let mut people = Vec::new();
    // The cheap test first: most lines have no comma.
    if !line.contains(", ") {
        return people;
    }
    let parts: Vec<&str> = line.split(", ").collect();
    for (i, pair) in parts.windows(2).enumerate() {
        let (part, next) = (pair[0], pair[1]);
        // The cheap test first: a title or a name after the comma is capitalised, or the news
        // writes the title in lower case ("said Marcus Bell, co-founder and CEO of Northwind").
        let lower_title = || next.split([' ', ',']).next().is_some_and(|w| is_title_word(&w.to_lowercase()));
        if !next.starts_with(char::is_uppercase) && !lower_title() {
            continue;
        }
        // What follows the quotation or the sentence before: "said Maria Gonzalez".
        let part = part.rsplit(['"', '“', '”', '»', '.', '!', '?', ';', '—', '–']).next().unwrap_or(part).trim();
        if let Some(name) = Some(part.to_string()).filter(|p| looks_like_name(p)).or_else(|| name_ending(part)) {
            let title = clean(next).map(|t| first_sentence(&t).to_string()).filter(|t| is_role(t));
            if let Some(title) = title.filter(|_| !is_place(&name)) {
                people.push(Named { name, title: Some(title), company: None });
            }
            continue;
        }
        // "Acme's Vice President of Sales, Jane Doe, said": the title first, the name set off by
        // commas and the sentence going on in lower case after it (a list of names and titles
        // goes on capitalised: "Tom Hale, Head of Sales, Jane Doe, CTO").
        let set_off = parts.get(i + 2).is_some_and(|after| goes_on(after));
        if set_off && looks_like_name(next) && !is_place(next) {
            if let Some((title, company)) = title_ending(part) {
                people.push(Named { name: next.to_string(), title: Some(title), company });
            }
        }
    }
    people
}

/// The title that ends a phrase ("The company's CMO", "Acme's Vice President of Sales"), and the
/// employer whose possessive leads into it.
fn title_ending(phrase: &str) -> Option<(String, Option<String>)> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let possessive = |w: &str| w.ends_with("'s") || w.ends_with("’s");
    // Title case: "Vice President of Sales and Marketing", not "According to the Sales Director".
    let title_case = |w: &&str| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "and" | "&" | "for");
    // The longest run of title-case words at the end that reads as a title.
    let start = (words.len().saturating_sub(MAX_ROLE_WORDS)..words.len()).find(|&i| {
        let w = words[i];
        w.starts_with(char::is_uppercase)
            && !lexicon::words(Section::BeforeChief).contains(w)
            && words[i..].iter().all(|w| title_case(w) && !possessive(w))
            && is_role(&words[i..].join(" "))
    })?;
    let company = start
        .checked_sub(1)
        .map(|i| words[i])
        .filter(|w| possessive(w) && w.starts_with(char::is_uppercase))
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .filter(|c| looks_like_employer(c));
    Some((words[start..].join(" "), company))
}

/// Whether the words after a name carry its sentence on ("said…", "who joined…", "thanked
/// staff"), rather than join it to a list or a heading ("and others", "for more").
fn goes_on(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or_default();
    next.starts_with(char::is_lowercase)
        && !matches!(next, "and" | "or" | "for" | "of" | "to" | "the" | "a" | "an" | "with" | "from" | "by")
}

/// A word without the punctuation that ends a clause after it.
fn bare_word(word: &str) -> &str {
    word.trim_end_matches([',', '.', ';', ':', '"', '”', ')', '\''])
}

/// Capitalised words that open a title before its head: "Vice", "Senior", "Managing", "Sales".
fn opens_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    word.starts_with(char::is_uppercase)
        && bare_word(word).len() == word.len()
        && (matches!(lower.as_str(), "vice" | "senior" | "executive" | "general" | "managing" | "regional" | "global")
            || is_title_word(&lower))
}

/// Most words of a title read before a name.
const MAX_TITLE_BEFORE_NAME: usize = 4;

/// Whether a line may hold a title's head before a name: one of the title heads, or a chief's
/// acronym ("O " ends it before the name).
fn heads_test() -> &'static AnyOf {
    static HEADS: OnceLock<AnyOf> = OnceLock::new();
    HEADS.get_or_init(|| AnyOf::new(lexicon::words(Section::TitleHeads).iter().chain(["O "])))
}

/// "said Globex CEO Hank Scorpio", "Initech's CFO Bill Lumbergh", "Acme Vice President Jane Doe
/// said": a chief officer's title (CEO, CTO, CHRO…) or a senior one right before a name of two
/// or three capitalised words, and the capitalised words before the title as the employer when
/// they read as one.
fn chief_before_name(line: &str) -> Vec<Named> {
    let chief = |w: &str| {
        (3..=5).contains(&w.len())
            && w.starts_with('C')
            && w.ends_with('O')
            && w.bytes().all(|b| b.is_ascii_uppercase())
    };
    let mut people = Vec::new();
    // The cheap test first: most lines name no chief and no senior title.
    if !heads_test().is_in(line) {
        return people;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    for (i, head) in words.iter().enumerate() {
        let acronym = chief(head);
        if !acronym && !lexicon::words(Section::TitleHeads).contains(head) {
            continue;
        }
        // "Chairman Emeritus John Smith": the honour is the title's.
        let honours = words[i + 1..].iter().take_while(|w| matches!(**w, "Emeritus" | "Emerita")).count();
        let mut name = Vec::new();
        let mut ended = false;
        for word in words[i + 1 + honours..].iter().take(3) {
            let bare = bare_word(word);
            if !bare.starts_with(char::is_uppercase) {
                break;
            }
            name.push(bare);
            if bare.len() < word.len() {
                ended = true;
                break;
            }
        }
        let name = name.join(" ");
        let n = name.split(' ').count();
        // A senior title's name must end a clause: punctuation or the sentence going on.
        let clause_ends = ended || words.get(i + 1 + honours + n).is_some_and(|w| goes_on(w));
        if !(2..=3).contains(&n) || !looks_like_name(&name) || !(acronym || clause_ends) {
            continue;
        }
        let opening =
            words[..i].iter().rev().take(MAX_TITLE_BEFORE_NAME - 1).take_while(|w| !acronym && opens_title(w)).count();
        let title = words[i - opening..=i + honours].join(" ");
        let before: Vec<&str> = words[..i - opening]
            .iter()
            .rev()
            .take(3)
            .take_while(|w| {
                bare_word(w).len() == w.len()
                    && w.starts_with(char::is_uppercase)
                    && !lexicon::words(Section::BeforeChief).contains(w)
            })
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .collect();
        let company = before.into_iter().rev().collect::<Vec<_>>().join(" ");
        let company = Some(company).filter(|c| !c.is_empty() && looks_like_employer(c));
        people.push(Named { name, title: Some(title), company });
    }
    people
}

/// A line that holds an address or a number.
fn reachable(line: &str) -> bool {
    line.contains('@') || digits(line) >= 7 || unbracket(line).contains('@')
}

/// Whether node `at` is `block` or inside it.
fn within(doc: &Html, at: NodeId, block: NodeId) -> bool {
    at == block || doc.tree.get(at).is_some_and(|n| n.ancestors().any(|a| a.id() == block))
}

/// A title line without what leads into it or follows it: "– Founder & Head Baker. Hannah trained
/// in Lyon…" is "Founder & Head Baker". A period after a single word ("Sr. Director") is no
/// sentence's end.
pub(super) fn first_sentence(line: &str) -> &str {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || "–—-:|,·•(".contains(c));
    // Not after an abbreviation ("Dr. Smith", "Prof. Lee"): two words before the stop, or one
    // too long to be one ("Buyer. Speaking on supplier risk").
    let end = line.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let mut words = line[..i].split_whitespace();
        words.next().is_some_and(|w| w.chars().count() >= 5) || words.next().is_some()
    });
    let line = end.map_or(line, |i| &line[..i]).trim_end_matches(['.', ':', ',', ' ']);
    // "(Purchasing Manager)" once its opening bracket is gone.
    if line.contains('(') {
        line
    } else {
        line.trim_end_matches(')')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_title_head_passes_the_cheap_test() {
        for head in lexicon::words(Section::TitleHeads).iter().chain(["CEO", "CHRO"]) {
            assert!(heads_test().is_in(&format!("said Acme {head} Jane Doe.")), "{head}");
        }
        assert!(!heads_test().is_in("said Jane Doe, of Acme."));
    }

    #[test]
    fn employers_are_told_from_what_else_follows_a_title() {
        for yes in ["Datamesh", "Becker PR", "Acme, Inc.", "3M", "Bank of America", "Acme Industries"] {
            assert!(looks_like_employer(yes), "{yes}");
        }
        for no in
            ["EMEA", "North America", "Tax & Audit", "Paris", "Lyon, France", "PhD", "Read more", "5h • Edited", "2d"]
        {
            assert!(!looks_like_employer(no), "{no}");
        }
        assert_eq!(name_ending("Speak to Rachel Dunn").as_deref(), Some("Rachel Dunn"));
        assert_eq!(name_ending("Directrice des achats chez Groupe Lumen"), None, "a title leads into a company");
        let email = |e: &str| Email::parse(e).unwrap();
        assert!(address_of("Jennifer Walsh", &email("jwalsh@acme.com")));
        assert!(address_of("Tom Becker", &email("tom@beckerpr.com")));
        assert!(address_of("José Núñez", &email("jose.nunez@acme.es")));
        assert!(!address_of("Harbour House", &email("info@acme.com")));
    }
}
