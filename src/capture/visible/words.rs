//! The words that tell a name, a job title and an employer apart: the word tables and the
//! predicates made of them.

use super::{digits, MAX_NAME_CHARS};
use crate::lexicon::{self, Section};
use crate::normalize::{is_place, is_suffix, parse_name};

/// Two to four capitalised words of letters (initials, hyphens, apostrophes and particles allowed),
/// none of them a section-title word.
pub(in crate::capture) fn looks_like_name(text: &str) -> bool {
    // "Dr. Samuel K. Adeyemi, CPA", "Jane Roe, PhD, MBA": the name before its credentials.
    if let Some((name, credentials)) = text.split_once(", ") {
        return credentials.split(", ").all(is_suffix) && looks_like_name(name);
    }
    // The cheap refusals first: most text on a page is no name.
    if text.len() > MAX_NAME_CHARS * 4
        || text.chars().count() > MAX_NAME_CHARS
        || text.contains(['@', ':', '/', '|', '?', '!', '&', '©', '+'])
        || text.bytes().any(|b| b.is_ascii_digit())
        || !(2..=5).contains(&text.split_whitespace().count())
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // "Donald Trump's": a possessive is a sentence's, not a name's.
    if words.last().is_some_and(|w| w.ends_with("'s") || w.ends_with("’s")) {
        return false;
    }
    let particle = |w: &str| lexicon::words(Section::NameParticles).contains(w);
    // "Eine Analyse von": a particle comes before a family name, never last.
    if words.last().is_some_and(|w| particle(w)) {
        return false;
    }
    let capitalised = words.iter().filter(|w| !particle(w)).all(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c.is_alphabetic() || "-'’.".contains(c))
    });
    let all_caps = words.iter().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    // "Senior Consultant" is a title however it is capitalised; Dean is a name as often as a rank.
    let not_a_name = |w: &str| lexicon::words(Section::NotNameWords).contains(w) || (is_title_word(w) && w != "dean");
    capitalised && !all_caps && !words.iter().any(|w| not_a_name(w.trim_matches('.').to_lowercase().as_str()))
}

/// Whether a field that should hold a person's name (a site's profile heading, a record's `name`)
/// can be one at all: not a page's message to its visitor ("Welcome to your professional
/// community", "An exact match for Jane Roe could not be found"), a question or an address. Laxer
/// than [`looks_like_name`]: case, script, particles and a truncation ("Jane Ro…") are the
/// person's own, and hostile text is left to be shown escaped.
pub(in crate::capture) fn is_plausible_name(text: &str) -> bool {
    const MAX_WORDS: usize = 8;
    let message = lexicon::words(Section::MessageWords);
    let group = lexicon::words(Section::GroupWords);
    let words = text.split_whitespace().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’').replace('’', "'").to_lowercase()
    });
    let count = text.split_whitespace().count();
    // A photo credit ("© Ben Stansall/AFP") or a link is no one's name.
    let link = ["http://", "https://", "www."].iter().any(|p| text.trim_start().to_lowercase().starts_with(p));
    (1..=MAX_WORDS).contains(&count)
        && !text.contains(['!', '?', '@', '©'])
        && !link
        && !words.into_iter().any(|w| message.contains(w.as_str()) || group.contains(w.as_str()))
}

/// The name after a word that is no part of it: a byline's ("By Lucy Akins") or a profession's
/// ("Rechtsanwalt Dennis Tölle", "Director Jane Roe"), when a name is left ("Dean Smith" stays).
pub(in crate::capture) fn name_after_label(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once(' ')?;
    let label = lexicon::words(Section::BylineWords).contains(first) || is_role_word(&first.to_lowercase());
    (label && looks_like_name(rest)).then_some(rest)
}

/// Whether a name opens with a known given name ("Nigel" of "Dr Nigel Sleigh-Johnson", a part of
/// "Jean-Pierre", "Robert" of "J. Robert Oppenheimer"): the evidence that words read by their
/// shape, or put in a template's author markup, are a person's. "Credit Control", "Sponsored
/// Post" and a login hold none. A name written family first is not read so ("Xbox One" would be
/// one). A family name that is an initial ("Thomas M.") is no one a rep can ask for.
pub(in crate::capture) fn has_given_name(text: &str) -> bool {
    let Some(name) = parse_name(text) else { return false };
    let is_initial = |w: &str| w.trim_end_matches('.').chars().count() < 2;
    let known = |w: &str| w.split('-').any(|part| lexicon::is_given_name(&part.trim_end_matches('.').to_lowercase()));
    let first_names = name.given.iter().chain(&name.middle).flat_map(|p| p.split_whitespace());
    let given = first_names.into_iter().find(|w| !is_initial(w));
    !name.family.as_deref().is_some_and(is_initial) && given.is_some_and(known)
}

/// A login rather than a name: one word of what logins are made of (lower-case letters, digits,
/// `.`, `-`, `_`) with a digit or an underscore between its letters ("majainfos_zlfca4v6", "jdoe42").
pub(in crate::capture) fn is_login(text: &str) -> bool {
    let word = text.trim();
    let login_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    !word.is_empty()
        && word.chars().all(login_char)
        && (word.chars().any(|c| c.is_ascii_digit()) || word.trim_matches('_').contains('_'))
}

/// "Senior Vice President of Global Sales and Marketing Operations" is ten words.
const MAX_TITLE_WORDS: usize = 10;

pub(in crate::capture) fn looks_like_title(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = || lower.split(|c: char| !c.is_alphanumeric() && c != '-');
    text.chars().count() <= 100
        // A headline or a sentence, however many role words it holds.
        && text.split_whitespace().count() <= MAX_TITLE_WORDS
        && !text.contains(['!', '?'])
        // An address is no title; "Head of Logistics @ Contoso" is one.
        && !text.split_whitespace().any(|w| w.contains('@') && w != "@")
        && digits(text) < 4
        // "Account Manager on call 24/7" is a promise, "Sales in 40 countries" a boast; "CEO at
        // 37signals" and "Tier 1 Support" are titles.
        && !text.split_whitespace().any(|w| digits(w) >= 2 && !w.chars().any(char::is_alphabetic))
        && words().any(is_role_word)
        // A sentence, not a title: "We help sales teams grow", "Our account managers advise you".
        && !words().any(|w| lexicon::words(Section::SentenceWords).contains(w))
}

/// A name as companies write theirs: capitalised words (or a domain, "monday.com"), joined by a
/// few small words; not the rest of a sentence ("JP Morgan said…").
pub(in crate::capture) fn capitalised_name(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let opens = words
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) || w.contains('.'));
    opens
        && words.all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric())
                || lexicon::words(Section::NameJoiners).contains(w)
        })
}

/// Whether the text after a title names its employer ("Chief Revenue Officer, Datamesh"): a short
/// capitalised name that is no title, department, region, place or credential, nor an address,
/// a date or a link's words.
pub(in crate::capture) fn looks_like_employer(text: &str) -> bool {
    let words = text.split_whitespace();
    let link_word = |w: &str| lexicon::words(Section::LinkWords).contains(&w.to_lowercase());
    let unit = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_lowercase();
        w.is_empty() || lexicon::words(Section::UnitWords).contains(&w)
    };
    (1..=6).contains(&words.clone().count())
        && text.chars().count() <= MAX_NAME_CHARS
        && capitalised_name(text)
        && !text.contains(['@', '/', ':', '(', ')'])
        && digits(text) < 3
        && !looks_like_title(text)
        // "Operations", "Product Marketing": a department, not the employer.
        && !words.clone().any(|w| is_title_word(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()))
        && !words.clone().all(unit)
        && !words.clone().any(link_word)
        && !is_suffix(text)
        && !time_ago(text)
        && !text.split(',').any(is_place)
}

/// "2d", "5h • Edited", "3mo": how long ago a post was written, as feeds show it ("3M" is a company).
fn time_ago(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let unit = first.trim_start_matches(|c: char| c.is_ascii_digit());
    unit.len() < first.len() && unit.len() <= 3 && unit.chars().all(|c| c.is_ascii_lowercase())
}

/// A job-title word, German compounds included ("Vertriebsleiterin", "Geschäftsführerin").
/// A word of a job title: a role, or a department a role is of.
pub(super) fn is_title_word(word: &str) -> bool {
    is_role_word(word) || lexicon::words(Section::DepartmentWords).contains(word)
}

/// A line that labels the people after it with their department ("Vertrieb:", "Sales").
pub(super) fn is_department(text: &str) -> bool {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| lexicon::words(Section::DepartmentWords).contains(w.as_str()))
}

/// A role: what a title must hold ("Sales" alone is a department).
fn is_role_word(word: &str) -> bool {
    lexicon::words(Section::TitleWords).contains(word)
        || word.chars().count() > 6 && lexicon::words(Section::TitleEndings).iter().any(|end| word.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_where_names_put_one_is_the_evidence() {
        for yes in [
            "Laura Frank Tacho",
            "Dr Nigel Sleigh-Johnson",
            "Jean-Pierre Roux",
            "J. Robert Oppenheimer",
            "JOERG SCHALLER",
            "Laure de La Raudière",
            "Eleonore",
        ] {
            assert!(has_given_name(yes), "{yes}");
        }
        for no in [
            "Credit Control",
            "Sponsored Post",
            "Real Estate",
            "K A",
            "Thomas M.",
            "Parteienrechtler Martin Morlok",
            "Xbox One",
            "KonstantinNotz",
            "e.bootis ag",
            "",
        ] {
            assert!(!has_given_name(no), "{no}");
        }
    }

    #[test]
    fn logins_credits_links_and_labels_are_no_names() {
        assert!(is_login("majainfos_zlfca4v6") && is_login("jdoe42") && is_login("jane_doe"));
        assert!(!is_login("Jane Doe") && !is_login("__proto__") && !is_login("Jean_Pierre") && !is_login("jane"));
        assert!(!is_login(r#"{{constructor.constructor("window.__pwned='t'")()}}"#));
        for no in ["© Ben Stansall/AFP/Getty Images", "http://www.huffingtonpost.com/news/video/", "www.acme.com"] {
            assert!(!is_plausible_name(no), "{no}");
        }
        assert_eq!(name_after_label("By Lucy Akins"), Some("Lucy Akins"));
        assert_eq!(name_after_label("Rechtsanwalt Dennis Tölle"), Some("Dennis Tölle"));
        assert_eq!(name_after_label("Director Jane Roe"), Some("Jane Roe"));
        assert_eq!(name_after_label("Dean Smith"), None);
        assert_eq!(name_after_label("Jane Roe"), None);
    }

    #[test]
    fn names_are_capitalised_words_not_section_titles() {
        for yes in [
            "Jane Doe",
            "María José García",
            "Jean-Luc Picard",
            "Ludwig van Beethoven",
            "J. R. Smith",
            "Seán O'Brien",
            "Dean Martin",
        ] {
            assert!(looks_like_name(yes), "{yes}");
        }
        for no in [
            "Our Team",
            "Contact Us",
            "JANE DOE",
            "jane doe",
            "Madonna",
            "Read more about Jane",
            "Acme Inc",
            "Q3 2024 Results",
            "Senior Consultant",
            "Head of Operations",
            "Email Tomás",
        ] {
            assert!(!looks_like_name(no), "{no}");
        }
    }
}
