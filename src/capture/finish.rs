//! The last step of capture: phone numbers read against the numbering plan (of the contact's
//! country, else the page's), spellings of one number merged and the best to call put first, names split into parts where no
//! source gave them, and each contact's likely time zone.

use crate::capture::{Collector, Page};
use crate::lexicon::{self, Section};
use crate::model::{Contact, ContactAlternative, Extractor, Phone, PhoneLabel, Sourced};
use crate::normalize::{
    company_key, countries_of_language, country_code, is_free_mail, known_region, parse_name, parse_phone,
    region_from_host, region_from_lang, zone_for_phone, zone_for_place,
};
use scraper::Html;

pub(super) fn finish(doc: &Html, page: &Page, out: &mut Collector) {
    people_only(out);
    the_company_is_no_person(out);
    staff_of_the_site(out, doc, page.url);
    let org_region = out.organization.as_ref().and_then(|o| o.location.as_ref()).and_then(|l| place_country(&l.value));
    let lang = doc.root_element().value().attr("lang");
    // The page's own words on its country first. `lang="en-US"` comes late: it is the default of
    // the common site builders, whatever the country of the business.
    let page_region = page.region.and_then(known_region).or_else(|| {
        let host = url::Url::parse(page.url).ok().and_then(|u| u.host_str().and_then(region_from_host));
        let lang = lang.map(str::trim).filter(|l| !l.is_empty()).unwrap_or("en");
        let candidates = org_region
            .into_iter()
            .chain(written_countries(out))
            .chain(host)
            .chain(region_from_lang(lang))
            .chain(countries_of_language(lang).map(String::from));
        dialled_in(candidates, out)
    });
    for contact in &mut out.contacts {
        finish_contact(contact, page_region.as_deref());
    }
    if let Some(org) = &mut out.organization {
        read_numbers(&mut org.phones, page_region.as_deref());
        // A number the page's text gave no one, that a person's structured data (microdata, RDFa,
        // JSON-LD) gives them, is theirs, not the switchboard.
        let held = |p: &Sourced<Phone>| {
            let phones = out.contacts.iter().flat_map(|c| &c.phones);
            phones.filter(|q| q.extractor != Extractor::Visible).any(|q| q.value.same_number(&p.value))
        };
        org.phones.retain(|p| p.extractor != Extractor::Visible || !held(p));
    }
}

/// A page's message to its visitor is no one's name, and a profile link alone is no one: a
/// sign-in wall or a "profile not found" page at a profile's address shows nobody. A contact
/// stays when it has a plausible name or an email address.
fn people_only(out: &mut Collector) {
    for c in &mut out.contacts {
        if let Some(n) = c.name.as_mut() {
            if let Some(rest) = super::visible::name_after_label(&n.value) {
                n.value = rest.to_string();
            }
        }
        if c.name.as_ref().is_some_and(|n| !name_stands(n)) {
            (c.name, c.given_name, c.family_name) = (None, None, None);
        }
    }
    out.retain_contacts(|c| c.display_name().is_some() || !c.emails.is_empty());
    out.merge_same_people();
}

/// Whether a name is a person's, by what its source vouches for. A record typed Person (JSON-LD,
/// microdata, RDFa, a vCard) is the page's word for it, unless it is a login
/// ("majainfos_zlfca4v6"). Text read by its shape, and h-cards and meta tags that templates fill
/// with logins and section names, need a given name: that is what tells "Laura Frank Tacho" from
/// "Credit Control" and "Sponsored Post".
fn name_stands(name: &Sourced<String>) -> bool {
    use super::visible::{has_given_name, is_login, is_plausible_name, looks_like_name};
    let text = name.value.as_str();
    is_plausible_name(text)
        && match name.extractor {
            Extractor::JsonLd | Extractor::Microdata | Extractor::Rdfa | Extractor::Vcard => !is_login(text),
            Extractor::Visible | Extractor::Hcard => has_given_name(text),
            // A tag's words are a name by their shape and their given name: "Daniel Hentschel ebrosia" is not.
            Extractor::Meta => looks_like_name(text) && has_given_name(text),
            // The team's own records.
            Extractor::Crm | Extractor::Csv => true,
            site => site.is_site_reader(),
        }
}

/// A "person" named as the organisation is ("Northwind Analytics · 500 Howard St · (415) …" in a
/// footer): its details are the organisation's.
fn the_company_is_no_person(out: &mut Collector) {
    let Some(org) = out.organization.as_mut() else { return };
    let Some(key) = org.name.as_ref().map(|n| company_key(&n.value)).filter(|k| !k.is_empty()) else { return };
    let mut i = 0;
    while i < out.contacts.len() {
        let c = &out.contacts[i];
        if c.company.is_none() && c.name.as_ref().is_some_and(|n| company_key(&n.value) == key) {
            let c = out.contacts.remove(i);
            for e in c.emails {
                if !org.emails.iter().any(|o| o.value == e.value) {
                    org.emails.push(e);
                }
            }
            org.phones.extend(c.phones);
        } else {
            i += 1;
        }
    }
}

/// How sure a company read from the page being the organisation's team page is, without an
/// address at its domain: a guest or a client may be on it too.
const TEAM_PAGE_CONFIDENCE: f32 = 0.4;

/// People with an address at the site's own domain work for the site's organisation (a team
/// page's cards say their names and titles, seldom the company); so do the people of a page that
/// lists the organisation's own, unless an address at another employer says otherwise.
fn staff_of_the_site(out: &mut Collector, doc: &Html, page_url: &str) {
    let Some(name) = out.organization.as_ref().and_then(|o| o.name.clone()) else { return };
    let Some(url) = url::Url::parse(page_url).ok() else { return };
    let Some(host) = url.host_str().map(str::to_ascii_lowercase) else { return };
    let site = host.trim_start_matches("www.");
    let at_site = |domain: &str| domain == site || site.ends_with(&format!(".{domain}"));
    // Read only when a contact needs it: finding the heading walks the page.
    let mut own_people = None;
    let lists_own_people = || {
        let heading = super::elements(doc)
            .find(|e| e.value().name() == "h1")
            .map(|h| h.text().take(10).collect::<String>().to_lowercase())
            .unwrap_or_default();
        let path = url.path().to_lowercase();
        lexicon::words(Section::OwnPeopleWords).iter().any(|w| path.contains(w) || heading.contains(w))
    };
    let shared = shared_domain(&out.contacts);
    for c in out.contacts.iter_mut().filter(|c| c.company.is_none()) {
        let domains = || c.emails.iter().map(|e| e.value.domain());
        let confidence = if domains().any(at_site) {
            name.confidence.min(0.5)
        } else if !*own_people.get_or_insert_with(lists_own_people) {
            continue;
        } else if domains().any(|d| shared.as_deref() == Some(d)) {
            // The team writes from the organisation's domain, whatever the site's.
            name.confidence.min(0.5)
        } else if !domains().any(|d| !is_free_mail(d)) {
            name.confidence.min(TEAM_PAGE_CONFIDENCE)
        } else {
            continue;
        };
        c.company = Some(Sourced { confidence, ..name.clone() });
    }
}

/// The employer's domain most of a page's people write from: used by two of them at least, and
/// by half of those with a work address ("acme.example" on acmerobotics.example's team page).
fn shared_domain(contacts: &[Contact]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut with_work_address = 0;
    for c in contacts {
        let mut domains: Vec<&str> = c.emails.iter().map(|e| e.value.domain()).filter(|d| !is_free_mail(d)).collect();
        crate::order::sort(&mut domains);
        domains.dedup();
        with_work_address += usize::from(!domains.is_empty());
        for d in domains {
            match counts.iter_mut().find(|(known, _)| *known == d) {
                Some((_, n)) => *n += 1,
                None => counts.push((d, 1)),
            }
        }
    }
    let (domain, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    (n >= 2 && 2 * n >= with_work_address).then(|| domain.to_string())
}

/// Where a page's numbers written without a country code are dialled: of the countries the page
/// points to, most telling first (its organisation's address, the country of its numbers written
/// with a code, its country domain, its `lang` tag's region, then the countries its language is
/// written in: `lang="es"` tries Spain, then Mexico…), the first where most of those numbers are
/// valid. "612 345 678" on a Spanish page is Spain's, "55 1234 5678" Mexico's; an Irish page
/// tagged with WordPress's default "en-US" keeps its "087 123 4567"; a German page with one
/// French number keeps its "0711 123456-10" German. A page that does not say is read as English.
/// A number valid nowhere stays as written.
fn dialled_in(mut candidates: impl Iterator<Item = String>, out: &Collector) -> Option<String> {
    let first = candidates.next()?;
    let national: Vec<&str> = page_numbers(out).filter(|n| !written_with_code(n)).take(SAMPLED_NUMBERS).collect();
    // A number written the North American way ("(425) 123-4567": ten digits, the first 2 to 9) is
    // North America's, valid or not, where that is a candidate: another country's reading of it
    // is a guess.
    let north_american = |n: &str| {
        let digits: Vec<char> = n.chars().filter(char::is_ascii_digit).collect();
        digits.len() == 10 && ('2'..='9').contains(&digits[0])
    };
    let valid_in = |region: &str| {
        let ours = |n: &&&str| matches!(region, "US" | "CA") && north_american(n) || parse_phone(n, Some(region)).valid;
        national.iter().filter(ours).count()
    };
    let mut best = (valid_in(&first), first);
    let mut tried = vec![best.1.clone()];
    for region in candidates {
        if best.0 == national.len() {
            break;
        }
        if tried.contains(&region) {
            continue;
        }
        tried.push(region.clone());
        let valid = valid_in(&region);
        if valid > best.0 {
            best = (valid, region);
        }
    }
    Some(best.1)
}

/// The numbers the page gives its people and the organisation, as written.
fn page_numbers(out: &Collector) -> impl Iterator<Item = &str> {
    let org = out.organization.iter().flat_map(|o| &o.phones);
    out.contacts.iter().flat_map(|c| &c.phones).chain(org).map(|p| p.value.number.trim_start())
}

fn written_with_code(number: &str) -> bool {
    number.starts_with('+') || number.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("tel:+"))
}

const SAMPLED_NUMBERS: usize = 20;

/// The countries of the page's numbers written with their country code, most numbers first (the
/// first written wins a tie): where the numbers written without one are likely dialled.
fn written_countries(out: &Collector) -> Vec<String> {
    let written = page_numbers(out).filter(|n| written_with_code(n));
    let mut counts: Vec<(String, usize)> = Vec::new();
    // A few say enough, on a page of five hundred.
    for number in written.take(SAMPLED_NUMBERS) {
        let info = parse_phone(number, None);
        let Some(region) = info.region.filter(|_| info.valid) else { continue };
        match counts.iter_mut().find(|(r, _)| *r == region) {
            Some((_, n)) => *n += 1,
            None => counts.push((region, 1)),
        }
    }
    // A stable sort keeps the first written ahead in a tie.
    crate::order::sort_by_key(&mut counts, |c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(r, _)| r).collect()
}

/// Numbers read in the contact's own country (else `region`), the name split, the time zone:
/// what every contact gets, from a page or from an imported file.
pub(crate) fn finish_contact(contact: &mut Contact, region: Option<&str>) {
    let own_region = contact.location.as_ref().and_then(|l| place_country(&l.value));
    read_numbers(&mut contact.phones, own_region.as_deref().or(region));
    split_name(contact);
    split_title(contact);
    contact.time_zone = time_zone(contact);
}

/// The country of "City, Region, Country" (its last part), as an ISO alpha-2 code.
fn place_country(place: &str) -> Option<String> {
    country_code(place.rsplit(',').next()?.trim()).map(str::to_string)
}

fn read_numbers(phones: &mut Vec<Sourced<Phone>>, region: Option<&str>) {
    for phone in phones.iter_mut() {
        let info = parse_phone(&phone.value.number, region);
        let p = &mut phone.value;
        (p.e164, p.valid, p.kind, p.region, p.extension) =
            (info.e164, info.valid, info.kind, info.region, info.extension);
    }
    let mut kept: Vec<Sourced<Phone>> = Vec::with_capacity(phones.len());
    for phone in phones.drain(..) {
        match kept.iter_mut().find(|k| k.value.same_number(&phone.value)) {
            // The same number again may say what the first spelling did not (its label).
            Some(k) => k.value.label = k.value.label.or(phone.value.label),
            None => kept.push(phone),
        }
    }
    // Best number to call first: direct and mobile lines, then the rest, the switchboard, a fax last.
    crate::order::sort_by_key(&mut kept, |p| match p.value.label {
        Some(PhoneLabel::Direct) => 0,
        Some(PhoneLabel::Mobile) => 1,
        None | Some(PhoneLabel::Office) => 2,
        Some(PhoneLabel::Switchboard) => 3,
        Some(PhoneLabel::Fax) => 4,
    });
    *phones = kept;
}

/// Punctuation that may part a title from its employer ("Chief Revenue Officer, Datamesh",
/// "VP of Sales | Northwind Traders") or from what follows it ("… | Helping SaaS teams grow").
const AFTER_TITLE: &[&str] = &[", ", " | ", " – ", " — ", " - ", " · ", " • "];

/// Whether "of" joins the role to an employer ("President of Globex"), where other titles name a
/// department ("Director of Sales"): the chief officers ("CEO of Acme", "CHRO of Initech") and
/// the roles of the lexicon's `of-roles`.
fn joined_by_of(role_word: &str) -> bool {
    let chief = role_word.len() <= 5 && role_word.starts_with('c') && role_word.ends_with('o');
    chief || lexicon::words(Section::OfRoles).contains(role_word)
}

/// How sure an employer read after punctuation is: "Director, Product Marketing" is no employer,
/// and the words cannot always tell.
const PUNCTUATED_EMPLOYER_CONFIDENCE: f32 = 0.5;

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    hay.char_indices()
        .map(|(i, _)| i)
        .find(|&i| hay.get(i..i + needle.len()).is_some_and(|h| h.eq_ignore_ascii_case(needle)))
}

/// The first of `seps` in `text`: where it starts and how long it is.
fn first_of(text: &str, seps: &[&str]) -> Option<(usize, usize)> {
    seps.iter().filter_map(|sep| find_ignoring_case(text, sep).map(|at| (at, sep.len()))).min()
}

/// What precedes the first of [`AFTER_TITLE`].
fn cut(rest: &str) -> &str {
    first_of(rest, AFTER_TITLE).map_or(rest, |(at, _)| &rest[..at]).trim()
}

/// A title's role and employer ("CTO at Globex Corporation | Speaker" → "CTO", "Globex
/// Corporation"), and whether a joining word said so (rather than punctuation).
pub(super) fn role_and_employer(title: &str) -> Option<(&str, &str, bool)> {
    // "Former CEO of Harbor Bank" says where the person no longer works.
    let first = title.split_whitespace().next()?.to_lowercase();
    if lexicon::words(Section::PastRole).contains(&first) || first.starts_with("ex-") {
        return None;
    }
    if let Some((at, len)) = first_of(title, lexicon::words(Section::AtEmployer).as_slice()) {
        let (role, employer) = (title[..at].trim(), cut(&title[at + len..]));
        let capitalised = employer.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let joined = super::visible::looks_like_title(role)
            && (1..=6).contains(&employer.split_whitespace().count())
            && capitalised
            && super::visible::capitalised_name(employer);
        return joined.then_some((role, employer, true));
    }
    // "Chief Executive Officer of Acme Robotics": after the top roles only, as "Head of Sales" is
    // no employer.
    if let Some(at) = find_ignoring_case(title, " of ") {
        let role = title[..at].trim();
        let last = role.rsplit(' ').next().unwrap_or(role).to_lowercase();
        let employer = cut(&title[at + " of ".len()..]);
        if joined_by_of(&last)
            && super::visible::looks_like_title(role)
            && super::visible::looks_like_employer(employer)
        {
            return Some((role, employer, false));
        }
    }
    let (at, len) = first_of(title, AFTER_TITLE)?;
    let (role, employer) = (title[..at].trim(), cut(&title[at + len..]));
    (super::visible::looks_like_title(role) && super::visible::looks_like_employer(employer))
        .then_some((role, employer, false))
}

/// "CTO at Globex", where no source named the company: title "CTO", company "Globex" (a
/// speaker's card, a headline, a JSON-LD `jobTitle`). Failing the title, a title another source
/// gave ("… is Head of Revenue Operations at Example Inc") may still name the company.
fn split_title(contact: &mut Contact) {
    let Some(title) = contact.title.clone() else { return };
    let employer_of = |title: &Sourced<String>| {
        role_and_employer(&title.value).map(|(role, employer, joined)| {
            let confidence =
                if joined { title.confidence } else { title.confidence.min(PUNCTUATED_EMPLOYER_CONFIDENCE) };
            (role.to_string(), Sourced { value: employer.to_string(), confidence, ..title.clone() })
        })
    };
    if let Some(company) = &contact.company {
        // "Backend lead at Fjord Data" beside the company Fjord Data: the title is "Backend lead".
        let same = |e: &Sourced<String>| company_key(&e.value) == company_key(&company.value);
        if let Some((role, _)) = employer_of(&title).filter(|(_, e)| same(e)) {
            // A headline says more than the title ("… | Supply chain & achats indirects"): kept.
            contact.alternatives.push(ContactAlternative { field: "title".into(), value: title.clone() });
            if let Some(t) = contact.title.as_mut() {
                t.value = role;
            }
        }
        return;
    }
    if let Some((role, employer)) = employer_of(&title) {
        contact.company = Some(employer);
        if let Some(t) = contact.title.as_mut() {
            t.value = role;
        }
        return;
    }
    contact.company =
        contact.alternatives.iter().filter(|a| a.field == "title").find_map(|a| employer_of(&a.value)).map(|(_, e)| e);
}

/// Given and family names from the full name, where no source gave them.
fn split_name(contact: &mut Contact) {
    if contact.given_name.is_some() || contact.family_name.is_some() {
        return;
    }
    let Some(name) = &contact.name else { return };
    let Some(parts) = parse_name(&name.value) else { return };
    let derived = |v: Option<String>| v.map(|value| Sourced { value, ..name.clone() });
    contact.given_name = derived(parts.given);
    contact.family_name = derived(parts.family);
}

/// From the first number that places the person, else from their location.
fn time_zone(contact: &Contact) -> Option<Sourced<String>> {
    let by_phone = contact.phones.iter().find_map(|p| {
        let info = parse_phone(p.value.e164.as_ref()?.as_str(), None);
        zone_for_phone(&info).map(|zone| Sourced {
            value: zone.to_string(),
            extractor: p.extractor,
            confidence: p.confidence,
        })
    });
    by_phone.or_else(|| {
        let location = contact.location.as_ref()?;
        let parts: Vec<&str> = location.value.split(',').map(str::trim).collect();
        let (country, rest) = parts.split_last()?;
        let zone = rest
            .iter()
            .rev()
            .find_map(|r| zone_for_place(country, Some(r)))
            .or_else(|| zone_for_place(country, None))?;
        Some(Sourced { value: zone.to_string(), ..location.clone() })
    })
}

#[cfg(test)]
mod tests {
    use crate::capture::{capture, capture_page, Page};
    use crate::model::{Contact, Extractor, Sourced};

    #[test]
    fn a_byline_s_word_is_no_part_of_a_name_and_a_desk_or_an_agency_is_no_person() {
        let page = r#"<script type="application/ld+json">[
            {"@type":"Person","name":"By Lucy Akins"},{"@type":"Person","name":"Redaktion"},
            {"@type":"Person","name":"AFP"},{"@type":"Person","name":"Byron Katie"},
            {"@type":"Person","name":"ERP-News Redaktion","email":"redaktion@erp-news.test"}]</script>"#;
        let c = capture_page(page, "https://news.test/a", chrono::Utc::now());
        let people: Vec<(Option<String>, usize)> =
            c.contacts.iter().map(|p| (p.display_name(), p.emails.len())).collect();
        assert_eq!(people, [(Some("Lucy Akins".into()), 0), (Some("Byron Katie".into()), 0), (None, 1)]);
    }

    #[test]
    fn a_title_at_an_employer_names_the_company() {
        let split = |title: &str, company: Option<&str>| {
            let mut c = Contact {
                title: Some(Sourced::new(title.to_string(), Extractor::JsonLd)),
                company: company.map(|c| Sourced::new(c.to_string(), Extractor::JsonLd)),
                ..Contact::default()
            };
            super::finish_contact(&mut c, None);
            (c.title.unwrap().value, c.company.map(|c| c.value))
        };
        let some = |t: &str, c: &str| (t.to_string(), Some(c.to_string()));
        assert_eq!(split("CTO at Globex Corporation", None), some("CTO", "Globex Corporation"));
        assert_eq!(split("Head of Logistics @ Contoso", None), some("Head of Logistics", "Contoso"));
        assert_eq!(
            split("Directrice commerciale chez Dupont & Fils", None),
            some("Directrice commerciale", "Dupont & Fils")
        );
        assert_eq!(split("CTO at Globex", Some("Initech")), some("CTO at Globex", "Initech"), "a named company stands");
        assert_eq!(split("Backend lead at Fjord Data", Some("Fjord Data AB")), some("Backend lead", "Fjord Data AB"));
        assert_eq!(split("VP Sales at Acme | Helping SaaS teams grow", None), some("VP Sales", "Acme"));
        assert_eq!(split("Chief Revenue Officer, Datamesh", None), some("Chief Revenue Officer", "Datamesh"));
        assert_eq!(split("President of Globex", None), some("President", "Globex"));
        for kept in [
            "Looking at new opportunities",
            "Head of Sales at large",
            "Director, EMEA",
            "Head of Sales, North America",
            "Director of Engineering",
            "Partner, Tax & Audit",
            "Account Executive - London",
        ] {
            assert_eq!(split(kept, None), (kept.to_string(), None), "{kept}");
        }
    }

    #[test]
    fn the_people_of_the_organisation_s_own_team_page_work_there() {
        let page = |heading: &str| {
            format!(
                r#"<html lang="en"><head><meta property="og:site_name" content="Harlow Robotics"></head><body>
                <h1>{heading}</h1>
                <div class="card"><h3>Jane Doe</h3><p>Head of Sales</p></div>
                <div class="card"><h3>John Roe</h3><p>Advisor</p><a href="mailto:john@roe-consulting.example">Email</a></div>
                <div class="card"><h3>Amy Poe</h3><p>Office Manager</p><a href="mailto:amy.poe@gmail.com">Email</a></div>
                <div class="card"><h3>Eve Elm</h3><p>Buyer</p><a href="mailto:eve@harlow-group.example">Email</a></div>
                <div class="card"><h3>Finn Fir</h3><p>Engineer</p><a href="mailto:finn@harlow-group.example">Email</a></div>
                </body></html>"#
            )
        };
        let companies = |html: &str, url: &str| {
            let c = capture_page(html, url, chrono::Utc::now());
            c.contacts.iter().map(|p| p.company.as_ref().map(|c| (c.value.clone(), c.confidence))).collect::<Vec<_>>()
        };
        let harlow = Some(("Harlow Robotics".to_string(), 0.4));
        let harlow_domain = Some(("Harlow Robotics".to_string(), 0.5));
        let team = [harlow.clone(), None, harlow.clone(), harlow_domain.clone(), harlow_domain];
        assert_eq!(
            companies(&page("Meet the team"), "https://harlow.example/"),
            team,
            "an address at another employer says otherwise, a free-mail one does not, and the domain \
             most of the team writes from is the organisation's"
        );
        assert_eq!(companies(&page("Leadership"), "https://harlow.example/about-us"), team);
        assert_eq!(
            companies(&page("Speakers"), "https://harlow.example/summit/speakers"),
            [None, None, None, None, None],
            "a page of guests is no team page"
        );
    }

    #[test]
    fn numbers_in_e164_with_the_page_country_and_spellings_merged() {
        let html = r#"<html lang="en-GB"><body><div class="card"><h3>Jane Doe</h3><p>Head of Sales</p>
            <p>Direct: 020 7123 4567</p><p>Mobile: 07911 123456</p><a href="tel:+447911123456">call</a></div></body></html>"#;
        let c = capture_page(html, "https://acme.example/team", chrono::Utc::now());
        let phones = &c.contacts[0].phones;
        assert_eq!(phones.len(), 2, "{phones:#?}");
        assert_eq!(phones[0].value.e164.as_ref().unwrap().as_str(), "+442071234567");
        assert_eq!(phones[0].value.label, Some(crate::model::PhoneLabel::Direct));
        assert_eq!(phones[1].value.e164.as_ref().unwrap().as_str(), "+447911123456");
        assert_eq!(phones[1].value.label, Some(crate::model::PhoneLabel::Mobile));
        assert_eq!(c.contacts[0].time_zone.as_ref().unwrap().value, "Europe/London");
        assert_eq!(c.contacts[0].given_name.as_ref().unwrap().value, "Jane");
        assert_eq!(c.contacts[0].family_name.as_ref().unwrap().value, "Doe");
    }

    #[test]
    fn a_language_of_many_countries_reads_numbers_where_they_are_valid() {
        let first_number = |lang: &str, number: &str| {
            let html = format!(
                r#"<html lang="{lang}"><body><div class="card"><h3>Lucía Gómez</h3><p>Directora Comercial</p>
                <p>Tel. {number}</p></div></body></html>"#
            );
            let c = capture_page(&html, "https://solara.example/equipo", chrono::Utc::now());
            let phone = &c.contacts[0].phones[0].value;
            phone.e164.as_ref().map_or(phone.number.clone(), |e| e.as_str().to_string())
        };
        assert_eq!(first_number("es", "612 345 678"), "+34612345678", "Spain first");
        assert_eq!(first_number("es", "55 1234 5678"), "+525512345678", "valid in Mexico only");
        assert_eq!(first_number("es-AR", "011 4321-5678"), "+541143215678", "the tag's own region");
        assert_eq!(first_number("en-US", "087 123 4567"), "+353871234567", "WordPress's en-US");
        assert_eq!(first_number("en", "(312) 555-0147"), "+13125550147", "North America first");
        assert_eq!(first_number("", "020 7946 0958"), "+442079460958", "no lang reads as English");
        assert_eq!(first_number("es", "0000 000 000"), "0000 000 000", "valid nowhere: kept as written");
        assert_eq!(first_number("en", "(425) 123-4567"), "(425) 123-4567", "written the North American way");
    }

    #[test]
    fn one_foreign_number_does_not_take_the_page_s_own_numbers_abroad() {
        let html = r#"<html lang="de"><body>
            <div class="ap"><p><strong>Thomas Weber</strong><br>Geschäftsführer<br>Tel.: 0711 123456-10</p></div>
            <div class="ap"><p><strong>Claire Petit</strong><br>Export Managerin<br>Tél. : +33 3 88 12 34 56</p></div>
            <p>Kontakt: <a href="tel:+18005550100">1-800-555-0100</a></p></body></html>"#;
        let c = capture_page(html, "https://weber.example/kontakt", chrono::Utc::now());
        let e164 = |p: &crate::model::Phone| p.e164.as_ref().map(|e| e.as_str().to_string());
        assert_eq!(
            e164(&c.contacts[0].phones[0].value).as_deref(),
            Some("+4971112345610"),
            "German, as the page's language"
        );
        assert_eq!(e164(&c.contacts[1].phones[0].value).as_deref(), Some("+33388123456"));
        let org: Vec<_> = c.organization.as_ref().unwrap().phones.iter().map(|p| e164(&p.value)).collect();
        assert_eq!(org, [Some("+18005550100".to_string())], "a tel: link's words are not read again as another number");
    }

    #[test]
    fn a_number_a_person_s_structured_data_holds_is_not_the_switchboard() {
        let html = r#"<html lang="en"><body><div itemscope itemtype="https://schema.org/Person">
            <span itemprop="name">Jane Doe</span> <span itemprop="telephone">(425) 555-0123</span></div>
            <footer>Main office: (425) 555-0100</footer></body></html>"#;
        let c = capture_page(html, "https://xyz.example/jane", chrono::Utc::now());
        assert_eq!(c.contacts[0].phones.len(), 1);
        let org: Vec<&str> = c.organization.as_ref().unwrap().phones.iter().map(|p| p.value.number.as_str()).collect();
        assert_eq!(org, ["(425) 555-0100"], "the text's copy of Jane's number is no longer the organisation's");
    }

    #[test]
    fn the_caller_can_set_the_region() {
        let html = r#"<div class="card"><h3>Jan Novak</h3><p>Sales Director</p><p>Tel. 0221 123456</p></div>"#;
        let page = Page { html, url: "https://acme.example/", region: Some("DE"), ..Page::default() };
        let c = capture(&page, chrono::Utc::now());
        assert_eq!(c.contacts[0].phones[0].value.e164.as_ref().unwrap().as_str(), "+49221123456");
        assert_eq!(c.contacts[0].phones[0].value.region.as_deref(), Some("DE"));
    }

    #[test]
    fn time_zone_from_the_location_when_no_number_places_the_person() {
        let html = r#"<script type="application/ld+json">{"@type":"Person","name":"Ana Silva","email":"ana@x.example",
            "address":{"@type":"PostalAddress","addressLocality":"Manaus","addressRegion":"AM","addressCountry":"BR"}}</script>"#;
        let c = capture_page(html, "https://x.example/", chrono::Utc::now());
        assert_eq!(c.contacts[0].time_zone.as_ref().unwrap().value, "America/Manaus");
    }
}
