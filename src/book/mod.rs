//! The lead book: the rep's leads, indexed by their match keys, and their call tasks. The in-memory
//! book is rebuilt from storage at start; every change returns the records to persist.
//!
//! Not for: reading pages (`capture`) or deciding when to call (`plan`).

mod csv_export;
pub mod csv_import;
mod lead;
mod slots;

pub use csv_export::export_csv;

use crate::capture::Capture;
use crate::matching::weights::hash;
use crate::matching::{identity_key, Candidate, Decision, Fields, Index, MatchOutcome, Person, Scored, Slot};
use crate::model::{AddedBy, Contact, Lead, LeadId};
use csv_import::{BadRow, Columns, Table};
use serde::{Deserialize, Serialize};
use slots::{Packed, Slots};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

#[derive(Debug, Default)]
pub struct LeadBook {
    /// Each slot's lead id and creation time ([`Mark`]: walks through the whole book go in
    /// that order), and each lead's slot.
    slots: Slots,
    /// The leads in memory, by slot: all of them, unless the book was opened from its saved
    /// index, when only those a request reads are (see [`LeadBook::wanted_for`]).
    leads: BTreeMap<Slot, Lead>,
    /// Opened from its saved index: leads are read from storage as requests need them, and only
    /// those are in memory.
    stored: bool,
    index: Index,
    /// Captures the rep has placed, by fingerprint: the lead they said it is.
    confirmed: HashMap<String, LeadId>,
    /// And the leads they said each is not.
    rejected: HashMap<String, Vec<Slot>>,
    /// Leads that engaged with content (a reaction, a comment…), for the engagement report.
    engaged: BTreeSet<LeadId>,
}

/// The match index as saved beside the leads, so that a worker start reads it instead of every
/// lead: the rep's answers to possible matches and the leads that engaged (as JSON), the index's
/// bytes (see [`crate::matching::snapshot`]) and the slots' ids and creation times (as bytes).
/// Leads written since it was saved are indexed again at the next start ([`LeadBook::open`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedIndex {
    pub confirmed: HashMap<String, LeadId>,
    pub rejected: HashMap<String, Vec<Slot>>,
    pub engaged: BTreeSet<LeadId>,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    #[serde(skip)]
    pub slots: Vec<u8>,
}

/// Where a walk through the whole book (an export, the retention) has got to: the last lead it
/// passed. Walks go oldest lead first, then by id, as exports list leads; a lead added during a
/// walk comes last, and one forgotten shifts nothing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mark {
    /// Creation time in microseconds since 1970.
    created: i64,
    lead: LeadId,
}

impl Mark {
    fn of(lead: &Lead) -> Mark {
        Mark { created: lead.created_at.timestamp_micros(), lead: lead.id.clone() }
    }
}

/// One stretch of a walk through the whole book: its leads, and where the next begins (`None`
/// when this is the last).
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub leads: Vec<LeadId>,
    pub next: Option<Mark>,
}

/// Candidates within this many bits of a possible match are read before a person is filed: the
/// leads filed before it on the same page move the name weights a little, and a decision must
/// never name a lead that was not read.
const WANTED_MARGIN_BITS: f64 = 4.0;

/// What filing one captured person did.
#[derive(Clone, Debug, PartialEq)]
pub struct Filed {
    /// The match as it stood before filing.
    pub outcome: MatchOutcome,
    /// The lead the person now is; `None` while the rep has to pick (a possible match).
    pub lead: Option<LeadId>,
    pub changed: bool,
}

/// What importing a lead file did. Nothing is dropped silently: every row is added, merged,
/// unchanged or listed in `bad_rows` with its line, and every value left out is in `left_out`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LeadImport {
    pub added: usize,
    /// Rows that matched a lead and brought something new to it.
    pub merged: usize,
    pub unchanged: usize,
    /// Rows that may be an existing lead: added as new, since a wrong merge is worse than a
    /// duplicate; the rep checks them.
    pub possible: Vec<BadRow>,
    pub bad_rows: Vec<BadRow>,
    pub left_out: Vec<BadRow>,
    /// Leads added or changed, to persist.
    #[serde(skip)]
    pub changed: Vec<LeadId>,
}

impl LeadImport {
    /// Adds the report of the file's next part (see [`csv_import::split`]).
    pub fn absorb(&mut self, part: LeadImport) {
        self.added += part.added;
        self.merged += part.merged;
        self.unchanged += part.unchanged;
        self.possible.extend(part.possible);
        self.bad_rows.extend(part.bad_rows);
        self.left_out.extend(part.left_out);
        self.changed.extend(part.changed);
    }
}

/// A capture's fingerprint: the same person read the same way from the same kind of page.
pub fn fingerprint(contact: &Contact) -> String {
    fingerprint_of(&Person::from_contact(contact))
}

fn fingerprint_of(person: &Person) -> String {
    let mut packed = String::new();
    person.pack(&mut packed);
    format!("{:016x}", hash(&packed))
}

impl LeadBook {
    pub fn from_leads(leads: impl IntoIterator<Item = Lead>) -> LeadBook {
        let mut book = LeadBook::default();
        for lead in leads {
            if book.slots.slot(&lead.id).is_none() {
                let slot = book.slots.push(&lead.id, Mark::of(&lead).created);
                book.remember(&lead, slot);
                book.leads.insert(slot, lead);
            }
        }
        book.index = Index::build(book.leads.values().map(Person::from_lead), vec![]);
        book
    }

    /// The index and what goes with it, to save beside the leads.
    pub fn saved_index(&self) -> SavedIndex {
        SavedIndex {
            confirmed: self.confirmed.clone(),
            rejected: self.rejected.clone(),
            engaged: self.engaged.clone(),
            bytes: self.index.to_bytes(),
            slots: self.slots.to_bytes(),
        }
    }

    /// The book from its saved index, no lead read: each request reads the leads it needs
    /// ([`LeadBook::missing`], [`LeadBook::supply`]), and those written since the index was saved
    /// are indexed again first ([`LeadBook::reindex`]). `None` when the saved index cannot serve
    /// (damaged, or written by another build): index every lead into [`LeadBook::stored`] then.
    pub fn open(saved: SavedIndex) -> Option<LeadBook> {
        let slots = Slots::from_bytes(&saved.slots).ok()?;
        let index = Index::from_bytes(&saved.bytes).ok().filter(|i| i.len() == slots.len())?;
        Some(LeadBook {
            slots,
            index,
            confirmed: saved.confirmed,
            rejected: saved.rejected,
            engaged: saved.engaged,
            ..LeadBook::stored()
        })
    }

    /// An empty book whose leads are kept in storage.
    pub fn stored() -> LeadBook {
        LeadBook { stored: true, ..LeadBook::default() }
    }

    /// Leads written (`changed`) or deleted (`gone`) since the index was saved, indexed again.
    pub fn reindex(&mut self, changed: Vec<Lead>, gone: &[LeadId]) {
        for id in gone {
            self.forget(id);
        }
        for lead in changed {
            self.put(lead);
        }
    }

    /// Learns the match weights again from the leads as they now are (see [`Index::learn`]).
    pub fn learn(&mut self) {
        self.index.compact();
        self.index.learn();
    }

    fn remember(&mut self, lead: &Lead, slot: Slot) {
        if lead.engagement.iter().any(|e| e.kind.counts()) {
            self.engaged.insert(lead.id.clone());
        }
        for f in &lead.confirmed {
            self.confirmed.insert(f.clone(), lead.id.clone());
        }
        for f in &lead.rejected {
            let slots = self.rejected.entry(f.clone()).or_default();
            if !slots.contains(&slot) {
                slots.push(slot);
            }
        }
    }

    /// Adds a new lead or replaces the one with its id: the one place a lead's match keys change.
    fn put(&mut self, lead: Lead) {
        let person = Person::from_lead(&lead);
        let created = Mark::of(&lead).created;
        let slot = match self.slots.slot(&lead.id) {
            Some(slot) => {
                self.index.update(slot, &person);
                self.slots.set_created(slot, created);
                slot
            }
            None => {
                let slot = self.index.push(&person);
                // The index and the slots number leads alike: both push one.
                debug_assert_eq!(slot as usize, self.slots.len());
                self.slots.push(&lead.id, created)
            }
        };
        self.remember(&lead, slot);
        self.leads.insert(slot, lead);
    }

    /// Deletes a lead, for a person who asked to be forgotten: it leaves every lookup, and its
    /// slot stays empty.
    pub fn forget(&mut self, id: &LeadId) -> Option<Lead> {
        let slot = self.slots.remove(id)?;
        self.engaged.remove(id);
        self.index.remove(slot);
        self.confirmed.retain(|_, lead| lead != id);
        self.leads.remove(&slot)
    }

    /// The leads in memory, for a book built again from them.
    pub fn into_leads(self) -> Vec<Lead> {
        self.leads.into_values().collect()
    }

    /// The lead, if it is in memory: every lead a request said it wants is.
    pub fn get(&self, id: &LeadId) -> Option<&Lead> {
        self.slots.slot(id).and_then(|slot| self.leads.get(&slot))
    }

    /// Of `wanted`, what is in the book but not in memory: to read before the request runs.
    pub fn missing(&self, wanted: &[LeadId]) -> Vec<LeadId> {
        if !self.stored {
            return Vec::new();
        }
        let mut missing: Vec<LeadId> = wanted
            .iter()
            .filter(|id| self.slots.slot(id).is_some_and(|slot| !self.leads.contains_key(&slot)))
            .cloned()
            .collect();
        crate::order::sort(&mut missing);
        missing.dedup();
        missing
    }

    /// Leads read from storage for a request.
    pub fn supply(&mut self, leads: Vec<Lead>) {
        for lead in leads {
            // One in memory is as new as storage or newer (its write may still be in flight).
            if let Some(slot) = self.slots.slot(&lead.id) {
                self.leads.entry(slot).or_insert(lead);
            }
        }
    }

    /// The next `n` leads after `after` in a walk through the whole book (see [`Mark`]), in memory
    /// or not: one scan of the slots, keeping the `n` first in a heap.
    pub fn stretch(&self, after: Option<&Mark>, n: usize) -> Stretch {
        let after = after.map(|m| (m.created, Packed::of(&m.lead)));
        let mut first: BinaryHeap<(i64, &Packed)> = BinaryHeap::with_capacity(n + 1);
        for key in self.slots.iter() {
            if after.as_ref().is_some_and(|(created, lead)| key <= (*created, lead)) {
                continue;
            }
            if first.len() < n {
                first.push(key);
            } else if first.peek().is_some_and(|last| key < *last) {
                first.pop();
                first.push(key);
            }
        }
        let full = first.len() == n && n > 0;
        let sorted = first.into_sorted_vec();
        let next = sorted.last().filter(|_| full).map(|&(created, id)| Mark { created, lead: id.id() });
        Stretch { leads: sorted.into_iter().map(|(_, id)| id.id()).collect(), next }
    }

    /// Lets go of the leads in memory once there are more than `keep`, when storage has them.
    pub fn trim(&mut self, keep: usize) {
        if self.stored && self.leads.len() > keep {
            self.leads.clear();
        }
    }

    /// The leads filing `contact` may read: the one the rep said it is, and those it matches or
    /// nearly may match.
    pub fn wanted_for(&self, contact: &Contact) -> Vec<LeadId> {
        let person = Person::from_contact(contact);
        let mut wanted: Vec<LeadId> = self.confirmed.get(&fingerprint_of(&person)).cloned().into_iter().collect();
        if !person.is_empty() {
            let near = self.index.near(&person.as_ref(), WANTED_MARGIN_BITS);
            wanted.extend(near.into_iter().filter_map(|slot| self.slots.id(slot)));
        }
        wanted
    }

    /// Changes what the call list keeps on a lead, its stage and qualification; neither is a
    /// match key, so the index stays as it is.
    pub fn update_calling(
        &mut self,
        id: &LeadId,
        change: impl FnOnce(&mut crate::model::LeadStage, &mut crate::model::Qualification),
    ) -> Option<&Lead> {
        let lead = self.get_mut(id)?;
        change(&mut lead.stage, &mut lead.qualification);
        Some(lead)
    }

    /// Marks a lead as chosen by `by` unless someone chose it already: whether it changed, or
    /// `None` for a lead not in memory.
    pub fn choose(&mut self, id: &LeadId, by: AddedBy) -> Option<bool> {
        let lead = self.get_mut(id)?;
        Some(lead.added_by.is_none() && lead.added_by.replace(by).is_none())
    }

    fn get_mut(&mut self, id: &LeadId) -> Option<&mut Lead> {
        self.slots.slot(id).and_then(|slot| self.leads.get_mut(&slot))
    }

    /// Drops the engagement events `keep` refuses from these leads; the leads that lost some.
    pub fn retain_engagement(&mut self, leads: &[LeadId], keep: impl Fn(&crate::model::Event) -> bool) -> Vec<LeadId> {
        let mut changed = Vec::new();
        for id in leads {
            let Some(lead) = self.get_mut(id) else { continue };
            let before = lead.engagement.len();
            lead.engagement.retain(&keep);
            if lead.engagement.len() != before {
                changed.push(lead.id.clone());
            }
        }
        changed
    }

    /// Keeps an engagement on the lead; `true` when it was not there yet.
    pub fn record_engagement(&mut self, id: &LeadId, event: crate::model::Event) -> bool {
        if event.kind.counts() && self.contains(id) {
            self.engaged.insert(id.clone());
        }
        self.get_mut(id).is_some_and(|lead| crate::engagement::record(&mut lead.engagement, event))
    }

    /// Leads that engaged with content, and maybe some whose engagement has since gone.
    pub fn engaged(&self) -> impl Iterator<Item = &LeadId> {
        self.engaged.iter()
    }

    fn contains(&self, id: &LeadId) -> bool {
        self.slots.slot(id).is_some()
    }

    /// The leads in memory, oldest first (see [`Mark`]), whichever order a worker start numbered
    /// them in.
    pub fn leads(&self) -> Vec<&Lead> {
        let mut leads: Vec<&Lead> = self.leads.values().collect();
        // Mark's order, without cloning each id into a Mark.
        crate::order::sort_by_key(&mut leads, |l| (l.created_at.timestamp_micros(), &l.id));
        leads
    }

    pub fn len(&self) -> usize {
        self.slots.leads()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Best first; leads as likely as each other by id, not by slot (a worker start may have
    /// numbered them in another order).
    fn rank(&self, scored: &mut [Scored<Slot>]) {
        let id = |s: &Scored<Slot>| self.slots.packed(s.who);
        crate::order::sort_by(scored, |a, b| b.bits.total_cmp(&a.bits).then_with(|| id(a).cmp(&id(b))));
    }

    /// A scored lead as the rep sees it. One not in memory (never one a request said it wants)
    /// is named as the index keeps it.
    fn candidate(&self, s: &Scored<Slot>) -> Option<Candidate> {
        let lead = self.slots.id(s.who)?;
        let name = match self.leads.get(&s.who) {
            Some(l) => l.display_name().unwrap_or_default(),
            None => self.index.person(s.who).map(|p| format!("{} {}", p.given, p.family)).unwrap_or_default(),
        };
        Some(Candidate { lead, name, score: (s.bits * 10.0).round() / 10.0, reasons: s.reasons() })
    }

    /// Whether this contact is already a lead, with the evidence.
    pub fn find(&self, contact: &Contact) -> MatchOutcome {
        let person = Person::from_contact(contact);
        let print = fingerprint_of(&person);
        if let Some(lead) = self.confirmed.get(&print).and_then(|id| self.get(id)) {
            let name = lead.display_name().unwrap_or_default();
            let reasons = vec![format!("you said this is {name}")];
            return MatchOutcome::Match { lead: lead.id.clone(), name, reasons };
        }
        // Leads the rep said this capture is not are never offered again.
        let rejected = self.rejected.get(&print).map_or(&[][..], Vec::as_slice);
        match self.index.lookup(&person, rejected) {
            Decision::New => MatchOutcome::New,
            // A lead not in memory cannot take what is new: the rep is asked instead.
            Decision::Match(m) if !self.leads.contains_key(&m.who) => {
                MatchOutcome::Possible { candidates: self.candidate(&m).into_iter().collect() }
            }
            Decision::Match(m) => match self.candidate(&m) {
                Some(c) => MatchOutcome::Match { lead: c.lead, name: c.name, reasons: c.reasons },
                None => MatchOutcome::New,
            },
            Decision::Possible(mut list) => {
                self.rank(&mut list);
                MatchOutcome::Possible { candidates: list.iter().filter_map(|s| self.candidate(s)).collect() }
            }
        }
    }

    /// Files one contact the rep (or a rule, a file, the CRM: `by`) chose to keep: what is new
    /// added to the lead it matches, or a new lead. A possible match is left for the rep
    /// ([`LeadBook::resolve`]).
    pub fn upsert(&mut self, contact: &Contact, capture: &Capture, by: AddedBy) -> Filed {
        let filed = self.file(contact, capture, Some(by));
        match (&filed.outcome, &filed.lead) {
            (MatchOutcome::New, None) => {
                let lead = self.create(contact, capture, vec![], by);
                Filed { lead, changed: true, ..filed }
            }
            _ => filed,
        }
    }

    /// What a page shows of someone enriches the lead they are; nobody becomes a lead by being
    /// seen (`lead` is `None` unless they matched one).
    pub fn enrich(&mut self, contact: &Contact, capture: &Capture) -> Filed {
        self.file(contact, capture, None)
    }

    fn file(&mut self, contact: &Contact, capture: &Capture, by: Option<AddedBy>) -> Filed {
        let outcome = self.find(contact);
        match &outcome {
            MatchOutcome::Match { lead, .. } => {
                let id = lead.clone();
                let changed = self.merge_into(&id, contact, capture, by);
                Filed { outcome, lead: Some(id), changed }
            }
            MatchOutcome::New | MatchOutcome::Possible { .. } => Filed { outcome, lead: None, changed: false },
        }
    }

    /// Merges what is new; a lead made by visiting alone (earlier versions) is kept from now on
    /// when someone chooses it (`by`).
    fn merge_into(&mut self, id: &LeadId, contact: &Contact, capture: &Capture, by: Option<AddedBy>) -> bool {
        let Some(mut lead) = self.get(id).cloned() else { return false };
        let mut changed = lead.merge(contact, capture);
        if lead.added_by.is_none() && by.is_some() {
            lead.added_by = by;
            changed = true;
        }
        if changed {
            self.put(lead);
        }
        changed
    }

    fn create(&mut self, contact: &Contact, capture: &Capture, confirmed: Vec<String>, by: AddedBy) -> Option<LeadId> {
        let key = identity_key(contact)?;
        let mut id = LeadId::from_key(&key);
        // A hash collision with an unrelated lead: derive another id rather than overwrite.
        let mut salt = 0;
        while self.contains(&id) {
            salt += 1;
            id = LeadId::from_key(&format!("{key}#{salt}"));
        }
        let mut lead = Lead::from_contact(id.clone(), contact, capture);
        lead.confirmed = confirmed;
        lead.added_by = Some(by);
        self.put(lead);
        Some(id)
    }

    /// The rep's answer to a possible match: this contact is `choice` (or someone new when
    /// `None`), and none of the other `offered` leads. Remembered, so the same capture is not
    /// asked about again. Returns the lead and every lead that changed.
    pub fn resolve(
        &mut self,
        contact: &Contact,
        capture: &Capture,
        choice: Option<&LeadId>,
        offered: &[LeadId],
    ) -> Option<(LeadId, Vec<LeadId>)> {
        let print = fingerprint(contact);
        let mut changed = Vec::new();
        let id = match choice {
            Some(id) => {
                let mut lead = self.get(id)?.clone();
                lead.merge(contact, capture);
                lead.added_by.get_or_insert(AddedBy::Rep);
                if !lead.confirmed.contains(&print) {
                    lead.confirmed.push(print.clone());
                }
                self.put(lead);
                id.clone()
            }
            None => self.create(contact, capture, vec![print.clone()], AddedBy::Rep)?,
        };
        changed.push(id.clone());
        for other in offered.iter().filter(|o| **o != id) {
            if let Some(mut lead) = self.get(other).cloned() {
                if !lead.rejected.contains(&print) {
                    lead.rejected.push(print.clone());
                    self.put(lead);
                    changed.push(other.clone());
                }
            }
        }
        Some((id, changed))
    }

    /// Files every row of a lead file as a capture of that person (from `source`, e.g. the file's
    /// name) would be: a match adds only what is new, anything else becomes a lead.
    pub fn import(
        &mut self,
        table: &Table,
        columns: &Columns,
        region: Option<&str>,
        source: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> LeadImport {
        let mut report = LeadImport { bad_rows: table.bad.clone(), ..LeadImport::default() };
        for row in &table.rows {
            let (contact, left_out) = columns.contact(row, region);
            let note = |reason: String| BadRow { line: row.line, reason };
            report.left_out.extend(left_out.into_iter().map(note));
            let capture = Capture {
                url: format!("{source}#line={}", row.line),
                captured_at: now,
                contacts: vec![],
                organization: None,
                engagements: vec![],
                vcard_links: vec![],
                notes: vec![],
            };
            let Filed { outcome, lead, changed } = self.upsert(&contact, &capture, AddedBy::File);
            let lead = match (lead, &outcome) {
                (Some(id), _) => Some(id),
                (None, MatchOutcome::Possible { candidates }) => {
                    let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
                    report.possible.push(note(format!("may be {}; added as a new lead", names.join(" or "))));
                    self.create(&contact, &capture, vec![], AddedBy::File)
                }
                _ => None,
            };
            let Some(id) = lead else {
                report.bad_rows.push(note("no name, email, phone or profile to file the person under".into()));
                continue;
            };
            match outcome {
                MatchOutcome::Match { .. } if changed => report.merged += 1,
                MatchOutcome::Match { .. } => report.unchanged += 1,
                _ => report.added += 1,
            }
            if changed || !matches!(outcome, MatchOutcome::Match { .. }) {
                report.changed.push(id);
            }
        }
        crate::order::sort(&mut report.changed);
        report.changed.dedup();
        crate::order::sort_by_key(&mut report.bad_rows, |b| b.line);
        report
    }

    /// Leads whose name, company, email or phone is like `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Candidate> {
        let q = query.trim();
        if q.is_empty() {
            return Vec::new();
        }
        let readings = [
            Fields { emails: vec![q.to_string()], ..Fields::default() },
            Fields { phones: vec![q.to_string()], ..Fields::default() },
            Fields { full_name: q.to_string(), ..Fields::default() },
            // One word may be a family name ("Becker").
            Fields { last_name: q.to_string(), ..Fields::default() },
            Fields { company: q.to_string(), ..Fields::default() },
        ];
        let mut best: HashMap<Slot, Scored<Slot>> = HashMap::new();
        for fields in &readings {
            let person = Person::from_fields(fields, None);
            if person.is_empty() && person.company.is_empty() {
                continue;
            }
            let p = person.as_ref();
            for slot in self.index.candidates(&p) {
                if let Some(s) = self.index.score(&p, slot) {
                    if best.get(&slot).is_none_or(|b| b.bits < s.bits) {
                        best.insert(slot, s);
                    }
                }
            }
        }
        let mut found: Vec<Scored<Slot>> = best.into_values().collect();
        self.rank(&mut found);
        found.iter().take(limit).filter_map(|s| self.candidate(s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::capture_page;

    fn page(people: &str) -> Capture {
        let html = format!(r#"<script type="application/ld+json">{people}</script>"#);
        capture_page(&html, "https://acme.test/team", chrono::Utc::now())
    }

    /// A book of three people, as a worker would have saved it.
    fn saved_book() -> (LeadBook, SavedIndex) {
        let mut book = LeadBook::default();
        for p in [
            r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#,
            r#"{"@type":"Person","name":"Omar Haddad","telephone":"+44 20 7946 0001"}"#,
            r#"{"@type":"Person","name":"Li Wei","sameAs":"https://www.linkedin.com/in/li-wei"}"#,
        ] {
            let c = page(p);
            book.upsert(&c.contacts[0], &c, AddedBy::Rep);
        }
        let saved = book.saved_index();
        (book, saved)
    }

    /// A book opened from `saved` as a worker start does, each lookup reading the leads it
    /// wants from `stored` first.
    fn open(saved: &SavedIndex, changed: Vec<Lead>, gone: &[LeadId]) -> LeadBook {
        // Saved as JSON text beside the index's bytes.
        let text = serde_json::to_string(saved).unwrap();
        let read: SavedIndex = serde_json::from_str(&text).unwrap();
        let mut book = LeadBook::open(SavedIndex { bytes: saved.bytes.clone(), slots: saved.slots.clone(), ..read })
            .expect("the saved index serves");
        book.reindex(changed, gone);
        book
    }

    fn read_wanted(book: &mut LeadBook, stored: &LeadBook, contact: &Contact) {
        let missing = book.missing(&book.wanted_for(contact));
        book.supply(missing.iter().filter_map(|id| stored.get(id)).cloned().collect());
        assert_eq!(book.missing(&book.wanted_for(contact)), Vec::<LeadId>::new(), "all read");
    }

    #[test]
    fn a_book_opened_from_its_saved_index_reads_only_the_leads_a_lookup_wants_and_decides_as_before() {
        let (book, saved) = saved_book();
        let mut opened = open(&saved, vec![], &[]);
        assert_eq!((opened.len(), opened.leads().len()), (3, 0), "three leads, none read");
        for p in [
            r#"{"@type":"Person","name":"J. Doe","email":"JANE@acme.com"}"#,
            r#"{"@type":"Person","name":"Omar Hadad"}"#,
        ] {
            let c = page(p);
            let wanted = opened.wanted_for(&c.contacts[0]);
            assert!(!wanted.is_empty() && wanted.len() < 3, "{p}: {wanted:?}");
            read_wanted(&mut opened, &book, &c.contacts[0]);
            assert_eq!(opened.find(&c.contacts[0]), book.find(&c.contacts[0]), "{p}");
        }
        let every: Vec<LeadId> = book.leads().iter().map(|l| l.id.clone()).collect();
        assert!(!opened.missing(&every).is_empty(), "some not read yet");
        opened.supply(book.leads().into_iter().cloned().collect());
        assert_eq!(opened.missing(&every), Vec::<LeadId>::new());
        opened.trim(1);
        assert_eq!(opened.leads().len(), 0, "let go of, as storage has them");
    }

    #[test]
    fn leads_written_or_deleted_since_the_index_was_saved_are_indexed_again() {
        let (mut book, saved) = saved_book();
        let more =
            page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com","telephone":"+1 415 555 0100"}"#);
        let jane = book.upsert(&more.contacts[0], &more, AddedBy::Rep).lead.unwrap();
        let new = page(r#"{"@type":"Person","name":"Ada Byron","email":"ada@analytical.test"}"#);
        let ada = book.upsert(&new.contacts[0], &new, AddedBy::Rep).lead.unwrap();
        let omar = book.search("Omar Haddad", 1)[0].lead.clone();
        book.forget(&omar);
        let changed = [&jane, &ada].map(|id| book.get(id).unwrap().clone()).to_vec();
        let mut opened = open(&saved, changed, &[omar]);
        assert_eq!(opened.len(), 3);
        // Found by what only the changed and the added lead have.
        for (p, name) in [
            (r#"{"@type":"Person","name":"J. Doe","telephone":"+1 (415) 555-0100"}"#, "Jane Doe"),
            (r#"{"@type":"Person","name":"A. Byron","email":"ada@analytical.test"}"#, "Ada Byron"),
        ] {
            let c = page(p);
            read_wanted(&mut opened, &book, &c.contacts[0]);
            match opened.find(&c.contacts[0]) {
                MatchOutcome::Match { name: found, .. } => assert_eq!(found, name),
                other => panic!("{p}: {other:?}"),
            }
        }
        let gone = page(r#"{"@type":"Person","name":"Omar Haddad","telephone":"+44 20 7946 0001"}"#);
        assert_eq!(opened.find(&gone.contacts[0]), MatchOutcome::New, "forgotten");
        // Saved again and opened: the forgotten lead's slot stays empty.
        let again = open(&opened.saved_index(), vec![], &[]);
        assert_eq!(again.len(), 3);
        assert_eq!(again.find(&gone.contacts[0]), MatchOutcome::New);
    }

    #[test]
    fn a_walk_through_the_book_goes_oldest_first_in_stretches_and_misses_no_lead_added_or_kept_meanwhile() {
        let mut book = LeadBook::default();
        let start: chrono::DateTime<chrono::Utc> = "2026-11-02T09:00:00Z".parse().unwrap();
        let file = |book: &mut LeadBook, i: i64, minutes: i64| {
            let html = format!(
                r#"<script type="application/ld+json">{{"@type":"Person","name":"Person {i}","email":"p{i}@acme.test"}}</script>"#
            );
            let c = capture_page(&html, "https://acme.test/team", start + chrono::Duration::minutes(minutes));
            book.upsert(&c.contacts[0], &c, AddedBy::Rep).lead.unwrap()
        };
        // Made out of order, and two at the same minute (ordered by id then).
        for (i, minutes) in [(0, 50), (1, 10), (2, 30), (3, 30), (4, 0), (5, 20), (6, 40)] {
            file(&mut book, i, minutes);
        }
        let order: Vec<LeadId> = book.leads().iter().map(|l| l.id.clone()).collect();
        let times: Vec<_> = book.leads().iter().map(|l| l.created_at).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first: {times:?}");
        // Opened from its saved index, no lead read: the walk is the same.
        let opened = open(&book.saved_index(), vec![], &[]);
        let (mut walked, mut after, mut stretches) = (Vec::new(), None, 0);
        loop {
            let stretch = opened.stretch(after.as_ref(), 3);
            assert!(stretch.leads.len() <= 3);
            walked.extend(stretch.leads);
            stretches += 1;
            let Some(next) = stretch.next else { break };
            after = Some(next);
        }
        assert_eq!((walked, stretches), (order.clone(), 3), "3 + 3 + 1");
        // A lead forgotten behind the walk shifts nothing; one added during it comes last.
        let first = book.stretch(None, 3);
        book.forget(&order[0]);
        let late = file(&mut book, 7, 60);
        let rest = book.stretch(first.next.as_ref(), 10);
        assert_eq!(rest.leads, [&order[3..], &[late]].concat());
        assert_eq!(rest.next, None);
        assert_eq!(book.stretch(None, 0).leads, Vec::<LeadId>::new());
    }

    #[test]
    fn a_match_with_a_lead_not_read_is_asked_about_never_filed_twice() {
        let (_, saved) = saved_book();
        let mut opened = open(&saved, vec![], &[]);
        let again = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com","jobTitle":"CTO"}"#);
        let filed = opened.upsert(&again.contacts[0], &again, AddedBy::Rep);
        let MatchOutcome::Possible { candidates } = &filed.outcome else { panic!("{filed:?}") };
        assert_eq!((candidates.len(), filed.lead.as_ref(), opened.len()), (1, None, 3));
        assert!(candidates[0].name.contains("jane"), "named as the index has it: {candidates:?}");
    }

    #[test]
    fn a_saved_index_that_cannot_serve_is_refused() {
        let (_, saved) = saved_book();
        let damaged = SavedIndex { bytes: saved.bytes[..saved.bytes.len() / 2].to_vec(), ..saved.clone() };
        assert!(LeadBook::open(damaged).is_none(), "cut short");
        let mut fewer = saved.clone();
        // The last slot: a kind byte, its creation time and its id's hash.
        fewer.slots.truncate(fewer.slots.len() - 17);
        assert!(LeadBook::open(fewer).is_none(), "slots and index disagree");
        let damaged = SavedIndex { slots: saved.slots[..5].to_vec(), ..saved.clone() };
        assert!(LeadBook::open(damaged).is_none(), "slots cut short");
    }

    #[test]
    fn the_reps_answers_are_kept_with_the_saved_index() {
        let (mut book, _) = saved_book();
        let unsure = page(r#"{"@type":"Person","name":"Omar Hadad","jobTitle":"CTO"}"#);
        let offered: Vec<LeadId> = match book.find(&unsure.contacts[0]) {
            MatchOutcome::Possible { candidates } => candidates.into_iter().map(|c| c.lead).collect(),
            other => panic!("{other:?}"),
        };
        book.resolve(&unsure.contacts[0], &unsure, Some(&offered[0]), &offered).unwrap();
        let mut opened = open(&book.saved_index(), vec![], &[]);
        read_wanted(&mut opened, &book, &unsure.contacts[0]);
        assert!(
            matches!(opened.find(&unsure.contacts[0]), MatchOutcome::Match { reasons, .. } if reasons[0].starts_with("you said"))
        );
    }

    #[test]
    fn a_second_visit_matches_the_lead_by_email_and_adds_only_what_is_new() {
        let mut book = LeadBook::default();
        let first = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#);
        let Filed { outcome: o1, lead: id1, changed: changed1 } = book.upsert(&first.contacts[0], &first, AddedBy::Rep);
        assert_eq!(o1, MatchOutcome::New);
        assert!(changed1);
        let again = page(r#"{"@type":"Person","name":"Jane Doe","email":"JANE@acme.com","jobTitle":"CTO"}"#);
        let Filed { outcome: o2, lead: id2, changed: changed2 } = book.upsert(&again.contacts[0], &again, AddedBy::Rep);
        assert_eq!(id1, id2);
        assert!(changed2, "the title is new");
        assert_eq!(book.len(), 1);
        match o2 {
            MatchOutcome::Match { reasons, name, .. } => {
                assert_eq!(name, "Jane Doe");
                assert!(reasons[0].starts_with("email equal +"), "{reasons:?}");
            }
            other => panic!("expected a match, got {other:?}"),
        }
        let changed3 = book.upsert(&again.contacts[0], &again, AddedBy::Rep).changed;
        assert!(!changed3, "nothing new the third time");
    }

    #[test]
    fn matches_by_profile_when_the_email_is_new() {
        let mut book = LeadBook::default();
        let a = page(r#"{"@type":"Person","name":"Jane Doe","sameAs":"https://www.linkedin.com/in/jane-doe"}"#);
        book.upsert(&a.contacts[0], &a, AddedBy::Rep);
        let b = page(
            r#"{"@type":"Person","name":"Jane D.","email":"jd@acme.com","url":"https://de.linkedin.com/in/Jane-Doe/"}"#,
        );
        let Filed { outcome: o, lead: id, .. } = book.upsert(&b.contacts[0], &b, AddedBy::Rep);
        assert!(matches!(o, MatchOutcome::Match { .. }));
        assert_eq!(book.len(), 1);
        // The new email is now a key of the same lead.
        let c = page(r#"{"@type":"Person","name":"Someone","email":"jd@acme.com"}"#);
        assert!(matches!(book.find(&c.contacts[0]), MatchOutcome::Match { lead, .. } if id.as_ref() == Some(&lead)));
    }

    #[test]
    fn different_people_stay_apart_and_role_inboxes_are_no_key() {
        let mut book = LeadBook::default();
        let p = page(
            r#"[{"@type":"Person","name":"Al One","email":"info@acme.com"},
                        {"@type":"Person","name":"Bo Two","email":"info@acme.com"}]"#,
        );
        // A shared inbox is not a shared identity: two people, two leads.
        assert_eq!(p.contacts.len(), 2);
        for c in &p.contacts {
            book.upsert(c, &p, AddedBy::Rep);
        }
        assert_eq!(book.len(), 2);
        for c in &p.contacts {
            assert!(matches!(
                book.upsert(c, &p, AddedBy::Rep),
                Filed { outcome: MatchOutcome::Match { .. }, changed: false, .. }
            ));
        }
    }

    fn import(book: &mut LeadBook, csv: &str) -> LeadImport {
        let table = csv_import::read_table(csv.as_bytes()).unwrap();
        let columns = Columns::resolve(&table.headers, &[], &[]).unwrap();
        book.import(&table, &columns, Some("US"), "leads.csv", chrono::Utc::now())
    }

    #[test]
    fn an_imported_file_merges_into_known_leads_and_reports_every_row_it_did_not_take() {
        let mut book = LeadBook::default();
        let a = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#);
        book.upsert(&a.contacts[0], &a, AddedBy::Rep);
        let csv = "First Name,Surname,E-mail,Company Name,Phone,Job Title\n\
                   Jane,Doe,JANE@acme.com,Acme,,VP Sales\n\
                   Omar,Haddad,omar[at]globex.com,Globex,(415) 555-0134,CTO\n\
                   Omar,Haddad,omar@globex.com,Globex,,\n\
                   Li,Wei,not an email,Initech,,\n\
                   ,,,Umbrella,,\n\
                   broken,row\n";
        let report = import(&mut book, csv);
        assert_eq!((report.added, report.merged, report.unchanged), (2, 1, 1), "{report:#?}");
        assert_eq!(book.len(), 3);
        let lines: Vec<u64> = report.bad_rows.iter().map(|b| b.line).collect();
        assert_eq!(lines, [6, 7]);
        assert_eq!(report.left_out.len(), 1);
        assert!(report.left_out[0].reason.starts_with("email \"not an email\" left out"), "{:?}", report.left_out);
        assert_eq!(report.changed.len(), 3, "Jane enriched, Omar and Li added");
        let jane = book.get(&book.search("jane@acme.com", 1)[0].lead).unwrap();
        assert_eq!(jane.title.as_ref().map(|t| t.value.as_str()), Some("VP Sales"));
        assert_eq!(jane.title.as_ref().unwrap().source.url, "leads.csv#line=2");
        let omar = book.search("omar@globex.com", 1);
        let omar = book.get(&omar[0].lead).unwrap();
        assert_eq!(omar.phones[0].value, "+14155550134");
        assert_eq!(omar.company.as_ref().unwrap().value, "Globex");
    }

    #[test]
    fn rebuilt_book_finds_the_same_leads() {
        let mut book = LeadBook::default();
        let a = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#);
        book.upsert(&a.contacts[0], &a, AddedBy::Rep);
        let rebuilt = LeadBook::from_leads(book.leads().into_iter().cloned());
        assert!(matches!(rebuilt.find(&a.contacts[0]), MatchOutcome::Match { .. }));
    }
}
