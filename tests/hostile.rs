//! Hostile and broken pages: capture always returns, bounded, with a note saying what it cut;
//! never a panic. (How long each takes is measured by the benchmarks, not asserted here.)

use leadlens::capture::{capture_page, Capture, Markup, Page, MAX_HTML_BYTES};

fn capture(html: &str) -> Capture {
    capture_page(html, "https://hostile.example/page", chrono::Utc::now())
}

/// A body as the extension sends it: the browser's serialization of the page.
fn capture_serialized(body: &str) -> Capture {
    let html = format!("<html><head></head><body>{body}</body></html>");
    let page = Page { html: &html, markup: Markup::Serialized, url: "https://hostile.example/page", ..Page::default() };
    leadlens::capture::capture(&page, chrono::Utc::now())
}

#[test]
fn the_browsers_serialization_of_a_hostile_page_meets_the_same_limits() {
    let person = r#"<h3>Deep Person</h3><p>Chief Executive Officer</p><a href="mailto:deep@acme.com">mail</a>"#;
    let at = |depth: usize| format!("{}{person}{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let c = capture_serialized(&at(900));
    assert_eq!(c.contacts[0].emails[0].value.as_str(), "deep@acme.com");
    assert!(!c.notes.iter().any(|n| n.starts_with("Page nested deeper")), "{:?}", c.notes);
    let c = capture_serialized(&at(100_000));
    assert!(c.contacts.is_empty());
    assert!(c.notes.iter().any(|n| n.starts_with("Page nested deeper")), "{:?}", c.notes);
    let card =
        r#"<div class="card"><h3>Jane Doe</h3><p>Head of Sales</p><a href="mailto:jane@acme.com">mail</a></div>"#;
    let c = capture_serialized(&card.repeat(MAX_HTML_BYTES / card.len() + 1000));
    assert!(c.notes.iter().any(|n| n.starts_with("Page truncated")), "{:?}", c.notes);
    assert_eq!(c.contacts.len(), 1);
}

#[test]
fn links_with_a_scheme_name_and_no_colon_are_paths() {
    let body = r#"<div class="card"><h3>Jane Doe</h3><a href="tel">call</a> <a href="mailto">mail</a> <a href="https">web</a></div>"#;
    for c in [capture(body), capture_serialized(body)] {
        assert!(c.contacts.iter().all(|c| c.phones.is_empty() && c.emails.is_empty()), "{:?}", c.contacts);
    }
}

#[test]
fn a_page_over_the_size_limit_is_cut_with_a_note() {
    let card =
        r#"<div class="card"><h3>Jane Doe</h3><p>Head of Sales</p><a href="mailto:jane@acme.com">mail</a></div>"#;
    let html = card.repeat(MAX_HTML_BYTES / card.len() + 1000);
    let c = capture(&html);
    assert!(c.notes.iter().any(|n| n.starts_with("Page truncated")), "{:?}", c.notes);
    assert_eq!(c.contacts.len(), 1, "the same person a hundred thousand times is one contact");
}

#[test]
fn deep_nesting_is_read_down_to_the_limit_and_cut_below() {
    let person = r#"<h3>Deep Person</h3><p>Chief Executive Officer</p><a href="mailto:deep@acme.com">mail</a>"#;
    let at = |depth: usize| format!("{}{person}{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let c = capture(&at(900));
    assert_eq!(c.contacts[0].emails[0].value.as_str(), "deep@acme.com");
    assert!(!c.notes.iter().any(|n| n.starts_with("Page nested deeper")), "{:?}", c.notes);
    // 100 000 levels: the parser would take minutes; the page is cut where it gets too deep.
    let c = capture(&at(100_000));
    assert!(c.contacts.is_empty());
    assert!(c.notes.iter().any(|n| n.starts_with("Page nested deeper")), "{:?}", c.notes);
    // Elements that close themselves or implicitly, and script contents, are not depth.
    let flat = format!("{}<script>{}</script>{person}", "<p><li><br><img src=x>".repeat(50_000), "<div>".repeat(5_000));
    assert_eq!(capture(&flat).contacts.len(), 1);
}

#[test]
fn a_flood_of_links_is_capped_with_a_note() {
    let html: String = (0..200_000).map(|i| format!(r#"<a href="mailto:p{i}@flood.example">x</a>"#)).collect();
    let c = capture(&html);
    assert!(c.contacts.len() <= leadlens::capture::MAX_CONTACTS);
    assert!(!c.notes.is_empty(), "a cap was hit and said so");
}

#[test]
fn binary_garbage() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..2_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let c = capture(&String::from_utf8_lossy(&bytes));
    assert!(c.contacts.len() < 10, "noise is not people: {}", c.contacts.len());
}

#[test]
fn json_ld_bombs() {
    let deep = format!(r#"<script type="application/ld+json">{}{}</script>"#, "[".repeat(100_000), "]".repeat(100_000));
    let wide = format!(
        r#"<script type="application/ld+json">[{}]</script>"#,
        vec![r#"{"@type":"Person","name":"N N"}"#; 200_000].join(",")
    );
    let refs = r##"<script type="application/ld+json">{"@graph":[{"@id":"#a","@type":"Person","name":"Loop Person","worksFor":{"@id":"#b"}},{"@id":"#b","@type":"Organization","name":"Loop Org","member":{"@id":"#a"}}]}</script>"##;
    for html in [deep, wide, refs.to_string()] {
        let c = capture(&html);
        assert!(c.contacts.len() <= 1, "{}", c.contacts.len());
    }
    assert!(!capture(&format!(r#"<script type="application/ld+json">{}</script>"#, "[".repeat(100_000)))
        .notes
        .is_empty());
}

#[test]
fn scripts_bidi_and_zero_width_characters_in_values() {
    let html = r#"<script type="application/ld+json">{"@type":"Person","name":"<script>alert(1)<\/script>Eve\u202Egnp.exe",
        "email":"ev\u200Be@evil.exa\u200Dmple","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}</script>"#;
    let c = capture(html);
    let eve = &c.contacts[0];
    assert_eq!(eve.name.as_ref().unwrap().value, "<script>alert(1)</script>Evegnp.exe", "kept as text, bidi removed");
    assert_eq!(eve.emails[0].value.as_str(), "eve@evil.example");
}
