//! A person as the matcher sees them: each field reduced once to its comparison form, and packed
//! into one short string so that a million of them fit in a service worker.
//!
//! Not for: display (the lead keeps the values as written) or deciding (`compare`, `score`).

use crate::model::{Contact, Lead};
use crate::normalize::company_key;
pub use crate::normalize::fold::fold_text;
use crate::normalize::parse_name;
use crate::normalize::parse_phone;
use crate::normalize::{is_free_mail, Email, Network, SocialProfile};

/// Separates fields, and values within a field, in the packed form; folding removes control
/// characters from values, so neither can occur inside one.
const FIELD_SEP: char = '\u{1f}';
const VALUE_SEP: char = '\u{1e}';
/// Written for a domain that is the first email's: the index holds it once, as the email's tail.
const DOMAIN_OF_FIRST_EMAIL: &str = "\u{1d}";
/// Ends a packed person, whose empty last fields are left out.
const END: char = '\u{1c}';
/// How a work address's local part is commonly made of the names, most common first: `g` the
/// given name, `i` its initial, `f` the family name without spaces, `j` its initial; any other
/// character is itself. A packed email whose local part starts with one of them is written as the
/// pattern's number (a control character, which no address holds) and what follows: the names are
/// packed already, and this saves about 10 bytes a lead (at a million leads, 154.7 → 144.4).
const LOCAL_PARTS: [&str; 11] = ["g.f", "if", "gf", "g_f", "g", "i.f", "f.g", "gj", "g-f", "f", "fi"];
/// Titles are compared loosely: the first words say enough, and the index stays small.
const TITLE_CHARS: usize = 24;

/// The fields a lead book row or a capture may carry, as written; what `Person` is built from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub title: String,
    pub company: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub city: String,
    pub postcode: String,
    /// The street line of a postal address ("12 Main St.").
    pub address: String,
    /// Profile URLs (LinkedIn, X, GitHub).
    pub profiles: Vec<String>,
    pub website: String,
    /// Further identifying values, by position (the CLI's `--extra` columns).
    pub extras: Vec<String>,
}

/// One person in comparison form. Every string is folded: lower case, accents removed, no
/// punctuation; empty when unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub given: String,
    pub family: String,
    pub company: String,
    /// The employer's domain, from the website or a non-free email address.
    pub domain: String,
    pub emails: Vec<String>,
    /// E.164 when the number reads as one, else its last ten digits.
    pub phones: Vec<String>,
    /// "in:jane-doe" (LinkedIn's own path), "x:janedoe", "gh:octocat": short, since a million of
    /// them are held.
    pub profiles: Vec<String>,
    pub title: String,
    pub city: String,
    pub postcode: String,
    /// The street line, abbreviations written out (`normalize::address_key`).
    pub address: String,
    pub extras: Vec<String>,
}

fn network_code(n: Network) -> &'static str {
    match n {
        Network::LinkedIn => "in",
        Network::X => "x",
        Network::GitHub => "gh",
    }
}

fn host_domain(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.split("://").nth(1).unwrap_or(&s);
    let host = s.split(['/', '?', '#', ':']).next().unwrap_or_default();
    // Only what a host name holds: nothing that could pass for the packed form's separators.
    host.trim_start_matches("www.").chars().filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-')).collect()
}

impl Person {
    pub fn from_fields(f: &Fields, region: Option<&str>) -> Person {
        let (mut given, mut family) = (fold_text(&f.first_name), fold_text(&f.last_name));
        if given.is_empty() && family.is_empty() {
            if let Some(name) = parse_name(&f.full_name) {
                given = fold_text(name.given.as_deref().unwrap_or_default());
                family = fold_text(name.family.as_deref().unwrap_or_default());
            }
        }
        // Middle names and initials are too often missing to count: the first given word decides.
        let given = given.split(' ').next().unwrap_or_default().to_string();
        let emails: Vec<String> = f
            .emails
            .iter()
            .filter_map(|e| Email::parse(e))
            .filter(|e| !e.is_role())
            .map(|e| e.as_str().to_string())
            .collect();
        let mut domain = host_domain(&f.website);
        if domain.is_empty() {
            if let Some(d) = emails.iter().filter_map(|e| e.rsplit_once('@')).map(|(_, d)| d).find(|d| !is_free_mail(d))
            {
                domain = d.to_string();
            }
        }
        let phones = f.phones.iter().filter_map(|p| phone_key(p, region)).collect();
        let profiles = f
            .profiles
            .iter()
            .filter_map(|p| SocialProfile::parse(p))
            .map(|p| format!("{}:{}", network_code(p.network), p.id).to_lowercase())
            .collect();
        Person {
            given,
            family,
            company: company_key(&f.company),
            domain,
            emails,
            phones,
            profiles,
            title: fold_text(&f.title).chars().take(TITLE_CHARS).collect::<String>().trim_end().to_string(),
            city: fold_text(&f.city),
            postcode: fold_text(&f.postcode).replace(' ', ""),
            address: crate::normalize::address_key(&f.address),
            extras: f.extras.iter().map(|e| fold_text(e)).collect(),
        }
    }

    pub fn from_lead(lead: &Lead) -> Person {
        let v = |f: &Option<crate::model::FieldValue>| f.as_ref().map(|x| x.value.clone()).unwrap_or_default();
        let all = |f: &[crate::model::FieldValue]| f.iter().map(|x| x.value.clone()).collect();
        Person::from_fields(
            &Fields {
                first_name: v(&lead.given_name),
                last_name: v(&lead.family_name),
                full_name: v(&lead.name),
                title: v(&lead.title),
                company: v(&lead.company),
                emails: all(&lead.emails),
                phones: all(&lead.phones),
                city: city_of(&v(&lead.location)),
                profiles: all(&lead.profiles),
                website: lead.websites.first().map(|w| w.value.clone()).unwrap_or_default(),
                ..Fields::default()
            },
            None,
        )
    }

    pub fn from_contact(c: &Contact) -> Person {
        let v = |f: &Option<crate::model::Sourced<String>>| f.as_ref().map(|x| x.value.clone()).unwrap_or_default();
        Person::from_fields(
            &Fields {
                first_name: v(&c.given_name),
                last_name: v(&c.family_name),
                full_name: v(&c.name),
                title: v(&c.title),
                company: v(&c.company),
                emails: c.emails.iter().map(|e| e.value.as_str().to_string()).collect(),
                phones: c
                    .phones
                    .iter()
                    .map(|p| p.value.e164.as_ref().map_or_else(|| p.value.number.clone(), |e| e.as_str().to_string()))
                    .collect(),
                city: city_of(&v(&c.location)),
                profiles: c.profiles.iter().map(|p| p.value.url()).collect(),
                website: c.websites.first().map(|w| w.value.clone()).unwrap_or_default(),
                ..Fields::default()
            },
            None,
        )
    }

    /// Whether there is anything to match on at all.
    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
            && self.family.is_empty()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.profiles.is_empty()
            && self.extras.iter().all(String::is_empty)
    }

    /// The packed form kept in the index; [`PersonRef::unpack`] reads it back. It ends itself, so
    /// the index keeps only where it starts.
    pub fn pack(&self, out: &mut String) {
        // The employer's domain is nearly always an email's: that email goes first, and the domain
        // is read from it (about 18 bytes a lead).
        let own = (!self.domain.is_empty())
            .then(|| self.emails.iter().position(|e| e.rsplit_once('@').is_some_and(|(_, d)| d == self.domain)))
            .flatten();
        let domain = if own.is_some() { DOMAIN_OF_FIRST_EMAIL } else { &self.domain };
        for s in [self.given.as_str(), &self.family, &self.company, domain] {
            out.push_str(s);
            out.push(FIELD_SEP);
        }
        let others = self.emails.iter().enumerate().filter(|&(i, _)| Some(i) != own).map(|(_, e)| e);
        let emails: Vec<String> = own
            .map(|i| &self.emails[i])
            .into_iter()
            .chain(others)
            .map(|e| self.made_of_names(e).unwrap_or_else(|| e.clone()))
            .collect();
        push_list(out, &emails);
        for list in [&self.phones, &self.profiles] {
            push_list(out, list);
        }
        for s in [&self.title, &self.city, &self.postcode, &self.address] {
            out.push_str(s);
            out.push(FIELD_SEP);
        }
        push_list(out, &self.extras);
        while out.ends_with(FIELD_SEP) {
            out.pop();
        }
        out.push(END);
    }

    /// `email` as its packed form writes it when its local part starts with one of the
    /// [`LOCAL_PARTS`] of this person's names: the longest that fits.
    fn made_of_names(&self, email: &str) -> Option<String> {
        let (local, _) = email.rsplit_once('@')?;
        let (number, len) = (0..LOCAL_PARTS.len())
            .filter_map(|i| {
                let made = EmailRef { made: Some(i as u8), given: &self.given, family: &self.family, rest: "" };
                let len = made.name_pieces().try_fold(0, |at, piece| {
                    (!piece.is_empty() && local[at..].starts_with(piece)).then_some(at + piece.len())
                })?;
                Some((i, len))
            })
            .max_by_key(|&(i, len)| (len, std::cmp::Reverse(i)))?;
        let marker = char::from(number as u8 + 1);
        Some(format!("{marker}{}", &email[len..]))
    }

    pub fn as_ref(&self) -> PersonRef<'_> {
        PersonRef {
            given: &self.given,
            family: &self.family,
            company: &self.company,
            domain: &self.domain,
            emails: Emails { list: List::Owned(&self.emails), given: &self.given, family: &self.family },
            phones: List::Owned(&self.phones),
            profiles: List::Owned(&self.profiles),
            title: &self.title,
            city: &self.city,
            postcode: &self.postcode,
            address: &self.address,
            extras: List::Owned(&self.extras),
        }
    }
}

/// A list field and the separator that ends it.
fn push_list<'a>(out: &mut String, list: impl IntoIterator<Item = &'a String>) {
    for (i, v) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(VALUE_SEP);
        }
        out.push_str(v);
    }
    out.push(FIELD_SEP);
}

/// The city of a free-text place: "Austin, TX, USA" → "austin".
fn city_of(location: &str) -> String {
    location.split(',').next().unwrap_or_default().to_string()
}

/// A phone's comparison key: E.164 when valid, else the last ten digits of what was written.
pub fn phone_key(raw: &str, region: Option<&str>) -> Option<String> {
    // Already E.164 (as captures and leads keep valid numbers): parsing again would only cost.
    let digits = raw.strip_prefix('+').unwrap_or_default();
    if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
        return Some(raw.to_string());
    }
    if let Some(e164) = parse_phone(raw, region).e164 {
        return Some(e164.as_str().to_string());
    }
    // The extension is not part of the number.
    let number = raw.split(|c: char| c.is_alphabetic() || c == '#' || c == ';').next().unwrap_or_default();
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| digits[digits.len().saturating_sub(10)..].to_string())
}

/// A list field, owned by a `Person` or read from a packed one.
#[derive(Clone, Copy, Debug)]
pub enum List<'a> {
    Owned(&'a [String]),
    Packed(&'a str),
}

impl<'a> List<'a> {
    pub fn iter(self) -> ListIter<'a> {
        match self {
            List::Owned(v) => ListIter::Owned(v.iter()),
            List::Packed(s) => ListIter::Packed(s.split(VALUE_SEP)),
        }
    }

    pub fn get(self, i: usize) -> &'a str {
        match self {
            List::Owned(v) => v.get(i).map_or("", String::as_str),
            List::Packed(s) => s.split(VALUE_SEP).nth(i).unwrap_or_default(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.iter().next().is_none()
    }
}

#[derive(Clone, Debug)]
pub enum ListIter<'a> {
    Owned(std::slice::Iter<'a, String>),
    Packed(std::str::Split<'a, char>),
}

impl<'a> Iterator for ListIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            ListIter::Owned(it) => it.next().map(String::as_str),
            ListIter::Packed(it) => it.find(|v| !v.is_empty()),
        }
    }
}

/// A person's emails, some of them written with [`LOCAL_PARTS`] of the names beside them.
#[derive(Clone, Copy, Debug)]
pub struct Emails<'a> {
    list: List<'a>,
    given: &'a str,
    family: &'a str,
}

impl<'a> Emails<'a> {
    pub fn iter(self) -> impl Iterator<Item = EmailRef<'a>> {
        self.list.iter().map(move |e| {
            let made = e.bytes().next().filter(|&b| (1..=LOCAL_PARTS.len() as u8).contains(&b));
            let rest = if made.is_some() { &e[1..] } else { e };
            EmailRef { made: made.map(|b| b - 1), given: self.given, family: self.family, rest }
        })
    }

    pub fn is_empty(self) -> bool {
        self.list.is_empty()
    }
}

/// One email, read in pieces: those of the names a [`LOCAL_PARTS`] pattern makes, then the rest
/// as written.
#[derive(Clone, Copy, Debug)]
pub struct EmailRef<'a> {
    made: Option<u8>,
    given: &'a str,
    family: &'a str,
    rest: &'a str,
}

impl<'a> EmailRef<'a> {
    fn pieces(self) -> impl Iterator<Item = &'a str> {
        self.name_pieces().chain(std::iter::once(self.rest))
    }

    /// What the pattern makes of the names.
    fn name_pieces(self) -> impl Iterator<Item = &'a str> {
        let initial = |s: &'a str| s.char_indices().nth(1).map_or(s, |(i, _)| &s[..i]);
        let pattern = self.made.and_then(|m| LOCAL_PARTS.get(usize::from(m))).copied().unwrap_or_default();
        pattern.char_indices().flat_map(move |(i, c)| match c {
            'g' => Piece::One(Some(self.given)),
            'i' => Piece::One(Some(initial(self.given))),
            'f' => Piece::Words(self.family.split(' ')),
            'j' => Piece::One(Some(initial(self.family))),
            _ => Piece::One(Some(&pattern[i..i + c.len_utf8()])),
        })
    }

    fn bytes(self) -> impl Iterator<Item = u8> + 'a {
        self.pieces().flat_map(str::bytes)
    }
}

/// What one letter of a [`LOCAL_PARTS`] pattern stands for.
enum Piece<'a> {
    One(Option<&'a str>),
    /// The family name's words, written without the spaces.
    Words(std::str::Split<'a, char>),
}

impl<'a> Iterator for Piece<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Piece::One(s) => s.take(),
            Piece::Words(w) => w.next(),
        }
    }
}

impl PartialEq for EmailRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        // The domain is written out in both: most pairs differ there, before any name is read.
        let domain = |e: &Self| e.rest.rsplit_once('@').map_or("", |(_, d)| d);
        match (self.made, other.made) {
            (None, None) => self.rest == other.rest,
            _ => domain(self) == domain(other) && self.bytes().eq(other.bytes()),
        }
    }
}

impl std::fmt::Display for EmailRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pieces().try_for_each(|p| f.write_str(p))
    }
}

/// A person borrowed from a `Person` or from the index's packed text: what comparisons read.
#[derive(Clone, Copy, Debug)]
pub struct PersonRef<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub company: &'a str,
    pub domain: &'a str,
    pub emails: Emails<'a>,
    pub phones: List<'a>,
    pub profiles: List<'a>,
    pub title: &'a str,
    pub city: &'a str,
    pub postcode: &'a str,
    pub address: &'a str,
    pub extras: List<'a>,
}

impl<'a> PersonRef<'a> {
    /// Reads a packed person from the start of `s`; what follows its end is not read.
    pub fn unpack(s: &'a str) -> PersonRef<'a> {
        // One pass over the bytes (the separators are ASCII): this runs for every pair a dedupe
        // scores, and a `split` per field was an eighth of its time.
        let mut fields = [""; 12];
        let (mut n, mut from) = (0, 0);
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if b == FIELD_SEP as u8 || b == END as u8 {
                fields[n] = &s[from..i];
                (n, from) = (n + 1, i + 1);
                if b == END as u8 || n == fields.len() {
                    from = usize::MAX;
                    break;
                }
            }
        }
        if let (Some(field), Some(rest)) = (fields.get_mut(n), s.get(from..)) {
            *field = rest;
        }
        let [given, family, company, domain, emails, phones, profiles, title, city, postcode, address, extras] = fields;
        let domain = if domain == DOMAIN_OF_FIRST_EMAIL {
            emails.split(VALUE_SEP).next().and_then(|e| e.rsplit_once('@')).map_or("", |(_, d)| d)
        } else {
            domain
        };
        PersonRef {
            given,
            family,
            company,
            domain,
            emails: Emails { list: List::Packed(emails), given, family },
            phones: List::Packed(phones),
            profiles: List::Packed(profiles),
            title,
            city,
            postcode,
            address,
            extras: List::Packed(extras),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            full_name: "Dr. José GARCÍA-López".into(),
            title: "VP Sales, EMEA".into(),
            company: "Acme, Inc.".into(),
            emails: vec!["Jose.Garcia@Acme.com".into(), "info@acme.com".into()],
            phones: vec!["+1 (415) 555-0100".into()],
            profiles: vec!["https://de.linkedin.com/in/Jose-Garcia/".into()],
            city: "São Paulo".into(),
            extras: vec!["AB-12".into()],
            ..Fields::default()
        }
    }

    #[test]
    fn fields_fold_to_their_comparison_form() {
        let p = Person::from_fields(&fields(), None);
        assert_eq!((p.given.as_str(), p.family.as_str()), ("jose", "garcia lopez"));
        assert_eq!(p.company, "acme");
        assert_eq!(p.domain, "acme.com");
        assert_eq!(p.emails, ["jose.garcia@acme.com"], "role inboxes identify nobody");
        assert_eq!(p.phones, ["+14155550100"]);
        assert_eq!(p.profiles, ["in:jose-garcia"]);
        assert_eq!(p.city, "sao paulo");
        assert_eq!(p.extras, ["ab 12"]);
    }

    #[test]
    fn packing_round_trips() {
        let p = Person::from_fields(&fields(), None);
        let mut packed = String::new();
        p.pack(&mut packed);
        packed.push_str("the next person");
        let r = PersonRef::unpack(&packed);
        assert_eq!(r.family, "garcia lopez");
        assert_eq!(r.domain, "acme.com", "read from the email");
        assert!(packed.matches("acme.com").count() == 1, "the domain is written once: {packed:?}");
        assert_eq!(r.emails.iter().map(|e| e.to_string()).collect::<Vec<_>>(), ["jose.garcia@acme.com"]);
        assert_eq!(r.extras.get(0), "ab 12");
        assert_eq!(r.title, "vp sales emea");
        assert_eq!(r.extras.iter().collect::<Vec<_>>(), ["ab 12"], "the end is found without a length");
        let mut bare = String::new();
        Person { family: "doe".into(), ..Person::default() }.pack(&mut bare);
        assert_eq!(bare, "\u{1f}doe\u{1c}", "empty last fields are left out");
        bare.push_str("next\u{1f}person");
        let r = PersonRef::unpack(&bare);
        assert_eq!((r.given, r.family, r.company, r.city, r.extras.is_empty()), ("", "doe", "", "", true));
        assert!(Person::default().is_empty());
    }

    #[test]
    fn an_email_made_of_the_names_is_packed_as_its_pattern_and_reads_back_whole() {
        let with = |given: &str, family: &str, emails: &[&str]| Person {
            given: given.into(),
            family: family.into(),
            emails: emails.iter().map(|e| e.to_string()).collect(),
            ..Person::default()
        };
        for (given, family, email, packed_local) in [
            ("jane", "doe", "jane.doe@acme.com", "\u{1}"),
            ("jane", "doe", "jdoe@acme.com", "\u{2}"),
            ("jane", "doe", "janedoe42@acme.com", "\u{3}42"),
            ("jane", "doe", "jane_doe@acme.com", "\u{4}"),
            ("jane", "doe", "jane@acme.com", "\u{5}"),
            ("jane", "doe", "doe.jane@acme.com", "\u{7}"),
            ("jane", "doe", "janed@acme.com", "\u{8}"),
            ("jose", "garcia lopez", "jose.garcialopez@acme.es", "\u{1}"),
            ("jose", "garcia lopez", "jgarcia@acme.es", "jgarcia"),
            ("zoe", "", "zoe.x@acme.com", "\u{5}.x"),
            ("", "", "sales.bot@acme.com", "sales.bot"),
            ("anne", "li", "bob@acme.com", "bob"),
        ] {
            let p = with(given, family, &[email, "other@mail.org"]);
            let mut packed = String::new();
            p.pack(&mut packed);
            let domain = &email[email.find('@').unwrap()..];
            assert!(packed.contains(&format!("{packed_local}{domain}")), "{email}: {packed:?}");
            let r = PersonRef::unpack(&packed);
            let read: Vec<String> = r.emails.iter().map(|e| e.to_string()).collect();
            assert_eq!(read, [email, "other@mail.org"], "{packed:?}");
            // Equal to the same address written out, whoever holds it, and to nothing else.
            let plain = with("someone", "else", &[email]);
            assert!(r.emails.iter().any(|e| plain.as_ref().emails.iter().any(|x| x == e)), "{email}");
            let near = with(given, family, &[&email.replacen('@', "x@", 1)]);
            assert!(!r.emails.iter().any(|e| near.as_ref().emails.iter().any(|x| x == e)), "{email}");
        }
    }

    #[test]
    fn free_mail_says_nothing_of_the_employer_and_bad_phones_keep_their_digits() {
        let p = Person::from_fields(
            &Fields { emails: vec!["jd@gmail.com".into()], phones: vec!["555-0100 ext 9".into()], ..Fields::default() },
            None,
        );
        assert_eq!(p.domain, "");
        assert_eq!(p.phones, ["5550100"]);
    }
}
