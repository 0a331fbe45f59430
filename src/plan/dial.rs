//! The number to call: a direct line or mobile before an office number, the switchboard last,
//! never a fax; numbers that turned out wrong are skipped.

use crate::model::{FieldValue, Lead, PhoneLabel};

fn rank(label: Option<PhoneLabel>) -> Option<u8> {
    match label {
        Some(PhoneLabel::Direct) => Some(0),
        Some(PhoneLabel::Mobile) => Some(1),
        None | Some(PhoneLabel::Office) => Some(2),
        Some(PhoneLabel::Switchboard) => Some(3),
        Some(PhoneLabel::Fax) => None,
    }
}

/// The best number to call, skipping `wrong` ones; a number in E.164 (read against the numbering
/// plan) before one kept as the page wrote it.
pub fn number_to_call<'a>(lead: &'a Lead, wrong: &[String]) -> Option<&'a FieldValue> {
    lead.phones
        .iter()
        .filter(|p| !wrong.contains(&p.value))
        .filter_map(|p| Some(((rank(p.label)?, !p.value.starts_with('+')), p)))
        .min_by_key(|(key, _)| *key)
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_lead;

    #[test]
    fn direct_and_mobile_before_switchboard_and_never_a_fax() {
        let mut lead = test_lead(r#"{"@type":"Person","name":"Ann Lee","email":"ann@acme.test"}"#);
        let phone = |value: &str, label| FieldValue { value: value.into(), label, ..lead.emails[0].clone() };
        lead.phones = vec![
            phone("+33100000001", Some(PhoneLabel::Fax)),
            phone("+33100000002", Some(PhoneLabel::Switchboard)),
            phone("+33100000003", None),
            phone("+33600000004", Some(PhoneLabel::Mobile)),
            phone("+33100000005", Some(PhoneLabel::Direct)),
        ];
        let pick = |wrong: &[&str]| {
            let wrong: Vec<String> = wrong.iter().map(|s| s.to_string()).collect();
            number_to_call(&lead, &wrong).map(|p| p.value.clone())
        };
        assert_eq!(pick(&[]).as_deref(), Some("+33100000005"));
        assert_eq!(pick(&["+33100000005"]).as_deref(), Some("+33600000004"));
        assert_eq!(pick(&["+33100000005", "+33600000004"]).as_deref(), Some("+33100000003"));
        assert_eq!(pick(&["+33100000005", "+33600000004", "+33100000003"]).as_deref(), Some("+33100000002"));
        assert_eq!(pick(&["+33100000005", "+33600000004", "+33100000003", "+33100000002"]), None, "a fax is no call");
    }
}
