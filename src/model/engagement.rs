//! Engagement kept on a lead: what they did with our content, and the rep's visits.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementKind {
    /// A like, celebrate, insightful… on a post.
    Reaction,
    Comment,
    /// An answer to a post on X.
    Reply,
    /// A repost or a quote.
    Share,
    Follow,
    /// Named one of our pages in their own post.
    Mention,
    /// Their own post: not interest in us, but something to talk about.
    Post,
    /// The rep opened the lead's profile or site: research, not the lead's interest.
    Visit,
}

impl EngagementKind {
    /// Weight in the priority score (plan's `priority`): what the lead did for us.
    pub fn weight(self) -> f64 {
        match self {
            EngagementKind::Reply => 10.0,
            EngagementKind::Comment | EngagementKind::Share | EngagementKind::Mention => 6.0,
            EngagementKind::Follow => 4.0,
            EngagementKind::Reaction => 3.0,
            EngagementKind::Post | EngagementKind::Visit => 0.0,
        }
    }

    /// Whether the lead did this to our content (what the report and priority count).
    pub fn counts(self) -> bool {
        self.weight() > 0.0
    }

    /// "5 reactions", "1 comment", "2 replies".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            EngagementKind::Reaction => ("reaction", "reactions"),
            EngagementKind::Comment => ("comment", "comments"),
            EngagementKind::Reply => ("reply", "replies"),
            EngagementKind::Share => ("share", "shares"),
            EngagementKind::Follow => ("new follower", "new followers"),
            EngagementKind::Mention => ("mention", "mentions"),
            EngagementKind::Post => ("post", "posts"),
            EngagementKind::Visit => ("visit", "visits"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// How a rep would say it: "commented on".
    pub fn verb(self) -> &'static str {
        match self {
            EngagementKind::Reaction => "reacted to",
            EngagementKind::Comment => "commented on",
            EngagementKind::Reply => "replied to",
            EngagementKind::Share => "shared",
            EngagementKind::Follow => "followed",
            EngagementKind::Mention => "mentioned",
            EngagementKind::Post => "posted",
            EngagementKind::Visit => "you viewed",
        }
    }
}

/// An engagement kept on a lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EngagementKind,
    pub at: DateTime<Utc>,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The page it was read on.
    pub source_url: String,
    /// Whether the person was already a lead when it was read (the report's "matched").
    #[serde(default)]
    pub known: bool,
}

/// Most events kept per lead: the newest, which are what priority and the note use.
pub const MAX_EVENTS: usize = 50;
