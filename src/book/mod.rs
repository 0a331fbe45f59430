//! The lead book: the rep's leads, indexed by their match keys, and their call tasks. The in-memory
//! book is rebuilt from storage at start; every change returns the records to persist.
//!
//! Not for: reading pages (`capture`) or deciding when to call (`plan`).

mod csv_export;
mod lead;

pub(crate) use csv_export::defuse;
pub use csv_export::export_csv;
pub use lead::{FieldValue, Lead, LeadId, Provenance};

use crate::capture::{Capture, Contact};
use crate::matching::{contact_keys, lead_keys, MatchKey, MatchOutcome};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct LeadBook {
    leads: Vec<Lead>,
    by_id: HashMap<LeadId, usize>,
    by_key: HashMap<MatchKey, usize>,
}

impl LeadBook {
    pub fn from_leads(leads: impl IntoIterator<Item = Lead>) -> LeadBook {
        let mut book = LeadBook::default();
        for lead in leads {
            book.insert(lead);
        }
        book
    }

    fn insert(&mut self, lead: Lead) -> usize {
        if let Some(&i) = self.by_id.get(&lead.id) {
            self.leads[i] = lead;
            self.index(i);
            return i;
        }
        let i = self.leads.len();
        self.by_id.insert(lead.id.clone(), i);
        self.leads.push(lead);
        self.index(i);
        i
    }

    fn index(&mut self, i: usize) {
        for key in lead_keys(&self.leads[i]) {
            self.by_key.entry(key).or_insert(i);
        }
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

    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    pub fn len(&self) -> usize {
        self.leads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }

    /// The lead this contact already is, with the keys that say so.
    pub fn find(&self, contact: &Contact) -> MatchOutcome {
        let keys = contact_keys(contact);
        let Some(&i) = keys.iter().find_map(|k| self.by_key.get(k)) else {
            return MatchOutcome::New;
        };
        let lead = &self.leads[i];
        let reasons = keys.iter().filter(|k| self.by_key.get(*k) == Some(&i)).map(|k| k.to_string()).collect();
        MatchOutcome::Match { lead: lead.id.clone(), name: lead.display_name().unwrap_or_default(), reasons }
    }

    /// Files one captured contact: a new lead, or what is new added to the lead it matches.
    /// Returns the match as it stood before, the lead's id, and whether the lead changed.
    pub fn upsert(&mut self, contact: &Contact, capture: &Capture) -> Option<(MatchOutcome, LeadId, bool)> {
        let outcome = self.find(contact);
        match &outcome {
            MatchOutcome::Match { lead, .. } => {
                let i = self.by_id[lead];
                let changed = self.leads[i].merge(contact, capture);
                if changed {
                    self.index(i);
                }
                Some((outcome.clone(), lead.clone(), changed))
            }
            MatchOutcome::New => {
                let first_key = contact_keys(contact).into_iter().next()?;
                let mut id = LeadId::from_key(&first_key.as_text());
                // A hash collision with an unrelated lead: derive another id rather than overwrite.
                let mut salt = 0;
                while self.by_id.contains_key(&id) {
                    salt += 1;
                    id = LeadId::from_key(&format!("{}#{salt}", first_key.as_text()));
                }
                let lead = Lead::from_contact(id.clone(), contact, capture);
                self.insert(lead);
                Some((outcome, id, true))
            }
        }
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

    #[test]
    fn a_second_visit_matches_the_lead_by_email_and_adds_only_what_is_new() {
        let mut book = LeadBook::default();
        let first = page(r#"{"@type":"Person","name":"Jane Doe","email":"jane@acme.com"}"#);
        let (o1, id1, changed1) = book.upsert(&first.contacts[0], &first).unwrap();
        assert_eq!(o1, MatchOutcome::New);
        assert!(changed1);
        let again = page(r#"{"@type":"Person","name":"Jane Doe","email":"JANE@acme.com","jobTitle":"CTO"}"#);
        let (o2, id2, changed2) = book.upsert(&again.contacts[0], &again).unwrap();
        assert_eq!(id1, id2);
        assert!(changed2, "the title is new");
        assert_eq!(book.len(), 1);
        match o2 {
            MatchOutcome::Match { reasons, name, .. } => {
                assert_eq!(name, "Jane Doe");
                assert_eq!(reasons, ["same email jane@acme.com"]);
            }
            other => panic!("expected a match, got {other:?}"),
        }
        let (_, _, changed3) = book.upsert(&again.contacts[0], &again).unwrap();
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
        let (o, id, _) = book.upsert(&b.contacts[0], &b).unwrap();
        assert!(matches!(o, MatchOutcome::Match { .. }));
        assert_eq!(book.len(), 1);
        // The new email is now a key of the same lead.
        let c = page(r#"{"@type":"Person","name":"Someone","email":"jd@acme.com"}"#);
        assert!(matches!(book.find(&c.contacts[0]), MatchOutcome::Match { lead, .. } if lead == id));
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
            assert!(matches!(book.upsert(c, &p), Some((MatchOutcome::Match { .. }, _, false))));
        }
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
