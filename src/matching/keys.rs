//! Keys that bring candidates together: exact identifiers (email, phone, profile, declared
//! identifiers) and blocking keys for fuzzy ones (sound of the family name with the given initial,
//! with the company, with the employer's domain; given name with the company), so a lookup reads a
//! few small blocks and never the whole book.

use super::person::PersonRef;
use super::weights::hash;
use rphonetic::{DoubleMetaphone, Encoder};
use std::sync::OnceLock;

/// A key as the index stores it: 32 bits are plenty, since every candidate is compared in full.
pub type Key = u32;

/// Identifiers shorter than this (a "1", an "x") are not worth a block.
const MIN_EXTRA_CHARS: usize = 3;

fn key(kind: &str, parts: &[&str]) -> Key {
    let mut s = String::with_capacity(32);
    s.push_str(kind);
    for p in parts {
        s.push('\u{1f}');
        s.push_str(p);
    }
    // Truncation keeps the low bits, which FNV mixes as well as the high ones.
    hash(&s) as u32
}

fn metaphone() -> &'static DoubleMetaphone {
    static DM: OnceLock<DoubleMetaphone> = OnceLock::new();
    DM.get_or_init(DoubleMetaphone::default)
}

/// The sound of a family name: its longest word ("garcia lopez" → garcia, "van der berg" → berg),
/// so that a compound name that lost a part still meets; the word itself where Metaphone has no
/// code for its script.
pub fn sound(family: &str) -> String {
    let word = family.split(' ').fold("", |best, w| if w.chars().count() > best.chars().count() { w } else { best });
    // Metaphone reads bytes as letters, and panics inside a letter of two bytes ("janǌe"): a word
    // that folding left with other letters is keyed by itself, as other scripts are.
    if !word.is_ascii() {
        return word.to_string();
    }
    let code = metaphone().encode(word);
    if code.is_empty() {
        word.to_string()
    } else {
        code
    }
}

fn initial(s: &str) -> String {
    s.chars().next().map(String::from).unwrap_or_default()
}

fn first_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or_default()
}

/// Digits of a phone's block: its last seven, so that a number written without its country code
/// meets its E.164 form, as `compare` counts them equal.
const PHONE_TAIL: usize = 7;

fn phone_tail(phone: &str) -> &str {
    let digits = phone.trim_start_matches('+');
    &digits[digits.len().saturating_sub(PHONE_TAIL)..]
}

/// Exact identifiers of a person.
fn exact(p: &PersonRef, out: &mut Vec<Key>) {
    out.extend(p.emails.iter().map(|e| key("e", &[&e.to_string()])));
    out.extend(p.phones.iter().map(|ph| key("p", &[phone_tail(ph)])));
    out.extend(p.profiles.iter().map(|s| key("s", &[s])));
    for i in 0..super::compare::MAX_EXTRAS {
        let v = p.extras.get(i);
        if v.chars().count() >= MIN_EXTRA_CHARS {
            out.push(key("x", &[&i.to_string(), v]));
        }
    }
}

fn fuzzy(given: &str, family: &str, p: &PersonRef, out: &mut Vec<Key>) {
    if family.is_empty() {
        if given.chars().count() >= 2 && !p.company.is_empty() {
            out.push(key("gc", &[given, first_word(p.company)]));
        }
        return;
    }
    let sound = sound(family);
    name_keys(&sound, family, &initial(given), out);
    if !p.company.is_empty() {
        out.push(key("fc", &[&sound, first_word(p.company)]));
        if given.chars().count() >= 2 {
            out.push(key("gc", &[given, first_word(p.company)]));
        }
    }
    if !p.domain.is_empty() {
        out.push(key("fd", &[&sound, p.domain]));
    }
}

/// The family name's sound with the given initial; for typos that change the sound ("Chaez",
/// "Wganer"), the family name's first or last three letters with the initial too.
fn name_keys(sound: &str, family: &str, initial: &str, out: &mut Vec<Key>) {
    out.push(key("fi", &[sound, initial]));
    let letters: Vec<char> = family.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.len() >= 4 {
        let (head, tail): (String, String) =
            (letters[..3].iter().collect(), letters[letters.len() - 3..].iter().collect());
        out.push(key("fh", &[&head, initial]));
        out.push(key("ft", &[&tail, initial]));
    }
}

/// The staff of companies whose name starts with the same word, so that a search for
/// "Northwind" finds Northwind Robotics' people.
pub fn company_block(p: &PersonRef) -> Option<Key> {
    (!p.company.is_empty()).then(|| key("co", &[first_word(p.company)]))
}

/// The block EM learns from: people whose family names sound alike and share an initial. Blocks on
/// the company would teach it that colleagues are one person.
pub fn name_block(p: &PersonRef) -> Option<Key> {
    (!p.family.is_empty()).then(|| key("fi", &[&sound(p.family), &initial(p.given)]))
}

/// Keys stored for a record in the index.
pub fn record_keys(p: &PersonRef) -> Vec<Key> {
    let mut out = Vec::with_capacity(8);
    exact(p, &mut out);
    fuzzy(p.given, p.family, p, &mut out);
    out.extend(company_block(p));
    out.sort_unstable();
    out.dedup();
    out
}

/// A key a lookup reads, and whether the person's own record stores it too: then whoever it
/// brings reads this person back through it (what `dedupe` relies on to compare each pair once).
pub type QueryKey = (Key, bool);

/// Keys a lookup reads: the record's own, plus those of the given name's nicknames ("Bob" reads
/// Robert's blocks) and of given and family names swapped. The company's whole staff is read only
/// when there is no name to go by (a search for a company).
pub fn query_keys(p: &PersonRef) -> Vec<QueryKey> {
    let mut own = Vec::with_capacity(12);
    exact(p, &mut own);
    fuzzy(p.given, p.family, p, &mut own);
    let mut wider = Vec::new();
    if p.given.is_empty() && p.family.is_empty() {
        // Stored by every record, but read only by those without a name.
        wider.extend(company_block(p));
    }
    if !p.family.is_empty() {
        let sound = sound(p.family);
        for nick in super::nicknames::alternatives(p.given) {
            name_keys(&sound, p.family, &initial(nick), &mut wider);
        }
        if p.given.is_empty() {
            // A family name alone (a search for "Becker"): every given initial's block.
            wider.extend(('a'..='z').map(|c| key("fi", &[&sound, c.encode_utf8(&mut [0; 4])])));
        } else {
            fuzzy(p.family, p.given, p, &mut wider);
        }
    }
    // An own key sorts before the same key read for a wider reason, and dedup keeps it.
    let mut out: Vec<QueryKey> =
        own.into_iter().map(|k| (k, true)).chain(wider.into_iter().map(|k| (k, false))).collect();
    out.sort_unstable_by_key(|&(k, own)| (k, !own));
    out.dedup_by_key(|&mut (k, _)| k);
    out
}

#[cfg(test)]
mod tests {
    use super::super::person::{Fields, Person};
    use super::*;

    fn person(first: &str, last: &str, company: &str) -> Person {
        Person::from_fields(
            &Fields { first_name: first.into(), last_name: last.into(), company: company.into(), ..Fields::default() },
            None,
        )
    }

    fn meet(query: &Person, record: &Person) -> bool {
        let stored = record_keys(&record.as_ref());
        query_keys(&query.as_ref()).iter().any(|(k, _)| stored.contains(k))
    }

    #[test]
    fn typos_nicknames_swaps_and_compound_names_share_a_block() {
        let robert = person("Robert", "Smith", "Acme");
        assert!(meet(&person("Bob", "Smyth", ""), &robert), "nickname and a typo in the family name");
        assert!(meet(&person("Smith", "Robert", ""), &robert), "swapped");
        assert!(meet(&person("Robert", "Xmith", "Acme Corp"), &robert), "given name and company");
        assert!(meet(&person("Jose", "Garcia", ""), &person("José", "García López", "")), "compound name");
        assert!(!meet(&person("Alice", "Jones", "Globex"), &robert));
        assert!(
            meet(&person("Derrick", "Gkrdon", ""), &person("Eric", "Gordon", "")),
            "a nickname with a typo that changes the family name's sound and first letters"
        );
    }

    #[test]
    fn a_phone_without_its_country_code_meets_its_e164_form() {
        let phone = |p: &str| Person::from_fields(&Fields { phones: vec![p.into()], ..Fields::default() }, None);
        assert!(meet(&phone("(303) 308-5436"), &phone("+1 303 308 5436")));
        assert!(!meet(&phone("(303) 308-5437"), &phone("+1 303 308 5436")));
    }

    #[test]
    fn own_keys_are_marked_and_wider_ones_are_not() {
        let q = person("Bob", "Smith", "");
        let stored = record_keys(&q.as_ref());
        for (k, own) in query_keys(&q.as_ref()) {
            assert_eq!(own, stored.contains(&k), "{k}");
        }
    }

    #[test]
    fn a_family_name_alone_meets_every_given_name() {
        let query = person("", "Becker", "");
        assert!(meet(&query, &person("Tom", "Becker", "Northwind")));
        assert!(meet(&query, &person("Zoë", "Bekker", "")));
        assert!(!meet(&query, &person("Tom", "Okafor", "")));
    }

    #[test]
    fn sound_is_the_longest_word_and_other_scripts_keep_their_letters() {
        assert_eq!(sound("van der berg"), sound("berg"));
        assert_eq!(sound("smith"), sound("smyth"));
        assert_eq!(sound("王"), "王");
        assert_eq!(sound("janǌe"), "janǌe", "a letter of two bytes among Latin ones");
    }
}
