//! What each of our posts and pages brought: people engaged, how many were already leads, how
//! many went on the call list, were reached and booked a meeting; and, with a value per meeting,
//! marketing's revenue per like.

use crate::engagement::EngagementSettings;
use crate::model::{CallTask, EngagementKind, Lead, Outcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Rows shown: the most recently engaged-with content.
const MAX_ROWS: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub target: String,
    pub excerpt: Option<String>,
    pub last_at: Option<DateTime<Utc>>,
    pub reactions: usize,
    pub comments: usize,
    /// Replies, shares, follows and mentions.
    pub other: usize,
    /// Distinct people who engaged.
    pub people: usize,
    /// Of those, already leads when they engaged.
    pub matched: usize,
    /// Put on the call list after they engaged.
    pub added: usize,
    /// Spoken to on a call after they engaged.
    pub reached: usize,
    pub meetings: usize,
    /// Meetings × value per meeting ÷ reactions, when a value is set and there were reactions.
    pub revenue_per_like: Option<f64>,
}

/// One row per piece of our content anyone engaged with, newest first.
pub fn report<'a>(
    leads: impl IntoIterator<Item = &'a Lead>,
    tasks: &'a [CallTask],
    settings: &EngagementSettings,
) -> Vec<ReportRow> {
    let mut by_lead: HashMap<&str, Vec<&CallTask>> = HashMap::new();
    for t in tasks {
        by_lead.entry(t.lead.as_str()).or_default().push(t);
    }
    let mut rows: HashMap<&str, ReportRow> = HashMap::new();
    for lead in leads {
        let lead_tasks = by_lead.get(lead.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        // Each target once per lead: the first time they engaged with it.
        let mut firsts: Vec<(&str, DateTime<Utc>, bool)> = Vec::new();
        for e in lead.engagement.iter().filter(|e| e.kind.counts()) {
            let row = rows
                .entry(e.target.as_str())
                .or_insert_with(|| ReportRow { target: e.target.clone(), ..Default::default() });
            match e.kind {
                EngagementKind::Reaction => row.reactions += 1,
                EngagementKind::Comment => row.comments += 1,
                _ => row.other += 1,
            }
            row.excerpt = row.excerpt.take().or_else(|| e.excerpt.clone());
            row.last_at = row.last_at.max(Some(e.at));
            match firsts.iter_mut().find(|(t, _, _)| *t == e.target) {
                Some(f) => {
                    f.1 = f.1.min(e.at);
                    f.2 |= e.known;
                }
                None => firsts.push((e.target.as_str(), e.at, e.known)),
            }
        }
        for (target, since, known) in firsts {
            let row = rows.get_mut(target).expect("counted above");
            let logged = |o: fn(Outcome) -> bool| {
                lead_tasks.iter().any(|t| t.outcome.as_ref().is_some_and(|l| l.at >= since && o(l.outcome)))
            };
            row.people += 1;
            row.matched += usize::from(known);
            row.added += usize::from(lead_tasks.iter().any(|t| t.created_at >= since));
            row.reached += usize::from(logged(Outcome::reached));
            row.meetings += usize::from(logged(|o| o == Outcome::MeetingBooked));
        }
    }
    let mut rows: Vec<ReportRow> = rows.into_values().collect();
    for row in &mut rows {
        row.revenue_per_like = (settings.meeting_value > 0 && row.reactions > 0)
            .then(|| (row.meetings as f64 * f64::from(settings.meeting_value)) / row.reactions as f64);
    }
    crate::order::sort_by(&mut rows, |a, b| b.last_at.cmp(&a.last_at).then_with(|| a.target.cmp(&b.target)));
    rows.truncate(MAX_ROWS);
    rows
}
