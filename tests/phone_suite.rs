//! Phone numbers against libphonenumber's own example numbers (every region's example of every
//! number type, the non-geographic codes' and each region's invalid example), written nationally,
//! internationally, in E.164 and as `tel:` links (tests/fixtures/real/libphonenumber/, written by
//! scripts/refresh-phone-cases.sh), beside a naive rule in the same run: the digits after a "+".

use leadlens::normalize::parse_phone;

const CASES: &str = include_str!("fixtures/real/libphonenumber/cases.tsv");

fn naive(written: &str) -> String {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    match written.trim_start_matches("tel:").starts_with('+') {
        true => format!("+{digits}"),
        false => "invalid".into(),
    }
}

/// Per way of writing: how many numbers each rule read as libphonenumber does ([1]) or not ([0]).
struct Tally {
    kind: &'static str,
    ours: [usize; 2],
    naive: [usize; 2],
}

fn rate(r: [usize; 2]) -> f64 {
    r[1] as f64 / (r[0] + r[1]) as f64
}

#[test]
fn agrees_with_libphonenumber_on_its_example_numbers() {
    let mut kinds: Vec<Tally> = Vec::new();
    let mut disagreements = Vec::new();
    for line in CASES.lines().filter(|l| !l.starts_with('#')) {
        let [written, region, expected] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("{line:?}") };
        let info = parse_phone(written, Some(region));
        let ours = info.e164.map_or("invalid".to_string(), |e| e.as_str().to_string());
        let kind = match written {
            w if w.starts_with("tel:") => "tel: link",
            w if w.starts_with('+') && !w.contains(' ') => "E.164",
            w if w.starts_with('+') => "international",
            _ => "national",
        };
        let i = kinds.iter().position(|k| k.kind == kind).unwrap_or_else(|| {
            kinds.push(Tally { kind, ours: [0; 2], naive: [0; 2] });
            kinds.len() - 1
        });
        kinds[i].ours[usize::from(ours == expected)] += 1;
        kinds[i].naive[usize::from(naive(written) == expected)] += 1;
        if ours != expected {
            disagreements.push(format!("{written} ({region}): libphonenumber {expected}, ours {ours}"));
        }
    }
    let sum = |rows: Vec<[usize; 2]>| rows.into_iter().fold([0, 0], |a, b| [a[0] + b[0], a[1] + b[1]]);
    let ours = sum(kinds.iter().map(|k| k.ours).collect());
    let base = sum(kinds.iter().map(|k| k.naive).collect());
    println!("| written | numbers | ours agree | naive agrees |\n| --- | --- | --- | --- |");
    for k in &kinds {
        println!("| {} | {} | {:.4} | {:.4} |", k.kind, k.ours[0] + k.ours[1], rate(k.ours), rate(k.naive));
    }
    println!("| all | {} | {:.4} | {:.4} |", ours[0] + ours[1], rate(ours), rate(base));
    println!("where we differ ({}):\n  {}", disagreements.len(), disagreements.join("\n  "));
    assert!(ours[0] + ours[1] > 5000);
    assert!(rate(ours) >= 0.995, "agreement {:.4} below 0.995", rate(ours));
    assert!(rate(ours) > rate(base), "no better than the naive rule");
}
