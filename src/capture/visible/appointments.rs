//! Roles written in sentences. People a press release names in a new role: "Northwind Logistics
//! today announced the appointment of Sandra Okafor as Chief Revenue Officer", "Jane Doe has been
//! named CFO", "Tom Hale joins Globex as Head of Sales" (a rep's best reason to call is a new
//! executive); and the role a team page's bio gives: "Omar is our Head of Customer Success".

use super::prose::{first_sentence, is_role};
use super::words::{looks_like_employer, looks_like_name};
use super::Named;
use crate::lexicon::{self, AnyOf, Section};
use crate::normalize::is_place;
use std::sync::OnceLock;

/// How far a subject is looked for before the appointing verb.
const MAX_SUBJECT_WORDS: usize = 6;

/// How much of a line is read on either side of a verb: a name, a title and a company are short.
const NEAR: usize = 120;
/// How much is read before it for the company that opens the sentence, after its dateline.
const FAR: usize = 300;
/// Mentions of one verb read in a line: a hostile page repeats them thousands of times.
const MAX_MENTIONS: usize = 4;

/// Whether a line may announce someone: it holds one of the phrases the readers below look for
/// (built from them, so no phrase is missed).
fn cheap_test() -> &'static AnyOf {
    static CHEAP: OnceLock<AnyOf> = OnceLock::new();
    CHEAP.get_or_init(|| {
        let phrases = [Section::AppointmentBeforePerson, Section::AppointmentAfterPerson, Section::BioRole];
        AnyOf::new(phrases.into_iter().flat_map(|s| lexicon::words(s).iter()))
    })
}

/// The first `n` bytes of `s`, or fewer, to a character's boundary.
fn head(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `n` bytes of `s`, or fewer, from a character's boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The people a line names in a new role, with the company that appointed them when the sentence
/// opens with it.
pub(super) fn appointed(line: &str) -> Vec<Named> {
    // The cheap test first: most lines announce nobody.
    if !cheap_test().is_in(line) {
        return Vec::new();
    }
    let mut people = Vec::new();
    for verb in lexicon::words(Section::AppointmentBeforePerson).iter() {
        for (at, _) in line.match_indices(verb).take(MAX_MENTIONS) {
            let after = head(&line[at + verb.len()..], NEAR);
            let Some((name, title)) = after.split_once(" as ") else { continue };
            if let Some(title) = title_from(title).filter(|_| is_person(name)) {
                let company = subject(tail(&line[..at], FAR));
                people.push(Named { name: name.to_string(), title: Some(title), company });
            }
        }
    }
    // "Jamie Doyle is a Senior Analyst at Gartner": an author box's or a bio's sentence, about the
    // person it opens with.
    let bios = lexicon::words(Section::BioRole).iter().map(|m| (m, true));
    for (marker, bio) in lexicon::words(Section::AppointmentAfterPerson).iter().map(|m| (m, false)).chain(bios) {
        for (at, _) in line.match_indices(marker).take(MAX_MENTIONS) {
            let before = tail(&line[..at], NEAR);
            let Some(name) = person_ending(before) else { continue };
            let opens = || before.rsplit(". ").next().is_some_and(|s| s.trim() == name);
            if bio && !opens() {
                continue;
            }
            let after = head(&line[at + marker.len()..], NEAR);
            if bio && lexicon::words(Section::Advertising).iter().any(|w| after.starts_with(w)) {
                continue;
            }
            // "joins Globex as Head of Sales", "has been appointed as CFO", "was named CFO".
            let (company, title) = match after.split_once(" as ") {
                Some((company, title)) => (Some(company.trim()).filter(|c| looks_like_employer(c)), title),
                None => (None, after),
            };
            if let Some(title) = title_from(title) {
                people.push(Named { name, title: Some(title), company: company.map(str::to_string) });
            }
        }
    }
    people.dedup_by(|a, b| a.name == b.name);
    people
}

/// The title a card's bio gives its person, when the sentence is about them: it opens with a word
/// of their name or a pronoun ("Omar is our Head of Customer Success and a former teacher").
pub(super) fn bio_title(line: &str, name: &str) -> Option<String> {
    // "<strong>Jane Doe</strong> is our CEO": the sentence goes on from the name.
    let bio_role = lexicon::words(Section::BioRole);
    if let Some(rest) = bio_role.iter().find_map(|m| line.strip_prefix(m.trim_start())) {
        return title_from(rest);
    }
    let (at, marker) = bio_role.iter().filter_map(|m| line.find(m).map(|at| (at, m))).min_by_key(|(at, _)| *at)?;
    let subject = line[..at].trim();
    let about = matches!(subject, "She" | "He" | "They") || {
        let words: Vec<&str> = subject.split_whitespace().collect();
        (1..=3).contains(&words.len()) && words.iter().all(|w| name.split_whitespace().any(|n| n == *w))
    };
    if !about {
        return None;
    }
    title_from(&line[at + marker.len()..])
}

fn is_person(name: &str) -> bool {
    looks_like_name(name) && !is_place(name)
}

/// The name that ends a phrase ("CHICAGO -- Sandra Okafor" → "Sandra Okafor").
fn person_ending(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let capitalised = words.iter().rev().take_while(|w| w.starts_with(char::is_uppercase)).count();
    // The shortest run that is a name, two words at least: "Acme Sales Director Jane Doe" is Jane Doe.
    (2..=capitalised.min(4)).map(|n| words[words.len() - n..].join(" ")).find(|n| is_person(n))
}

/// The title a phrase opens with, up to where the sentence goes on.
fn title_from(text: &str) -> Option<String> {
    let text = text.trim_start();
    let text = lexicon::words(Section::BeforeTitle).iter().find_map(|w| text.strip_prefix(w)).unwrap_or(text);
    let end = lexicon::words(Section::AfterTitle).iter().filter_map(|w| text.find(w)).min().unwrap_or(text.len());
    let title = first_sentence(&text[..end]);
    // A title goes on in title case, with its joiners: "Chief Revenue Officer and will report to
    // Bell", "Senior Analyst at Gartner covering sales technology" end before the verb.
    let joiners = lexicon::words(Section::TitleJoiners);
    let words: Vec<&str> = title.split_whitespace().collect();
    let kept =
        words.iter().position(|w| w.starts_with(char::is_lowercase) && !joiners.contains(w)).unwrap_or(words.len());
    let kept = words[..kept].iter().rposition(|w| !joiners.contains(w)).map_or(0, |i| i + 1);
    let title = words[..kept].join(" ");
    let title = title.trim_end_matches(['"', '”', ')']);
    // Releases capitalise the title they announce; "as our freight partner" is none.
    (title.starts_with(char::is_uppercase) && is_role(title)).then(|| title.to_string())
}

/// The company a sentence opens with before it appoints someone: "Northwind Logistics, a leader
/// in freight software, today announced the appointment of …". A dateline ("CHICAGO, March 3,
/// 2026 /PRNewswire/ -- ") is no part of it.
fn subject(before: &str) -> Option<String> {
    let sentence = before.rsplit(". ").next().unwrap_or(before);
    let dateline = [" -- ", " — ", " – "].iter().filter_map(|d| sentence.rfind(d).map(|at| at + d.len())).max();
    let sentence = &sentence[dateline.unwrap_or(0)..];
    let run: Vec<&str> = sentence
        .split_whitespace()
        .take(MAX_SUBJECT_WORDS + 1)
        .take_while(|w| w.starts_with(char::is_uppercase) || matches!(*w, "&" | "of" | "and"))
        .collect();
    // The run ends at a comma ("Northwind Logistics, a leader …") or a verb ("Acme today announced").
    let end = run.iter().position(|w| w.ends_with(',')).map_or(run.len(), |i| i + 1);
    if end == 0 || end > MAX_SUBJECT_WORDS {
        return None;
    }
    let company = run[..end].join(" ");
    let company = company.trim_end_matches(',');
    // Two capitalised words may be a person's name ("John Smith, CEO of Acme, announced …"): then
    // what follows must speak of a company ("Northwind Logistics, a leader in …", "… today").
    let goes_on = sentence.split_whitespace().nth(end).unwrap_or_default();
    let described = matches!(goes_on, "a" | "an" | "the" | "today" | "announced" | "has" | "appoints" | "names");
    (looks_like_employer(company) && !is_place(company) && (described || !looks_like_name(company)))
        .then(|| company.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<(String, Option<String>, Option<String>)> {
        appointed(line).into_iter().map(|n| (n.name, n.title, n.company)).collect()
    }

    fn one(name: &str, title: &str, company: Option<&str>) -> Vec<(String, Option<String>, Option<String>)> {
        vec![(name.to_string(), Some(title.to_string()), company.map(str::to_string))]
    }

    #[test]
    fn a_press_release_names_the_person_in_their_new_role() {
        assert_eq!(
            read(
                "CHICAGO, March 3, 2026 /PRNewswire/ -- Northwind Logistics, a leader in freight visibility \
                  software, today announced the appointment of Sandra Okafor as Chief Revenue Officer. Okafor \
                  joins from Flexport."
            ),
            one("Sandra Okafor", "Chief Revenue Officer", Some("Northwind Logistics"))
        );
        assert_eq!(
            read("Globex has named Jane Doe as its new Vice President of Sales and Marketing, effective May 1."),
            one("Jane Doe", "Vice President of Sales and Marketing", Some("Globex"))
        );
        assert_eq!(
            read("Tom Hale joins Initech as Head of Revenue Operations and will report to the CEO."),
            one("Tom Hale", "Head of Revenue Operations", Some("Initech"))
        );
        assert_eq!(
            read("Maria Lopez has been appointed Chief Financial Officer."),
            one("Maria Lopez", "Chief Financial Officer", None)
        );
        assert_eq!(read("Acme promoted Lisa Park as VP Sales."), one("Lisa Park", "VP Sales", Some("Acme")));
        assert_eq!(
            read("John Smith, CEO of Acme, announced the appointment of Lisa Park as VP Sales."),
            one("Lisa Park", "VP Sales", None),
            "a person is no company"
        );
    }

    #[test]
    fn a_bio_gives_the_role_of_the_person_it_is_about() {
        let name = "Omar Haddad";
        let bio = |line: &str| bio_title(line, name);
        assert_eq!(
            bio("Omar is our Head of Customer Success and a former teacher.").as_deref(),
            Some("Head of Customer Success")
        );
        assert_eq!(
            bio("She serves as the Chief Financial Officer, overseeing finance.").as_deref(),
            Some("Chief Financial Officer")
        );
        assert_eq!(bio("Omar Haddad is a Senior Consultant.").as_deref(), Some("Senior Consultant"));
        assert_eq!(bio("Our office is the best place to work."), None, "about no one");
        assert_eq!(bio("Jane is our Head of Sales."), None, "about someone else");
        assert_eq!(bio("Omar is a keen cyclist."), None, "no title");
    }

    #[test]
    fn an_author_box_names_its_author_s_role() {
        assert_eq!(
            read("Jamie Doyle is a Senior Analyst at Gartner covering sales technology. Follow Jamie on X."),
            one("Jamie Doyle", "Senior Analyst at Gartner", None)
        );
        assert!(read("Northwind Traders is the Official Partner of the league.").is_empty(), "advertising");
        assert!(read("Last year Jamie Doyle is a Senior Analyst at Gartner.").is_empty(), "not the sentence's subject");
    }

    #[test]
    fn every_phrase_passes_the_cheap_test() {
        for section in [Section::AppointmentBeforePerson, Section::AppointmentAfterPerson, Section::BioRole] {
            for phrase in lexicon::words(section).iter() {
                assert!(cheap_test().is_in(&format!("Acme{phrase}Jane Doe")), "{phrase:?}");
            }
        }
        assert!(!cheap_test().is_in("Jane Doe spoke at the summit."));
    }

    #[test]
    fn the_phrases_are_whole_words() {
        // The readers cut the line at a phrase's ends, and `bio_title` reads a bio's phrase
        // without its leading space.
        let spaced = |p: &str| p.ends_with(' ') && !p.trim().is_empty();
        for p in lexicon::words(Section::AppointmentBeforePerson).iter() {
            assert!(spaced(p), "{p:?}");
        }
        for section in [Section::AppointmentAfterPerson, Section::BioRole] {
            for p in lexicon::words(section).iter() {
                assert!(p.starts_with(' ') && spaced(p), "{p:?}");
            }
        }
    }

    #[test]
    fn the_phrases_the_old_cheap_test_missed_are_read() {
        // "hiring of", "rejoins" and "works as" held none of its fragments.
        assert_eq!(
            read("Globex announced the hiring of Jane Doe as Chief Revenue Officer."),
            one("Jane Doe", "Chief Revenue Officer", Some("Globex"))
        );
        assert_eq!(
            read("Tom Hale rejoins Initech as Head of Revenue Operations."),
            one("Tom Hale", "Head of Revenue Operations", Some("Initech"))
        );
        assert_eq!(
            read("Jamie Doyle works as Head of Research at Gartner."),
            one("Jamie Doyle", "Head of Research at Gartner", None)
        );
    }

    #[test]
    fn what_is_no_appointment() {
        // No person, no title, or a place.
        for line in [
            "The board named the new plan as its priority for the year.",
            "We appointed Acme Logistics as our freight partner.",
            "Jane Doe joins us as a speaker at the summit.",
            "Paris joins London as a host city.",
            "He was named after his grandfather.",
            "Our app was named Best Sales Tool by G2.",
        ] {
            assert!(read(line).is_empty(), "{line}: {:?}", read(line));
        }
    }
}
