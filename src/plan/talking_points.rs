//! What a rep reads before dialling, the first twenty seconds of the call: who the person is, where
//! they were found, what they did lately, and what is still to learn.

use crate::model::{EngagementKind, Lead};
use chrono::{DateTime, Utc};

/// Engagement lines shown: the most recent few are what a rep can mention.
const ENGAGEMENT_LINES: usize = 3;

pub fn talking_points(lead: &Lead, now: DateTime<Utc>) -> String {
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
    // The lead's events are kept newest first; the rep's own visits are no talking point.
    for e in lead.engagement.iter().filter(|e| e.kind != EngagementKind::Visit).take(ENGAGEMENT_LINES) {
        parts.push(format!("Recently {}.", e.line(now)));
    }
    parts.extend(lead.qualification.to_learn());
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Event;
    use crate::plan::test_lead;
    use chrono::Duration;

    #[test]
    fn role_source_recent_engagement_and_what_is_left_to_learn() {
        let mut lead = test_lead(
            r#"{"@type":"Person","name":"Ann Lee","jobTitle":"VP Sales","worksFor":{"@type":"Organization","name":"Acme"}}"#,
        );
        let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        let event = |days, kind, text: Option<&str>| Event {
            kind,
            at: now - Duration::days(days),
            target: format!("https://x.com/acme/status/{days}"),
            excerpt: Some(format!("post {days}")),
            text: text.map(str::to_string),
            source_url: "https://x.com/acme".into(),
            known: true,
        };
        for e in [
            event(40, EngagementKind::Reaction, None),
            event(1, EngagementKind::Comment, Some("Q3 logistics")),
            event(3, EngagementKind::Visit, None),
            event(4, EngagementKind::Share, None),
            event(0, EngagementKind::Reply, Some("Interested")),
        ] {
            crate::engagement::record(&mut lead.engagement, e);
        }
        let note = talking_points(&lead, now);
        assert!(note.starts_with("VP Sales at Acme. Found on https://acme.test/team."), "{note}");
        assert!(
            note.contains("Recently replied to our post “post 0”: “Interested” (today). Recently commented on our post “post 1”: “Q3 logistics” (yesterday). Recently shared our post “post 4” (4 days ago)."),
            "{note}"
        );
        assert!(!note.contains("post 40") && !note.contains("viewed"), "the latest three, no visits");
        assert!(note.ends_with("Still to learn: budget, need, authority, timing."), "{note}");
    }
}
