//! The words capture, engagement and planning read pages and titles by, as data: one file per
//! language (`en.txt`, `fr.txt`, …) and `common.txt` for what belongs to none (punctuation,
//! "&"), embedded in the binary and parsed once.
//!
//! A file is `[section]` headers, each followed by its entries, one a line; `#` starts a comment
//! line; blank lines are skipped. An entry is trimmed, unless written in double quotes, which keep
//! the spaces that a phrase needs to match whole words (`" has been appointed "`). Each
//! [`Section`] is the union of its entries in every file, in the order of [`FILES`] and then of
//! each file (readers that take the first match rely on that order within a language).
//!
//! Adding a language: write `xx.txt` with the sections it has words for (any subset), add its
//! line to [`FILES`], and add tests of what it lets capture read where the readers' tests are.
//! `every_file_parses` checks the file. Nothing else changes: readers ask for a section across
//! all languages.
//!
//! This module depends on nothing else of the crate.

use memchr::memmem::Finder;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Every language file, by its language's ISO 639-1 code ("common" for none).
pub const FILES: &[(&str, &str)] = &[
    ("common", include_str!("common.txt")),
    ("en", include_str!("en.txt")),
    ("fr", include_str!("fr.txt")),
    ("de", include_str!("de.txt")),
    ("es", include_str!("es.txt")),
    ("it", include_str!("it.txt")),
    ("pt", include_str!("pt.txt")),
    ("nl", include_str!("nl.txt")),
];

macro_rules! sections {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A table of words, named in the files by its `[name]`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Section {
            $($(#[$doc])* $variant,)*
        }

        impl Section {
            pub const ALL: &[Section] = &[$(Section::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Section::$variant => $name,)*
                }
            }

            fn named(name: &str) -> Option<Section> {
                match name {
                    $($name => Some(Section::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

sections! {
    /// Words that make a heading a section title rather than a person's name.
    NotNameWords = "not-name-words",
    /// Lower-case particles of a person's name ("van", "de", "bin").
    NameParticles = "name-particles",
    /// Words that mark a short line as a job title: roles ("manager", "Leiter", "CEO").
    TitleWords = "title-words",
    /// Departments and functions ("Sales", "Einkauf"): part of a title beside a role ("Head of
    /// Sales"), no title alone (a menu's "Small Business", a page's "Marketing").
    DepartmentWords = "department-words",
    /// Endings of compound titles: Vertriebsleiter, Geschäftsführerin.
    TitleEndings = "title-endings",
    /// Pronouns no job title holds.
    SentenceWords = "sentence-words",
    /// Words of a page's message to its visitor (a sign-in wall's greeting, "could not be found"),
    /// which no person's name holds.
    MessageWords = "message-words",
    /// Phrases of a page's title or main heading that say it shows no one: sign-in and sign-up
    /// walls, errors, blocks, searches and feeds.
    NoOnePages = "no-one-pages",
    /// Words of a department, a region or an industry, which name no employer.
    UnitWords = "unit-words",
    /// Words that may join the capitalised words of a company's name ("Bank of America").
    NameJoiners = "name-joiners",
    /// What a link or button under a card says.
    LinkWords = "link-words",
    /// Labels that open a line naming whom to contact ("Contact: Jane Doe").
    ContactLabels = "contact-labels",
    /// Labels that open a line naming who speaks ("Guest: Rachel Kim").
    AppearanceLabels = "appearance-labels",
    /// Capitalised words between an employer and a chief's title ("Former", "Interim").
    BeforeChief = "before-chief",
    /// The last words of titles read before a name ("Vice President Jane Doe said").
    TitleHeads = "title-heads",
    /// A staff directory's header cells: the name column.
    NameHeaders = "name-headers",
    /// … the given-name column.
    GivenNameHeaders = "given-name-headers",
    /// … the family-name column.
    FamilyNameHeaders = "family-name-headers",
    /// … the title column.
    TitleHeaders = "title-headers",
    /// What comes before a person the company appoints ("appointment of ").
    AppointmentBeforePerson = "appointment-before-person",
    /// What comes after a person appointed ("has been named").
    AppointmentAfterPerson = "appointment-after-person",
    /// What a bio says before the person's role ("is our").
    BioRole = "bio-role",
    /// How a company praises itself where a bio would give a role ("Official ").
    Advertising = "advertising",
    /// Words before a title in running text that are no part of it ("its new ").
    BeforeTitle = "before-title",
    /// What ends a title in running text (", effective").
    AfterTitle = "after-title",
    /// Lower-case words a title in title case may hold ("of", "and").
    TitleJoiners = "title-joiners",
    /// Words of a page's address or first heading saying it lists the organisation's own people.
    OwnPeopleWords = "own-people-words",
    /// Words that join a title to its employer (" at ", " chez ").
    AtEmployer = "at-employer",
    /// Roles that "of" joins to an employer ("President of Globex").
    OfRoles = "of-roles",
    /// Words that put a role in the past ("former").
    PastRole = "past-role",
    /// What a feed shows for a time just past.
    Now = "now",
    /// What a feed shows for yesterday.
    Yesterday = "yesterday",
    /// Words around a relative time that say nothing about it ("ago", "edited").
    TimeFiller = "time-filler",
    /// What opens a relative time before its amount ("il y a ").
    TimeAgoPrefix = "time-ago-prefix",
    /// Words for an amount of one ("a", "an", "une").
    TimeOne = "time-one",
    /// Unit words of a relative time, by unit.
    TimeSeconds = "time-seconds",
    TimeMinutes = "time-minutes",
    TimeHours = "time-hours",
    TimeDays = "time-days",
    TimeWeeks = "time-weeks",
    TimeMonths = "time-months",
    TimeYears = "time-years",
    /// Words before a phone number that say what it is, by kind ("Fax", "Mobile", "Durchwahl").
    PhoneFax = "phone-fax",
    /// Words between a number and its extension ("+49 30 1234567 Durchwahl 89", "poste 12").
    PhoneExtension = "phone-extension",
    PhoneMobile = "phone-mobile",
    PhoneDirect = "phone-direct",
    PhoneSwitchboard = "phone-switchboard",
    PhoneOffice = "phone-office",
    /// Who signs a page without being a person: a newsroom's desk, a news agency (lower case).
    GroupWords = "group-words",
    /// The word a byline puts before its author ("By", "Par"), as written.
    BylineWords = "byline-words",
    /// Classes and ids of a comment section, whose h-cards are commenters.
    CommentMarkup = "comment-markup",
    /// Class names whose `-title` says the element holds a person's job title (`member-title`).
    PersonCardClasses = "person-card-classes",
    /// What LinkedIn's profile says before the current employer, in its interface's languages.
    CurrentCompanyLabels = "current-company-labels",
    /// The open end of a position's dates ("Jan 2021 - Present"), lower case: a current position.
    Present = "present",
    /// Terms of a folded title (accents removed, lower case) that rank a lead, by seniority.
    SeniorityExecutive = "seniority-executive",
    SeniorityMiddle = "seniority-middle",
    SenioritySenior = "seniority-senior",
}

/// One section's entries across the languages: in order, and as a set for lookups.
#[derive(Default)]
pub struct Words {
    list: Vec<&'static str>,
    set: FxHashSet<&'static str>,
}

impl Words {
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// The entries in the order of [`FILES`], then of each file.
    pub fn as_slice(&self) -> &[&'static str] {
        &self.list
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.list.iter().copied()
    }

    fn push(&mut self, entry: &'static str) {
        if self.set.insert(entry) {
            self.list.push(entry);
        }
    }
}

/// Whether a text holds any of a set of phrases: the cheap test a reader makes before looking for
/// each phrase, built from its phrases so that it misses none. Each phrase's searcher is built
/// once (memchr's, already in the Wasm); an Aho–Corasick automaton read no faster here and added
/// 10 KB of Wasm.
pub struct AnyOf(Vec<Finder<'static>>);

impl AnyOf {
    pub fn new(phrases: impl IntoIterator<Item = &'static str>) -> AnyOf {
        AnyOf(phrases.into_iter().map(Finder::new).collect())
    }

    pub fn is_in(&self, text: &str) -> bool {
        self.0.iter().any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// A section's words, in every language.
pub fn words(section: Section) -> &'static Words {
    static ALL: OnceLock<Vec<Words>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut all: Vec<Words> = Section::ALL.iter().map(|_| Words::default()).collect();
        for (_, text) in FILES {
            // A line the parser cannot read is skipped here; `every_file_parses` refuses it.
            for (section, entry) in parse(text).0 {
                all[section as usize].push(entry);
            }
        }
        all
    });
    &all[section as usize]
}

/// Given names of 54 countries (`given_names.txt`, lower case, sorted by bytes): what makes the
/// words of a page a person's name when nothing but their shape says so. Looked up by binary
/// search in the embedded text itself: 45 000 names cost no start-up time and no heap.
const GIVEN_NAMES: &str = include_str!("given_names.txt");

/// Whether a word, in lower case, is a given name somewhere.
pub fn is_given_name(word: &str) -> bool {
    let header = GIVEN_NAMES.rfind("\n#").map_or(0, |i| i + 1);
    let body = &GIVEN_NAMES[GIVEN_NAMES[header..].find('\n').map_or(GIVEN_NAMES.len(), |i| header + i + 1)..];
    sorted_lines_contain(body, word)
}

/// Binary search over the lines of a text sorted by bytes; `lo` and `hi` stay at line starts.
fn sorted_lines_contain(body: &str, key: &str) -> bool {
    let bytes = body.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
        let end = memchr::memchr(b'\n', &bytes[start..hi]).map_or(hi, |i| start + i);
        match body[start..end].cmp(key) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = (end + 1).min(hi),
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// A file's entries with their sections, and the lines it could not read: an unknown section,
/// an entry before any section, an unclosed quote.
fn parse(text: &'static str) -> (Vec<(Section, &'static str)>, Vec<&'static str>) {
    let (mut entries, mut unread) = (Vec::new(), Vec::new());
    let mut section = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Section::named(name);
            if section.is_none() {
                unread.push(line);
            }
            continue;
        }
        let entry = match trimmed.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"').filter(|e| !e.is_empty()),
            None => Some(trimmed),
        };
        match (section, entry) {
            (Some(section), Some(entry)) => entries.push((section, entry)),
            _ => unread.push(line),
        }
    }
    (entries, unread)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses() {
        for (language, text) in FILES {
            let (entries, unread) = parse(text);
            assert!(unread.is_empty(), "{language}.txt: lines not read: {unread:?}");
            assert!(!entries.is_empty(), "{language}.txt is empty");
            let mut seen = FxHashSet::default();
            for (section, entry) in &entries {
                assert!(
                    seen.insert((*section as usize, *entry)),
                    "{language}.txt: [{}] {entry:?} twice",
                    section.name()
                );
            }
        }
    }

    #[test]
    fn every_section_has_words() {
        for &section in Section::ALL {
            assert!(!words(section).as_slice().is_empty(), "[{}] has no entries", section.name());
            assert_eq!(Section::named(section.name()), Some(section));
        }
    }

    #[test]
    fn quotes_keep_spaces_and_bad_lines_are_reported() {
        let (entries, unread) =
            parse("stray\n[bio-role]\n# a comment\n\" is our \"\n  plain words  \n\"open\n[no-such-section]\nlost\n");
        assert_eq!(entries, [(Section::BioRole, " is our "), (Section::BioRole, "plain words")]);
        assert_eq!(unread, ["stray", "\"open", "[no-such-section]", "lost"]);
    }

    #[test]
    fn any_of_finds_each_phrase_anywhere() {
        let any = AnyOf::new([" is our ", "appointed"]);
        assert!(any.is_in("Omar is our CEO") && any.is_in("was appointed CFO"));
        assert!(!any.is_in("Omar is a CEO") && !any.is_in(""));
    }

    #[test]
    fn given_names_are_found_by_binary_search() {
        for name in ["aad", "martin", "hideyuki", "jörg", "joerg", "zuzana"] {
            assert!(is_given_name(name), "{name}");
        }
        for word in ["", "a", "info", "real", "sponsored", "martin\nx", "zzzzzz", "Martin"] {
            assert!(!is_given_name(word), "{word:?}");
        }
        let body = GIVEN_NAMES.lines().filter(|l| !l.starts_with('#'));
        assert!(body.clone().zip(body.skip(1)).all(|(a, b)| a < b), "given_names.txt is not sorted by bytes");
        assert!(sorted_lines_contain("b\nd\nf", "f") && !sorted_lines_contain("b\nd\nf", "e"));
    }

    #[test]
    fn languages_merge_in_file_order() {
        let joiners = words(Section::NameJoiners);
        assert!(joiners.contains("und") && joiners.contains("of") && joiners.contains("&"));
        assert!(!joiners.contains("Und"));
        let at = words(Section::AtEmployer).as_slice();
        let position = |w: &str| at.iter().position(|e| *e == w);
        assert!(position(" @ ") < position(" at ") && position(" at ") < position(" chez "), "{at:?}");
    }
}
