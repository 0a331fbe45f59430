//! Leads marketing should remove: disqualified, left the company, or no working number. A list for
//! the side panel and a CSV for marketing's tools.

use crate::model::{CallTask, EngagementKind, Extractor, Lead, LeadId, LeadStage, Qualification};
use crate::text::defuse;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CleanupEntry {
    pub lead: LeadId,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub stage: LeadStage,
    /// When the rep logged the call that ended it, with their note.
    pub flagged_at: Option<DateTime<Utc>>,
    pub note: String,
}

/// Leads to clean up, most recently flagged first.
pub fn cleanup_list<'a>(leads: impl IntoIterator<Item = &'a Lead>, tasks: &[CallTask]) -> Vec<CleanupEntry> {
    let mut out: Vec<CleanupEntry> = leads
        .into_iter()
        .filter(|l| l.stage.needs_cleanup())
        .map(|l| {
            let last = tasks.iter().filter(|t| t.lead == l.id).filter_map(|t| t.outcome.as_ref()).max_by_key(|o| o.at);
            entry(l, last.map(|o| o.at), last.map(|o| o.note.clone()).unwrap_or_default())
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| b.flagged_at.cmp(&a.flagged_at).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Whether a lead was made only because its page was opened (as versions before "seen is not
/// saved" did): nobody chose it, it has no call and nothing from a file or the CRM, and it was
/// not matched again since. `has_calls` tells whether any call names it.
pub fn made_by_visiting(lead: &Lead, has_calls: bool) -> bool {
    let singles = [&lead.name, &lead.given_name, &lead.family_name, &lead.title, &lead.company, &lead.location];
    let lists = [&lead.emails, &lead.phones, &lead.profiles, &lead.websites];
    let from_page = singles
        .into_iter()
        .flatten()
        .chain(lists.into_iter().flatten())
        .all(|v| !matches!(v.source.extractor, Extractor::Crm | Extractor::Csv));
    lead.added_by.is_none()
        && !has_calls
        && from_page
        && lead.confirmed.is_empty()
        && lead.qualification == Qualification::default()
        && lead.stage == LeadStage::default()
        && lead.engagement.iter().all(|e| e.kind == EngagementKind::Visit && !e.known)
}

/// Leads made by visiting, for the rep to keep or drop, oldest first.
pub fn review_list<'a>(leads: impl IntoIterator<Item = &'a Lead>) -> Vec<CleanupEntry> {
    leads
        .into_iter()
        .map(|l| {
            let note = match l.source_url() {
                Some(url) => format!("Saved only because {url} was opened"),
                None => "Saved only because its page was opened".into(),
            };
            entry(l, Some(l.created_at), note)
        })
        .collect()
}

fn entry(l: &Lead, flagged_at: Option<DateTime<Utc>>, note: String) -> CleanupEntry {
    CleanupEntry {
        lead: l.id.clone(),
        name: l.display_name().or_else(|| l.emails.first().map(|e| e.value.clone())).unwrap_or_default(),
        company: l.company.as_ref().map(|c| c.value.clone()),
        email: l.emails.first().map(|e| e.value.clone()),
        stage: l.stage,
        flagged_at,
        note,
    }
}

/// The clean-up list as CSV; page text that a spreadsheet would run as a formula is defused.
pub fn cleanup_csv(entries: &[CleanupEntry]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = out.write_record(["lead_id", "full_name", "company", "email", "reason", "flagged_at", "note"]);
    for e in entries {
        let row = [
            e.lead.to_string(),
            e.name.clone(),
            e.company.clone().unwrap_or_default(),
            e.email.clone().unwrap_or_default(),
            e.stage.to_string(),
            e.flagged_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            e.note.clone(),
        ];
        let _ = out.write_record(row.iter().map(|v| defuse(v)));
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_lead;

    #[test]
    fn only_dead_and_disqualified_leads_are_listed_and_formulas_are_defused() {
        let mut gone = test_lead(
            r#"{"@type":"Person","name":"=HYPERLINK(\"x\")","email":"a@b.test","worksFor":{"@type":"Organization","name":"+Acme"}}"#,
        );
        gone.stage = LeadStage::LeftCompany;
        let mut booked = test_lead(r#"{"@type":"Person","name":"Bo Two","email":"bo@b.test"}"#);
        booked.stage = LeadStage::MeetingBooked;
        let mut wrong = test_lead(r#"{"@type":"Person","name":"Cy Three","email":"cy@b.test"}"#);
        wrong.stage = LeadStage::WrongNumber;
        let list = cleanup_list(&[gone, booked, wrong], &[]);
        let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["=HYPERLINK(\"x\")", "Cy Three"]);
        let csv = cleanup_csv(&list);
        let rows: Vec<csv::StringRecord> =
            csv::Reader::from_reader(csv.as_bytes()).records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")");
        assert_eq!(&rows[0][2], "'+Acme");
        assert_eq!(&rows[0][4], "left the company");
        assert_eq!(&rows[1][4], "no working number");
    }
}
