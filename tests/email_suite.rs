//! `leadlens normalize email` (which reads a value as a page writes it: `Email::parse_obfuscated`)
//! against email-validator's verdicts on the addresses of its own public test suite
//! (tests/fixtures/real/email-validator/, written by scripts/refresh-email-cases.sh), beside a
//! naive rule in the same run: one "@", something before it, a dot after it, no space.

use leadlens::normalize::Email;

const CASES: &str = include_str!("fixtures/real/email-validator/cases.tsv");

fn naive(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.contains('@') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[test]
fn agrees_with_email_validator_on_its_own_test_addresses() {
    let cases: Vec<(String, bool)> = CASES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (input, verdict) = l.split_once('\t').expect("input<TAB>verdict");
            (serde_json::from_str(input).expect("a JSON string"), verdict == "valid")
        })
        .collect();
    assert!(cases.len() > 250, "{} cases", cases.len());
    let mut ours = [0usize; 2];
    let mut base = [0usize; 2];
    let mut disagreements = Vec::new();
    for (input, valid) in &cases {
        let verdict = Email::parse_obfuscated(input).is_ok();
        ours[usize::from(verdict == *valid)] += 1;
        base[usize::from(naive(input) == *valid)] += 1;
        if verdict != *valid {
            disagreements.push(format!("{input:?}: validator {valid}, ours {verdict}"));
        }
    }
    let rate = |r: [usize; 2]| r[1] as f64 / cases.len() as f64;
    println!(
        "email-validator 2.2.0's test addresses: {} ({} valid)",
        cases.len(),
        cases.iter().filter(|c| c.1).count()
    );
    println!("| rule | agree | disagree | agreement |\n| --- | --- | --- | --- |");
    println!("| leadlens normalize email | {} | {} | {:.3} |", ours[1], ours[0], rate(ours));
    println!("| naive (one @, a dot after it, no space) | {} | {} | {:.3} |", base[1], base[0], rate(base));
    println!("where we differ:\n  {}", disagreements.join("\n  "));
    assert!(rate(ours) >= 0.95, "agreement {:.3} below 0.95", rate(ours));
    assert!(rate(ours) > rate(base), "no better than the naive rule");
}
