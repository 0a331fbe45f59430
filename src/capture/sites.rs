//! Site profiles: what LinkedIn, X and GitHub pages show of a person or a company, read through
//! tables of selectors. Site markup changes weekly, so each field is a fallback chain (ARIA labels
//! and stable attributes first, class names last) kept as data here, not code.

use crate::capture::{Collector, Organization};
use crate::lexicon::{self, Section};
use crate::model::{Contact, Extractor, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::text::clean;
use scraper::{ElementRef, Html, Selector};
use url::Url;

const MAX_LIST_ITEMS: usize = 1_000;

/// One way to read a field: the first element matching `css`, its text or an attribute, with a
/// leading label removed ("Current company: Acme. Click to…" gives "Acme").
pub(super) struct Pick {
    css: &'static str,
    attr: Option<&'static str>,
    /// The lexicon's labels, in every language ("Current company:").
    labels: Option<Section>,
}

pub(super) const fn text(css: &'static str) -> Pick {
    Pick { css, attr: None, labels: None }
}

/// An attribute of the element itself (a list item's `data-urn`).
pub(super) const fn own_attr(attr: &'static str) -> Pick {
    Pick { css: "", attr: Some(attr), labels: None }
}

pub(super) const fn attr(css: &'static str, attr: &'static str) -> Pick {
    Pick { css, attr: Some(attr), labels: None }
}

enum Kind {
    /// The page is one person's profile; their profile id comes from the page URL.
    Person,
    /// The page is a company's.
    Company,
    /// The page lists people: each `item` is one, its link names their profile; `employer` reads
    /// the company the list is of, for items that do not say.
    People { item: &'static str, link: &'static str, employer: &'static [Pick] },
}

struct Fields {
    name: &'static [Pick],
    title: &'static [Pick],
    company: &'static [Pick],
    location: &'static [Pick],
    email: &'static [Pick],
    website: &'static [Pick],
}

const NO_FIELDS: Fields = Fields { name: &[], title: &[], company: &[], location: &[], email: &[], website: &[] };

struct Site {
    extractor: Extractor,
    /// Registrable domains the site lives on (sub-domains included).
    domains: &'static [&'static str],
    /// Path segments of the pages it reads, `*` for any one (`&["*"]`: a user page).
    path: &'static [&'static str],
    kind: Kind,
    fields: Fields,
}

const SITES: &[Site] = &[
    Site {
        extractor: Extractor::LinkedInProfile,
        domains: &["linkedin.com"],
        path: &["in", "*"],
        kind: Kind::Person,
        fields: Fields {
            name: &[text("main h1"), text("h1.text-heading-xlarge"), text("h1.top-card-layout__title"), text("h1")],
            title: &[text("main .text-body-medium.break-words"), text("h2.top-card-layout__headline")],
            company: &[
                Pick { css: "[aria-label]", attr: Some("aria-label"), labels: Some(Section::CurrentCompanyLabels) },
                text("[data-section='currentPositionsDetails'] .top-card-link__description"),
            ],
            location: &[
                text("main section span.text-body-small.inline.t-black--light.break-words"),
                text(".top-card-layout__first-subline .top-card__subline-item"),
                text(".top-card__subline-item"),
            ],
            email: &[attr("section.pv-contact-info__contact-type a[href^='mailto:']", "href")],
            website: &[],
        },
    },
    Site {
        extractor: Extractor::LinkedInPeople,
        domains: &["linkedin.com"],
        path: &["company", "*", "people"],
        kind: Kind::People {
            item: "li.org-people-profile-card__profile-card-spacing, .org-people-profile-card, li.artdeco-list__item",
            link: "a[href*='/in/']",
            employer: &[text("h1.org-top-card-summary__title"), text("main h1")],
        },
        fields: Fields {
            name: &[text(".artdeco-entity-lockup__title"), text(".org-people-profile-card__profile-title")],
            title: &[text(".artdeco-entity-lockup__subtitle"), text(".lt-line-clamp--multi-line")],
            ..NO_FIELDS
        },
    },
    Site {
        extractor: Extractor::LinkedInCompany,
        domains: &["linkedin.com"],
        path: &["company", "*"],
        kind: Kind::Company,
        fields: Fields {
            name: &[text("h1.org-top-card-summary__title"), text("h1.top-card-layout__title"), text("main h1")],
            location: &[
                text(".inline-block .org-top-card-summary-info-list__info-item"),
                text("h3.top-card-layout__first-subline"),
            ],
            website: &[
                attr("a[data-test-id='about-us__website']", "href"),
                attr(".org-about-us-company-module__website", "href"),
                attr("dd a[href^='http']", "href"),
            ],
            ..NO_FIELDS
        },
    },
    Site {
        extractor: Extractor::XProfile,
        domains: &["x.com", "twitter.com"],
        path: &["*"],
        kind: Kind::Person,
        fields: Fields {
            name: &[text("[data-testid='UserName'] span span"), text("[data-testid='UserName'] span")],
            location: &[text("[data-testid='UserLocation']")],
            website: &[text("[data-testid='UserUrl']")],
            ..NO_FIELDS
        },
    },
    Site {
        extractor: Extractor::GitHubPeople,
        domains: &["github.com"],
        path: &["orgs"],
        kind: Kind::People {
            item: "li.member-list-item, li[data-bulk-actions-id], .org-people-list li",
            link: "a[data-hovercard-type='user'], a.css-truncate-target, a[href^='/']",
            employer: &[],
        },
        fields: Fields { name: &[text("a.f4"), text(".f4"), text("[itemprop='name']")], ..NO_FIELDS },
    },
    Site {
        extractor: Extractor::GitHubProfile,
        domains: &["github.com"],
        path: &["*"],
        kind: Kind::Person,
        fields: Fields {
            name: &[text("[itemprop='name']"), text(".vcard-fullname"), text(".p-name")],
            company: &[text("[itemprop='worksFor'] .p-org"), text("[itemprop='worksFor']"), text(".p-org")],
            location: &[
                text("[itemprop='homeLocation'] .p-label"),
                text("[itemprop='homeLocation']"),
                text(".p-label"),
            ],
            email: &[attr("[itemprop='email'] a", "href"), text("[itemprop='email']")],
            website: &[attr("[itemprop='url'] a", "href"), attr("a.u-url", "href")],
            ..NO_FIELDS
        },
    },
];

/// Reads the page with the site profile that fits its URL: `None` when none fits, else the
/// index of the person whose page it is (if it is a person's).
pub(super) fn extract(doc: &Html, page_url: &str, out: &mut Collector) -> Option<Option<usize>> {
    let url = Url::parse(page_url).ok()?;
    let site = SITES.iter().find(|s| on_site(&url, s.domains, s.path))?;
    let root = doc.root_element();
    match &site.kind {
        Kind::Person => {
            let mut contact = person(site, root);
            if let Some(profile) = SocialProfile::parse(page_url) {
                contact.profiles.insert(0, Sourced::new(profile, site.extractor));
            }
            return Some(out.add_contact(contact));
        }
        Kind::Company => out.absorb_organization(Organization {
            name: pick(root, site.fields.name).map(|v| Sourced::new(v, site.extractor)),
            website: pick(root, site.fields.website).and_then(website).map(|v| Sourced::new(v, site.extractor)),
            location: pick(root, site.fields.location).map(|v| Sourced::new(v, site.extractor)),
            ..Organization::default()
        }),
        Kind::People { item, link, employer } => {
            let (Ok(item), Ok(link)) = (Selector::parse(item), Selector::parse(link)) else { return Some(None) };
            let employer = pick(root, employer);
            for el in root.select(&item).take(MAX_LIST_ITEMS) {
                let mut contact = person(site, el);
                if contact.company.is_none() {
                    contact.company = employer.clone().map(|e| Sourced::new(e, site.extractor));
                }
                let href = el.select(&link).filter_map(|a| a.value().attr("href")).next();
                // Someone the list does not link ("LinkedIn Member") cannot be told apart.
                let Some(profile) = href.and_then(|h| url.join(h).ok()).and_then(|u| SocialProfile::parse(u.as_str()))
                else {
                    continue;
                };
                contact.profiles.push(Sourced::new(profile, site.extractor));
                out.add_contact(contact);
            }
        }
    }
    Some(None)
}

/// Sites whose pages outside the profiles are feeds, searches, messages and suggestions: their
/// text names people the rep did not open. (GitHub's other pages are repositories, whose
/// READMEs name their maintainers, and are read.)
const FEED_SITES: &[&str] = &["linkedin.com", "x.com", "twitter.com"];

/// Whether the page is a feed site's page that no profile here fits (a LinkedIn feed, search or
/// inbox): read for no one, as generic reading would take its suggestions and posts for people.
pub(super) fn on_feed_site(page_url: &str) -> bool {
    Url::parse(page_url).is_ok_and(|url| on_site(&url, FEED_SITES, &[]))
}

/// Whether a URL is on one of `domains` (sub-domains included) and its path starts with `path`
/// (`*` for any one segment; a single `*` is a whole one-segment path, a user's page).
pub(super) fn on_site(url: &Url, domains: &[&str], path: &[&str]) -> bool {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let on_domain = domains.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
    let fits = |n: usize| segments.len() >= n && path.iter().zip(&segments).all(|(p, s)| *p == "*" || p == s);
    on_domain && if path == ["*"] { segments.len() == 1 && fits(1) } else { fits(path.len()) }
}

fn person(site: &Site, root: ElementRef) -> Contact {
    let f = &site.fields;
    let sourced = |v: String| Sourced::new(v, site.extractor);
    Contact {
        name: pick(root, f.name).filter(|n| !n.contains('@')).map(sourced),
        title: pick(root, f.title).map(sourced),
        company: pick(root, f.company).map(sourced),
        location: pick(root, f.location).map(sourced),
        emails: pick(root, f.email)
            .and_then(|e| Email::parse(&e))
            .map(|e| Sourced::new(e, site.extractor))
            .into_iter()
            .collect(),
        websites: pick(root, f.website).and_then(website).map(sourced).into_iter().collect(),
        ..Contact::default()
    }
}

/// A site's link as an address: X shows "acme.dev" and links through its shortener.
fn website(shown: String) -> Option<String> {
    if shown.starts_with("https://") || shown.starts_with("http://") {
        Some(shown)
    } else {
        (shown.contains('.') && !shown.contains(char::is_whitespace)).then(|| format!("https://{shown}"))
    }
}

/// The first pick in the chain that finds a non-empty value.
pub(super) fn pick(root: ElementRef, chain: &[Pick]) -> Option<String> {
    chain.iter().find_map(|p| {
        let read = |el: ElementRef| {
            let raw = match p.attr {
                Some(a) => el.value().attr(a)?.to_string(),
                None => el.text().collect::<String>(),
            };
            let value = if let Some(labels) = p.labels {
                let rest = lexicon::words(labels).iter().find_map(|l| raw.trim().strip_prefix(l))?;
                rest.split(". ").next().unwrap_or(rest).trim_end_matches('.').to_string()
            } else {
                raw
            };
            clean(&value)
        };
        if p.css.is_empty() {
            return read(root);
        }
        let sel = Selector::parse(p.css).ok()?;
        root.select(&sel).find_map(read)
    })
}
