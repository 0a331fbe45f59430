//! Which call comes first.
//!
//! A task's priority is a score, the sum of three parts:
//!
//! - **fit**, 0–40: title seniority (executive 30: chief, founder, owner, president, partner,
//!   managing director; vice-president, head or director 20; manager or lead 10; any other title
//!   5; none 0), plus 10 when the company is known.
//! - **qualification**, −80–40: each of budget, need, authority and timing adds 10 when met and
//!   takes 20 away when not met (a "no" says more than a "yes"); unknown adds nothing.
//! - **engagement**, 0–40: each engagement with our content weighs by its kind (reply 10;
//!   comment, share or mention 6; follow 4; reaction 3; their own posts and the rep's visits 0)
//!   and halves every 14 days of age; the sum is capped at 40, so more and more recent
//!   engagement never lowers the score. Ten reactions today weigh 30, ten from a month ago 7.
//!
//! The call list puts due tasks first: promised call-backs, by their promised time, then the rest
//! by score (highest first), then by due time. Tasks not yet due follow in due-time order.

use crate::lexicon::{self, Section};
use crate::model::{CallTask, Criterion, Event, Lead, Qualification, TaskKind};
use crate::text::fold;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;

const HALF_LIFE_DAYS: f64 = 14.0;
const ENGAGEMENT_CAP: f64 = 40.0;

/// Whether the folded title holds `term` as whole words.
fn has_term(title: &str, term: &str) -> bool {
    let words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let term: Vec<&str> = term.split(' ').collect();
    words.windows(term.len()).any(|w| w == term.as_slice())
}

fn seniority(title: Option<&str>) -> i32 {
    let Some(title) = title.map(fold).filter(|t| !t.is_empty()) else { return 0 };
    let any = |terms: Section| lexicon::words(terms).iter().any(|t| has_term(&title, t));
    if any(Section::SeniorityExecutive) {
        30
    } else if any(Section::SenioritySenior) {
        20
    } else if any(Section::SeniorityMiddle) {
        10
    } else {
        5
    }
}

fn fit(lead: &Lead) -> i32 {
    seniority(lead.title.as_ref().map(|t| t.value.as_str())) + if lead.company.is_some() { 10 } else { 0 }
}

fn qualification(q: &Qualification) -> i32 {
    q.criteria()
        .iter()
        .map(|(_, c)| match c {
            Criterion::Met => 10,
            Criterion::NotMet => -20,
            Criterion::Unknown => 0,
        })
        .sum()
}

fn engagement(events: &[Event], now: DateTime<Utc>) -> i32 {
    let sum: f64 = events
        .iter()
        .map(|s| {
            // A signal stamped in the future (a clock ahead) counts as fresh, never as more.
            let age_days = ((now - s.at).num_minutes().max(0) as f64) / (24.0 * 60.0);
            s.kind.weight() * 0.5_f64.powf(age_days / HALF_LIFE_DAYS)
        })
        .sum();
    sum.min(ENGAGEMENT_CAP).round() as i32
}

/// The lead's score at `now` (see the module documentation).
pub fn score(lead: &Lead, now: DateTime<Utc>) -> i32 {
    fit(lead) + qualification(&lead.qualification) + engagement(&lead.engagement, now)
}

/// Call-list order at `now` (see the module documentation).
pub fn call_order(a: &CallTask, b: &CallTask, now: DateTime<Utc>) -> Ordering {
    let group = |t: &CallTask| match (t.due <= now, t.kind == TaskKind::Callback) {
        (true, true) => 0,
        (true, false) => 1,
        (false, _) => 2,
    };
    group(a)
        .cmp(&group(b))
        .then_with(|| match group(a) {
            1 => b.priority.cmp(&a.priority).then(a.due.cmp(&b.due)),
            _ => a.due.cmp(&b.due).then_with(|| (b.kind == TaskKind::Callback).cmp(&(a.kind == TaskKind::Callback))),
        })
        // Calls alike in all else keep one order, whichever order storage returned them in.
        .then_with(|| a.created_at.cmp(&b.created_at))
        .then_with(|| a.id.cmp(&b.id))
}
