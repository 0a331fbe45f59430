//! The planner as a rep meets it: first calls, outcomes, cadences, call-backs, and the property
//! that no planned call ever falls outside business ∩ legal hours, in any zone.

use super::calling_rules::ruled_places;
use super::holidays::is_public_holiday;
use super::*;
use crate::model::{Criterion, EngagementKind, Event, PhoneLabel};
use chrono::{Datelike, NaiveDate, Weekday};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

struct Setup {
    settings: PlanSettings,
    suppression: SuppressionList,
}

impl Setup {
    fn new() -> Setup {
        Setup { settings: PlanSettings::default(), suppression: SuppressionList::default() }
    }

    /// A rep in New York (UTC-5).
    fn planner(&self) -> Planner<'_> {
        Planner { settings: &self.settings, suppression: &self.suppression, rep_offset_minutes: -300 }
    }
}

const PARIS: &str = r#"{"@type":"Person","name":"Jean Dupont","jobTitle":"Directeur commercial","telephone":"+33 4 72 00 00 42","worksFor":{"@type":"Organization","name":"Lyon SA"}}"#;

/// The lead's wall clock at `t`, read straight from the time-zone database.
fn wall(zone: &str, t: DateTime<Utc>) -> (NaiveDate, u16) {
    let z = jiff::Timestamp::from_microsecond(t.timestamp_micros())
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get(zone).unwrap());
    let date = NaiveDate::from_ymd_opt(i32::from(z.year()), z.month() as u32, z.day() as u32).unwrap();
    (date, z.hour() as u16 * 60 + z.minute() as u16)
}

#[test]
fn the_first_call_is_due_in_the_lead_s_hours_with_both_clocks() {
    let setup = Setup::new();
    let lead = test_lead(PARIS);
    // Monday 23 November 2026, 15:07 in Paris (09:07 for the rep in New York).
    let task = setup.planner().plan_call(&lead, utc("2026-11-23T14:07:00Z")).unwrap();
    assert_eq!(task.due, utc("2026-11-23T14:15:00Z"));
    assert_eq!((task.time_zone.as_str(), task.due_local.as_str()), ("Europe/Paris", "Mon 23 Nov, 15:15 CET"));
    assert_eq!(task.phone.as_deref(), Some("+33472000042"));
    assert!(task.warnings.is_empty(), "{:?}", task.warnings);
    assert_eq!((task.attempt, task.kind, task.cadence_start), (1, TaskKind::Call, Some(task.due)));
    assert!(task.note.starts_with("Directeur commercial at Lyon SA."), "{}", task.note);
    // 13:05 in Paris: French law forbids 13:00–14:00.
    assert_eq!(setup.planner().plan_call(&lead, utc("2026-11-23T12:05:00Z")).unwrap().due, utc("2026-11-23T13:00:00Z"));
    // 09:00 in Paris is business hours but before the legal 10:00.
    assert_eq!(setup.planner().plan_call(&lead, utc("2026-11-23T08:00:00Z")).unwrap().due, utc("2026-11-23T09:00:00Z"));
}

#[test]
fn weekends_and_holidays_at_the_lead_s_place_are_skipped() {
    let setup = Setup::new();
    let lead = test_lead(PARIS);
    // Tuesday 10 November 2026 after hours; 11 November is Armistice Day.
    let task = setup.planner().plan_call(&lead, utc("2026-11-10T17:00:00Z")).unwrap();
    assert_eq!(task.due_local, "Thu 12 Nov, 10:00 CET");
    // Friday evening to Monday.
    let task = setup.planner().plan_call(&lead, utc("2026-11-27T18:00:00Z")).unwrap();
    assert_eq!(task.due_local, "Mon 30 Nov, 10:00 CET");
}

#[test]
fn an_unknown_zone_falls_back_to_the_rep_s_with_a_warning() {
    let setup = Setup::new();
    let lead = test_lead(r#"{"@type":"Person","name":"Ann Lee","email":"ann@acme.test"}"#);
    let task = setup.planner().plan_call(&lead, utc("2026-11-23T14:00:00Z")).unwrap();
    assert_eq!(task.time_zone, "UTC-05:00");
    assert_eq!(task.due, utc("2026-11-23T14:00:00Z"), "09:00 for the rep");
    assert!(task.warnings.iter().any(|w| w.contains("time zone is unknown")), "{:?}", task.warnings);
    assert!(task.warnings.iter().any(|w| w.contains("No number to call")), "{:?}", task.warnings);
}

#[test]
fn suppressed_and_closed_leads_are_never_planned() {
    let mut setup = Setup::new();
    let mut lead = test_lead(PARIS);
    let now = utc("2026-11-23T14:00:00Z");
    for stage in [LeadStage::DoNotCall, LeadStage::Disqualified, LeadStage::WrongNumber, LeadStage::LeftCompany] {
        lead.stage = stage;
        assert_eq!(setup.planner().plan_call(&lead, now), Err(PlanError::Closed(stage)));
    }
    lead.stage = LeadStage::MeetingBooked;
    assert!(setup.planner().plan_call(&lead, now).is_ok(), "a rep may call a booked lead again");
    setup.suppression.import_csv("+33472000042\n", None).unwrap();
    let err = setup.planner().plan_call(&lead, now).unwrap_err();
    assert!(matches!(err, PlanError::Suppressed(_)));
    assert_eq!(err.to_string(), "Not planned: +33472000042 is on the do-not-call list.");
}

/// Logs `outcome` on `task` and returns what followed.
fn log(setup: &Setup, task: &CallTask, lead: &Lead, outcome: Outcome, at: Option<&str>, now: DateTime<Utc>) -> Logged {
    setup.planner().log_outcome(task, lead, &[], outcome, " note ", at.map(utc), now).unwrap()
}

/// Works through a cadence of unanswered calls, each logged ten minutes after it is due, with the
/// lead's history as the app keeps it. Returns every due time, and the warnings of each step.
fn unanswered(setup: &Setup, lead: &Lead) -> (Vec<DateTime<Utc>>, Vec<Vec<String>>) {
    let mut task = setup.planner().plan_call(lead, utc("2026-11-23T14:07:00Z")).unwrap();
    let first = task.due;
    let (mut dues, mut warnings, mut history) = (vec![first], Vec::new(), Vec::new());
    let outcomes = [Outcome::NoAnswer, Outcome::VoicemailLeft, Outcome::Gatekeeper];
    for n in 1..8 {
        let now = task.due + Duration::minutes(10);
        let logged = setup.planner().log_outcome(&task, lead, &history, outcomes[n % 3], " note ", None, now).unwrap();
        assert_eq!(logged.done.status, TaskStatus::Done);
        assert_eq!(logged.done.outcome.as_ref().map(|o| o.note.as_str()), Some("note"));
        assert_eq!(logged.stage, LeadStage::Contacting);
        let next = logged.next.expect("a follow-up");
        assert_eq!((next.attempt, next.cadence_start), (n as u32 + 1, Some(first)));
        assert!(next.due - task.due >= Duration::hours(20), "spaced: {} -> {}", task.due, next.due);
        dues.push(next.due);
        warnings.push(logged.warnings);
        history.push(logged.done);
        task = next;
    }
    let ended = setup.planner().log_outcome(&task, lead, &history, Outcome::NoAnswer, "", None, task.due).unwrap();
    assert_eq!((ended.stage, ended.next), (LeadStage::CadenceEnded, None));
    (dues, warnings)
}

#[test]
fn unanswered_calls_follow_the_cadence_then_end_it() {
    let setup = Setup::new();
    let lead = test_lead(r#"{"@type":"Person","name":"Jana Wolf","telephone":"+49 30 1234567"}"#);
    let (dues, warnings) = unanswered(&setup, &lead);
    assert_eq!(dues.len(), 8);
    assert!(*dues.last().unwrap() - dues[0] <= Duration::days(22), "three weeks: {dues:?}");
    assert!(warnings.iter().all(Vec::is_empty), "{warnings:?}");
    let hours: std::collections::BTreeSet<u16> = dues.iter().map(|d| wall("Europe/Berlin", *d).1 / 60).collect();
    assert!(hours.len() >= 5, "varied times of day: {hours:?}");
    for d in &dues {
        let (date, minute) = wall("Europe/Berlin", *d);
        assert!(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday("DE", date), "{d}");
        assert!((540..1020).contains(&minute), "{d}: business hours");
    }
}

#[test]
fn french_law_allows_four_calls_in_thirty_days() {
    let setup = Setup::new();
    let (dues, warnings) = unanswered(&setup, &test_lead(PARIS));
    for window in dues.windows(5) {
        // Each call was logged ten minutes after it was due: the fifth waits 30 days from the first.
        assert!(window[4] - window[0] >= Duration::days(30) + Duration::minutes(10), "{dues:?}");
    }
    assert!(warnings[3].iter().any(|w| w.contains("4 calls in 30 days")), "{warnings:?}");
    assert!(warnings[..3].iter().all(Vec::is_empty), "the first four follow the cadence: {warnings:?}");
    for d in &dues {
        let (date, minute) = wall("Europe/Paris", *d);
        assert!(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday("FR", date), "{d}");
        assert!((600..780).contains(&minute) || (840..1020).contains(&minute), "{d}: French legal ∩ business hours");
    }
}

#[test]
fn a_call_back_is_kept_exactly_and_said_when_outside_legal_hours() {
    let setup = Setup::new();
    let lead = test_lead(PARIS);
    let now = utc("2026-11-23T14:07:00Z");
    let task = setup.planner().plan_call(&lead, now).unwrap();
    // Tuesday 16:40 in Paris: fine.
    let ok = log(&setup, &task, &lead, Outcome::CallbackRequested, Some("2026-11-24T15:40:00Z"), now);
    let next = ok.next.unwrap();
    assert_eq!(
        (next.due, next.kind, ok.stage),
        (utc("2026-11-24T15:40:00Z"), TaskKind::Callback, LeadStage::CallbackPromised)
    );
    assert!(ok.warnings.is_empty(), "{:?}", ok.warnings);
    // Tuesday 21:30 in Paris: kept, and said.
    let late = log(&setup, &task, &lead, Outcome::CallbackRequested, Some("2026-11-24T20:30:00Z"), now);
    assert_eq!(late.next.as_ref().unwrap().due, utc("2026-11-24T20:30:00Z"));
    assert!(
        late.warnings.iter().any(|w| w.contains("outside legal calling hours")
            && w.contains("(10:00–13:00, 14:00–20:00; Décret n° 2022-1313")),
        "{:?}",
        late.warnings
    );
    // Saturday: no calls at all in France.
    let sat = log(&setup, &task, &lead, Outcome::CallbackRequested, Some("2026-11-28T10:00:00Z"), now);
    assert!(sat.warnings.iter().any(|w| w.contains("no calls that day")), "{:?}", sat.warnings);
    let planner = setup.planner();
    let err =
        |outcome, at: Option<&str>| planner.log_outcome(&task, &lead, &[], outcome, "", at.map(utc), now).unwrap_err();
    assert_eq!(err(Outcome::CallbackRequested, None), PlanError::CallbackTimeMissing);
    assert_eq!(err(Outcome::CallbackRequested, Some("2026-11-23T14:00:00Z")), PlanError::CallbackInPast);
    assert_eq!(err(Outcome::CallbackRequested, Some("+200000-01-01T00:00:00Z")), PlanError::CallbackTooFar);
    assert_eq!(err(Outcome::NoAnswer, Some("2026-11-24T15:40:00Z")), PlanError::CallbackTimeWithoutCallback);
}

#[test]
fn a_wrong_number_moves_to_the_next_one_then_ends() {
    let setup = Setup::new();
    let mut lead = test_lead(PARIS);
    let other = FieldValue { value: "+33612345678".into(), label: Some(PhoneLabel::Mobile), ..lead.phones[0].clone() };
    lead.phones[0].label = Some(PhoneLabel::Direct);
    lead.phones.push(other);
    let now = utc("2026-11-23T14:07:00Z");
    let first = setup.planner().plan_call(&lead, now).unwrap();
    assert_eq!(first.phone.as_deref(), Some("+33472000042"));
    let planner = setup.planner();
    let logged = planner.log_outcome(&first, &lead, &[], Outcome::WrongNumber, "", None, now).unwrap();
    let second = logged.next.clone().unwrap();
    assert_eq!((second.phone.as_deref(), logged.stage), (Some("+33612345678"), LeadStage::Contacting));
    let history = [logged.done.clone(), second.clone()];
    let dead = planner.log_outcome(&second, &lead, &history, Outcome::WrongNumber, "", None, second.due).unwrap();
    assert_eq!((dead.stage, dead.next), (LeadStage::WrongNumber, None));
    assert_eq!(
        planner.log_outcome(&logged.done, &lead, &[], Outcome::NoAnswer, "", None, now),
        Err(PlanError::AlreadyLogged)
    );
}

use crate::model::FieldValue;

#[test]
fn ending_outcomes_plan_nothing_and_a_suppressed_lead_gets_no_follow_up() {
    let mut setup = Setup::new();
    let lead = test_lead(PARIS);
    let now = utc("2026-11-23T14:07:00Z");
    let task = setup.planner().plan_call(&lead, now).unwrap();
    for (outcome, stage) in [
        (Outcome::MeetingBooked, LeadStage::MeetingBooked),
        (Outcome::NotInterested, LeadStage::NotInterested),
        (Outcome::Disqualified, LeadStage::Disqualified),
        (Outcome::LeftCompany, LeadStage::LeftCompany),
        (Outcome::DoNotCall, LeadStage::DoNotCall),
    ] {
        let logged = log(&setup, &task, &lead, outcome, None, now);
        assert_eq!((logged.stage, logged.next), (stage, None), "{outcome:?}");
    }
    setup.suppression.import_csv("lyon.example\n+33472000042\n", None).unwrap();
    let logged = log(&setup, &task, &lead, Outcome::NoAnswer, None, now);
    assert_eq!(logged.next, None);
    assert!(logged.warnings.iter().any(|w| w.contains("do-not-call")), "{:?}", logged.warnings);
}

#[test]
fn scores_rise_with_seniority_qualification_and_engagement() {
    let now = utc("2026-11-24T10:00:00Z");
    let person = |title: &str, company: bool| {
        let org = if company { r#","worksFor":{"@type":"Organization","name":"Acme"}"# } else { "" };
        test_lead(&format!(
            r#"{{"@type":"Person","name":"Ann Lee","email":"ann@acme.test","jobTitle":"{title}"{org}}}"#
        ))
    };
    let s = |l: &Lead| score(l, now);
    let ranks: Vec<i32> = ["Chief Revenue Officer", "VP of Sales", "Head of Ops", "Sales Manager", "Engineer"]
        .iter()
        .map(|t| s(&person(t, false)))
        .collect();
    assert_eq!(ranks, [30, 20, 20, 10, 5]);
    assert_eq!(s(&person("Engineer", true)), 15, "a known company adds 10");
    let mut q = person("Engineer", true);
    let base = s(&q);
    q.qualification.need = Criterion::Met;
    assert_eq!(s(&q), base + 10);
    q.qualification.budget = Criterion::NotMet;
    assert_eq!(s(&q), base - 10);
    let signal = |days, kind| Event {
        kind,
        at: now - Duration::days(days),
        target: "https://x.com/acme/status/1".into(),
        excerpt: None,
        text: None,
        source_url: "https://x.com/acme/status/1".into(),
        known: true,
    };
    let lead = person("Engineer", false);
    let e = |events: &[Event]| {
        let mut engaged = lead.clone();
        engaged.engagement = events.to_vec();
        score(&engaged, now) - s(&lead)
    };
    assert_eq!(e(&[signal(0, EngagementKind::Reply)]), 10);
    assert_eq!(e(&[signal(14, EngagementKind::Reply)]), 5, "halves in 14 days");
    assert!(e(&[signal(1, EngagementKind::Comment)]) > e(&[signal(30, EngagementKind::Comment)]), "recency");
    assert!(
        e(&[signal(2, EngagementKind::Follow), signal(3, EngagementKind::Follow)])
            > e(&[signal(2, EngagementKind::Follow)]),
        "count"
    );
    assert_eq!(e(&vec![signal(0, EngagementKind::Reply); 20]), 40, "capped");
    assert_eq!(e(&[signal(-3, EngagementKind::Reply)]), 10, "a future stamp counts as today");
    assert_eq!(e(&[signal(0, EngagementKind::Visit), signal(0, EngagementKind::Post)]), 0, "research is not interest");
}

#[test]
fn promised_call_backs_come_first_then_score_then_due_time() {
    let setup = Setup::new();
    let lead = test_lead(PARIS);
    let now = utc("2026-11-24T12:00:00Z");
    let base = setup.planner().plan_call(&lead, utc("2026-11-23T14:00:00Z")).unwrap();
    let task = |name: &str, due: &str, priority, kind| CallTask {
        id: TaskId(name.into()),
        due: utc(due),
        priority,
        kind,
        ..base.clone()
    };
    let mut list = [
        task("later", "2026-11-24T15:00:00Z", 90, TaskKind::Call),
        task("low", "2026-11-24T09:00:00Z", 5, TaskKind::Call),
        task("callback-later", "2026-11-24T13:00:00Z", 0, TaskKind::Callback),
        task("high", "2026-11-24T11:00:00Z", 50, TaskKind::Call),
        task("callback", "2026-11-24T11:30:00Z", 0, TaskKind::Callback),
        task("high-older", "2026-11-24T10:00:00Z", 50, TaskKind::Call),
    ];
    list.sort_by(|a, b| call_order(a, b, now));
    let order: Vec<String> = list.iter().map(|t| t.id.to_string()).collect();
    assert_eq!(order, ["callback", "high-older", "high", "low", "callback-later", "later"]);
}

/// The property the issue asks for: over every zone the database knows, with every set of legal
/// rules spread over them, at odd steps through a year and minute by minute around each clock
/// change, no call is planned in the past, outside business hours, outside legal hours, on a
/// weekend or on a public holiday at the lead's place.
#[test]
fn no_call_is_ever_planned_outside_business_and_legal_hours_in_any_zone() {
    let names = all_zone_names();
    let places: Vec<(Option<&str>, Option<&str>)> =
        std::iter::once((None, None)).chain(ruled_places().map(|(c, r)| (Some(c), r))).collect();
    let business = BusinessHours::default();
    let year = utc("2026-01-01T00:00:00Z");
    let end = utc("2027-01-01T00:00:00Z");
    let mut checked = 0;
    for (i, name) in names.iter().enumerate() {
        let (country, region) = places[i % places.len()];
        let zone = LeadZone::named(name, country, region).unwrap();
        let hours = CallHours::new(&zone, &business);
        let legal = LegalHours::at(country, region);
        let mut check = |now: DateTime<Utc>| {
            let due = hours.next_slot(now).unwrap_or_else(|e| panic!("{name} at {now}: {e}"));
            let (date, minute) = wall(name, due);
            let holiday = country.is_some_and(|c| is_public_holiday(c, date));
            let at = format!("{name} ({country:?} {region:?}) now {now} -> due {due} = {date} {minute}");
            assert!(due >= now, "in the past: {at}");
            assert!(due - now < Duration::days(8), "too far: {at}");
            assert!(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holiday, "day off: {at}");
            assert!((9 * 60..17 * 60).contains(&minute) && minute % 15 == 0, "business hours: {at}");
            assert!((8 * 60..21 * 60).contains(&minute), "default legal hours: {at}");
            assert!(legal.windows(date, holiday).iter().any(|w| w.contains(minute)), "legal hours: {at}");
            if country == Some("FR") {
                assert!(minute >= 10 * 60 && !(13 * 60..14 * 60).contains(&minute), "French decree: {at}");
            }
            checked += 1;
        };
        let mut now = year;
        while now < end {
            check(now);
            now += Duration::minutes(7 * 60 + 13);
        }
        let tz = jiff::tz::TimeZone::get(name).unwrap();
        let start = jiff::Timestamp::from_second(year.timestamp()).unwrap();
        for transition in tz.following(start).take_while(|t| t.timestamp().as_second() < end.timestamp()) {
            let at = DateTime::from_timestamp(transition.timestamp().as_second(), 0).unwrap();
            for k in -40..40 {
                check(at + Duration::minutes(k * 7 + 3));
            }
        }
    }
    assert!(checked > names.len() * 1000, "{checked}");
}
