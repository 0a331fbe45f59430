//! Personal names split into given, middle and family names, with honorifics and a nickname.
//!
//! Written here rather than taken from the `human_name` crate: measured, it adds 336 KB to the
//! shipped Wasm (113 KB gzipped), and it gets wrong much of what pages show us: it drops nicknames,
//! reads "DOE, Jane Ann" as given "Jane" family "Ann", refuses single-word names and Hangul, and
//! splits CJK names written without spaces one character per part (王小明 → given 王, family 明).

use crate::text::clean;
use serde::{Deserialize, Serialize};

/// A person's name in parts; every part is optional, but a parsed name has a given or family name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName {
    pub given: Option<String>,
    pub middle: Option<String>,
    pub family: Option<String>,
    /// "Dr.", "Prof. Dr.", "Ms." as written.
    pub honorific_prefix: Option<String>,
    /// Generational and professional suffixes as written, comma-separated: "Jr., PhD".
    pub honorific_suffix: Option<String>,
    /// What the person goes by, from quotes or parentheses: Jane "JJ" Doe.
    pub nickname: Option<String>,
}

/// Longest name we try to read, in characters: past this it is a sentence, not a name.
const MAX_NAME_CHARS: usize = 100;
/// Most words a name has once honorifics are removed ("Juan Carlos de la Cruz García" has six).
const MAX_NAME_WORDS: usize = 7;

/// Titles before a name, compared lower-cased without dots. "Sr"/"Sra" (Spanish Señor/Señora)
/// count only at the start; at the end "Sr" is Senior.
const PREFIXES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "reverend",
    "hon",
    "mme",
    "mlle",
    "herr",
    "frau",
    "sr",
    "sra",
    "srta",
];

/// Generational and professional suffixes, compared lower-cased without dots. Left out on purpose:
/// "ma" and "do" (also surnames: Jack Ma), "v" (also a middle initial).
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "phd", "mba", "cpa", "md", "dds", "dvm", "esq", "rn", "cfa", "jd",
    "llm", "msc", "bsc", "mph", "pmp", "facs", "obe", "mbe", "cbe",
];

/// Words that belong to the family name that follows them: Ludwig *van* Beethoven.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "des", "la", "le", "ter", "ten",
    "zu", "af", "bin", "binti", "ibn", "al", "el",
];

/// Words of page furniture and headings that are never part of a person's name: "About Us",
/// "Our Team", "Meet the Founders". Kept to words no one is named, so "Thomas More" still passes.
const NOT_NAME_WORDS: &[&str] = &[
    "about",
    "us",
    "our",
    "your",
    "we",
    "you",
    "the",
    "and",
    "of",
    "for",
    "with",
    "team",
    "contact",
    "privacy",
    "policy",
    "terms",
    "login",
    "careers",
    "services",
    "products",
    "solutions",
    "pricing",
    "blog",
    "news",
    "menu",
    "search",
    "welcome",
    "meet",
    "founders",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "corp",
    "company",
];

/// Two-character Chinese surnames (simplified and traditional), and Korean two-syllable ones.
const CHINESE_COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫",
    "慕容", "长孙", "長孫", "宇文", "司徒", "夏侯", "令狐", "澹台", "轩辕", "軒轅", "西门", "西門", "南宫", "南宮",
    "独孤", "獨孤", "端木", "百里", "呼延", "闻人", "聞人", "申屠", "太史", "钟离", "鍾離",
];
const KOREAN_COMPOUND_SURNAMES: &[&str] = &["남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"];

/// Quote and bracket pairs that set off a nickname.
const NICKNAME_MARKS: &[(char, char)] = &[('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’'), ('«', '»'), ('(', ')')];

/// Parses a person's name as pages write it: "Dr. Jane A. Doe, PhD", "Doe, Jane", "Jane 'JJ' Doe",
/// "王小明". `None` for what is not a name: empty, an email address, a URL, digits, or a sentence.
pub fn parse_name(raw: &str) -> Option<PersonName> {
    let s = clean(raw)?;
    if !looks_like_a_name(&s) {
        return None;
    }
    let (rest, nickname) = take_nickname(&s);
    if rest.contains('/') {
        return None; // a slash is allowed only in the pronouns take_nickname drops
    }
    let mut name = split_parts(&rest)?;
    name.nickname = nickname;
    let has_digit = [&name.given, &name.middle, &name.family, &name.honorific_prefix]
        .into_iter()
        .flatten()
        .any(|p| p.chars().any(|c| c.is_ascii_digit()));
    (!has_digit).then_some(name)
}

impl PersonName {
    /// The whole name as it would be written: "Dr. Jane A. Doe, PhD"; CJK names family first
    /// without a space ("王小明"), as they are written in their own scripts.
    pub fn full(&self) -> String {
        let core = if self.family.as_deref().is_some_and(|f| f.chars().all(is_cjk)) {
            [&self.family, &self.given].into_iter().flatten().map(String::as_str).collect::<String>()
        } else {
            let parts = [&self.honorific_prefix, &self.given, &self.middle, &self.family];
            parts.into_iter().flatten().map(String::as_str).collect::<Vec<_>>().join(" ")
        };
        match &self.honorific_suffix {
            Some(suffix) => format!("{core}, {suffix}"),
            None => core,
        }
    }
}

/// Cheap rejections before any splitting: addresses, links and text with symbols no name has.
fn looks_like_a_name(s: &str) -> bool {
    let lower = s.to_lowercase();
    s.chars().count() <= MAX_NAME_CHARS
        && !lower.contains("://")
        && !lower.starts_with("www.")
        && s.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || is_mark(c) || ".,'’-‐\"“”‘«»()·・/".contains(c))
        && s.chars().any(char::is_alphabetic)
}

/// Takes out a nickname set off by quotes or parentheses at word boundaries; pronouns in
/// parentheses ("(she/her)") are dropped rather than taken for a nickname.
fn take_nickname(s: &str) -> (String, Option<String>) {
    for &(open, close) in NICKNAME_MARKS {
        let Some(start) =
            s.char_indices().find(|&(i, c)| c == open && (i == 0 || s[..i].ends_with(' '))).map(|(i, _)| i)
        else {
            continue;
        };
        let inner_start = start + open.len_utf8();
        let Some(len) = s[inner_start..].find(close) else { continue };
        let end = inner_start + len + close.len_utf8();
        let at_boundary = s[end..].is_empty() || s[end..].starts_with([' ', ',']);
        let inner = s[inner_start..inner_start + len].trim();
        if at_boundary && !inner.is_empty() {
            let rest = format!("{} {}", &s[..start], &s[end..]);
            let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
            return (rest, (!is_aside(inner)).then(|| inner.to_string()));
        }
    }
    (s.to_string(), None)
}

/// Parenthesised text that is not what a person goes by: pronouns ("she/her") and a birth name
/// ("née Doe", "geb. Müller").
fn is_aside(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    let birth_name = ["née ", "nee ", "geb. ", "born "].iter().any(|p| lower.starts_with(p));
    inner.contains('/') || ["she", "he", "they"].contains(&lower.as_str()) || birth_name
}

/// Splits on commas: what follows a comma is either suffixes ("Jane Doe, PhD") or, once, the given
/// names of a family-first name ("Doe, Jane Ann").
fn split_parts(s: &str) -> Option<PersonName> {
    let mut names: Vec<Vec<&str>> = Vec::new();
    let mut suffixes: Vec<&str> = Vec::new();
    for (i, part) in s.split(',').map(str::trim).filter(|p| !p.is_empty()).enumerate() {
        let words: Vec<&str> = part.split_whitespace().collect();
        if i > 0 && words.iter().all(|w| is_suffix(w)) {
            suffixes.extend(words);
        } else {
            names.push(words);
        }
    }
    let (mut name, trailing) = match names.as_slice() {
        [words] => western_or_cjk(words)?,
        [family, given] => family_first(family, given)?,
        _ => return None,
    };
    suffixes.splice(0..0, trailing);
    name.honorific_suffix = (!suffixes.is_empty()).then(|| suffixes.join(", "));
    Some(name)
}

/// Splits leading honorifics and trailing suffixes off a run of words, keeping at least one word.
fn strip_honorifics<'a>(words: &'a [&'a str]) -> (Vec<&'a str>, &'a [&'a str], Vec<&'a str>) {
    let lead = words.iter().take_while(|w| is_prefix(w)).count().min(words.len().saturating_sub(1));
    let (prefixes, rest) = words.split_at(lead);
    let tail = rest.iter().rev().take_while(|w| is_suffix(w)).count().min(rest.len().saturating_sub(1));
    let (core, suffixes) = rest.split_at(rest.len() - tail);
    (prefixes.to_vec(), core, suffixes.to_vec())
}

fn western_or_cjk<'a>(words: &'a [&'a str]) -> Option<(PersonName, Vec<&'a str>)> {
    let (prefixes, core, suffixes) = strip_honorifics(words);
    let only_honorifics = core.iter().all(|w| is_prefix(w) || is_suffix(w));
    if only_honorifics || core.len() > MAX_NAME_WORDS || !plausible(core) {
        return None;
    }
    let mut name = if core.iter().all(|w| w.chars().all(is_cjk)) {
        cjk(core)
    } else if core.len() == 1 && !prefixes.is_empty() {
        // "Dr. Smith": a title with one name is the family name.
        PersonName { family: Some(recase(core[0])), ..PersonName::default() }
    } else {
        western(core)
    };
    name.honorific_prefix = join(&prefixes);
    Some((name, suffixes))
}

/// "Doe, Jane Ann": the first part is the family name, the second the given and middle names.
fn family_first<'a>(family: &'a [&'a str], given: &'a [&'a str]) -> Option<(PersonName, Vec<&'a str>)> {
    let (prefixes, given, suffixes) = strip_honorifics(given);
    // "Doe, Jane" has one family name before the comma (with any particles, or in capitals as
    // directories write it); "Jane Doe, VP Sales" is a name and a job title, not a name.
    let family_words = family.iter().filter(|w| !is_particle(w)).count();
    let shouted = family.iter().all(|w| !w.chars().any(char::is_lowercase));
    if (family_words != 1 && !shouted) || family.len() + given.len() > MAX_NAME_WORDS {
        return None;
    }
    if !plausible(family) || !plausible(given) {
        return None;
    }
    let family: Vec<String> = family.iter().map(|w| if is_particle(w) { particle(w) } else { recase(w) }).collect();
    let given: Vec<String> = given.iter().map(|w| recase(w)).collect();
    let name = PersonName {
        given: given.first().cloned(),
        middle: (given.len() > 1).then(|| given[1..].join(" ")),
        family: Some(family.join(" ")),
        honorific_prefix: join(&prefixes),
        ..PersonName::default()
    };
    Some((name, suffixes))
}

/// Given name first, family name last with any particles before it ("de la Cruz"), middle names
/// between; a single word is a given name.
fn western(words: &[&str]) -> PersonName {
    let mut family_start = words.len().saturating_sub(1).max(1);
    while family_start > 1 && is_particle(words[family_start - 1]) {
        family_start -= 1;
    }
    let words: Vec<String> =
        words.iter().enumerate().map(|(i, w)| if i > 0 && is_particle(w) { particle(w) } else { recase(w) }).collect();
    PersonName {
        given: words.first().cloned(),
        middle: (family_start > 1).then(|| words[1..family_start].join(" ")),
        family: (words.len() > 1).then(|| words[family_start..].join(" ")),
        ..PersonName::default()
    }
}

/// Chinese, Japanese and Korean names put the family name first. Written with a space, the first
/// word is the family name ("山田 太郎"); without one, the family name is the first character
/// (Chinese) or syllable (Korean), or the first two for a compound surname (欧阳, 남궁). Japanese
/// written without a space cannot be split by rule (family names run from one to three
/// characters), so it stays whole as the given name, like any other single-word name.
fn cjk(words: &[&str]) -> PersonName {
    if let [family, given @ ..] = words {
        if !given.is_empty() {
            return PersonName {
                family: Some(family.to_string()),
                given: Some(given.concat()),
                ..PersonName::default()
            };
        }
    }
    let word = words.concat();
    let chars: Vec<char> = word.chars().collect();
    let hangul = chars.iter().all(|&c| ('\u{AC00}'..='\u{D7AF}').contains(&c));
    let han = chars.iter().all(|&c| is_han(c));
    let family_len = match (hangul, han, chars.len()) {
        (true, _, 2..=5) => {
            1 + usize::from(chars.len() >= 4 && KOREAN_COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)))
        }
        (_, true, 2..=4) => {
            1 + usize::from(chars.len() >= 3 && CHINESE_COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)))
        }
        _ => return PersonName { given: Some(word), ..PersonName::default() },
    };
    PersonName {
        family: Some(chars[..family_len].iter().collect()),
        given: Some(chars[family_len..].iter().collect()),
        ..PersonName::default()
    }
}

/// Every word has a letter and none is page furniture, and the case is a name's: page text such as "Contact our sales team"
/// mixes capitalised and lower-case words, while names are capitalised throughout or all one case
/// ("JANE DOE", "bell hooks"). Particles may be lower-case.
fn plausible(words: &[&str]) -> bool {
    let has_letter = |w: &&str| w.chars().any(char::is_alphabetic);
    let furniture = |w: &&str| NOT_NAME_WORDS.contains(&bare(w).as_str());
    if !words.iter().all(has_letter) || words.iter().any(furniture) {
        return false;
    }
    let starts_upper = |w: &str| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
    let all_lower = |w: &str| w.chars().any(char::is_lowercase) && !w.chars().any(char::is_uppercase);
    let any_upper = words.iter().any(|w| starts_upper(w));
    !(any_upper && words.iter().skip(1).any(|w| all_lower(w) && !is_particle(w)))
}

/// Names shouted in capitals or typed in lower case get a capital per part: "O'BRIEN-SMITH" →
/// "O'Brien-Smith". Mixed case ("McDonald", "DeVito") is kept as the person wrote it.
fn recase(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic());
    let one_case = letters.clone().all(char::is_uppercase) || letters.clone().all(char::is_lowercase);
    if !one_case || (letters.count() < 2 && word.chars().any(char::is_uppercase)) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '’' | '‐');
    }
    out
}

/// A particle is kept as written, except that capitals ("DE LA CRUZ") are lowered.
fn particle(word: &str) -> String {
    if word.chars().all(char::is_uppercase) && word.chars().count() > 1 {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

/// The comparison form of an honorific: "Ph.D." → "phd".
fn bare(word: &str) -> String {
    word.chars().filter(|&c| c != '.').flat_map(char::to_lowercase).collect()
}

fn is_prefix(word: &str) -> bool {
    PREFIXES.contains(&bare(word).as_str())
}

/// A credential or generation written after a name ("PhD", "Jr.", "MBA").
pub fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&bare(word).as_str())
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

fn join(words: &[&str]) -> Option<String> {
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Han, Hangul and kana: the scripts whose names are written family name first.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{3040}'..='\u{30FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (given, middle, family) of a parsed name.
    fn gmf(raw: &str) -> (Option<String>, Option<String>, Option<String>) {
        let n = parse_name(raw).unwrap_or_else(|| panic!("{raw:?} not parsed"));
        (n.given, n.middle, n.family)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn honorifics_middle_initial_and_suffix() {
        let n = parse_name("Dr. Jane A. Doe, PhD").unwrap();
        assert_eq!((n.given, n.middle, n.family), (s("Jane"), s("A."), s("Doe")));
        assert_eq!((n.honorific_prefix, n.honorific_suffix), (s("Dr."), s("PhD")));
        let n = parse_name("Prof. Dr. Hans Müller").unwrap();
        assert_eq!((n.honorific_prefix, n.given, n.family), (s("Prof. Dr."), s("Hans"), s("Müller")));
        assert_eq!(gmf("Dr. Smith"), (None, None, s("Smith")));
    }

    #[test]
    fn suffixes_with_and_without_commas() {
        for (raw, family, suffix) in [
            ("John Smith Jr.", "Smith", "Jr."),
            ("John Smith, Sr.", "Smith", "Sr."),
            ("John Smith III", "Smith", "III"),
            ("Jane Doe, MBA, CPA", "Doe", "MBA, CPA"),
            ("Jane Doe MD", "Doe", "MD"),
            ("Jane Doe Jr., PhD", "Doe", "Jr., PhD"),
        ] {
            let n = parse_name(raw).unwrap();
            assert_eq!(n.family.as_deref(), Some(family), "{raw}");
            assert_eq!(n.honorific_suffix.as_deref(), Some(suffix), "{raw}");
        }
        assert_eq!(gmf("Jack Ma"), (s("Jack"), None, s("Ma")), "Ma is a surname, not a degree");
    }

    #[test]
    fn family_name_first_with_comma() {
        assert_eq!(gmf("Doe, Jane"), (s("Jane"), None, s("Doe")));
        assert_eq!(gmf("DOE, Jane Ann"), (s("Jane"), s("Ann"), s("Doe")));
        assert_eq!(gmf("van Beethoven, Ludwig"), (s("Ludwig"), None, s("van Beethoven")));
        assert_eq!(gmf("GARCÍA LÓPEZ, María"), (s("María"), None, s("García López")), "two surnames in capitals");
        assert_eq!(parse_name("Jane Doe, VP Sales"), None, "a name and a job title");
        let n = parse_name("Doe, Jane, PhD").unwrap();
        assert_eq!((n.family, n.honorific_suffix), (s("Doe"), s("PhD")));
    }

    #[test]
    fn nicknames_in_quotes_or_parentheses() {
        for raw in ["Jane 'JJ' Doe", "Jane (JJ) Doe", "Jane \"JJ\" Doe", "Jane “JJ” Doe"] {
            let n = parse_name(raw).unwrap();
            assert_eq!((n.given, n.family, n.nickname), (s("Jane"), s("Doe"), s("JJ")), "{raw}");
        }
        let n = parse_name("Jane Doe (she/her)").unwrap();
        assert_eq!((n.family, n.nickname), (s("Doe"), None), "pronouns are not a nickname");
        let n = parse_name("Jane Smith (née Doe)").unwrap();
        assert_eq!((n.family, n.nickname), (s("Smith"), None), "nor is a birth name");
        assert_eq!(gmf("Conan O'Brien"), (s("Conan"), None, s("O'Brien")), "an apostrophe is not a quote");
    }

    #[test]
    fn particles_stay_with_the_family_name() {
        assert_eq!(gmf("Ludwig van Beethoven"), (s("Ludwig"), None, s("van Beethoven")));
        assert_eq!(gmf("María de la Cruz"), (s("María"), None, s("de la Cruz")));
        assert_eq!(gmf("Jean-Luc Picard"), (s("Jean-Luc"), None, s("Picard")));
        assert_eq!(gmf("Dick Van Dyke"), (s("Dick"), None, s("Van Dyke")));
        assert_eq!(gmf("Al Gore"), (s("Al"), None, s("Gore")), "a particle word as given name");
    }

    #[test]
    fn capitals_and_lower_case_are_recased() {
        assert_eq!(gmf("JANE DOE"), (s("Jane"), None, s("Doe")));
        assert_eq!(gmf("jane doe"), (s("Jane"), None, s("Doe")));
        assert_eq!(gmf("MARÍA DE LA CRUZ"), (s("María"), None, s("de la Cruz")));
        assert_eq!(gmf("SEAN O'BRIEN-SMITH"), (s("Sean"), None, s("O'Brien-Smith")));
        assert_eq!(gmf("Ronald McDonald"), (s("Ronald"), None, s("McDonald")));
    }

    #[test]
    fn cjk_names() {
        assert_eq!(gmf("王小明"), (s("小明"), None, s("王")));
        assert_eq!(gmf("欧阳娜娜"), (s("娜娜"), None, s("欧阳")));
        assert_eq!(gmf("司马光"), (s("光"), None, s("司马")));
        assert_eq!(gmf("諸葛亮"), (s("亮"), None, s("諸葛")));
        assert_eq!(gmf("김민준"), (s("민준"), None, s("김")));
        assert_eq!(gmf("남궁민수"), (s("민수"), None, s("남궁")));
        assert_eq!(gmf("山田 太郎"), (s("太郎"), None, s("山田")));
        assert_eq!(gmf("やまだたろう"), (s("やまだたろう"), None, None), "unspaced Japanese is not split");
        assert_eq!(parse_name("王小明").unwrap().full(), "王小明");
        assert_eq!(parse_name("山田 太郎").unwrap().full(), "山田太郎");
    }

    #[test]
    fn single_word_is_a_given_name() {
        assert_eq!(gmf("Madonna"), (s("Madonna"), None, None));
        assert_eq!(gmf("Björk"), (s("Björk"), None, None));
    }

    #[test]
    fn full_name_round_trip() {
        assert_eq!(parse_name("Dr. Jane A. Doe, PhD").unwrap().full(), "Dr. Jane A. Doe, PhD");
        assert_eq!(parse_name("DOE, Jane Ann").unwrap().full(), "Jane Ann Doe");
        assert_eq!(parse_name("Jane 'JJ' Doe").unwrap().full(), "Jane Doe");
    }

    #[test]
    fn rejects_what_is_not_a_name() {
        for raw in [
            "",
            "   ",
            "jane@acme.com",
            "https://acme.com/team",
            "www.acme.com",
            "Jane Doe 2",
            "+1 415 555 0100",
            "Contact our sales team",
            "Sign in",
            "About Us",
            "Our Team",
            "Meet the Founders",
            "<b>Jane</b>",
            "Dr.",
            "Jane () Doe",
            "Acme, Sales, Marketing",
            "...",
            &"Jane ".repeat(30),
        ] {
            assert_eq!(parse_name(raw), None, "{raw:?}");
        }
    }
}
