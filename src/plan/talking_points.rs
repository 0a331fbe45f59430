//! What a rep reads before dialling, the first twenty seconds of the call: who the person is, where
//! they were found, what they did lately, and what is still to learn.

use super::priority::EngagementSignal;
use crate::book::Lead;
use chrono::{DateTime, Utc};

/// Engagement lines shown: the most recent few are what a rep can mention.
const ENGAGEMENT_LINES: usize = 3;

fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match (now - then).num_days() {
        ..=0 => "today".into(),
        1 => "yesterday".into(),
        days => format!("{days} days ago"),
    }
}

pub fn talking_points(lead: &Lead, signals: &[EngagementSignal], now: DateTime<Utc>) -> String {
    let mut parts = Vec::new();
    match (&lead.title, &lead.company) {
        (Some(t), Some(c)) => parts.push(format!("{} at {}.", t.value, c.value)),
        (Some(t), None) => parts.push(format!("{}.", t.value)),
        (None, Some(c)) => parts.push(format!("Works at {}.", c.value)),
        (None, None) => {}
    }
    if let Some(loc) = &lead.location {
        parts.push(format!("Based in {}.", loc.value));
    }
    if let Some(url) = lead.source_url() {
        parts.push(format!("Found on {url}."));
    }
    let mut recent: Vec<&EngagementSignal> = signals.iter().collect();
    recent.sort_by_key(|s| std::cmp::Reverse(s.at));
    for s in recent.into_iter().take(ENGAGEMENT_LINES) {
        let what = if s.detail.is_empty() { String::new() } else { format!(" “{}”", s.detail) };
        parts.push(format!("Recently {}{what} ({}).", s.kind.verb(), ago(s.at, now)));
    }
    parts.extend(lead.qualification.to_learn());
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::priority::EngagementKind;
    use crate::plan::test_lead;
    use chrono::Duration;

    #[test]
    fn role_source_recent_engagement_and_what_is_left_to_learn() {
        let lead = test_lead(
            r#"{"@type":"Person","name":"Ann Lee","jobTitle":"VP Sales","worksFor":{"@type":"Organization","name":"Acme"}}"#,
        );
        let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        let signal =
            |days, kind, detail: &str| EngagementSignal { at: now - Duration::days(days), kind, detail: detail.into() };
        let signals = [
            signal(40, EngagementKind::Reaction, "old post"),
            signal(1, EngagementKind::Comment, "Q3 logistics"),
            signal(3, EngagementKind::SiteVisit, ""),
            signal(0, EngagementKind::Reply, "our email"),
        ];
        let note = talking_points(&lead, &signals, now);
        assert!(note.starts_with("VP Sales at Acme. Found on https://acme.test/team."), "{note}");
        assert!(
            note.contains("Recently replied to “our email” (today). Recently commented on “Q3 logistics” (yesterday). Recently visited (3 days ago)."),
            "{note}"
        );
        assert!(!note.contains("old post"), "only the latest three");
        assert!(note.ends_with("Still to learn: budget, need, authority, timing."), "{note}");
    }
}
