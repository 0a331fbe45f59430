//! Ways to reach someone: `mailto:` and `tel:` links (and addresses behind Cloudflare's email
//! protection), and emails and phone numbers written in the text, with the labels beside them.

use super::words::looks_like_name;
use super::{digits, hidden, Found, Signal, MAX_SIGNALS, MAX_TEXT_NODES};
use crate::lexicon::{self, Section};
use crate::model::{Phone, PhoneLabel};
use crate::normalize::{unbracket, Email, SocialProfile};
use crate::text::clean;
use scraper::{ElementRef, Html, Node};

/// An address hidden by Cloudflare's email protection, as a page's source holds it before the
/// browser runs the decoding script: hex bytes, the first the key every other is XORed with
/// (`data-cfemail="…"`, or `href="/cdn-cgi/l/email-protection#…"`).
fn cloudflare_email(el: &scraper::node::Element) -> Option<Email> {
    let hex = el
        .attr("data-cfemail")
        .or_else(|| el.attr("href")?.split_once("/cdn-cgi/l/email-protection#").map(|(_, h)| h))?;
    let bytes: Vec<u8> =
        (0..hex.len() / 2).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect::<Option<_>>()?;
    let (key, rest) = bytes.split_first()?;
    let text: String = rest.iter().map(|b| char::from(b ^ key)).collect();
    Email::parse(&text)
}

pub(super) fn links(doc: &Html, found: &mut Vec<Found>) {
    // Cloudflare's protected addresses are links or spans; every other signal here is a link.
    let candidates =
        crate::capture::elements(doc).filter(|e| e.value().name() == "a" || e.value().attr("data-cfemail").is_some());
    for el in candidates.take(MAX_SIGNALS * 4) {
        if let Some(email) = cloudflare_email(el.value()) {
            found.push(Found { at: el.id(), signal: Signal::Email(email) });
            continue;
        }
        let Some(href) = el.value().attr("href").map(str::trim) else { continue };
        // A link with no scheme (`href="tel"`) is a relative path, not a number.
        let Some((scheme, rest)) = href.split_once(':') else { continue };
        let at = el.id();
        match scheme.to_ascii_lowercase().as_str() {
            "mailto" => {
                for email in mailto_addresses(href) {
                    found.push(Found { at, signal: Signal::Email(email) });
                }
                let label: String = el.text().collect();
                if let Some(name) = clean(&label).filter(|t| looks_like_name(t)) {
                    found.push(Found { at, signal: Signal::LinkName(name) });
                }
            }
            "tel" => {
                let raw = rest.split(';').next().unwrap_or_default();
                let number = percent_decode_lossy(raw);
                if digits(&number) >= 6 {
                    let label = label_near(el).or_else(|| phone_label(&el.text().collect::<String>()));
                    found.push(Found { at, signal: Signal::Phone(Phone::new(number, label)) });
                }
            }
            "http" | "https" => {
                if let Some(p) = SocialProfile::parse(href) {
                    let named = clean(&el.text().take(5).collect::<String>()).filter(|t| looks_like_name(t));
                    found.push(Found { at, signal: Signal::Profile(p, named) });
                }
            }
            _ => {}
        }
    }
}

/// Every address a `mailto:` names: the path (comma-separated) and `to`/`cc` parameters.
fn mailto_addresses(href: &str) -> Vec<Email> {
    let rest = &href[href.find(':').map_or(0, |i| i + 1)..];
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let params = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| k.eq_ignore_ascii_case("to") || k.eq_ignore_ascii_case("cc"))
        .map(|(_, v)| v);
    std::iter::once(path)
        .chain(params)
        .flat_map(|list| percent_decode_lossy(list).split(',').map(str::to_string).collect::<Vec<_>>())
        .filter_map(|a| {
            // "Jane Doe <jane@acme.com>" names its address between angle brackets.
            let inner = a.split_once('<').and_then(|(_, r)| r.split_once('>')).map_or(a.as_str(), |(addr, _)| addr);
            Email::parse(inner)
        })
        .take(10)
        .collect()
}

fn percent_decode_lossy(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Emails and phone numbers written in the visible text.
pub(super) fn text(doc: &Html, found: &mut Vec<Found>) {
    for node in doc.tree.nodes().take(MAX_TEXT_NODES) {
        let Node::Text(t) = node.value() else { continue };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else { continue };
        if parent.ancestors().filter_map(ElementRef::wrap).chain([parent]).any(|a| hidden(a.value())) {
            continue;
        }
        let at = parent.id();
        let text: &str = t;
        for email in emails_in(text) {
            found.push(Found { at, signal: Signal::Email(email) });
        }
        // A `tel:` link's words are its number, read from the link itself: "1-800-555-0100" read
        // again in a Singapore page's own country would be another number.
        let tel_link = |a: ElementRef| a.value().attr("href").is_some_and(|h| h.trim_start().starts_with("tel:"));
        if std::iter::once(parent).chain(parent.ancestors().take(2).filter_map(ElementRef::wrap)).any(tel_link) {
            continue;
        }
        for phone in phones_in(text) {
            found.push(Found { at, signal: Signal::Phone(phone) });
        }
    }
}

/// Longest text read as one address spelled out whole ("anna at bergco dot com").
const MAX_SPELLED_ADDRESS: usize = 100;

fn emails_in(text: &str) -> Vec<Email> {
    // "E-mail: anna at bergco dot com": a line that is one address, after its label; read only
    // so, as "meet me at noon" in a sentence is no address.
    let value = text.rsplit(':').next().unwrap_or(text).trim();
    // "CTO at Globex.io" is a title: without a spelled "dot", the name before "at" is lower-case.
    let spelled = || {
        let mut words = value.split_whitespace();
        let dot = value.split_whitespace().any(|w| w.eq_ignore_ascii_case("dot"));
        words.any(|w| w.eq_ignore_ascii_case("at")) && (dot || !value.chars().any(char::is_uppercase))
    };
    let spaced = || value.contains(" @ ");
    if value.len() <= MAX_SPELLED_ADDRESS && (!value.contains('@') && spelled() || spaced()) {
        if let Ok(email) = Email::parse_obfuscated(value) {
            return vec![email];
        }
    }
    // Most text holds no address: the rewriting is done only where one may hide.
    let text = if text.contains('@') {
        text.to_string()
    } else if text.contains(['[', '(', '{', '<']) || text.contains("-at-") || text.contains("-AT-") {
        unbracket(text)
    } else {
        return Vec::new();
    };
    let is_part = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
    let mut emails = Vec::new();
    for (i, _) in text.match_indices('@') {
        let start = text[..i].char_indices().rev().take_while(|(_, c)| is_part(*c)).last().map_or(i, |(j, _)| j);
        let end = text[i + 1..].char_indices().find(|(_, c)| !(is_part(*c))).map_or(text.len(), |(j, _)| i + 1 + j);
        let candidate = text[start..end].trim_matches(|c: char| c == '.' || c == '\'' || c == '-');
        if let Some(e) = Email::parse(candidate) {
            if !emails.contains(&e) {
                emails.push(e);
            }
        }
    }
    emails
}

/// Phone-number-shaped runs: an optional '+', then 7 to 15 digits with the usual separators, and
/// an extension. Runs that could be dates, prices or ids (no '+', no grouping) are left alone.
fn phones_in(text: &str) -> Vec<Phone> {
    let mut phones = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let opens = c == '+' || c == '(' || c.is_ascii_digit();
        let after_word = i > 0 && chars[i - 1].1.is_alphanumeric();
        if !opens || after_word {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].1.is_ascii_digit() || " ().-/\u{a0}+".contains(chars[j].1)) {
            // A second '+' or a line of separators ends the number.
            if chars[j].1 == '+' && j != i {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |(k, _)| *k);
        let run = text[start..end].trim_end_matches(|c: char| !c.is_ascii_digit());
        let n = digits(run);
        let grouped = run.contains([' ', '-', '.', '(', '\u{a0}']);
        let plausible = (run.starts_with('+') && (8..=15).contains(&n)) || (grouped && (9..=15).contains(&n));
        if plausible && !looks_like_date(run) {
            let tail = &text[start + run.len()..];
            let number = format!("{run}{}", extension(tail));
            phones.push(Phone::new(number, phone_label(&text[..start])));
        }
        i = j.max(i + 1);
    }
    phones
}

/// Dates (2023-11-05) and codes such as ISBNs (978-3-16-148410-0) share a phone number's shape;
/// phone groups are rarely a single digit, but for a country code or a trunk "(0)".
fn looks_like_date(run: &str) -> bool {
    let groups: Vec<&str> = run.split(['-', '.', '/', ' ', '(', ')']).filter(|g| !g.is_empty()).collect();
    let date = groups.len() == 3
        && groups.iter().filter(|g| g.len() == 4).count() == 1
        && groups.iter().filter(|g| g.len() <= 2).count() == 2;
    let single_digits = groups.iter().skip(1).filter(|g| g.len() == 1 && **g != "0").count();
    date || single_digits >= 2 || groups.len() > 6
}

/// " ext. 123", " x123", " #123" right after a number.
fn extension(tail: &str) -> String {
    let t = tail.trim_start();
    let lower = t.to_ascii_lowercase();
    for mark in ["extension", "ext.", "ext", "x", "#"] {
        if let Some(rest) = lower.strip_prefix(mark) {
            let ext: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
            if (1..=6).contains(&ext.len()) {
                return format!(" ext. {ext}");
            }
        }
    }
    String::new()
}

/// The label written just before a number ("Mobile:", "Fax", "Direct line"): the label word
/// nearest the number wins, and a word counts only where a word starts ("hotel" is no "tel").
fn phone_label(before: &str) -> Option<PhoneLabel> {
    let tail: String = before.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
    let tail = tail.to_lowercase();
    // "T +1 212 …", "F. 212 …", "M: 917 …": a letter alone right before the number.
    let mut end = tail.trim_end().trim_end_matches([':', '.']).chars().rev();
    if let (Some(letter), before) = (end.next(), end.next()) {
        let short = match letter {
            't' | 'p' | 'o' => Some(PhoneLabel::Office),
            'f' => Some(PhoneLabel::Fax),
            'm' | 'c' => Some(PhoneLabel::Mobile),
            'd' => Some(PhoneLabel::Direct),
            _ => None,
        };
        if short.is_some() && !before.is_some_and(char::is_alphanumeric) {
            return short;
        }
    }
    let at_word_start = |w: &str| {
        tail.match_indices(w)
            .filter(|(i, _)| !tail[..*i].chars().next_back().is_some_and(char::is_alphanumeric))
            .map(|(i, _)| i)
            .last()
    };
    [
        (PhoneLabel::Fax, Section::PhoneFax),
        (PhoneLabel::Mobile, Section::PhoneMobile),
        (PhoneLabel::Direct, Section::PhoneDirect),
        (PhoneLabel::Switchboard, Section::PhoneSwitchboard),
        (PhoneLabel::Office, Section::PhoneOffice),
    ]
    .into_iter()
    // The label nearest the number; at one place the longer word ("Telefax", not "Tel").
    .flat_map(|(label, section)| {
        lexicon::words(section).iter().filter_map(move |w| at_word_start(w).map(|at| (at, w.len(), label)))
    })
    .max_by_key(|&(at, len, _)| (at, len))
    .map(|(.., label)| label)
}

/// A label for a `tel:` link from the text right before the link.
fn label_near(el: ElementRef) -> Option<PhoneLabel> {
    let prev = el.prev_siblings().take(2).find_map(|n| match n.value() {
        Node::Text(t) => Some(t.to_string()),
        _ => ElementRef::wrap(n).map(|e| e.text().collect()),
    })?;
    phone_label(&prev)
}

#[cfg(test)]
mod tests {
    use super::super::words::looks_like_title;
    use super::*;

    #[test]
    fn reads_addresses_written_to_fool_harvesters() {
        let first = |text: &str| emails_in(text).first().map(|e| e.as_str().to_string());
        assert_eq!(first("jane [at] acme [dot] com").as_deref(), Some("jane@acme.com"));
        assert_eq!(first("jane(at)acme(dot)co(dot)uk").as_deref(), Some("jane@acme.co.uk"));
        assert_eq!(first("jane {AT} acme.com (office)").as_deref(), Some("jane@acme.com"));
        assert_eq!(first("anna at bergco dot com").as_deref(), Some("anna@bergco.com"), "a line that is one address");
        assert_eq!(first("E-mail: bo.chan AT bergco DOT com").as_deref(), Some("bo.chan@bergco.com"));
        assert_eq!(first("di @ bergco . com").as_deref(), Some("di@bergco.com"));
        assert_eq!(first("We meet at noon. The dot com era is over."), None);
        assert_eq!(first("Find us at acme dot com"), None, "a sentence is no address");
        assert_eq!(first("jane at acme.com").as_deref(), Some("jane@acme.com"));
        assert_eq!(first("CTO at Globex.io"), None, "a title");
        assert_eq!(first("gus -at- bergco -dot- com").as_deref(), Some("gus@bergco.com"));
        assert_eq!(first("Mail gus-AT-bergco-DOT-com today").as_deref(), Some("gus@bergco.com"));
        assert_eq!(first("look-at-me@bergco.com").as_deref(), Some("look-at-me@bergco.com"), "a real address");
        assert_eq!(first("state-of-the-art tools at low cost"), None);
        assert_eq!(emails_in("Write to jane [at] acme [dot] com today.")[0].as_str(), "jane@acme.com");
        assert_eq!(emails_in("mail: Bob.Smith@Example.org, or sales@example.org.").len(), 2);
    }

    #[test]
    fn finds_phone_numbers_with_labels_and_extensions() {
        let p = phones_in("Tel: +44 (0)20 7946 0958 ext. 12 · Fax +44 20 7946 0000 · Mobile 0171 234 5678");
        let got: Vec<(String, Option<PhoneLabel>)> = p.into_iter().map(|p| (p.number, p.label)).collect();
        assert_eq!(
            got,
            [
                ("+44 (0)20 7946 0958 ext. 12".to_string(), Some(PhoneLabel::Office)),
                ("+44 20 7946 0000".to_string(), Some(PhoneLabel::Fax)),
                ("0171 234 5678".to_string(), Some(PhoneLabel::Mobile)),
            ]
        );
        let labels: Vec<_> =
            phones_in("Telefon: 089 123456-0, Telefax: 089 123456-99").into_iter().map(|p| p.label).collect();
        assert_eq!(labels, [Some(PhoneLabel::Office), Some(PhoneLabel::Fax)], "a Telefax is no Telefon");
    }

    #[test]
    fn leaves_dates_prices_and_ids_alone() {
        for text in ["2023-11-05", "Order 123456789", "€ 1.299.000", "ISBN 978-3-16-148410-0 1", "12/31/2024"] {
            assert!(phones_in(text).is_empty(), "{text}: {:?}", phones_in(text).first().map(|p| &p.number));
        }
    }

    #[test]
    fn titles_in_their_feminine_and_compound_forms() {
        for title in
            ["Gérante", "Fondatrice et présidente", "Vertriebsleiterin", "Geschäftsführerin", "Socia fundadora"]
        {
            assert!(looks_like_title(title), "{title}");
        }
        for no in ["Bauarbeiten", "Weekly newsletter", "Paris"] {
            assert!(!looks_like_title(no), "{no}");
        }
        for (title, is) in [("CEO at 37signals", true), ("Tier 1 Support Lead", true), ("Sales in 40 countries", false)]
        {
            assert_eq!(looks_like_title(title), is, "{title}");
        }
        assert_eq!(phone_label("Tél. : "), Some(PhoneLabel::Office));
        for (label, kind) in [
            ("GSM: ", PhoneLabel::Mobile),
            ("Mobiel ", PhoneLabel::Mobile),
            ("Celular: ", PhoneLabel::Mobile),
            ("Durchwahl ", PhoneLabel::Direct),
            ("Centralino: ", PhoneLabel::Switchboard),
            ("Télécopie : ", PhoneLabel::Fax),
            ("Telefoon: ", PhoneLabel::Office),
            ("T ", PhoneLabel::Office),
            ("+1 212 555 0188 | F ", PhoneLabel::Fax),
            ("M. ", PhoneLabel::Mobile),
            ("d: ", PhoneLabel::Direct),
        ] {
            assert_eq!(phone_label(label), Some(kind), "{label}");
        }
        for no in ["Plan B ", "Suite 4F ", "ask Tom "] {
            assert_eq!(phone_label(no), None, "{no}");
        }
    }
}
