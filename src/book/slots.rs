//! The lead book's slots: each slot's lead id and creation time, and the way back from an id to
//! its slot. A million-lead book keeps these in memory and reads them at every worker start, so
//! ids are kept as the 64-bit hash every generated id spells out (`lead-` and 16 hex digits), not
//! as text twice over, and saved as bytes, not as JSON.

use crate::matching::Slot;
use crate::model::LeadId;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A lead id as a slot keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Packed {
    /// `lead-` and these 16 lowercase hex digits.
    Hash(u64),
    /// Any other id (one stored by hand, or by a tool of the team's own).
    Text(Box<str>),
}

const PREFIX: &str = "lead-";

impl Packed {
    pub(super) fn of(id: &LeadId) -> Packed {
        let text = id.as_str();
        let hex = text
            .strip_prefix(PREFIX)
            .filter(|h| h.len() == 16 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
        match hex.and_then(|h| u64::from_str_radix(h, 16).ok()) {
            Some(hash) => Packed::Hash(hash),
            None => Packed::Text(text.into()),
        }
    }

    pub(super) fn id(&self) -> LeadId {
        LeadId::from(self.text().into_owned())
    }

    fn text(&self) -> Cow<'_, str> {
        match self {
            Packed::Hash(hash) => Cow::Owned(format!("{PREFIX}{hash:016x}")),
            Packed::Text(text) => Cow::Borrowed(text),
        }
    }
}

/// As the ids' text orders: fixed-width lowercase hex orders as its number.
impl Ord for Packed {
    fn cmp(&self, other: &Packed) -> Ordering {
        match (self, other) {
            (Packed::Hash(a), Packed::Hash(b)) => a.cmp(b),
            _ => self.text().cmp(&other.text()),
        }
    }
}

impl PartialOrd for Packed {
    fn partial_cmp(&self, other: &Packed) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Default)]
pub(super) struct Slots {
    /// Each slot's id; `None` where a lead was forgotten (its slot stays empty).
    ids: Vec<Option<Packed>>,
    /// Each slot's creation time, in microseconds since 1970 (see [`super::Mark`]).
    created: Vec<i64>,
    /// Fx, not std's SipHash: a start with a million leads builds this in a fraction of the time.
    by_id: FxHashMap<Packed, Slot>,
}

/// Why saved slots cannot be read.
#[derive(Debug, PartialEq)]
pub(super) struct Damaged;

impl Slots {
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Leads, not counting forgotten slots.
    pub(super) fn leads(&self) -> usize {
        self.by_id.len()
    }

    pub(super) fn slot(&self, id: &LeadId) -> Option<Slot> {
        self.by_id.get(&Packed::of(id)).copied()
    }

    pub(super) fn id(&self, slot: Slot) -> Option<LeadId> {
        self.packed(slot).map(Packed::id)
    }

    pub(super) fn packed(&self, slot: Slot) -> Option<&Packed> {
        self.ids.get(slot as usize)?.as_ref()
    }

    /// The next slot, for a lead not in the book yet.
    pub(super) fn push(&mut self, id: &LeadId, created: i64) -> Slot {
        let slot = self.ids.len() as Slot;
        let packed = Packed::of(id);
        self.by_id.insert(packed.clone(), slot);
        self.ids.push(Some(packed));
        self.created.push(created);
        slot
    }

    pub(super) fn set_created(&mut self, slot: Slot, created: i64) {
        if let Some(c) = self.created.get_mut(slot as usize) {
            *c = created;
        }
    }

    /// Empties the lead's slot; the slot it had.
    pub(super) fn remove(&mut self, id: &LeadId) -> Option<Slot> {
        let slot = self.by_id.remove(&Packed::of(id))?;
        self.ids[slot as usize] = None;
        Some(slot)
    }

    /// Each lead's creation time and id, in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (i64, &Packed)> {
        self.ids.iter().zip(&self.created).filter_map(|(id, &created)| Some((created, id.as_ref()?)))
    }

    /// As saved: per slot a kind byte (0 forgotten, 1 hash, 2 text) and its creation time (8
    /// bytes), then its id (8 bytes for a hash, a 4-byte length and UTF-8 for a text).
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.ids.len() * 17);
        for (id, created) in self.ids.iter().zip(&self.created) {
            let kind = match id {
                None => 0,
                Some(Packed::Hash(_)) => 1,
                Some(Packed::Text(_)) => 2,
            };
            out.push(kind);
            out.extend_from_slice(&created.to_le_bytes());
            match id {
                None => {}
                Some(Packed::Hash(hash)) => out.extend_from_slice(&hash.to_le_bytes()),
                Some(Packed::Text(text)) => {
                    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                    out.extend_from_slice(text.as_bytes());
                }
            }
        }
        out
    }

    pub(super) fn from_bytes(mut bytes: &[u8]) -> Result<Slots, Damaged> {
        fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], Damaged> {
            if bytes.len() < n {
                return Err(Damaged);
            }
            let (head, rest) = bytes.split_at(n);
            *bytes = rest;
            Ok(head)
        }
        let u64_of = |b: &[u8]| b.try_into().map(u64::from_le_bytes).map_err(|_| Damaged);
        // Most slots are a generated id's 17 bytes: room for them all at once, not grown a million times.
        let mut slots = Slots::default();
        let likely = bytes.len() / 17;
        slots.ids.reserve(likely);
        slots.created.reserve(likely);
        slots.by_id.reserve(likely);
        while !bytes.is_empty() {
            let kind = take(&mut bytes, 1)?[0];
            let created = u64_of(take(&mut bytes, 8)?)? as i64;
            let id = match kind {
                0 => None,
                1 => Some(Packed::Hash(u64_of(take(&mut bytes, 8)?)?)),
                2 => {
                    let len = u32::from_le_bytes(take(&mut bytes, 4)?.try_into().map_err(|_| Damaged)?);
                    let text = std::str::from_utf8(take(&mut bytes, len as usize)?).map_err(|_| Damaged)?;
                    Some(Packed::Text(text.into()))
                }
                _ => return Err(Damaged),
            };
            let slot = slots.ids.len() as Slot;
            if let Some(id) = &id {
                if slots.by_id.insert(id.clone(), slot).is_some() {
                    return Err(Damaged);
                }
            }
            slots.ids.push(id);
            slots.created.push(created);
        }
        Ok(slots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_kept_as_their_hash_others_as_text_and_both_order_as_text() {
        let ids = [
            "lead-00ff00ff00ff00ff",
            "lead-ffffffffffffffff",
            "lead-0000000000000001",
            "lead-bench0001",
            "lead-00FF00FF00FF00FF",
            "x",
        ]
        .map(|t| LeadId::from(t.to_string()));
        let packed = ids.each_ref().map(Packed::of);
        assert!(matches!(packed[0], Packed::Hash(0x00ff_00ff_00ff_00ff)));
        assert!(matches!(packed[3], Packed::Text(_)) && matches!(packed[4], Packed::Text(_)), "not the generated form");
        for (id, p) in ids.iter().zip(&packed) {
            assert_eq!(&p.id(), id);
            for (other, q) in ids.iter().zip(&packed) {
                assert_eq!(p.cmp(q), id.cmp(other), "{id} against {other}");
            }
        }
    }

    #[test]
    fn slots_saved_as_bytes_read_back_the_same_and_damage_is_refused() {
        let mut slots = Slots::default();
        let ids = ["lead-0123456789abcdef", "lead-élan", "lead-fedcba9876543210"].map(|t| LeadId::from(t.to_string()));
        for (i, id) in ids.iter().enumerate() {
            slots.push(id, 1_000 * i as i64 - 5);
        }
        slots.remove(&ids[0]);
        let bytes = slots.to_bytes();
        let read = Slots::from_bytes(&bytes).expect("reads back");
        assert_eq!((read.len(), read.leads()), (3, 2));
        assert_eq!(read.iter().collect::<Vec<_>>(), slots.iter().collect::<Vec<_>>());
        assert_eq!((read.slot(&ids[0]), read.slot(&ids[1]), read.id(2)), (None, Some(1), Some(ids[2].clone())));
        for cut in 1..bytes.len() {
            if let Ok(short) = Slots::from_bytes(&bytes[..cut]) {
                assert!(short.len() < 3, "cut at {cut} read as whole");
            }
        }
        let mut twice = bytes.clone();
        twice.extend_from_slice(&bytes);
        assert_eq!(Slots::from_bytes(&twice).err(), Some(Damaged), "one id in two slots");
        assert_eq!(Slots::from_bytes(&[7, 0, 0, 0, 0, 0, 0, 0, 0]).err(), Some(Damaged), "unknown kind");
    }
}
