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
