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
    Whitespace,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EmailError::Empty => "empty value",
            EmailError::NoAt => "no @ between a name and a domain",
            EmailError::BadLocalPart => "the part before @ is not a valid mailbox name",
            EmailError::BadDomain => "the part after @ is not a domain like acme.com",
            EmailError::TooLong => "longer than the 254 characters an address may have",
            EmailError::Whitespace => "spaces or a line break around the address",
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
    ///
    /// Reads RFC 5321/5322 as mail servers take it: a display name (`Jane Roe <jane@acme.com>`,
    /// `"Roe, Jane" <jane@acme.com>`), a quoted local part (kept quoted only when it must be),
    /// internationalised local parts and domains (a domain in Unicode or punycode is kept in
    /// Unicode, so both spellings are one address), and the length limits (local part 64, labels
    /// 63, address 254). A domain with a trailing dot, a domain literal and the special-use
    /// domains that deliver nowhere (`.arpa`, `.invalid`, `.local`, `.localhost`, `.onion`) are no
    /// address to call back.
    pub fn try_parse(raw: &str) -> Result<Email, EmailError> {
        // Zero-width and bidi characters hide inside addresses on hostile pages: read past them.
        let cleaned = crate::text::clean(raw).ok_or(EmailError::Empty)?;
        let s = cleaned.trim();
        let s = match s.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")) {
            // A mailto link's query (subject, body) follows the address.
            Some(_) => s[7..].split(['?', '#']).next().unwrap_or_default().trim(),
            None => s,
        };
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        // A control character is no part of an address; `clean` would have made it a space.
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(EmailError::BadLocalPart);
        }
        let (local, domain) = split_address(without_display_name(s)?)?;
        let local = local_part(local).ok_or(EmailError::BadLocalPart)?;
        let (domain, ascii_len) = domain_part(domain).ok_or(EmailError::BadDomain)?;
        let address = format!("{local}@{domain}");
        // RFC 5321's limit is in octets, for the address as sent (UTF-8, or with an IDNA domain).
        if address.len().max(local.len() + 1 + ascii_len) > MAX_ADDRESS_BYTES {
            return Err(EmailError::TooLong);
        }
        Ok(Email(address))
    }

    /// Parses an address written to fool harvesters, as pages do: "jane [at] acme [dot] com",
    /// "jane(at)acme.com", "jane at acme dot com", "jane&#64;acme.com", "<jane@acme.com>." .
    /// Spelled-out " at " and " dot " are read only when the whole value is one address written
    /// that way, so "meet me at the office" is never taken for one.
    pub fn parse_obfuscated(raw: &str) -> Result<Email, EmailError> {
        if raw.len() > MAX_OBFUSCATED_BYTES {
            return Err(EmailError::TooLong);
        }
        // The value as written: a page's text is trimmed by its reader, a line break is two values.
        if raw.contains(['\r', '\n']) || raw.starts_with(char::is_whitespace) || raw.ends_with(char::is_whitespace) {
            return Err(EmailError::Whitespace);
        }
        let s = join_around_symbols(&unbracket(&decode_entities(raw)));
        let s = s.trim_end_matches(SENTENCE_END);
        // "Jane Roe <jane@acme.com>" and "\"jane roe\"@acme.com" keep their brackets and quotes.
        let s = if (s.ends_with('>') && s.contains('<')) || (s.starts_with('"') && s.contains("\"@")) {
            s
        } else {
            s.trim_start_matches(['<', '(', '[', '"', '\'']).trim_end_matches(TRAILING_PUNCTUATION)
        };
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

const MAX_ADDRESS_BYTES: usize = 254;
const MAX_LOCAL_CHARS: usize = 64;

/// Special-use top-level domains (RFC 6761, 6762, 7686 and 9476) no mail is delivered to. `.test`
/// and `.example` are left: documentation and tests, ours too, write addresses there.
const UNDELIVERABLE_TLDS: &[&str] = &["arpa", "invalid", "local", "localhost", "onion", "alt"];

/// `Jane Roe <jane@acme.com>` → `jane@acme.com`; a value with no display name is the address.
/// The name may be quoted (`"Roe, Jane"`); unquoted it holds none of the characters that would
/// make it part of an address.
fn without_display_name(s: &str) -> Result<&str, EmailError> {
    let Some(inner) = s.strip_suffix('>') else { return Ok(s) };
    let mut quoted = false;
    let mut escaped = false;
    let mut open = None;
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => open = Some(i),
            _ => {}
        }
    }
    let Some(open) = open else { return Err(EmailError::BadLocalPart) };
    let name = inner[..open].trim();
    let name_ok = name.is_empty()
        || quoted_content(name).is_some()
        || !name.contains(|c: char| "<>()[]:;@\\\",.".contains(c) || c.is_control());
    if !name_ok {
        return Err(EmailError::BadLocalPart);
    }
    Ok(inner[open + 1..].trim())
}

/// The local part and the domain: the `@` that parts them is the first outside a quoted local part.
fn split_address(s: &str) -> Result<(&str, &str), EmailError> {
    let at = if s.starts_with('"') {
        let mut escaped = false;
        let close = s.char_indices().skip(1).find(|&(_, c)| {
            let end = c == '"' && !escaped;
            escaped = !escaped && c == '\\';
            end
        });
        match close {
            Some((i, _)) if s[i + 1..].starts_with('@') => i + 1,
            Some(_) => return Err(EmailError::BadLocalPart),
            None => return Err(EmailError::NoAt),
        }
    } else {
        s.find('@').ok_or(EmailError::NoAt)?
    };
    Ok((&s[..at], &s[at + 1..]))
}

/// The text of a quoted string (`"a\"b"` → `a"b`), or `None` when `s` is not one.
fn quoted_content(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return None,
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// A character a local part may hold unquoted: RFC 5322's atext, and (RFC 6531) any letter,
/// digit or mark of other scripts, but no space, control, format or private-use character.
fn is_atext(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    }
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FDD0}'..='\u{FDEF}')
        || (c as u32) & 0xFFFE == 0xFFFE)
}

/// A combining mark, which cannot begin a local part (it would join the character before it).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && !s.ends_with('.')
        && !s.contains("..")
        && !s.starts_with(is_combining)
        && s.chars().all(|c| c == '.' || is_atext(c))
}

/// The local part, lower-cased: a quoted one without its quotes when it needs none.
fn local_part(raw: &str) -> Option<String> {
    let (text, quoted) = match quoted_content(raw) {
        Some(text) => (text, true),
        None => (raw.to_string(), false),
    };
    // One spelling of each character (NFC), as RFC 6532 asks: "é" typed as e and an accent is
    // the same address, and a character whose canonical form is ASCII punctuation is that.
    let text = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(&text).into_owned();
    if text.chars().count() > MAX_LOCAL_CHARS {
        return None;
    }
    let local = if is_dot_atom(&text) {
        text
    } else if quoted && !text.is_empty() && text.chars().all(|c| c == ' ' || is_atext(c) || c.is_ascii_punctuation()) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        return None;
    };
    Some(local.to_lowercase())
}

/// The domain in Unicode, lower-cased, and the length of its ASCII form, after IDNA's strict checks (letters, digits and hyphens
/// in each label, none at either end, valid punycode, labels of at most 63 and a name of at most
/// 253 characters), with a top-level domain of letters that delivers mail.
fn domain_part(raw: &str) -> Option<(String, usize)> {
    if raw.ends_with('.') || raw.starts_with('[') {
        return None;
    }
    let ascii = idna::domain_to_ascii_strict(raw).ok()?;
    let mut labels = ascii.rsplit('.');
    let tld = labels.next()?;
    let tld_ok = tld.starts_with("xn--") || (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    if labels.next().is_none() || !tld_ok || UNDELIVERABLE_TLDS.contains(&tld) {
        return None;
    }
    match idna::domain_to_unicode(&ascii) {
        (unicode, Ok(())) => Some((unicode, ascii.len())),
        _ => None,
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

/// What ends a sentence after an address: "write to jane@acme.com." .
const SENTENCE_END: &[char] = &['.', ',', ';', ':', '!', '?'];

/// What ends a sentence or closes a quote around an address: "(jane@acme.com)." .
const TRAILING_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\''];

/// Decodes the HTML character references pages use to hide "@" and ".": numeric ("&#64;",
/// "&#x40;") and the named "&commat;", "&period;" and "&amp;".
fn decode_entities(s: &str) -> String {
    crate::text::decode_references(s, |name| match name.to_ascii_lowercase().as_str() {
        "commat" => Some('@'),
        "period" => Some('.'),
        "amp" => Some('&'),
        n => crate::text::numeric_reference(n),
    })
}

/// "[at]", "(at)", "{at}", "<at>" and the same for "dot" (or "d0t"), any case, with or without
/// inner spaces, in any mix.
/// Text with its bracketed "at" and "dot" written as symbols, the spaces around them dropped:
/// "Write to jane [at] acme (dot) com." → "Write to jane@acme.com.". Dashes, underscores
/// and quotes bracket too ("gus -at- bergco -dot- com", "co_D0T_uk", `jane "at" acme`), in text
/// with no "@" of its own: a real address may hold "-at-" or "_at_".
pub fn unbracket(s: &str) -> String {
    let mut out = s.to_string();
    let loose = [('-', '-'), ('_', '_'), ('"', '"'), ('\'', '\'')];
    let loose = loose.into_iter().filter(|_| !s.contains('@'));
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')].into_iter().chain(loose) {
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
        // "d0t": a digit for the letter it looks like.
        match inner_end.filter(|&e| after[..e].trim().replace('0', "o").eq_ignore_ascii_case(word)) {
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
            "jane [at] acme [d0t] com",
            "jane_at_acme_dot_com",
            "jane \"at\" acme \"dot\" com",
            "jane 'at' acme 'dot' com",
            "Jane Roe <jane@acme.com>",
        ] {
            assert_eq!(Email::parse_obfuscated(raw).map(|e| e.to_string()), Ok("jane@acme.com".into()), "{raw:?}");
        }
        assert_eq!(
            Email::parse_obfuscated("jane dot doe at acme dot co dot uk").unwrap().as_str(),
            "jane.doe@acme.co.uk"
        );
        // Every bracket in one address, digits for letters, any case.
        assert_eq!(
            Email::parse_obfuscated("jane(dot)roe[AT]acme<dOt>co_D0T_uk").unwrap().as_str(),
            "jane.roe@acme.co.uk"
        );
        assert_eq!(Email::parse_obfuscated("first_last@acme.com").unwrap().as_str(), "first_last@acme.com");
        assert_eq!(Email::parse_obfuscated(" jane@acme.com"), Err(EmailError::Whitespace));
        assert_eq!(Email::parse_obfuscated("jane@acme.com\n"), Err(EmailError::Whitespace));
    }

    #[test]
    fn reads_display_names_quoted_and_international_addresses() {
        for (raw, address) in [
            ("Jane Roe <Jane@Acme.com>", "jane@acme.com"),
            ("\"Roe, Jane\" <jane@acme.com>", "jane@acme.com"),
            ("<jane@acme.com>", "jane@acme.com"),
            ("\"jane.roe\"@acme.com", "jane.roe@acme.com"),
            ("\"jane roe\"@acme.com", "\"jane roe\"@acme.com"),
            ("\"jane\\\"roe\"@acme.com", "\"jane\\\"roe\"@acme.com"),
            ("jöhn@exämple.de", "jöhn@exämple.de"),
            ("jöhn@xn--exmple-cua.de", "jöhn@exämple.de"),
            ("JANE@EXÄMPLE.DE", "jane@exämple.de"),
        ] {
            assert_eq!(Email::try_parse(raw).map(|e| e.to_string()), Ok(address.into()), "{raw:?}");
        }
        for bad in [
            "jane@acme.com.",
            "Roe, Jane <jane@acme.com>",
            "jane@[127.0.0.1]",
            "jane@host.localhost",
            "jane@xn--0.com",
            "jane@acme.tld-2",
            "\"jane@acme.com",
            "jane\u{0}@acme.com",
        ] {
            assert!(Email::try_parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Email::try_parse(&format!("{}@acme.com", "j".repeat(65))), Err(EmailError::BadLocalPart));
        assert_eq!(Email::try_parse(&format!("jane@{}.com", "a".repeat(64))), Err(EmailError::BadDomain));
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
