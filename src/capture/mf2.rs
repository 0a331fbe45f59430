//! microformats2 read from the page's DOM: every `h-*` microformat, the classic `vcard`, `adr` and
//! `geo` roots (backcompat), and the page's `rel` links, in the JSON shape of the official test suite
//! ([`parse_document`]); then the h-cards among them turned into contacts ([`extract`]).
//!
//! Written here rather than taken from the `microformats` crate (0.19, the maintained Rust parser),
//! because, measured against this crate: it parses the page a second time with its own HTML parser
//! (swc) instead of using the DOM we already have; it grows the release Wasm from 2,629,563 to
//! 4,625,013 bytes (+1,995,450, +76 %); it has no classic-microformats support, so it passes 0 of
//! the 13 classic hcard/adr/geo cases (and 25/26 contact v2 cases, 1/2 mixed); it is LGPL-3.0 in an
//! MIT crate; and it turns on serde_json's `preserve_order` for everything that links it. This
//! module adds about 86 KB to the same build and passes all 41 cases of those folders and the 7 of v2 rel.
//!
//! Follows the microformats2 parsing spec: root and property class names, p-/u-/dt-/e- parsing,
//! nested microformats as property values and children, implied name/photo/url, the value class
//! pattern, relative URLs against the page URL and `<base href>`, rels and rel-urls. Not done: the
//! date a `dt-end` may borrow from `dt-start`, URL resolution inside `e-*` HTML, `lang`.
//!
//! Bounded: items, nesting, element depth, properties, values, text length and the total work are
//! capped, and a cap that bites becomes a note.

use crate::capture::{Collector, Organization};
use crate::model::{Contact, Extractor, Phone, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::{clean, fold};
use scraper::node::{Element, Node};
use scraper::{ElementRef, Html};
use serde_json::{json, Map, Value};
use url::Url;

/// Microformats read from one page, nested ones included.
const MAX_ITEMS: usize = 1_000;
/// Microformats inside microformats.
const MAX_NESTING: usize = 32;
/// Elements inside elements: the walk is recursive, so this bounds its stack.
const MAX_ELEMENT_DEPTH: usize = 256;
/// Distinct properties of one microformat.
const MAX_PROPERTIES: usize = 64;
/// Values of one property.
const MAX_VALUES: usize = 64;
/// Longest text value, in bytes.
const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Elements and text nodes looked at over the whole page, however often the same one is read.
const MAX_VISITS: usize = 2_000_000;
/// Bytes of values kept over the whole page: one element with many classes can repeat a large
/// attribute into many values.
const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;
/// `rel` links read (rels are not used for contacts; this keeps their de-duplication cheap).
const MAX_LINKS: usize = 1_000;
/// Properties whose h-card is a company or a place, not a person: `org` (the employer), `location`
/// (an event's or a post's venue).
const NOT_PEOPLE: &[&str] = &["org", "location"];

/// Elements that break text into blocks: a name does not span them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// A classic root's property class names, each with the microformats2 property it stands for.
type ClassicProperties = &'static [(&'static str, &'static str)];

/// Classic (microformats 1) roots: class name, microformats2 type, property class names.
const CLASSIC_ROOTS: &[(&str, &str, ClassicProperties)] =
    &[("vcard", "h-card", VCARD), ("adr", "h-adr", ADR), ("geo", "h-geo", GEO)];

const VCARD: ClassicProperties = &[
    ("fn", "p-name"),
    ("honorific-prefix", "p-honorific-prefix"),
    ("given-name", "p-given-name"),
    ("additional-name", "p-additional-name"),
    ("family-name", "p-family-name"),
    ("honorific-suffix", "p-honorific-suffix"),
    ("nickname", "p-nickname"),
    ("email", "u-email"),
    ("logo", "u-logo"),
    ("photo", "u-photo"),
    ("url", "u-url"),
    ("uid", "u-uid"),
    ("category", "p-category"),
    ("adr", "p-adr"),
    ("extended-address", "p-extended-address"),
    ("street-address", "p-street-address"),
    ("locality", "p-locality"),
    ("region", "p-region"),
    ("postal-code", "p-postal-code"),
    ("country-name", "p-country-name"),
    ("label", "p-label"),
    ("geo", "p-geo"),
    ("latitude", "p-latitude"),
    ("longitude", "p-longitude"),
    ("tel", "p-tel"),
    ("note", "p-note"),
    ("bday", "dt-bday"),
    ("key", "p-key"),
    ("org", "p-org"),
    ("organization-name", "p-organization-name"),
    ("organization-unit", "p-organization-unit"),
    ("title", "p-job-title"),
    ("role", "p-role"),
    ("tz", "p-tz"),
    ("rev", "dt-rev"),
    ("sort-string", "p-sort-string"),
    ("sound", "u-sound"),
    ("mailer", "p-mailer"),
    ("agent", "p-agent"),
    ("class", "p-class"),
];

const ADR: ClassicProperties = &[
    ("post-office-box", "p-post-office-box"),
    ("extended-address", "p-extended-address"),
    ("street-address", "p-street-address"),
    ("locality", "p-locality"),
    ("region", "p-region"),
    ("postal-code", "p-postal-code"),
    ("country-name", "p-country-name"),
];

const GEO: ClassicProperties = &[("latitude", "p-latitude"), ("longitude", "p-longitude")];

/// The microformats2 JSON of a page (`items`, `rels`, `rel-urls`), as the official test suite
/// expects it. `base_url` is the page's URL; a `<base href>` in the page takes precedence.
pub fn parse_document(doc: &Html, base_url: &str) -> Value {
    let mut parser = Parser::new(doc, base_url);
    let items = parser.items(doc);
    let (rels, rel_urls) = parser.rels(doc);
    json!({ "items": items, "rels": rels, "rel-urls": rel_urls })
}

/// Adds the people (and the company) described by the page's h-cards to `out`.
pub(super) fn extract(doc: &Html, base_url: &str, out: &mut Collector) {
    let mut parser = Parser::new(doc, base_url);
    // `<div class="h-card"><h1>Jane Doe</h1><p>Founder</p></div>` implies the name "Jane DoeFounder":
    // right by the spec, wrong for a contact.
    parser.names_from_blocks = false;
    // Commenters are not the people a page is about: their h-cards are not read for contacts.
    parser.skip_comments = true;
    let items = parser.items(doc);
    out.notes.extend(parser.limits.iter().map(|l| l.note()));
    for item in &items {
        collect(item, out);
    }
}

/// A cap that was hit while parsing.
#[derive(Clone, Copy, PartialEq)]
enum Limit {
    Items,
    Nesting,
    Depth,
    Properties,
    Values,
    Text,
    Work,
}

impl Limit {
    fn note(self) -> String {
        match self {
            Limit::Items => format!("More than {MAX_ITEMS} microformats on this page: the rest were not read."),
            Limit::Nesting => {
                format!("Microformats nested more than {MAX_NESTING} deep: the deeper ones were not read.")
            }
            Limit::Depth => {
                format!(
                    "Page nested more than {MAX_ELEMENT_DEPTH} elements deep: microformats below that were not read."
                )
            }
            Limit::Properties => {
                format!("A microformat has more than {MAX_PROPERTIES} properties: the rest were not read.")
            }
            Limit::Values => {
                format!("A microformat property has more than {MAX_VALUES} values: the rest were not read.")
            }
            Limit::Text => format!("A microformat value longer than {} KB was cut.", MAX_TEXT_BYTES / 1024),
            Limit::Work => "Microformats: the page is too large to read in full; the rest was skipped.".into(),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    P,
    U,
    Dt,
    E,
}

/// A property class name, e.g. `p-name`: how to parse it and the property it fills.
#[derive(PartialEq)]
struct Prop {
    kind: Kind,
    name: String,
}

impl Prop {
    fn parse(class: &str) -> Option<Prop> {
        let (kind, name) = [("p-", Kind::P), ("u-", Kind::U), ("dt-", Kind::Dt), ("e-", Kind::E)]
            .into_iter()
            .find_map(|(prefix, kind)| class.strip_prefix(prefix).map(|name| (kind, name)))?;
        valid_name(name).then(|| Prop { kind, name: name.to_string() })
    }
}

/// The spec's `([a-z0-9]+-)?[a-z]+(-[a-z]+)*`: lower-case words joined by dashes, the first of
/// several allowed digits (a vendor prefix). Anything else (`h-Card`, `P-name`) is not microformats.
fn valid_name(name: &str) -> bool {
    let letters = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    let mut words = name.split('-');
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    let first_ok = if rest.is_empty() {
        letters(first)
    } else {
        !first.is_empty() && first.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    first_ok && rest.into_iter().all(letters)
}

/// Which class names are properties inside a microformat.
enum Vocabulary {
    /// Outside any microformat: none.
    None,
    Mf2,
    /// Inside a classic root: only its classic property names count.
    Classic(Vec<ClassicProperties>),
}

impl Vocabulary {
    /// The property class names of `el`, each once; no more than an item can hold.
    fn properties(&self, el: &Element) -> Vec<Prop> {
        let found: Vec<Prop> = match self {
            Vocabulary::None => return Vec::new(),
            Vocabulary::Mf2 => el.classes().filter_map(Prop::parse).take(MAX_PROPERTIES).collect(),
            Vocabulary::Classic(tables) => el
                .classes()
                .flat_map(|class| tables.iter().flat_map(move |t| t.iter().filter(move |(c, _)| *c == class)))
                .filter_map(|(_, mf2)| Prop::parse(mf2))
                .take(MAX_PROPERTIES)
                .collect(),
        };
        let mut props = Vec::with_capacity(found.len());
        for p in found {
            if !props.contains(&p) {
                props.push(p);
            }
        }
        props
    }
}

/// An element's microformat types; microformats2 roots win over classic ones on the same element.
fn root(el: &Element) -> Option<(Vec<String>, Vocabulary)> {
    // Most elements are no root: their class text says so without splitting it into a class list.
    let class = el.attr("class")?;
    if !class.contains("h-") && !CLASSIC_ROOTS.iter().any(|(c, ..)| class.contains(c)) {
        return None;
    }
    let mut types: Vec<String> =
        el.classes().filter(|c| c.strip_prefix("h-").is_some_and(valid_name)).map(String::from).collect();
    let vocabulary = if types.is_empty() {
        let classic: Vec<_> = CLASSIC_ROOTS.iter().filter(|(class, ..)| el.classes().any(|c| c == *class)).collect();
        types = classic.iter().map(|(_, mf2, _)| mf2.to_string()).collect();
        Vocabulary::Classic(classic.iter().map(|(.., props)| *props).collect())
    } else {
        Vocabulary::Mf2
    };
    crate::order::sort(&mut types);
    types.dedup();
    (!types.is_empty()).then_some((types, vocabulary))
}

/// A microformat being read. The page itself is one with no type, whose children are the top-level items.
struct Item {
    types: Vec<String>,
    id: Option<String>,
    vocabulary: Vocabulary,
    properties: Map<String, Value>,
    children: Vec<Value>,
    /// What the implied-property rules look at.
    has_p_or_e: bool,
    has_u: bool,
    has_nested: bool,
    /// The first p-name and u-url (explicit or implied): the `value` of this item as a property.
    p_name: Option<Value>,
    u_url: Option<Value>,
}

impl Item {
    fn new(types: Vec<String>, vocabulary: Vocabulary, id: Option<&str>) -> Item {
        Item {
            types,
            id: id.filter(|i| !i.is_empty()).map(String::from),
            vocabulary,
            properties: Map::new(),
            children: Vec::new(),
            has_p_or_e: false,
            has_u: false,
            has_nested: false,
            p_name: None,
            u_url: None,
        }
    }

    /// Keeps the first p-name and u-url, as text (an image's URL without its alt).
    fn remember(&mut self, prop: &Prop, value: &Value) {
        let slot = match (prop.kind, prop.name.as_str()) {
            (Kind::P, "name") => &mut self.p_name,
            (Kind::U, "url") => &mut self.u_url,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.get("value").unwrap_or(value).clone());
        }
    }

    fn into_json(self) -> Map<String, Value> {
        let mut m = Map::new();
        if let Some(id) = self.id {
            m.insert("id".into(), Value::String(id));
        }
        m.insert("type".into(), json!(self.types));
        m.insert("properties".into(), Value::Object(self.properties));
        if !self.children.is_empty() {
            m.insert("children".into(), Value::Array(self.children));
        }
        m
    }
}

struct Parser {
    base: Option<Url>,
    items: usize,
    nesting: usize,
    visits: usize,
    output: usize,
    limits: Vec<Limit>,
    /// Whether a name may be implied from the text of an element holding blocks (the spec), or
    /// only from inline text.
    names_from_blocks: bool,
    /// Whether a comment section is left unread (contacts), or read as the spec says (parsing).
    skip_comments: bool,
}

impl Parser {
    fn new(doc: &Html, page_url: &str) -> Parser {
        Parser {
            base: document_base(doc, page_url),
            items: 0,
            nesting: 0,
            visits: 0,
            output: 0,
            limits: Vec::new(),
            names_from_blocks: true,
            skip_comments: false,
        }
    }

    fn limit(&mut self, limit: Limit) {
        if !self.limits.contains(&limit) {
            self.limits.push(limit);
        }
    }

    /// Counts one more node looked at; `false` once the page has cost too much work.
    fn visit(&mut self) -> bool {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            self.limit(Limit::Work);
        }
        self.visits <= MAX_VISITS
    }

    fn items(&mut self, doc: &Html) -> Vec<Value> {
        let mut page = Item::new(Vec::new(), Vocabulary::None, None);
        self.element(doc.root_element(), &mut page, 0);
        page.children
    }

    /// One element inside `item`: a nested microformat, or a property of `item` whose descendants
    /// may hold more, or neither.
    fn element(&mut self, el: ElementRef, item: &mut Item, depth: usize) {
        if depth > MAX_ELEMENT_DEPTH {
            return self.limit(Limit::Depth);
        }
        if !self.visit() || self.skip_comments && comment_section(el.value()) {
            return;
        }
        let props = item.vocabulary.properties(el.value());
        if let Some((types, vocabulary)) = root(el.value()) {
            return self.nested(el, Item::new(types, vocabulary, el.value().id()), &props, item, depth);
        }
        for prop in &props {
            if self.room(item, prop) {
                let value = self.property(el, prop, &item.vocabulary);
                self.add(item, prop, value);
            }
        }
        self.descend(el, item, depth);
    }

    fn descend(&mut self, el: ElementRef, item: &mut Item, depth: usize) {
        for child in el.child_elements() {
            self.element(child, item, depth + 1);
        }
    }

    /// A microformat inside `parent`: the value of the properties `props`, or else a child.
    fn nested(&mut self, el: ElementRef, mut child: Item, props: &[Prop], parent: &mut Item, depth: usize) {
        parent.has_nested = true;
        if self.items >= MAX_ITEMS {
            return self.limit(Limit::Items);
        }
        if self.nesting >= MAX_NESTING {
            return self.limit(Limit::Nesting);
        }
        self.items += 1;
        self.nesting += 1;
        self.descend(el, &mut child, depth);
        if matches!(child.vocabulary, Vocabulary::Mf2) {
            self.imply(el, &mut child);
        }
        self.nesting -= 1;
        if props.is_empty() {
            parent.children.push(Value::Object(child.into_json()));
            return;
        }
        let mut values = Vec::new();
        for prop in props {
            if self.room(parent, prop) {
                values.push((prop, self.nested_value(el, prop, &child, &parent.vocabulary)));
            }
        }
        let json = child.into_json();
        for (prop, value) in values {
            let mut with_value = json.clone();
            match value {
                Value::Object(parts) => with_value.extend(parts),
                text => {
                    with_value.insert("value".into(), text);
                }
            }
            self.add(parent, prop, Value::Object(with_value));
        }
    }

    /// The `value` of a microformat that is a property: its p-name for p-*, its u-url for u-*,
    /// else the element parsed as the property.
    fn nested_value(&mut self, el: ElementRef, prop: &Prop, child: &Item, vocabulary: &Vocabulary) -> Value {
        let own = match prop.kind {
            Kind::P => child.p_name.clone(),
            Kind::U => child.u_url.clone(),
            Kind::Dt | Kind::E => None,
        };
        own.unwrap_or_else(|| self.property(el, prop, vocabulary))
    }

    /// Notes that `item` has a property of this kind, and tells whether one more value of it fits
    /// under the caps (checked before the value is computed, so that a capped one costs nothing).
    fn room(&mut self, item: &mut Item, prop: &Prop) -> bool {
        match prop.kind {
            Kind::P | Kind::E => item.has_p_or_e = true,
            Kind::U => item.has_u = true,
            Kind::Dt => {}
        }
        let values = item.properties.get(&prop.name).and_then(Value::as_array).map(Vec::len);
        let full = match values {
            None if item.properties.len() >= MAX_PROPERTIES => Some(Limit::Properties),
            Some(n) if n >= MAX_VALUES => Some(Limit::Values),
            _ if self.output >= MAX_OUTPUT_BYTES => Some(Limit::Work),
            _ => None,
        };
        full.inspect(|l| self.limit(*l)).is_none()
    }

    fn add(&mut self, item: &mut Item, prop: &Prop, value: Value) {
        self.output += text_bytes(&value);
        item.remember(prop, &value);
        if let Some(values) = item.properties.entry(prop.name.clone()).or_insert_with(|| json!([])).as_array_mut() {
            values.push(value);
        }
    }

    /// Parses `el` as a property of an item read with `vocabulary`.
    fn property(&mut self, el: ElementRef, prop: &Prop, vocabulary: &Vocabulary) -> Value {
        match prop.kind {
            Kind::P => Value::String(self.literal(el, Kind::P, vocabulary)),
            Kind::U => self.url_value(el, vocabulary),
            Kind::Dt => Value::String(self.literal(el, Kind::Dt, vocabulary)),
            Kind::E => {
                let value = self.text(el, true).trim().to_string();
                json!({ "html": el.inner_html().trim(), "value": value })
            }
        }
    }

    /// A p-*, dt-* or non-link u-* value: the value class pattern, else the element's value
    /// attribute, else its text (images read as text for p-* only).
    fn literal(&mut self, el: ElementRef, kind: Kind, vocabulary: &Vocabulary) -> String {
        let mut parts = Vec::new();
        self.value_parts(el, kind, vocabulary, 0, &mut parts);
        match (parts.is_empty(), kind) {
            (false, Kind::Dt) => return join_datetime(&parts),
            (false, _) => return parts.concat(),
            (true, _) => {}
        }
        match literal_attr(el.value(), kind) {
            Some(v) => v.to_string(),
            None => self.text(el, kind == Kind::P).trim().to_string(),
        }
    }

    /// The value class pattern: a value spread over descendants classed `value` (their literal
    /// values, joined by the caller) or held in the title of one classed `value-title`. Does not
    /// look inside a value element, a nested property or a nested microformat: those values are theirs.
    fn value_parts(
        &mut self,
        el: ElementRef,
        kind: Kind,
        vocabulary: &Vocabulary,
        depth: usize,
        parts: &mut Vec<String>,
    ) {
        if depth > MAX_ELEMENT_DEPTH {
            return self.limit(Limit::Depth);
        }
        for child in el.child_elements() {
            if !self.visit() {
                return;
            }
            let e = child.value();
            if e.classes().any(|c| c == "value-title") {
                parts.push(attr(e, "title").unwrap_or_default().to_string());
            } else if e.classes().any(|c| c == "value") {
                let alt = || matches!(e.name(), "img" | "area").then(|| attr(e, "alt")).flatten();
                let part = match literal_attr(e, kind).or_else(alt) {
                    Some(v) => v.to_string(),
                    None => self.text(child, false),
                };
                parts.push(part);
            } else if root(e).is_none() && vocabulary.properties(e).is_empty() {
                self.value_parts(child, kind, vocabulary, depth + 1, parts);
            }
        }
    }

    /// A u-* value: the element's URL attribute (an image's alt beside it in microformats2), else
    /// its literal value; resolved.
    fn url_value(&mut self, el: ElementRef, vocabulary: &Vocabulary) -> Value {
        let e = el.value();
        if let Some(raw) = url_attr(e) {
            let url = self.resolve(raw);
            return match attr(e, "alt") {
                Some(alt) if matches!(vocabulary, Vocabulary::Mf2) && e.name() == "img" => {
                    json!({ "value": url, "alt": alt })
                }
                _ => Value::String(url),
            };
        }
        let raw = self.literal(el, Kind::U, vocabulary);
        Value::String(self.resolve(&raw))
    }

    /// Implied name, photo and url of a microformats2 item that does not give them, per the spec.
    fn imply(&mut self, el: ElementRef, item: &mut Item) {
        if item.has_nested {
            return;
        }
        if !item.has_p_or_e && !item.properties.contains_key("name") {
            if let Some(name) = self.implied_name(el).map(Value::String) {
                item.properties.insert("name".into(), json!([name]));
                item.p_name = Some(name);
            }
        }
        if item.has_u {
            return;
        }
        for (name, sources) in
            [("photo", &[("img", "src"), ("object", "data")]), ("url", &[("a", "href"), ("area", "href")])]
        {
            if item.properties.contains_key(name) {
                continue;
            }
            if let Some(source) = implied_source(el, sources) {
                let value = self.url_value(source, &Vocabulary::Mf2);
                item.properties.insert(name.into(), json!([value]));
                if name == "url" {
                    item.u_url = Some(value);
                }
            }
        }
    }

    fn implied_name<'a>(&mut self, el: ElementRef<'a>) -> Option<String> {
        let in_child = |c: ElementRef<'a>| naming_attr(c.value()).filter(|v| !v.is_empty());
        let from_children = || only_child(el).and_then(|c| in_child(c).or_else(|| only_child(c).and_then(in_child)));
        match naming_attr(el.value()).or_else(from_children) {
            Some(name) => Some(name.trim().to_string()),
            None if self.names_from_blocks || !has_block(el) => Some(self.text(el, true).trim().to_string()),
            None => None,
        }
    }

    /// The text of `el` without script and style, capped; `images`: an image reads as its alt, or
    /// as its URL set apart by spaces.
    fn text(&mut self, el: ElementRef, images: bool) -> String {
        let mut out = String::new();
        self.append_text(el, images, 0, &mut out);
        out
    }

    fn append_text(&mut self, el: ElementRef, images: bool, depth: usize, out: &mut String) {
        if depth > MAX_ELEMENT_DEPTH {
            return self.limit(Limit::Depth);
        }
        for node in el.children() {
            if out.len() >= MAX_TEXT_BYTES {
                return self.limit(Limit::Text);
            }
            if !self.visit() {
                return;
            }
            match node.value() {
                Node::Text(t) => push_capped(out, t),
                Node::Element(e) if matches!(e.name(), "script" | "style") => {}
                Node::Element(e) if images && e.name() == "img" => {
                    let text = match (attr(e, "alt"), attr(e, "src")) {
                        (Some(alt), _) => alt.to_string(),
                        (None, Some(src)) => format!(" {} ", self.resolve(src)),
                        (None, None) => String::new(),
                    };
                    push_capped(out, &text);
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(node) {
                        self.append_text(child, images, depth + 1, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// An absolute URL as written (the reference parsers do not normalise it), a relative one
    /// resolved against the document's base.
    fn resolve(&self, raw: &str) -> String {
        let raw = raw.trim();
        if Url::parse(raw).is_ok() {
            return raw.to_string();
        }
        self.base.as_ref().and_then(|b| b.join(raw).ok()).map_or_else(|| raw.to_string(), String::from)
    }

    /// `rels` (rel name → URLs) and `rel-urls` (URL → its rels and link attributes).
    fn rels(&mut self, doc: &Html) -> (Map<String, Value>, Map<String, Value>) {
        let (mut rels, mut urls) = (Map::new(), Map::new());
        // A walk, not a selector: compiling one costs more than the whole walk of a small page.
        let links = doc.root_element().descendent_elements().filter(|e| {
            let e = e.value();
            matches!(e.name(), "a" | "area" | "link") && e.attr("rel").is_some() && e.attr("href").is_some()
        });
        for link in links.take(MAX_LINKS) {
            let e = link.value();
            let url = self.resolve(attr(e, "href").unwrap_or_default());
            let names: Vec<&str> = attr(e, "rel").unwrap_or_default().split_ascii_whitespace().collect();
            if names.is_empty() {
                continue;
            }
            for name in &names {
                push_unique(rels.entry(*name).or_insert_with(|| json!([])), &url);
            }
            let entry = urls.entry(url).or_insert_with(|| json!({ "rels": [] }));
            let Some(info) = entry.as_object_mut() else { continue };
            for name in &names {
                push_unique(info.entry("rels").or_insert_with(|| json!([])), name);
            }
            if let Some(Value::Array(all)) = info.get_mut("rels") {
                crate::order::sort_by(all, |a, b| a.as_str().cmp(&b.as_str()));
            }
            for name in ["hreflang", "media", "title", "type"] {
                if let (false, Some(v)) = (info.contains_key(name), attr(e, name)) {
                    info.insert(name.into(), Value::String(v.to_string()));
                }
            }
            if !info.contains_key("text") {
                let text = self.text(link, false);
                if !text.is_empty() {
                    info.insert("text".into(), Value::String(text));
                }
            }
        }
        (rels, urls)
    }
}

/// The page URL, or the page's `<base href>` resolved against it.
fn document_base(doc: &Html, page_url: &str) -> Option<Url> {
    let page = Url::parse(page_url).ok();
    let base = doc
        .root_element()
        .descendent_elements()
        .find_map(|e| (e.value().name() == "base").then(|| attr(e.value(), "href")).flatten());
    match (base, page) {
        (Some(href), Some(page)) => page.join(href.trim()).ok().or(Some(page)),
        (Some(href), None) => Url::parse(href.trim()).ok(),
        (None, page) => page,
    }
}

/// The attribute holding an element's literal value for a property of `kind`, by element type.
fn literal_attr(e: &Element, kind: Kind) -> Option<&str> {
    match (e.name(), kind) {
        ("abbr", _) | ("link", Kind::P) => attr(e, "title"),
        ("data" | "input", _) => attr(e, "value"),
        ("img" | "area", Kind::P) => attr(e, "alt"),
        ("time" | "ins" | "del", Kind::Dt) => attr(e, "datetime"),
        _ => None,
    }
}

/// The attribute holding an element's URL for a u-* property, by element type.
fn url_attr(e: &Element) -> Option<&str> {
    match e.name() {
        "a" | "area" | "link" => attr(e, "href"),
        "img" | "audio" | "source" | "iframe" => attr(e, "src"),
        "video" => attr(e, "src").or_else(|| attr(e, "poster")),
        "object" => attr(e, "data"),
        _ => None,
    }
}

/// The only child element of `el`, when it has one and that one is not a microformat.
/// A comment section or one comment: an id `comments` or `comment-123`, or a class the lexicon's
/// `[comment-markup]` names (not the page's `<body class="comments-open">`).
pub(super) fn comment_section(e: &Element) -> bool {
    let markup = crate::lexicon::words(crate::lexicon::Section::CommentMarkup);
    let id = e.id().unwrap_or_default().to_ascii_lowercase();
    let numbered = id.strip_prefix("comment-").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    !matches!(e.name(), "body" | "html")
        && (id == "comments" || numbered || e.classes().any(|c| markup.contains(c.to_ascii_lowercase().as_str())))
}

fn only_child(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let mut children = el.child_elements();
    let first = children.next()?;
    (children.next().is_none() && root(first.value()).is_none()).then_some(first)
}

/// The only child element of `el` named `tag`, when it is not a microformat.
fn only_of_type<'a>(el: ElementRef<'a>, tag: &str) -> Option<ElementRef<'a>> {
    let mut same = el.child_elements().filter(|c| c.value().name() == tag);
    let first = same.next()?;
    (same.next().is_none() && root(first.value()).is_none()).then_some(first)
}

fn has_block(el: ElementRef) -> bool {
    el.descendent_elements().skip(1).any(|d| BLOCKS.contains(&d.value().name()))
}

/// An `img`/`area` alt or an `abbr` title, which an implied name may come from.
fn naming_attr(e: &Element) -> Option<&str> {
    match e.name() {
        "img" | "area" => attr(e, "alt"),
        "abbr" => attr(e, "title"),
        _ => None,
    }
}

/// An attribute's value, cut at `MAX_TEXT_BYTES`: a hostile page can make one as large as itself.
fn attr<'a>(e: &'a Element, name: &str) -> Option<&'a str> {
    e.attr(name).map(|v| cut(v, MAX_TEXT_BYTES))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// Bytes of text in a value, for the page's output budget.
fn text_bytes(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(text_bytes).sum(),
        Value::Object(o) => o.values().map(text_bytes).sum(),
        _ => 0,
    }
}

/// Where an implied photo or url comes from: `el` itself when it is one of the `(tag, attribute)`
/// `sources`, else its only child of such a tag, else the same one level further down.
fn implied_source<'a>(el: ElementRef<'a>, sources: &[(&str, &str)]) -> Option<ElementRef<'a>> {
    let is_source =
        |e: ElementRef| sources.iter().any(|(tag, name)| e.value().name() == *tag && e.value().attr(name).is_some());
    let among_children = |parent: ElementRef<'a>| {
        sources.iter().find_map(|(tag, name)| only_of_type(parent, tag).filter(|c| c.value().attr(name).is_some()))
    };
    if is_source(el) {
        return Some(el);
    }
    among_children(el).or_else(|| only_child(el).and_then(among_children))
}

fn push_capped(out: &mut String, text: &str) {
    out.push_str(cut(text, MAX_TEXT_BYTES.saturating_sub(out.len())));
}

fn push_unique(list: &mut Value, item: &str) {
    if let Some(list) = list.as_array_mut() {
        if !list.iter().any(|v| v == item) {
            list.push(Value::String(item.to_string()));
        }
    }
}

/// Value-class date parts joined the spec's way: the first date, the first time and the first time
/// zone, as "date time" then the zone; a part that is a whole date-time is taken as it stands.
fn join_datetime(parts: &[String]) -> String {
    let (mut date, mut time, mut zone) = (None, None, None);
    for part in parts.iter().map(|p| p.trim()) {
        if part.get(..10).is_some_and(is_date) && part.get(10..11).is_some_and(|s| s == "T" || s == " ") {
            return part.to_string();
        } else if is_date(part) {
            date = date.or(Some(part.to_string()));
        } else if let Some(z) = time_zone(part) {
            zone = zone.or(Some(z));
        } else if let Some(t) = time_of_day(part) {
            time = time.or(Some(t));
        }
    }
    let when = [date, time].into_iter().flatten().collect::<Vec<_>>().join(" ");
    when + &zone.unwrap_or_default()
}

/// `YYYY-MM-DD` or an ordinal `YYYY-DDD`.
fn is_date(s: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match s.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2 && [y, m, d].iter().all(|p| digits(p)),
        [y, d] => y.len() == 4 && d.len() == 3 && digits(y) && digits(d),
        _ => false,
    }
}

/// `Z`, `±HH`, `±HHMM` or `±HH:MM`, written without the colon as the spec asks.
fn time_zone(s: &str) -> Option<String> {
    if s == "Z" {
        return Some(s.into());
    }
    let sign = s.chars().next().filter(|c| *c == '+' || *c == '-')?;
    let digits: String = s.get(1..)?.chars().filter(|c| *c != ':').collect();
    let ok = matches!(digits.len(), 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{sign}{digits}"))
}

/// `HH:MM[:SS]` as written, or a 12-hour time (`6pm`, `6:30 a.m.`) in 24-hour form.
fn time_of_day(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase().replace('.', "");
    let (clock, pm) = match (lower.strip_suffix("am"), lower.strip_suffix("pm")) {
        (Some(c), _) => (c.trim_end(), Some(false)),
        (_, Some(c)) => (c.trim_end(), Some(true)),
        _ => (lower.as_str(), None),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let numeric = fields.iter().all(|f| matches!(f.len(), 1 | 2) && f.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || fields.len() > 3 || (pm.is_none() && fields.len() < 2) {
        return None;
    }
    let Some(pm) = pm else { return Some(s.to_string()) };
    let hour: u32 = fields.first()?.parse().ok()?;
    let hour = match (hour, pm) {
        (12, false) => 0,
        (h, true) if h < 12 => h + 12,
        (h, _) => h,
    };
    let minutes = fields.get(1).copied().unwrap_or("00");
    let seconds = fields.get(2).map(|s| format!(":{s}")).unwrap_or_default();
    Some(format!("{hour:02}:{minutes}{seconds}"))
}

// ---- h-cards to contacts ----

/// Adds the h-cards in `item` (itself, its property values and its children) to `out`.
fn collect(item: &Value, out: &mut Collector) {
    if has_type(item, "h-card") {
        add_card(item, out);
    }
    let props = item.get("properties").and_then(Value::as_object).into_iter().flatten();
    let in_props = props
        .filter(|(name, _)| !NOT_PEOPLE.contains(&name.as_str()))
        .flat_map(|(_, values)| values.as_array().into_iter().flatten());
    let children = item.get("children").and_then(Value::as_array).into_iter().flatten();
    for nested in in_props.chain(children).filter(|v| v.get("type").is_some()) {
        collect(nested, out);
    }
}

fn has_type(item: &Value, t: &str) -> bool {
    item.get("type").and_then(Value::as_array).is_some_and(|types| types.iter().any(|x| x == t))
}

/// A person, or, for a company's card (typed h-org, or whose name is its org), the page's organisation.
fn add_card(card: &Value, out: &mut Collector) {
    let empty = Map::new();
    let props = card.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    let name = first(props, "name");
    // hCard's "org" holds its "organization-name" and "organization-unit" run together
    // ("AcmeSales"): the name alone is the company.
    let org = first(props, "organization-name").or_else(|| first(props, "org"));
    let names_its_org = matches!((&name, &org), (Some(n), Some(o)) if fold(&n.value) == fold(&o.value));
    if has_type(card, "h-org") || names_its_org {
        if out.organization.is_none() {
            out.organization = Some(organization(props, name));
        }
        return;
    }
    let (profiles, websites) = links(props);
    out.add_contact(Contact {
        name,
        given_name: first(props, "given-name"),
        family_name: first(props, "family-name"),
        title: first(props, "job-title").or_else(|| first(props, "role")),
        company: org,
        location: location(props).map(sourced),
        emails: emails(props),
        phones: phones(props),
        profiles,
        websites,
        ..Contact::default()
    });
}

fn organization(props: &Map<String, Value>, name: Option<Sourced<String>>) -> Organization {
    Organization {
        name,
        website: links(props).1.into_iter().next(),
        location: location(props).map(sourced),
        emails: emails(props),
        phones: phones(props),
        ..Organization::default()
    }
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced::new(value, Extractor::Hcard)
}

/// A property's values as clean text (a nested microformat by its `value`).
fn texts<'a>(props: &'a Map<String, Value>, name: &str) -> impl Iterator<Item = String> + 'a {
    let values = props.get(name).and_then(Value::as_array).into_iter().flatten().take(MAX_VALUES);
    values.filter_map(|v| match v {
        Value::String(s) => clean(s),
        Value::Object(o) => o.get("value").and_then(Value::as_str).and_then(clean),
        _ => None,
    })
}

fn first(props: &Map<String, Value>, name: &str) -> Option<Sourced<String>> {
    texts(props, name).next().map(sourced)
}

fn unique<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<Sourced<T>> {
    let mut out: Vec<Sourced<T>> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.value == v) {
            out.push(sourced(v));
        }
    }
    out
}

/// Emails, and `mailto:` urls (`<a class="h-card" href="mailto:…">` implies one). A bare address
/// in a u-email was resolved like a relative URL (`http://host/jane@acme.com`), so its last path
/// segment is tried too.
fn emails(props: &Map<String, Value>) -> Vec<Sourced<Email>> {
    let emails = texts(props, "email").filter_map(|e| Email::parse(&e).or_else(|| Email::parse(e.rsplit('/').next()?)));
    unique(emails.chain(texts(props, "url").filter_map(|u| Email::parse(&u))))
}

/// Numbers as written, `tel:` dropped; an h-card does not say what a number is for.
fn phones(props: &Map<String, Value>) -> Vec<Sourced<Phone>> {
    unique(texts(props, "tel").filter_map(|t| {
        let is_uri = t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tel:"));
        let number = clean(if is_uri { t.get(4..).unwrap_or_default() } else { &t })?;
        Some(Phone::new(number, None))
    }))
}

/// `url` and `uid` values: social profiles, and other web addresses as websites.
fn links(props: &Map<String, Value>) -> (Vec<Sourced<SocialProfile>>, Vec<Sourced<String>>) {
    let urls: Vec<String> = texts(props, "url").chain(texts(props, "uid")).collect();
    let profiles = unique(urls.iter().filter_map(|u| SocialProfile::parse(u)));
    let is_web = |u: &&String| Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    let websites = unique(urls.iter().filter(|u| SocialProfile::parse(u).is_none()).filter(is_web).cloned());
    (profiles, websites)
}

/// "Locality, Region, Country" from a nested adr or the card's own address properties, else the
/// adr or the mailing label as written (GitHub writes a profile's location as `p-label`).
fn location(props: &Map<String, Value>) -> Option<String> {
    let adrs = props.get("adr").and_then(Value::as_array).into_iter().flatten().take(MAX_VALUES);
    let nested = adrs.filter_map(|a| a.get("properties").and_then(Value::as_object));
    let place = |p: &Map<String, Value>| {
        let parts: Vec<String> =
            ["locality", "region", "country-name"].iter().filter_map(|k| texts(p, k).next()).collect();
        clean(&parts.join(", "))
    };
    nested
        .chain(std::iter::once(props))
        .find_map(place)
        .or_else(|| texts(props, "adr").chain(texts(props, "label")).next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{capture_page, Capture};

    fn capture(html: &str) -> Capture {
        capture_page(html, "https://acme.test/team/", chrono::Utc::now())
    }

    #[test]
    fn commenters_h_cards_are_not_contacts_and_the_author_s_is() {
        let c = capture(
            r#"<body class="post-template comments-open">
            <article><p class="byline author vcard">By <a class="url fn" href="/about">Daniel Lemire</a></p>
              <p>Parsing JSON quickly…</p></article>
            <div id="comments" class="comments-area"><ol class="comment-list">
              <li id="comment-4411" class="comment"><div class="comment-author vcard"><cite class="fn">degski</cite></div></li>
              <li id="comment-4412" class="comment"><div class="comment-author vcard"><cite class="fn">Jane Roe</cite></div></li>
            </ol></div></body>"#,
        );
        let names: Vec<String> = c.contacts.iter().filter_map(Contact::display_name).collect();
        assert_eq!(names, ["Daniel Lemire"]);
        // Parsed as the spec says, the commenters' h-cards are there.
        let doc =
            Html::parse_document(r#"<li class="comment"><div class="vcard"><span class="fn">degski</span></div></li>"#);
        assert_eq!(parse_document(&doc, "https://acme.test/")["items"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn an_hcard_becomes_a_contact() {
        let c = capture(
            r#"<div class="h-card">
              <span class="p-name">Jane Doe</span> (<span class="p-given-name">Jane</span>
              <span class="p-family-name">Doe</span>), <span class="p-job-title">VP Sales</span>
              at <span class="p-org">Acme</span>
              <a class="u-email" href="mailto:Jane@Acme.com">mail</a>
              <a class="p-tel" href="tel:+14155550100">tel:+1 415 555 0100</a>
              <a class="u-url" href="https://www.linkedin.com/in/jane-doe/">LinkedIn</a>
              <a class="u-url" href="/people/jane">Bio</a> <a class="u-uid" href="javascript:alert(1)">x</a>
              <p class="p-adr h-adr"><span class="p-locality">Austin</span>, <span class="p-region">TX</span>,
              <span class="p-country-name">US</span></p></div>"#,
        );
        let p = &c.contacts[0];
        let text = |f: &Option<Sourced<String>>| f.as_ref().map(|s| s.value.clone());
        assert_eq!(text(&p.name).as_deref(), Some("Jane Doe"));
        assert_eq!(text(&p.given_name).as_deref(), Some("Jane"));
        assert_eq!(text(&p.family_name).as_deref(), Some("Doe"));
        assert_eq!(text(&p.title).as_deref(), Some("VP Sales"));
        assert_eq!(text(&p.company).as_deref(), Some("Acme"));
        assert_eq!(text(&p.location).as_deref(), Some("Austin, TX, US"));
        assert_eq!(p.emails[0].value.as_str(), "jane@acme.com");
        assert_eq!(p.phones[0].value.number, "+1 415 555 0100");
        assert_eq!(p.profiles[0].value.id, "jane-doe");
        assert_eq!(p.websites.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["https://acme.test/people/jane"]);
        assert_eq!(p.name.as_ref().unwrap().extractor, Extractor::Hcard);
        assert_eq!(p.name.as_ref().unwrap().confidence, 0.9);
    }

    #[test]
    fn a_classic_vcard_becomes_a_contact() {
        let c = capture(
            r#"<div class="vcard"><span class="fn">John Roe</span> <span class="title">CTO</span>
              <span class="org">Beta</span> <span class="email">john@beta.io</span>
              <span class="tel"><span class="type">work</span> <span class="value">+44 20 7946 0000</span></span>
              <span class="adr"><span class="locality">London</span></span></div>"#,
        );
        let p = &c.contacts[0];
        assert_eq!(p.display_name().as_deref(), Some("John Roe"));
        assert_eq!(p.title.as_ref().unwrap().value, "CTO");
        assert_eq!(p.emails[0].value.as_str(), "john@beta.io");
        assert_eq!(p.phones[0].value.number, "+44 20 7946 0000");
        assert_eq!(p.location.as_ref().unwrap().value, "London");
        assert_eq!(p.company.as_ref().unwrap().value, "Beta", "the card's org is the company");
        let c = capture(
            r#"<div class="vcard"><span class="fn">Ann Lee</span> <div class="org">
              <span class="organization-name">Acme</span><span class="organization-unit">Sales</span></div></div>"#,
        );
        assert_eq!(c.contacts[0].company.as_ref().unwrap().value, "Acme", "the organisation's name, not its unit");
    }

    #[test]
    fn a_company_card_is_the_organization_not_a_person() {
        let c = capture(
            r#"<div class="h-card"><a class="p-name p-org u-url" href="https://acme.test/">Acme Inc.</a>
              <a class="u-email" href="mailto:sales@acme.test">Sales</a></div>
              <div class="h-card"><span class="p-name">Ann Lee</span>
              <a class="p-org h-card" href="https://acme.test/">Acme Inc.</a></div>"#,
        );
        let org = c.organization.as_ref().unwrap();
        assert_eq!(org.name.as_ref().unwrap().value, "Acme Inc.");
        assert_eq!(org.website.as_ref().unwrap().value, "https://acme.test/");
        assert_eq!(org.emails[0].value.as_str(), "sales@acme.test");
        let names: Vec<_> = c.contacts.iter().filter_map(Contact::display_name).collect();
        assert_eq!(names, ["Ann Lee"], "the org's nested card is the employer, not a person");
        assert_eq!(c.contacts[0].company.as_ref().unwrap().value, "Acme Inc.");
    }

    #[test]
    fn the_author_card_of_a_post_is_a_contact() {
        let c = capture(
            r#"<article class="h-entry"><h1 class="p-name">Launch</h1>
              <a class="p-author h-card" href="https://github.com/annlee">Ann Lee</a>
              <div class="p-location h-card">Convention Center</div></article>"#,
        );
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].display_name().as_deref(), Some("Ann Lee"));
        assert_eq!(c.contacts[0].profiles[0].value.id, "annlee");
    }

    #[test]
    fn json_ld_is_trusted_first_and_the_same_person_merges() {
        let c = capture(
            r#"<script type="application/ld+json">{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}</script>
              <div class="h-card"><span class="p-name">Jane Doe</span> <a class="u-email" href="mailto:jane@acme.com">m</a>
              <span class="p-job-title">CTO</span></div>"#,
        );
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].name.as_ref().unwrap().extractor, Extractor::JsonLd);
        assert_eq!(c.contacts[0].title.as_ref().unwrap().extractor, Extractor::Hcard);
    }

    #[test]
    fn a_card_of_blocks_implies_no_name_for_a_contact_but_its_mailto_is_an_email() {
        let html = r#"<div class="h-card"><h1>Jane Doe</h1><p>Founder</p><a href="mailto:jane@acme.dev">mail</a></div>
            <a class="h-card" href="mailto:ann@acme.dev"><b>Ann</b> Lee</a>"#;
        let json = parse_document(&Html::parse_document(html), "https://acme.dev/");
        assert_eq!(json["items"][0]["properties"]["name"], json!(["Jane DoeFoundermail"]), "the spec's name");
        let c = capture(html);
        let found: Vec<_> = c.contacts.iter().map(|p| (p.display_name(), p.emails[0].value.to_string())).collect();
        assert!(found.contains(&(Some("Ann Lee".into()), "ann@acme.dev".into())), "{found:?}");
        assert!(found.iter().all(|(name, _)| name.as_deref() != Some("Jane DoeFoundermail")), "{found:?}");
    }

    #[test]
    fn hostile_deep_nesting_stops_with_a_note() {
        let cards = format!("{}Jane Deep{}", r#"<div class="h-card">"#.repeat(100), "</div>".repeat(100));
        let divs =
            format!("{}<span class=\"h-card\">Jane Lost</span>{}", "<div>".repeat(2_000), "</div>".repeat(2_000));
        let c = capture(&format!(r#"<p class="h-card">Jane Top</p>{cards}{divs}"#));
        assert_eq!(c.contacts.len(), 1, "{:?}", c.contacts);
        assert!(c.notes.iter().any(|n| n.contains("nested more than 32")), "{:?}", c.notes);
        assert!(c.notes.iter().any(|n| n.contains("elements deep")), "{:?}", c.notes);
    }

    #[test]
    fn caps_items_properties_and_values() {
        let many = r#"<i class="h-card"><b class="p-name">X</b></i>"#.repeat(MAX_ITEMS + 5);
        let props: String =
            (0..MAX_PROPERTIES + 5).map(|i| format!(r#"<b class="p-x{}">v</b>"#, "a".repeat(i + 1))).collect();
        let values = r#"<b class="p-note">v</b>"#.repeat(MAX_VALUES + 5);
        let html = format!(r#"<div class="h-card">{values}{props}</div>{many}"#);
        let doc = Html::parse_document(&html);
        let mut parser = Parser::new(&doc, "https://x.test/");
        let items = parser.items(&doc);
        assert_eq!(items.len(), MAX_ITEMS);
        for limit in [Limit::Items, Limit::Properties, Limit::Values] {
            assert!(parser.limits.contains(&limit));
        }
    }

    #[test]
    fn a_large_attribute_fanned_out_by_many_classes_stops_at_the_output_budget() {
        let classes: String = (0..MAX_PROPERTIES).map(|i| format!("u-{} ", "a".repeat(i + 1))).collect();
        let link = format!(r#"<a class="{classes}" href="/{}">x</a>"#, "h".repeat(MAX_TEXT_BYTES));
        let doc = Html::parse_document(&format!(r#"<div class="h-card">{}</div>"#, link.repeat(8)));
        let mut parser = Parser::new(&doc, "https://x.test/");
        parser.items(&doc);
        assert!(parser.limits.contains(&Limit::Work));
        assert!(parser.output < MAX_OUTPUT_BYTES + 2 * MAX_TEXT_BYTES, "{}", parser.output);
    }

    #[test]
    fn never_panics_on_broken_or_odd_markup() {
        for html in [
            "",
            "<div class='h-card'",
            "<div class='h-card'><img class='u-photo' src='http://[::1'><a class='u-url' href='%%%'>x</a></div>",
            "<base href='::::'><a class='h-card' href=''>\u{0}</a>",
            "<span class='h-card'><span class='p-name'><span class='value-title'></span></span></span>",
            "<span class='h-event'><span class='dt-start'><i class='value'>12pm</i><i class='value'>+25:9</i></span></span>",
            "<div class='vcard adr geo h-'><span class='fn latitude'>é\u{200B}</span></div>",
        ] {
            let doc = Html::parse_document(html);
            let _ = parse_document(&doc, "not a url");
            let _ = capture(html);
        }
    }

    #[test]
    fn joins_value_class_dates_and_times() {
        let join = |parts: &[&str]| join_datetime(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        assert_eq!(join(&["2024-05-01", "6:30 p.m.", "-07:00"]), "2024-05-01 18:30-0700");
        assert_eq!(join(&["12am", "2024-05-01"]), "2024-05-01 00:00");
        assert_eq!(join(&["2024-05-01T09:00Z", "10:00"]), "2024-05-01T09:00Z");
        assert_eq!(join(&["2024-123", "Z"]), "2024-123Z");
    }

    #[test]
    fn rels_and_rel_urls() {
        let doc = Html::parse_document(
            r#"<base href="https://a.test/x/"><a rel="me author" href="/jane" title="Jane">Jane</a><a rel="me" href="/jane">again</a>"#,
        );
        let json = parse_document(&doc, "https://ignored.test/");
        assert_eq!(json["rels"]["me"], json!(["https://a.test/jane"]));
        assert_eq!(
            json["rel-urls"]["https://a.test/jane"],
            json!({"rels": ["author", "me"], "text": "Jane", "title": "Jane"})
        );
    }
}
