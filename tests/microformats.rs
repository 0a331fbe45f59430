#![cfg(not(target_arch = "wasm32"))]
//! The official microformats test suite (tests/fixtures/microformats, CC0, see SOURCE_COMMIT.txt):
//! every `*.html` with a `*.json` beside it is parsed and compared with the expected parser output.
//! Prints a pass table per folder; every folder listed in `MUST_PASS` must pass in full.

use leadlens::capture::mf2::parse_document;
use scraper::Html;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The suite's documents are read as if served from here.
const BASE_URL: &str = "http://example.com/";

/// Folders whose every case must pass: all the contact-relevant ones we ship.
const MUST_PASS: &[&str] = &[
    "microformats-v2/h-card",
    "microformats-v2/h-adr",
    "microformats-v2/h-geo",
    "microformats-mixed/h-card",
    "microformats-v1/hcard",
    "microformats-v1/adr",
    "microformats-v1/geo",
    "microformats-v2/rel",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/microformats")
}

/// Folders holding cases, relative to the fixtures, sorted.
fn case_folders(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).expect("fixtures readable").map(|e| e.unwrap().path()).collect();
    entries.sort();
    if entries.iter().any(|p| p.extension().is_some_and(|e| e == "json")) {
        found.push(dir.to_path_buf());
    }
    entries.into_iter().filter(|p| p.is_dir()).for_each(|p| case_folders(&p, found));
}

/// The names of the failing cases in `folder`, and how many cases it has.
fn run_folder(folder: &Path) -> (Vec<String>, usize) {
    let mut cases: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    let mut failed = Vec::new();
    for expected_path in &cases {
        let html = fs::read_to_string(expected_path.with_extension("html")).expect("each .json has its .html");
        let expected: Value = serde_json::from_str(&fs::read_to_string(expected_path).unwrap()).unwrap();
        let got = parse_document(&Html::parse_document(&html), BASE_URL);
        if got != expected {
            let name = expected_path.file_stem().unwrap().to_string_lossy().into_owned();
            eprintln!("FAIL {}\n  got:      {got}\n  expected: {expected}", expected_path.display());
            failed.push(name);
        }
    }
    (failed, cases.len())
}

#[test]
fn official_microformats_suite() {
    let root = fixtures();
    let mut folders = Vec::new();
    case_folders(&root, &mut folders);
    assert!(!folders.is_empty(), "no fixtures under {}", root.display());
    let mut must_pass_failures = Vec::new();
    println!("{:<28} {:>7}", "folder", "passed");
    for folder in &folders {
        let name = folder.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let (failed, total) = run_folder(folder);
        println!("{name:<28} {:>3}/{total:<3} {}", total - failed.len(), failed.join(" "));
        if MUST_PASS.contains(&name.as_str()) {
            must_pass_failures.extend(failed.into_iter().map(|case| format!("{name}/{case}")));
        }
    }
    for required in MUST_PASS {
        assert!(root.join(required).is_dir(), "missing fixture folder {required}");
    }
    assert!(must_pass_failures.is_empty(), "failing cases: {must_pass_failures:?}");
}
