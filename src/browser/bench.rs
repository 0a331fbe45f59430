//! The benchmarks' exports in Wasm, compiled only with `--features bench`, so the extension exports
//! none of them: the matcher's (`benches/matching-browser.mjs` in Chromium,
//! `benches/matching-fuse.mjs` beside fuse.js in Node: a synthetic book built or loaded from a
//! snapshot, and lookups that JavaScript times one by one), the capture stage alone
//! (`benches/browser.mjs`) and the microformats2 parser (`benches/mf2-compare.mjs`).

use crate::matching::{Decision, Fields, Index, Person};
use crate::synth::{distinct_leads, noisy_queries};
use serde_json::json;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

/// A record as both matchers read it: what fuse.js indexes, and what ours folds.
fn record_json(f: &Fields) -> serde_json::Value {
    let name = if f.full_name.is_empty() { format!("{} {}", f.first_name, f.last_name) } else { f.full_name.clone() };
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();
    json!({
        "name": name.trim(), "company": f.company, "email": first(&f.emails), "phone": first(&f.phones),
        "title": f.title, "city": f.city, "linkedin": first(&f.profiles),
    })
}

/// The synthetic leads of a book, handed to JavaScript a chunk at a time: a million at once would
/// be one string of hundreds of megabytes.
#[wasm_bindgen]
pub struct BenchLeads(Box<dyn Iterator<Item = Fields>>);

#[wasm_bindgen]
impl BenchLeads {
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize, seed: u64) -> BenchLeads {
        BenchLeads(Box::new(distinct_leads(n, seed)))
    }

    /// The next `count` leads as a JSON array; empty once all are read.
    pub fn next_json(&mut self, count: usize) -> String {
        serde_json::Value::Array(self.0.by_ref().take(count).map(|f| record_json(&f)).collect()).to_string()
    }
}

struct Query {
    /// The slot of the lead it is, or `None` for someone not in the book.
    expected: Option<u32>,
    fields: Fields,
    person: Person,
}

#[wasm_bindgen]
pub struct BenchBook {
    index: Index,
    queries: Vec<Query>,
    matched: Cell<bool>,
}

#[wasm_bindgen]
impl BenchBook {
    /// The book of [`distinct_leads`]`(n, seed)`, built here.
    pub fn build(n: usize, seed: u64) -> BenchBook {
        let index = Index::build(distinct_leads(n, seed).map(|f| Person::from_fields(&f, None)), vec![]);
        BenchBook { index, queries: Vec::new(), matched: Cell::new(false) }
    }

    /// A book saved by [`BenchBook::snapshot`].
    pub fn from_snapshot(bytes: &[u8]) -> Result<BenchBook, JsError> {
        let index = Index::from_bytes(bytes)?;
        Ok(BenchBook { index, queries: Vec::new(), matched: Cell::new(false) })
    }

    pub fn snapshot(&self) -> Vec<u8> {
        self.index.to_bytes()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn heap_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// Noisy records of every `every`th of the first `people` persons of the book's generator
    /// (`seed` as built): those past the book's size are no lead. Returns how many there are.
    pub fn make_queries(&mut self, people: usize, seed: u64, every: usize) -> usize {
        let n = self.index.len();
        self.queries = noisy_queries(people, seed, every)
            .into_iter()
            .map(|(id, fields)| Query {
                expected: (id < n).then_some(id as u32),
                person: Person::from_fields(&fields, None),
                fields,
            })
            .collect();
        self.queries.len()
    }

    /// Query `i` as fuse.js is given it (JSON).
    pub fn query_json(&self, i: usize) -> String {
        self.queries.get(i).map(|q| record_json(&q.fields).to_string()).unwrap_or_default()
    }

    /// The slot query `i` truly is, or -1 when it is no lead.
    pub fn expected(&self, i: usize) -> i32 {
        self.queries.get(i).and_then(|q| q.expected).map_or(-1, |s| s as i32)
    }

    /// Looks query `i` up: the best lead (matched or offered first), or -1 for "new". With `fold`
    /// the query is read from its raw fields first, as a capture is; without, it was folded ahead.
    pub fn lookup(&self, i: usize, fold: bool) -> i32 {
        let Some(q) = self.queries.get(i) else { return -1 };
        let folded;
        let person = if fold {
            folded = Person::from_fields(&q.fields, None);
            &folded
        } else {
            &q.person
        };
        let (best, matched) = match self.index.lookup(person, &[]) {
            Decision::Match(m) => (m.who as i32, true),
            Decision::Possible(c) => (c.first().map_or(-1, |s| s.who as i32), false),
            Decision::New => (-1, false),
        };
        self.matched.set(matched);
        best
    }

    /// Whether the last lookup was a match rather than a question to the rep.
    pub fn last_matched(&self) -> bool {
        self.matched.get()
    }
}

/// The capture stage alone, timed by the in-browser benchmark (`benches/browser.mjs`), of a source
/// page or of the browser's serialization of one: returns how many people it found, so that the
/// figure leaves out serialising the result.
#[wasm_bindgen]
pub fn bench_capture(html: &str, url: &str, serialized: bool) -> usize {
    use crate::capture::{Markup, Page};
    let markup = if serialized { Markup::Serialized } else { Markup::Source };
    crate::capture::capture(&Page { html, markup, url, ..Page::default() }, chrono::Utc::now()).contacts.len()
}

/// The microformats2 JSON of a page, for the comparison with the JavaScript parser
/// (`benches/mf2-compare.mjs`).
#[wasm_bindgen]
pub fn mf2_json(html: &str, base_url: &str) -> String {
    crate::capture::mf2::parse_document(&scraper::Html::parse_document(html), base_url).to_string()
}
