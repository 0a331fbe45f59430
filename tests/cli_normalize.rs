//! `leadlens normalize …` as ops scripts use it: one raw value per line in, one JSON object per line out.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `leadlens normalize <args>` with `stdin`; returns success, the JSON lines and stderr.
fn normalize(args: &[&str], stdin: &[u8]) -> (bool, Vec<Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .arg("normalize")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run leadlens");
    // A refused command may exit before reading its input: a broken pipe is its answer, not ours.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out.status.success(), lines, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn phone_lines() {
    let input = "+1 (415) 555-0100\n020 7946 0958\ntel:+1-415-555-0100;ext=12\n+44 0123 456 789\nnot a number\n";
    let (ok, lines, err) = normalize(&["phone", "--region", "gb"], input.as_bytes());
    assert!(ok, "{err}");
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        json!({"input": "+1 (415) 555-0100", "e164": "+14155550100", "valid": true, "possible": true,
               "type": "fixed_line_or_mobile", "region": "US", "extension": null})
    );
    assert_eq!(lines[1]["e164"], "+442079460958", "the default region applies to national numbers");
    assert_eq!(lines[1]["type"], "fixed_line");
    assert_eq!(lines[2]["extension"], "12");
    assert_eq!((&lines[3]["valid"], &lines[3]["e164"]), (&json!(false), &Value::Null));
    assert_eq!(lines[4]["input"], "not a number");
    assert_eq!(lines[4]["valid"], false);
}

#[test]
fn phone_without_region_needs_a_country_code() {
    let (ok, lines, _) = normalize(&["phone"], b"(415) 555-0100\n00 44 20 7946 0958\n");
    assert!(ok);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(lines[1]["e164"], "+442079460958");
}

#[test]
fn unknown_region_is_refused_with_advice() {
    let (ok, lines, err) = normalize(&["phone", "--region", "XX"], b"020 7946 0958\n");
    assert!(!ok);
    assert!(lines.is_empty());
    assert!(err.contains("ISO 3166 alpha-2"), "{err}");
}

#[test]
fn email_lines() {
    let input = "Jane.Doe@Acme.com\njane [at] acme [dot] com\njane&#64;acme.com.\ninfo(at)acme.com\nmeet me at noon\njane@acme\n";
    let (ok, lines, err) = normalize(&["email"], input.as_bytes());
    assert!(ok, "{err}");
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[0],
        json!({"input": "Jane.Doe@Acme.com", "email": "jane.doe@acme.com", "valid": true, "error": null, "role": false})
    );
    assert_eq!(lines[1]["email"], "jane@acme.com");
    assert_eq!(lines[2]["email"], "jane@acme.com");
    assert_eq!((&lines[3]["email"], &lines[3]["role"]), (&json!("info@acme.com"), &json!(true)));
    assert_eq!(
        lines[4],
        json!({"input": "meet me at noon", "email": null, "valid": false,
               "error": "no @ between a name and a domain", "role": false})
    );
    assert_eq!(lines[5]["error"], "the part after @ is not a domain like acme.com");
}

#[test]
fn name_lines() {
    let (ok, lines, err) =
        normalize(&["name"], "Dr. Jane A. Doe, PhD\nDOE, Jane Ann\n王小明\njane@acme.com\n".as_bytes());
    assert!(ok, "{err}");
    assert_eq!(
        lines[0],
        json!({"input": "Dr. Jane A. Doe, PhD", "valid": true, "full": "Dr. Jane A. Doe, PhD", "given": "Jane",
               "middle": "A.", "family": "Doe", "honorific_prefix": "Dr.", "honorific_suffix": "PhD", "nickname": null})
    );
    assert_eq!(
        (&lines[1]["given"], &lines[1]["middle"], &lines[1]["family"]),
        (&json!("Jane"), &json!("Ann"), &json!("Doe"))
    );
    assert_eq!(
        (&lines[2]["family"], &lines[2]["given"], &lines[2]["full"]),
        (&json!("王"), &json!("小明"), &json!("王小明"))
    );
    assert_eq!(
        (&lines[3]["valid"], &lines[3]["full"], &lines[3]["given"]),
        (&json!(false), &Value::Null, &Value::Null)
    );
}

#[test]
fn company_lines() {
    let (ok, lines, err) = normalize(&["company"], "Acme, Inc.\r\nThe Acme Company\nNestlé S.A.\n...\n".as_bytes());
    assert!(ok, "{err}");
    assert_eq!(lines[0], json!({"input": "Acme, Inc.", "valid": true, "key": "acme", "display": "Acme, Inc."}));
    assert_eq!(lines[1]["key"], "acme");
    assert_eq!((&lines[2]["key"], &lines[2]["display"]), (&json!("nestle"), &json!("Nestlé S.A.")));
    assert_eq!(lines[3], json!({"input": "...", "valid": false, "key": null, "display": null}));
}

/// A line that is not UTF-8 is answered as invalid, and the lines after it are still read.
#[test]
fn an_unreadable_line_does_not_abort_the_batch() {
    for kind in ["phone", "email", "name", "company"] {
        let (ok, lines, err) = normalize(&[kind], b"+1 415 555 0100 \xff\xfe\njane@acme.com\n\nAcme Inc\n");
        assert!(ok, "{kind}: {err}");
        assert_eq!(lines.len(), 4, "{kind}: every line answered, the empty one too");
        assert_eq!(lines[0]["valid"], false, "{kind}");
        assert!(lines[0]["input"].as_str().unwrap().starts_with("+1 415 555 0100"), "{kind}");
        assert_eq!(lines[2]["valid"], false, "{kind}: empty line");
    }
    let (_, lines, _) = normalize(&["email"], b"jane@acme.com\xff\n");
    assert_eq!(lines[0]["error"], "not valid UTF-8 text");
}

#[test]
fn empty_input_prints_nothing() {
    let (ok, lines, _) = normalize(&["name"], b"");
    assert!(ok);
    assert!(lines.is_empty());
}
