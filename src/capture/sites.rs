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
    /// A title only where the page pairs it with its employer (see [`Positions`]).
    title: &'static [Pick],
    company: &'static [Pick],
    /// What the person says of themselves under their name: never a title.
    headline: &'static [Pick],
    location: &'static [Pick],
    email: &'static [Pick],
    website: &'static [Pick],
}

const NO_FIELDS: Fields =
    Fields { name: &[], title: &[], company: &[], headline: &[], location: &[], email: &[], website: &[] };

/// Where a profile lists its positions (LinkedIn's Experience), newest first. Each `entry` is one
/// position, or a group of positions at one employer (LinkedIn's "2 positions at Acme": the
/// employer once, then each position's title and dates). The current position is the first whose
/// dates run to the present; its title and its employer are the contact's, together.
struct Positions {
    /// The section, or an element inside it (LinkedIn's `#experience` anchor).
    section: &'static [&'static str],
    entry: &'static str,
    title: &'static [Pick],
    /// A single position's employer ("Groupe Lumen · Full-time": what follows `·` is not).
    employer: &'static [Pick],
    /// A group's employer, read once for its positions.
    group_employer: &'static [Pick],
    dates: &'static [Pick],
}

struct Site {
    extractor: Extractor,
    /// Registrable domains the site lives on (sub-domains included).
    domains: &'static [&'static str],
    /// Path segments of the pages it reads, `*` for any one (`&["*"]`: a user page).
    path: &'static [&'static str],
    kind: Kind,
    fields: Fields,
    positions: Option<Positions>,
}

const SITES: &[Site] = &[
    Site {
        extractor: Extractor::LinkedInProfile,
        domains: &["linkedin.com"],
        path: &["in", "*"],
        kind: Kind::Person,
        fields: Fields {
            name: &[text("main h1"), text("h1.text-heading-xlarge"), text("h1.top-card-layout__title"), text("h1")],
            title: &[],
            headline: &[text("main .text-body-medium.break-words"), text("h2.top-card-layout__headline")],
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
        positions: Some(Positions {
            // Logged in: an anchor `div#experience` in the section; logged out: the section itself.
            section: &["#experience", "section[data-section='experience']", "section.experience"],
            entry: "li.artdeco-list__item, li.pvs-list__paged-list-item, li.experience-item, li.experience-group, \
                    li.experience-group-position, li.profile-section-card",
            title: &[
                text(".t-bold > span[aria-hidden='true']"),
                text(".t-bold"),
                text(".experience-item__title"),
                text(".profile-section-card__title"),
                text("h3"),
            ],
            employer: &[
                text(".t-14.t-normal:not(.t-black--light) > span[aria-hidden='true']"),
                text(".experience-item__subtitle"),
                text(".profile-section-card__subtitle"),
                text("h4"),
            ],
            group_employer: &[
                text(".experience-group-header__company"),
                text(".t-bold > span[aria-hidden='true']"),
                text(".t-bold"),
                text("h3"),
            ],
            dates: &[
                text(".t-black--light > span[aria-hidden='true']"),
                text(".pvs-entity__caption-wrapper"),
                text(".date-range"),
            ],
        }),
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
            // What a member card shows under the name is their headline, not a position.
            headline: &[text(".artdeco-entity-lockup__subtitle"), text(".lt-line-clamp--multi-line")],
            ..NO_FIELDS
        },
        positions: None,
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
        positions: None,
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
        positions: None,
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
        positions: None,
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
        positions: None,
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
    // The current position gives the title and its own employer, both or neither.
    let (title, company) = match site.positions.as_ref().and_then(|p| current_position(root, p)) {
        Some((title, employer)) => (Some(title), employer.or_else(|| pick(root, f.company))),
        None => (pick(root, f.title), pick(root, f.company)),
    };
    Contact {
        name: pick(root, f.name).filter(|n| !n.contains('@')).map(sourced),
        title: title.map(sourced),
        company: company.map(sourced),
        headline: pick(root, f.headline).map(sourced),
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

/// The first position on the page whose dates run to the present: its title and employer.
fn current_position(root: ElementRef, p: &Positions) -> Option<(String, Option<String>)> {
    let section = p.section.iter().filter_map(|css| Selector::parse(css).ok()).find_map(|s| root.select(&s).next())?;
    // An anchor inside the section stands for the section.
    let section = std::iter::once(section)
        .chain(section.ancestors().filter_map(ElementRef::wrap))
        .take(8)
        .find(|e| e.value().name() == "section")
        .unwrap_or(section);
    let entry = Selector::parse(p.entry).ok()?;
    let inside = |e: &ElementRef, outer: &ElementRef| {
        e.ancestors().take_while(|a| a.id() != outer.id()).filter_map(ElementRef::wrap).any(|a| entry.matches(&a))
    };
    let current = |e: ElementRef| pick(e, p.dates).is_some_and(|d| runs_to_present(&d));
    for item in section.select(&entry).filter(|e| !inside(e, &section)).take(MAX_LIST_ITEMS) {
        // A group's positions are the entries inside it that have dates of their own.
        let positions: Vec<ElementRef> =
            item.select(&entry).filter(|e| e.id() != item.id() && pick(*e, p.dates).is_some()).collect();
        if positions.is_empty() {
            if current(item) {
                let employer = pick(item, p.employer).map(|e| e.split(" · ").next().unwrap_or(&e).trim().to_string());
                return pick(item, p.title).map(|t| (t, employer.filter(|e| !e.is_empty())));
            }
            continue;
        }
        if let Some(position) = positions.into_iter().find(|e| current(*e)) {
            return pick(position, p.title).map(|t| (t, pick(item, p.group_employer)));
        }
    }
    None
}

/// Whether a position's dates ("Jan 2021 - Present · 3 yrs", "janv. 2021 - aujourd’hui") end in
/// the present.
fn runs_to_present(dates: &str) -> bool {
    let dates = dates.to_lowercase();
    let Some((_, end)) = dates.split_once(['-', '–', '—']) else { return false };
    let end = end.trim_start();
    lexicon::words(Section::Present).iter().any(|w| end.starts_with(w))
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
