//! The page as the browser serialized it (`document.documentElement.outerHTML`, which the content
//! script sends), read straight into the tree the extractors walk.
//!
//! The browser has already parsed the page by HTML's rules (implied and misnested tags, tables,
//! foreign content), and its serialization spells the resulting tree out: every element but the
//! void ones is closed, every attribute is written `name="value"`, text has `&`, `<`, `>` and
//! no-break spaces escaped (attributes `&`, `"` and no-break spaces, and `<`, `>` in newer
//! browsers), and only the children of script-like elements are raw. Reading that form needs a
//! stack, not the HTML parser's state machines: several times faster than html5ever on a 2 MB page
//! (`cargo bench --bench capture`), which is most of a capture's time.
//!
//! Text that is not in that form is refused ([`read`] answers `None`) and the caller parses it with
//! html5ever, so a page the browser did not write, or a tampered one, is still read by HTML's
//! rules. A text cut short (the content script sends at most 12 MB) is read up to the cut.

use html5ever::{ns, LocalName, Namespace, Prefix, QualName};
use rustc_hash::FxHashMap;
use scraper::node::{Comment, Element, Text};
use scraper::{Html, Node, StrTendril};
use std::borrow::Cow;

/// Elements that have no end tag and no children.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];
/// Elements whose text the serializer writes unescaped. `noscript` is one of them because the
/// content script runs with scripting on, where a `noscript`'s content is text.
const RAW: &[&str] = &["style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"];

/// A page read from its serialization.
pub struct Serialized {
    pub doc: Html,
    /// Elements were nested deeper than the limit: what lies below it was not read.
    pub too_deep: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    Html,
    Svg,
    MathMl,
}

impl Space {
    fn namespace(self) -> Namespace {
        match self {
            Space::Html => ns!(html),
            Space::Svg => ns!(svg),
            Space::MathMl => ns!(mathml),
        }
    }

    /// The space of an element named `name` among children in this space.
    fn of_child(self, name: &str) -> Space {
        match (self, name) {
            (_, "svg") => Space::Svg,
            (_, "math") => Space::MathMl,
            (Space::Html, _) => Space::Html,
            (space, _) => space,
        }
    }

    /// The space of the children of an element `name` in this space: HTML again inside SVG's and
    /// MathML's integration points.
    fn of_children(self, name: &str) -> Space {
        match (self, name) {
            (Space::Svg, "foreignObject" | "desc" | "title")
            | (Space::MathMl, "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml") => Space::Html,
            (space, _) => space,
        }
    }
}

struct Open<'a> {
    /// Where children go: the element, or a template's contents.
    parent: ego_tree::NodeId,
    name: &'a str,
    raw: bool,
    children: Space,
}

/// Reads a browser's serialization of a document element; `None` when `text` is not one. Elements
/// deeper than `max_depth` end the reading.
pub fn read(text: &str, max_depth: usize) -> Option<Serialized> {
    // What every browser writes first: the document element, then its head (no doctype: it is not
    // part of the document element). A source page seldom starts so, and goes to html5ever.
    let html = text.strip_prefix('<').and_then(StartTag::read).filter(|t| t.name == "html")?;
    if !text[1 + html.len..].starts_with("<head") {
        return None;
    }
    let mut doc = Html::new_document();
    let root = doc.tree.root().id();
    let mut names = Names::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut too_deep = false;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let parent = stack.last().map_or(root, |o| o.parent);
        if let Some(open) = stack.last().filter(|o| o.raw) {
            // Raw text runs to its element's end tag, exactly as the serializer wrote it.
            let Some(end) = find_end_tag(rest, open.name) else {
                append_text(&mut doc, parent, rest);
                break;
            };
            append_text(&mut doc, parent, &rest[..end]);
            at += end + open.name.len() + 3;
            stack.pop();
            continue;
        }
        let Some(tag) = rest.strip_prefix('<') else {
            let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
            match decode(&rest[..end]) {
                Decoded::Text(text) if !stack.is_empty() => append_text(&mut doc, parent, &text),
                // Only whitespace may stand outside the document element.
                Decoded::Text(text) if text.trim_ascii().is_empty() => {}
                Decoded::Cut if end == rest.len() => break,
                _ => return None,
            }
            at += end;
            continue;
        };
        if let Some(close) = tag.strip_prefix('/') {
            let Some(end) = close.find('>') else { break };
            if stack.pop().map(|o| o.name) != Some(&close[..end]) {
                return None;
            }
            at += 2 + end + 1;
        } else if let Some(comment) = tag.strip_prefix("!--") {
            let Some(end) = comment.find("-->") else { break };
            doc.tree.get_mut(parent)?.append(Node::Comment(Comment { comment: StrTendril::from(&comment[..end]) }));
            at += 4 + end + 3;
        } else {
            let Some(start) = StartTag::read(tag) else {
                // A tag cut by the end of the text ends the reading; anything else is not a serialization.
                if tag.contains('>') {
                    return None;
                }
                break;
            };
            at += 1 + start.len;
            if stack.is_empty() && doc.tree.root().children().any(|n| n.value().is_element()) {
                return None;
            }
            if stack.len() >= max_depth {
                too_deep = true;
                break;
            }
            let space = stack.last().map_or(Space::Html, |o| o.children).of_child(start.name);
            let attrs = start.attributes(space, &mut names)?;
            // `Element::new` is public but doc-hidden in scraper 0.29: what its own tree builder calls.
            let element = Element::new(QualName::new(None, space.namespace(), names.get(start.name)), attrs);
            let mut node = doc.tree.get_mut(parent)?;
            let mut element = node.append(Node::Element(element));
            let html = space == Space::Html;
            if html && VOID.contains(&start.name) {
                continue;
            }
            let parent =
                if html && start.name == "template" { element.append(Node::Fragment).id() } else { element.id() };
            stack.push(Open {
                parent,
                name: start.name,
                raw: html && RAW.contains(&start.name),
                children: space.of_children(start.name),
            });
        }
    }
    doc.tree.root().children().any(|n| n.value().is_element()).then_some(Serialized { doc, too_deep })
}

/// Where `</name>` starts in raw text.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], b"</").map(|i| from + i) {
        let after = &text[at + 2..];
        if after.starts_with(name) && after[name.len()..].starts_with('>') {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn append_text(doc: &mut Html, parent: ego_tree::NodeId, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(mut node) = doc.tree.get_mut(parent) {
        node.append(Node::Text(Text { text: StrTendril::from(text) }));
    }
}

enum Decoded<'a> {
    Text(Cow<'a, str>),
    /// An escape cut by the end of the text.
    Cut,
    /// An `&` no serializer writes.
    Foreign,
}

/// Text or an attribute value with the serializer's escapes undone.
fn decode(text: &str) -> Decoded<'_> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else { return Decoded::Text(Cow::Borrowed(text)) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(escape) = rest.strip_prefix('&') {
        let (ch, len) = match escape.as_bytes() {
            [b'a', b'm', b'p', b';', ..] => ('&', 4),
            [b'l', b't', b';', ..] => ('<', 3),
            [b'g', b't', b';', ..] => ('>', 3),
            [b'q', b'u', b'o', b't', b';', ..] => ('"', 5),
            [b'n', b'b', b's', b'p', b';', ..] => ('\u{a0}', 5),
            _ if !escape.contains(';') && escape.len() < 5 => return Decoded::Cut,
            _ => return Decoded::Foreign,
        };
        out.push(ch);
        let escape = &escape[len..];
        let next = memchr::memchr(b'&', escape.as_bytes()).unwrap_or(escape.len());
        out.push_str(&escape[..next]);
        rest = &escape[next..];
    }
    Decoded::Text(Cow::Owned(out))
}

/// A start tag as the serializer writes it: `<name attr="value" …>`.
struct StartTag<'a> {
    name: &'a str,
    /// Its attributes' text, between the name and `>`.
    attributes: &'a str,
    /// Bytes after the `<`, the `>` included.
    len: usize,
}

impl<'a> StartTag<'a> {
    /// `tag` is the text after `<`; `None` when it holds no whole start tag.
    fn read(tag: &'a str) -> Option<Self> {
        let bytes = tag.as_bytes();
        if !bytes.first()?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = bytes.iter().position(|&b| b == b' ' || b == b'>' || b == b'<' || b == b'/')?;
        let (name, rest) = tag.split_at(name_end);
        // Quoted values may hold `>`: the tag ends at the first `>` outside quotes.
        let mut quoted = false;
        let end = rest.bytes().position(|b| {
            quoted ^= b == b'"';
            b == b'>' && !quoted
        })?;
        Some(StartTag { name, attributes: &rest[..end], len: name_end + end + 1 })
    }

    /// The attributes, named for the element's space; `None` when they are not `name="value"`s.
    fn attributes(&self, space: Space, names: &mut Names<'a>) -> Option<Vec<html5ever::Attribute>> {
        let mut attrs = Vec::new();
        let mut rest = self.attributes;
        while let Some(attr) = rest.strip_prefix(' ') {
            let (name, value) = attr.split_once("=\"")?;
            let end = memchr::memchr(b'"', value.as_bytes())?;
            if name.is_empty() || name.contains([' ', '"', '<']) {
                return None;
            }
            let Decoded::Text(text) = decode(&value[..end]) else { return None };
            attrs.push(html5ever::Attribute { name: names.attribute(name, space), value: StrTendril::from(&*text) });
            rest = &value[end + 1..];
        }
        rest.is_empty().then_some(attrs)
    }
}

/// Names met on the page, interned once each: a page repeats a few hundred names many thousand times.
#[derive(Default)]
struct Names<'a> {
    local: FxHashMap<&'a str, LocalName>,
}

impl<'a> Names<'a> {
    fn get(&mut self, name: &'a str) -> LocalName {
        self.local.entry(name).or_insert_with(|| LocalName::from(name)).clone()
    }

    /// An attribute's name; foreign elements' `xlink:`, `xml:` and `xmlns` ones in their namespaces,
    /// as HTML's parser puts them.
    fn attribute(&mut self, name: &'a str, space: Space) -> QualName {
        let foreign = match name.split_once(':') {
            _ if space == Space::Html => None,
            Some(("xlink", local)) => Some((Some(Prefix::from("xlink")), ns!(xlink), local)),
            Some(("xml", local)) => Some((Some(Prefix::from("xml")), ns!(xml), local)),
            Some(("xmlns", local)) => Some((Some(Prefix::from("xmlns")), ns!(xmlns), local)),
            None if name == "xmlns" => Some((None, ns!(xmlns), name)),
            _ => None,
        };
        match foreign {
            Some((prefix, ns, local)) => QualName::new(prefix, ns, self.get(local)),
            None => QualName::new(None, ns!(), self.get(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Html {
        read(text, 100).expect("a serialization").doc
    }

    #[test]
    fn elements_attributes_text_and_comments_make_the_tree_the_serializer_wrote() {
        let doc = tree(
            r#"<html><head><title>A &amp; B</title></head><body><!-- c --><p class="x y" data-v="1 &quot;2&quot; &lt;3&gt;">Ann&nbsp;Lee<br>x &lt; y</p></body></html>"#,
        );
        let p = doc.select(&scraper::Selector::parse("p").unwrap()).next().expect("p");
        assert_eq!(p.value().attr("data-v"), Some(r#"1 "2" <3>"#));
        assert!(p.value().has_class("y", scraper::CaseSensitivity::CaseSensitive));
        assert_eq!(p.text().collect::<String>(), "Ann\u{a0}Leex < y");
        assert_eq!(p.children().count(), 3, "text, br (void: no children, no end tag), text");
        let title = doc.select(&scraper::Selector::parse("title").unwrap()).next().expect("title");
        assert_eq!(title.text().collect::<String>(), "A & B");
        assert!(doc.tree.nodes().any(|n| n.value().as_comment().is_some_and(|c| &*c.comment == " c ")));
    }

    #[test]
    fn script_text_is_raw_and_foreign_elements_and_templates_are_placed_as_the_parser_places_them() {
        let doc = tree(
            r##"<html><head><script type="application/ld+json">{"a":"<b> &amp; </p>"}</script></head><body><svg viewBox="0 0 1 1"><use xlink:href="#i"></use><foreignObject><p>in</p></foreignObject></svg><template><li>t</li></template></body></html>"##,
        );
        let script = doc.select(&scraper::Selector::parse("script").unwrap()).next().expect("script");
        assert_eq!(script.text().collect::<String>(), r#"{"a":"<b> &amp; </p>"}"#);
        let by_name = |name: &str| {
            doc.tree.nodes().find(|n| n.value().as_element().is_some_and(|e| e.name() == name)).expect(name)
        };
        let svg = by_name("svg").value().as_element().unwrap().clone();
        assert_eq!(svg.name.ns, ns!(svg));
        assert_eq!(svg.attr("viewBox"), Some("0 0 1 1"));
        let link = by_name("use").value().as_element().unwrap().clone();
        assert_eq!(link.name.ns, ns!(svg));
        assert_eq!(link.attrs().next().map(|(_, v)| v), Some("#i"));
        assert!(link.attrs.iter().any(|(name, _)| name.ns == ns!(xlink) && &*name.local == "href"));
        assert_eq!(by_name("p").value().as_element().unwrap().name.ns, ns!(html), "HTML again inside foreignObject");
        let li = by_name("li");
        assert!(li.parent().is_some_and(|f| f.value().is_fragment()), "a template's children are its contents");
    }

    #[test]
    fn text_no_serializer_writes_is_refused() {
        for text in [
            "<html><head></head><body><p>a</div></body></html>",
            "<html><head></head><body>Tom &copy; 2024</body></html>",
            "<html><head></head><body><p class=x>a</p></body></html>",
            "<html><head></head><body><p class='x'>a</p></body></html>",
            "<html><head></head><body><?php echo 1 ?></body></html>",
            "<html><head></head></html><html><head></head></html>",
            "text before<html><head></head></html>",
            "<!DOCTYPE html><html><head></head><body></body></html>",
            "<html><body><p>a</p></body></html>",
            "<body><p>a</p></body>",
            "<html><head></head><body><a<b>x</a<b></body></html>",
        ] {
            assert!(read(text, 100).is_none(), "{text}");
        }
    }

    #[test]
    fn a_serialization_cut_short_is_read_up_to_the_cut() {
        let whole = r#"<html><head></head><body><p>Ann Lee</p><p class="title">CEO &amp; founder</p></body></html>"#;
        assert!(read(&whole[..10], 100).is_none(), "no head yet");
        for cut in "<html><head".len()..whole.len() {
            let doc = tree(&whole[..cut]);
            let text: String = doc.root_element().text().collect();
            assert!("Ann LeeCEO & founder".starts_with(&text), "{cut}: {text:?}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_ends_the_reading() {
        let text = format!("<html><head></head><body>{}x{}</body></html>", "<div>".repeat(50), "</div>".repeat(50));
        let read = read(&text, 20).expect("read");
        assert!(read.too_deep);
        let divs = read.doc.tree.nodes().filter(|n| n.value().as_element().is_some_and(|e| e.name() == "div")).count();
        assert_eq!(divs, 18, "html and body, and divs down to a depth of 20");
        assert!(!super::read(&text, 100).expect("read").too_deep);
    }
}
