//! Email addresses: lower-cased and validated, `mailto:` and query parts removed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid, lower-cased email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

/// Local parts that name a function, not a person: they belong to the organisation.
const ROLE_LOCAL_PARTS: &[&str] = &[
    "info",
    "contact",
    "sales",
    "hello",
    "support",
    "office",
    "admin",
    "team",
    "enquiries",
    "enquiry",
    "inquiries",
    "inquiry",
    "marketing",
    "press",
    "media",
    "jobs",
    "careers",
    "hr",
    "billing",
    "help",
    "noreply",
    "no-reply",
    "donotreply",
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "security",
    "privacy",
    "legal",
    "service",
    "customerservice",
    "customer.service",
    "customercare",
    "ops",
    "operations",
    "accounts",
    "accounting",
    "finance",
    "invoices",
    "orders",
    "bookings",
    "reservations",
    "newsletter",
    "feedback",
    "partners",
    "purchasing",
    "procurement",
    "general",
    "mail",
    "reception",
    "kontakt",
    "vertrieb",
    "verkauf",
    "buero",
    "empfang",
    "bonjour",
    "accueil",
    "commercial",
    "direction",
    "secretariat",
    "hola",
    "ventas",
    "contacto",
    "informacion",
    "contatti",
    "vendite",
];

/// Why a value is not an email address, in words a person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    NoAt,
    BadLocalPart,
    BadDomain,
    TooLong,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EmailError::Empty => "empty value",
            EmailError::NoAt => "no @ between a name and a domain",
            EmailError::BadLocalPart => "the part before @ is not a valid mailbox name",
            EmailError::BadDomain => "the part after @ is not a domain like acme.com",
            EmailError::TooLong => "longer than the 254 characters an address may have",
        })
    }
}

impl std::error::Error for EmailError {}

impl Email {
    /// Parses `raw` (optionally `mailto:jane@acme.com?subject=…`); `None` when it is not an address.
    pub fn parse(raw: &str) -> Option<Email> {
        Email::try_parse(raw).ok()
    }

    /// Like [`Email::parse`], saying what is wrong with a value that is not an address.
    pub fn try_parse(raw: &str) -> Result<Email, EmailError> {
        // Zero-width and bidi characters hide inside addresses on hostile pages: read past them.
        let cleaned = crate::text::clean(raw).ok_or(EmailError::Empty)?;
        let s = cleaned.as_str();
        let s = s.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map_or(s, |_| &s[7..]);
        let s = s.split(['?', '#']).next().unwrap_or_default().trim();
        let s = s.to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError::NoAt)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = domain.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
        match (local_ok, domain_ok, s.len() <= 254) {
            (false, _, _) => Err(EmailError::BadLocalPart),
            (_, false, _) => Err(EmailError::BadDomain),
            (_, _, false) => Err(EmailError::TooLong),
            _ => Ok(Email(s)),
        }
    }

    /// Parses an address written to fool harvesters, as pages do: "jane [at] acme [dot] com",
    /// "jane(at)acme.com", "jane at acme dot com", "jane&#64;acme.com", "<jane@acme.com>." .
    /// Spelled-out " at " and " dot " are read only when the whole value is one address written
    /// that way, so "meet me at the office" is never taken for one.
    pub fn parse_obfuscated(raw: &str) -> Result<Email, EmailError> {
        if raw.len() > MAX_OBFUSCATED_BYTES {
            return Err(EmailError::TooLong);
        }
        let s = join_around_symbols(&unbracket(&decode_entities(raw.trim())));
        let s = s.trim_start_matches(['<', '(', '[', '"', '\'']).trim_end_matches(TRAILING_PUNCTUATION);
        match spelled_out(s) {
            Some(address) => Email::try_parse(&address),
            None => Email::try_parse(s),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// A shared inbox (info@, sales@) rather than a person's own address.
    pub fn is_role(&self) -> bool {
        let local = self.0.split('@').next().unwrap_or_default();
        ROLE_LOCAL_PARTS.contains(&local)
    }
}

/// Free-mail providers: an address there says nothing about the employer.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.fr",
    "yahoo.co.uk",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "protonmail.com",
    "proton.me",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "qq.com",
    "163.com",
];

/// Whether a domain is a free-mail provider's, where anyone may have an address.
pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.contains(&domain)
}

/// Longest obfuscated value we look at: a spelled-out address is longer than a plain one, but not
/// four times the 254 characters an address may have.
const MAX_OBFUSCATED_BYTES: usize = 1024;

/// What ends a sentence or closes a quote around an address: "write to jane@acme.com." .
const TRAILING_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\''];

/// Decodes the HTML character references pages use to hide "@" and ".": numeric ("&#64;",
/// "&#x40;") and the named "&commat;", "&period;" and "&amp;".
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| Some((entity(&rest[1..end])?, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok().and_then(char::from_u32);
    match name.to_ascii_lowercase().as_str() {
        "commat" => Some('@'),
        "period" => Some('.'),
        "amp" => Some('&'),
        n if n.starts_with("#x") => number(&n[2..], 16),
        n if n.starts_with('#') => number(&n[1..], 10),
        _ => None,
    }
}

/// "[at]", "(at)", "{at}", "<at>" and the same for "dot", any case, with or without inner spaces.
/// Text with its bracketed "at" and "dot" written as symbols, the spaces around them dropped:
/// "Write to jane [at] acme (dot) com." → "Write to jane@acme.com.". Dashes bracket too
/// ("gus -at- bergco -dot- com"), in text with no "@" of its own: a real address may hold "-at-".
pub fn unbracket(s: &str) -> String {
    let mut out = s.to_string();
    let dashes = (!s.contains('@')).then_some(('-', '-'));
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')].into_iter().chain(dashes) {
        for (word, symbol) in [("at", "@"), ("dot", ".")] {
            out = replace_token(&out, open, close, word, symbol);
        }
    }
    out
}

fn replace_token(s: &str, open: char, close: char, word: &str, symbol: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len_utf8()..];
        let inner_end = after.find(close);
        match inner_end.filter(|&e| after[..e].trim().eq_ignore_ascii_case(word)) {
            Some(e) => {
                out.truncate(out.trim_end().len());
                out.push_str(symbol);
                rest = after[e + close.len_utf8()..].trim_start();
            }
            None => {
                out.push(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "jane @ acme . com" → "jane@acme.com": spaces next to "@" or "." are only ever padding.
fn join_around_symbols(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = String::with_capacity(s.len());
    for (i, w) in words.iter().enumerate() {
        let glued = i == 0 || w.starts_with(['@', '.']) || words[i - 1].ends_with(['@', '.']);
        if !glued {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// "jane at acme dot com", "jane dot doe at acme.com": the value must be exactly one word or
/// dotted words, the word "at", then dotted words, with "dot" only between words.
fn spelled_out(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let at = words.iter().position(|w| w.eq_ignore_ascii_case("at"))?;
    let local = dotted(&words[..at])?;
    let domain = dotted(&words[at + 1..])?;
    Some(format!("{local}@{domain}"))
}

/// Words joined by the word "dot": "jane dot doe" → "jane.doe"; `None` unless they alternate.
fn dotted(words: &[&str]) -> Option<String> {
    let is_dot = |w: &&str| w.eq_ignore_ascii_case("dot");
    let alternate = words.len() % 2 == 1
        && words
            .iter()
            .enumerate()
            .all(|(i, w)| (i % 2 == 1) == is_dot(w) && (is_dot(w) || !w.eq_ignore_ascii_case("at")));
    alternate.then(|| words.iter().step_by(2).copied().collect::<Vec<_>>().join("."))
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_strips_mailto() {
        let e = Email::parse(" MAILTO:Jane.Doe@Acme.COM?subject=Hi ").unwrap();
        assert_eq!(e.as_str(), "jane.doe@acme.com");
        assert_eq!(e.domain(), "acme.com");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in [
            "",
            "jane",
            "jane@",
            "@acme.com",
            "jane@acme",
            "jane@@acme.com",
            "ja ne@acme.com",
            "jane@acme..com",
            ".jane@acme.com",
            "jane@-acme.com",
            "jane@1.2.3.4",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn reads_past_invisible_characters() {
        assert_eq!(Email::parse("ja\u{200B}ne@ac\u{202E}me.com").unwrap().as_str(), "jane@acme.com");
    }

    #[test]
    fn knows_role_inboxes() {
        assert!(Email::parse("info@acme.com").unwrap().is_role());
        assert!(!Email::parse("jane@acme.com").unwrap().is_role());
    }

    #[test]
    fn says_why_an_address_is_invalid() {
        assert_eq!(Email::try_parse(" "), Err(EmailError::Empty));
        assert_eq!(Email::try_parse("jane.acme.com"), Err(EmailError::NoAt));
        assert_eq!(Email::try_parse(".jane@acme.com"), Err(EmailError::BadLocalPart));
        assert_eq!(Email::try_parse("jane@acme"), Err(EmailError::BadDomain));
        let long_but_well_formed =
            format!("{}@{}.{}.{}.com", "j".repeat(64), "a".repeat(62), "b".repeat(62), "c".repeat(62));
        assert_eq!(Email::try_parse(&long_but_well_formed), Err(EmailError::TooLong));
        assert_eq!(EmailError::NoAt.to_string(), "no @ between a name and a domain");
    }

    #[test]
    fn reads_obfuscated_addresses() {
        for raw in [
            "jane [at] acme [dot] com",
            "jane[at]acme[dot]com",
            "jane (at) acme (dot) com",
            "jane(at)acme.com",
            "jane{at}acme.com",
            "JANE [AT] ACME [DOT] COM",
            "jane at acme dot com",
            "jane -at- acme -dot- com",
            "jane at acme.com",
            "jane @ acme . com",
            "jane@acme.com.",
            "<jane@acme.com>,",
            "(jane@acme.com)",
            "jane&#64;acme.com",
            "jane&#x40;acme&#46;com",
            "jane&commat;acme&period;com",
            "mailto:jane@acme.com",
        ] {
            assert_eq!(Email::parse_obfuscated(raw).map(|e| e.to_string()), Ok("jane@acme.com".into()), "{raw:?}");
        }
        assert_eq!(
            Email::parse_obfuscated("jane dot doe at acme dot co dot uk").unwrap().as_str(),
            "jane.doe@acme.co.uk"
        );
    }

    #[test]
    fn spelled_out_words_only_when_the_whole_value_is_one_address() {
        for raw in [
            "meet me at the office",
            "at acme dot com",
            "jane at",
            "jane at acme",
            "jane at dot com",
            "jane at acme dot",
            "jane dot at acme dot com",
        ] {
            assert!(Email::parse_obfuscated(raw).is_err(), "{raw:?}");
        }
        assert_eq!(Email::parse_obfuscated("we are at acme dot com"), Err(EmailError::NoAt));
        assert_eq!(Email::parse_obfuscated(&"a".repeat(5000)), Err(EmailError::TooLong));
        assert!(Email::parse_obfuscated("&#xFFFFFFFF;@acme.com").is_err(), "no such character");
        assert!(Email::parse_obfuscated("&#xD800;@acme.com").is_err(), "a lone surrogate is no character");
    }
}
