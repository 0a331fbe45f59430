//! Field mapping and overwrite policy: settings data, not code. Each mapped lead field names the
//! CRM's field and what to do when the CRM already holds a different value.

use super::IdempotencyKey;
use crate::model::{FieldValue, Lead};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadField {
    Name,
    GivenName,
    FamilyName,
    Title,
    Company,
    Location,
    Email,
    Phone,
    Profile,
    Website,
}

/// What enrichment does to a CRM field that already has a different value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Write only where the CRM has nothing.
    FillEmpty,
    /// Leave the CRM's value; write the proposal into the note for a person to decide.
    Propose,
    Overwrite,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldMap {
    pub field: LeadField,
    pub crm_field: String,
    pub policy: Policy,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mapping(pub Vec<FieldMap>);

impl Mapping {
    /// `(field, crm_field, policy)` rows, the way connectors write their defaults.
    pub fn of(rows: &[(LeadField, &str, Policy)]) -> Mapping {
        Mapping(rows.iter().map(|&(field, crm, policy)| FieldMap { field, crm_field: crm.into(), policy }).collect())
    }

    /// The CRM field a lead field goes to, if mapped.
    pub fn crm_field(&self, field: LeadField) -> Option<&str> {
        self.0.iter().find(|m| m.field == field).map(|m| m.crm_field.as_str())
    }

    /// Every mapped value the lead has, for a create.
    pub fn fields(&self, lead: &Lead) -> Map<String, Value> {
        self.0
            .iter()
            .filter_map(|m| get(lead, m.field).map(|v| (m.crm_field.clone(), Value::String(v.value.clone()))))
            .collect()
    }

    /// What enrichment writes, given the CRM record's current fields, and the note that says
    /// where each value came from (and what was only proposed).
    pub fn enrich(&self, lead: &Lead, current: &Value, key: &IdempotencyKey) -> Enrichment {
        let mut set = Map::new();
        let mut lines = Vec::new();
        for m in &self.0 {
            let Some(ours) = get(lead, m.field) else { continue };
            let theirs = current_value(current, &m.crm_field);
            let from = provenance(ours);
            match theirs {
                None => {
                    set.insert(m.crm_field.clone(), Value::String(ours.value.clone()));
                    lines.push(format!("{}: set to \"{}\" ({from})", m.crm_field, ours.value));
                }
                Some(t) if crate::text::fold(&t) == crate::text::fold(&ours.value) => {}
                Some(t) => match m.policy {
                    Policy::FillEmpty => {}
                    Policy::Propose => lines.push(format!(
                        "{}: proposed \"{}\" instead of \"{t}\", not written ({from})",
                        m.crm_field, ours.value
                    )),
                    Policy::Overwrite => {
                        set.insert(m.crm_field.clone(), Value::String(ours.value.clone()));
                        lines.push(format!("{}: \"{}\" replaces \"{t}\" ({from})", m.crm_field, ours.value));
                    }
                },
            }
        }
        // What the rep learnt on calls goes with the details: the CRM keeps the whole story.
        lines.extend(lead.qualification.summary());
        let note = (!lines.is_empty()).then(|| {
            format!(
                "Leadlens enrichment {}\n{}",
                key.marker(),
                lines.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n")
            )
        });
        Enrichment { set, note }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Enrichment {
    pub set: Map<String, Value>,
    pub note: Option<String>,
}

fn provenance(v: &FieldValue) -> String {
    format!("found on {} by {:?}, {}", v.source.url, v.source.extractor, v.source.at.format("%Y-%m-%d %H:%M UTC"))
}

/// A CRM field's value as text: strings as they are, numbers printed, lists by their first
/// entry's `value` (Pipedrive's emails and phones); empty means absent.
fn current_value(record: &Value, field: &str) -> Option<String> {
    let v = record.get(field)?;
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.first().and_then(|x| x.get("value").or(Some(x))).and_then(Value::as_str)?.to_string(),
        _ => return None,
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

pub fn get(lead: &Lead, field: LeadField) -> Option<&FieldValue> {
    match field {
        LeadField::Name => lead.name.as_ref(),
        LeadField::GivenName => lead.given_name.as_ref(),
        LeadField::FamilyName => lead.family_name.as_ref(),
        LeadField::Title => lead.title.as_ref(),
        LeadField::Company => lead.company.as_ref(),
        LeadField::Location => lead.location.as_ref(),
        LeadField::Email => lead.emails.first(),
        LeadField::Phone => lead.phones.first(),
        LeadField::Profile => lead.profiles.first(),
        LeadField::Website => lead.websites.first(),
    }
}

pub(crate) fn set(lead: &mut Lead, field: LeadField, value: FieldValue) {
    match field {
        LeadField::Name => lead.name = Some(value),
        LeadField::GivenName => lead.given_name = Some(value),
        LeadField::FamilyName => lead.family_name = Some(value),
        LeadField::Title => lead.title = Some(value),
        LeadField::Company => lead.company = Some(value),
        LeadField::Location => lead.location = Some(value),
        LeadField::Email => lead.emails.push(value),
        LeadField::Phone => lead.phones.push(value),
        LeadField::Profile => lead.profiles.push(value),
        LeadField::Website => lead.websites.push(value),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Extractor, LeadId, Provenance};
    use chrono::{DateTime, Utc};
    use serde_json::json;

    pub(crate) fn lead() -> Lead {
        let at = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").unwrap().with_timezone(&Utc);
        let v = |s: &str| FieldValue {
            value: s.into(),
            label: None,
            source: Provenance {
                url: "https://acme.test/team".into(),
                extractor: Extractor::JsonLd,
                at,
                confidence: 0.95,
            },
        };
        Lead {
            id: LeadId::from_key("email:maria@acme.test"),
            name: Some(v("María González")),
            given_name: Some(v("María")),
            family_name: Some(v("González")),
            title: Some(v("VP Operations")),
            company: Some(v("Acme")),
            headline: None,
            location: None,
            emails: vec![v("maria@acme.test")],
            phones: vec![v("+14155550100")],
            profiles: vec![v("https://www.linkedin.com/in/maria-gonzalez-ops")],
            websites: vec![],
            alternatives: vec![],
            confirmed: vec![],
            rejected: vec![],
            qualification: Default::default(),
            stage: Default::default(),
            engagement: vec![],
            added_by: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn mapping(policy: Policy) -> Mapping {
        Mapping::of(&[(LeadField::Title, "job_title", policy), (LeadField::Company, "company", policy)])
    }

    #[test]
    fn empty_crm_fields_are_filled_with_provenance_whatever_the_policy() {
        for policy in [Policy::FillEmpty, Policy::Propose, Policy::Overwrite] {
            let e = mapping(policy).enrich(
                &lead(),
                &json!({"job_title": "", "company": null}),
                &IdempotencyKey("k".into()),
            );
            assert_eq!(e.set, json!({"job_title": "VP Operations", "company": "Acme"}).as_object().unwrap().clone());
            let note = e.note.unwrap();
            assert!(note.contains("[leadlens:k]") && note.contains("found on https://acme.test/team"), "{note}");
        }
    }

    #[test]
    fn a_differing_value_is_kept_proposed_or_replaced_by_policy() {
        let current = json!({"job_title": "COO", "company": "ACME"});
        let key = IdempotencyKey("k".into());
        let keep = mapping(Policy::FillEmpty).enrich(&lead(), &current, &key);
        assert_eq!(keep, Enrichment::default());
        let propose = mapping(Policy::Propose).enrich(&lead(), &current, &key);
        assert!(propose.set.is_empty());
        assert!(propose.note.unwrap().contains("proposed \"VP Operations\" instead of \"COO\""));
        let over = mapping(Policy::Overwrite).enrich(&lead(), &current, &key);
        // "ACME" is the same company folded: never rewritten.
        assert_eq!(over.set, json!({"job_title": "VP Operations"}).as_object().unwrap().clone());
        assert!(over.note.unwrap().contains("\"VP Operations\" replaces \"COO\""));
    }

    #[test]
    fn list_fields_compare_by_their_first_value() {
        let m = Mapping::of(&[(LeadField::Email, "email", Policy::Overwrite)]);
        let e = m.enrich(
            &lead(),
            &json!({"email": [{"value": "maria@acme.test", "primary": true}]}),
            &IdempotencyKey("k".into()),
        );
        assert_eq!(e, Enrichment::default());
    }
}
