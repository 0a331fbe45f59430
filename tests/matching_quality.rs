//! The matcher's quality on a generated lead book with known truth: pairwise precision, recall and
//! F1 for `dedupe`, and for single lookups. `cargo test --release --test matching_quality -- --nocapture`
//! prints the figures; `LEADLENS_SEED=N` runs them on another generated book.

use leadlens::matching::dedupe::dedupe;
use leadlens::matching::{Decision, Index, Person};
use leadlens::synth::lead_book;
use std::collections::{HashMap, HashSet};

struct Figures {
    precision: f64,
    recall: f64,
    f1: f64,
}

fn figures(tp: usize, fp: usize, fn_: usize) -> Figures {
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    Figures { precision, recall, f1: 2.0 * precision * recall / (precision + recall).max(f64::EPSILON) }
}

/// The book's seed: the default, or another one to see the figures' spread.
fn seed(default: u64) -> u64 {
    std::env::var("LEADLENS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// Whether two records share what only one person has: an email, a number or a profile.
fn share_an_identifier(a: &leadlens::matching::Fields, b: &leadlens::matching::Fields) -> bool {
    let lower = |v: &[String]| v.iter().map(|e| e.to_lowercase()).collect::<Vec<_>>();
    let digits = |v: &[String]| {
        v.iter()
            .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>().trim_start_matches('1').to_string())
            .collect::<Vec<_>>()
    };
    let any = |x: Vec<String>, y: Vec<String>| x.iter().any(|v| y.contains(v));
    any(lower(&a.emails), lower(&b.emails))
        || any(digits(&a.phones), digits(&b.phones))
        || any(a.profiles.clone(), b.profiles.clone())
}

#[test]
fn dedupe_pairs_against_the_truth() {
    let rows = lead_book(3_000, seed(7));
    let index = Index::build(rows.iter().map(|r| Person::from_fields(&r.fields, None)).collect::<Vec<_>>(), vec![]);
    let clusters = dedupe(&index);
    let mut predicted = HashSet::new();
    for c in &clusters {
        for (i, &a) in c.slots.iter().enumerate() {
            for &b in &c.slots[i + 1..] {
                predicted.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut by_person: HashMap<usize, Vec<u32>> = HashMap::new();
    for (slot, r) in rows.iter().enumerate() {
        by_person.entry(r.person).or_default().push(slot as u32);
    }
    let mut truth = HashSet::new();
    for slots in by_person.values() {
        for (i, &a) in slots.iter().enumerate() {
            for &b in &slots[i + 1..] {
                truth.insert((a.min(b), a.max(b)));
            }
        }
    }
    let tp = predicted.intersection(&truth).count();
    let f = figures(tp, predicted.len() - tp, truth.len() - tp);
    println!(
        "dedupe: {} rows, {} true pairs, {} predicted; precision {:.4} recall {:.4} F1 {:.4}",
        rows.len(),
        truth.len(),
        predicted.len(),
        f.precision,
        f.recall,
        f.f1
    );
    for &(a, b) in predicted.difference(&truth).take(5) {
        println!("false merge: {:?}\n         vs {:?}", rows[a as usize].fields, rows[b as usize].fields);
    }
    let missed: Vec<_> = truth.difference(&predicted).collect();
    let unidentified =
        missed.iter().filter(|&&&(a, b)| !share_an_identifier(&rows[a as usize].fields, &rows[b as usize].fields));
    println!("missed pairs sharing no email, number or profile: {} of {}", unidentified.count(), missed.len());
    for &(a, b) in missed.into_iter().take(5) {
        println!("missed: {:?}\n    vs {:?}", rows[a as usize].fields, rows[b as usize].fields);
    }
    assert!(f.precision >= 0.995, "precision {:.4}", f.precision);
    assert!(f.f1 >= 0.99, "F1 {:.4}", f.f1);
}

#[test]
fn lookups_against_the_truth() {
    let rows = lead_book(3_000, seed(11));
    // The book: each person's first record, for four persons in five; the fifth is never a lead.
    let mut in_book: HashMap<usize, u32> = HashMap::new();
    let mut book = Vec::new();
    let mut queries = Vec::new();
    for r in &rows {
        if r.person % 5 != 4 && !in_book.contains_key(&r.person) {
            in_book.insert(r.person, book.len() as u32);
            book.push(Person::from_fields(&r.fields, None));
        } else {
            queries.push(r);
        }
    }
    let index = Index::build(book, vec![]);
    let (mut tp, mut fp, mut fn_, mut possible, mut offered) = (0, 0, 0, 0, 0);
    for q in &queries {
        let expected = in_book.get(&q.person).copied();
        match (index.lookup(&Person::from_fields(&q.fields, None), &[]), expected) {
            (Decision::Match(m), Some(e)) if m.who == e => tp += 1,
            (Decision::Match(_), _) => fp += 1,
            (Decision::Possible(c), Some(e)) => {
                possible += 1;
                fn_ += 1;
                offered += usize::from(c.iter().any(|s| s.who == e));
            }
            (Decision::Possible(_), None) => possible += 1,
            (Decision::New, Some(_)) => fn_ += 1,
            (Decision::New, None) => {}
        }
    }
    let f = figures(tp, fp, fn_);
    println!(
        "lookups: {} queries, {} leads; precision {:.4} recall {:.4} F1 {:.4}; {} asked the rep ({} with the right lead offered)",
        queries.len(),
        index.len(),
        f.precision,
        f.recall,
        f.f1,
        possible,
        offered
    );
    assert!(f.precision >= 0.995, "precision {:.4}", f.precision);
    assert!(f.f1 >= 0.99, "F1 {:.4}", f.f1);
}

/// A book of distinct people whose names look alike (family names of three syllables, one
/// given name in sixteen, employers named alike), each with their own email and number: nobody
/// in it is anybody else. EM must not take the look-alike pairs for true ones.
#[test]
fn a_book_of_distinct_look_alike_people_has_no_duplicates() {
    let given = [
        "Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam", "Maya",
        "Noah", "Olga", "Pablo",
    ];
    let syllables = [
        "ka", "lo", "mi", "ner", "ost", "pra", "quin", "ros", "sel", "tam", "ur", "vek", "wil", "xan", "yor", "zed",
        "bel", "cor", "dan", "fen",
    ];
    let people: Vec<Person> = (0..2_000)
        .map(|i| {
            let family = [i % 20, (i / 20) % 20, (i / 400) % 20].map(|s| syllables[s]).concat();
            let g = given[(i * 7) % given.len()];
            let fields = leadlens::matching::Fields {
                first_name: g.into(),
                last_name: family.clone(),
                company: format!("Acme {} {}", i % 20, i / 200),
                emails: vec![format!("{}.{family}.{i}@acme{}.example", g.to_lowercase(), i / 200)],
                phones: vec![format!("+1 212 200 {:04}", i)],
                city: "Austin".into(),
                ..Default::default()
            };
            Person::from_fields(&fields, None)
        })
        .collect();
    let clusters = dedupe(&Index::build(people, vec![]));
    let merged: usize = clusters.iter().map(|c| c.slots.len()).sum();
    assert_eq!((clusters.len(), merged), (0, 0), "{:?}", clusters.first().map(|c| &c.links));
}
