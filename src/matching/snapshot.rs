//! An [`Index`] as one blob of bytes and back, so that a lead book of a million leads starts from
//! one IndexedDB value in a second instead of re-deriving every key and re-learning the weights.
//! The learnt weights and name frequencies travel with it: a loaded index decides exactly as the
//! one that was saved.
//!
//! Layout, little-endian: magic, version, the build's fingerprint (how this build packs people and
//! derives keys: a snapshot of another build would look up the wrong keys), payload length and
//! checksum, then the payload. Every length is checked and every span validated, so damaged bytes
//! give an error, never a panic or a wrong index.

use super::index::{Index, Slot, REMOVED};
use super::keys::{record_keys, Key};
use super::person::{Fields, Person};
use super::table::KeyTable;
use super::weights::Frequencies;
use std::collections::HashMap;
use std::fmt;

const MAGIC: &[u8; 8] = b"LLINDEX\0";
/// Bump on any change to the layout below, or to the keys it holds (4: family names with letters
/// Metaphone cannot read are keyed by themselves; 5: name counts keyed by 32-bit hashes).
const VERSION: u32 = 5;
const HEADER: usize = 8 + 4 + 8 + 8 + 8;

/// Why bytes could not be read back as an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// The bytes do not start as an index snapshot does.
    NotASnapshot,
    /// Written in a layout this build does not read.
    Version { found: u32, supported: u32 },
    /// Written by a build that packs people or derives keys differently.
    OtherBuild,
    /// The bytes end before the snapshot does.
    Truncated { needed: u64, available: u64 },
    /// The bytes are damaged: what was found wrong.
    Corrupt(&'static str),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::NotASnapshot => write!(f, "not an index snapshot: rebuild the index from the leads"),
            SnapshotError::Version { found, supported } => write!(
                f,
                "index snapshot version {found}, this build reads version {supported}: rebuild the index from the leads"
            ),
            SnapshotError::OtherBuild => {
                write!(f, "index snapshot written by a build that derives keys differently: rebuild the index from the leads")
            }
            SnapshotError::Truncated { needed, available } => write!(
                f,
                "index snapshot truncated ({available} of {needed} bytes): the save was cut short; rebuild the index from the leads"
            ),
            SnapshotError::Corrupt(what) => write!(f, "index snapshot damaged ({what}): rebuild the index from the leads"),
        }
    }
}

impl std::error::Error for SnapshotError {}

/// How this build packs a person and derives its keys, as one number: a snapshot from a build that
/// does either differently would silently miss leads.
fn fingerprint() -> u64 {
    let probe = Person::from_fields(
        &Fields {
            first_name: "José".into(),
            last_name: "García López".into(),
            title: "VP Sales".into(),
            company: "Acme, Inc.".into(),
            emails: vec!["jose.garcia@acme.com".into()],
            phones: vec!["+1 415 555 0100".into()],
            city: "São Paulo".into(),
            profiles: vec!["https://www.linkedin.com/in/jose-garcia".into()],
            extras: vec!["AB-12".into()],
            ..Fields::default()
        },
        None,
    );
    let mut packed = String::new();
    probe.pack(&mut packed);
    for k in record_keys(&probe.as_ref()) {
        packed.push_str(&k.to_string());
    }
    checksum(packed.as_bytes())
}

/// A fast checksum over 8-byte words, so that a damaged value of hundreds of megabytes is caught
/// without slowing the start-up it is there for.
fn checksum(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    let mut h =
        words.by_ref().fold(bytes.len() as u64, |h, w| mix(h, u64::from_le_bytes(w.try_into().unwrap_or_default())));
    for (i, &b) in words.remainder().iter().enumerate() {
        h = mix(h, u64::from(b) << (8 * i));
    }
    h
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }

    fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        self.0.extend(v.iter().flat_map(|x| x.to_le_bytes()));
    }

    fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        self.0.extend(v.iter().flat_map(|x| x.to_le_bytes()));
    }

    fn frequencies(&mut self, f: &Frequencies) {
        self.u64(f.total);
        self.len(f.counts.len());
        for (&h, &c) in sorted(&f.counts) {
            self.u32(h);
            self.u32(c);
        }
    }
}

/// A map's entries by key: the same index saves to the same bytes.
fn sorted<K: Ord, V, S>(map: &HashMap<K, V, S>) -> Vec<(&K, &V)> {
    let mut entries: Vec<_> = map.iter().collect();
    crate::order::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
    entries
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], SnapshotError> {
        let available = (self.bytes.len() - self.at) as u64;
        if n > available {
            return Err(SnapshotError::Truncated { needed: self.at as u64 + n, available: self.bytes.len() as u64 });
        }
        let out = &self.bytes[self.at..self.at + n as usize];
        self.at += n as usize;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default()))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default()))
    }

    /// A count of items of `size` bytes each, checked against what is left, so that a damaged count
    /// cannot ask for more memory than the snapshot holds.
    fn count(&mut self, size: u64) -> Result<usize, SnapshotError> {
        let n = self.u64()?;
        let needed = n.checked_mul(size).ok_or(SnapshotError::Corrupt("count out of range"))?;
        if needed > (self.bytes.len() - self.at) as u64 {
            return Err(SnapshotError::Corrupt("count larger than the snapshot"));
        }
        Ok(n as usize)
    }

    fn bytes(&mut self) -> Result<&'a [u8], SnapshotError> {
        let n = self.count(1)?;
        self.take(n as u64)
    }

    fn f64(&mut self) -> Result<f64, SnapshotError> {
        Ok(f64::from_bits(self.u64()?))
    }

    fn frequencies(&mut self) -> Result<Frequencies, SnapshotError> {
        let total = self.u64()?;
        let n = self.count(8)?;
        let mut counts = HashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            counts.insert(self.u32()?, self.u32()?);
        }
        Ok(Frequencies { counts, total })
    }

    fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        let n = self.count(4)?;
        let raw = self.take(n as u64 * 4)?;
        Ok(raw.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())).collect())
    }

    fn u64s(&mut self) -> Result<Vec<u64>, SnapshotError> {
        let n = self.count(8)?;
        let raw = self.take(n as u64 * 8)?;
        Ok(raw.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect())
    }

    fn table(&mut self) -> Result<KeyTable, SnapshotError> {
        let (bucket_bits, slot_bits, len) = (self.u32()?, self.u32()?, self.u64()?);
        let table = KeyTable { bucket_bits, slot_bits, len: len as usize, offsets: self.u32s()?, words: self.u64s()? };
        if !table.is_consistent() {
            return Err(SnapshotError::Corrupt("key table"));
        }
        Ok(table)
    }
}

pub(super) fn write(index: &Index) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(index.heap_bytes()));
    w.len(index.extra_names.len());
    for name in &index.extra_names {
        w.bytes(name.as_bytes());
    }
    let weights = &index.weights;
    for table in [&weights.m, &weights.u] {
        for v in table.iter().flatten() {
            w.u64(v.to_bits());
        }
    }
    w.u64(weights.prior_bits.to_bits());
    w.frequencies(&weights.given_names);
    w.frequencies(&weights.family_names);
    w.bytes(index.text.as_bytes());
    w.u32s(&index.starts);
    let table = &index.table;
    w.u32(table.bucket_bits);
    w.u32(table.slot_bits);
    w.len(table.len);
    w.u32s(&table.offsets);
    w.u64s(&table.words);
    // Recent additions stay apart, as they were: blocks then read in the same order.
    w.len(index.delta.len());
    for (&key, slots) in sorted(&index.delta) {
        w.u32(key);
        w.len(slots.len());
        for &s in slots {
            w.u32(s);
        }
    }
    let payload = w.0;
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&fingerprint().to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

pub(super) fn read(bytes: &[u8]) -> Result<Index, SnapshotError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    let mut header = Reader { bytes, at: MAGIC.len() };
    let version = header.u32()?;
    if version != VERSION {
        return Err(SnapshotError::Version { found: version, supported: VERSION });
    }
    if header.u64()? != fingerprint() {
        return Err(SnapshotError::OtherBuild);
    }
    let (len, sum) = (header.u64()?, header.u64()?);
    let payload = header.take(len)?;
    if header.at != bytes.len() {
        return Err(SnapshotError::Corrupt("bytes after the end"));
    }
    if checksum(payload) != sum {
        return Err(SnapshotError::Corrupt("checksum differs"));
    }
    let mut r = Reader { bytes: payload, at: 0 };
    let mut index = Index::default();
    let names = r.count(8)?;
    for _ in 0..names {
        let name = std::str::from_utf8(r.bytes()?).map_err(|_| SnapshotError::Corrupt("extra field name"))?;
        index.extra_names.push(name.to_string());
    }
    let weights = &mut index.weights;
    for table in [&mut weights.m, &mut weights.u] {
        for v in table.iter_mut().flatten() {
            *v = r.f64()?;
        }
    }
    weights.prior_bits = r.f64()?;
    weights.given_names = r.frequencies()?;
    weights.family_names = r.frequencies()?;
    let text = std::str::from_utf8(r.bytes()?).map_err(|_| SnapshotError::Corrupt("text is not UTF-8"))?;
    index.text = text.to_string();
    index.starts = r.u32s()?;
    if !index.starts.iter().all(|&s| s == REMOVED || text.is_char_boundary(s as usize)) {
        return Err(SnapshotError::Corrupt("a person outside the text"));
    }
    index.table = r.table()?;
    let keys = r.count(12)?;
    for _ in 0..keys {
        let key: Key = r.u32()?;
        let n = r.count(4)?;
        let slots: Vec<Slot> = (0..n).map(|_| r.u32()).collect::<Result<_, _>>()?;
        index.delta_entries += slots.len();
        index.delta.insert(key, slots);
    }
    if r.at != payload.len() {
        return Err(SnapshotError::Corrupt("payload longer than its sections"));
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{distinct_leads, noisy_queries};

    fn outcomes(index: &Index, queries: &[Person]) -> Vec<String> {
        queries.iter().map(|q| format!("{:?}", index.lookup(q, &[]))).collect()
    }

    fn index() -> Index {
        let mut index =
            Index::build(distinct_leads(2_000, 3).map(|f| Person::from_fields(&f, None)), vec!["crm id".into()]);
        // Recent additions, updates and removals are part of what a snapshot must keep.
        for f in distinct_leads(2_050, 3).skip(2_000) {
            index.push(&Person::from_fields(&f, None));
        }
        let moved = Person::from_fields(&distinct_leads(5, 9).last().unwrap_or_default(), None);
        index.update(7, &moved);
        index.remove(11);
        index
    }

    #[test]
    fn a_loaded_index_decides_exactly_as_the_saved_one() {
        let index = index();
        let queries: Vec<Person> =
            noisy_queries(2_200, 3, 3).iter().map(|(_, f)| Person::from_fields(f, None)).collect();
        let loaded = Index::from_bytes(&index.to_bytes()).expect("loads");
        assert_eq!(loaded.len(), index.len());
        assert_eq!(loaded.extra_names, index.extra_names);
        assert_eq!(outcomes(&loaded, &queries), outcomes(&index, &queries));
        assert_eq!(loaded.to_bytes(), index.to_bytes(), "saving again gives the same bytes");
    }

    #[test]
    fn truncated_damaged_and_foreign_bytes_are_errors() {
        let bytes = Index::build(distinct_leads(300, 5).map(|f| Person::from_fields(&f, None)), vec![]).to_bytes();
        for cut in [0, 4, HEADER - 1, HEADER, bytes.len() / 2, bytes.len() - 1] {
            assert!(Index::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(matches!(Index::from_bytes(&bytes[..bytes.len() - 1]), Err(SnapshotError::Truncated { .. })));
        for at in [HEADER, HEADER + 9, bytes.len() / 2, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x40;
            assert_eq!(
                Index::from_bytes(&damaged).err(),
                Some(SnapshotError::Corrupt("checksum differs")),
                "flip at {at}"
            );
        }
        let mut newer = bytes.clone();
        newer[8] = 99;
        assert_eq!(Index::from_bytes(&newer).err(), Some(SnapshotError::Version { found: 99, supported: VERSION }));
        let mut other = bytes.clone();
        other[12] ^= 1;
        assert_eq!(Index::from_bytes(&other).err(), Some(SnapshotError::OtherBuild));
        assert_eq!(Index::from_bytes(b"PK\x03\x04 a zip file").err(), Some(SnapshotError::NotASnapshot));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Index::from_bytes(&longer).is_err());
    }

    #[test]
    fn a_consistent_checksum_does_not_let_a_bad_span_through() {
        // Damage that a checksum recomputed over it would not catch must still be refused.
        let index = Index::build(distinct_leads(50, 5).map(|f| Person::from_fields(&f, None)), vec![]);
        let mut bad = Index { text: index.text.clone(), ..Index::default() };
        bad.starts = vec![0, index.text.len() as u32 + 1];
        assert_eq!(Index::from_bytes(&bad.to_bytes()).err(), Some(SnapshotError::Corrupt("a person outside the text")));
        bad.starts = vec![];
        bad.table = index.table.clone();
        bad.table.len += 1;
        assert_eq!(Index::from_bytes(&bad.to_bytes()).err(), Some(SnapshotError::Corrupt("key table")));
    }

    #[test]
    fn errors_say_what_to_do() {
        for e in [SnapshotError::NotASnapshot, SnapshotError::OtherBuild, SnapshotError::Corrupt("checksum differs")] {
            assert!(e.to_string().contains("rebuild the index"), "{e}");
        }
    }
}
