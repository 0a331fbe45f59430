//! Engagement: who reacted to, commented on, replied to, shared or follows our content, and the
//! rep's own visits to a lead's pages. Capture reads the events a page shows ([`Seen`]); the app
//! keeps those on our content ([`ours`]) on the lead ([`Event`]), once each however often the list
//! is read again; priority and the call note read them back.

pub mod ours;
pub mod report;
pub mod when;

use crate::model::{EngagementKind, Event, MAX_EVENTS};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use ours::{EngagementSettings, OurPages};
pub use report::{report, ReportRow};

/// An engagement as a page shows it, before anyone is matched to a lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Index into the capture's contacts: who did it.
    pub contact: usize,
    pub kind: EngagementKind,
    /// The post or page engaged with.
    pub target: String,
    /// Whose post or page it is (a profile or company page URL), to tell ours from others'.
    pub owner: Option<String>,
    /// Absolute, from the time the page showed ("2d" read against the capture time).
    pub at: DateTime<Utc>,
    /// The target post's first words, for the call note.
    pub excerpt: Option<String>,
    /// The comment or reply's text, or the reaction's name ("Celebrate").
    pub text: Option<String>,
}

/// Words of a post kept for the note.
const EXCERPT_WORDS: usize = 12;

impl Event {
    pub fn new(seen: &Seen, source_url: &str, known: bool) -> Event {
        Event {
            kind: seen.kind,
            at: seen.at,
            target: seen.target.clone(),
            excerpt: seen.excerpt.clone(),
            text: seen.text.clone(),
            source_url: source_url.to_string(),
            known,
        }
    }

    /// The rep opened a page about the lead.
    pub fn visit(url: &str, at: DateTime<Utc>, known: bool) -> Event {
        let (target, source_url) = (url.to_string(), url.to_string());
        Event { kind: EngagementKind::Visit, at, target, excerpt: None, text: None, source_url, known }
    }

    /// Whether two readings are of one engagement. A list read again a day later shows the same
    /// reaction as "3d" instead of "2d", so the time does not tell (except for visits, one a day);
    /// several comments on one post are several, but a comment seen without its text (in the
    /// person's activity) is any of theirs; a reaction changed is the same one.
    fn same(&self, other: &Event) -> bool {
        if self.kind != other.kind || self.target != other.target {
            return false;
        }
        match self.kind {
            EngagementKind::Comment | EngagementKind::Reply | EngagementKind::Share => {
                self.text.is_none() || other.text.is_none() || self.text == other.text
            }
            EngagementKind::Visit => self.at.date_naive() == other.at.date_naive(),
            _ => true,
        }
    }

    /// One line for the call note: "reacted (Celebrate) to our post “Q3 figures…” (2 days ago)".
    pub fn line(&self, now: DateTime<Utc>) -> String {
        format!("{} ({})", self.describe(), ago(self.at, now))
    }

    /// What they did, without when: "reacted (Celebrate) to our post “Q3 figures…”".
    pub fn describe(&self) -> String {
        let what = match self.kind {
            EngagementKind::Reaction => match &self.text {
                Some(r) => format!("reacted ({r}) to"),
                None => "reacted to".into(),
            },
            kind => kind.verb().to_string(),
        };
        let object = match (&self.excerpt, self.kind) {
            (_, EngagementKind::Visit) => self.target.clone(),
            (_, EngagementKind::Follow) => "our page".into(),
            (Some(e), EngagementKind::Post) => format!("“{e}”"),
            (Some(e), EngagementKind::Mention) => format!("us in “{e}”"),
            (None, EngagementKind::Mention) => "us".into(),
            (Some(e), _) => format!("our post “{e}”"),
            (None, EngagementKind::Post) => "a post".into(),
            (None, _) => format!("our post {}", self.target),
        };
        let said = match (&self.text, self.kind) {
            (Some(t), EngagementKind::Comment | EngagementKind::Reply | EngagementKind::Share) => {
                format!(": “{}”", excerpt(t).unwrap_or_default())
            }
            _ => String::new(),
        };
        format!("{what} {object}{said}")
    }
}

/// Adds an event to a lead's list unless it is already there; `true` when it was new. Keeps the
/// newest [`MAX_EVENTS`], visits going first.
pub fn record(events: &mut Vec<Event>, event: Event) -> bool {
    if events.iter().any(|e| e.same(&event)) {
        return false;
    }
    events.push(event);
    crate::order::sort_by_key(events, |e| std::cmp::Reverse(e.at));
    while events.len() > MAX_EVENTS {
        let drop = events.iter().rposition(|e| e.kind == EngagementKind::Visit).unwrap_or(events.len() - 1);
        events.remove(drop);
    }
    true
}

/// The first words of a text, "…" when cut; `None` for blank text.
pub fn excerpt(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => None,
        n if n <= EXCERPT_WORDS => Some(words.join(" ")),
        _ => Some(format!("{}…", words[..EXCERPT_WORDS].join(" "))),
    }
}

/// "today", "yesterday", "3 days ago".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match (now - then).num_days() {
        ..=0 => "today".into(),
        1 => "yesterday".into(),
        days => format!("{days} days ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn event(kind: EngagementKind, days: i64, text: Option<&str>) -> Event {
        Event {
            kind,
            at: now() - Duration::days(days),
            target: "https://www.linkedin.com/feed/update/urn:li:activity:1/".into(),
            excerpt: Some("Our Q3 figures are out".into()),
            text: text.map(str::to_string),
            source_url: "https://www.linkedin.com/feed/update/urn:li:activity:1/".into(),
            known: true,
        }
    }

    #[test]
    fn a_list_read_again_later_does_not_count_twice() {
        let mut events = Vec::new();
        assert!(record(&mut events, event(EngagementKind::Reaction, 2, Some("Like"))));
        // The same reaction, read a day later ("3d"), and changed to another kind of reaction.
        assert!(!record(&mut events, event(EngagementKind::Reaction, 3, Some("Celebrate"))));
        assert!(record(&mut events, event(EngagementKind::Comment, 2, Some("Great numbers"))));
        assert!(!record(&mut events, event(EngagementKind::Comment, 3, Some("Great numbers"))));
        assert!(record(&mut events, event(EngagementKind::Comment, 1, Some("And the forecast?"))));
        assert!(!record(&mut events, event(EngagementKind::Comment, 1, None)), "their comment, seen in their activity");
        assert_eq!(events.len(), 3);
        // A visit is one a day.
        assert!(record(&mut events, event(EngagementKind::Visit, 0, None)));
        assert!(!record(&mut events, event(EngagementKind::Visit, 0, None)));
        assert!(record(&mut events, event(EngagementKind::Visit, 1, None)));
    }

    #[test]
    fn keeps_the_newest_and_drops_visits_first() {
        let mut events = Vec::new();
        record(&mut events, event(EngagementKind::Visit, 0, None));
        for i in 0..MAX_EVENTS as i64 {
            record(&mut events, event(EngagementKind::Comment, i + 1, Some(&format!("comment {i}"))));
        }
        assert_eq!(events.len(), MAX_EVENTS);
        assert!(events.iter().all(|e| e.kind == EngagementKind::Comment));
        record(&mut events, event(EngagementKind::Comment, 0, Some("newest")));
        assert_eq!(events[0].text.as_deref(), Some("newest"));
        assert!(!events.iter().any(|e| e.text.as_deref() == Some(&format!("comment {}", MAX_EVENTS - 1))));
    }

    #[test]
    fn lines_a_rep_can_say() {
        let r = event(EngagementKind::Reaction, 2, Some("Celebrate"));
        assert_eq!(r.line(now()), "reacted (Celebrate) to our post “Our Q3 figures are out” (2 days ago)");
        let c = event(
            EngagementKind::Comment,
            1,
            Some("Does this work for fleets of 200 trucks across Europe and the UK too?"),
        );
        assert_eq!(
            c.line(now()),
            "commented on our post “Our Q3 figures are out”: “Does this work for fleets of 200 trucks across Europe and the…” (yesterday)"
        );
        let mut f = event(EngagementKind::Follow, 0, None);
        f.excerpt = None;
        assert_eq!(f.line(now()), "followed our page (today)");
    }
}
