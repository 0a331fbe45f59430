//! A contact's likely time zone, as an IANA name, from their phone number or their place, so a rep
//! calls at a decent hour. "Likely": where one zone covers nearly everyone behind a phone prefix, a
//! state or a country, that zone is given; where a real share of people would get a wrong one
//! (South Dakota's 605 spans Mountain and Central time), the answer is `None`. Zones are names
//! only: no conversion data (`chrono-tz` would add 0.9 MB to the Wasm).
//!
//! Phone prefixes are libphonenumber's own time-zone map, `timezones.txt` (Apache-2.0; refreshed by
//! `scripts/refresh-timezones.sh`), with the few corrections in `timezone_fixes.txt`; places are
//! `places.txt`. Each is parsed once, on first use.

use super::fold::fold_accents;
use super::phone::{PhoneInfo, PhoneKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Likely zone of a valid phone number. Where libphonenumber gives its calling code one zone, the
/// zone of its country, if it has one: libphonenumber names one zone per offset (Estonia's is
/// Europe/Bucharest; Algeria's is Europe/Paris, which keeps summer time when Algeria does not).
/// Otherwise as libphonenumber finds it: a geographic number by the longest prefix of its E.164
/// digits in libphonenumber's map, any other (a mobile without an area code, toll free...) by its
/// calling code alone; where that leaves several zones, the zone of its country if it has one.
pub fn zone_for_phone(info: &PhoneInfo) -> Option<&'static str> {
    let region = info.region.as_deref().filter(|_| info.valid)?;
    let digits = info.e164.as_ref()?.as_str().strip_prefix('+')?;
    let calling_code = phonenumber::metadata::DATABASE.by_id(region)?.country_code();
    let code_digits = digits.get(..calling_code.to_string().len())?;
    let country = country_zone(region);
    if !prefix_zones(code_digits).is_some_and(|z| z.contains('&')) {
        return country;
    }
    let looked_up = if is_geographic(info.kind, calling_code) { digits } else { code_digits };
    prefix_zones(looked_up).filter(|z| !z.contains('&')).or(country)
}

/// libphonenumber's rule (`isNumberTypeGeographical`): fixed lines are tied to a place, and so are
/// mobiles in the countries whose mobile numbers carry an area code or a regional block (China,
/// Mexico, Argentina, Brazil, Indonesia).
fn is_geographic(kind: PhoneKind, calling_code: u16) -> bool {
    match kind {
        PhoneKind::FixedLine | PhoneKind::FixedLineOrMobile => true,
        PhoneKind::Mobile => matches!(calling_code, 52 | 54 | 55 | 62 | 86),
        _ => false,
    }
}

/// The zones of the longest prefix of `digits` in libphonenumber's map, "&" between them.
fn prefix_zones(digits: &str) -> Option<&'static str> {
    let map = prefix_map();
    (1..=digits.len()).rev().find_map(|len| {
        let prefix = &digits[..len];
        map.binary_search_by(|(p, _)| (*p).cmp(prefix)).ok().map(|i| map[i].1)
    })
}

/// libphonenumber's map with our few corrections, as (prefix, zones) sorted by prefix, for binary
/// search.
fn prefix_map() -> &'static [(&'static str, &'static str)] {
    static MAP: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: Vec<_> = prefix_lines(include_str!("timezone_fixes.txt"))
            .chain(prefix_lines(include_str!("timezones.txt")))
            .collect();
        // A stable sort keeps a correction ahead of libphonenumber's line for its prefix, and
        // dedup keeps the first.
        crate::order::sort_by_key(&mut map, |entry| entry.0);
        map.dedup_by_key(|entry| entry.0);
        map
    })
}

/// (prefix, zones) of a map file whose lines are "prefix prefix…|zone&zone…".
fn prefix_lines(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    records(text)
        .filter_map(|line| line.split_once('|'))
        .flat_map(|(prefixes, zones)| prefixes.split(' ').map(move |prefix| (prefix, zones)))
}

/// The data lines of an embedded table: comments and blank lines dropped.
fn records(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A country: ISO alpha-2 code, English name, zone (`None` where split in earnest).
struct Country {
    code: &'static str,
    name: &'static str,
    zone: Option<&'static str>,
}

/// A state or province of a multi-zone country.
struct Subdivision {
    country: &'static str,
    code: &'static str,
    name: &'static str,
    zone: Option<&'static str>,
}

/// A large city of a multi-zone country.
struct City {
    country: &'static str,
    name: &'static str,
    zone: &'static str,
}

/// `places.txt`, parsed.
#[derive(Default)]
struct Places {
    countries: Vec<Country>,
    /// Other names of countries, in `place_key` form, and their code.
    aliases: Vec<(&'static str, &'static str)>,
    subdivisions: Vec<Subdivision>,
    cities: Vec<City>,
    /// Large business cities of single-zone countries: places, but no help in telling zones apart.
    business_cities: Vec<&'static str>,
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut places = Places::default();
        let zone = |z: &'static str| Some(z).filter(|z| !z.is_empty());
        for line in records(include_str!("places.txt")) {
            match line.split('|').collect::<Vec<_>>()[..] {
                ["country", code, name, z] => places.countries.push(Country { code, name, zone: zone(z) }),
                ["alias", name, code] => places.aliases.push((name, code)),
                ["subdivision", country, code, name, z] => {
                    places.subdivisions.push(Subdivision { country, code, name, zone: zone(z) })
                }
                ["city", country, name, zone] => places.cities.push(City { country, name, zone }),
                ["business city", name] => places.business_cities.push(name),
                // Unreachable with the file as shipped (a test reads every line); never a panic in Wasm.
                _ => {}
            }
        }
        places
    })
}

/// Likely zone of a place: a country (name or ISO alpha-2 code) and, optionally, a state,
/// province or large city within it. For a multi-zone country without a known region, `None`.
pub fn zone_for_place(country: &str, region_or_city: Option<&str>) -> Option<&'static str> {
    let code = country_code(country)?;
    let region = region_or_city.map(place_key).filter(|r| !r.is_empty());
    let in_region = region.as_deref().and_then(|r| {
        let places = places();
        let subdivision = places
            .subdivisions
            .iter()
            .find(|s| s.country == code && (s.code == r.to_uppercase() || place_key(s.name) == r));
        let city = places.cities.iter().find(|c| c.country == code && place_key(c.name) == r);
        subdivision.map(|s| s.zone).or(city.map(|c| Some(c.zone)))
    });
    match in_region {
        Some(zone) => zone,
        None => country_zone(code),
    }
}

fn country_zone(code: &str) -> Option<&'static str> {
    places().countries.iter().find(|c| c.code == code)?.zone
}

/// Whether `text` names a country, a state or province, or a large city ("EMEA" and "North
/// America" are not places here: they are regions of a sales organisation, which the caller knows).
pub fn is_place(text: &str) -> bool {
    let key = place_key(text);
    if key.len() == 2 {
        let code = key.to_uppercase();
        return country_code(&key).is_some() || places().subdivisions.iter().any(|s| s.code == code);
    }
    !key.is_empty() && place_keys().contains(&key)
}

/// Every place name's key, made once: keying a name folds its accents, too slow to do for each
/// of hundreds of names at every question.
fn place_keys() -> &'static HashSet<String> {
    static KEYS: OnceLock<HashSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let p = places();
        let countries = p.countries.iter().map(|c| c.name).chain(p.aliases.iter().map(|a| a.0));
        let regions = p.subdivisions.iter().map(|s| s.name);
        let cities = p.cities.iter().map(|c| c.name).chain(p.business_cities.iter().copied());
        countries.chain(regions).chain(cities).map(place_key).collect()
    })
}

/// An ISO alpha-2 code from a code ("de", "UK") or an English or native name ("Deutschland").
pub fn country_code(country: &str) -> Option<&'static str> {
    let key = place_key(country);
    let places = places();
    if key.len() == 2 {
        let upper = if key == "uk" { "GB".to_string() } else { key.to_uppercase() };
        if let Some(c) = places.countries.iter().find(|c| c.code == upper) {
            return Some(c.code);
        }
    }
    let by_name = places.countries.iter().find(|c| place_key(c.name) == key).map(|c| c.code);
    by_name.or_else(|| places.aliases.iter().find(|a| a.0 == key).map(|a| a.1))
}

/// Comparison form of a place name: "São Paulo" → "sao paulo", "U.S.A." → "usa",
/// "Côte d'Ivoire" → "cote divoire".
fn place_key(s: &str) -> String {
    let folded = fold_accents(s.trim()).to_lowercase();
    let joined: String = folded.chars().filter(|c| !matches!(c, '.' | '\'' | '’')).collect();
    joined.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::phone::{parse_phone, PhoneKind};
    use phonenumber::metadata::DATABASE;

    fn zone(raw: &str) -> Option<&'static str> {
        zone_for_phone(&parse_phone(raw, None))
    }

    #[test]
    fn places_are_known_by_any_of_their_names() {
        for place in ["France", "Deutschland", "USA", "California", "WA", "São Paulo", "Sao Paulo", "London", "Zürich"]
        {
            assert!(is_place(place), "{place}");
        }
        for not in ["Datamesh", "Acme Robotics", "EMEA", "Sales", ""] {
            assert!(!is_place(not), "{not}");
        }
    }

    #[test]
    fn single_zone_countries_map_directly() {
        assert_eq!(zone("+44 20 7946 0958"), Some("Europe/London"));
        assert_eq!(zone("+49 30 901820"), Some("Europe/Berlin"));
        assert_eq!(zone("+81 3-1234-5678"), Some("Asia/Tokyo"));
        assert_eq!(zone("+91 22 2345 6789"), Some("Asia/Kolkata"));
        assert_eq!(zone("+39 06 1234 5678"), Some("Europe/Rome"), "an Italian landline, leading zero and all");
        assert_eq!(zone("+33 6 12 34 56 78"), Some("Europe/Paris"), "a mobile is fine in a one-zone country");
    }

    #[test]
    fn nanp_by_area_code() {
        assert_eq!(zone("+1 415 555 0100"), Some("America/Los_Angeles"));
        assert_eq!(zone("+1 212 555 0100"), Some("America/New_York"));
        assert_eq!(zone("+1 312 555 0100"), Some("America/Chicago"));
        assert_eq!(zone("+1 303 555 0100"), Some("America/Denver"));
        assert_eq!(zone("+1 602 555 0100"), Some("America/Phoenix"));
        assert_eq!(zone("+1 915 555 0100"), Some("America/Denver"), "El Paso is on Mountain time");
        assert_eq!(zone("+1 808 555 0100"), Some("Pacific/Honolulu"));
        assert_eq!(zone("+1 416 555 0100"), Some("America/Toronto"));
        assert_eq!(zone("+1 604 555 0100"), Some("America/Vancouver"));
        assert_eq!(zone("+1 709 555 0100"), None, "Labrador, on Atlantic time, shares Newfoundland's 709");
        assert_eq!(zone("+1 306 555 0100"), Some("America/Regina"));
        assert_eq!(zone("+1 850 200 0100"), Some("America/Chicago"), "the Florida panhandle, by exchange");
        assert_eq!(zone("+1 850 555 0100"), Some("America/New_York"));
        assert_eq!(zone("+1 605 555 0100"), None, "South Dakota is split");
        assert_eq!(zone("+1 800 555 0199"), None, "toll free is nowhere");
        assert_eq!(zone("+1 787 555 0100"), Some("America/Puerto_Rico"), "Puerto Rico is its own region");
    }

    /// Every geographic US and Canadian area code has a zone for some of its numbers, but for the
    /// ones libphonenumber finds split: a refreshed map that loses one is noticed.
    #[test]
    fn every_us_and_canadian_area_code_has_a_zone() {
        const SPLIT: &[u16] = &[709, 879, 986];
        let mut without_zone = Vec::new();
        for npa in 200..1000u16 {
            let numbers = ["2345678", "5550123", "7771234", "3324567", "9876543"]
                .iter()
                .map(|rest| parse_phone(&format!("+1{npa}{rest}"), None))
                .filter(|i| i.valid && matches!(i.region.as_deref(), Some("US" | "CA")));
            let geographic: Vec<_> = numbers
                .filter(|i| matches!(i.kind, PhoneKind::FixedLineOrMobile | PhoneKind::FixedLine | PhoneKind::Mobile))
                .collect();
            if !geographic.is_empty() && geographic.iter().all(|i| zone_for_phone(i).is_none()) {
                without_zone.push(npa);
            }
        }
        assert_eq!(without_zone, SPLIT);
    }

    #[test]
    fn other_multi_zone_countries_by_area_code() {
        assert_eq!(zone("+61 2 9374 4000"), Some("Australia/Sydney"));
        assert_eq!(zone("+61 8 9261 1111"), Some("Australia/Perth"));
        assert_eq!(zone("+61 8 8207 1111"), Some("Australia/Adelaide"));
        assert_eq!(zone("+61 8 8999 1111"), Some("Australia/Darwin"));
        assert_eq!(zone("+61 3 6233 1111"), Some("Australia/Sydney"), "Hobart keeps Sydney's clock");
        assert_eq!(zone("+61 412 345 678"), None, "an Australian mobile could be anywhere");
        assert_eq!(zone("+55 11 3333 4444"), Some("America/Sao_Paulo"));
        assert_eq!(zone("+55 92 3333 4444"), Some("America/Manaus"));
        assert_eq!(zone("+55 11 91234 5678"), Some("America/Sao_Paulo"), "Brazilian mobiles keep the DDD");
        assert_eq!(zone("+52 55 1234 5678"), Some("America/Mexico_City"));
        assert_eq!(zone("+52 664 123 4567"), Some("America/Tijuana"));
        assert_eq!(zone("+52 998 123 4567"), Some("America/Cancun"));
        assert_eq!(zone("+7 495 123 4567"), Some("Europe/Moscow"));
        assert_eq!(zone("+7 383 123 4567"), Some("Asia/Novosibirsk"));
        assert_eq!(zone("+7 912 345 6789"), None, "a Russian mobile could be anywhere");
        assert_eq!(zone("+62 21 1234 5678"), Some("Asia/Jakarta"));
        assert_eq!(zone("+62 361 123456"), Some("Asia/Makassar"));
        assert_eq!(zone("+34 928 123 456"), Some("Atlantic/Canary"));
        assert_eq!(zone("+34 91 123 45 67"), Some("Europe/Madrid"));
        assert_eq!(zone("+351 296 123 456"), Some("Atlantic/Azores"));
        assert_eq!(zone("+351 928 123 456"), Some("Europe/Lisbon"), "a Portuguese mobile is not in the Canaries");
    }

    #[test]
    fn invalid_numbers_have_no_zone() {
        assert_eq!(zone("+44 0123 456 789"), None);
        assert_eq!(zone("call me"), None);
    }

    #[test]
    fn places_by_country_and_region() {
        assert_eq!(zone_for_place("Germany", None), Some("Europe/Berlin"));
        assert_eq!(zone_for_place("de", None), Some("Europe/Berlin"));
        assert_eq!(zone_for_place("Deutschland", Some("Bayern")), Some("Europe/Berlin"));
        assert_eq!(zone_for_place("UK", None), Some("Europe/London"));
        assert_eq!(zone_for_place("U.S.A.", None), None, "the US needs a state");
        assert_eq!(zone_for_place("United States", Some("CA")), Some("America/Los_Angeles"));
        assert_eq!(zone_for_place("US", Some("new york")), Some("America/New_York"));
        assert_eq!(zone_for_place("US", Some("Tennessee")), None, "split between Eastern and Central");
        assert_eq!(zone_for_place("US", Some("Nowhere")), None);
        assert_eq!(zone_for_place("Canada", Some("QC")), Some("America/Toronto"));
        assert_eq!(zone_for_place("Canada", Some("British Columbia")), Some("America/Vancouver"));
        assert_eq!(zone_for_place("Australia", Some("WA")), Some("Australia/Perth"));
        assert_eq!(zone_for_place("Brasil", Some("São Paulo")), Some("America/Sao_Paulo"));
        assert_eq!(zone_for_place("Mexico", Some("Cancún")), Some("America/Cancun"));
        assert_eq!(zone_for_place("Côte d'Ivoire", None), Some("Africa/Abidjan"));
        assert_eq!(zone_for_place("Atlantis", None), None);
        assert_eq!(zone_for_place("", None), None);
    }

    #[test]
    fn every_libphonenumber_region_is_a_known_country() {
        for meta in DATABASE.iter().filter(|m| m.id() != "001") {
            assert!(places().countries.iter().any(|c| c.code == meta.id()), "{} missing", meta.id());
        }
    }

    /// A correction libphonenumber has come to agree with is noise: the refresh should drop it.
    #[test]
    fn every_fix_still_differs_from_libphonenumber() {
        let upstream: Vec<_> = prefix_lines(include_str!("timezones.txt")).collect();
        for (prefix, zone) in prefix_lines(include_str!("timezone_fixes.txt")) {
            let theirs = upstream.iter().filter(|(p, _)| prefix.starts_with(p)).max_by_key(|(p, _)| p.len());
            assert_ne!(theirs.map(|e| e.1), Some(zone), "{prefix}");
        }
    }

    /// The planner reads zones from the IANA database that jiff embeds: a name it lacks (an old
    /// one libphonenumber still uses, say) would plan the call in the rep's own zone.
    #[test]
    fn every_zone_is_in_the_iana_database() {
        let p = places();
        let places = p.countries.iter().filter_map(|c| c.zone).chain(p.subdivisions.iter().filter_map(|s| s.zone));
        let phones = prefix_map().iter().flat_map(|(_, zones)| zones.split('&'));
        for zone in places.chain(p.cities.iter().map(|c| c.zone)).chain(phones) {
            assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
        }
    }

    /// A line the parser skips would silently lose a prefix or a place.
    #[test]
    fn every_line_of_the_data_files_is_read() {
        let map = prefix_map();
        let upstream: Vec<_> = prefix_lines(include_str!("timezones.txt")).collect();
        assert!(upstream.len() > 3_000, "libphonenumber lists over 3 000 prefixes, not {}", upstream.len());
        for (prefix, _) in upstream {
            assert!(map.binary_search_by_key(&prefix, |e| e.0).is_ok(), "{prefix}");
        }
        for (prefix, zone) in prefix_lines(include_str!("timezone_fixes.txt")) {
            assert_eq!(prefix_zones(prefix), Some(zone), "{prefix}");
        }
        assert!(map.iter().all(|(prefix, zones)| prefix.bytes().all(|b| b.is_ascii_digit()) && zones.contains('/')));
        let p = places();
        let read =
            p.countries.len() + p.aliases.len() + p.subdivisions.len() + p.cities.len() + p.business_cities.len();
        assert_eq!(read, records(include_str!("places.txt")).count());
    }
}
