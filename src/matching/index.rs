//! The lookup index: every person packed into one string, and one sorted table of (key, slot)
//! pairs, so a million leads take a few dozen megabytes and a lookup reads a few small blocks.
//! Recent additions sit in a small map until the next [`Index::compact`].
//!
//! Slots are the caller's: the lead book numbers its leads, the CLI its rows.

use super::compare::compare;
use super::compare::{Field, FIELDS};
use super::keys::{company_block, name_block, query_keys, record_keys, Key};
use super::person::{Person, PersonRef};
use super::score::{decide, score, Decision, Scored};
use super::weights::{PatternCounts, Session, Weights};
use std::collections::HashMap;

/// Most candidates a lookup compares in full; blocks are read smallest first until this is spent.
const MAX_CANDIDATES: usize = 256;
/// Records sampled to learn weights, and random pairs for `u`.
const LEARN_RECORDS: usize = 20_000;
const LEARN_RANDOM_PAIRS: usize = 60_000;
/// The delta map is folded into the sorted table past this many entries.
const MAX_DELTA: usize = 50_000;

pub type Slot = u32;

#[derive(Debug, Default)]
pub struct Index {
    text: String,
    /// (start, length) of each slot's packed person in `text`; length 0 for a removed one.
    spans: Vec<(u32, u32)>,
    table: Vec<(Key, Slot)>,
    delta: HashMap<Key, Vec<Slot>>,
    delta_entries: usize,
    pub weights: Weights,
    /// Names of the declared extra fields, for reasons.
    pub extra_names: Vec<String>,
}

impl Index {
    /// Builds the index of `people` in one pass (slot = position) and learns its weights.
    pub fn build(people: impl IntoIterator<Item = Person>, extra_names: Vec<String>) -> Index {
        let mut index = Index { extra_names, ..Index::default() };
        for p in people {
            let slot = index.store(&p);
            for k in record_keys(&p.as_ref()) {
                index.table.push((k, slot));
            }
        }
        index.table.sort_unstable();
        index.learn();
        index
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn store(&mut self, p: &Person) -> Slot {
        let slot = self.spans.len() as Slot;
        let span = self.pack(p);
        self.spans.push(span);
        self.count_names(p, true);
        slot
    }

    fn pack(&mut self, p: &Person) -> (u32, u32) {
        let start = self.text.len();
        p.pack(&mut self.text);
        (start as u32, (self.text.len() - start) as u32)
    }

    fn count_names(&mut self, p: &Person, add: bool) {
        for (freq, value) in [(&mut self.weights.given_names, &p.given), (&mut self.weights.family_names, &p.family)] {
            if add {
                freq.add(value);
            } else {
                freq.remove(value);
            }
        }
    }

    /// Adds a person at the next slot.
    pub fn push(&mut self, p: &Person) -> Slot {
        let slot = self.store(p);
        self.add_keys(p, slot);
        slot
    }

    /// Replaces the person at `slot` (a lead that learned a new email). Keys it no longer has
    /// stay behind until the next rebuild: they only bring a candidate that is then compared in full.
    pub fn update(&mut self, slot: Slot, p: &Person) {
        let Some(old) = self.person_owned(slot) else { return };
        self.count_names(&old, false);
        self.count_names(p, true);
        let span = self.pack(p);
        self.spans[slot as usize] = span;
        self.add_keys(p, slot);
    }

    /// Takes a person out of every lookup (a lead deleted or suppressed).
    pub fn remove(&mut self, slot: Slot) {
        if let Some(old) = self.person_owned(slot) {
            self.count_names(&old, false);
            self.spans[slot as usize] = (0, 0);
        }
    }

    fn person_owned(&self, slot: Slot) -> Option<Person> {
        let p = self.person(slot)?;
        Some(Person { given: p.given.to_string(), family: p.family.to_string(), ..Person::default() })
    }

    fn add_keys(&mut self, p: &Person, slot: Slot) {
        for k in record_keys(&p.as_ref()) {
            let slots = self.delta.entry(k).or_default();
            if !slots.contains(&slot) {
                slots.push(slot);
                self.delta_entries += 1;
            }
        }
        if self.delta_entries > MAX_DELTA {
            self.compact();
        }
    }

    /// Folds recent additions into the sorted table.
    pub fn compact(&mut self) {
        for (k, slots) in self.delta.drain() {
            self.table.extend(slots.into_iter().map(|s| (k, s)));
        }
        self.table.sort_unstable();
        self.table.dedup();
        self.delta_entries = 0;
    }

    pub fn person(&self, slot: Slot) -> Option<PersonRef<'_>> {
        let &(start, len) = self.spans.get(slot as usize)?;
        (len > 0).then(|| PersonRef::unpack(&self.text[start as usize..(start + len) as usize]))
    }

    fn block(&self, key: Key) -> (&[(Key, Slot)], &[Slot]) {
        let lo = self.table.partition_point(|&(k, _)| k < key);
        let hi = lo + self.table[lo..].partition_point(|&(k, _)| k == key);
        (&self.table[lo..hi], self.delta.get(&key).map_or(&[], Vec::as_slice))
    }

    /// Slots worth comparing with `q`: its blocks read smallest first (an email's block before
    /// "Smith, J."), until [`MAX_CANDIDATES`] are gathered.
    pub fn candidates(&self, q: &PersonRef) -> Vec<Slot> {
        let mut blocks: Vec<_> = query_keys(q).into_iter().map(|k| self.block(k)).collect();
        blocks.sort_by_key(|(t, d)| t.len() + d.len());
        let mut out: Vec<Slot> = Vec::new();
        for (table, delta) in blocks {
            let size = table.len() + delta.len();
            if size == 0 {
                continue;
            }
            if !out.is_empty() && out.len() + size > MAX_CANDIDATES {
                break;
            }
            out.extend(table.iter().map(|&(_, s)| s).chain(delta.iter().copied()).take(MAX_CANDIDATES));
            out.sort_unstable();
            out.dedup();
        }
        out.retain(|&s| self.spans.get(s as usize).is_some_and(|&(_, len)| len > 0));
        out
    }

    /// Scores one candidate against `q`.
    pub fn score(&self, q: &PersonRef, slot: Slot) -> Option<Scored<Slot>> {
        let c = self.person(slot)?;
        let comparison = compare(q, &c);
        let (bits, evidence) = score(&self.weights, &comparison, q, &self.extra_names);
        Some(Scored { who: slot, bits, evidence })
    }

    /// Who `q` is in the index, with reasons; `except` slots are left out (a record looking for
    /// its own duplicates, or leads the rep said are someone else).
    pub fn lookup(&self, q: &Person, except: &[Slot]) -> Decision<Slot> {
        if q.is_empty() {
            return Decision::New;
        }
        let q = q.as_ref();
        let scored =
            self.candidates(&q).into_iter().filter(|s| !except.contains(s)).filter_map(|s| self.score(&q, s)).collect();
        decide(scored)
    }

    /// Learns the weights from the index itself (see `weights`): random pairs for `u`, and for `m`
    /// each sampled record against the others in its name block.
    pub fn learn(&mut self) {
        let n = self.len();
        if n < 2 {
            return;
        }
        let mut random = PatternCounts::new();
        let mut rng = Lcg(0x5eed);
        for _ in 0..LEARN_RANDOM_PAIRS.min(n * (n - 1) / 2) {
            let (a, b) = (rng.below(n) as Slot, rng.below(n) as Slot);
            if let (true, Some(x), Some(y)) = (a != b, self.person(a), self.person(b)) {
                *random.entry(compare(&x, &y).pattern).or_default() += 1;
            }
        }
        // Name blocks teach everything but the names; company blocks teach the names.
        let names = [Field::Given, Field::Family];
        let by_name = self.block_pairs(|p| name_block(p));
        let by_company = self.block_pairs(|p| company_block(p));
        let others: Vec<Field> = (0..FIELDS).map(Field::from_index).filter(|f| !names.contains(f)).collect();
        let sessions = [
            Session { pairs: by_name, blocked: names.to_vec(), learn: others },
            Session { pairs: by_company, blocked: vec![Field::Company], learn: names.to_vec() },
        ];
        self.weights.estimate(&sessions, &random);
    }

    /// Patterns of pairs within the blocks `block` gives, for a sample of records; each pair once.
    fn block_pairs(&self, block: impl Fn(&PersonRef) -> Option<Key>) -> PatternCounts {
        let mut counts = PatternCounts::new();
        let n = self.len();
        for slot in (0..n).step_by((n / LEARN_RECORDS).max(1)) {
            let Some(q) = self.person(slot as Slot) else { continue };
            let Some(key) = block(&q) else { continue };
            let (table, delta) = self.block(key);
            if table.len() + delta.len() > MAX_CANDIDATES {
                continue;
            }
            for c in table.iter().map(|&(_, s)| s).chain(delta.iter().copied()).filter(|&c| c as usize > slot) {
                if let Some(other) = self.person(c) {
                    *counts.entry(compare(&q, &other).pattern).or_default() += 1;
                }
            }
        }
        counts
    }

    /// Bytes held, for the benchmark's memory per lead.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.spans.capacity() * 8
            + self.table.capacity() * 8
            + self.delta.capacity() * 40
            + self.delta_entries * 4
            + self.weights.given_names.heap_bytes()
            + self.weights.family_names.heap_bytes()
    }
}

/// A small deterministic generator: sampling must give the same weights on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        // Knuth's MMIX constants.
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::super::person::Fields;
    use super::*;

    fn person(first: &str, last: &str, company: &str, email: &str) -> Person {
        Person::from_fields(
            &Fields {
                first_name: first.into(),
                last_name: last.into(),
                company: company.into(),
                emails: if email.is_empty() { vec![] } else { vec![email.into()] },
                ..Fields::default()
            },
            None,
        )
    }

    fn book() -> Index {
        Index::build(
            vec![
                person("Robert", "Smith", "Acme", "rsmith@acme.com"),
                person("Alice", "Jones", "Globex", "alice@globex.com"),
                person("Jane", "Doe", "Initech", ""),
                person("John", "Doe", "Initech", ""),
            ],
            vec![],
        )
    }

    #[test]
    fn finds_by_email_by_fuzzy_name_and_says_new_otherwise() {
        let index = book();
        let Decision::Match(m) = index.lookup(&person("", "", "", "RSmith@acme.com"), &[]) else { panic!() };
        assert_eq!(m.who, 0);
        assert_eq!(m.reasons()[0].split(" +").next(), Some("email equal"));
        let Decision::Match(m) = index.lookup(&person("Bob", "Smyth", "ACME Inc.", "rsmith@acme.com"), &[]) else {
            panic!()
        };
        assert_eq!(m.who, 0);
        assert!(m.reasons().iter().any(|r| r.starts_with("nickname")), "{:?}", m.reasons());
        assert_eq!(index.lookup(&person("Zed", "Zulu", "Umbrella", "zz@umbrella.com"), &[]), Decision::New);
    }

    #[test]
    fn a_name_and_company_alone_is_a_question_not_an_answer() {
        let index = book();
        match index.lookup(&person("J", "Doe", "Initech", ""), &[]) {
            Decision::Possible(c) => assert_eq!(c.len(), 2, "Jane and John"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pushed_updated_and_removed_people_are_found_or_not() {
        let mut index = book();
        let slot = index.push(&person("Maria", "Gonzalez", "Acme", "maria@acme.com"));
        assert!(matches!(index.lookup(&person("", "", "", "maria@acme.com"), &[]), Decision::Match(m) if m.who == slot));
        index.update(slot, &person("Maria", "Gonzalez", "Acme", "mg@newco.com"));
        assert!(matches!(index.lookup(&person("", "", "", "mg@newco.com"), &[]), Decision::Match(m) if m.who == slot));
        index.compact();
        index.remove(slot);
        assert_eq!(index.lookup(&person("", "", "", "mg@newco.com"), &[]), Decision::New);
        assert_eq!(index.lookup(&person("", "", "", "maria@acme.com"), &[slot]), Decision::New);
    }
}
