//! The lead book: the rep's leads, indexed by their match keys, and their call tasks. The in-memory
//! book is rebuilt from storage at start; every change returns the records to persist.
//!
//! Not for: reading pages (`capture`) or deciding when to call (`plan`).

mod csv_export;
pub mod csv_import;
mod lead;

pub(crate) use csv_export::defuse;
pub use csv_export::export_csv;
pub use lead::{FieldValue, Lead, LeadId, Provenance};

use crate::capture::{Capture, Contact};
use crate::matching::weights::hash;
use crate::matching::{identity_key, Candidate, Decision, Fields, Index, MatchOutcome, Person, Scored, Slot};
use csv_import::{BadRow, Columns, Table};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct LeadBook {
    leads: Vec<Lead>,
    by_id: HashMap<LeadId, usize>,
    index: Index,
    /// Captures the rep has placed, by fingerprint: the lead they said it is.
    confirmed: HashMap<String, LeadId>,
    /// And the leads they said each is not.
    rejected: HashMap<String, Vec<Slot>>,
}

/// The match index as saved beside the leads, so that a worker start reads it instead of deriving
/// every lead's keys again: the leads' ids in slot order, each lead's revision as it was indexed,
/// and the index's bytes (see [`crate::matching::snapshot`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedIndex {
    pub ids: Vec<LeadId>,
    pub revisions: Vec<u64>,
    pub bytes: Vec<u8>,
}

/// How a book was opened from its saved index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reopened {
    /// Leads written since the index was saved, indexed again.
    pub reindexed: usize,
}

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
            if !book.by_id.contains_key(&lead.id) {
                book.remember(&lead, book.leads.len() as Slot);
                book.by_id.insert(lead.id.clone(), book.leads.len());
                book.leads.push(lead);
            }
        }
        book.index = Index::build(book.leads.iter().map(Person::from_lead), vec![]);
        book
    }

    /// The index and its slot order, to save beside the leads.
    pub fn saved_index(&self) -> SavedIndex {
        SavedIndex {
            ids: self.leads.iter().map(|l| l.id.clone()).collect(),
            revisions: self.leads.iter().map(|l| l.revision).collect(),
            bytes: self.index.to_bytes(),
        }
    }

    /// The book from its leads and the index saved with them: only leads changed or added since
    /// are indexed again. The leads come back when the saved index cannot serve (damaged, written
    /// by another build, a lead gone since): build the index from them then.
    pub fn reopen(leads: Vec<Lead>, saved: &SavedIndex) -> Result<(LeadBook, Reopened), Vec<Lead>> {
        let n = saved.ids.len();
        let mut index = match Index::from_bytes(&saved.bytes) {
            Ok(index) if index.len() == n && saved.revisions.len() == n => index,
            _ => return Err(leads),
        };
        let slot_of: HashMap<&LeadId, usize> = saved.ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
        if slot_of.len() != n || leads.iter().filter(|l| slot_of.contains_key(&l.id)).count() != n {
            return Err(leads);
        }
        let mut in_slots: Vec<Option<Lead>> = vec![None; n];
        let mut added = Vec::new();
        for lead in leads {
            match slot_of.get(&lead.id) {
                Some(&i) => in_slots[i] = Some(lead),
                None => added.push(lead),
            }
        }
        let mut book = LeadBook::default();
        let mut reindexed = added.len();
        for (lead, revision) in in_slots.into_iter().flatten().zip(&saved.revisions) {
            let slot = book.leads.len() as Slot;
            if lead.revision != *revision {
                index.update(slot, &Person::from_lead(&lead));
                reindexed += 1;
            }
            book.remember(&lead, slot);
            book.by_id.insert(lead.id.clone(), book.leads.len());
            book.leads.push(lead);
        }
        book.index = index;
        for lead in added {
            book.put(lead);
        }
        Ok((book, Reopened { reindexed }))
    }

    fn remember(&mut self, lead: &Lead, slot: Slot) {
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

    /// Adds a new lead or replaces the one with its id: the one place a lead's match keys change,
    /// so its revision is counted here.
    fn put(&mut self, mut lead: Lead) {
        lead.revision = self.get(&lead.id).map_or(lead.revision, |old| old.revision) + 1;
        let person = Person::from_lead(&lead);
        let slot = self.by_id.get(&lead.id).map_or(self.leads.len(), |&i| i);
        self.remember(&lead, slot as Slot);
        match self.by_id.get(&lead.id) {
            Some(&i) => {
                self.index.update(i as Slot, &person);
                self.leads[i] = lead;
            }
            None => {
                self.by_id.insert(lead.id.clone(), self.leads.len());
                self.index.push(&person);
                self.leads.push(lead);
            }
        }
    }

    /// Deletes a lead, for a person who asked to be forgotten. Rare enough that the book is
    /// rebuilt, which keeps slots dense and drops the lead's keys and name counts with it.
    pub fn forget(&mut self, id: &LeadId) -> Option<Lead> {
        let i = self.by_id.get(id).copied()?;
        let mut leads = std::mem::take(&mut self.leads);
        let lead = leads.remove(i);
        *self = LeadBook::from_leads(leads);
        Some(lead)
    }

    /// The leads, for a book built again from them.
    pub fn into_leads(self) -> Vec<Lead> {
        self.leads
    }

    pub fn get(&self, id: &LeadId) -> Option<&Lead> {
        self.by_id.get(id).map(|&i| &self.leads[i])
    }

    /// Changes what the call list keeps on a lead, its stage and qualification; neither is a
    /// match key, so the index stays as it is.
    pub fn update_calling(
        &mut self,
        id: &LeadId,
        change: impl FnOnce(&mut crate::plan::LeadStage, &mut crate::plan::Qualification),
    ) -> Option<&Lead> {
        let &i = self.by_id.get(id)?;
        let lead = &mut self.leads[i];
        change(&mut lead.stage, &mut lead.qualification);
        Some(lead)
    }

    /// Drops the engagement events `keep` refuses; the leads that lost some.
    pub fn retain_engagement(&mut self, keep: impl Fn(&crate::engagement::Event) -> bool) -> Vec<LeadId> {
        let mut changed = Vec::new();
        for lead in &mut self.leads {
            let before = lead.engagement.len();
            lead.engagement.retain(&keep);
            if lead.engagement.len() != before {
                changed.push(lead.id.clone());
            }
        }
        changed
    }

    /// Keeps an engagement on the lead; `true` when it was not there yet.
    pub fn record_engagement(&mut self, id: &LeadId, event: crate::engagement::Event) -> bool {
        let Some(&i) = self.by_id.get(id) else { return false };
        crate::engagement::record(&mut self.leads[i].engagement, event)
    }

    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    pub fn len(&self) -> usize {
        self.leads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }

    fn candidate(&self, s: &Scored<Slot>) -> Option<Candidate> {
        let lead = self.leads.get(s.who as usize)?;
        Some(Candidate {
            lead: lead.id.clone(),
            name: lead.display_name().unwrap_or_default(),
            score: (s.bits * 10.0).round() / 10.0,
            reasons: s.reasons(),
        })
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
            Decision::Match(m) => match self.candidate(&m) {
                Some(c) => MatchOutcome::Match { lead: c.lead, name: c.name, reasons: c.reasons },
                None => MatchOutcome::New,
            },
            Decision::Possible(list) => {
                MatchOutcome::Possible { candidates: list.iter().filter_map(|s| self.candidate(s)).collect() }
            }
        }
    }

    /// Files one captured contact: what is new added to the lead it matches, or a new lead. A
    /// possible match is left for the rep ([`LeadBook::resolve`]).
    pub fn upsert(&mut self, contact: &Contact, capture: &Capture) -> Filed {
        let outcome = self.find(contact);
        match &outcome {
            MatchOutcome::Match { lead, .. } => {
                let id = lead.clone();
                let changed = self.merge_into(&id, contact, capture);
                Filed { outcome, lead: Some(id), changed }
            }
            MatchOutcome::New => {
                let id = self.create(contact, capture, vec![]);
                Filed { outcome, lead: id, changed: true }
            }
            MatchOutcome::Possible { .. } => Filed { outcome, lead: None, changed: false },
        }
    }

    fn merge_into(&mut self, id: &LeadId, contact: &Contact, capture: &Capture) -> bool {
        let Some(&i) = self.by_id.get(id) else { return false };
        let mut lead = self.leads[i].clone();
        let changed = lead.merge(contact, capture);
        if changed {
            self.put(lead);
        }
        changed
    }

    fn create(&mut self, contact: &Contact, capture: &Capture, confirmed: Vec<String>) -> Option<LeadId> {
        let key = identity_key(contact)?;
        let mut id = LeadId::from_key(&key);
        // A hash collision with an unrelated lead: derive another id rather than overwrite.
        let mut salt = 0;
        while self.by_id.contains_key(&id) {
            salt += 1;
            id = LeadId::from_key(&format!("{key}#{salt}"));
        }
        let mut lead = Lead::from_contact(id.clone(), contact, capture);
        lead.confirmed = confirmed;
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
                if !lead.confirmed.contains(&print) {
                    lead.confirmed.push(print.clone());
                }
                self.put(lead);
                id.clone()
            }
            None => self.create(contact, capture, vec![print.clone()])?,
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
            let Filed { outcome, lead, changed } = self.upsert(&contact, &capture);
            let lead = match (lead, &outcome) {
                (Some(id), _) => Some(id),
                (None, MatchOutcome::Possible { candidates }) => {
                    let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
                    report.possible.push(note(format!("may be {}; added as a new lead", names.join(" or "))));
                    self.create(&contact, &capture, vec![])
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
        report.changed.sort();
        report.changed.dedup();
        report.bad_rows.sort_by_key(|b| b.line);
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
        found.sort_by(|a, b| b.bits.total_cmp(&a.bits).then(a.who.cmp(&b.who)));
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
            book.upsert(&c.contacts[0], &c);
        }
        let saved = book.saved_index();
        (book, saved)
    }

    fn leads_in_id_order(book: &LeadBook) -> Vec<Lead> {
        let mut leads = book.leads().to_vec();
        leads.sort_by(|a, b| a.id.cmp(&b.id));
        leads
    }

    #[test]
    fn a_book_reopened_from_its_saved_index_decides_as_before_without_indexing_again() {
        let (book, saved) = saved_book();
        let (reopened, how) = LeadBook::reopen(leads_in_id_order(&book), &saved).ok().expect("the saved index serves");
        assert_eq!(how, Reopened { reindexed: 0 });
        for p in [
            r#"{"@type":"Person","name":"J. Doe","email":"JANE@acme.com"}"#,
            r#"{"@type":"Person","name":"Omar Hadad"}"#,
        ] {
            let c = page(p);
            assert_eq!(reopened.find(&c.contacts[0]), book.find(&c.contacts[0]), "{p}");
        }
    }

    #[test]
    fn leads_changed_or_added_since_the_index_was_saved_are_indexed_again() {
        let (mut book, saved) = saved_book();
        let more =
            page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com","telephone":"+1 415 555 0100"}"#);
        book.upsert(&more.contacts[0], &more);
        let new = page(r#"{"@type":"Person","name":"Ada Byron","email":"ada@analytical.test"}"#);
        book.upsert(&new.contacts[0], &new);
        let (reopened, how) = LeadBook::reopen(leads_in_id_order(&book), &saved).ok().expect("the saved index serves");
        assert_eq!(how, Reopened { reindexed: 2 });
        // Found by what only the changed and the added lead have.
        for (p, name) in [
            (r#"{"@type":"Person","name":"J. Doe","telephone":"+1 (415) 555-0100"}"#, "Jane Doe"),
            (r#"{"@type":"Person","name":"A. Byron","email":"ada@analytical.test"}"#, "Ada Byron"),
        ] {
            match reopened.find(&page(p).contacts[0]) {
                MatchOutcome::Match { name: found, .. } => assert_eq!(found, name),
                other => panic!("{p}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_saved_index_that_cannot_serve_is_refused() {
        let (book, saved) = saved_book();
        let mut fewer = leads_in_id_order(&book);
        fewer.pop();
        assert_eq!(
            LeadBook::reopen(fewer.clone(), &saved).err(),
            Some(fewer),
            "a lead gone since: the leads come back"
        );
        let damaged = SavedIndex { bytes: saved.bytes[..saved.bytes.len() / 2].to_vec(), ..saved.clone() };
        assert!(LeadBook::reopen(leads_in_id_order(&book), &damaged).is_err(), "cut short");
        let mismatched = SavedIndex { revisions: vec![], ..saved };
        assert!(LeadBook::reopen(leads_in_id_order(&book), &mismatched).is_err(), "revisions missing");
    }

    #[test]
    fn a_second_visit_matches_the_lead_by_email_and_adds_only_what_is_new() {
        let mut book = LeadBook::default();
        let first = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#);
        let Filed { outcome: o1, lead: id1, changed: changed1 } = book.upsert(&first.contacts[0], &first);
        assert_eq!(o1, MatchOutcome::New);
        assert!(changed1);
        let again = page(r#"{"@type":"Person","name":"Jane Doe","email":"JANE@acme.com","jobTitle":"CTO"}"#);
        let Filed { outcome: o2, lead: id2, changed: changed2 } = book.upsert(&again.contacts[0], &again);
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
        let changed3 = book.upsert(&again.contacts[0], &again).changed;
        assert!(!changed3, "nothing new the third time");
    }

    #[test]
    fn matches_by_profile_when_the_email_is_new() {
        let mut book = LeadBook::default();
        let a = page(r#"{"@type":"Person","name":"Jane Doe","sameAs":"https://www.linkedin.com/in/jane-doe"}"#);
        book.upsert(&a.contacts[0], &a);
        let b = page(
            r#"{"@type":"Person","name":"Jane D.","email":"jd@acme.com","url":"https://de.linkedin.com/in/Jane-Doe/"}"#,
        );
        let Filed { outcome: o, lead: id, .. } = book.upsert(&b.contacts[0], &b);
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
            book.upsert(c, &p);
        }
        assert_eq!(book.len(), 2);
        for c in &p.contacts {
            assert!(matches!(book.upsert(c, &p), Filed { outcome: MatchOutcome::Match { .. }, changed: false, .. }));
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
        book.upsert(&a.contacts[0], &a);
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
        book.upsert(&a.contacts[0], &a);
        let rebuilt = LeadBook::from_leads(book.leads().to_vec());
        assert!(matches!(rebuilt.find(&a.contacts[0]), MatchOutcome::Match { .. }));
    }
}
