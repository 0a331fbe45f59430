//! The time a list shows next to an engagement ("2d", "3 hours ago", "il y a 2 jours", "Nov 21",
//! an ISO `datetime` attribute), made absolute against the moment the page was read.

use crate::lexicon::{self, Section};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// A unit word's length; "m" is minutes and "mo" months, as LinkedIn writes them.
fn unit(word: &str) -> Option<Duration> {
    let w = word.trim_end_matches('.');
    let units = [
        (Section::TimeSeconds, Duration::seconds(1)),
        (Section::TimeMinutes, Duration::minutes(1)),
        (Section::TimeHours, Duration::hours(1)),
        (Section::TimeDays, Duration::days(1)),
        (Section::TimeWeeks, Duration::weeks(1)),
        (Section::TimeMonths, Duration::days(30)),
        (Section::TimeYears, Duration::days(365)),
    ];
    units.into_iter().find(|(section, _)| lexicon::words(*section).contains(w)).map(|(_, d)| d)
}

/// The absolute time `shown` means at `now`; `None` when it is not a time we can read.
pub fn parse(shown: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = shown.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let lower = s.to_lowercase();
    let lower = lower.trim_matches(|c: char| c == '•' || c == '·' || c.is_whitespace());
    if lexicon::words(Section::Now).contains(lower) {
        return Some(now);
    }
    if lexicon::words(Section::Yesterday).contains(lower) {
        return Some(now - Duration::days(1));
    }
    relative(lower, now).or_else(|| calendar(lower, now))
}

/// "2d", "2 d", "3 hours ago", "il y a 2 jours", "vor 5 Minuten".
fn relative(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = lexicon::words(Section::TimeAgoPrefix).iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s);
    // "2d" is one token: split the digits from the unit.
    let spaced: String = s.chars().fold(String::new(), |mut out, c| {
        if out.chars().last().is_some_and(|p| p.is_ascii_digit()) && c.is_alphabetic() {
            out.push(' ');
        }
        out.push(c);
        out
    });
    let words: Vec<&str> = spaced
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !lexicon::words(Section::TimeFiller).contains(w))
        .collect();
    let [amount, unit_word] = words.as_slice() else { return None };
    let amount: i32 = if lexicon::words(Section::TimeOne).contains(amount) { 1 } else { amount.parse().ok()? };
    let unit = unit(unit_word)?;
    now.checked_sub_signed(unit.checked_mul(amount)?)
}

/// "Nov 21", "21 Nov", "Nov 21, 2025", "21 nov. 2025": a date without a year is the latest one
/// not after `now`. Noon UTC, so the day stays the day in every zone a rep reads it from.
fn calendar(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mut month = None;
    let mut numbers = Vec::new();
    for word in s.split(|c: char| c.is_whitespace() || c == ',' || c == '.').filter(|w| !w.is_empty()) {
        if let Ok(n) = word.parse::<i32>() {
            numbers.push(n);
        } else if let Some(m) = MONTHS.iter().position(|m| word.starts_with(m)) {
            month = Some(m as u32 + 1);
        } else {
            return None;
        }
    }
    let month = month?;
    let (day, year) = match numbers.as_slice() {
        [day] => (*day, None),
        [day, year] if *year > 1900 => (*day, Some(*year)),
        _ => return None,
    };
    let day = u32::try_from(day).ok()?;
    let at = |y: i32| NaiveDate::from_ymd_opt(y, month, day)?.and_hms_opt(12, 0, 0).map(|t| t.and_utc());
    match year {
        Some(y) => at(y),
        None => at(now.year()).filter(|t| *t <= now).or_else(|| at(now.year() - 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn ago(s: &str) -> Option<i64> {
        parse(s, now()).map(|t| (now() - t).num_minutes())
    }

    #[test]
    fn linkedin_and_x_short_forms() {
        assert_eq!(ago("2d"), Some(2 * 24 * 60));
        assert_eq!(ago("3h"), Some(180));
        assert_eq!(ago("5m"), Some(5));
        assert_eq!(ago("1w"), Some(7 * 24 * 60));
        assert_eq!(ago("2mo"), Some(60 * 24 * 60));
        assert_eq!(ago("1yr"), Some(365 * 24 * 60));
        assert_eq!(ago(" 2d • "), Some(2 * 24 * 60));
        assert_eq!(ago("2d • Edited"), Some(2 * 24 * 60));
    }

    #[test]
    fn words_in_several_languages() {
        assert_eq!(ago("3 hours ago"), Some(180));
        assert_eq!(ago("an hour ago"), Some(60));
        assert_eq!(ago("a day ago"), Some(24 * 60));
        assert_eq!(ago("2y"), Some(2 * 365 * 24 * 60));
        assert_eq!(ago("Just now"), Some(0));
        assert_eq!(ago("yesterday"), Some(24 * 60));
        assert_eq!(ago("il y a 2 jours"), Some(2 * 24 * 60));
        assert_eq!(ago("vor 5 Minuten"), Some(5));
        assert_eq!(ago("hace 3 semanas"), Some(3 * 7 * 24 * 60));
    }

    #[test]
    fn absolute_times_and_dates() {
        assert_eq!(parse("2026-11-21T08:30:00.000Z", now()), "2026-11-21T08:30:00Z".parse().ok());
        assert_eq!(parse("Nov 21", now()), "2026-11-21T12:00:00Z".parse().ok());
        assert_eq!(parse("21 nov.", now()), "2026-11-21T12:00:00Z".parse().ok());
        // December has not come yet this year: last year's.
        assert_eq!(parse("Dec 2", now()), "2025-12-02T12:00:00Z".parse().ok());
        assert_eq!(parse("Mar 3, 2024", now()), "2024-03-03T12:00:00Z".parse().ok());
    }

    #[test]
    fn anything_else_is_not_a_time() {
        for s in ["", "Like", "2", "d", "Nov", "Nov 31", "99999999999999d", "2 bananas", "Follow", "1st"] {
            assert_eq!(parse(s, now()), None, "{s:?}");
        }
    }
}
