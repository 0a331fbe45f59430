//! schema.org JSON-LD: Person, Organization (and its business subtypes), ContactPoint, PostalAddress,
//! ProfilePage, `@graph`, arrays, `@id` references and Role wrappers. Broken blocks that a browser's
//! users would still read (trailing commas, HTML entities, several objects in one script, comment
//! wrappers) are repaired; anything else is skipped with a note.

use super::{Collector, Contact, Extractor, Organization, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::clean;
use scraper::{ElementRef, Html, Selector};
use serde_json::{Map, Value};
use std::collections::HashMap;

const CONFIDENCE: f32 = 0.95;
const MAX_SCRIPTS: usize = 200;
const MAX_SCRIPT_BYTES: usize = 2 * 1024 * 1024;
const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;
const MAX_VALUES_PER_FIELD: usize = 20;
/// Keys under which an organisation is the site's publisher or vendor, not the page's subject.
const NOT_SUBJECT_KEYS: &[&str] = &[
    "publisher",
    "provider",
    "creator",
    "author",
    "brand",
    "isPartOf",
    "sourceOrganization",
    "copyrightHolder",
    "funder",
    "sponsor",
];

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
            Ok((vals, repaired)) => {
                if repaired {
                    out.notes.push(format!("JSON-LD block {} was malformed and has been repaired.", i + 1));
                }
                values.extend(vals);
            }
            Err(e) => out.notes.push(format!("JSON-LD block {} skipped: {e}.", i + 1)),
        }
    }
    let mut ids = HashMap::new();
    for v in &values {
        index_ids(v, 0, &mut ids);
    }
    let mut walk = Walk { ids, nodes: 0, out };
    for v in &values {
        walk.visit(v, 0, true);
    }
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
            let repaired = remove_trailing_commas(&decode_entities(text));
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

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Drops commas that stand right before `}` or `]`, outside strings.
fn remove_trailing_commas(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut in_string, mut escaped) = (false, false);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn index_ids<'a>(v: &'a Value, depth: usize, ids: &mut HashMap<&'a str, &'a Value>) {
    if depth > MAX_DEPTH || ids.len() > MAX_NODES {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|x| index_ids(x, depth + 1, ids)),
        Value::Object(m) => {
            if let (Some(Value::String(id)), true) = (m.get("@id"), m.len() > 1) {
                ids.entry(id.as_str()).or_insert(v);
            }
            m.values().for_each(|x| index_ids(x, depth + 1, ids));
        }
        _ => {}
    }
}

fn short_type(t: &str) -> &str {
    t.rsplit(['/', ':', '#']).next().unwrap_or(t)
}

fn types(m: &Map<String, Value>) -> Vec<&str> {
    let short = short_type;
    match m.get("@type") {
        Some(Value::String(t)) => vec![short(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(short).collect(),
        _ => vec![],
    }
}

fn is_person(types: &[&str]) -> bool {
    types.contains(&"Person")
}

fn is_organization(types: &[&str]) -> bool {
    types.iter().any(|t| {
        t.ends_with("Organization")
            || t.ends_with("Business")
            || matches!(
                *t,
                "Corporation"
                    | "Store"
                    | "ProfessionalService"
                    | "NGO"
                    | "Consortium"
                    | "LegalService"
                    | "FinancialService"
                    | "Airline"
                    | "Project"
            )
    })
}

struct Walk<'a, 'c> {
    ids: HashMap<&'a str, &'a Value>,
    nodes: usize,
    out: &'c mut Collector,
}

impl<'a> Walk<'a, '_> {
    /// `subject`: an organisation met here may be the page's subject (not a publisher or a vendor).
    fn visit(&mut self, v: &'a Value, depth: usize, subject: bool) {
        if depth > MAX_DEPTH || self.nodes >= MAX_NODES {
            if !self.out.notes.iter().any(|n| n.starts_with("JSON-LD too deep")) {
                self.out.notes.push("JSON-LD too deep or too large: the rest of it was not read.".into());
            }
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|x| self.visit(x, depth + 1, subject)),
            Value::Object(m) => {
                self.nodes += 1;
                let types = types(m);
                if is_person(&types) {
                    // People nested in a person (colleagues, parents) are not this page's contacts.
                    let contact = self.person(m);
                    self.out.add_contact(contact);
                    return;
                }
                if subject && is_organization(&types) && self.out.organization.is_none() {
                    self.out.organization = Some(self.organization(m));
                }
                for (k, child) in m {
                    if k != "@context" {
                        self.visit(child, depth + 1, subject && !NOT_SUBJECT_KEYS.contains(&k.as_str()));
                    }
                }
            }
            _ => {}
        }
    }

    /// Follows a bare `{"@id": …}` reference to the node it names.
    fn resolve(&self, v: &'a Value) -> &'a Value {
        match v {
            Value::Object(m) if m.len() == 1 => {
                m.get("@id").and_then(Value::as_str).and_then(|id| self.ids.get(id).copied()).unwrap_or(v)
            }
            _ => v,
        }
    }

    /// The values of a property, references resolved, arrays flattened (bounded).
    fn all(&self, m: &'a Map<String, Value>, key: &str) -> Vec<&'a Value> {
        match m.get(key) {
            Some(Value::Array(items)) => items.iter().take(MAX_VALUES_PER_FIELD).map(|x| self.resolve(x)).collect(),
            Some(v) => vec![self.resolve(v)],
            None => vec![],
        }
    }

    /// A property's first textual value: a string, a number, or a node's `name`/`@value`.
    fn text(&self, m: &'a Map<String, Value>, key: &str) -> Option<String> {
        self.all(m, key).into_iter().find_map(|v| self.text_of(v))
    }

    fn text_of(&self, v: &'a Value) -> Option<String> {
        match v {
            Value::String(s) => clean(s),
            Value::Number(n) => clean(&n.to_string()),
            Value::Object(o) => ["name", "@value"].iter().find_map(|k| o.get(*k).and_then(|x| self.text_of(x))),
            _ => None,
        }
    }

    fn texts(&self, m: &'a Map<String, Value>, key: &str) -> Vec<String> {
        self.all(m, key).into_iter().filter_map(|v| self.text_of(v)).collect()
    }

    /// Emails and phones of a node and of its ContactPoints.
    fn reach(&self, m: &'a Map<String, Value>) -> (Vec<Sourced<Email>>, Vec<Sourced<String>>) {
        let mut emails: Vec<String> = self.texts(m, "email");
        let mut phones: Vec<String> = self.texts(m, "telephone");
        for point in self.all(m, "contactPoint") {
            if let Value::Object(p) = point {
                emails.extend(self.texts(p, "email"));
                phones.extend(self.texts(p, "telephone"));
            }
        }
        let mut emails: Vec<Email> = emails.iter().filter_map(|e| Email::parse(e)).collect();
        emails.dedup();
        phones.dedup();
        (emails.into_iter().map(sourced).collect(), phones.into_iter().map(sourced).collect())
    }

    /// "City, Region, Country" from a PostalAddress, a Place or a plain string.
    fn location(&self, m: &'a Map<String, Value>) -> Option<String> {
        let from = |v: &'a Value| -> Option<String> {
            match v {
                Value::Object(a)
                    if types(a).contains(&"PostalAddress")
                        || a.contains_key("addressLocality")
                        || a.contains_key("addressCountry") =>
                {
                    let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                        .iter()
                        .filter_map(|k| self.text(a, k))
                        .collect();
                    if parts.is_empty() {
                        None
                    } else {
                        clean(&parts.join(", "))
                    }
                }
                Value::Object(place) => self.text(place, "address").or_else(|| self.text(place, "name")),
                other => self.text_of(other),
            }
        };
        ["address", "homeLocation", "workLocation", "location"].iter().flat_map(|k| self.all(m, k)).find_map(
            |v| match v {
                Value::Object(place) if place.contains_key("address") => {
                    self.all(place, "address").into_iter().find_map(from)
                }
                other => from(other),
            },
        )
    }

    /// The employer named by `worksFor` (or `affiliation`, `memberOf`), seeing through Role wrappers;
    /// with the role's name when the wrapper gives one.
    fn employer(&self, m: &'a Map<String, Value>) -> (Option<String>, Option<String>) {
        for key in ["worksFor", "affiliation", "memberOf"] {
            for v in self.all(m, key) {
                if let Value::Object(o) = v {
                    if types(o).iter().any(|t| t.ends_with("Role")) {
                        let inner = self.all(o, key).into_iter().find_map(|x| self.text_of(x));
                        if inner.is_some() {
                            return (inner, self.text(o, "roleName"));
                        }
                        continue;
                    }
                }
                if let Some(name) = self.text_of(v) {
                    return (Some(name), None);
                }
            }
        }
        (None, None)
    }

    fn person(&self, m: &'a Map<String, Value>) -> Contact {
        let (emails, phones) = self.reach(m);
        let (company, role) = self.employer(m);
        let mut profiles = Vec::new();
        let mut websites = Vec::new();
        for link in self.texts(m, "sameAs").into_iter().chain(self.texts(m, "url")) {
            if let Some(p) = SocialProfile::parse(&link) {
                if !profiles.iter().any(|x: &Sourced<SocialProfile>| x.value == p) {
                    profiles.push(sourced(p));
                }
            } else if link.starts_with("http://") || link.starts_with("https://") {
                websites.push(sourced(link));
            }
        }
        Contact {
            name: self.text(m, "name").map(sourced),
            given_name: self.text(m, "givenName").map(sourced),
            family_name: self.text(m, "familyName").map(sourced),
            title: self.text(m, "jobTitle").or(role).map(sourced),
            company: company.map(sourced),
            location: self.location(m).map(sourced),
            emails,
            phones,
            profiles,
            websites,
        }
    }

    fn organization(&self, m: &'a Map<String, Value>) -> Organization {
        let (emails, phones) = self.reach(m);
        Organization {
            name: self.text(m, "name").or_else(|| self.text(m, "legalName")).map(sourced),
            website: self.text(m, "url").filter(|u| u.starts_with("http")).map(sourced),
            location: self.location(m).map(sourced),
            emails,
            phones,
        }
    }
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced { value, extractor: Extractor::JsonLd, confidence: CONFIDENCE }
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
        assert_eq!(p.phones[0].value, "+1 415 555 0100");
        assert_eq!(p.location.as_ref().unwrap().value, "Austin, TX, US");
        assert_eq!(p.profiles[0].value.id, "jane-doe");
        assert_eq!(p.websites[0].value, "https://janedoe.dev");
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
    fn repairs_trailing_commas_entities_and_concatenated_objects() {
        let c = capture(
            r#"{"@type":"Person","name":"A One","email":"a@x.io",}{"@type":"Person","name":&quot;B Two&quot;,}"#,
        );
        let names: Vec<_> = c.contacts.iter().map(|p| p.display_name().unwrap()).collect();
        assert_eq!(names, ["A One", "B Two"]);
        assert!(c.notes.iter().any(|n| n.contains("repaired")), "{:?}", c.notes);
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
