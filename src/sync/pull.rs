//! Leads pulled from the CRM go into the lead book through the matcher, as captured people do:
//! a CRM record of someone already in the book adds to that lead instead of making a second one,
//! and every pulled lead's CRM id is remembered so that pushes about it need no lookup. Leads a
//! CRM search found take the very same path ([`file`]).

use crate::app::{App, Changes};
use crate::capture::Capture;
use crate::crm::{Operation, PulledLead};
use crate::model::{Contact, Extractor, FieldValue, Lead, LeadId, Phone, Sourced};
use crate::normalize::{Email, SocialProfile};
use crate::outbox::{self, Outbox};
use chrono::{DateTime, Utc};

/// What filing leads read from the CRM did.
#[derive(Debug, Default)]
pub struct PullReport {
    /// Each lead's in the lead book, in order: `None` where the rep must pick between leads, or
    /// for a person forgotten.
    pub ids: Vec<Option<LeadId>>,
    /// Of those `None`, the people forgotten (their deletion in the CRM is queued).
    pub forgotten: usize,
    /// What to persist of the lead book, and the new CRM links.
    pub changes: Changes,
    pub links: outbox::OutboxChanges,
}

/// Files leads read from the CRM into the lead book through the matcher and links each filed
/// one to its CRM record.
///
/// A record whose deletion is queued (the person asked to be forgotten) is left out: until the
/// CRM has deleted it, a pull or a search still reads it, and must not bring the person back.
pub fn file(app: &mut App, outbox: &mut Outbox, leads: &[PulledLead], source: &Capture) -> PullReport {
    let forgotten: Vec<bool> = leads
        .iter()
        .map(|l| outbox.entries().iter().any(|e| matches!(&e.op, Operation::Forget { crm_id } if crm_id == &l.crm_id)))
        .collect();
    let contacts: Vec<Contact> =
        leads.iter().zip(&forgotten).filter(|(_, f)| !**f).map(|(l, _)| contact(&l.lead)).collect();
    let (filed, changes) = app.file(&contacts, source);
    let mut filed = filed.into_iter();
    let ids: Vec<Option<LeadId>> = forgotten.iter().map(|f| if *f { None } else { filed.next().flatten() }).collect();
    let mut links = outbox::OutboxChanges::default();
    for (id, pulled) in ids.iter().zip(leads) {
        if let Some(id) = id {
            links.links.extend(outbox.link(id.clone(), pulled.crm_id.clone()).links);
        }
    }
    PullReport { ids, forgotten: forgotten.iter().filter(|f| **f).count(), changes, links }
}

/// The leads filing `leads` reads (see [`App::wanted`]).
pub fn wanted(app: &App, leads: &&[PulledLead]) -> Vec<LeadId> {
    leads.iter().flat_map(|l| app.book().wanted_for(&contact(&l.lead))).collect()
}

/// A lead as the CRM has it, as a contact to file.
pub fn contact(lead: &Lead) -> Contact {
    let crm = |v: &FieldValue| Sourced::new(v.value.clone(), Extractor::Crm);
    let each = |f: &[FieldValue]| f.iter().map(crm).collect();
    Contact {
        name: lead.name.as_ref().map(crm),
        given_name: lead.given_name.as_ref().map(crm),
        family_name: lead.family_name.as_ref().map(crm),
        title: lead.title.as_ref().map(crm),
        company: lead.company.as_ref().map(crm),
        location: lead.location.as_ref().map(crm),
        emails: lead
            .emails
            .iter()
            .filter_map(|v| Email::parse(&v.value))
            .map(|e| Sourced::new(e, Extractor::Crm))
            .collect(),
        phones: lead
            .phones
            .iter()
            .map(|v| Sourced::new(Phone::new(v.value.clone(), v.label), Extractor::Crm))
            .collect(),
        profiles: lead
            .profiles
            .iter()
            .filter_map(|v| SocialProfile::parse(&v.value))
            .map(|p| Sourced::new(p, Extractor::Crm))
            .collect(),
        websites: each(&lead.websites),
        ..Contact::default()
    }
}

/// Where pulled values come from, as their provenance says: the CRM, at the time of the pull.
pub fn source(crm_url: &str, at: DateTime<Utc>) -> Capture {
    Capture {
        url: crm_url.to_string(),
        captured_at: at,
        contacts: Vec::new(),
        organization: None,
        engagements: Vec::new(),
        vcard_links: Vec::new(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;
    use crate::crm::mapping::tests::lead;

    #[test]
    fn filed_leads_are_linked_to_their_crm_record() {
        let mut app = App::new(vec![lead()], vec![], vec![]);
        let mut outbox = Outbox::default();
        let found = PulledLead { lead: lead(), crm_id: crate::crm::CrmId("u-7".into()) };
        let filed = file(&mut app, &mut outbox, &[found], &source("http://crm.test/", lead().created_at));
        assert_eq!(filed.ids, vec![Some(lead().id)]);
        assert_eq!((filed.links.links.len(), filed.forgotten), (1, 0));
        assert_eq!(outbox.crm_id(&lead().id).map(|c| c.0.as_str()), Some("u-7"));
    }

    #[test]
    fn a_person_forgotten_is_not_brought_back_before_the_crm_has_deleted_them() {
        let mut app = App::new(vec![], vec![], vec![]);
        let mut outbox = Outbox::default();
        let gone = crate::crm::CrmId("u-7".into());
        outbox.enqueue(lead().id, Operation::Forget { crm_id: gone.clone() }, lead().created_at);
        let mut other = lead();
        other.emails[0].value = "ada@lovelace.test".into();
        other.phones.clear();
        other.profiles.clear();
        other.name = other.name.map(|n| FieldValue { value: "Ada Lovelace".into(), ..n });
        (other.given_name, other.family_name) = (None, None);
        let found = [
            PulledLead { lead: lead(), crm_id: gone },
            PulledLead { lead: other, crm_id: crate::crm::CrmId("u-8".into()) },
        ];
        let filed = file(&mut app, &mut outbox, &found, &source("http://crm.test/", lead().created_at));
        assert_eq!(filed.ids[0], None);
        assert!(filed.ids[1].is_some());
        assert_eq!(app.book().len(), 1);
        assert_eq!((filed.changes.leads.len(), filed.links.links.len(), filed.forgotten), (1, 1, 1));
        assert!(outbox.crm_id(&lead().id).is_none());
    }

    #[test]
    fn a_pulled_lead_already_in_the_book_is_the_same_lead_and_a_new_one_is_added() {
        let mut app = App::new(vec![lead()], vec![], vec![]);
        let at = lead().created_at;
        let mut theirs = lead();
        theirs.id = crate::model::LeadId::from_key("crm:bottlecrm:u-1");
        theirs.title = theirs.title.map(|t| FieldValue { value: "COO".into(), ..t });
        let mut stranger = lead();
        stranger.emails[0].value = "ada@lovelace.test".into();
        stranger.phones.clear();
        stranger.profiles.clear();
        for f in [&mut stranger.name, &mut stranger.given_name, &mut stranger.family_name] {
            *f = None;
        }
        stranger.name = lead().name.map(|n| FieldValue { value: "Ada Lovelace".into(), ..n });
        let (ids, changes) =
            app.file(&[contact(&theirs), contact(&stranger)], &source("http://crm.test/api/leads/", at));
        assert_eq!(ids[0], Some(lead().id), "matched by email, not made twice");
        assert!(ids[1].is_some() && ids[1] != ids[0]);
        assert_eq!(app.book().len(), 2);
        assert!(changes.leads.iter().any(|l| l.emails.iter().any(|e| e.value == "ada@lovelace.test")));
        let added = app.book().get(ids[1].as_ref().unwrap()).unwrap();
        assert_eq!(added.emails[0].source.url, "http://crm.test/api/leads/");
        assert_eq!(added.emails[0].source.extractor, Extractor::Crm);
    }
}
