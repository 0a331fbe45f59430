//! The lead book as CSV: one row per lead, with its open call task (or its latest one).

use crate::model::{CallTask, FieldValue, Lead, LeadId, TaskStatus};
use crate::text::defuse;
use rustc_hash::FxHashMap;

const HEADER: &[&str] = &[
    "lead_id",
    "full_name",
    "first_name",
    "last_name",
    "title",
    "company",
    "headline",
    "email",
    "phone",
    "linkedin",
    "profiles",
    "website",
    "location",
    "source_url",
    "created_at",
    "task_status",
    "task_due",
    "task_note",
];

/// Rows for these leads, after the header when `header` (the first part of an export).
pub fn export_csv<'a>(leads: impl IntoIterator<Item = &'a Lead>, tasks: &[CallTask], header: bool) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let one = |f: &Option<FieldValue>| f.as_ref().map(|f| f.value.clone()).unwrap_or_default();
    let all = |v: &[FieldValue]| v.iter().map(|f| f.value.as_str()).collect::<Vec<_>>().join("; ");
    // Each lead's open task, else its latest, found in one pass over the tasks (not one per lead).
    let rank = |t: &CallTask| (t.status == TaskStatus::Open, t.created_at);
    let mut tasks_of: FxHashMap<&LeadId, &CallTask> = FxHashMap::default();
    for t in tasks {
        let best = tasks_of.entry(&t.lead).or_insert(t);
        if rank(t) >= rank(best) {
            *best = t;
        }
    }
    // Header and rows are plain strings: writing to a Vec cannot fail.
    if header {
        let _ = out.write_record(HEADER);
    }
    for lead in leads {
        let task = tasks_of.get(&lead.id);
        let linkedin = lead.profiles.iter().find(|p| p.value.contains("linkedin.com/in/")).map(|p| p.value.clone());
        let row = [
            lead.id.to_string(),
            lead.display_name().unwrap_or_default(),
            one(&lead.given_name),
            one(&lead.family_name),
            one(&lead.title),
            one(&lead.company),
            one(&lead.headline),
            lead.emails.first().map(|f| f.value.clone()).unwrap_or_default(),
            all(&lead.phones),
            linkedin.unwrap_or_default(),
            all(&lead.profiles),
            all(&lead.websites),
            one(&lead.location),
            lead.source_url().unwrap_or_default().to_string(),
            lead.created_at.to_rfc3339(),
            task.map(|t| format!("{:?}", t.status).to_lowercase()).unwrap_or_default(),
            task.map(|t| t.due.to_rfc3339()).unwrap_or_default(),
            task.map(|t| t.note.clone()).unwrap_or_default(),
        ];
        let _ = out.write_record(row.iter().map(|v| defuse(v)));
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::LeadBook;
    use crate::capture::capture_page;
    use crate::plan::{PlanSettings, Planner, SuppressionList};

    #[test]
    fn rows_hold_the_lead_and_its_task_and_defuse_formulas() {
        let html = r#"<script type="application/ld+json">{"@type":"Person","name":"=HYPERLINK(\"x\")","email":"a@b.io","jobTitle":"CEO, \"Chief\""}</script>"#;
        let cap = capture_page(html, "https://b.io", chrono::Utc::now());
        let mut book = LeadBook::default();
        let id = book.upsert(&cap.contacts[0], &cap, crate::model::AddedBy::Rep).lead.unwrap();
        let (settings, suppression) = (PlanSettings::default(), SuppressionList::default());
        let planner = Planner { settings: &settings, suppression: &suppression, rep_offset_minutes: 0 };
        let task = planner.plan_call(book.get(&id).unwrap(), chrono::Utc::now()).unwrap();
        let csv = export_csv(book.leads(), std::slice::from_ref(&task), true);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")");
        assert_eq!(&rows[0][4], "CEO, \"Chief\"");
        assert_eq!(&rows[0][7], "a@b.io");
        assert_eq!(&rows[0][15], "open");
        assert_eq!(&rows[0][16], task.due.to_rfc3339());
    }
}
