//! The reader of the browser's own serialization (`capture::serialized`) against html5ever, on every
//! page the product is tested on and the benchmark pages: html5ever parses the source, its
//! serializer writes the tree as a browser's `outerHTML` would, and the reader must rebuild the same
//! tree and the same capture from that text. (The same check against Chromium's real serializer
//! runs in `tests/browser.rs`.)

#[path = "../benches/pages/mod.rs"]
mod pages;

use leadlens::capture::{capture, serialized, Markup, Page, MAX_NESTING};
use std::path::{Path, PathBuf};

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// Every page with the URL it is served at in the tests: `sites/<host>/<path>.html` is that site's page.
fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "demo/site"] {
        html_files(&root.join(dir), &mut files);
    }
    let mut pages: Vec<(String, String)> = files
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(root.join("tests/fixtures/sites")).ok();
            let url = rel.map_or("http://127.0.0.1/page.html".to_string(), |rel| {
                format!("https://{}", rel.with_extension("").display())
            });
            (url, std::fs::read_to_string(file).expect("fixture"))
        })
        .collect();
    pages.push(("https://www.linkedin.com/in/sophie-martin-lumen/".into(), pages::linkedin_2mb()));
    pages.push(("https://team.example/team".into(), pages::team(500)));
    pages.push(("https://www.linkedin.com/feed/update/urn:li:activity:1/".into(), pages::post_reactions(500)));
    assert!(pages.len() > 60, "the fixtures were found: {}", pages.len());
    pages
}

/// What the browser's `document.documentElement.outerHTML` gives for this source.
fn outer_html(source: &str) -> String {
    scraper::Html::parse_document(source).root_element().html()
}

#[test]
fn the_serialization_of_every_test_page_reads_back_to_the_same_tree() {
    for (url, source) in pages() {
        let text = outer_html(&source);
        let read = serialized::read(&text, MAX_NESTING).unwrap_or_else(|| panic!("{url}: refused"));
        assert!(!read.too_deep, "{url}");
        assert_eq!(read.doc.root_element().html(), text, "{url}: a different tree");
    }
}

#[test]
fn every_test_page_captures_the_same_from_its_serialization_as_from_its_source() {
    let now = chrono::Utc::now();
    for (url, source) in pages() {
        let text = outer_html(&source);
        let parsed = capture(&Page { html: &source, url: &url, ..Page::default() }, now);
        let read = capture(&Page { html: &text, markup: Markup::Serialized, url: &url, ..Page::default() }, now);
        assert_eq!(serde_json::to_value(&read).expect("json"), serde_json::to_value(&parsed).expect("json"), "{url}");
    }
}
