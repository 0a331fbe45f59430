//! schema.org JSON-LD blocks: found, parsed and handed to [`super::schema`]. Broken blocks that a
//! browser's users would still read (trailing commas, HTML entities, several objects in one script,
//! comment wrappers and comments, line breaks inside strings, a block cut short) are repaired;
//! anything else is skipped with a note.

use crate::capture::{schema, Collector};
use crate::model::Extractor;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const MAX_SCRIPTS: usize = 200;
const MAX_SCRIPT_BYTES: usize = 2 * 1024 * 1024;

pub(super) fn extract(doc: &Html, out: &mut Collector) {
    let Ok(scripts) = Selector::parse("script") else { return };
    let mut values = Vec::new();
    for (i, el) in doc.select(&scripts).filter(is_jsonld).take(MAX_SCRIPTS).enumerate() {
        let text: String = el.text().collect();
        if text.len() > MAX_SCRIPT_BYTES {
            out.notes.push(format!("JSON-LD block {} skipped: larger than {} MB.", i + 1, MAX_SCRIPT_BYTES >> 20));
            continue;
        }
        match parse_block(&text) {
            Ok((mut vals, repaired)) => {
                if repaired {
                    out.notes.push(format!("JSON-LD block {} was malformed and has been repaired.", i + 1));
                }
                vals.iter_mut().for_each(decode_strings);
                values.extend(vals);
            }
            Err(e) => out.notes.push(format!("JSON-LD block {} skipped: {e}.", i + 1)),
        }
    }
    schema::collect(&values, Extractor::JsonLd, out);
}

fn is_jsonld(el: &ElementRef) -> bool {
    el.value()
        .attr("type")
        .is_some_and(|t| t.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("application/ld+json"))
}

/// Parses one script's text into its JSON values; `true` when a repair was needed.
fn parse_block(raw: &str) -> Result<(Vec<Value>, bool), String> {
    let text = unwrap_comments(raw);
    if text.is_empty() {
        return Err("it is empty".into());
    }
    match parse_stream(text) {
        Ok(v) => Ok((v, false)),
        Err(first) => {
            let repaired = repair(&decode_entities(text, true));
            parse_stream(&repaired).map(|v| (v, true)).map_err(|_| first)
        }
    }
}

/// One or several JSON values, one after another (`{…}{…}` is common in the wild).
fn parse_stream(text: &str) -> Result<Vec<Value>, String> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid JSON ({e})"))
}

fn unwrap_comments(raw: &str) -> &str {
    let mut s = raw.trim();
    for (open, close) in [("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    s
}

/// `markup`: `&lt;` and `&gt;` too (a whole block escaped); in a value, text that would read as
/// a tag stays as written.
fn decode_entities(s: &str, markup: bool) -> String {
    crate::text::decode_references(s, |name| {
        let c = match name {
            "quot" => '"',
            "apos" => '\'',
            "amp" => '&',
            "nbsp" => '\u{a0}',
            "lt" => '<',
            "gt" => '>',
            n => crate::text::numeric_reference(n).filter(|c| !c.is_control())?,
        };
        (markup || !matches!(c, '<' | '>')).then_some(c)
    })
}

/// CMSs write JSON-LD through their HTML escaping ("O&#039;Donnell", "Smith &amp; Co"): the
/// strings are read as the page would show them.
fn decode_strings(value: &mut Value) {
    match value {
        Value::String(s) if s.contains('&') => *s = decode_entities(s, false),
        Value::Array(items) => items.iter_mut().for_each(decode_strings),
        Value::Object(map) => map.values_mut().for_each(decode_strings),
        _ => {}
    }
}

/// What the wild writes and browsers' users never notice, in one pass outside strings: commas
/// right before `}` or `]`, `/* … */` and `// …` comments, and a block cut short (its open
/// strings and brackets are closed); inside strings, raw line breaks and tabs (escaped).
fn repair(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut open: Vec<char> = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\n' if !escaped => out.push_str("\\n"),
                '\r' if !escaped => out.push_str("\\r"),
                '\t' if !escaped => out.push_str("\\t"),
                _ => out.push(c),
            }
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                continue;
            }
            '/' if chars.peek() == Some(&'/') => {
                chars.by_ref().find(|&d| d == '\n');
                continue;
            }
            ',' => {
                let rest = chars.clone().find(|c| !c.is_whitespace());
                if matches!(rest, Some('}') | Some(']')) {
                    continue;
                }
            }
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
        out.push(c);
    }
    if in_string {
        out.push('"');
    }
    while let Some(close) = open.pop() {
        out.push(close);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::capture::{capture_page, Capture};

    fn capture(json: &str) -> Capture {
        let html =
            format!(r#"<html><head><script type="application/ld+json">{json}</script></head><body></body></html>"#);
        capture_page(&html, "https://example.test/p", chrono::Utc::now())
    }

    #[test]
    fn person_with_role_wrapped_employer_and_contact_points() {
        let c = capture(
            r#"{"@context":"https://schema.org","@type":"Person","name":"Jane Doe",
            "worksFor":{"@type":"OrganizationRole","roleName":"VP Sales","worksFor":{"@type":"Organization","name":"Acme"}},
            "contactPoint":[{"@type":"ContactPoint","email":"JANE@acme.com","telephone":"+1 415 555 0100"}],
            "address":{"@type":"PostalAddress","addressLocality":"Austin","addressRegion":"TX","addressCountry":"US"},
            "sameAs":["https://www.linkedin.com/in/jane-doe/?trk=x","https://janedoe.dev"]}"#,
        );
        let p = &c.contacts[0];
        assert_eq!(p.name.as_ref().unwrap().value, "Jane Doe");
        assert_eq!(p.title.as_ref().unwrap().value, "VP Sales");
        assert_eq!(p.company.as_ref().unwrap().value, "Acme");
        assert_eq!(p.emails[0].value.as_str(), "jane@acme.com");
        assert_eq!(p.phones[0].value.number, "+1 415 555 0100");
        assert_eq!(p.location.as_ref().unwrap().value, "Austin, TX, US");
        assert_eq!(p.profiles[0].value.id, "jane-doe");
        assert_eq!(p.websites[0].value, "https://janedoe.dev");
    }

    /// A ContactPoint anywhere in the graph is its nearest holder's: a person's under their
    /// Service, the organisation's under its JobPosting; one no one holds is the page's
    /// organisation's; another organisation's stay its own. The last of a duplicated key wins.
    #[test]
    fn contact_points_anywhere_belong_to_their_nearest_holder() {
        let c = capture(
            r#"[{"@context":"https://schema.org","@type":"Person","name":"Jane Doe",
                "makesOffer":{"@type":"Offer","itemOffered":{"@type":"Service","name":"Audits",
                  "contactPoint":{"@type":"ContactPoint","email":"audits@janedoe.dev","contactType":"sales"}}}},
               {"@type":"Organization","name":"Acme",
                "publisher":{"@type":"Organization","name":"Press Co",
                  "contactPoint":{"@type":"ContactPoint","telephone":"+1 212 555 0199"}},
                "hasOfferCatalog":{"@type":"JobPosting","title":"AE",
                  "applicationContact":{"@type":"ContactPoint","email":"jobs@acme.test"}}},
               {"@type":"Dataset","name":"Prices","contactPoint":{"@type":"ContactPoint","telephone":"+1 415 555 0111"}},
               {"@type":"Person","name":"Old Name","name":"Ann Lee"}]"#,
        );
        let person = |name: &str| c.contacts.iter().find(|p| p.display_name().as_deref() == Some(name)).expect(name);
        let emails = |p: &crate::model::Contact| p.emails.iter().map(|e| e.value.to_string()).collect::<Vec<_>>();
        assert_eq!(emails(person("Jane Doe")), ["audits@janedoe.dev"]);
        assert!(c.contacts.iter().all(|p| p.display_name().as_deref() != Some("Old Name")), "the last name wins");
        person("Ann Lee");
        let org = c.organization.as_ref().unwrap();
        assert_eq!(org.name.as_ref().unwrap().value, "Acme");
        assert_eq!(org.emails.iter().map(|e| e.value.to_string()).collect::<Vec<_>>(), ["jobs@acme.test"]);
        let phones: Vec<&str> = org.phones.iter().map(|p| p.value.number.as_str()).collect();
        assert_eq!(phones, ["+1 415 555 0111"], "the dataset's, held by no one; not the publisher's");
    }

    #[test]
    fn an_organisation_s_staff_work_there_unless_they_say_otherwise() {
        let c = capture(
            r#"{"@context":"https://schema.org","@type":"Organization","name":"Acme Robotics GmbH",
            "founder":{"@type":"Person","name":"Klaus Weber"},
            "employee":[{"@type":"Person","name":"Anna Schmidt","jobTitle":"Head of Sales"},
                        {"@type":"Person","name":"Jonas Müller","worksFor":{"@type":"Organization","name":"Acme Labs"}}],
            "brand":{"@type":"Brand","name":"Robo","member":{"@type":"Person","name":"Eve Brand"}},
            "publisher":{"@type":"Person","name":"Paul Press"}}"#,
        );
        let company = |name: &str| {
            let p = c.contacts.iter().find(|p| p.name.as_ref().is_some_and(|n| n.value == name)).expect(name);
            p.company.as_ref().map(|c| c.value.as_str())
        };
        assert_eq!(company("Klaus Weber"), Some("Acme Robotics GmbH"));
        assert_eq!(company("Anna Schmidt"), Some("Acme Robotics GmbH"));
        assert_eq!(company("Jonas Müller"), Some("Acme Labs"), "his own word wins");
        assert_eq!(company("Eve Brand"), None, "a brand is no organisation of ours to name");
        assert_eq!(company("Paul Press"), None, "a publisher is not staff");
    }

    #[test]
    fn a_local_business_of_any_kind_is_the_organisation_and_an_offer_is_not() {
        for (kind, org) in [
            ("Dentist", true),
            ("Attorney", true),
            ("RealEstateAgent", true),
            ("HomeAndConstructionBusiness", true),
            ("AccountingService", true),
            ("TaxiService", false),
            ("TrainStation", false),
        ] {
            let c = capture(&format!(r#"{{"@type":"{kind}","name":"Smile Co","telephone":"+1 206 555 0100"}}"#));
            assert_eq!(c.organization.as_ref().and_then(|o| o.name.as_ref()).is_some(), org, "{kind}");
        }
    }

    #[test]
    fn graph_with_id_references_and_publisher_is_not_the_subject() {
        let c = capture(
            r##"{"@context":"https://schema.org","@graph":[
            {"@type":"ProfilePage","mainEntity":{"@id":"#p"},"publisher":{"@type":"Organization","name":"SocialSite"}},
            {"@type":"Person","@id":"#p","name":"Ann Lee","worksFor":{"@id":"#o"},"email":"mailto:ann@beta.io"},
            {"@type":"Corporation","@id":"#o","name":"Beta Ltd"}]}"##,
        );
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].company.as_ref().unwrap().value, "Beta Ltd");
        assert_eq!(c.organization.as_ref().unwrap().name.as_ref().unwrap().value, "Beta Ltd");
    }

    #[test]
    fn html_escaped_strings_are_read_as_the_page_shows_them() {
        let c = capture(
            r#"{"@type":"Person","name":"Lindsey O&#039;Donnell","worksFor":{"@type":"Organization","name":"Smith &amp; Co &#x2014; Caf&eacute;"}}"#,
        );
        assert_eq!(c.contacts[0].display_name().as_deref(), Some("Lindsey O'Donnell"));
        // Known entities are read; an unknown one is left as written.
        assert_eq!(c.contacts[0].company.as_ref().unwrap().value, "Smith & Co — Caf&eacute;");
        // What would read as a tag stays as the page wrote it.
        let c = capture(r#"{"@type":"Person","name":"Ann Lee","jobTitle":"&lt;b&gt;CEO&#60;/b&#62;"}"#);
        assert_eq!(c.contacts[0].title.as_ref().unwrap().value, "&lt;b&gt;CEO&#60;/b&#62;");
    }

    #[test]
    fn a_key_given_twice_in_one_object_is_read_as_json_parsers_read_it_the_last_wins() {
        let c = capture(
            r#"{"@type":"Person","name":"Draft Name","email":"old@x.io","name":"Ana Ruiz","email":"ana@x.io"}"#,
        );
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].display_name().as_deref(), Some("Ana Ruiz"));
        let emails: Vec<&str> = c.contacts[0].emails.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(emails, ["ana@x.io"]);
    }

    #[test]
    fn repairs_trailing_commas_entities_and_concatenated_objects() {
        let c = capture(
            r#"{"@type":"Person","name":"A One","email":"a@x.io",}{"@type":"Person","name":&quot;B Two&quot;,}"#,
        );
        let names: Vec<_> = c.contacts.iter().map(|p| p.display_name().unwrap()).collect();
        assert_eq!(names, ["A One", "B Two"]);
        assert!(c.notes.iter().any(|n| n.contains("repaired")), "{:?}", c.notes);
    }

    #[test]
    fn repairs_comments_line_breaks_in_strings_and_a_block_cut_short() {
        for broken in [
            "{\"@type\":\"Person\", /* generated */ \"name\":\"Ana Ruiz\", // the CTO\n \"jobTitle\":\"CTO\"}",
            "{\"@type\":\"Person\",\"name\":\"Ana Ruiz\",\"jobTitle\":\"CTO\",\"description\":\"Line one\nline two\"}",
            "{\"@type\":\"Person\",\"name\":\"Ana Ruiz\",\"jobTitle\":\"CTO\",\"sameAs\":[\"https://x.com/ana\"",
            "{\"@type\":\"Person\",\"name\":\"Ana Ruiz\",\"jobTitle\":\"CTO\",\"url\":\"https://ruiz.io/a//b\"}",
        ] {
            let c = capture(broken);
            let got: Vec<_> = c
                .contacts
                .iter()
                .map(|p| (p.display_name().unwrap(), p.title.as_ref().unwrap().value.clone()))
                .collect();
            assert_eq!(got, [("Ana Ruiz".to_string(), "CTO".to_string())], "{broken}: {:?}", c.notes);
        }
    }

    #[test]
    fn skips_unreadable_blocks_with_a_note_and_keeps_the_others() {
        let html = r#"<script type="application/ld+json">{"@type": "Person", "name": </script>
            <script type="application/ld+json; charset=utf-8">{"@type":"Person","name":"Kept"}</script>"#;
        let c = capture_page(html, "https://x.test", chrono::Utc::now());
        assert_eq!(c.contacts.len(), 1);
        assert!(c.notes.iter().any(|n| n.starts_with("JSON-LD block 1 skipped")), "{:?}", c.notes);
    }

    #[test]
    fn the_same_person_twice_on_a_page_is_one_contact() {
        let c = capture(
            r#"[{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"},
            {"@type":"Person","name":"J. Doe","email":"Jane@Acme.com","jobTitle":"CTO"}]"#,
        );
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].title.as_ref().unwrap().value, "CTO");
    }

    #[test]
    fn deep_nesting_stops_with_a_note() {
        let deep = format!("{}1{}", r#"{"a":"#.repeat(100), "}".repeat(100));
        let c = capture(&format!(r#"[{{"@type":"Person","name":"Top"}}, {deep}]"#));
        assert_eq!(c.contacts.len(), 1);
        assert!(!c.notes.is_empty());
    }
}
