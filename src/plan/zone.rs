//! Where the lead is in time: an IANA zone and a country, from the number we would call, then the
//! lead's other numbers, then their place. When none says, the rep's own offset is used and a
//! note says so, because a rep calling at 10:00 their time may be calling at 03:00 the lead's.

use crate::model::Lead;
use crate::normalize::{country_code, parse_phone, zone_for_phone, zone_for_place};
use crate::plan::calling_rules::region_code;
use chrono::{DateTime, NaiveDate, Utc};
use jiff::civil;
use jiff::tz::{Offset, TimeZone};

#[derive(Clone, Debug)]
pub struct LeadZone {
    tz: TimeZone,
    name: String,
    country: Option<String>,
    region: Option<String>,
    fallback: bool,
}

/// A moment as a wall clock reads it in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallTime {
    pub date: NaiveDate,
    /// Minutes after midnight: 10:07:30 reads as 10:07.
    pub minute: u16,
    /// No seconds past the minute.
    pub on_the_minute: bool,
}

impl LeadZone {
    /// The lead's zone; `dialled` is the number the task will call, which places the lead best.
    pub fn of_lead(lead: &Lead, dialled: Option<&str>, rep_offset_minutes: i32) -> LeadZone {
        let numbers = dialled.into_iter().chain(lead.phones.iter().map(|p| p.value.as_str()));
        let infos: Vec<_> = numbers.map(|n| parse_phone(n, None)).filter(|i| i.valid).collect();
        // Zone and country from the same number: a US mobile and a Paris office line must not
        // make a lead in Paris with US calling rules.
        let by_phone = infos.iter().find_map(|i| Some((zone_for_phone(i)?, i.region.clone())));
        let phone_country = match &by_phone {
            Some((_, country)) => country.clone(),
            None => infos.iter().find_map(|i| i.region.clone()),
        };
        let place = lead.location.as_ref().map(|l| l.value.as_str()).unwrap_or_default();
        let parts: Vec<&str> = place.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        let (place_country, rest) = match parts.split_last() {
            Some((last, rest)) => (country_code(last), rest),
            None => (None, &[][..]),
        };
        let place_zone = place_country.and_then(|c| {
            rest.iter().rev().find_map(|r| zone_for_place(c, Some(r))).or_else(|| zone_for_place(c, None))
        });
        let country = phone_country.or(place_country.map(str::to_string));
        // A place in another country than the number's says nothing of the number's zone.
        let place_zone = place_zone.filter(|_| country.as_deref() == place_country);
        let region = match (&country, place_country) {
            (Some(c), Some(pc)) if c == pc => rest.iter().find_map(|r| region_code(c, r)).map(str::to_string),
            _ => None,
        };
        let zone = by_phone
            .map(|(zone, _)| zone)
            .or(place_zone)
            .and_then(|name| LeadZone::named(name, country.as_deref(), region.as_deref()));
        zone.unwrap_or_else(|| LeadZone { country, region, ..LeadZone::rep(rep_offset_minutes) })
    }

    /// A zone by IANA name; `None` when the database does not know it.
    pub fn named(name: &str, country: Option<&str>, region: Option<&str>) -> Option<LeadZone> {
        let tz = TimeZone::get(name).ok()?;
        Some(LeadZone {
            tz,
            name: name.to_string(),
            country: country.map(str::to_string),
            region: region.map(str::to_string),
            fallback: false,
        })
    }

    /// The rep's own offset, standing in for a lead whose zone is unknown.
    pub fn rep(offset_minutes: i32) -> LeadZone {
        let minutes = offset_minutes.clamp(-14 * 60, 14 * 60);
        let offset = Offset::from_seconds(minutes * 60).unwrap_or(Offset::UTC);
        let sign = if minutes < 0 { '-' } else { '+' };
        LeadZone {
            tz: TimeZone::fixed(offset),
            name: format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60),
            country: None,
            region: None,
            fallback: true,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// ISO alpha-2 country, when known.
    pub fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// What a rep must know about this zone: that it is a guess, when it is.
    pub fn note(&self) -> Option<String> {
        self.fallback.then(|| {
            format!(
                "Their time zone is unknown (no number or place that says it): planned in yours ({}). Check before calling.",
                self.name
            )
        })
    }

    fn zoned(&self, t: DateTime<Utc>) -> Option<jiff::Zoned> {
        Some(jiff::Timestamp::from_microsecond(t.timestamp_micros()).ok()?.to_zoned(self.tz.clone()))
    }

    /// The lead's wall clock at `t`.
    pub fn wall(&self, t: DateTime<Utc>) -> Option<WallTime> {
        let z = self.zoned(t)?;
        let date =
            NaiveDate::from_ymd_opt(i32::from(z.year()), u32::try_from(z.month()).ok()?, u32::try_from(z.day()).ok()?)?;
        let minute = u16::try_from(z.hour()).ok()? * 60 + u16::try_from(z.minute()).ok()?;
        Some(WallTime { date, minute, on_the_minute: z.second() == 0 && z.subsec_nanosecond() == 0 })
    }

    /// The moment the lead's wall clock reads `minute` on `date`; `None` when that reading does not
    /// exist there (skipped by a daylight-saving change). Of a reading that happens twice, the first.
    pub fn at(&self, date: NaiveDate, minute: u16) -> Option<DateTime<Utc>> {
        use chrono::Datelike;
        let dt = civil::DateTime::new(
            i16::try_from(date.year()).ok()?,
            i8::try_from(date.month()).ok()?,
            i8::try_from(date.day()).ok()?,
            i8::try_from(minute / 60).ok()?,
            i8::try_from(minute % 60).ok()?,
            0,
            0,
        )
        .ok()?;
        let zoned = self.tz.to_ambiguous_zoned(dt).compatible().ok()?;
        if zoned.datetime() != dt {
            return None;
        }
        DateTime::from_timestamp_micros(zoned.timestamp().as_microsecond())
    }

    /// "Tue 24 Nov, 10:00 CET" as the lead reads it.
    pub fn format(&self, t: DateTime<Utc>) -> String {
        self.zoned(t).map(|z| z.strftime("%a %-d %b, %H:%M %Z").to_string()).unwrap_or_default()
    }
}

/// Every zone name the embedded database knows, for tests that must cover them all.
pub fn all_zone_names() -> Vec<String> {
    jiff::tz::db().available().map(|n| n.as_str().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::LeadBook;
    use crate::capture::capture_page;

    fn lead(person: &str) -> Lead {
        let html = format!(r#"<script type="application/ld+json">{person}</script>"#);
        let cap = capture_page(&html, "https://acme.test/team", Utc::now());
        let mut book = LeadBook::default();
        let id = book.upsert(&cap.contacts[0], &cap, crate::model::AddedBy::Rep).lead.unwrap();
        book.get(&id).unwrap().clone()
    }

    #[test]
    fn the_number_places_the_lead() {
        let l = lead(r#"{"@type":"Person","name":"Jean Dupont","telephone":"+33 4 72 00 00 42"}"#);
        let z = LeadZone::of_lead(&l, None, -300);
        assert_eq!((z.name(), z.country()), ("Europe/Paris", Some("FR")));
        assert!(z.note().is_none());
    }

    #[test]
    fn a_place_gives_zone_country_and_state() {
        let l = lead(
            r#"{"@type":"Person","name":"Ann Lee","email":"ann@acme.test","address":{"@type":"PostalAddress","addressLocality":"Miami","addressRegion":"Florida","addressCountry":"US"}}"#,
        );
        let z = LeadZone::of_lead(&l, None, 60);
        assert_eq!((z.name(), z.country(), z.region()), ("America/New_York", Some("US"), Some("FL")));
    }

    #[test]
    fn a_place_in_another_country_than_the_number_gives_no_zone() {
        let l = lead(
            r#"{"@type":"Person","name":"Ann Lee","telephone":"+7 912 345 67 89","address":{"@type":"PostalAddress","addressLocality":"Paris","addressCountry":"FR"}}"#,
        );
        let z = LeadZone::of_lead(&l, None, 0);
        assert_eq!((z.name(), z.country()), ("UTC+00:00", Some("RU")), "a Russian mobile: zone unknown, Russian rules");
    }

    #[test]
    fn nothing_known_falls_back_to_the_rep_with_a_note() {
        let l = lead(r#"{"@type":"Person","name":"Ann Lee","email":"ann@acme.test"}"#);
        let z = LeadZone::of_lead(&l, None, -330);
        assert_eq!(z.name(), "UTC-05:30");
        assert!(z.note().unwrap().contains("UTC-05:30"));
    }

    #[test]
    fn skipped_wall_times_do_not_exist_and_seconds_are_kept_apart() {
        let paris = LeadZone::named("Europe/Paris", Some("FR"), None).unwrap();
        let spring: NaiveDate = "2026-03-29".parse().unwrap();
        assert_eq!(paris.at(spring, 2 * 60 + 30), None, "02:30 is skipped");
        assert_eq!(paris.at(spring, 3 * 60).unwrap().to_rfc3339(), "2026-03-29T01:00:00+00:00");
        let t: DateTime<Utc> = "2026-11-24T09:07:30Z".parse().unwrap();
        let wall = paris.wall(t).unwrap();
        assert_eq!((wall.minute, wall.on_the_minute), (10 * 60 + 7, false));
        assert_eq!(paris.format(t), "Tue 24 Nov, 10:07 CET");
    }

    #[test]
    fn the_database_knows_hundreds_of_zones() {
        let names = all_zone_names();
        assert!(names.len() > 400, "{}", names.len());
        assert!(names.iter().any(|n| n == "Asia/Kathmandu"));
    }
}
