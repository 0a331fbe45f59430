//! vCard files (2.1, 3.0, 4.0) that a page links to: each card a contact. Line folding and
//! parameters are read by the `ical` crate; this maps the properties.

use crate::model::{Contact, Extractor, Phone, PhoneLabel, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::clean;
use ical::parser::vcard::component::VcardContact;
use ical::property::Property;

/// Largest vCard file read, and most cards taken from one.
pub const MAX_VCARD_BYTES: usize = 512 * 1024;
const MAX_CARDS: usize = 500;

/// The contacts in a vCard file; `Err` says why the file was not read.
pub fn parse(text: &str) -> Result<Vec<Contact>, String> {
    if text.len() > MAX_VCARD_BYTES {
        return Err(format!("larger than {} KB", MAX_VCARD_BYTES / 1024));
    }
    let text = name_bare_types(text);
    let mut contacts = Vec::new();
    for card in ical::VcardParser::new(text.as_bytes()).take(MAX_CARDS) {
        let card = card.map_err(|e| format!("not a readable vCard ({e})"))?;
        contacts.push(contact(&card));
    }
    Ok(contacts)
}

/// vCard 2.1 writes types bare (`TEL;CELL;WORK:`), which the parser refuses: name them
/// (`TEL;TYPE=CELL;TYPE=WORK:`).
fn name_bare_types(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let folded = line.starts_with([' ', '\t']);
        match line.split_once(':').filter(|(head, _)| !folded && head.contains(';')) {
            Some((head, rest)) => {
                let mut parts = head.split(';');
                out.push_str(parts.next().unwrap_or_default());
                for param in parts {
                    out.push(';');
                    if !param.contains('=') {
                        out.push_str("TYPE=");
                    }
                    out.push_str(param);
                }
                out.push(':');
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Decodes a QUOTED-PRINTABLE value (vCard 2.1's way of writing non-ASCII names).
fn quoted_printable(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'=', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced::new(value, Extractor::Vcard)
}

/// A property value with vCard escapes (`\,` `\;` `\n`) undone.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') | Some('N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The structured components of a value (N, ADR, ORG), split on unescaped ';'.
fn components(raw: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in raw.chars() {
        match (escaped, c) {
            (false, '\\') => escaped = true,
            (false, ';') => parts.push(String::new()),
            (true, c) => {
                escaped = false;
                if let Some(last) = parts.last_mut() {
                    last.push('\\');
                    last.push(c);
                }
            }
            (false, c) => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts.iter().map(|p| unescape(p)).collect()
}

/// TYPE parameters, however the version wrote them (`TYPE=work,voice`, 2.1's bare `CELL`).
fn types(p: &Property) -> Vec<String> {
    p.params
        .iter()
        .flatten()
        .flat_map(|(name, values)| {
            if name.eq_ignore_ascii_case("type") {
                values.iter().flat_map(|v| v.split(',')).map(str::to_ascii_lowercase).collect::<Vec<_>>()
            } else {
                vec![name.to_ascii_lowercase()]
            }
        })
        .collect()
}

fn label(types: &[String]) -> Option<PhoneLabel> {
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("fax") {
        Some(PhoneLabel::Fax)
    } else if has("cell") || has("mobile") {
        Some(PhoneLabel::Mobile)
    } else if has("work") {
        Some(PhoneLabel::Office)
    } else {
        None
    }
}

fn contact(card: &VcardContact) -> Contact {
    let mut c = Contact::default();
    for p in &card.properties {
        let Some(raw) = p.value.as_deref() else { continue };
        let decoded;
        let quoted = p.params.iter().flatten().flat_map(|(_, v)| v).any(|v| v.eq_ignore_ascii_case("quoted-printable"));
        let value = if quoted {
            decoded = quoted_printable(raw);
            decoded.as_str()
        } else {
            raw
        };
        match p.name.to_ascii_uppercase().as_str() {
            "FN" => c.name = clean(&unescape(value)).map(sourced),
            "N" => {
                let parts = components(value);
                c.family_name = parts.first().and_then(|f| clean(f)).map(sourced);
                c.given_name = parts.get(1).and_then(|g| clean(g)).map(sourced);
            }
            "TITLE" => c.title = clean(&unescape(value)).map(sourced),
            "ROLE" if c.title.is_none() => c.title = clean(&unescape(value)).map(sourced),
            "ORG" => c.company = components(value).first().and_then(|o| clean(o)).map(sourced),
            "EMAIL" => c.emails.extend(Email::parse(value).map(sourced)),
            "TEL" => {
                let number = value.trim_start_matches("tel:").to_string();
                if number.chars().filter(char::is_ascii_digit).count() >= 6 {
                    c.phones.push(sourced(Phone::new(number, label(&types(p)))));
                }
            }
            "ADR" => {
                // ;;street;locality;region;postal code;country
                let parts = components(value);
                let place: Vec<&str> = [3, 4, 6]
                    .iter()
                    .filter_map(|i| parts.get(*i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                if c.location.is_none() {
                    c.location = clean(&place.join(", ")).map(sourced);
                }
            }
            "URL" | "X-SOCIALPROFILE" | "X-LINKEDIN" | "X-TWITTER" => {
                let link = unescape(value);
                match SocialProfile::parse(&link) {
                    Some(profile) => c.profiles.push(sourced(profile)),
                    None if link.starts_with("http://") || link.starts_with("https://") => {
                        c.websites.push(sourced(link))
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_v3_card_with_folding_escapes_and_types() {
        let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;Dr.;\r\nFN:Dr. Jane Doe\r\nORG:Acme\\, Inc.;Sales\r\n\
            TITLE:VP Sales\r\nEMAIL;TYPE=INTERNET,WORK:Jane@Acme.com\r\nTEL;TYPE=CELL:+1 415 555 0100\r\n\
            TEL;TYPE=WORK,FAX:+1 415 555 0199\r\nADR;TYPE=WORK:;;1 Main St;San Francisco;CA;94105;USA\r\n\
            URL:https://www.linkedin.com/in/jane-\r\n doe-sf\r\nEND:VCARD\r\n";
        let cards = parse(vcf).unwrap();
        assert_eq!(cards.len(), 1);
        let c = &cards[0];
        assert_eq!(c.name.as_ref().unwrap().value, "Dr. Jane Doe");
        assert_eq!(c.family_name.as_ref().unwrap().value, "Doe");
        assert_eq!(c.given_name.as_ref().unwrap().value, "Jane");
        assert_eq!(c.company.as_ref().unwrap().value, "Acme, Inc.");
        assert_eq!(c.emails[0].value.as_str(), "jane@acme.com");
        assert_eq!(c.phones[0].value.label, Some(PhoneLabel::Mobile));
        assert_eq!(c.phones[1].value.label, Some(PhoneLabel::Fax));
        assert_eq!(c.location.as_ref().unwrap().value, "San Francisco, CA, USA");
        assert_eq!(c.profiles[0].value.id, "jane-doe-sf");
        assert_eq!(c.name.as_ref().unwrap().extractor, Extractor::Vcard);
    }

    #[test]
    fn reads_v21_bare_types_and_several_cards() {
        let vcf = "BEGIN:VCARD\nVERSION:2.1\nFN:Al One\nTEL;CELL:+44 7700 900123\nEND:VCARD\n\
                   BEGIN:VCARD\nVERSION:4.0\nFN:Bo Two\nTEL;VALUE=uri;TYPE=work:tel:+33-1-23-45-67-89\nEND:VCARD\n";
        let cards = parse(vcf).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].phones[0].value.label, Some(PhoneLabel::Mobile));
        assert_eq!(cards[1].phones[0].value.number, "+33-1-23-45-67-89");
        assert_eq!(cards[1].phones[0].value.label, Some(PhoneLabel::Office));
    }

    #[test]
    fn vcard_links_are_the_page_s_own_vcf_files_however_written() {
        let html = "<a href='/team/Jane.VCF?download=1#top'>a</a> <a href=' b.vcf '>b</a> <a href='c.v\ncf'>c</a>
            <a href='https://other.example/d.vcf'>d</a> <a href='/e.vcf.html'>e</a> <a href='/f.html?x=.vcf'>f</a>
            <link href='/g.vcf'> <a href='https://acme.example/h.vcf'>h</a>";
        let page = crate::capture::Page { html, url: "https://acme.example/about/", ..Default::default() };
        let c = crate::capture::capture(&page, chrono::Utc::now());
        assert_eq!(
            c.vcard_links,
            [
                "https://acme.example/team/Jane.VCF?download=1#top",
                "https://acme.example/about/b.vcf",
                "https://acme.example/about/c.vcf",
                "https://acme.example/h.vcf"
            ]
        );
    }

    #[test]
    fn a_more_trusted_vcard_wins_over_page_text_and_the_loser_is_kept() {
        let html = r#"<div class="card"><h3>Priya Raman</h3><p>Procurement Lead</p>
            <a href="mailto:priya@acme.example">mail</a> <a href="/p.vcf">vCard</a></div>"#;
        let vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Priya Raman\nTITLE:Head of Procurement\nEMAIL:priya@acme.example\nEND:VCARD\n";
        let files = [crate::capture::VcardFile { url: "https://acme.example/p.vcf".into(), text: vcf.into() }];
        let page =
            crate::capture::Page { html, url: "https://acme.example/team", vcards: &files, ..Default::default() };
        let c = crate::capture::capture(&page, chrono::Utc::now());
        assert_eq!(c.vcard_links, ["https://acme.example/p.vcf"]);
        let p = &c.contacts[0];
        assert_eq!(p.title.as_ref().unwrap().value, "Head of Procurement");
        assert_eq!(p.alternatives[0].value.value, "Procurement Lead");
        let elsewhere = [crate::capture::VcardFile { url: "https://evil.example/p.vcf".into(), text: vcf.into() }];
        let page = crate::capture::Page { vcards: &elsewhere, ..page };
        let c = crate::capture::capture(&page, chrono::Utc::now());
        assert!(c.notes[0].contains("not on this page's site"), "{:?}", c.notes);
    }

    #[test]
    fn decodes_quoted_printable_names() {
        let vcf =
            "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e L=C3=B3pez\nEND:VCARD\n";
        assert_eq!(parse(vcf).unwrap()[0].name.as_ref().unwrap().value, "Renée López");
    }

    #[test]
    fn refuses_huge_files_and_garbage_with_a_reason() {
        assert!(parse(&"x".repeat(MAX_VCARD_BYTES + 1)).unwrap_err().contains("larger than"));
        assert!(parse("\u{0}\u{1}garbage\nno cards here").unwrap_err().starts_with("not a readable vCard"));
    }
}
