//! The lookup index: every person packed into one string, and one sorted, bit-packed table of
//! (key, slot) pairs (`table`), so a million leads take under 150 bytes each and a lookup reads a
//! few small blocks.
//! Recent additions sit in a small map until the next [`Index::compact`].
//!
//! Slots are the caller's: the lead book numbers its leads, the CLI its rows.

use super::compare::{compare, Comparison, Field, FIELDS};
use super::keys::{company_block, name_block, query_keys, record_keys, Key};
use super::person::{Person, PersonRef};
use super::score::{bits, decide, score, Decision, Scored, POSSIBLE_BITS};
use super::snapshot::SnapshotError;
use super::table::KeyTable;
use super::weights::{PatternCounts, Session, Weights};
use std::collections::HashMap;

/// Most candidates a lookup compares in full; blocks are read smallest first until this is spent.
const MAX_CANDIDATES: usize = 256;
/// Records sampled to learn weights, and random pairs for `u`.
const LEARN_RECORDS: usize = 20_000;
const LEARN_RANDOM_PAIRS: usize = 60_000;
/// The delta map is folded into the sorted table past this many entries.
const MAX_DELTA: usize = 50_000;
/// Where a removed slot's person starts.
pub(super) const REMOVED: u32 = u32::MAX;

pub type Slot = u32;

#[derive(Debug, Default)]
pub struct Index {
    pub(super) text: String,
    /// Where each slot's packed person starts in `text` (it ends itself); [`REMOVED`] once removed.
    pub(super) starts: Vec<u32>,
    pub(super) table: KeyTable,
    pub(super) delta: HashMap<Key, Vec<Slot>>,
    pub(super) delta_entries: usize,
    pub weights: Weights,
    /// Names of the declared extra fields, for reasons.
    pub extra_names: Vec<String>,
}

impl Index {
    /// Builds the index of `people` in one pass (slot = position) and learns its weights.
    pub fn build(people: impl IntoIterator<Item = Person>, extra_names: Vec<String>) -> Index {
        let mut index = Index { extra_names, ..Index::default() };
        let mut pairs = Vec::new();
        for p in people {
            let slot = index.store(&p);
            pairs.extend(record_keys(&p.as_ref()).into_iter().map(|k| (k, slot)));
        }
        pairs.sort_unstable();
        index.table = KeyTable::from_sorted(&pairs);
        index.text.shrink_to_fit();
        index.starts.shrink_to_fit();
        index.learn();
        index
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn store(&mut self, p: &Person) -> Slot {
        let slot = self.starts.len() as Slot;
        let start = self.pack(p);
        self.starts.push(start);
        self.count_names(p, true);
        slot
    }

    fn pack(&mut self, p: &Person) -> u32 {
        let start = self.text.len();
        // Grown by an eighth, not doubled: doubling a million leads' text for one more lead would
        // hold a hundred megabytes for nothing.
        if self.text.capacity() - start < 1024 {
            self.text.reserve_exact(start / 8 + 1024);
        }
        p.pack(&mut self.text);
        start as u32
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
        let start = self.pack(p);
        self.starts[slot as usize] = start;
        self.add_keys(p, slot);
    }

    /// Takes a person out of every lookup (a lead deleted or suppressed).
    pub fn remove(&mut self, slot: Slot) {
        if let Some(old) = self.person_owned(slot) {
            self.count_names(&old, false);
            self.starts[slot as usize] = REMOVED;
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
        let mut pairs: Vec<(Key, Slot)> = self.table.pairs().collect();
        for (k, slots) in self.delta.drain() {
            pairs.extend(slots.into_iter().map(|s| (k, s)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        self.table = KeyTable::from_sorted(&pairs);
        self.delta_entries = 0;
    }

    pub fn person(&self, slot: Slot) -> Option<PersonRef<'_>> {
        let &start = self.starts.get(slot as usize)?;
        if start == REMOVED {
            return None;
        }
        self.text.get(start as usize..).map(PersonRef::unpack)
    }

    fn block(&self, key: Key) -> Block<'_> {
        Block {
            table: &self.table,
            rows: self.table.block(key),
            delta: self.delta.get(&key).map_or(&[], Vec::as_slice),
        }
    }

    /// Slots worth comparing with `q`: its blocks read smallest first (an email's block before
    /// "Smith, J."), until [`MAX_CANDIDATES`] are gathered.
    pub fn candidates(&self, q: &PersonRef) -> Vec<Slot> {
        self.reached(q).into_iter().map(|(s, _)| s).collect()
    }

    /// [`Index::candidates`], each with whether one of `q`'s own stored keys brought it: then `q`
    /// is among that candidate's own candidates too.
    pub fn reached(&self, q: &PersonRef) -> Vec<(Slot, bool)> {
        let mut blocks: Vec<_> = query_keys(q).into_iter().map(|(k, own)| (self.block(k), own)).collect();
        blocks.sort_by_key(|(b, _)| b.len());
        let mut out: Vec<(Slot, bool)> = Vec::new();
        for (block, own) in blocks {
            let size = block.len();
            if size == 0 {
                continue;
            }
            if !out.is_empty() && out.len() + size > MAX_CANDIDATES {
                break;
            }
            out.extend(block.slots().take(MAX_CANDIDATES).map(|s| (s, own)));
            // Reached through an own key first, if at all, and kept so.
            out.sort_unstable_by_key(|&(s, own)| (s, !own));
            out.dedup_by_key(|&mut (s, _)| s);
        }
        out.retain(|&(s, _)| self.starts.get(s as usize).is_some_and(|&start| start != REMOVED));
        out
    }

    /// Scores one candidate against `q`.
    pub fn score(&self, q: &PersonRef, slot: Slot) -> Option<Scored<Slot>> {
        let c = self.person(slot)?;
        let comparison = compare(q, &c);
        let (bits, evidence) = score(&self.weights, &comparison, q, &self.extra_names);
        Some(Scored { who: slot, bits, evidence })
    }

    /// How likely `q` is the person at `slot`, in log2 odds, without reasons: cheap enough for
    /// every candidate.
    pub fn bits(&self, q: &PersonRef, slot: Slot) -> Option<f64> {
        let c = self.person(slot)?;
        Some(self.weigh(q, &compare(q, &c)))
    }

    /// [`Index::bits`] of a comparison already made.
    pub fn weigh(&self, q: &PersonRef, c: &Comparison) -> f64 {
        bits(&self.weights, c, q)
    }

    /// Who `q` is in the index, with reasons; `except` slots are left out (a record looking for
    /// its own duplicates, or leads the rep said are someone else).
    pub fn lookup(&self, q: &Person, except: &[Slot]) -> Decision<Slot> {
        if q.is_empty() {
            return Decision::New;
        }
        let q = q.as_ref();
        // Reasons are written only for the few candidates a decision can name.
        let scored =
            self.near(&q, 0.0).into_iter().filter(|s| !except.contains(s)).filter_map(|s| self.score(&q, s)).collect();
        decide(scored)
    }

    /// The candidates [`Index::lookup`] could name for `q`, and those within `margin` bits of
    /// being one.
    pub fn near(&self, q: &PersonRef, margin: f64) -> Vec<Slot> {
        let mut near = self.candidates(q);
        near.retain(|&s| self.bits(q, s).is_some_and(|b| b >= POSSIBLE_BITS - margin));
        near
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
        let by_name = self.block_pairs(name_block);
        let by_company = self.block_pairs(company_block);
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
            let block = self.block(key);
            if block.len() > MAX_CANDIDATES {
                continue;
            }
            for c in block.slots().filter(|&c| c as usize > slot) {
                if let Some(other) = self.person(c) {
                    *counts.entry(compare(&q, &other).pattern).or_default() += 1;
                }
            }
        }
        counts
    }

    /// The index as one blob (see `snapshot`): what a lead book saves to start fast next time.
    pub fn to_bytes(&self) -> Vec<u8> {
        super::snapshot::write(self)
    }

    /// An index saved by [`Index::to_bytes`], deciding exactly as it did.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, SnapshotError> {
        super::snapshot::read(bytes)
    }

    /// Bytes held, for the benchmark's memory per lead.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.starts.capacity() * 4
            + self.table.heap_bytes()
            + self.delta.capacity() * 40
            + self.delta_entries * 4
            + self.weights.given_names.heap_bytes()
            + self.weights.family_names.heap_bytes()
    }
}

/// The slots under one key: in the packed table and among recent additions.
struct Block<'a> {
    table: &'a KeyTable,
    rows: std::ops::Range<usize>,
    delta: &'a [Slot],
}

impl Block<'_> {
    fn len(&self) -> usize {
        self.rows.len() + self.delta.len()
    }

    fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.rows.clone().map(|i| self.table.slot(i)).chain(self.delta.iter().copied())
    }
}

/// A small deterministic generator: sampling must give the same weights on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        // Knuth's MMIX constants.
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
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
        assert!(
            matches!(index.lookup(&person("", "", "", "maria@acme.com"), &[]), Decision::Match(m) if m.who == slot)
        );
        index.update(slot, &person("Maria", "Gonzalez", "Acme", "mg@newco.com"));
        assert!(matches!(index.lookup(&person("", "", "", "mg@newco.com"), &[]), Decision::Match(m) if m.who == slot));
        index.compact();
        index.remove(slot);
        assert_eq!(index.lookup(&person("", "", "", "mg@newco.com"), &[]), Decision::New);
        assert_eq!(index.lookup(&person("", "", "", "maria@acme.com"), &[slot]), Decision::New);
    }
}
