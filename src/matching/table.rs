//! The index's sorted (key, slot) pairs, bit-packed: a key's top bits choose a bucket, so each entry
//! keeps only the key's remaining bits and as many slot bits as the book needs. At a million leads
//! an entry takes about 4 bytes instead of 8 and the table is a third of the index; lookups read
//! the same blocks as a plain sorted table would.

use super::index::Slot;
use super::keys::Key;
use std::ops::Range;

/// Entries per bucket aimed at: more buckets cost 4 bytes each, fewer cost key bits per entry.
const ENTRIES_PER_BUCKET: usize = 16;
/// At most 2^24 buckets (64 MB of offsets), whatever the size of the book.
const MAX_BUCKET_BITS: u32 = 24;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTable {
    pub(super) bucket_bits: u32,
    pub(super) slot_bits: u32,
    /// Entries of bucket `b` are `offsets[b]..offsets[b + 1]`.
    pub(super) offsets: Vec<u32>,
    /// (remaining key bits, slot) as one number of `width()` bits per entry, in (key, slot) order.
    pub(super) words: Vec<u64>,
    pub(super) len: usize,
}

/// The empty table as packing no pairs makes it: a book that grew from nothing by additions
/// alone saves and reads back like any other.
impl Default for KeyTable {
    fn default() -> KeyTable {
        KeyTable::from_sorted(&[])
    }
}

fn mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    }
}

impl KeyTable {
    /// Packs `pairs`, which must be sorted.
    pub fn from_sorted(pairs: &[(Key, Slot)]) -> KeyTable {
        let len = pairs.len();
        let bucket_bits = (len / ENTRIES_PER_BUCKET).checked_ilog2().unwrap_or(0).min(MAX_BUCKET_BITS);
        let max_slot = pairs.iter().map(|&(_, s)| s).max().unwrap_or(0);
        let slot_bits = (Slot::BITS - max_slot.leading_zeros()).max(1);
        let mut table =
            KeyTable { bucket_bits, slot_bits, offsets: vec![0; (1 << bucket_bits) + 1], words: Vec::new(), len };
        table.words = vec![0; table.words_needed() as usize];
        for (i, &(key, slot)) in pairs.iter().enumerate() {
            let bucket = table.bucket(key);
            table.offsets[bucket + 1] += 1;
            table.set(i, (u64::from(key) & mask(table.rest_bits())) << slot_bits | u64::from(slot));
        }
        for b in 1..table.offsets.len() {
            table.offsets[b] += table.offsets[b - 1];
        }
        table
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bits of a key left once its bucket is known.
    fn rest_bits(&self) -> u32 {
        Key::BITS - self.bucket_bits
    }

    pub(super) fn width(&self) -> u32 {
        self.rest_bits() + self.slot_bits
    }

    /// Words for `len` entries, counted in 64 bits: on wasm32 a usize would wrap for a large or
    /// damaged length.
    fn words_needed(&self) -> u64 {
        (self.len as u64 * u64::from(self.width())).div_ceil(64)
    }

    /// The word an entry starts in, and the bit in it.
    fn position(&self, i: usize) -> (usize, u32) {
        let bit = i as u64 * u64::from(self.width());
        ((bit / 64) as usize, (bit % 64) as u32)
    }

    fn bucket(&self, key: Key) -> usize {
        (u64::from(key) >> self.rest_bits()) as usize
    }

    fn set(&mut self, i: usize, value: u64) {
        let (w, shift) = self.position(i);
        self.words[w] |= value << shift;
        if shift + self.width() > 64 {
            self.words[w + 1] |= value >> (64 - shift);
        }
    }

    fn get(&self, i: usize) -> u64 {
        let (w, shift) = self.position(i);
        let mut value = self.words[w] >> shift;
        if shift + self.width() > 64 {
            value |= self.words[w + 1] << (64 - shift);
        }
        value & mask(self.width())
    }

    pub fn slot(&self, i: usize) -> Slot {
        (self.get(i) & mask(self.slot_bits)) as Slot
    }

    /// Where the entries of `key` are.
    pub fn block(&self, key: Key) -> Range<usize> {
        let b = self.bucket(key);
        let (Some(&lo), Some(&hi)) = (self.offsets.get(b), self.offsets.get(b + 1)) else { return 0..0 };
        let rest = u64::from(key) & mask(self.rest_bits());
        let first = |pred: &dyn Fn(u64) -> bool| {
            let (mut lo, mut hi) = (lo as usize, hi as usize);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if pred(self.get(mid) >> self.slot_bits) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        first(&|r| r < rest)..first(&|r| r <= rest)
    }

    /// Every pair, in order: what a rebuild of the table starts from.
    pub fn pairs(&self) -> impl Iterator<Item = (Key, Slot)> + '_ {
        self.offsets.windows(2).enumerate().flat_map(move |(b, w)| {
            (w[0] as usize..w[1] as usize).map(move |i| {
                let value = self.get(i);
                let rest = value >> self.slot_bits;
                (((b as u64) << self.rest_bits() | rest) as Key, (value & mask(self.slot_bits)) as Slot)
            })
        })
    }

    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4 + self.words.capacity() * 8
    }

    /// Whether packed parts read back from bytes are consistent: every entry a block can name
    /// exists. Damage the checks cannot see only misplaces entries, never reads out of bounds.
    pub(super) fn is_consistent(&self) -> bool {
        self.bucket_bits <= MAX_BUCKET_BITS
            && (1..=Slot::BITS).contains(&self.slot_bits)
            && self.offsets.len() == (1 << self.bucket_bits) + 1
            && self.offsets.first() == Some(&0)
            && self.offsets.last().is_some_and(|&l| l as usize == self.len)
            && self.offsets.windows(2).all(|w| w[0] <= w[1])
            && self.words.len() as u64 == self.words_needed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::index::Lcg;

    fn pairs(n: usize, slots: usize) -> Vec<(Key, Slot)> {
        let mut rng = Lcg(1);
        let mut p: Vec<(Key, Slot)> = (0..n).map(|_| (rng.next_u64() as Key, rng.below(slots) as Slot)).collect();
        // Some keys shared by many slots, as a common name's block is; and the extremes.
        p.extend((0..50).map(|s| (0xdead_beef, s)));
        p.extend([(0, 0), (Key::MAX, slots as Slot - 1)]);
        p.sort_unstable();
        p.dedup();
        p
    }

    #[test]
    fn blocks_and_pairs_read_back_what_was_packed() {
        for (n, slots) in [(0, 1), (10, 3), (1_000, 100_000), (20_000, 1 << 20), (5_000, u32::MAX as usize)] {
            let p = pairs(n, slots);
            let table = KeyTable::from_sorted(&p);
            assert!(table.is_consistent());
            assert_eq!(table.pairs().collect::<Vec<_>>(), p, "n {n}");
            for &(key, _) in p.iter().step_by(7) {
                let want: Vec<Slot> = p.iter().filter(|&&(k, _)| k == key).map(|&(_, s)| s).collect();
                assert_eq!(table.block(key).map(|i| table.slot(i)).collect::<Vec<_>>(), want, "key {key:#x}");
            }
            assert!(table.block(0x1234_5679).is_empty() || p.iter().any(|&(k, _)| k == 0x1234_5679));
        }
    }

    #[test]
    fn entries_take_well_under_the_eight_bytes_of_a_plain_pair() {
        let p = pairs(400_000, 1_000_000);
        let table = KeyTable::from_sorted(&p);
        assert!(table.heap_bytes() < p.len() * 6, "{} bytes for {} entries", table.heap_bytes(), p.len());
    }
}
