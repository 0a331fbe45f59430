//! Making a lead from a captured contact, and adding what a later capture knows.

use crate::capture::Capture;
use crate::model::{Contact, FieldValue, Lead, LeadAlternative, LeadId, LeadStage, Provenance, Qualification, Sourced};

/// Converts captured values into the lead's form, with the capture's URL and time.
struct Stamp<'a>(&'a Capture);

impl Stamp<'_> {
    fn one<T: ToString>(&self, s: &Option<Sourced<T>>) -> Option<FieldValue> {
        s.as_ref().map(|s| self.value(s))
    }

    fn many<T: ToString>(&self, v: &[Sourced<T>]) -> Vec<FieldValue> {
        v.iter().map(|s| self.value(s)).collect()
    }

    fn value<T: ToString>(&self, s: &Sourced<T>) -> FieldValue {
        FieldValue {
            value: s.value.to_string(),
            label: None,
            source: Provenance {
                url: self.0.url.clone(),
                extractor: s.extractor,
                at: self.0.captured_at,
                confidence: s.confidence,
            },
        }
    }
}

impl Lead {
    pub fn from_contact(id: LeadId, c: &Contact, capture: &Capture) -> Lead {
        let s = Stamp(capture);
        Lead {
            id,
            name: s.one(&c.name),
            given_name: s.one(&c.given_name),
            family_name: s.one(&c.family_name),
            title: s.one(&c.title),
            company: s.one(&c.company),
            headline: s.one(&c.headline),
            location: s.one(&c.location),
            emails: s.many(&c.emails),
            phones: c.phones.iter().map(|p| FieldValue { label: p.value.label, ..s.value(p) }).collect(),
            profiles: c
                .profiles
                .iter()
                .map(|p| s.value(&Sourced { value: p.value.url(), extractor: p.extractor, confidence: p.confidence }))
                .collect(),
            websites: s.many(&c.websites),
            alternatives: c
                .alternatives
                .iter()
                .map(|a| LeadAlternative { field: a.field.clone(), value: s.value(&a.value) })
                .collect(),
            confirmed: Vec::new(),
            rejected: Vec::new(),
            created_at: capture.captured_at,
            updated_at: capture.captured_at,
            qualification: Qualification::default(),
            stage: LeadStage::default(),
            engagement: Vec::new(),
            added_by: None,
        }
    }

    /// Adds what the contact knows that the lead does not; a differing value of a single-valued
    /// field is kept as an alternative. Returns whether anything changed.
    pub fn merge(&mut self, c: &Contact, capture: &Capture) -> bool {
        let incoming = Lead::from_contact(self.id.clone(), c, capture);
        let mut changed = false;
        for (field, mine, theirs) in [
            ("name", &mut self.name, incoming.name),
            ("given_name", &mut self.given_name, incoming.given_name),
            ("family_name", &mut self.family_name, incoming.family_name),
            ("title", &mut self.title, incoming.title),
            ("company", &mut self.company, incoming.company),
            ("headline", &mut self.headline, incoming.headline),
            ("location", &mut self.location, incoming.location),
        ] {
            let Some(theirs) = theirs else { continue };
            match mine {
                None => {
                    *mine = Some(theirs);
                    changed = true;
                }
                Some(m)
                    if crate::text::fold(&m.value) != crate::text::fold(&theirs.value)
                        && !self.alternatives.iter().any(|a| a.field == field && a.value.value == theirs.value) =>
                {
                    self.alternatives.push(LeadAlternative { field: field.to_string(), value: theirs });
                    changed = true;
                }
                Some(_) => {}
            }
        }
        for (mine, theirs) in [
            (&mut self.emails, incoming.emails),
            (&mut self.phones, incoming.phones),
            (&mut self.profiles, incoming.profiles),
            (&mut self.websites, incoming.websites),
        ] {
            for v in theirs {
                if !mine.iter().any(|m| m.value == v.value) {
                    mine.push(v);
                    changed = true;
                }
            }
        }
        if changed {
            self.updated_at = capture.captured_at;
        }
        changed
    }
}
