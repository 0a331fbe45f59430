//! Site profiles on pages written in the shape of LinkedIn, X and GitHub.

use leadlens::capture::{capture_page, Capture};
use leadlens::model::{Contact, Extractor};

fn capture(file: &str, url: &str) -> Capture {
    let html = std::fs::read_to_string(format!("tests/fixtures/sites/{file}")).expect("fixture");
    capture_page(&html, url, chrono::Utc::now())
}

fn value(f: &Option<leadlens::model::Sourced<String>>) -> Option<&str> {
    f.as_ref().map(|s| s.value.as_str())
}

fn only(c: &Capture) -> &Contact {
    assert_eq!(c.contacts.len(), 1, "{:#?}", c.contacts.iter().map(Contact::display_name).collect::<Vec<_>>());
    &c.contacts[0]
}

#[test]
fn linkedin_profile_logged_in() {
    let c = capture("linkedin.com/in/sophie-martin-lumen.html", "https://www.linkedin.com/in/sophie-martin-lumen/");
    let p = only(&c);
    assert_eq!(value(&p.name), Some("Sophie Martin"));
    assert_eq!(p.name.as_ref().unwrap().extractor, Extractor::LinkedInProfile);
    // The current position (the first of two at Groupe Lumen; a board seat is current too, but
    // listed after), its title with its own employer; the headline is the headline.
    assert_eq!(value(&p.title), Some("Directrice des achats"));
    assert_eq!(value(&p.company), Some("Groupe Lumen"));
    assert_eq!(value(&p.headline), Some("Directrice des achats chez Groupe Lumen | Supply chain & achats indirects"));
    assert!(p.alternatives.iter().all(|a| a.field != "title"), "{:?}", p.alternatives);
    assert_eq!(value(&p.location), Some("Lyon, Auvergne-Rhône-Alpes, France"));
    assert_eq!(p.profiles[0].value.id, "sophie-martin-lumen");
    assert!(c.organization.is_none(), "LinkedIn is the platform, not her employer");
}

#[test]
fn linkedin_public_profile_title_and_employer_from_the_current_position() {
    let url = "https://de.linkedin.com/in/tobias-keller-cfo";
    let p = only(&capture("linkedin.com/in/tobias-keller-cfo.html", url)).clone();
    assert_eq!(value(&p.name), Some("Tobias Keller"));
    // Not "Aufsichtsrat bei Vireo Energy AG" beside his employer: the position and its employer.
    assert_eq!(
        (value(&p.title), value(&p.company)),
        (Some("Chief Financial Officer"), Some("Nordlicht Logistik GmbH"))
    );
    assert_eq!(value(&p.headline), Some("Aufsichtsrat bei Vireo Energy AG | Advisor | Speaker"));
    assert_eq!(value(&p.location), Some("Hamburg, Deutschland"));
}

#[test]
fn a_profile_without_its_positions_has_no_title_and_keeps_its_headline() {
    let url = "https://www.linkedin.com/in/amara-okoye-growth/";
    let p = only(&capture("linkedin.com/in/amara-okoye-growth.html", url)).clone();
    assert_eq!(value(&p.title), None, "a run of slogans is no title");
    assert_eq!(value(&p.headline), Some("Growth | Partnerships | Helping SaaS founders scale 🚀 | Ex-Shopify"));
    assert_eq!(value(&p.company), Some("Kestrel Analytics"), "the top card's current company");
}

#[test]
fn linkedin_company_page() {
    let c = capture("linkedin.com/company/groupe-lumen.html", "https://www.linkedin.com/company/groupe-lumen/");
    assert!(c.contacts.is_empty(), "the sidebar's people are not this page's contacts");
    let org = c.organization.expect("the company");
    assert_eq!(value(&org.name), Some("Groupe Lumen"));
    assert_eq!(value(&org.location), Some("Lyon, Auvergne-Rhône-Alpes"));
    assert_eq!(value(&org.website), Some("https://www.groupe-lumen.example/"));
}

#[test]
fn x_profile() {
    let c = capture("x.com/adapark.html", "https://x.com/adapark");
    let p = only(&c);
    assert_eq!(value(&p.name), Some("Ada Park"));
    assert_eq!(value(&p.location), Some("Seoul, South Korea"));
    assert_eq!(p.websites[0].value, "https://quanta.dev");
    assert_eq!(p.profiles[0].value.id, "adapark");
    // The same page on twitter.com reads the same.
    assert_eq!(value(&only(&capture("x.com/adapark.html", "https://twitter.com/adapark")).name), Some("Ada Park"));
}

#[test]
fn github_profile() {
    let c = capture("github.com/larse.html", "https://github.com/larse");
    let p = only(&c);
    assert_eq!(value(&p.name), Some("Lars Eriksson"));
    assert_eq!(value(&p.company), Some("Fjord Data"));
    assert_eq!(value(&p.location), Some("Stockholm, Sweden"));
    assert_eq!(p.emails[0].value.as_str(), "lars@fjorddata.example");
    let ids: Vec<&str> = p.profiles.iter().map(|p| p.value.id.as_str()).collect();
    assert!(ids.contains(&"larse") && ids.contains(&"larseriksson"), "{ids:?}");
    assert!(p.websites.iter().any(|w| w.value == "https://fjorddata.example"));
}

#[test]
fn github_org_people() {
    let c = capture("github.com/orgs/fjorddata/people.html", "https://github.com/orgs/fjorddata/people");
    let people: Vec<(Option<String>, String)> =
        c.contacts.iter().map(|p| (p.display_name(), p.profiles[0].value.id.clone())).collect();
    assert_eq!(
        people,
        [(Some("Lars Eriksson".into()), "larse".into()), (Some("Ingrid Nilsson".into()), "ingridn".into()),]
    );
    // A member shown by handle alone (okoye-dev) is a profile link, not a contact.
    assert!(!c.contacts.iter().any(|p| p.profiles.iter().any(|p| p.value.id == "okoye-dev")));
}

/// A profile's address that shows no one (a sign-in or sign-up wall, a profile that cannot be
/// found or is not available, in the languages the lexicon has) gives no contact: the heading is
/// the page's message, and the address alone is no one. A name in any case or script stays.
#[test]
fn walls_and_missing_profiles_show_no_one() {
    let url = "https://www.linkedin.com/in/jane-roe-1234/";
    let page = |h1: &str| {
        format!(
            "<html><body><main><h1>{h1}</h1><div class='text-body-medium break-words'>Sales</div></main></body></html>"
        )
    };
    for message in [
        "Welcome to your professional community",
        "An exact match for Jane Roe could not be found.",
        "This profile is not available",
        "Sign in to view Jane’s full profile",
        "Join LinkedIn",
        "Bienvenue dans votre communauté professionnelle",
        "Willkommen in Ihrer beruflichen Community",
        "Esta página no está disponible",
        "Profiel niet gevonden",
        "Contact us",
        "Book a demo today",
        "Contactez-nous",
    ] {
        let c = capture_page(&page(message), url, chrono::Utc::now());
        assert!(
            c.contacts.is_empty(),
            "{message}: {:?}",
            c.contacts.iter().map(Contact::display_name).collect::<Vec<_>>()
        );
    }
    for name in ["Jane Roe", "jane roe", "张伟", "María de los Ángeles García de la Fuente", "Will Page"] {
        let c = capture_page(&page(name), url, chrono::Utc::now());
        assert_eq!(only(&c).display_name().as_deref(), Some(name));
    }
}

/// A feed or a search on a site with profiles, and a page whose title or heading says it is a
/// sign-in, error or search page, are read for no one; the same text under a team page's title is.
#[test]
fn feeds_searches_and_error_pages_show_no_one() {
    let card = "<h3>Jane Roe</h3><p>Head of Sales</p><p>jane.roe@acme.test</p>";
    let page = |title: &str, h1: &str| {
        format!("<html><head><title>{title}</title></head><body><h1>{h1}</h1><div>{card}</div></body></html>")
    };
    let names = |c: &Capture| c.contacts.iter().filter_map(Contact::display_name).collect::<Vec<_>>();
    let team = capture_page(&page("Our team | Acme", "Our team"), "https://acme.test/team", chrono::Utc::now());
    assert_eq!(names(&team), ["Jane Roe"], "the card is read on a team page");
    for (title, h1, url) in [
        ("Feed | LinkedIn", "Home", "https://www.linkedin.com/feed/"),
        ("Search | LinkedIn", "People", "https://www.linkedin.com/search/results/people/?keywords=roe"),
        ("Page not found | Acme", "Oops", "https://acme.test/team-old"),
        ("Acme", "Sign in to your account", "https://acme.test/login"),
        ("Seite nicht gefunden", "Fehler 404", "https://acme.test/de/team"),
        ("Home / X", "Home", "https://x.com/home"),
    ] {
        let c = capture_page(&page(title, h1), url, chrono::Utc::now());
        assert!(c.contacts.is_empty(), "{url}: {:?}", names(&c));
    }
    // A repository's README names its maintainers.
    let repo = capture_page(&page("acme/widgets", "widgets"), "https://github.com/acme/widgets", chrono::Utc::now());
    assert_eq!(names(&repo), ["Jane Roe"]);
}
