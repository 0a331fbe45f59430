//! HTML microdata (`itemscope`/`itemtype`/`itemprop`) and RDFa Lite (`vocab`/`typeof`/`property`):
//! the same schema.org items written as attributes. Each item becomes the JSON-LD node it stands
//! for, so [`super::schema`] maps all three syntaxes with one piece of code.

use crate::capture::{schema, Collector};
use crate::model::Extractor;
use scraper::{ElementRef, Html};
use serde_json::{Map, Value};

const MAX_ITEMS: usize = 5_000;
const MAX_DEPTH: usize = 32;
const MAX_PROPERTIES: usize = 200;

/// The attributes one syntax uses.
struct Syntax {
    /// An element that starts an item of its own.
    scope: &'static str,
    types: &'static str,
    property: &'static str,
    extractor: Extractor,
}

const MICRODATA: Syntax =
    Syntax { scope: "itemscope", types: "itemtype", property: "itemprop", extractor: Extractor::Microdata };

const RDFA: Syntax = Syntax { scope: "typeof", types: "typeof", property: "property", extractor: Extractor::Rdfa };

pub(super) fn extract(doc: &Html, out: &mut Collector) {
    for syntax in [MICRODATA, RDFA] {
        // The top-level items: an element that starts one and is no property of another.
        let top = |el: &ElementRef| {
            let (mut scope, mut property) = (false, false);
            for (name, _) in el.value().attrs() {
                scope |= name == syntax.scope;
                property |= name == syntax.property;
            }
            scope && !property
        };
        let roots = super::elements(doc).filter(top);
        let mut budget = MAX_ITEMS;
        let items: Vec<Value> = roots.map_while(|el| item(&syntax, el, 0, &mut budget)).collect();
        if budget == 0 {
            out.notes.push(format!("More than {MAX_ITEMS} {:?} items: the rest were not read.", syntax.extractor));
        }
        schema::collect(&items, syntax.extractor, out);
    }
}

/// The item `el` starts, as a JSON-LD node; `None` once the item budget is spent.
fn item(syntax: &Syntax, el: ElementRef, depth: usize, budget: &mut usize) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    let mut node = Map::new();
    let types: Vec<Value> = el
        .value()
        .attr(syntax.types)
        .unwrap_or_default()
        .split_whitespace()
        .map(|t| Value::String(t.to_string()))
        .collect();
    node.insert("@type".into(), Value::Array(types));
    if depth >= MAX_DEPTH {
        return Some(Value::Object(node));
    }
    // Walk the item's subtree with an explicit stack (pages can nest thousands deep), stopping at
    // nested items: their properties are theirs.
    let mut stack: Vec<ElementRef> = el.children().filter_map(ElementRef::wrap).rev().collect();
    let mut count = 0;
    while let Some(child) = stack.pop() {
        if let Some(names) = child.value().attr(syntax.property) {
            let value = if child.value().attr(syntax.scope).is_some() {
                item(syntax, child, depth + 1, budget)?
            } else {
                property_value(child)
            };
            for name in names.split_whitespace() {
                count += 1;
                if count > MAX_PROPERTIES {
                    return Some(Value::Object(node));
                }
                // `schema:name` and full IRIs name the same property as `name`.
                let name = name.rsplit(['/', ':', '#']).next().unwrap_or(name);
                match node.get_mut(name) {
                    Some(Value::Array(values)) => values.push(value.clone()),
                    _ => {
                        node.insert(name.to_string(), Value::Array(vec![value.clone()]));
                    }
                }
            }
        }
        if child.value().attr(syntax.scope).is_none() {
            stack.extend(child.children().filter_map(ElementRef::wrap).rev());
        }
    }
    Some(Value::Object(node))
}

/// A property's value by the element that carries it, as the microdata and RDFa specs say.
fn property_value(el: ElementRef) -> Value {
    let e = el.value();
    let attr = match e.name() {
        _ if e.attr("content").is_some() => e.attr("content"),
        "a" | "area" | "link" => e.attr("href"),
        "img" | "audio" | "video" | "source" | "embed" | "iframe" | "track" => e.attr("src"),
        "object" => e.attr("data"),
        "data" | "meter" => e.attr("value"),
        "time" => e.attr("datetime"),
        _ => e.attr("resource").or(e.attr("href")),
    };
    Value::String(attr.map_or_else(|| el.text().collect::<String>(), str::to_string))
}

#[cfg(test)]
mod tests {
    use crate::capture::{capture_page, Capture};
    use crate::model::Extractor;

    fn capture(html: &str) -> Capture {
        capture_page(html, "https://acme.test/team", chrono::Utc::now())
    }

    #[test]
    fn microdata_people_with_nested_address_and_employer() {
        let c = capture(
            r#"<div itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Acme GmbH</span>
              <div itemprop="employee" itemscope itemtype="https://schema.org/Person">
                <h3 itemprop="name">Jana Novak</h3><p itemprop="jobTitle">CFO</p>
                <a itemprop="email" href="mailto:jana@acme.de">write</a>
                <span itemprop="telephone">+49 30 1234567</span>
                <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
                  <span itemprop="addressLocality">Berlin</span> <meta itemprop="addressCountry" content="DE"></div>
                <link itemprop="sameAs" href="https://www.linkedin.com/in/jananovak">
              </div>
              <div itemprop="employee" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ole Berg</span></div>
            </div>"#,
        );
        assert_eq!(c.contacts.len(), 2);
        let jana = &c.contacts[0];
        assert_eq!(jana.name.as_ref().unwrap().value, "Jana Novak");
        assert_eq!(jana.name.as_ref().unwrap().extractor, Extractor::Microdata);
        assert_eq!(jana.title.as_ref().unwrap().value, "CFO");
        assert_eq!(jana.emails[0].value.as_str(), "jana@acme.de");
        assert_eq!(jana.phones[0].value.number, "+49 30 1234567");
        assert_eq!(jana.location.as_ref().unwrap().value, "Berlin, DE");
        assert_eq!(jana.profiles[0].value.id, "jananovak");
        assert_eq!(c.organization.unwrap().name.unwrap().value, "Acme GmbH");
    }

    #[test]
    fn rdfa_lite_person() {
        let c = capture(
            r#"<div vocab="https://schema.org/" typeof="Person">
                 <span property="name">Li Wei</span>, <span property="jobTitle">Buyer</span> at
                 <span property="worksFor" typeof="Organization"><span property="name">Beta Ltd</span></span>
                 <a property="email" href="mailto:li.wei@beta.cn">mail</a></div>"#,
        );
        let p = &c.contacts[0];
        assert_eq!(p.name.as_ref().unwrap().value, "Li Wei");
        assert_eq!(p.name.as_ref().unwrap().extractor, Extractor::Rdfa);
        assert_eq!(p.company.as_ref().unwrap().value, "Beta Ltd");
        assert_eq!(p.emails[0].value.as_str(), "li.wei@beta.cn");
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let deep = format!(
            r#"<div itemscope itemtype="http://schema.org/Person">{}<span itemprop="name">Deep Down</span>{}</div>"#,
            "<div>".repeat(900),
            "</div>".repeat(900)
        );
        let c = capture(&deep);
        assert_eq!(c.contacts.len(), 1);
    }

    #[test]
    fn json_ld_wins_and_microdata_adds_what_is_new() {
        let c = capture(
            r#"<script type="application/ld+json">{"@type":"Person","name":"Jane Doe","email":"jane@acme.com","jobTitle":"CTO"}</script>
               <div itemscope itemtype="http://schema.org/Person"><span itemprop="name">Jane Doe</span>
               <span itemprop="email">jane@acme.com</span><span itemprop="jobTitle">Chief Technology Officer</span>
               <span itemprop="telephone">+1 555 0100</span></div>"#,
        );
        assert_eq!(c.contacts.len(), 1);
        let jane = &c.contacts[0];
        assert_eq!(jane.title.as_ref().unwrap().value, "CTO");
        assert_eq!(jane.phones.len(), 1);
        assert_eq!(jane.alternatives.len(), 1, "the less trusted title is kept, not dropped");
        assert_eq!(jane.alternatives[0].field, "title");
        assert_eq!(jane.alternatives[0].value.value, "Chief Technology Officer");
        assert_eq!(jane.alternatives[0].value.extractor, Extractor::Microdata);
    }
}
