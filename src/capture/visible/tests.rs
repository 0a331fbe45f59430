//! The whole of `extract`, as pages write people: a page in, the contacts and the organisation out.

use super::*;
use crate::capture::capture_page;
use crate::model::PhoneLabel;

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
            person("Marie Dupont", Some("Directrice commerciale"), &["marie.dupont@dupont-fils.fr"], &["+33612345678"]),
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
            person("Sarah O'Connell", Some("Managing Director"), &["sarah.oconnell@brightpath.ie"], &["+35316612345"]),
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
    let html =
        r#"<p>Questions? <a href="mailto:Sam%20Lee%20%3Csam.lee@acme.io%3E,ops@acme.io?subject=Hi">Sam Lee</a></p>"#;
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
    let org_phones: Vec<_> =
        c.organization.unwrap().phones.iter().map(|p| p.value.e164.as_ref().unwrap().as_str().to_string()).collect();
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

#[test]
fn a_press_release_names_the_new_hire_the_quoted_and_the_media_contact() {
    let html = r#"<html lang="en"><body><article>
        <h1>Northwind Logistics appoints Sandra Okafor as Chief Revenue Officer</h1>
        <p>CHICAGO, March 3, 2026 /PRNewswire/ -- Northwind Logistics, a leader in freight visibility software,
        today announced the appointment of Sandra Okafor as Chief Revenue Officer.</p>
        <p>"She is the right leader," said Marcus Bell, co-founder and CEO of Northwind Logistics.</p>
        <h3>Media Contact</h3>
        <p>Priya Raman<br>Director of Communications<br>Northwind Logistics<br>+1 (312) 555-0147</p>
        </article></body></html>"#;
    let c = capture_page(html, "https://news.example.com/northwind-cro", chrono::Utc::now());
    assert_eq!(
        roles(&c),
        [
            role("Sandra Okafor", Some("Chief Revenue Officer"), Some("Northwind Logistics")),
            role("Marcus Bell", Some("co-founder and CEO"), Some("Northwind Logistics")),
            role("Priya Raman", Some("Director of Communications"), Some("Northwind Logistics")),
        ],
        "the appointed, the quoted with the news's lower-case title, the contact with the employer under the title"
    );
}

#[test]
fn a_board_s_credentials_past_roles_and_committees_and_a_profile_s_skills() {
    let html = r#"<html lang="en"><body>
        <div class="member"><h3>Dr. Samuel K. Adeyemi, CPA</h3><p>Chair, Audit Committee</p></div>
        <div class="member"><h3>William Grant</h3><p>Former CEO of Harbor Bank</p></div>
        <div class="member"><h3>Jane Roe, PhD, MBA</h3><p>Independent Director</p></div>
        <div class="member"><h3>Chairman Emeritus Robert T. Hale</h3></div>
        <p>The annual meeting was held in May. Chairman Emeritus John Smith, 82, attended.</p>
        </body></html>"#;
    let c = capture_page(html, "https://bank.example/board", chrono::Utc::now());
    assert_eq!(
        roles(&c),
        [
            role("Dr. Samuel K. Adeyemi, CPA", Some("Chair, Audit Committee"), None),
            role("William Grant", Some("Former CEO of Harbor Bank"), None),
            role("Jane Roe, PhD, MBA", Some("Independent Director"), None),
            role("Robert T. Hale", Some("Chairman Emeritus"), None),
            role("John Smith", Some("Chairman Emeritus"), None),
        ],
        "a name before its credentials, a title before the name; a committee and a past employer are no employer"
    );
    let html = r#"<html lang="en"><body><div class="profile"><h1>Kira Jensen</h1>
        <p class="headline">Senior Account Executive at Brightlane</p>
        <h2>Skills</h2><div class="skill"><p>Cold Calling</p><p>Sales Director</p></div>
        <div class="skill"><p>Lead Generation</p><p>Account Manager</p></div>
        <aside><h3>Popular Tags</h3><p>Solution Selling</p><p>Sales Manager</p></aside></div></body></html>"#;
    let c = capture_page(html, "https://profiles.example/kira", chrono::Utc::now());
    assert_eq!(
        roles(&c),
        [role("Kira Jensen", Some("Senior Account Executive"), Some("Brightlane"))],
        "skills and tags beside titles are no people, and leave the profile's person whole"
    );
}

#[test]
fn a_flat_run_of_names_titles_and_details_as_page_editors_write_a_team() {
    let html = r#"<html lang="en"><body><div class="entry-content">
        <h3>Anna Berg</h3><p>CEO</p><p>anna@berg.example</p>
        <h3>Carl Dahl</h3><p>CTO</p><p>Mobile: (617) 555-0102</p>
        <h3>Eva Fors</h3><p>Eva is our Head of Customer Success and a former teacher.</p>
        <h2>Head office</h2><p>Tel (617) 555-0100</p></div></body></html>"#;
    let c = capture_page(html, "https://berg.example/about", chrono::Utc::now());
    assert_eq!(
        people(&c),
        [
            person("Anna Berg", Some("CEO"), &["anna@berg.example"], &[]),
            person("Carl Dahl", Some("CTO"), &[], &["+16175550102"]),
            person("Eva Fors", Some("Head of Customer Success"), &[], &[]),
        ],
        "each detail goes to the name before it in the run, the title may be the bio's"
    );
    let org = c.organization.as_ref().unwrap();
    assert_eq!(org.phones.len(), 1, "a new section's number is the organisation's");

    let html = r#"<html lang="en"><body><div class="bio"><h1>Jane Whitfield</h1><p class="position">Partner</p>
        <p>T +1 212 555 0188 | F +1 212 555 0199</p><h2>Bar Admissions</h2><ul><li>New York</li></ul></div>
        <ul class="people"><li><a href="/people/aoki">Aoki, Hiroshi</a><br>Professor and Chair<br>haoki@econ.example.edu</li></ul>
        <p>Guest: Rachel Kim, VP of Sales at Loopwise</p><p>Host: Dan Morgan</p></body></html>"#;
    let c = capture_page(html, "https://example.org/page", chrono::Utc::now());
    assert_eq!(
        roles(&c),
        [
            role("Jane Whitfield", Some("Partner"), None),
            role("Hiroshi Aoki", Some("Professor and Chair"), None),
            role("Rachel Kim", Some("VP of Sales"), Some("Loopwise")),
        ],
        "a heading that names no one leaves the card whole; a directory's 'Family, Given'; a guest"
    );
    let labels: Vec<Option<PhoneLabel>> = c.contacts[0].phones.iter().map(|p| p.value.label).collect();
    assert_eq!(labels, [Some(PhoneLabel::Office), Some(PhoneLabel::Fax)], "'T' and 'F' before the numbers");
}

#[test]
fn names_and_titles_as_site_builders_and_bios_join_them() {
    let html = r#"<html lang="en"><body>
        <div class="summary-item"><div class="summary-title"><a href="/jane">Jane Doe</a></div>
        <div class="summary-excerpt"><p>Director of Sales</p></div></div>
        <div><h3>Tom Roe <span>|</span> CTO</h3></div>
        <div><h3>Ann Lee – Head of Marketing</h3></div>
        <div><p><strong>Bo Chan</strong> is the Head of Sales at Acme.</p></div>
        <div><h3>Paris, France</h3></div>
        </body></html>"#;
    let c = capture_page(html, "https://example.org/page", chrono::Utc::now());
    assert_eq!(
        roles(&c),
        [
            role("Jane Doe", Some("Director of Sales"), None),
            role("Tom Roe", Some("CTO"), None),
            role("Ann Lee", Some("Head of Marketing"), None),
            role("Bo Chan", Some("Head of Sales"), Some("Acme")),
        ],
        "a title inside its wrapper, a heading's name and title, a sentence going on from the name"
    );
}
