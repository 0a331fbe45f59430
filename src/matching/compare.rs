//! Field by field comparison of two people: each field lands on a level (equal, nickname,
//! similar, differs…), and the pattern of levels is what the weights score.
//!
//! Not for: weighing the evidence (`weights`) or deciding (`score`).

use super::person::PersonRef;
use strsim::levenshtein;

/// Columns the CLI's `--extra` may declare; more would only dilute the evidence.
pub const MAX_EXTRAS: usize = 6;
const FIXED: usize = 10;
pub const FIELDS: usize = FIXED + MAX_EXTRAS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Email,
    Phone,
    Profile,
    Given,
    Family,
    Company,
    Title,
    City,
    Postcode,
    /// The street line: shared by everyone at one office or home, so it never names one person.
    Address,
    Extra(usize),
}

impl Field {
    pub const FIXED: [Field; FIXED] = [
        Field::Email,
        Field::Phone,
        Field::Profile,
        Field::Given,
        Field::Family,
        Field::Company,
        Field::Title,
        Field::City,
        Field::Postcode,
        Field::Address,
    ];

    pub fn index(self) -> usize {
        match self {
            Field::Extra(i) => FIXED + i,
            f => Field::FIXED.iter().position(|x| *x == f).unwrap_or(0),
        }
    }

    pub fn from_index(i: usize) -> Field {
        Field::FIXED.get(i).copied().unwrap_or(Field::Extra(i.saturating_sub(FIXED)))
    }

    /// What each level says, best agreement first; level `n` is `levels()[n - 1]`.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Email => &["email equal", "email differs"],
            Field::Phone => &["phone equal", "phone differs"],
            Field::Profile => &["same profile", "another profile on the same network"],
            Field::Given => {
                &["given name equal", "nickname", "given name similar", "initial only", "given name differs"]
            }
            Field::Family => &["family name equal", "family name similar", "family name close", "family name differs"],
            Field::Company => &["company equal", "company similar", "company differs"],
            Field::Title => &["title similar", "title differs"],
            Field::City => &["city equal", "city differs"],
            Field::Postcode => &["postcode equal", "postcode differs"],
            Field::Address => &["address equal", "address similar", "address differs"],
            Field::Extra(_) => &["equal", "nearly equal", "differs"],
        }
    }
}

/// A pair's levels, one per field; 0 where either side lacks the field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(pub [u8; FIELDS]);

impl Pattern {
    pub fn level(&self, f: Field) -> u8 {
        self.0[f.index()]
    }
}

/// Which names of the two records were compared with which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Straight,
    /// The query's given name read as its family name, and its family name as its given name.
    QueryCrossed,
    /// The candidate's names read crossed.
    OtherCrossed,
}

/// A pattern and what the reasons quote: name similarities, and whether given and family names
/// had to be swapped to agree.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    pub pattern: Pattern,
    pub given_similarity: f64,
    pub family_similarity: f64,
    pub reading: Reading,
}

impl Comparison {
    pub fn swapped(&self) -> bool {
        self.reading != Reading::Straight
    }
}

type Level = (u8, f64);

/// Levels up to "similar" or "close": the names agree, typos aside.
fn agrees(g: Level, f: Level) -> bool {
    (1..=3).contains(&g.0) && (1..=3).contains(&f.0)
}

/// Given and family names compared as given and family names: the family first, since the given
/// name's costlier readings (a nickname with a typo) are worth trying only when it agrees.
fn names(given_a: &str, family_a: &str, given_b: &str, family_b: &str) -> (Level, Level) {
    let f = family(family_a, family_b);
    (given(given_a, given_b, (1..=3).contains(&f.0)), f)
}

/// The names read crossed, when they agree that way: most candidates' crossed family names
/// already differ, and then their given names are not compared.
fn crossed(given_a: &str, family_a: &str, given_b: &str, family_b: &str) -> Option<(Level, Level)> {
    let f = family(family_a, family_b);
    if !(1..=3).contains(&f.0) {
        return None;
    }
    let g = given(given_a, given_b, true);
    agrees(g, f).then_some((g, f))
}

pub fn compare(a: &PersonRef, b: &PersonRef) -> Comparison {
    let mut p = [0u8; FIELDS];
    p[Field::Email.index()] = emails(a, b);
    p[Field::Phone.index()] = phones(a, b);
    p[Field::Profile.index()] = profiles(a, b);
    let straight = names(a.given, a.family, b.given, b.family);
    // Swapped on either side: the candidate's family name is in its given field, or the query's.
    let (reading, ((g, gs), (f, fs))) = if agrees(straight.0, straight.1) {
        (Reading::Straight, straight)
    } else if let Some(c) = crossed(a.given, a.family, b.family, b.given) {
        (Reading::OtherCrossed, c)
    } else if let Some(c) = crossed(a.family, a.given, b.given, b.family) {
        (Reading::QueryCrossed, c)
    } else {
        (Reading::Straight, straight)
    };
    p[Field::Given.index()] = g;
    p[Field::Family.index()] = f;
    p[Field::Company.index()] = company(a, b);
    p[Field::Title.index()] = title(a.title, b.title);
    p[Field::City.index()] = equal(a.city, b.city);
    p[Field::Postcode.index()] = equal(a.postcode, b.postcode);
    p[Field::Address.index()] = near_text(a.address, b.address);
    // Most books declare no extra fields: nothing to split then.
    if !a.extras.is_empty() && !b.extras.is_empty() {
        for i in 0..MAX_EXTRAS {
            p[Field::Extra(i).index()] = near_text(a.extras.get(i), b.extras.get(i));
        }
    }
    Comparison { pattern: Pattern(p), given_similarity: gs, family_similarity: fs, reading }
}

/// Longest strings [`jaro_winkler`] compares on the stack.
const SHORT: usize = 64;

/// Jaro–Winkler similarity exactly as `strsim::jaro_winkler` computes it, without its allocation
/// and character decoding for the short ASCII strings nearly all names and companies are: it is
/// the largest part of a lookup's time.
fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || x.len() > SHORT || y.len() > SHORT {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro(x, y);
    if sim > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Jaro similarity of two ASCII strings of at most [`SHORT`] bytes, step for step as strsim's.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() { 1.0 } else { 0.0 };
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = ([false; SHORT], [false; SHORT]);
    let mut matches = 0_usize;
    for (i, &x) in a.iter().enumerate() {
        if let Some(j) = (i.saturating_sub(range)..(i + range + 1).min(b.len())).find(|&j| b[j] == x && !b_flags[j]) {
            a_flags[i] = true;
            b_flags[j] = true;
            matches += 1;
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut b_matched = (0..b.len()).filter(|&j| b_flags[j]);
    let transpositions =
        (0..a.len()).filter(|&i| a_flags[i]).filter(|&i| b_matched.next().is_some_and(|j| b[j] != a[i])).count() / 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

fn emails(a: &PersonRef, b: &PersonRef) -> u8 {
    if a.emails.is_empty() || b.emails.is_empty() {
        return 0;
    }
    // The same local part at another domain is no evidence of its own: it is made of the names.
    if a.emails.iter().any(|x| b.emails.iter().any(|y| x == y)) {
        1
    } else {
        2
    }
}

/// A number written without its country code ("(415) 555-0100") is the same line as the E.164
/// one that ends with its digits.
fn phones(a: &PersonRef, b: &PersonRef) -> u8 {
    let same = |x: &str, y: &str| {
        let (x, y) = (x.trim_start_matches('+'), y.trim_start_matches('+'));
        x == y || (x.len().min(y.len()) >= 7 && (x.ends_with(y) || y.ends_with(x)))
    };
    let mut level = 0;
    for x in a.phones.iter() {
        for y in b.phones.iter() {
            if same(x, y) {
                return 1;
            }
            level = 2;
        }
    }
    level
}

/// Profiles disagree only on the same network: a LinkedIn page and a GitHub account say nothing of
/// each other.
fn profiles(a: &PersonRef, b: &PersonRef) -> u8 {
    let network = |p: &str| p.split(':').next().unwrap_or_default().to_string();
    let mut level = 0;
    for x in a.profiles.iter() {
        for y in b.profiles.iter() {
            if x == y {
                return 1;
            }
            if network(x) == network(y) {
                level = 2;
            }
        }
    }
    level
}

/// Names at least this long with one letter added, dropped, replaced or two swapped are similar
/// ("Dwbra", "Debra") even where Jaro–Winkler says less; shorter ones are other names ("Mark", "Mary").
const ONE_SLIP_CHARS: usize = 5;

fn near(a: &str, b: &str, sim: f64) -> bool {
    sim >= 0.9 || one_slip(a, b)
}

/// One letter added, dropped, replaced, or two swapped, in names of at least [`ONE_SLIP_CHARS`];
/// lengths are checked first, since most names compared are other names.
fn one_slip(a: &str, b: &str) -> bool {
    a.len().min(b.len()) >= ONE_SLIP_CHARS && a.len().abs_diff(b.len()) <= 1 && strsim::osa_distance(a, b) <= 1
}

/// `deep` also reads a nickname written with a typo ("Chistine" for Chris): worth it only when
/// the family names agree.
fn given(a: &str, b: &str, deep: bool) -> (u8, f64) {
    if a.is_empty() || b.is_empty() {
        return (0, 0.0);
    }
    if a == b {
        return (1, 1.0);
    }
    let sim = jaro_winkler(a, b);
    // A name the table knows is no typo (Nancy is one slip from Nanny, Hannah's nickname); and
    // one slip only, in names long enough to hold one.
    let nickname_with_typo = |x: &str, y: &str| {
        super::nicknames::alternatives(y).is_empty() && super::nicknames::alternatives(x).iter().any(|n| one_slip(n, y))
    };
    let level = if super::nicknames::are_nicknames(a, b) {
        2
    } else if near(a, b, sim) {
        3
    } else if (a.chars().count() == 1 && b.starts_with(a)) || (b.chars().count() == 1 && a.starts_with(b)) {
        4
    } else if deep && (nickname_with_typo(a, b) || nickname_with_typo(b, a)) {
        2
    } else {
        5
    };
    (level, sim)
}

fn family(a: &str, b: &str) -> (u8, f64) {
    if a.is_empty() || b.is_empty() {
        return (0, 0.0);
    }
    if a == b {
        return (1, 1.0);
    }
    let sim = jaro_winkler(a, b);
    // "garcia lopez" and "garcia": compound family names often lose a part.
    let part_of = |x: &str, y: &str| x.contains(' ') && x.split(' ').any(|w| w.len() >= 3 && w == y);
    let level = if sim >= 0.94 || part_of(a, b) || part_of(b, a) {
        2
    } else if sim >= 0.85 {
        3
    } else {
        4
    };
    (level, sim)
}

fn words(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(' ').filter(|w| !w.is_empty())
}

fn company(a: &PersonRef, b: &PersonRef) -> u8 {
    let same_domain = !a.domain.is_empty() && a.domain == b.domain;
    if a.company.is_empty() || b.company.is_empty() {
        return if same_domain { 2 } else { 0 };
    }
    let contained = |x: &str, y: &str| words(x).all(|w| words(y).any(|v| v == w));
    if a.company == b.company {
        1
    } else if same_domain
        || jaro_winkler(a.company, b.company) >= 0.92
        || contained(a.company, b.company)
        || contained(b.company, a.company)
    {
        2
    } else {
        3
    }
}

fn title(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let common = words(a).filter(|w| words(b).any(|v| v == *w)).count();
    let most = words(a).count().max(words(b).count());
    if a == b || jaro_winkler(a, b) >= 0.9 || common * 2 >= most {
        1
    } else {
        2
    }
}

fn equal(a: &str, b: &str) -> u8 {
    match (a.is_empty() || b.is_empty(), a == b) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    }
}

/// Identifiers, codes and street lines: one typed character off is near, not different.
fn near_text(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        0
    } else if a == b {
        1
    } else if levenshtein(a, b) <= 1 || (a.len() > 6 && jaro_winkler(a, b) >= 0.95) {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::super::person::{Fields, Person};
    use super::*;

    fn person(first: &str, last: &str, company: &str, email: &str) -> Person {
        Person::from_fields(
            &Fields {
                first_name: first.into(),
                last_name: last.into(),
                company: company.into(),
                emails: if email.is_empty() { vec![] } else { vec![email.into()] },
                ..Fields::default()
            },
            None,
        )
    }

    fn levels(a: &Person, b: &Person) -> (u8, u8, u8, u8, bool) {
        let c = compare(&a.as_ref(), &b.as_ref());
        let p = c.pattern;
        (p.level(Field::Given), p.level(Field::Family), p.level(Field::Company), p.level(Field::Email), c.swapped())
    }

    #[test]
    fn names_equal_nickname_similar_initial_and_different() {
        let a = person("Robert", "Smith", "Acme Inc", "rob@acme.com");
        assert_eq!(levels(&a, &person("Robert", "Smith", "ACME", "rob@acme.com")), (1, 1, 1, 1, false));
        assert_eq!(levels(&a, &person("Bob", "Smyth", "Acme Corp", "")).0, 2);
        assert_eq!(levels(&a, &person("Bob", "Smyth", "Acme Corp", "")).1, 3);
        assert_eq!(levels(&a, &person("Bob", "Smiht", "Acme Corp", "")).1, 2);
        assert_eq!(levels(&a, &person("Roberta", "Smith", "", "")).0, 3);
        assert_eq!(levels(&a, &person("R", "Smith", "", "")).0, 4);
        assert_eq!(levels(&a, &person("Alice", "Jones", "Globex", "alice@globex.com")), (5, 4, 3, 2, false));
    }

    #[test]
    fn swapped_names_and_accents_agree() {
        let a = person("Zoë", "Müller", "", "");
        assert_eq!(levels(&a, &person("Zoe", "Muller", "", "")).0, 1);
        assert_eq!(levels(&a, &person("Muller", "Zoe", "", "")), (1, 1, 0, 0, true));
    }

    #[test]
    fn names_swapped_on_either_side_keep_their_nicknames_and_typos() {
        let lauren = person("Lauren", "Thomas", "", "");
        assert_eq!(levels(&person("Thomas", "Ren", "", ""), &lauren), (2, 1, 0, 0, true), "the query swapped");
        assert_eq!(levels(&lauren, &person("Thomas", "Ren", "", "")), (2, 1, 0, 0, true), "the candidate swapped");
        let c = compare(&person("Brooks", "Gregory", "", "").as_ref(), &person("Gregory", "Bjooks", "", "").as_ref());
        let levels = (c.pattern.level(Field::Given), c.pattern.level(Field::Family));
        assert!(c.swapped() && agrees((levels.0, 0.0), (levels.1, 0.0)), "a typo and swapped: {levels:?}");
    }

    #[test]
    fn one_slip_in_a_longer_name_is_similar_and_a_nickname_may_carry_one() {
        assert_eq!(levels(&person("Debra", "Peterson", "", ""), &person("Dwbra", "Peterson", "", "")).0, 3);
        assert_eq!(
            levels(&person("Mark", "Smith", "", ""), &person("Mary", "Smith", "", "")).0,
            5,
            "short: other names"
        );
        assert_eq!(levels(&person("Chris", "Mitchell", "", ""), &person("Chistine", "Mitchell", "", "")).0, 2);
        assert_eq!(
            levels(&person("Nancy", "Gray", "", ""), &person("Hannah", "Gray", "", "")).0,
            5,
            "one slip from Nanny, Hannah's nickname, but a name of its own"
        );
        assert_eq!(
            levels(&person("Chris", "Mitchell", "", ""), &person("Chistine", "Okafor", "", "")).0,
            5,
            "read only when the family names agree"
        );
    }

    #[test]
    fn emails_at_another_domain_and_missing_fields() {
        let a = person("Jane", "Doe", "Old Co", "jane.doe@oldco.com");
        assert_eq!(levels(&a, &person("Jane", "Doe", "New Co", "jane.doe@newco.com")).3, 2);
        assert_eq!(levels(&a, &person("Jane", "Doe", "Old Co", "JANE.DOE@oldco.com")).3, 1);
        assert_eq!(levels(&a, &person("", "", "", "")), (0, 0, 0, 0, false));
    }

    #[test]
    fn company_domain_and_containment() {
        let a = person("J", "D", "Acme Widgets", "j@acme.com");
        assert_eq!(levels(&a, &person("J", "D", "Acme", "")).2, 2);
        assert_eq!(levels(&a, &person("J", "D", "", "x@acme.com")).2, 2, "same employer domain");
    }

    #[test]
    fn jaro_winkler_is_strsims_to_the_last_bit() {
        let words = [
            "",
            "a",
            "j",
            "jo",
            "robert",
            "rboert",
            "roberta",
            "bob",
            "smith",
            "smyth",
            "smiht",
            "xmith",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "jones",
            "johnson",
            "garcia lopez",
            "garcia",
            "acme systems",
            "acme",
            "vp sales emea",
            "vp sales",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012345678",
            "zoë",
            "zoe",
            "müller",
            "aaaa",
            "aaab",
            "abab",
            "baba",
        ];
        for a in words {
            for b in words {
                assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "{a:?} {b:?}");
            }
        }
        // Random strings over a few letters: many matches, transpositions and near misses.
        let mut rng = crate::matching::index::Lcg(5);
        let word = |rng: &mut crate::matching::index::Lcg| -> String {
            (0..rng.below(20)).map(|_| (b'a' + rng.below(4) as u8) as char).collect()
        };
        for _ in 0..5_000 {
            let (a, b) = (word(&mut rng), word(&mut rng));
            assert_eq!(jaro_winkler(&a, &b).to_bits(), strsim::jaro_winkler(&a, &b).to_bits(), "{a:?} {b:?}");
        }
    }

    #[test]
    fn extras_tolerate_one_typo() {
        assert_eq!(near_text("1234567", "1234567"), 1);
        assert_eq!(near_text("1234567", "1234576"), 2, "a transposition");
        assert_eq!(near_text("1234567", "7654321"), 3);
        assert_eq!(near_text("1234567", "124567"), 2);
        assert_eq!(near_text("", "1"), 0);
    }
}
