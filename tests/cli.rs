//! The `leadlens` command as ops scripts use it.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

fn leadlens(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run leadlens");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn extract_prints_the_capture_as_json() {
    let (ok, out, err) = leadlens(
        &["extract", "demo/site/in/maria-gonzalez-ops.html", "--url", "https://www.linkedin.com/in/maria-gonzalez-ops"],
        None,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["url"], "https://www.linkedin.com/in/maria-gonzalez-ops");
    let contacts = v["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["name"]["value"], "María González");
    assert_eq!(contacts[0]["name"]["extractor"], "jsonld");
    assert_eq!(contacts[0]["company"]["value"], "Northwind Robotics");
    assert_eq!(contacts[0]["profiles"][0]["value"]["id"], "maria-gonzalez-ops");
    assert!(v["organization"].is_null(), "LinkedIn, the publisher, is not the page's organisation");
    assert_eq!(v["engagements"], serde_json::json!([]));
}

#[test]
fn extract_reads_stdin_and_directories() {
    let html =
        r#"<script type="application/ld+json">{"@type":"Person","name":"Ann Lee","email":"ann@beta.io"}</script>"#;
    let (ok, out, _) = leadlens(&["extract", "-", "--url", "https://beta.io/about"], Some(html));
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["contacts"][0]["emails"][0]["value"], "ann@beta.io");

    let (ok, out, _) = leadlens(&["extract", "demo/site"], None);
    assert!(ok);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "index.html and team.html");
    assert!(lines.iter().any(|l| l["contacts"].as_array().unwrap().len() == 4));
}

#[test]
fn extract_says_what_is_wrong_with_a_missing_file() {
    let (ok, _, err) = leadlens(&["extract", "no/such/page.html"], None);
    assert!(!ok);
    assert!(err.contains("cannot read no/such/page.html"), "{err}");
}

#[test]
fn extract_reads_the_vcards_a_saved_page_links_to() {
    let (ok, out, err) =
        leadlens(&["extract", "demo/site/team.html", "--url", "https://northwind.example/team.html"], None);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["vcard_links"], serde_json::json!(["https://northwind.example/vcards/priya-raman.vcf"]));
    let priya = v["contacts"].as_array().unwrap().iter().find(|c| c["name"]["value"] == "Priya Raman").unwrap();
    assert_eq!(priya["phones"][0]["value"]["number"], "+52 81 5555 0147");
    assert_eq!(priya["phones"][0]["value"]["label"], "mobile");
    assert_eq!(priya["phones"][0]["extractor"], "vcard");
}

fn dedupe(args: &[&str]) -> (bool, Vec<serde_json::Value>, String) {
    let mut all = vec!["dedupe", "tests/fixtures/leads/crm-export.csv"];
    all.extend_from_slice(args);
    let (ok, out, err) = leadlens(&all, None);
    (ok, out.lines().map(|l| serde_json::from_str(l).unwrap()).collect(), err)
}

#[test]
fn dedupe_prints_one_cluster_per_person_with_reasons() {
    let map = "Given=first_name,Surname=last_name,Employer=company,Work Email=email,Mobile=phone,Town=city";
    let (ok, clusters, err) = dedupe(&["--id-column", "Record ID", "--map", map, "--extra", "Badge"]);
    assert!(ok, "{err}");
    let ids: Vec<&serde_json::Value> = clusters.iter().map(|c| &c["ids"]).collect();
    assert_eq!(
        ids,
        [&serde_json::json!(["101", "102"]), &serde_json::json!(["103", "104"]), &serde_json::json!(["107", "108"])]
    );
    let reasons = clusters[0]["reasons"][0].as_str().unwrap();
    assert!(reasons.starts_with("101 ~ 102: ") && reasons.contains("phone equal +"), "{clusters:?}");
    assert!(reasons.contains("nickname +"), "{clusters:?}");
    assert!(clusters[1]["reasons"][0].as_str().unwrap().contains("Badge equal"), "{clusters:?}");
    assert!(err.contains("line 10: 3 fields where the header has 8"), "{err}");
}

#[test]
fn dedupe_without_the_extra_column_misses_what_only_it_tells() {
    let map = "Given=first_name,Surname=last_name,Employer=company,Work Email=email,Mobile=phone,Town=city";
    let (ok, clusters, err) = dedupe(&["--id-column", "Record ID", "--map", map]);
    assert!(ok, "{err}");
    assert!(!clusters.iter().any(|c| c["ids"] == serde_json::json!(["103", "104"])), "{clusters:?}");
}

#[test]
fn dedupe_writes_merged_leads_and_loses_no_value() {
    let out = std::env::temp_dir().join(format!("leadlens-merged-{}.csv", std::process::id()));
    let map = "Given=first_name,Surname=last_name,Employer=company,Work Email=email,Mobile=phone,Town=city";
    let (ok, _, err) = dedupe(&["--id-column", "Record ID", "--map", map, "--merged", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    let merged = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    let rows: Vec<&str> = merged.lines().collect();
    assert_eq!(rows.len(), 1 + 8 - 2, "8 good rows, 2 clusters of two: {merged}");
    let robert = rows.iter().find(|r| r.starts_with("101,")).unwrap();
    assert!(robert.contains("101;102") && robert.contains("Given=Bob (102)"), "{robert}");
}

#[test]
fn dedupe_says_what_is_wrong_with_the_mapping() {
    let (ok, _, err) = dedupe(&["--map", "Surname=surname"]);
    assert!(!ok);
    assert!(err.contains("\"surname\" is not a lead field"), "{err}");
    let (ok, _, err) = dedupe(&["--id-column", "nope", "--map", "Surname=last_name"]);
    assert!(!ok);
    assert!(err.contains("no column \"nope\""), "{err}");
}

#[test]
fn match_says_which_row_each_captured_person_is() {
    let (ok, capture, err) = leadlens(&["extract", "demo/site/team.html", "--url", "https://acme.test/team"], None);
    assert!(ok, "{err}");
    let line = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&capture).unwrap()).unwrap();
    let book = std::env::temp_dir().join(format!("leadlens-book-{}.csv", std::process::id()));
    std::fs::write(&book, "id,full_name,email\n7,Someone Else,someone@else.test\n").unwrap();
    let (ok, out, err) = leadlens(&["match", "--book", book.to_str().unwrap(), "-"], Some(&line));
    std::fs::remove_file(&book).ok();
    assert!(ok, "{err}");
    let results: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(results.len(), 4, "{out}");
    assert!(results.iter().all(|r| r["outcome"] == "new"), "{out}");
}
