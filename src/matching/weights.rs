//! Evidence weights, Fellegi–Sunter style. For each field level, `m` is the chance of seeing it when
//! two records are one person and `u` when they are two; the level adds `log2(m / u)` bits.
//!
//! Estimated from the book itself, as the record-linkage literature does (Fellegi & Sunter 1969;
//! Winkler's EM; Splink's practice): `u` from random pairs (nearly all of them two people), then `m`
//! and the share of true pairs among blocked candidates by expectation–maximisation with `u` held.
//! Both are smoothed toward priors, so a book of ten leads still decides sensibly and a book of a
//! million speaks for itself. Exact given and family names are weighed by how common the name is
//! in the book (a shared "Smith" is weaker evidence than a shared "Wojciechowski").

use super::compare::{Field, Pattern, FIELDS};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub const MAX_LEVELS: usize = 5;
/// Pseudo-counts pulling estimates toward the priors.
const PRIOR_WEIGHT_U: f64 = 200.0;
const PRIOR_WEIGHT_M: f64 = 100.0;
const PRIOR_WEIGHT_TF: f64 = 2000.0;
const EM_ROUNDS: usize = 40;
/// Share of true pairs among candidates assumed before any data, and its weight in pairs.
const PRIOR_SHARE: f64 = 0.05;
const PRIOR_PAIRS: f64 = 50.0;
/// How common a name is can be told only from this many names counted; in a smaller book every
/// name looks rare.
const RARITY_MIN_NAMES: u64 = 1_000;
/// A full name identifies its bearer when the book is expected to hold fewer others bearing it.
const RARE_NAMESAKES: f64 = 1.0 / 64.0;
/// No level is ever certain either way.
const FLOOR: f64 = 1e-6;

type Table = [[f64; MAX_LEVELS]; FIELDS];

/// (m, u) before any data: what a sales lead book is like.
fn prior(f: Field) -> (&'static [f64], &'static [f64]) {
    match f {
        Field::Email => (&[0.55, 0.45], &[0.000_01, 0.999_99]),
        // Switchboards are shared, and people change numbers with jobs.
        Field::Phone => (&[0.55, 0.45], &[0.000_5, 0.999_5]),
        Field::Profile => (&[0.97, 0.03], &[0.000_001, 0.999_999]),
        Field::Given => (&[0.82, 0.08, 0.06, 0.03, 0.01], &[0.02, 0.002, 0.01, 0.03, 0.938]),
        Field::Family => (&[0.88, 0.07, 0.02, 0.03], &[0.002, 0.002, 0.01, 0.986]),
        Field::Company => (&[0.65, 0.10, 0.25], &[0.02, 0.01, 0.97]),
        Field::Title => (&[0.55, 0.45], &[0.08, 0.92]),
        Field::City => (&[0.60, 0.40], &[0.10, 0.90]),
        Field::Postcode => (&[0.85, 0.15], &[0.01, 0.99]),
        // Everyone at one office or home shares it: how widely, the book's random pairs tell.
        Field::Address => (&[0.70, 0.10, 0.20], &[0.01, 0.005, 0.985]),
        Field::Extra(_) => (&[0.85, 0.07, 0.08], &[0.01, 0.005, 0.985]),
    }
}

fn prior_table() -> (Table, Table) {
    let (mut m, mut u) = ([[0.0; MAX_LEVELS]; FIELDS], [[0.0; MAX_LEVELS]; FIELDS]);
    for i in 0..FIELDS {
        let (pm, pu) = prior(Field::from_index(i));
        m[i][..pm.len()].copy_from_slice(pm);
        u[i][..pu.len()].copy_from_slice(pu);
    }
    (m, u)
}

/// How often each value of a field occurs in the book, by a 32-bit hash: a million leads carry
/// a hundred thousand names or more, and two of them sharing a count now and then moves a weight
/// by a fraction of a bit.
#[derive(Clone, Debug, Default)]
pub struct Frequencies {
    pub(super) counts: HashMap<u32, u32, FnvBuild>,
    pub(super) total: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub fn hash(s: &str) -> u64 {
    // FNV-1a: stable, and cheap on short strings.
    fnv(FNV_OFFSET, s.as_bytes())
}

/// FNV-1a as the hasher of the matcher's maps, whose keys are short names or hashes already:
/// SipHash's protection against chosen keys costs a tenth of a lookup there, for nothing.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(FNV_OFFSET)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FnvBuild = BuildHasherDefault<Fnv>;

impl Frequencies {
    pub fn add(&mut self, value: &str) {
        if !value.is_empty() {
            *self.counts.entry(hash(value) as u32).or_default() += 1;
            self.total += 1;
        }
    }

    pub fn remove(&mut self, value: &str) {
        if let Some(c) = self.counts.get_mut(&(hash(value) as u32)) {
            *c = c.saturating_sub(1);
            self.total = self.total.saturating_sub(1);
        }
    }

    pub fn heap_bytes(&self) -> usize {
        // A hashbrown slot is the pair plus one control byte.
        self.counts.capacity() * 9
    }

    /// Chance that a random other record has exactly this value, pulled toward `u_all` (the
    /// field's chance of any exact agreement) while the book is small.
    fn u_of(&self, value: &str, u_all: f64) -> f64 {
        let count = f64::from(self.counts.get(&(hash(value) as u32)).copied().unwrap_or(0));
        (count + PRIOR_WEIGHT_TF * u_all) / (self.total as f64 + PRIOR_WEIGHT_TF)
    }
}

/// Counts of comparison patterns, as EM consumes them.
pub type PatternCounts = HashMap<Pattern, u64>;

/// Candidate pairs from one kind of block, the fields that block forced to agree, and the fields
/// to learn from it.
pub struct Session {
    pub pairs: PatternCounts,
    pub blocked: Vec<Field>,
    pub learn: Vec<Field>,
}

#[derive(Clone, Debug)]
pub struct Weights {
    pub(super) m: Table,
    pub(super) u: Table,
    /// log2 odds that a blocked candidate pair is one person, before looking at it.
    pub prior_bits: f64,
    pub given_names: Frequencies,
    pub family_names: Frequencies,
}

impl Default for Weights {
    fn default() -> Weights {
        let (m, u) = prior_table();
        Weights {
            m,
            u,
            prior_bits: (PRIOR_SHARE / (1.0 - PRIOR_SHARE)).log2(),
            given_names: Frequencies::default(),
            family_names: Frequencies::default(),
        }
    }
}

fn levels(i: usize) -> usize {
    Field::from_index(i).levels().len()
}

impl Weights {
    /// Estimates `u` from `random` pairs, then `m` by EM over each session's candidate pairs,
    /// learning in each only the fields its blocking did not force to agree (a block on the
    /// family name says nothing of how often true pairs share one). The first session's share
    /// of true pairs becomes the prior.
    pub fn estimate(&mut self, sessions: &[Session], random: &PatternCounts) {
        let (prior_m, prior_u) = prior_table();
        let mut seen = [[0.0; MAX_LEVELS]; FIELDS];
        for (p, &c) in random {
            for (i, &l) in p.0.iter().enumerate() {
                if l > 0 {
                    seen[i][usize::from(l) - 1] += c as f64;
                }
            }
        }
        for i in 0..FIELDS {
            let total: f64 = seen[i].iter().sum();
            for l in 0..levels(i) {
                self.u[i][l] = ((seen[i][l] + PRIOR_WEIGHT_U * prior_u[i][l]) / (total + PRIOR_WEIGHT_U)).max(FLOOR);
            }
        }
        for (n, session) in sessions.iter().enumerate() {
            let share = self.em(session, &prior_m);
            if n == 0 {
                if let Some(share) = share {
                    self.prior_bits = (share / (1.0 - share)).log2();
                }
            }
        }
    }

    /// One EM session; returns the share of true pairs among its candidates.
    fn em(&mut self, session: &Session, prior_m: &Table) -> Option<f64> {
        let candidates = &session.pairs;
        let pairs: f64 = candidates.values().map(|&c| c as f64).sum();
        if pairs == 0.0 {
            return None;
        }
        let learn: Vec<usize> = session.learn.iter().map(|f| f.index()).collect();
        // Fields the blocking forced to agree say nothing here: left out of the likelihood.
        let mask = |p: &Pattern| {
            let mut p = *p;
            for f in &session.blocked {
                p.0[f.index()] = 0;
            }
            p
        };
        let mut share = PRIOR_SHARE;
        for _ in 0..EM_ROUNDS {
            let mut agree = [[0.0; MAX_LEVELS]; FIELDS];
            let mut matched = 0.0;
            for (p, &c) in candidates {
                let g = self.posterior(&mask(p), (share / (1.0 - share)).log2()) * c as f64;
                matched += g;
                for (i, &l) in p.0.iter().enumerate() {
                    if l > 0 {
                        agree[i][usize::from(l) - 1] += g;
                    }
                }
            }
            for &i in &learn {
                let total: f64 = agree[i].iter().sum();
                for l in 0..levels(i) {
                    self.m[i][l] =
                        ((agree[i][l] + PRIOR_WEIGHT_M * prior_m[i][l]) / (total + PRIOR_WEIGHT_M)).max(FLOOR);
                }
                // Agreement never counts against, disagreement never for. Nor does a different
                // email, number or profile count less against than the prior says: in a book of
                // distinct people with look-alike names, EM takes the look-alike pairs for true
                // ones and would learn that those cost nothing.
                let last = levels(i) - 1;
                self.m[i][0] = self.m[i][0].max(self.u[i][0]);
                self.m[i][last] = self.m[i][last].min(self.u[i][last]);
                if matches!(Field::from_index(i), Field::Email | Field::Phone | Field::Profile) {
                    self.m[i][last] = self.m[i][last].min(prior_m[i][last]);
                }
            }
            share = ((matched + PRIOR_PAIRS * PRIOR_SHARE) / (pairs + PRIOR_PAIRS)).clamp(1e-6, 0.5);
        }
        Some(share)
    }

    /// Bits one field level adds; exact names weighed by how common they are.
    pub fn weight(&self, f: Field, level: u8, value: &str) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let (i, l) = (f.index(), usize::from(level) - 1);
        (self.m[i][l] / self.u_at(f, level, value).max(FLOOR)).log2()
    }

    /// Chance that a random other record agrees at this level (level 1 and above); for exact
    /// names, with this value.
    fn u_at(&self, f: Field, level: u8, value: &str) -> f64 {
        let (i, l) = (f.index(), usize::from(level) - 1);
        match (f, level) {
            (Field::Given, 1) => self.given_names.u_of(value, self.u[i][l]),
            (Field::Family, 1) => self.family_names.u_of(value, self.u[i][l]),
            _ => self.u[i][l],
        }
    }

    /// Whether a given and a family name that agree are, together, rare enough in the book to
    /// name one person: a "Marnor Garver" at two employers is one person who moved, a "John
    /// Smith" is not. The book is expected to hold `N × u(given) × u(family)` pairs agreeing so.
    /// `given` and `family` are each a level of agreement and the query's value; a nickname or a
    /// slip in one of two rare names still names one person.
    pub fn names_identify(&self, given: (u8, &str), family: (u8, &str)) -> bool {
        let names = self.family_names.total;
        let agrees = |f: Field, level: u8| level > 0 && usize::from(level) < f.levels().len();
        if names < RARITY_MIN_NAMES || !agrees(Field::Given, given.0) || !agrees(Field::Family, family.0) {
            return false;
        }
        // A slip of a common name is no rarer than the name: "Hall" for "Hill".
        let u_name = |f: Field, (level, value): (u8, &str)| self.u_at(f, level, value).max(self.u_at(f, 1, value));
        let u = u_name(Field::Given, given) * u_name(Field::Family, family);
        names as f64 * u < RARE_NAMESAKES
    }

    /// Total bits of a pattern without name frequencies: what EM iterates on.
    fn bits(&self, p: &Pattern) -> f64 {
        p.0.iter()
            .enumerate()
            .filter(|(_, &l)| l > 0)
            .map(|(i, &l)| (self.m[i][usize::from(l) - 1] / self.u[i][usize::from(l) - 1]).log2())
            .sum()
    }

    fn posterior(&self, p: &Pattern, prior_bits: f64) -> f64 {
        1.0 / (1.0 + (-(prior_bits + self.bits(p))).exp2())
    }

    /// The estimated (m, u) of a field level, for reports and tests.
    pub fn probabilities(&self, f: Field, level: u8) -> (f64, f64) {
        let (i, l) = (f.index(), usize::from(level.max(1)) - 1);
        (self.m[i][l], self.u[i][l])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(levels: &[(Field, u8)]) -> Pattern {
        let mut p = Pattern::default();
        for &(f, l) in levels {
            p.0[f.index()] = l;
        }
        p
    }

    #[test]
    fn priors_make_agreement_evidence_for_and_disagreement_against() {
        let w = Weights::default();
        for i in 0..FIELDS {
            let f = Field::from_index(i);
            let last = f.levels().len() as u8;
            assert!(w.weight(f, 1, "") > 0.0, "{f:?} agreement");
            assert!(w.weight(f, last, "") < 0.0, "{f:?} disagreement");
        }
        assert!(w.weight(Field::Email, 1, "") > w.weight(Field::City, 1, ""));
    }

    #[test]
    fn em_learns_that_a_field_the_book_shares_widely_is_weak() {
        // A book where everyone is in the same city: random pairs agree on city.
        let mut random = PatternCounts::new();
        random.insert(pattern(&[(Field::City, 1), (Field::Family, 4), (Field::Given, 5)]), 10_000);
        let mut candidates = PatternCounts::new();
        candidates.insert(pattern(&[(Field::City, 1), (Field::Family, 1), (Field::Given, 1), (Field::Email, 1)]), 300);
        candidates.insert(pattern(&[(Field::City, 1), (Field::Family, 4), (Field::Given, 5), (Field::Email, 2)]), 700);
        let mut w = Weights::default();
        let before = w.weight(Field::City, 1, "");
        let all: Vec<Field> = (0..FIELDS).map(Field::from_index).collect();
        w.estimate(&[Session { pairs: candidates, blocked: vec![], learn: all }], &random);
        assert!(w.weight(Field::City, 1, "") < before / 4.0, "{} vs {before}", w.weight(Field::City, 1, ""));
        // About 30% of candidates are the same person.
        let share = 1.0 / (1.0 + (-w.prior_bits).exp2());
        assert!((0.2..0.4).contains(&share), "{share}");
        assert!(w.weight(Field::Given, 5, "") < -2.0);
    }

    #[test]
    fn rare_names_identify_a_person_in_a_large_book_and_common_ones_never() {
        let book = |people: usize| {
            let mut w = Weights::default();
            for i in 0..people {
                w.given_names.add(if i % 20 == 0 { "john" } else { "given" });
                w.family_names.add(if i % 50 == 0 { "smith" } else { "family" });
            }
            for _ in 0..2 {
                w.given_names.add("marnor");
                w.family_names.add("garver");
            }
            // A slip this close is rare between two people, as a real book's random pairs show.
            w.u[Field::Given.index()][2] = 0.000_5;
            w
        };
        let w = book(50_000);
        assert!(w.names_identify((1, "marnor"), (1, "garver")), "two rare names together");
        assert!(w.names_identify((3, "marnor"), (1, "garver")), "a slip in one of two rare names");
        assert!(!w.names_identify((1, "john"), (1, "smith")));
        assert!(!w.names_identify((1, "marnor"), (1, "smith")), "a common family name");
        assert!(!w.names_identify((3, "john"), (1, "garver")), "a slip of a common name is as common");
        assert!(!w.names_identify((5, "marnor"), (1, "garver")), "names that differ identify no one");
        assert!(!book(100).names_identify((1, "marnor"), (1, "garver")), "too few names to tell what is rare");
    }

    #[test]
    fn common_family_names_weigh_less_than_rare_ones() {
        let mut w = Weights::default();
        for i in 0..10_000 {
            w.family_names.add(if i % 10 == 0 { "smith" } else { "other" });
        }
        w.family_names.add("wojciechowski");
        assert!(w.weight(Field::Family, 1, "smith") + 3.0 < w.weight(Field::Family, 1, "wojciechowski"));
    }
}
