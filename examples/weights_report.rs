//! Prints the weights the matcher learns from a generated book: `cargo run --release --example weights_report`.
use leadlens::matching::compare::{Field, FIELDS};
use leadlens::matching::{Index, Person};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let rows = leadlens::synth::lead_book(n, 7);
    let t = Instant::now();
    let index = Index::build(rows.iter().map(|r| Person::from_fields(&r.fields, None)).collect::<Vec<_>>(), vec![]);
    println!(
        "{} rows indexed and learned in {:?}; prior {:.2} bits",
        rows.len(),
        t.elapsed(),
        index.weights.prior_bits
    );
    for i in 0..9.min(FIELDS) {
        let f = Field::from_index(i);
        for (l, what) in f.levels().iter().enumerate() {
            let (m, u) = index.weights.probabilities(f, l as u8 + 1);
            println!("{what:<40} m {m:.4} u {u:.6} {:+.2}", (m / u).log2());
        }
    }
}
