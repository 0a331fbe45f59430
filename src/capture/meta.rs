//! `<meta>` and `<link>` data: OpenGraph (a profile page's person, a business's contact data),
//! the site's name, and `rel=me` links (the page subject's other profiles).

use crate::capture::{Collector, Organization};
use crate::model::{Contact, Extractor, Phone, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::clean;
use scraper::{Html, Selector};
use std::collections::HashMap;

/// Sites whose name is the platform's, never the page subject's employer.
const PLATFORMS: &[&str] = &[
    "linkedin",
    "x",
    "twitter",
    "github",
    "facebook",
    "instagram",
    "youtube",
    "medium",
    "tiktok",
    "xing",
    "crunchbase",
    "wikipedia",
    "google",
    "bing",
    "yelp",
    "glassdoor",
    "indeed",
    "reddit",
    "substack",
];

pub(super) fn extract(doc: &Html, page_url: &str, out: &mut Collector) {
    let meta = properties(doc);
    let get = |k: &str| meta.get(k).and_then(|v| clean(v));
    let platform = is_platform(page_url);
    if get("og:type").is_some_and(|t| t.starts_with("profile")) {
        let name = match (get("profile:first_name"), get("profile:last_name")) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            _ => get("og:title").map(|t| t.split([' ', '|', '-', '–', '—']).take(4).collect::<Vec<_>>().join(" ")),
        };
        let profile = get("og:url").and_then(|u| SocialProfile::parse(&u)).or_else(|| SocialProfile::parse(page_url));
        // A profile page's og:title often carries more than the name: keep the first-name fields' answer,
        // else trust it only when a structured source agrees (merging happens by profile).
        if let (Some(name), Some(profile)) = (name.filter(|n| super::visible::looks_like_name(n)), profile) {
            out.add_contact(Contact {
                name: Some(sourced(name)),
                given_name: get("profile:first_name").map(sourced),
                family_name: get("profile:last_name").map(sourced),
                profiles: vec![sourced(profile)],
                ..Contact::default()
            });
        }
    }
    let business = Organization {
        name: get("og:site_name")
            .or_else(|| get("application-name"))
            .or_else(|| title_company(doc, page_url))
            .filter(|_| !platform)
            .map(sourced),
        website: get("business:contact_data:website").map(sourced),
        location: [
            "business:contact_data:locality",
            "business:contact_data:region",
            "business:contact_data:country_name",
        ]
        .iter()
        .filter_map(|k| get(k))
        .reduce(|a, b| format!("{a}, {b}"))
        .map(sourced),
        emails: get("business:contact_data:email").and_then(|e| Email::parse(&e)).map(sourced).into_iter().collect(),
        phones: get("business:contact_data:phone_number")
            .map(|number| sourced(Phone::new(number, None)))
            .into_iter()
            .collect(),
        alternatives: Vec::new(),
    };
    out.absorb_organization(business);
}

/// The people a page says wrote it (`<meta name="author">`, Dublin Core's creator, OpenGraph's
/// `article:author` when it is a name, not a link): "Jane Roe", "By Jane Roe, CNN", "Jane Roe and
/// John Doe". A publication or a desk named there is left to the name rules of the last step.
pub(super) fn authors(doc: &Html, out: &mut Collector) {
    let meta = properties(doc);
    let names = ["author", "dc.creator", "article:author"].iter().filter_map(|k| meta.get(*k)).filter_map(|v| clean(v));
    let mut seen: Vec<String> = Vec::new();
    for content in names.filter(|c| !c.contains("://")) {
        for name in super::byline::people_in(&content) {
            if seen.len() < super::byline::MAX_AUTHORS && !seen.contains(&name) {
                seen.push(name.clone());
                out.add_contact(Contact { name: Some(sourced(name)), ..Contact::default() });
            }
        }
    }
}

/// The company a page's `<title>` names beside the page's own ("Attorneys | Harlow & Pike LLP"):
/// the part that is the site's host name ("Brightpath Consulting" on brightpath.ie), else the one
/// ending with a legal form.
fn title_company(doc: &Html, page_url: &str) -> Option<String> {
    let title = doc.root_element().descendent_elements().find(|e| e.value().name() == "title")?;
    let text = clean(&title.text().take(20).collect::<String>())?;
    let parts: Vec<&str> = text
        .split(['|', '–', '—', '·', '»', '«'])
        .flat_map(|s| s.split(" - "))
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.chars().count() <= 80)
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let site: String = site_label(page_url).unwrap_or_default().chars().filter(|c| c.is_alphanumeric()).collect();
    let names_site = |part: &&str| {
        let letters: String = part.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        // Host names write "Müller" as muller or, the German way, mueller.
        let german: String = ["ä", "ö", "ü", "ß"]
            .iter()
            .zip(["ae", "oe", "ue", "ss"])
            .fold(letters.clone(), |s, (from, to)| s.replace(from, to));
        [crate::normalize::fold::fold_accents(&letters), german].iter().any(|part| {
            part.len() >= 4 && site.len() >= 4 && (part.starts_with(&site) || site.starts_with(part.as_str()))
        })
    };
    parts.iter().find(|p| names_site(p)).or_else(|| parts.iter().find(|p| company_like(p))).map(|p| p.to_string())
}

/// A few capitalised words ending with a legal form: "Harlow & Pike LLP", not "Why I left Acme Corp".
fn company_like(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    words.len() <= 5
        && words.iter().all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        && crate::normalize::has_legal_form(part)
}

/// The name a host is registered under: "brightpath" for www.brightpath.ie, "acme" for
/// shop.acme.co.uk.
fn site_label(page_url: &str) -> Option<String> {
    let url = url::Url::parse(page_url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let mut labels = host.split('.').rev().skip(1);
    let label = labels.next()?;
    let label = if label.len() <= 3 && matches!(label, "co" | "com" | "org" | "net" | "ac" | "gov" | "edu" | "ltd") {
        labels.next()?
    } else {
        label
    };
    Some(label.to_string())
}

/// `rel=me` profiles: they belong to the page's one person, if it has exactly one.
pub(super) fn rel_me(doc: &Html) -> Vec<SocialProfile> {
    let me = |e: &scraper::ElementRef| {
        matches!(e.value().name(), "link" | "a")
            && e.value()
                .attr("rel")
                .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("me")))
    };
    super::elements(doc)
        .filter(me)
        .filter_map(|e| e.value().attr("href"))
        .filter_map(SocialProfile::parse)
        .take(20)
        .collect()
}

fn sourced<T>(value: T) -> Sourced<T> {
    Sourced::new(value, Extractor::Meta)
}

fn properties(doc: &Html) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let Ok(sel) = Selector::parse("meta[content]") else { return map };
    for el in doc.select(&sel).take(500) {
        let e = el.value();
        let (Some(key), Some(content)) = (e.attr("property").or(e.attr("name")), e.attr("content")) else { continue };
        map.entry(key.trim().to_ascii_lowercase()).or_insert_with(|| content.to_string());
    }
    map
}

fn is_platform(page_url: &str) -> bool {
    url::Url::parse(page_url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)).is_some_and(|host| {
        let labels: Vec<&str> = host.split('.').collect();
        let site = labels.len().checked_sub(2).and_then(|i| labels.get(i)).copied().unwrap_or(host.as_str());
        PLATFORMS.contains(&site)
    })
}

#[cfg(test)]
mod tests {
    use crate::capture::capture_page;
    use crate::model::Extractor;

    #[test]
    fn an_opengraph_profile_is_a_person_and_the_platform_is_no_organisation() {
        let html = r#"<head><meta property="og:type" content="profile"><meta property="og:site_name" content="LinkedIn">
            <meta property="profile:first_name" content="Jane"><meta property="profile:last_name" content="Doe">
            <meta property="og:url" content="https://www.linkedin.com/in/jane-doe"></head>"#;
        let c = capture_page(html, "https://www.linkedin.com/in/jane-doe", chrono::Utc::now());
        assert_eq!(c.contacts[0].display_name().as_deref(), Some("Jane Doe"));
        assert_eq!(c.contacts[0].name.as_ref().unwrap().extractor, Extractor::Meta);
        assert!(c.organization.is_none());
    }

    #[test]
    fn the_authors_a_page_names_are_people_and_its_publication_is_not() {
        let page = |content: &str| {
            let html = format!(r#"<head><meta name="AUTHOR" content="{content}"></head><body><p>Text.</p></body>"#);
            let c = capture_page(&html, "https://news.example/story", chrono::Utc::now());
            c.contacts.iter().filter_map(|p| p.display_name()).collect::<Vec<_>>()
        };
        assert_eq!(page("By  Ed Hornick, CNN"), ["Ed Hornick"]);
        assert_eq!(page("Maggie Haberman and Shira Toeplitz"), ["Maggie Haberman", "Shira Toeplitz"]);
        assert_eq!(page("Sebastian Held, Daniel Hentschel ebrosia, Germany"), ["Sebastian Held"]);
        for none in
            ["AP", "SPIEGEL ONLINE, Hamburg, Germany", "Frankfurter Allgemeine Zeitung GmbH", "https://x.example/me"]
        {
            assert!(page(none).is_empty(), "{none}: {:?}", page(none));
        }
        let wall = r#"<head><title>Sign in | Example</title><meta name="author" content="Jane Roe"></head><body>
            <h1>Sign in to continue</h1><form><input type="password"></form></body>"#;
        let c = capture_page(wall, "https://news.example/login", chrono::Utc::now());
        assert!(c.contacts.is_empty(), "{:?}", c.contacts);
    }

    #[test]
    fn business_contact_data_fills_the_organisation() {
        let html = r#"<head><meta property="og:site_name" content="Café Lumière">
            <meta property="business:contact_data:email" content="bonjour@cafe-lumiere.fr">
            <meta property="business:contact_data:phone_number" content="+33 1 23 45 67 89">
            <meta property="business:contact_data:locality" content="Paris">
            <meta property="business:contact_data:country_name" content="France"></head>"#;
        let c = capture_page(html, "https://cafe-lumiere.fr/", chrono::Utc::now());
        let org = c.organization.unwrap();
        assert_eq!(org.name.unwrap().value, "Café Lumière");
        assert_eq!(org.emails[0].value.as_str(), "bonjour@cafe-lumiere.fr");
        assert_eq!(org.phones[0].value.number, "+33 1 23 45 67 89");
        assert_eq!(org.location.unwrap().value, "Paris, France");
    }

    #[test]
    fn the_title_names_the_company_beside_the_page() {
        let org = |title: &str, url: &str| {
            let html = format!("<head><title>{title}</title></head><body></body>");
            capture_page(&html, url, chrono::Utc::now()).organization.and_then(|o| o.name).map(|n| n.value)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            org("Attorneys | Harlow &amp; Pike LLP", "https://harlowpike.com/people"),
            some("Harlow & Pike LLP")
        );
        assert_eq!(
            org("Our Team - Brightpath Consulting", "https://www.brightpath.ie/team"),
            some("Brightpath Consulting")
        );
        assert_eq!(
            org("Impressum – Müller Maschinenbau GmbH", "https://mueller.example/impressum"),
            some("Müller Maschinenbau GmbH")
        );
        assert_eq!(
            org("Kontakt | Müller Maschinenbau", "https://www.mueller-maschinenbau.de/kontakt"),
            some("Müller Maschinenbau")
        );
        assert_eq!(org("Why I left Acme Corp | Notes", "https://jane.example/post"), None, "a sentence, not a name");
        assert_eq!(
            org("Harlow &amp; Pike LLP", "https://harlowpike.com/"),
            None,
            "nothing beside it to tell it from the page's"
        );
        assert_eq!(
            org("Jane Doe - Acme Inc | LinkedIn", "https://www.linkedin.com/in/jane"),
            None,
            "the platform's page"
        );
    }

    #[test]
    fn rel_me_links_join_the_one_person_on_the_page() {
        let html = r#"<head><link rel="me" href="https://github.com/janedoe"><link rel="me authn" href="https://x.com/jane_d"></head>
            <body><div class="h-card"><h1>Jane Doe</h1><p>Founder of Acme</p><a href="mailto:jane@acme.dev">mail</a></div></body>"#;
        let c = capture_page(html, "https://jane.dev/", chrono::Utc::now());
        assert_eq!(c.contacts.len(), 1);
        let ids: Vec<&str> = c.contacts[0].profiles.iter().map(|p| p.value.id.as_str()).collect();
        assert_eq!(ids, ["janedoe", "jane_d"]);
    }
}
