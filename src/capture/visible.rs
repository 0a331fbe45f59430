//! What a person sees on a page without structured data: names in headings, job titles, `mailto:`
//! and `tel:` links, social profile links, and emails and phone numbers written in the text (also
//! "jane [at] acme [dot] com"). People are grouped by card: the largest block around a name that
//! holds no other name (a team page's tile, a contact page's section). What belongs to no card
//! (info@, the switchboard) belongs to the organisation.

use super::{Collector, Contact, Extractor, Organization, Phone, PhoneLabel, Sourced};
use crate::normalize::fold::fold_accents;
use crate::normalize::{is_place, is_suffix, parse_name, unbracket, Email, SocialProfile};
use crate::text::clean;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

const MAX_TEXT_NODES: usize = 200_000;
const MAX_SIGNALS: usize = 5_000;
const MAX_NAME_CHARS: usize = 60;
/// Longest line of running text read as a person's details ("Name, Title – email"); longer ones
/// are prose, whose clauses are no titles.
const MAX_DETAILS_LINE: usize = 160;
/// How far above a name its card may reach.
const MAX_CARD_LEVELS: usize = 6;

/// Words that make a heading a section title rather than a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "about",
    "team",
    "our",
    "contact",
    "us",
    "services",
    "products",
    "news",
    "blog",
    "home",
    "careers",
    "jobs",
    "company",
    "leadership",
    "management",
    "board",
    "the",
    "and",
    "of",
    "for",
    "with",
    "in",
    "at",
    "from",
    "by",
    "on",
    "welcome",
    "meet",
    "people",
    "staff",
    "directors",
    "partners",
    "office",
    "offices",
    "locations",
    "privacy",
    "policy",
    "terms",
    "menu",
    "search",
    "login",
    "sign",
    "read",
    "more",
    "learn",
    "view",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corp",
    "group",
    "solutions",
    "support",
    "sales",
    "marketing",
    "department",
    "center",
    "centre",
    "university",
    "school",
    // What product, pricing and careers pages head their sections with ("Starter Plan",
    // "Product Manager Job Description").
    "plan",
    "plans",
    "pricing",
    "feature",
    "features",
    "free",
    "trial",
    "demo",
    "starter",
    "premium",
    "enterprise",
    "basic",
    "inbox",
    "dashboard",
    "integrations",
    "platform",
    "software",
    "webinar",
    "series",
    "salary",
    "description",
    "positions",
    "openings",
    // Events ("Revenue Leaders Dinner", "Sales Summit Berlin").
    "summit",
    "dinner",
    "conference",
    "meetup",
    "workshop",
    "keynote",
    "event",
    "events",
    "expo",
    "awards",
    // What a link or button says ("Email Tomás", "Call Anna").
    "email",
    "e-mail",
    "mail",
    "call",
    "phone",
    "message",
    "write",
    "linkedin",
];

/// Endings of German compound titles: Vertriebsleiter, Geschäftsführerin, Personalreferent.
const TITLE_ENDINGS: &[&str] =
    &["leiter", "leiterin", "führer", "führerin", "referent", "referentin", "manager", "managerin"];

/// Words that mark a short line as a job title.
const TITLE_WORDS: &[&str] = &[
    "ceo",
    "cto",
    "cfo",
    "coo",
    "cmo",
    "cio",
    "ciso",
    "cro",
    "vp",
    "svp",
    "evp",
    "chief",
    "officer",
    "president",
    "founder",
    "co-founder",
    "cofounder",
    "owner",
    "partner",
    "director",
    "head",
    "manager",
    "lead",
    "leader",
    "principal",
    "engineer",
    "developer",
    "architect",
    "designer",
    "analyst",
    "consultant",
    "specialist",
    "coordinator",
    "executive",
    "associate",
    "assistant",
    "advisor",
    "adviser",
    "representative",
    "recruiter",
    "counsel",
    "attorney",
    "accountant",
    "controller",
    "treasurer",
    "secretary",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "administrator",
    "buyer",
    "procurement",
    "purchasing",
    "sales",
    "marketing",
    "operations",
    "product",
    "account",
    "business",
    "development",
    "scientist",
    "researcher",
    "professor",
    "editor",
    "producer",
    "agent",
    "broker",
    "supervisor",
    "superintendent",
    "foreman",
    "technician",
    "nurse",
    "physician",
    "doctor",
    "dentist",
    "pharmacist",
    "therapist",
    "teacher",
    "dean",
    "lecturer",
    "instructor",
    "librarian",
    "counselor",
    "counsellor",
    "paralegal",
    "receptionist",
    "gérant",
    "directeur",
    "directrice",
    "responsable",
    "geschäftsführer",
    "leiter",
    "leiterin",
    "director",
    "gerente",
    "jefe",
    "directora",
    "direttore",
    "responsabile",
    // Feminine and other forms of the above.
    "gérante",
    "fondateur",
    "fondatrice",
    "président",
    "présidente",
    "associé",
    "associée",
    "cofondateur",
    "cofondatrice",
    "ingénieur",
    "ingénieure",
    "consultante",
    "assistante",
    "comptable",
    "chargé",
    "chargée",
    "presidente",
    "fundador",
    "fundadora",
    "socio",
    "socia",
    "gründer",
    "gründerin",
    "berater",
    "beraterin",
    "fondatore",
    // Departments that label a line of people ("Vertrieb: Thomas Weber").
    "vertrieb",
    "verkauf",
    "einkauf",
    "inhaber",
    "inhaberin",
    "vorstand",
    "prokurist",
    "commercial",
    "commerciale",
    "achats",
    "ventas",
    "compras",
    "vendite",
    "acquisti",
];

#[derive(Clone, Debug)]
enum Signal {
    Email(Email),
    Phone(Phone),
    /// A profile link, and the name it is written as when it names someone ("… <a>Tom Hale</a>
    /// this is what we discussed": a mention, not the card's own person).
    Profile(SocialProfile, Option<String>),
    /// A person's name, from a heading or a name-like element; with the title (and employer)
    /// written beside it ("Jean Dupont, Responsable achats : …"), if they were.
    Name(Named),
    /// A `mailto:` link whose text reads like a person's name.
    LinkName(String),
}

/// A person a line or a card names, with what it says of their role.
#[derive(Clone, Debug)]
struct Named {
    name: String,
    title: Option<String>,
    company: Option<String>,
}

impl Named {
    /// The signal of a name and title whose employer the line did not say.
    fn signal(name: String, title: Option<String>) -> Signal {
        Signal::Name(Named { name, title, company: None })
    }
}

struct Found {
    /// The element the signal sits in.
    at: NodeId,
    signal: Signal,
}

pub(super) fn extract(doc: &Html, out: &mut Collector) {
    let mut found = Vec::new();
    links(doc, &mut found);
    text(doc, &mut found);
    names(doc, &mut found);
    directory_rows(doc, &mut found);
    labelled_cells(doc, &mut found);
    lead_in_names(doc, &mut found);
    if found.len() > MAX_SIGNALS {
        found.truncate(MAX_SIGNALS);
        out.notes.push(format!("More than {MAX_SIGNALS} contact details in the page text: the rest were not read."));
    }
    group(doc, found, out);
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced::new(value, Extractor::Visible)
}

/// Whether an element's content is never shown to the reader.
fn hidden(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "script" | "style" | "noscript" | "template" | "head" | "title" | "svg")
}

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

fn links(doc: &Html, found: &mut Vec<Found>) {
    // Cloudflare's protected addresses are links or spans; every other signal here is a link.
    let candidates =
        super::elements(doc).filter(|e| e.value().name() == "a" || e.value().attr("data-cfemail").is_some());
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

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Emails and phone numbers written in the visible text.
fn text(doc: &Html, found: &mut Vec<Found>) {
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
    let at_word_start = |w: &str| {
        tail.match_indices(w)
            .filter(|(i, _)| !tail[..*i].chars().next_back().is_some_and(char::is_alphanumeric))
            .map(|(i, _)| i)
            .last()
    };
    [
        (PhoneLabel::Fax, &["fax", "telefax", "télécopie", "f:"][..]),
        (
            PhoneLabel::Mobile,
            &[
                "mobile",
                "mob",
                "cell",
                "m:",
                "portable",
                "handy",
                "móvil",
                "movil",
                "celular",
                "cellulare",
                "gsm",
                "natel",
                "whatsapp",
            ][..],
        ),
        (PhoneLabel::Direct, &["direct", "d:", "dir", "direkt", "durchwahl"][..]),
        (
            PhoneLabel::Switchboard,
            &["switchboard", "main", "reception", "standard", "zentrale", "centralino", "accueil"][..],
        ),
        (
            PhoneLabel::Office,
            &[
                "office",
                "tel",
                "tél",
                "phone",
                "t:",
                "téléphone",
                "telefon",
                "teléfono",
                "telefono",
                "telefone",
                "telefoon",
                "bureau",
                "ufficio",
                "work",
            ][..],
        ),
    ]
    .into_iter()
    // The label nearest the number; at one place the longer word ("Telefax", not "Tel").
    .flat_map(|(label, words)| words.iter().filter_map(move |w| at_word_start(w).map(|at| (at, w.len(), label))))
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

/// Headings and name-classed elements whose text reads like a person's name.
fn names(doc: &Html, found: &mut Vec<Found>) {
    let mut seen: HashMap<NodeId, String> = HashMap::new();
    for el in doc.root_element().descendent_elements().take(MAX_TEXT_NODES) {
        let e = el.value();
        let named_class = e.attr("class").is_some_and(|c| {
            c.split_whitespace().any(|c| {
                let c = c.to_ascii_lowercase();
                c == "name" || c.ends_with("-name") || c.ends_with("_name") || c.ends_with("__name") || c == "fn"
            })
        });
        let heading =
            matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b" | "dt" | "figcaption");
        // Any element holding a name and nothing else may be a card's name line, if a title line
        // follows it. Judged on the text node itself: a large page has tens of thousands of
        // text-only elements, and collecting each one's text cost more than the rest.
        let name_only = || {
            let mut children = el.children();
            let (Some(only), None) = (children.next(), children.next()) else { return false };
            only.value().as_text().is_some_and(|t| looks_like_name(t.trim()) || shouted_name(t.trim()).is_some())
        };
        if !(heading || named_class || name_only()) || hidden(e) {
            continue;
        }
        // `<h4>Jane Doe<br><small>Chief Executive Officer</small></h4>`
        if heading && holds_lines(el) {
            if let Some((name, title)) = name_over_title(el) {
                found.push(Found { at: el.id(), signal: Named::signal(name, Some(title)) });
            }
            continue;
        }
        let raw: String = el.text().collect();
        if raw.len() > MAX_NAME_CHARS * 4 || holds_lines(el) {
            continue;
        }
        // A name-classed element may write the family name first ("Doe, John"); a heading
        // "Paris, France" may not pass for one.
        let mut shouted = false;
        let Some(name) = clean(&raw).and_then(|t| {
            if looks_like_name(&t) {
                Some(t)
            } else if let Some(name) = shouted_name(&t) {
                shouted = true;
                Some(name)
            } else {
                reversed(&t).filter(|r| named_class && looks_like_name(r))
            }
        }) else {
            continue;
        };
        // `<h3><strong>Jane Doe</strong></h3>`: one name, found once.
        if el.ancestors().take(MAX_CARD_LEVELS).any(|a| seen.get(&a.id()) == Some(&name)) {
            continue;
        }
        // A heading in capitals is as often a section's ("FREE CONSULTATION"): it names someone
        // only with a title after it.
        let title = if (heading || named_class) && !shouted {
            None
        } else {
            // `<a>Jane Doe</a><span class="role">Co-founder &amp; CEO</span>`
            let Some(title) = title_after(el) else { continue };
            Some(title)
        };
        seen.insert(el.id(), name.clone());
        found.push(Found { at: el.id(), signal: Named::signal(name, title) });
    }
}

/// "JANE DOE", as some sites type names: the name as the name parser writes it ("Jane Doe"),
/// when that reads as one.
fn shouted_name(text: &str) -> Option<String> {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    if text.len() > MAX_NAME_CHARS * 4 || letters.peek().is_none() || !letters.all(char::is_uppercase) {
        return None;
    }
    parse_name(text).map(|n| n.full()).filter(|n| looks_like_name(n))
}

/// How many wrappers of a name-only element are looked through for the line after it.
const WRAPPER_LEVELS: usize = 2;

/// A heading broken in two lines by a `<br>`, a name above a title.
fn name_over_title(el: ElementRef) -> Option<(String, String)> {
    let mut parts = [String::new(), String::new()];
    let mut line = 0;
    for node in el.descendants().skip(1) {
        match node.value() {
            Node::Element(e) if e.name() == "br" => {
                line += 1;
                if line > 1 {
                    return None;
                }
            }
            Node::Element(e) if !matches!(e.name(), "span" | "small" | "em" | "i" | "strong" | "b" | "a") => {
                return None
            }
            Node::Text(t) if parts[line].len() <= MAX_DETAILS_LINE => parts[line].push_str(t),
            _ => {}
        }
    }
    let [name, title] = parts.map(|p| clean(&p));
    let (name, title) = (name?, first_sentence(&title?).to_string());
    (looks_like_name(&name) && looks_like_title(&title)).then_some((name, title))
}

/// The job title the element right after `el` holds, by its words or by its class.
/// Through a name's wrappers (`<p><span>Name</span></p><p><span>Title</span></p>`, as site
/// builders write a card).
fn title_after(el: ElementRef) -> Option<String> {
    let meaningful = |n: &ego_tree::NodeRef<Node>| !matches!(n.value(), Node::Text(t) if t.trim().is_empty());
    let mut el = el;
    let mut next = None;
    for _ in 0..=WRAPPER_LEVELS {
        next = el.next_siblings().find(meaningful);
        // Only a wrapper is climbed: an element holding nothing else (not a table row's cell).
        if next.is_some() || el.prev_siblings().any(|n| meaningful(&n)) {
            break;
        }
        el = el.parent().and_then(ElementRef::wrap)?;
    }
    let next = ElementRef::wrap(next?)?;
    if hidden(next.value()) || holds_lines(next) {
        return None;
    }
    let line = clean(&next.text().take(20).collect::<String>())?;
    let line = first_sentence(&line);
    (looks_like_title(line) || titled_class(next) && plausible_title(line)).then(|| line.to_string())
}

/// Markup that says it holds a title (`class="field-title"`, `job-title`, `position`, `role`).
fn titled_class(el: ElementRef) -> bool {
    el.value().attr("class").is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        ["title", "position", "role", "job"].iter().any(|w| c.contains(w))
    })
}

/// What a line a title class marks may hold: short, no address or number.
fn plausible_title(line: &str) -> bool {
    line.chars().count() <= 100 && !line.contains('@') && digits(line) < 4
}

/// What a staff directory's header cells call its columns, in the major languages.
const NAME_HEADERS: &[&str] = &[
    "name",
    "full name",
    "staff",
    "staff member",
    "employee",
    "person",
    "contact",
    "nom",
    "nom complet",
    "nombre",
    "nome",
    "naam",
    "mitarbeiter",
    "mitarbeiterin",
    "ansprechpartner",
];
const GIVEN_HEADERS: &[&str] = &["first name", "first", "given name", "prénom", "vorname", "voornaam"];
const FAMILY_HEADERS: &[&str] = &[
    "last name",
    "last",
    "surname",
    "family name",
    "nom de famille",
    "nachname",
    "apellido",
    "apellidos",
    "cognome",
    "achternaam",
];
const TITLE_HEADERS: &[&str] = &[
    "title",
    "job title",
    "position",
    "role",
    "function",
    "titre",
    "poste",
    "fonction",
    "funktion",
    "cargo",
    "puesto",
    "ruolo",
    "functie",
];

const HEADER_ROWS: usize = 2;

/// Where a directory table's header puts the name (whole, or given and family) and the title.
#[derive(Default)]
struct Columns {
    name: Option<usize>,
    given: Option<usize>,
    family: Option<usize>,
    title: Option<usize>,
}

fn cells(row: ElementRef) -> Vec<ElementRef> {
    row.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th")).collect()
}

fn cell_text(cell: ElementRef) -> Option<String> {
    clean(&cell.text().take(50).collect::<String>())
}

fn columns(header: &[ElementRef]) -> Option<Columns> {
    let mut c = Columns::default();
    for (i, cell) in header.iter().enumerate() {
        let text = cell_text(*cell).unwrap_or_default().trim_end_matches(':').to_lowercase();
        let slot = if NAME_HEADERS.contains(&text.as_str()) {
            &mut c.name
        } else if GIVEN_HEADERS.contains(&text.as_str()) {
            &mut c.given
        } else if FAMILY_HEADERS.contains(&text.as_str()) {
            &mut c.family
        } else if TITLE_HEADERS.contains(&text.as_str()) {
            &mut c.title
        } else {
            continue;
        };
        slot.get_or_insert(i);
    }
    (c.name.is_some() || c.given.is_some() && c.family.is_some()).then_some(c)
}

/// A directory cell's name: the header said so, so any short run of words without digits will do
/// ("Roe, Jane" too).
fn directory_name(text: &str) -> bool {
    (1..=6).contains(&text.split_whitespace().count())
        && text.chars().count() <= MAX_NAME_CHARS
        && !text.contains(['@', '/', '|', ':'])
        && !text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(char::is_uppercase)
}

/// Staff directories as tables: a header row naming a name column (and a title column), then a
/// person a row, whose other cells hold their details.
fn directory_rows(doc: &Html, found: &mut Vec<Found>) {
    for table in doc.root_element().descendent_elements().filter(|e| e.value().name() == "table").take(MAX_SIGNALS) {
        // Rows of this table, not of a table inside it.
        let rows = table.descendent_elements().filter(|r| r.value().name() == "tr").filter(|r| {
            r.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table") == Some(table)
        });
        let mut columns_found: Option<Columns> = None;
        for (i, row) in rows.take(MAX_SIGNALS).enumerate() {
            let cells = cells(row);
            let Some(cols) = &columns_found else {
                // The header is the first row, or the second under a caption row; a data table's
                // thousand rows are not each asked whether they are one.
                if i >= HEADER_ROWS {
                    break;
                }
                columns_found = columns(&cells);
                continue;
            };
            let text = |i: Option<usize>| i.and_then(|i| cells.get(i)).and_then(|c| cell_text(*c));
            let name = match (text(cols.name), text(cols.given), text(cols.family)) {
                (Some(name), ..) => name,
                (None, Some(given), Some(family)) => format!("{given} {family}"),
                _ => continue,
            };
            if directory_name(&name) {
                let title = text(cols.title).filter(|t| t.chars().count() <= 100 && !t.contains('@'));
                found.push(Found { at: row.id(), signal: Named::signal(name, title) });
            }
        }
    }
}

/// Labels that open a line naming whom to contact ("Contact: Jane Doe, …"), which is no title.
const CONTACT_LABELS: &[&str] =
    &["contact", "kontakt", "ansprechpartner", "ansprechpartnerin", "contacto", "referente", "interlocuteur"];

/// A line of text cut where contact pages separate a name, a title and the details that follow:
/// "Jean Dupont, Responsable achats – jean@acme.fr | Tél. : 01 23 45 67 89".
fn segments(line: &str) -> impl Iterator<Item = &str> {
    line.split([',', '–', '—', '|', '•', '·', ':', ';', '(', ')'])
        .flat_map(|s| s.split(" - "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The lines of a block, as its reader sees them: its leading text, and each text that follows a
/// `<br>` ("Media Contact:<br>Jennifer Walsh<br>Director of Communications<br>…").
fn lines(el: ElementRef<'_>) -> impl Iterator<Item = &str> {
    el.children()
        .scan(true, |at_start, child| {
            Some(match child.value() {
                Node::Text(t) if t.trim().is_empty() => None,
                Node::Text(t) => std::mem::replace(at_start, false).then_some(&**t),
                Node::Element(e) => {
                    *at_start = e.name() == "br";
                    None
                }
                _ => None,
            })
        })
        .flatten()
}

/// The title among a line's first `within` segments, and its employer when the segment right
/// after it names one ("David Chen | VP of Sales | Northwind Traders").
fn role_in<'a>(parts: impl Iterator<Item = &'a str>, within: usize) -> (Option<String>, Option<String>) {
    let mut parts = parts.enumerate();
    let Some((_, title)) = parts.find(|(i, s)| *i < within && is_role(s)) else { return (None, None) };
    (clean(title), parts.next().map(|(_, s)| s).filter(|s| looks_like_employer(s)).and_then(clean))
}

/// Most words of a title read from running text that names no employer: "Chief Executive
/// Officer" is one, "Sales Director positions were cut by half" a sentence about one.
const MAX_ROLE_WORDS: usize = 7;

/// A title as running text writes one beside a name.
fn is_role(text: &str) -> bool {
    looks_like_title(text)
        && (text.split_whitespace().count() <= MAX_ROLE_WORDS || super::finish::role_and_employer(text).is_some())
}

/// Most words that may lead into a name ("Speak to", "Please ask for").
const MAX_LEAD_IN_WORDS: usize = 3;

/// "Speak to Rachel Dunn": the capitalised words that end a short phrase, when they read as a
/// name and what leads into them is no title ("Directrice des achats chez Groupe Lumen").
fn name_ending(phrase: &str) -> Option<String> {
    // A dash or a bullet before the phrase is no word of it ("— Keynote by Lisa Park").
    let words: Vec<&str> = phrase.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
    let mut capitalised = words.iter().rev().take_while(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    // "By Tom Nguyen": a byline's "By" leads into the name.
    if capitalised > 2 && words[words.len() - capitalised] == "By" {
        capitalised -= 1;
    }
    let (lead_in, name) = words.split_at(words.len() - capitalised);
    let plain_lead_in = (1..=MAX_LEAD_IN_WORDS).contains(&lead_in.len())
        && lead_in.iter().skip(1).all(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !lead_in.iter().any(|w| is_title_word(&w.to_lowercase()));
    let name = name.join(" ");
    (capitalised >= 2 && plain_lead_in && looks_like_name(&name)).then_some(name)
}

/// Whether an address's local part is made of the name ("jwalsh@" of Jennifer Walsh, "tom@" of
/// Tom Becker): the address is theirs, and the line naming them is a person's.
fn address_of(name: &str, email: &Email) -> bool {
    let local = email.as_str().split('@').next().unwrap_or_default();
    let local: String = local.chars().filter(char::is_ascii_alphabetic).collect();
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| fold_accents(w).chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(given), Some(family)) = (words.first(), words.last()) else { return false };
    family.len() >= 3 && local.contains(family.as_str())
        || local == *given
        || given.len() >= 4 && local.starts_with(given.as_str())
}

/// Names that open a line of running text, as contact pages, press releases and signatures list
/// people: a line whose first segment is a name, with a title beside it or on the next line,
/// an address made of the name in the same block, or (on the block's first line) a way to reach them.
fn lead_in_names(doc: &Html, found: &mut Vec<Found>) {
    let named: std::collections::HashSet<NodeId> = found
        .iter()
        .filter(|f| matches!(f.signal, Signal::Name(..)))
        .flat_map(|f| doc.tree.get(f.at).into_iter().flat_map(|n| n.ancestors().map(|a| a.id()).chain([f.at])))
        .collect();
    let names: std::collections::HashSet<NodeId> =
        found.iter().filter(|f| matches!(f.signal, Signal::Name(..))).map(|f| f.at).collect();
    // Not shown, or inside a block already read as a person's (a table of labelled cells).
    let out_of_reach = |el: ElementRef| hidden_within(el) || el.ancestors().any(|a| names.contains(&a.id()));
    let mut more = Vec::new();
    for el in doc.root_element().descendent_elements().take(MAX_TEXT_NODES) {
        if !matches!(el.value().name(), "p" | "li" | "td" | "dd" | "div" | "address" | "cite" | "figcaption")
            || named.contains(&el.id())
        {
            continue;
        }
        let mut lines = lines(el).peekable();
        // Whether the block is shown and no one's already: asked once, and only when a line names
        // someone, as a large page has thousands of lines.
        let mut free = None;
        let mut is_free = || *free.get_or_insert_with(|| !out_of_reach(el));
        let mut first_line = true;
        while let Some(line) = lines.next() {
            let is_first = std::mem::replace(&mut first_line, false);
            let mut parts = segments(line).peekable();
            let Some(first_part) = parts.next() else { continue };
            // A long line is running text: only the people it quotes are read from it.
            let first = clean(first_part).filter(|_| line.len() <= MAX_DETAILS_LINE);
            if let Some(first) = &first {
                let candidate = if looks_like_name(first) { Some(first.clone()) } else { name_ending(first) };
                if let Some(name) = candidate {
                    if !is_free() {
                        break;
                    }
                    let rest: Vec<&str> = parts.by_ref().collect();
                    // A name read from the end of a phrase has its title right after it.
                    let title_within = if name == *first { rest.len() } else { 1 };
                    let (mut title, mut company) = role_in(rest.iter().copied(), title_within);
                    // "Jennifer Walsh<br>Director of Communications, Acme Robotics"
                    if title.is_none() {
                        title = lines.peek().and_then(|next| clean(next)).map(|next| first_sentence(&next).to_string());
                        title = title.filter(|t| looks_like_title(t));
                    }
                    // "Tom Becker, Becker PR"
                    if title.is_none() {
                        company = rest.first().filter(|s| looks_like_employer(s)).and_then(|s| clean(s));
                    }
                    let spoken_to = || {
                        found.iter().chain(&more).any(|f: &Found| match &f.signal {
                            Signal::Email(e) => address_of(&name, e) && within(doc, f.at, el.id()),
                            _ => false,
                        })
                    };
                    let whole_name = name == *first;
                    if title.is_some() || spoken_to() || whole_name && is_first && reachable(line) {
                        more.push(Found { at: el.id(), signal: Signal::Name(Named { name, title, company }) });
                    }
                    continue;
                }
                if let Some(field) = line.split_once(':').and_then(|(label, value)| field_of(label, value)) {
                    if !is_free() {
                        break;
                    }
                    let this_block = |f: &&mut Found| f.at == el.id();
                    match field {
                        Field::Name(name) => more.push(Found { at: el.id(), signal: Named::signal(name, None) }),
                        Field::Title(title) => {
                            if let Some(Signal::Name(named)) = more.last_mut().filter(this_block).map(|f| &mut f.signal)
                            {
                                named.title.get_or_insert(title);
                            }
                        }
                    }
                    continue;
                }
            }
            let people = quoted(line);
            if !people.is_empty() {
                if !is_free() {
                    break;
                }
                more.extend(people.into_iter().map(|named| Found { at: el.id(), signal: Signal::Name(named) }));
                continue;
            }
            let Some(first) = first.filter(|_| is_first) else { continue };
            // "Geschäftsführer: Dr. Hans Müller, Petra Schmidt", "Vertrieb: Thomas Weber, Tel. …":
            // a role or a contact label before a colon, then the people it names.
            let labelled = line.split_once(':').is_some_and(|(label, _)| label.trim() == first_part);
            if !labelled || first.split_whitespace().count() > 4 {
                continue;
            }
            let contact_label = CONTACT_LABELS.contains(&first.to_lowercase().as_str());
            if !(contact_label || looks_like_title(&first)) {
                continue;
            }
            let title = (!contact_label).then_some(first);
            if title.is_none() && !reachable(line) {
                continue;
            }
            if !is_free() {
                break;
            }
            while let Some(name) = parts.next_if(|s| looks_like_name(s)).and_then(clean) {
                more.push(Found { at: el.id(), signal: Named::signal(name, title.clone()) });
            }
        }
    }
    found.extend(more);
}

/// Longest paragraph read for people quoted in it.
const MAX_PROSE_LINE: usize = 2_000;

/// A person quoted mid-sentence with their title after a comma, as press releases and news name
/// people: "…," said Maria Gonzalez, Chief Executive Officer of Acme Robotics.
/// Or a chief officer named after their title: "said Globex CEO Hank Scorpio".
fn quoted(line: &str) -> Vec<Named> {
    if line.len() > MAX_PROSE_LINE {
        return Vec::new();
    }
    let mut people = titled_after_comma(line);
    for chief in chief_before_name(line) {
        if !people.iter().any(|p| p.name == chief.name) {
            people.push(chief);
        }
    }
    people
}

fn titled_after_comma(line: &str) -> Vec<Named> {
    let mut people = Vec::new();
    // The cheap test first: most lines have no comma.
    if !line.contains(", ") {
        return people;
    }
    let parts: Vec<&str> = line.split(", ").collect();
    for (i, pair) in parts.windows(2).enumerate() {
        let (part, next) = (pair[0], pair[1]);
        // The cheap test first: a title or a name after the comma is capitalised.
        if !next.starts_with(char::is_uppercase) {
            continue;
        }
        // What follows the quotation or the sentence before: "said Maria Gonzalez".
        let part = part.rsplit(['"', '“', '”', '»', '.', '!', '?', ';', '—', '–']).next().unwrap_or(part).trim();
        if let Some(name) = Some(part.to_string()).filter(|p| looks_like_name(p)).or_else(|| name_ending(part)) {
            let title = clean(next).map(|t| first_sentence(&t).to_string()).filter(|t| is_role(t));
            if let Some(title) = title.filter(|_| !is_place(&name)) {
                people.push(Named { name, title: Some(title), company: None });
            }
            continue;
        }
        // "Acme's Vice President of Sales, Jane Doe, said": the title first, the name set off by
        // commas and the sentence going on in lower case after it (a list of names and titles
        // goes on capitalised: "Tom Hale, Head of Sales, Jane Doe, CTO").
        let set_off = parts.get(i + 2).is_some_and(|after| goes_on(after));
        if set_off && looks_like_name(next) && !is_place(next) {
            if let Some((title, company)) = title_ending(part) {
                people.push(Named { name: next.to_string(), title: Some(title), company });
            }
        }
    }
    people
}

/// The title that ends a phrase ("The company's CMO", "Acme's Vice President of Sales"), and the
/// employer whose possessive leads into it.
fn title_ending(phrase: &str) -> Option<(String, Option<String>)> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let possessive = |w: &str| w.ends_with("'s") || w.ends_with("’s");
    // Title case: "Vice President of Sales and Marketing", not "According to the Sales Director".
    let title_case = |w: &&str| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "and" | "&" | "for");
    // The longest run of title-case words at the end that reads as a title.
    let start = (words.len().saturating_sub(MAX_ROLE_WORDS)..words.len()).find(|&i| {
        let w = words[i];
        w.starts_with(char::is_uppercase)
            && !BEFORE_CHIEF.contains(&w)
            && words[i..].iter().all(|w| title_case(w) && !possessive(w))
            && is_role(&words[i..].join(" "))
    })?;
    let company = start
        .checked_sub(1)
        .map(|i| words[i])
        .filter(|w| possessive(w) && w.starts_with(char::is_uppercase))
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .filter(|c| looks_like_employer(c));
    Some((words[start..].join(" "), company))
}

/// Whether the words after a name carry its sentence on ("said…", "who joined…", "thanked
/// staff"), rather than join it to a list or a heading ("and others", "for more").
fn goes_on(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or_default();
    next.starts_with(char::is_lowercase)
        && !matches!(next, "and" | "or" | "for" | "of" | "to" | "the" | "a" | "an" | "with" | "from" | "by")
}

/// A word without the punctuation that ends a clause after it.
fn bare_word(word: &str) -> &str {
    word.trim_end_matches([',', '.', ';', ':', '"', '”', ')', '\''])
}

/// Words that may stand between an employer and a chief's title without being the employer's
/// ("former Acme CEO", "Acme's interim CEO").
const BEFORE_CHIEF: &[&str] = &["The", "Former", "Interim", "Acting", "New", "Deputy", "Founding", "Said", "Says"];

/// Titles that end in these words are read before a name when the sentence goes on after it
/// ("Vice President Jane Doe said"); "Product Manager Job Description" is a heading, and
/// "Manager" and "Officer" are left out.
const TITLE_HEADS: &[&str] = &[
    "President",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Chair",
    "Founder",
    "Co-founder",
    "Director",
    "VP",
    "SVP",
    "EVP",
];

/// Capitalised words that open a title before its head: "Vice", "Senior", "Managing", "Sales".
fn opens_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    word.starts_with(char::is_uppercase)
        && bare_word(word).len() == word.len()
        && (matches!(lower.as_str(), "vice" | "senior" | "executive" | "general" | "managing" | "regional" | "global")
            || is_title_word(&lower))
}

/// Most words of a title read before a name.
const MAX_TITLE_BEFORE_NAME: usize = 4;

/// "said Globex CEO Hank Scorpio", "Initech's CFO Bill Lumbergh", "Acme Vice President Jane Doe
/// said": a chief officer's title (CEO, CTO, CHRO…) or a senior one right before a name of two
/// or three capitalised words, and the capitalised words before the title as the employer when
/// they read as one.
fn chief_before_name(line: &str) -> Vec<Named> {
    let chief = |w: &str| {
        (3..=5).contains(&w.len())
            && w.starts_with('C')
            && w.ends_with('O')
            && w.bytes().all(|b| b.is_ascii_uppercase())
    };
    let mut people = Vec::new();
    // The cheap test first: most lines name no chief and no senior title (the heads' common
    // parts: "Chair" of Chairman, "ounder" of Founder and Co-founder, "VP" of SVP).
    if !["O ", "President", "Chair", "ounder", "Director", "VP"].iter().any(|h| line.contains(h)) {
        return people;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    for (i, head) in words.iter().enumerate() {
        let acronym = chief(head);
        if !acronym && !TITLE_HEADS.contains(head) {
            continue;
        }
        let mut name = Vec::new();
        let mut ended = false;
        for word in words[i + 1..].iter().take(3) {
            let bare = bare_word(word);
            if !bare.starts_with(char::is_uppercase) {
                break;
            }
            name.push(bare);
            if bare.len() < word.len() {
                ended = true;
                break;
            }
        }
        let name = name.join(" ");
        let n = name.split(' ').count();
        // A senior title's name must end a clause: punctuation or the sentence going on.
        let clause_ends = ended || words.get(i + 1 + n).is_some_and(|w| goes_on(w));
        if !(2..=3).contains(&n) || !looks_like_name(&name) || !(acronym || clause_ends) {
            continue;
        }
        let opening =
            words[..i].iter().rev().take(MAX_TITLE_BEFORE_NAME - 1).take_while(|w| !acronym && opens_title(w)).count();
        let title = words[i - opening..=i].join(" ");
        let before: Vec<&str> = words[..i - opening]
            .iter()
            .rev()
            .take(3)
            .take_while(|w| {
                bare_word(w).len() == w.len() && w.starts_with(char::is_uppercase) && !BEFORE_CHIEF.contains(w)
            })
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .collect();
        let company = before.into_iter().rev().collect::<Vec<_>>().join(" ");
        let company = Some(company).filter(|c| !c.is_empty() && looks_like_employer(c));
        people.push(Named { name, title: Some(title), company });
    }
    people
}

/// A labelled field of a person's details.
enum Field {
    Name(String),
    Title(String),
}

/// "Name: Jane Doe", "Position: Senior Buyer" (a line, or a `<dt>` and its `<dd>`): the name or
/// the title a label gives. A contact label ("Contact: …") names someone too, but is read as a
/// line of details.
fn field_of(label: &str, value: &str) -> Option<Field> {
    let label = label.trim().trim_end_matches(':').to_lowercase();
    if label.is_empty() || label.len() > 30 {
        return None;
    }
    let value = clean(value)?;
    if NAME_HEADERS.contains(&label.as_str()) && !CONTACT_LABELS.contains(&label.as_str()) {
        directory_name(&value).then_some(Field::Name(value))
    } else if TITLE_HEADERS.contains(&label.as_str()) {
        plausible_title(&value).then_some(Field::Title(value))
    } else {
        None
    }
}

/// A person's details as label and value cells: `<dl><dt>Name</dt><dd>Jane Doe</dd><dt>Position</dt>…`
/// or a two-column table (`<tr><th>Name</th><td>…</td></tr>`). The list or the table is their card.
fn labelled_cells(doc: &Html, found: &mut Vec<Found>) {
    let mut seen: Vec<NodeId> = Vec::new();
    for label in doc.root_element().descendent_elements().filter(|e| matches!(e.value().name(), "dt" | "th")) {
        let Some(value) = label.next_siblings().find_map(ElementRef::wrap) else { continue };
        if !matches!(value.value().name(), "dd" | "td") {
            continue;
        }
        let Some(Field::Name(name)) = cell_text(label).zip(cell_text(value)).and_then(|(l, v)| field_of(&l, &v)) else {
            continue;
        };
        // The list, or the table the row is in.
        let Some(card) =
            label.ancestors().filter_map(ElementRef::wrap).find(|a| matches!(a.value().name(), "dl" | "table"))
        else {
            continue;
        };
        if seen.contains(&card.id()) || hidden_within(card) {
            continue;
        }
        seen.push(card.id());
        let title = card
            .descendent_elements()
            .filter(|e| matches!(e.value().name(), "dt" | "th"))
            .filter_map(|l| Some((cell_text(l)?, cell_text(l.next_siblings().find_map(ElementRef::wrap)?)?)))
            .find_map(|(l, v)| match field_of(&l, &v) {
                Some(Field::Title(t)) => Some(t),
                _ => None,
            });
        found.push(Found { at: card.id(), signal: Named::signal(name, title) });
    }
}

/// A line that holds an address or a number.
fn reachable(line: &str) -> bool {
    line.contains('@') || digits(line) >= 7 || unbracket(line).contains('@')
}

/// Whether the element sits inside content never shown (a `<template>`, a `<noscript>`).
fn hidden_within(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| hidden(a.value()))
}

/// Whether node `at` is `block` or inside it.
fn within(doc: &Html, at: NodeId, block: NodeId) -> bool {
    at == block || doc.tree.get(at).is_some_and(|n| n.ancestors().any(|a| a.id() == block))
}

/// Whether an element holds lines of its own (a `<figcaption>` of paragraphs): its text runs
/// them together ("Alan TuringVP Engineering"), and the lines are read one by one instead.
fn holds_lines(el: ElementRef) -> bool {
    el.descendent_elements().skip(1).any(|d| {
        matches!(
            d.value().name(),
            "p" | "div" | "br" | "li" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        )
    })
}

/// "Doe, John" as "John Doe".
fn reversed(text: &str) -> Option<String> {
    let (family, given) = text.split_once(',')?;
    let (family, given) = (family.trim(), given.trim());
    (!family.is_empty() && !given.is_empty() && !given.contains(',')).then(|| format!("{given} {family}"))
}

/// Two to four capitalised words of letters (initials, hyphens, apostrophes and particles allowed),
/// none of them a section-title word.
pub(super) fn looks_like_name(text: &str) -> bool {
    // The cheap refusals first: most text on a page is no name.
    if text.len() > MAX_NAME_CHARS * 4
        || text.chars().count() > MAX_NAME_CHARS
        || text.contains(['@', ':', '/', '|', '?', '!', '&', '©', '+'])
        || text.bytes().any(|b| b.is_ascii_digit())
        || !(2..=5).contains(&text.split_whitespace().count())
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van"
                | "von"
                | "de"
                | "der"
                | "den"
                | "del"
                | "della"
                | "la"
                | "le"
                | "du"
                | "da"
                | "di"
                | "dos"
                | "das"
                | "bin"
                | "al"
                | "ter"
                | "ten"
        )
    };
    let capitalised = words.iter().filter(|w| !particle(w)).all(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c.is_alphabetic() || "-'’.".contains(c))
    });
    let all_caps = words.iter().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    // "Senior Consultant" is a title however it is capitalised; Dean is a name as often as a rank.
    let not_a_name = |w: &str| NOT_NAME_WORDS.contains(&w) || (is_title_word(w) && w != "dean");
    capitalised && !all_caps && !words.iter().any(|w| not_a_name(w.trim_matches('.').to_lowercase().as_str()))
}

pub(super) fn looks_like_title(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = || lower.split(|c: char| !c.is_alphanumeric() && c != '-');
    text.chars().count() <= 100
        // An address is no title; "Head of Logistics @ Contoso" is one.
        && !text.split_whitespace().any(|w| w.contains('@') && w != "@")
        && digits(text) < 4
        // "Account Manager on call 24/7" is a promise, "Sales in 40 countries" a boast; "CEO at
        // 37signals" and "Tier 1 Support" are titles.
        && !text.split_whitespace().any(|w| digits(w) >= 2 && !w.chars().any(char::is_alphabetic))
        && words().any(is_title_word)
        // A sentence, not a title: "We help sales teams grow", "Our account managers advise you".
        && !words().any(|w| SENTENCE_WORDS.contains(&w))
}

/// Pronouns no job title holds; "it" is left out, as "Head of IT" is one.
const SENTENCE_WORDS: &[&str] = &["we", "our", "ours", "you", "your", "yours", "us", "they", "their", "my", "me"];

/// Words of a department or a sales region: "VP Sales, EMEA" and "Partner, Tax & Audit" name no
/// employer after the comma.
const UNIT_WORDS: &[&str] = &[
    "emea",
    "apac",
    "amer",
    "americas",
    "latam",
    "dach",
    "nordics",
    "benelux",
    "europe",
    "asia",
    "pacific",
    "africa",
    "middle",
    "east",
    "north",
    "south",
    "west",
    "western",
    "eastern",
    "central",
    "northern",
    "southern",
    "america",
    "global",
    "worldwide",
    "international",
    "national",
    "regional",
    "region",
    "uk",
    "us",
    "usa",
    "ireland",
    "finance",
    "tax",
    "audit",
    "legal",
    "engineering",
    "research",
    "strategy",
    "communications",
    "talent",
    "growth",
    "revenue",
    "design",
    "data",
    "security",
    "compliance",
    "risk",
    "partnerships",
    "people",
    "hr",
    "it",
    "human",
    "resources",
    "customer",
    "success",
    "investor",
    "relations",
    "board",
    "public",
    "corporate",
    "enterprise",
    "digital",
    "technology",
    "innovation",
    "platform",
    "infrastructure",
    "analytics",
    "brand",
    "content",
    "events",
    "retail",
    "private",
    "banking",
    "wealth",
    "equity",
    "litigation",
    "real",
    "estate",
    "strategic",
    "accounts",
    "channel",
    "alliances",
    "field",
    "inside",
    "and",
    "of",
    "the",
    "&",
    // Industries, as company pages and profiles label them ("Logistics & Supply Chain").
    "logistics",
    "supply",
    "chain",
    "manufacturing",
    "software",
    "consulting",
    "healthcare",
    "education",
    "hospitality",
    "construction",
    "insurance",
    "transportation",
    "telecommunications",
    "media",
    "advertising",
    "automotive",
    "energy",
    "utilities",
    "pharmaceuticals",
    "biotechnology",
    "government",
    "nonprofit",
    "agriculture",
    "food",
    "beverages",
    "travel",
    "tourism",
    "internet",
    "information",
    "services",
    "staffing",
    "recruiting",
    "wholesale",
];

/// Words that may join the capitalised words of a company's name ("Bank of America").
const NAME_JOINERS: &[&str] = &["of", "and", "&", "the", "de", "du", "des", "la", "le", "und", "y", "e", "for", "+"];

/// A name as companies write theirs: capitalised words (or a domain, "monday.com"), joined by a
/// few small words; not the rest of a sentence ("JP Morgan said…").
pub(super) fn capitalised_name(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let opens = words
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) || w.contains('.'));
    opens
        && words.all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric())
                || NAME_JOINERS.contains(&w)
        })
}

/// What a link or button under a card says, which names no employer.
const LINK_WORDS: &[&str] = &[
    "read", "more", "learn", "view", "see", "full", "bio", "profile", "contact", "email", "follow", "website", "visit",
];

/// Whether the text after a title names its employer ("Chief Revenue Officer, Datamesh"): a short
/// capitalised name that is no title, department, region, place or credential, nor an address,
/// a date or a link's words.
pub(super) fn looks_like_employer(text: &str) -> bool {
    let words = text.split_whitespace();
    let link_word = |w: &str| LINK_WORDS.contains(&w.to_lowercase().as_str());
    let unit = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_lowercase();
        w.is_empty() || UNIT_WORDS.contains(&w.as_str())
    };
    (1..=6).contains(&words.clone().count())
        && text.chars().count() <= MAX_NAME_CHARS
        && capitalised_name(text)
        && !text.contains(['@', '/', ':', '(', ')'])
        && digits(text) < 3
        && !looks_like_title(text)
        && !words.clone().all(unit)
        && !words.clone().any(link_word)
        && !is_suffix(text)
        && !time_ago(text)
        && !text.split(',').any(is_place)
}

/// "2d", "5h • Edited", "3mo": how long ago a post was written, as feeds show it ("3M" is a company).
fn time_ago(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let unit = first.trim_start_matches(|c: char| c.is_ascii_digit());
    unit.len() < first.len() && unit.len() <= 3 && unit.chars().all(|c| c.is_ascii_lowercase())
}

/// A job-title word, German compounds included ("Vertriebsleiterin", "Geschäftsführerin").
fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word) || word.chars().count() > 6 && TITLE_ENDINGS.iter().any(|end| word.ends_with(end))
}

/// Each name's card: climbing from the name, the highest ancestor (within a few levels) that holds
/// no other name.
/// A name's own element is its card when its parent already holds another name (a contact page's
/// lines, one person each).
fn cards<'f>(doc: &Html, found: &'f [Found]) -> Vec<(NodeId, NodeId, &'f Named)> {
    let names: Vec<(NodeId, &Named)> = found
        .iter()
        .filter_map(|f| match &f.signal {
            Signal::Name(named) => Some((f.at, named)),
            _ => None,
        })
        .collect();
    let mut names_below: HashMap<NodeId, usize> = HashMap::new();
    for (at, ..) in &names {
        if let Some(node) = doc.tree.get(*at) {
            for a in std::iter::once(node).chain(node.ancestors()) {
                *names_below.entry(a.id()).or_default() += 1;
            }
        }
    }
    names
        .iter()
        .filter_map(|&(at, named)| {
            let node = doc.tree.get(at)?;
            ElementRef::wrap(node).filter(|e| !matches!(e.value().name(), "body" | "html" | "main"))?;
            // A line naming several people is the card of each.
            let mut card = node;
            for a in node.ancestors().take(MAX_CARD_LEVELS) {
                let Some(e) = ElementRef::wrap(a) else { break };
                if names_below.get(&a.id()) != Some(&1) || matches!(e.value().name(), "body" | "html" | "main") {
                    break;
                }
                // A card ends with its section: a block under its own heading ("Sales") does not
                // take in the blocks beside it under theirs ("Head office" and its switchboard).
                // The name's own heading is no section's (`<h5>Name</h5><h6>Senior Buyer</h6>`).
                if has_heading(card, false) && a.children().any(|c| c.id() != card.id() && has_heading(c, true)) {
                    break;
                }
                card = a;
            }
            Some((card.id(), at, named))
        })
        .collect()
}

/// How many elements of a block are searched for a heading: a card is small, a page's main
/// column is not worth reading to the end.
const HEADING_SEARCH: usize = 200;

/// Whether a node is a section heading (`itself`), or holds one.
fn has_heading(node: ego_tree::NodeRef<Node>, itself: bool) -> bool {
    let heading = |n: ego_tree::NodeRef<Node>| {
        n.value().as_element().is_some_and(|e| matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    node.descendants().skip(usize::from(!itself)).take(HEADING_SEARCH).any(heading)
}

/// A title line without what leads into it or follows it: "– Founder & Head Baker. Hannah trained
/// in Lyon…" is "Founder & Head Baker". A period after a single word ("Sr. Director") is no
/// sentence's end.
fn first_sentence(line: &str) -> &str {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || "–—-:|,·•(".contains(c));
    let end = line.match_indices(". ").map(|(i, _)| i).find(|&i| line[..i].split_whitespace().count() >= 2);
    let line = end.map_or(line, |i| &line[..i]).trim_end_matches(['.', ':', ',', ' ']);
    // "(Purchasing Manager)" once its opening bracket is gone.
    if line.contains('(') {
        line
    } else {
        line.trim_end_matches(')')
    }
}

/// The first line after the name, inside the card, that reads like a job title, and the employer
/// when the line after it names one ("VP Marketing<br>Brightlane").
fn title_in(doc: &Html, card: NodeId, name_at: NodeId) -> (Option<String>, Option<String>) {
    let Some(card) = doc.tree.get(card).and_then(ElementRef::wrap) else { return (None, None) };
    let mut after_name = false;
    // A title set above the name (`<span class="eyebrow">Chief Executive Officer</span><h3>…`),
    // kept in case none follows it.
    let mut above: Option<String> = None;
    let mut title: Option<String> = None;
    for node in card.descendants() {
        if node.id() == name_at {
            after_name = true;
            continue;
        }
        let Node::Text(t) = node.value() else { continue };
        if node.ancestors().any(|a| a.id() == name_at) {
            continue;
        }
        let Some(line) = clean(t).map(|l| first_sentence(&l).to_string()) else { continue };
        if let Some(title) = title {
            // "Head of Logistics at Ferro Trasporti" names its employer itself.
            if super::finish::role_and_employer(&title).is_some() {
                return (Some(title), None);
            }
            let linked = node
                .ancestors()
                .take(2)
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "a" | "button"));
            return (Some(title), (!linked && looks_like_employer(&line)).then_some(line));
        }
        // Markup that says what it holds (`class="field-title"`, `job-title`, `position`) is
        // believed whatever the words ("Lecturer", "Partner").
        let classed = node.ancestors().take(3).filter_map(ElementRef::wrap).any(titled_class);
        let is_title = looks_like_title(&line) || classed && plausible_title(&line);
        if !after_name {
            if is_title {
                above = Some(line);
            }
            continue;
        }
        if is_title {
            title = Some(line);
            continue;
        }
        // "…, Directrice commerciale – marie@acme.fr": a short line of details may hold one.
        if t.len() <= MAX_DETAILS_LINE {
            let role = role_in(segments(t).map(first_sentence), usize::MAX);
            if role.0.is_some() {
                return role;
            }
        }
    }
    (title.or(above), None)
}

fn group(doc: &Html, found: Vec<Found>, out: &mut Collector) {
    let cards = cards(doc, &found);
    // The details of a line naming several people go to the first named.
    let mut card_index: HashMap<NodeId, usize> = HashMap::new();
    for (i, (card, ..)) in cards.iter().enumerate() {
        card_index.entry(*card).or_insert(i);
    }
    let card_of = |at: NodeId| -> Option<usize> {
        let node = doc.tree.get(at)?;
        std::iter::once(node).chain(node.ancestors()).find_map(|a| card_index.get(&a.id()).copied())
    };
    let mut people: Vec<Contact> = cards
        .iter()
        .map(|&(card, at, named)| {
            let (title, company) = match &named.title {
                Some(title) => (Some(title.clone()), named.company.clone()),
                None => {
                    let (title, company) = title_in(doc, card, at);
                    (title, named.company.clone().or(company))
                }
            };
            Contact {
                name: Some(sourced(named.name.clone())),
                title: title.map(sourced),
                company: company.map(sourced),
                ..Contact::default()
            }
        })
        .collect();
    let mut loose = Contact::default();
    let mut org_emails = Vec::new();
    let mut org_phones = Vec::new();
    for f in found {
        let owner = card_of(f.at);
        match (f.signal, owner) {
            (Signal::Name(..), _) => {}
            (Signal::Email(e), _) if e.is_role() => push_unique(&mut org_emails, sourced(e)),
            (Signal::Email(e), Some(i)) => push_unique(&mut people[i].emails, sourced(e)),
            (Signal::Email(e), None) => push_unique(&mut loose.emails, sourced(e)),
            (Signal::Phone(p), Some(i)) if p.label != Some(PhoneLabel::Switchboard) => {
                push_unique(&mut people[i].phones, sourced(p))
            }
            (Signal::Phone(p), _) => push_unique(&mut org_phones, sourced(p)),
            (Signal::Profile(p, named), Some(i)) => {
                let person = &mut people[i];
                if named.is_none_or(|n| person.name.as_ref().is_some_and(|own| own.value == n)) {
                    push_unique(&mut person.profiles, sourced(p));
                }
            }
            (Signal::Profile(p, _), None) => push_unique(&mut loose.profiles, sourced(p)),
            (Signal::LinkName(n), None) if loose.name.is_none() => loose.name = Some(sourced(n)),
            (Signal::LinkName(_), _) => {}
        }
    }
    // A name alone in a heading is not yet a contact: a card must say something more about them.
    people.retain(|p| p.title.is_some() || !p.emails.is_empty() || !p.phones.is_empty() || !p.profiles.is_empty());
    for person in people {
        out.add_contact(person);
    }
    // Loose personal emails are people we know only by address; loose profiles are usually the
    // site's own accounts, so they are kept only beside a loose personal email.
    for email in loose.emails.drain(..) {
        let name = loose.name.take();
        out.add_contact(Contact { name, emails: vec![email], ..Contact::default() });
    }
    out.absorb_organization(Organization { emails: org_emails, phones: org_phones, ..Organization::default() });
}

fn push_unique<T: PartialEq>(list: &mut Vec<Sourced<T>>, value: Sourced<T>) {
    if !list.iter().any(|v| v.value == value.value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::capture_page;

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
    fn cloudflare_protected_addresses_are_read() {
        let hide = |email: &str, key: u8| {
            std::iter::once(key).chain(email.bytes().map(|b| b ^ key)).map(|b| format!("{b:02x}")).collect::<String>()
        };
        let html = format!(
            r#"<html lang="en"><body><div class="card"><h3>Jane Doe</h3><p>Head of Sales</p>
            <a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="{}">[email&#160;protected]</a></div>
            <div class="card"><h3>John Roe</h3><p>Buyer</p><a href="/cdn-cgi/l/email-protection#{}">Email John</a></div>
            <span data-cfemail="zz12">[email protected]</span></body></html>"#,
            hide("jane.doe@acme.com", 0x5a),
            hide("john.roe@acme.com", 0xe1),
        );
        let c = capture_page(&html, "https://acme.com/team", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person("Jane Doe", Some("Head of Sales"), &["jane.doe@acme.com"], &[]),
                person("John Roe", Some("Buyer"), &["john.roe@acme.com"], &[]),
            ],
            "and a damaged one is skipped"
        );
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
    fn names_are_capitalised_words_not_section_titles() {
        for yes in [
            "Jane Doe",
            "María José García",
            "Jean-Luc Picard",
            "Ludwig van Beethoven",
            "J. R. Smith",
            "Seán O'Brien",
            "Dean Martin",
        ] {
            assert!(looks_like_name(yes), "{yes}");
        }
        for no in [
            "Our Team",
            "Contact Us",
            "JANE DOE",
            "jane doe",
            "Madonna",
            "Read more about Jane",
            "Acme Inc",
            "Q3 2024 Results",
            "Senior Consultant",
            "Head of Operations",
            "Email Tomás",
        ] {
            assert!(!looks_like_name(no), "{no}");
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
        ] {
            assert_eq!(phone_label(label), Some(kind), "{label}");
        }
    }

    #[test]
    fn a_contact_page_s_lines_each_name_a_person_with_their_title() {
        let html = r#"<html lang="fr"><body><h1>Contactez-nous</h1>
            <p>Pour toute question, appelez le <strong>01 23 45 67 89</strong> ou écrivez à contact@dupont-fils.fr.</p>
            <p><strong>Marie Dupont</strong>, Directrice commerciale – marie.dupont@dupont-fils.fr – Tél. portable : 06 12 34 56 78</p>
            <p>Jean-Pierre Lefèvre, Responsable achats : jp.lefevre(at)dupont-fils.fr</p>
            <p>Par Claire Martin, le 3 mars 2024</p>
            <p>Anne Roux rejoint l'équipe commerciale en 2019 après dix ans chez un grand distributeur, où elle dirigeait les achats de la région ; elle a depuis ouvert nos bureaux de Lyon.</p>
            </body></html>"#;
        let c = capture_page(html, "https://example.org/contact", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person(
                    "Marie Dupont",
                    Some("Directrice commerciale"),
                    &["marie.dupont@dupont-fils.fr"],
                    &["+33612345678"]
                ),
                person("Jean-Pierre Lefèvre", Some("Responsable achats"), &["jp.lefevre@dupont-fils.fr"], &[]),
            ],
            "a byline and a paragraph of prose name nobody to call; a French page's numbers are French"
        );
        let org = c.organization.expect("the page's own details");
        assert_eq!(org.emails[0].value.as_str(), "contact@dupont-fils.fr");
        assert_eq!(org.phones[0].value.e164.as_ref().map(|e| e.as_str()), Some("+33123456789"));
    }

    #[test]
    fn a_site_builder_s_team_columns_each_become_a_person_dialled_in_the_site_s_country() {
        // Elementor's markup: name, title and details each in a widget of their own; the site
        // builder's default `lang="en-US"` on an Irish business's site.
        let column = |name: &str, title: &str, details: &str| {
            format!(
                r#"<div class="elementor-column"><div class="elementor-widget-wrap">
                <div class="elementor-widget-image"><img src="/p.jpg" alt=""></div>
                <div class="elementor-widget-heading"><h3 class="elementor-heading-title">{name}</h3></div>
                <div class="elementor-widget-text-editor"><p>{title}</p></div>
                <div class="elementor-widget-icon-list"><ul>{details}</ul></div></div></div>"#
            )
        };
        let html = format!(
            r#"<html lang="en-US"><body><h2>Meet the team</h2>{}{}
            <footer><p>T: +353 1 661 0000 · <a href="mailto:info@brightpath.ie">info@brightpath.ie</a></p></footer>
            </body></html>"#,
            column(
                "Sarah O'Connell",
                "Managing Director",
                r#"<li><a href="mailto:sarah.oconnell@brightpath.ie">sarah.oconnell@brightpath.ie</a></li>
                <li><a href="tel:+35316612345">+353 1 661 2345</a></li>"#
            ),
            column(
                "Tomás Byrne",
                "Senior Consultant, Operations",
                r#"<li><a href="mailto:tomas.byrne@brightpath.ie">Email Tomás</a></li><li>Mobile: 087 123 4567</li>"#
            ),
        );
        let c = capture_page(&html, "https://www.brightpath.ie/team/", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person(
                    "Sarah O'Connell",
                    Some("Managing Director"),
                    &["sarah.oconnell@brightpath.ie"],
                    &["+35316612345"]
                ),
                person(
                    "Tomás Byrne",
                    Some("Senior Consultant, Operations"),
                    &["tomas.byrne@brightpath.ie"],
                    &["+353871234567"]
                ),
            ],
            "one number written twice is one; a national number read as Irish, as the page's others are"
        );
        let org = c.organization.expect("the switchboard and inbox");
        assert_eq!(
            org.phones.iter().map(|p| p.value.e164.as_ref().map(|e| e.as_str())).collect::<Vec<_>>(),
            [Some("+35316610000")]
        );
    }

    /// A contact as (name, title, emails, E.164 numbers).
    type Seen = (String, Option<String>, Vec<String>, Vec<Option<String>>);

    fn people(c: &crate::capture::Capture) -> Vec<Seen> {
        c.contacts
            .iter()
            .map(|p| {
                (
                    p.name.as_ref().map_or(String::new(), |n| n.value.clone()),
                    p.title.as_ref().map(|t| t.value.clone()),
                    p.emails.iter().map(|e| e.value.as_str().to_string()).collect(),
                    p.phones.iter().map(|p| p.value.e164.as_ref().map(|e| e.as_str().to_string())).collect(),
                )
            })
            .collect()
    }

    fn person(name: &str, title: Option<&str>, emails: &[&str], phones: &[&str]) -> Seen {
        (
            name.to_string(),
            title.map(str::to_string),
            emails.iter().map(|e| e.to_string()).collect(),
            phones.iter().map(|p| Some(p.to_string())).collect(),
        )
    }

    #[test]
    fn a_staff_directory_table_is_a_person_a_row() {
        let html = r#"<html lang="en"><body><h1>Staff Directory</h1><table>
            <thead><tr><th>Last Name</th><th>First Name</th><th>Position</th><th>Phone</th><th>Email</th></tr></thead>
            <tbody><tr><td>Roe</td><td>Jane</td><td>Director of Finance</td><td>(312) 555-0100 ext. 12</td>
              <td><a href="mailto:jroe@springfield.gov">jroe@springfield.gov</a></td></tr>
            <tr><td>Nair</td><td>Priya</td><td>Procurement Officer</td><td>312.555.0101</td><td>pnair@springfield.gov</td></tr>
            <tr><td colspan="5">Updated 2024</td></tr></tbody></table>
            <table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td><td>Jane Roe</td></tr></table>
            </body></html>"#;
        let c = capture_page(html, "https://www.springfield.gov/staff", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person("Jane Roe", Some("Director of Finance"), &["jroe@springfield.gov"], &["+13125550100"]),
                person("Priya Nair", Some("Procurement Officer"), &["pnair@springfield.gov"], &["+13125550101"]),
            ],
            "an English page with nothing else to place it dials North American numbers"
        );
        assert_eq!(c.contacts[0].phones[0].value.extension.as_deref(), Some("12"));
        // A header under rows of data is no header.
        let late = r#"<table><tr><td>2023</td></tr><tr><td>2024</td></tr><tr><th>Name</th><th>Email</th></tr>
            <tr><td>Zed Alpha</td><td>zed@alpha.example</td></tr></table>"#;
        let c = capture_page(late, "https://www.springfield.gov/history", chrono::Utc::now());
        assert!(c.contacts.iter().all(|p| p.name.is_none()), "{:?}", people(&c));
    }

    #[test]
    fn a_role_or_contact_label_names_the_people_after_it() {
        let html = r#"<html lang="de"><body><h1>Impressum</h1>
            <p>Geschäftsführer: Dr. Hans Müller, Petra Schmidt</p>
            <p>Telefon: +49 (0) 89 123456-0<br>Telefax: +49 (0) 89 123456-99<br>E-Mail: info@mueller.de</p>
            <p>Vertrieb: Thomas Weber, Tel. 089 123456-21, thomas.weber@mueller.de</p>
            <p>Ansprechpartner: Jana Klein, jana.klein@mueller.de</p>
            <p>Vertriebsleiterin: Anna Berg, anna.berg@mueller.de</p>
            <p>Registergericht: Amtsgericht München, HRB 123456</p></body></html>"#;
        let c = capture_page(html, "https://www.mueller.de/impressum", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person("Dr. Hans Müller", Some("Geschäftsführer"), &[], &[]),
                person("Petra Schmidt", Some("Geschäftsführer"), &[], &[]),
                person("Thomas Weber", Some("Vertrieb"), &["thomas.weber@mueller.de"], &["+498912345621"]),
                person("Jana Klein", None, &["jana.klein@mueller.de"], &[]),
                person("Anna Berg", Some("Vertriebsleiterin"), &["anna.berg@mueller.de"], &[]),
            ]
        );
        let org = c.organization.unwrap();
        let labels: Vec<_> = org.phones.iter().map(|p| p.value.label).collect();
        assert_eq!(labels, [Some(PhoneLabel::Office), Some(PhoneLabel::Fax)]);
    }

    #[test]
    fn a_directory_s_fields_say_what_they_hold() {
        let row = |name: &str, title: &str, email: &str| {
            format!(
                r#"<div class="views-row"><div class="field-name"><a href="/p">{name}</a></div>
                <div class="field-title">{title}</div><div class="field-email"><a href="mailto:{email}">{email}</a></div></div>"#
            )
        };
        let html = format!(
            r#"<html lang="en"><body><h1>Faculty</h1><h2>Paris, France</h2><div>{}</div></body></html>"#,
            [
                row("Doe, John", "Professor of Economics", "jdoe@stateu.edu"),
                row("Rosa García-Ortiz", "Lecturer", "rgarcia@stateu.edu")
            ]
            .concat(),
        );
        let c = capture_page(&html, "https://www.stateu.edu/faculty", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person("John Doe", Some("Professor of Economics"), &["jdoe@stateu.edu"], &[]),
                person("Rosa García-Ortiz", Some("Lecturer"), &["rgarcia@stateu.edu"], &[]),
            ],
            "a name field may put the family name first, a heading may not; a title field may hold any title"
        );
    }

    #[test]
    fn a_name_line_followed_by_a_title_line_is_a_person_whatever_the_tags() {
        let member = |name: &str, role: &str, profile: &str| {
            format!(
                r#"<div class="team-member"><img src="a.jpg" alt="{name}"><a class="team-member__link" href="/t">{name}</a>
                <span class="team-member__role">{role}</span><a href="{profile}">in</a></div>"#
            )
        };
        let html = format!(
            r#"<html lang="en"><body><nav><a href="/">Home</a><a href="/blog">Blog</a></nav><section>{}{}</section>
            <p><a href="/p">Maria Silva</a> <span>wrote 3 posts</span></p></body></html>"#,
            member("Jane Doe", "Co-founder &amp; CEO", "https://www.linkedin.com/in/janedoe"),
            member("Li Wei", "Designer", "https://twitter.com/liwei"),
        );
        let c = capture_page(&html, "https://fjordlabs.io/team", chrono::Utc::now());
        let seen: Vec<_> = c
            .contacts
            .iter()
            .map(|p| {
                let title = p.title.as_ref().map(|t| t.value.as_str());
                (p.name.as_ref().unwrap().value.as_str(), title, p.profiles[0].value.id.as_str())
            })
            .collect();
        assert_eq!(
            seen,
            [("Jane Doe", Some("Co-founder & CEO"), "janedoe"), ("Li Wei", Some("Designer"), "liwei")],
            "a title by its words or its class; a name followed by anything else is no card"
        );
    }

    #[test]
    fn a_title_set_above_the_name_is_theirs_when_none_follows() {
        let card = |title: &str, name: &str, after: &str| {
            format!(
                r#"<div class="leader"><span class="eyebrow">{title}</span><h3>{name}</h3>{after}<a href="mailto:{}@orbit.example">Email</a></div>"#,
                name.to_lowercase().replace(' ', ".")
            )
        };
        let html = format!(
            "<html lang=\"en\"><body><h2>Leadership</h2>{}{}</body></html>",
            card("Chief Executive Officer", "Maya Lindqvist", ""),
            card("Board", "Tom Okafor", "<p>Chief Financial Officer</p>"),
        );
        let c = capture_page(&html, "https://orbit.example/leadership", chrono::Utc::now());
        let titles: Vec<_> = c.contacts.iter().map(|p| p.title.as_ref().map(|t| t.value.as_str())).collect();
        assert_eq!(titles, [Some("Chief Executive Officer"), Some("Chief Financial Officer")], "one below wins");
    }

    #[test]
    fn a_title_in_running_text_ends_with_its_sentence() {
        let html = r#"<html lang="en-GB"><body><h2>The people behind the bread</h2>
            <p><strong>Hannah Lowe</strong> – Founder &amp; Head Baker. Hannah trained in Lyon and still shapes every loaf.</p>
            <p><strong>Mark Ellis</strong> – Sr. Operations Manager. Talk to Mark about wholesale: <a href="mailto:mark@kettle.co.uk">mark@kettle.co.uk</a></p>
            </body></html>"#;
        let c = capture_page(html, "https://www.kettle.co.uk/about", chrono::Utc::now());
        let titles: Vec<_> = c.contacts.iter().map(|c| c.title.as_ref().map(|t| t.value.as_str())).collect();
        assert_eq!(titles, [Some("Founder & Head Baker"), Some("Sr. Operations Manager")]);
    }

    #[test]
    fn the_site_s_staff_work_there_and_its_own_name_is_no_person() {
        let card = |name: &str, title: &str, email: &str| {
            format!(
                r#"<figure><figcaption><p><strong>{name}</strong></p><p>{title}</p><p><a href="mailto:{email}">Email</a></p></figcaption></figure>"#
            )
        };
        let html = format!(
            r#"<html lang="en-US"><head><meta property="og:site_name" content="Northwind Analytics"></head><body>{}{}{}
            <footer><p>Northwind Analytics · 500 Howard St, San Francisco · <a href="tel:+14155550199">(415) 555-0199</a></p></footer></body></html>"#,
            card("Grace Hopper", "Chief Executive Officer", "grace@northwind.io"),
            card("Alan Turing", "VP Engineering", "alan@mail.northwind.io"),
            card("Ada Lovelace", "Advisor", "ada@lovelace.example"),
        );
        let c = capture_page(&html, "https://www.northwind.io/team", chrono::Utc::now());
        let companies: Vec<_> = c
            .contacts
            .iter()
            .map(|p| (p.name.as_ref().unwrap().value.as_str(), p.company.as_ref().map(|c| c.value.as_str())))
            .collect();
        assert_eq!(
            companies,
            [("Grace Hopper", Some("Northwind Analytics")), ("Alan Turing", None), ("Ada Lovelace", None)],
            "only an address at the site's own domain says so"
        );
        let org = c.organization.unwrap();
        assert_eq!(
            org.phones.iter().map(|p| p.value.e164.as_ref().map(|e| e.as_str())).collect::<Vec<_>>(),
            [Some("+14155550199")]
        );
    }

    #[test]
    fn team_cards_become_people_and_shared_details_the_organisation() {
        let html = r#"<body><h1>Our Team</h1><div class="grid">
          <div class="member"><img src="a.jpg"><h3>Anna Schmidt</h3><p>Geschäftsführerin / Managing Director</p>
            <p>Direct: +49 89 1234 5670</p><a href="mailto:anna.schmidt@beispiel.de">E-Mail</a>
            <a href="https://www.linkedin.com/in/anna-schmidt-muc">LinkedIn</a></div>
          <div class="member"><h3>Jonas Weber</h3><p>Head of Sales</p><p>jonas.weber [at] beispiel [dot] de</p></div>
          <div class="member"><h3>Lena Fischer</h3><p>Loves hiking and coffee.</p></div>
        </div><footer>Zentrale: +49 89 1234 5600 · info@beispiel.de
          <a href="https://www.linkedin.com/company/beispiel">Follow us</a></footer></body>"#;
        let c = capture_page(html, "https://beispiel.de/team", chrono::Utc::now());
        let names: Vec<String> = c.contacts.iter().filter_map(|p| p.display_name()).collect();
        assert_eq!(names, ["Anna Schmidt", "Jonas Weber"], "Lena's card says nothing a rep can use");
        let anna = &c.contacts[0];
        assert_eq!(anna.title.as_ref().unwrap().value, "Geschäftsführerin / Managing Director");
        assert_eq!(anna.emails[0].value.as_str(), "anna.schmidt@beispiel.de");
        assert_eq!(anna.phones[0].value.label, Some(PhoneLabel::Direct));
        assert_eq!(anna.profiles[0].value.id, "anna-schmidt-muc");
        assert_eq!(c.contacts[1].emails[0].value.as_str(), "jonas.weber@beispiel.de");
        assert_eq!(c.contacts[1].title.as_ref().unwrap().value, "Head of Sales");
        let org = c.organization.unwrap();
        assert_eq!(org.emails[0].value.as_str(), "info@beispiel.de");
        assert_eq!(org.phones[0].value.label, Some(PhoneLabel::Switchboard));
    }

    #[test]
    fn a_lone_mailto_with_a_name_is_a_contact() {
        let html = r#"<p>Questions? <a href="mailto:Sam%20Lee%20%3Csam.lee@acme.io%3E,ops@acme.io?subject=Hi">Sam Lee</a></p>"#;
        let c = capture_page(html, "https://acme.io/contact", chrono::Utc::now());
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].display_name().as_deref(), Some("Sam Lee"));
        assert_eq!(c.contacts[0].emails[0].value.as_str(), "sam.lee@acme.io");
        assert_eq!(c.organization.unwrap().emails[0].value.as_str(), "ops@acme.io");
    }

    /// Name, title and company of each contact, as a rep would read them.
    fn roles(c: &crate::capture::Capture) -> Vec<(String, Option<String>, Option<String>)> {
        let v = |f: &Option<Sourced<String>>| f.as_ref().map(|x| x.value.clone());
        c.contacts.iter().map(|p| (v(&p.name).unwrap_or_default(), v(&p.title), v(&p.company))).collect()
    }

    fn role(name: &str, title: Option<&str>, company: Option<&str>) -> (String, Option<String>, Option<String>) {
        (name.to_string(), title.map(str::to_string), company.map(str::to_string))
    }

    #[test]
    fn a_press_release_s_quoted_and_contact_people_and_a_signature_are_read_line_by_line() {
        let html = r#"<html lang="en"><head><meta property="og:site_name" content="Business Wire"></head><body>
            <p>"We are thrilled," said Maria Gonzalez, Chief Executive Officer of Acme Robotics.</p>
            <h3>Contacts</h3>
            <p>Media Contact:<br>Jennifer Walsh<br>Director of Communications, Acme Robotics<br>jwalsh@acmerobotics.com<br>(617) 555-0142</p>
            <p>Investor Relations:<br>Tom Becker, Becker PR<br>tom@beckerpr.com<br>+1 212 555 0199</p>
            <p>Registered office:<br>Harbour House<br>Queens Road<br>info@acmerobotics.com</p>
            <p>Best regards,<br>David Chen | VP of Sales | Northwind Traders<br>Direct: +1 (415) 555-0123</p>
            </body></html>"#;
        let c = capture_page(html, "https://www.businesswire.com/news/acme", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Maria Gonzalez", Some("Chief Executive Officer"), Some("Acme Robotics")),
                role("Jennifer Walsh", Some("Director of Communications"), Some("Acme Robotics")),
                role("Tom Becker", None, Some("Becker PR")),
                role("David Chen", Some("VP of Sales"), Some("Northwind Traders")),
            ],
            "a name on a line of its own counts with a title on the next line or an address made of it; \
             'Harbour House' has neither"
        );
        let phones: Vec<Vec<Option<String>>> = people(&c).into_iter().map(|p| p.3).collect();
        assert_eq!(
            phones,
            [
                vec![],
                vec![Some("+16175550142".to_string())],
                vec![Some("+12125550199".to_string())],
                vec![Some("+14155550123".to_string())]
            ],
            "each number is the person's whose block holds it"
        );
    }

    #[test]
    fn a_person_s_card_ends_where_the_next_headed_section_begins() {
        let html = r#"<html lang="en-GB"><body><main><div class="columns">
            <div class="column"><h2>Head office</h2><address>Harbour Freight Ltd<br>Southampton SO14 3TJ</address>
              <p>T: 023 8055 1234<br>F: 023 8055 1235</p></div>
            <div class="column"><h2>Sales</h2><p>Speak to Rachel Dunn, Sales Manager<br>Tel: 023 8055 1240<br>
              <a href="mailto:rachel.dunn@harbourfreight.co.uk">rachel.dunn@harbourfreight.co.uk</a></p></div>
            </div></main></body></html>"#;
        let c = capture_page(html, "https://www.harbourfreight.co.uk/contact", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [person("Rachel Dunn", Some("Sales Manager"), &["rachel.dunn@harbourfreight.co.uk"], &["+442380551240"])],
        );
        let org_phones: Vec<_> = c
            .organization
            .unwrap()
            .phones
            .iter()
            .map(|p| p.value.e164.as_ref().unwrap().as_str().to_string())
            .collect();
        assert_eq!(org_phones, ["+442380551234", "+442380551235"], "the head office's numbers are no one's");
    }

    #[test]
    fn a_speaker_s_employer_follows_the_title_on_its_line_or_the_next() {
        let html = r#"<html lang="en"><body><h1>Speakers</h1><div class="grid">
            <div class="speaker"><h3>Anna Kowalski</h3><p>Chief Revenue Officer, Datamesh</p></div>
            <div class="speaker"><h3>Luis Fernández</h3><p>VP Marketing<br>Brightlane</p></div>
            <div class="speaker"><h3>Marco Rossi</h3><p>Head of Logistics at Ferro Trasporti</p><p>2d</p></div>
            <div class="speaker"><h3>Kim Park</h3><p>Head of Sales, EMEA</p></div>
            <div class="speaker"><h3>Ola Berg</h3><p>Director, Product Marketing</p></div>
            <div class="speaker"><h3>Eva Lind</h3><p>Account Executive</p><p>Stockholm, Sweden</p></div>
            <div class="speaker"><h3>Sam Ito</h3><p>Partner</p><a href="/sam">Read more</a></div>
            </div></body></html>"#;
        let c = capture_page(html, "https://summit.example/speakers", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Anna Kowalski", Some("Chief Revenue Officer"), Some("Datamesh")),
                role("Luis Fernández", Some("VP Marketing"), Some("Brightlane")),
                role("Marco Rossi", Some("Head of Logistics"), Some("Ferro Trasporti")),
                role("Kim Park", Some("Head of Sales, EMEA"), None),
                role("Ola Berg", Some("Director, Product Marketing"), None),
                role("Eva Lind", Some("Account Executive"), None),
                role("Sam Ito", Some("Partner"), None),
            ],
            "a region, a department, a place or a link is no employer"
        );
    }

    #[test]
    fn employers_are_told_from_what_else_follows_a_title() {
        for yes in ["Datamesh", "Becker PR", "Acme, Inc.", "3M", "Bank of America", "Acme Industries"] {
            assert!(looks_like_employer(yes), "{yes}");
        }
        for no in
            ["EMEA", "North America", "Tax & Audit", "Paris", "Lyon, France", "PhD", "Read more", "5h • Edited", "2d"]
        {
            assert!(!looks_like_employer(no), "{no}");
        }
        assert_eq!(name_ending("Speak to Rachel Dunn").as_deref(), Some("Rachel Dunn"));
        assert_eq!(name_ending("Directrice des achats chez Groupe Lumen"), None, "a title leads into a company");
        let email = |e: &str| Email::parse(e).unwrap();
        assert!(address_of("Jennifer Walsh", &email("jwalsh@acme.com")));
        assert!(address_of("Tom Becker", &email("tom@beckerpr.com")));
        assert!(address_of("José Núñez", &email("jose.nunez@acme.es")));
        assert!(!address_of("Harbour House", &email("info@acme.com")));
    }

    #[test]
    fn cards_as_site_builders_and_frameworks_write_them() {
        let html = r#"<!doctype html><html lang="en"><body><h1>Our Team</h1>
            <div class="a"><h4>Jane Alder<br><small>Chief Executive Officer</small></h4><a href="mailto:jane@acme.example">Email</a></div>
            <div class="wix"><p class="font_8"><span style="font-weight:bold">Dan Dogwood</span></p>
              <p class="font_8"><span>Sales Manager</span></p><p class="font_8"><span>+1 303 555 0144</span></p></div>
            <ul><li><b>Hal Hazel</b> (Purchasing Manager)</li></ul>
            <div class="card"><div class="card-body"><h5 class="card-title">Ivy Ironwood</h5>
              <h6 class="card-subtitle text-muted">Senior Buyer</h6>
              <a href="https://www.linkedin.com/in/ivy-ironwood/">LinkedIn</a>
              <p>Ask her about <a href="https://www.linkedin.com/in/tom-hale/">Tom Hale</a>'s talk.</p></div></div>
            </body></html>"#;
        let c = capture_page(html, "https://acme.example/team", chrono::Utc::now());
        assert_eq!(
            people(&c),
            [
                person("Jane Alder", Some("Chief Executive Officer"), &["jane@acme.example"], &[]),
                person("Dan Dogwood", Some("Sales Manager"), &[], &["+13035550144"]),
                person("Hal Hazel", Some("Purchasing Manager"), &[], &[]),
                person("Ivy Ironwood", Some("Senior Buyer"), &[], &[]),
            ]
        );
        let ivy: Vec<&str> = c.contacts[3].profiles.iter().map(|p| p.value.id.as_str()).collect();
        assert_eq!(ivy, ["ivy-ironwood"], "a profile linked as someone else's name is theirs, not hers");
    }

    #[test]
    fn labelled_fields_and_quoted_people_are_read() {
        let html = r#"<!doctype html><html lang="en"><body>
            <dl class="profile"><dt>Name</dt><dd>Dr. Rosa Quint</dd><dt>Position</dt><dd>Professor of Economics</dd>
              <dt>Email</dt><dd><a href="mailto:rquint@uni.example">rquint@uni.example</a></dd></dl>
            <table><tr><th>Name:</th><td>Omar Said</td></tr><tr><th>Title:</th><td>Buyer</td></tr>
              <tr><th>Phone:</th><td>+1 617 555 0110</td></tr></table>
            <p>Name: Li Wei<br>Role: Plant Manager<br>Email: li.wei@plant.example</p>
            <p>"We are thrilled to partner with Acme," said Maria Gonzalez, Chief Executive Officer of Acme Robotics.
              "This funding lets us grow faster in Europe and Asia, where demand has doubled."</p>
            <p>The company, founded in Boston, Massachusetts, employs 200 people.</p>
            </body></html>"#;
        let c = capture_page(html, "https://uni.example/people/rquint", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Dr. Rosa Quint", Some("Professor of Economics"), None),
                role("Omar Said", Some("Buyer"), None),
                role("Li Wei", Some("Plant Manager"), None),
                role("Maria Gonzalez", Some("Chief Executive Officer"), Some("Acme Robotics")),
            ]
        );
        let reach: Vec<(Vec<String>, Vec<Option<String>>)> = people(&c).into_iter().map(|p| (p.2, p.3)).collect();
        assert_eq!(reach[0].0, ["rquint@uni.example"]);
        assert_eq!(reach[1].1, [Some("+16175550110".to_string())]);
        assert_eq!(reach[2].0, ["li.wei@plant.example"]);
    }

    #[test]
    fn running_text_names_no_one_but_people_given_with_their_title() {
        let html = r#"<!doctype html><html lang="en"><body><article>
            <p>The company, which was founded in San Francisco, California, by two former Google engineers, now
              employs more than 300 people across offices in London, Berlin, and Singapore.</p>
            <p>Analysts at Goldman Sachs, Morgan Stanley, Senior Vice President of research at JP Morgan said demand was strong.</p>
            <p>In New York, Sales Director positions were cut by half, the report said.</p>
            <p>Thanks to our sponsors: Acme Corp, Globex Inc, Initech LLC, Umbrella Group.</p>
            <p>Indirect procurement, simplified</p>
            <p>According to Jane Smith, VP of Marketing at Globex, the launch went well.</p>
            </article></body></html>"#;
        let c = capture_page(html, "https://news.example/a", chrono::Utc::now());
        assert_eq!(roles(&c), [role("Jane Smith", Some("VP of Marketing"), Some("Globex"))]);
    }

    #[test]
    fn chief_officers_named_after_their_title_in_the_news() {
        let html = r#"<html lang="en"><body><article>
            <p>The deal was announced on Monday. "We are excited," said Globex CEO Hank Scorpio in a statement.</p>
            <p>Initech's CFO Bill Lumbergh declined to comment, while former Acme CTO Jane Roe praised the move.</p>
            <p>Interim CEO Dana Scully will lead the company until March.</p>
            <p>The CEO said the company would grow. Our CEO is great.</p>
            <p>Revenue grew 20% at Umbrella, COO Report shows.</p>
            </article></body></html>"#;
        let c = capture_page(html, "https://news.example/a", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Hank Scorpio", Some("CEO"), Some("Globex")),
                role("Bill Lumbergh", Some("CFO"), Some("Initech")),
                role("Jane Roe", Some("CTO"), Some("Acme")),
                role("Dana Scully", Some("CEO"), None),
            ],
            "'Interim' is no employer; 'COO Report' is no name"
        );
    }

    #[test]
    fn names_typed_in_capitals_count_and_headings_over_sentences_do_not() {
        let html = r#"<html lang="en"><body><h2>MEET THE TEAM</h2>
            <div class="member"><h3>JANE O'BRIEN-SMITH</h3><p>Head of Sales</p></div>
            <div class="member"><p>MARÍA DE LA CRUZ</p><p>Office Manager</p></div>
            <div class="cta"><h3>FREE CONSULTATION</h3><p>Book a call today.</p></div>
            <div class="cta"><h3>SUMMER SALE</h3></div>
            <section><h2>What We Do</h2><p>We help sales teams grow.</p></section>
            <section><h2>Expert Advice</h2><p>Our senior consultants and account managers advise you.</p></section>
            <footer><p>BOOK NOW</p><p>Account Manager on call 24/7</p></footer>
            <div class="pricing"><h3>Starter Plan</h3><p>For small sales teams</p></div></body></html>"#;
        let c = capture_page(html, "https://acme.example/about", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Jane O'Brien-Smith", Some("Head of Sales"), None),
                role("María de la Cruz", Some("Office Manager"), None)
            ],
            "a heading in capitals without a title names no one, nor one over a sentence or a promise"
        );
    }

    #[test]
    fn testimonials_name_the_customer_who_gave_them() {
        let html = r#"<html lang="en"><body><section class="testimonials">
            <figure><blockquote><p>"Setup took a day."</p></blockquote>
              <figcaption>— Tom Baker, VP Sales, Northwind Traders</figcaption></figure>
            <blockquote>"Our reps love it." <cite>Ana Lima<br>Head of Revenue Operations at Fjord Data</cite></blockquote>
            <blockquote>Great product <cite>— G2 Crowd review</cite></blockquote></section></body></html>"#;
        let c = capture_page(html, "https://saas.example/", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Tom Baker", Some("VP Sales"), Some("Northwind Traders")),
                role("Ana Lima", Some("Head of Revenue Operations"), Some("Fjord Data")),
            ]
        );
    }

    #[test]
    fn bylines_and_speakers_of_a_blog_and_its_events() {
        let html = r#"<html lang="en"><body><main><h1>Blog</h1>
            <article><h2><a href="/blog/q4">Five Ways to Fill Your Q4 Pipeline</a></h2>
              <p>By Maria Lopez · Sales Enablement Lead · 5 min read</p></article>
            <article><h2><a href="/blog/hiring">Hiring Your First Account Executive</a></h2>
              <p>By Tom Nguyen, Head of Talent</p></article>
            <aside><h3>Upcoming Events</h3><ul>
              <li>Sales Summit Berlin — Keynote by Lisa Park, Chief Revenue Officer at Datamesh</li>
              <li><strong>Revenue Leaders Dinner</strong><br>Hosted by our VP Sales</li></ul></aside>
            </main></body></html>"#;
        let c = capture_page(html, "https://acme.example/blog", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Maria Lopez", Some("Sales Enablement Lead"), None),
                role("Tom Nguyen", Some("Head of Talent"), None),
                role("Lisa Park", Some("Chief Revenue Officer"), Some("Datamesh")),
            ],
            "an event is no person"
        );
    }

    #[test]
    fn senior_titles_before_a_name_and_titles_set_off_before_one() {
        let html = r#"<html lang="en"><body><article>
            <p>"Demand doubled," said Acme Vice President Jane Doe on Tuesday.</p>
            <p>Globex's Managing Director, Arjun Mehta, said the plant would open in May.</p>
            <p>The company's CMO, Lena Fischer, added that hiring continues.</p>
            <p>Product Manager Job Description</p>
            <p>Read our Founder Story Series for more. Board Chair Mary Barra said nothing.</p>
            <p>According to the Sales Director, Northwind Traders, and others, demand rose.</p>
            <p>Our speakers: Tom Hale, Head of Sales, Rosa Diaz, CTO, and others.</p>
            </article></body></html>"#;
        let c = capture_page(html, "https://news.example/b", chrono::Utc::now());
        assert_eq!(
            roles(&c),
            [
                role("Jane Doe", Some("Vice President"), Some("Acme")),
                role("Arjun Mehta", Some("Managing Director"), Some("Globex")),
                role("Lena Fischer", Some("CMO"), None),
                role("Mary Barra", Some("Chair"), None),
                role("Tom Hale", Some("Head of Sales"), None),
                role("Rosa Diaz", Some("CTO"), None),
            ],
            "a heading or a series is no name, a board no employer; a list of names and titles keeps \
             each title with its own name"
        );
    }
}
