//! Legal calling hours at the called party, as data: a default window everywhere, and stricter
//! rules keyed by country and region, each with its source. A rule only ever narrows: the hours
//! that apply are the default ∩ the country's rule ∩ the region's rule. Where a country has
//! regional rules and the lead's region is unknown, every regional rule of that country applies
//! (the strictest reading), so an unknown state never widens the hours.
//!
//! These rules are written for cold calls to consumers; many exempt business-to-business calls,
//! but a rep cannot always tell a business line from a personal mobile, so they are applied to
//! every call. Countries with no statutory hours (Germany: UWG § 7 governs consent, not time;
//! the United Kingdom: PECR and the TPS govern consent) get the default.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Minutes after local midnight, `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: u16,
    pub end: u16,
}

pub(crate) const fn hm(hour: u16, minute: u16) -> u16 {
    hour * 60 + minute
}

pub(crate) const fn w(start: u16, end: u16) -> Window {
    Window { start, end }
}

impl Window {
    pub fn contains(&self, minute: u16) -> bool {
        (self.start..self.end).contains(&minute)
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}–{:02}:{:02}", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
    }
}

/// The parts of `a` that are also in `b`.
pub fn intersect(a: &[Window], b: &[Window]) -> Vec<Window> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let (start, end) = (x.start.max(y.start), x.end.min(y.end));
            if start < end {
                out.push(Window { start, end });
            }
        }
    }
    crate::order::sort_by_key(&mut out, |w| w.start);
    out
}

/// One legal rule. Empty window lists forbid calls on those days.
#[derive(Debug)]
struct Rule {
    country: &'static str,
    /// ISO 3166-2 subdivision code without the country prefix ("FL"); `None` for the whole country.
    region: Option<&'static str>,
    weekdays: &'static [Window],
    saturday: &'static [Window],
    sunday: &'static [Window],
    /// Whether calls are allowed on the country's public holidays.
    holidays: bool,
    /// Most calls to one person in any 30 days.
    calls_per_30_days: Option<u8>,
    source: &'static str,
}

const EIGHT_TO_NINE: &[Window] = &[w(hm(8, 0), hm(21, 0))];
const EIGHT_TO_EIGHT: &[Window] = &[w(hm(8, 0), hm(20, 0))];
const NONE: &[Window] = &[];

/// The default at every called party: 08:00–21:00 local, as the issue sets it (it matches the US
/// federal rule).
const DEFAULT: Rule = Rule {
    country: "",
    region: None,
    weekdays: EIGHT_TO_NINE,
    saturday: EIGHT_TO_NINE,
    sunday: EIGHT_TO_NINE,
    holidays: true,
    calls_per_30_days: None,
    source: "default: 08:00–21:00 at the called party",
};

const RULES: &[Rule] = &[
    Rule {
        country: "US",
        region: None,
        weekdays: EIGHT_TO_NINE,
        saturday: EIGHT_TO_NINE,
        sunday: EIGHT_TO_NINE,
        holidays: true,
        calls_per_30_days: None,
        source: "TCPA, 47 CFR § 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. local time",
    },
    Rule {
        country: "US",
        region: Some("FL"),
        weekdays: EIGHT_TO_EIGHT,
        saturday: EIGHT_TO_EIGHT,
        sunday: EIGHT_TO_EIGHT,
        holidays: true,
        calls_per_30_days: None,
        source: "Florida Telemarketing Act, Fla. Stat. § 501.616(6)(a) (2021 amendment): 8 a.m.–8 p.m.",
    },
    Rule {
        country: "US",
        region: Some("OK"),
        weekdays: EIGHT_TO_EIGHT,
        saturday: EIGHT_TO_EIGHT,
        sunday: EIGHT_TO_EIGHT,
        holidays: true,
        calls_per_30_days: None,
        source: "Oklahoma Telephone Solicitation Act of 2022, 15 O.S. § 775C.1 et seq.: 8 a.m.–8 p.m.",
    },
    Rule {
        country: "US",
        region: Some("MD"),
        weekdays: EIGHT_TO_EIGHT,
        saturday: EIGHT_TO_EIGHT,
        sunday: EIGHT_TO_EIGHT,
        holidays: true,
        calls_per_30_days: None,
        source: "Maryland Stop the Spam Calls Act of 2023, Md. Code, Com. Law § 14-4501 et seq.: 8 a.m.–8 p.m.",
    },
    Rule {
        country: "US",
        region: Some("WA"),
        weekdays: EIGHT_TO_EIGHT,
        saturday: EIGHT_TO_EIGHT,
        sunday: EIGHT_TO_EIGHT,
        holidays: true,
        calls_per_30_days: None,
        source: "Washington, RCW 80.36.390: no solicitation before 8 a.m. or after 8 p.m.",
    },
    Rule {
        country: "US",
        region: Some("CT"),
        weekdays: &[w(hm(9, 0), hm(20, 0))],
        saturday: &[w(hm(9, 0), hm(20, 0))],
        sunday: &[w(hm(9, 0), hm(20, 0))],
        holidays: true,
        calls_per_30_days: None,
        source: "Connecticut, Conn. Gen. Stat. § 42-288a as amended by Public Act 23-98: 9 a.m.–8 p.m.",
    },
    Rule {
        country: "US",
        region: Some("TX"),
        weekdays: &[w(hm(9, 0), hm(21, 0))],
        saturday: &[w(hm(9, 0), hm(21, 0))],
        sunday: &[w(hm(12, 0), hm(21, 0))],
        holidays: true,
        calls_per_30_days: None,
        source: "Texas, Tex. Bus. & Com. Code § 301.051: 9 a.m.–9 p.m., Sundays noon–9 p.m.",
    },
    Rule {
        country: "CA",
        region: None,
        weekdays: &[w(hm(9, 0), hm(21, 30))],
        saturday: &[w(hm(10, 0), hm(18, 0))],
        sunday: &[w(hm(10, 0), hm(18, 0))],
        holidays: true,
        calls_per_30_days: None,
        source:
            "CRTC Unsolicited Telecommunications Rules, Part III (Telemarketing Rules): weekdays 9 a.m.–9:30 p.m., \
                 weekends 10 a.m.–6 p.m.",
    },
    Rule {
        country: "FR",
        region: None,
        weekdays: &[w(hm(10, 0), hm(13, 0)), w(hm(14, 0), hm(20, 0))],
        saturday: NONE,
        sunday: NONE,
        holidays: false,
        calls_per_30_days: Some(4),
        source: "Décret n° 2022-1313 du 13 octobre 2022 (Code de la consommation, art. D. 223-9), in force \
                 1 March 2023: weekdays 10:00–13:00 and 14:00–20:00, never on weekends or public holidays, \
                 at most four calls to one person in 30 days",
    },
    Rule {
        country: "ES",
        region: None,
        weekdays: &[w(hm(9, 0), hm(21, 0))],
        saturday: NONE,
        sunday: NONE,
        holidays: false,
        calls_per_30_days: None,
        source: "Real Decreto Legislativo 1/2007 (TRLGDCU), art. 96.2 as amended by Ley 3/2014: not before 9:00 or \
                 after 21:00, nor on weekends or public holidays",
    },
    Rule {
        country: "AU",
        region: None,
        weekdays: &[w(hm(9, 0), hm(20, 0))],
        saturday: &[w(hm(9, 0), hm(17, 0))],
        sunday: NONE,
        holidays: false,
        calls_per_30_days: None,
        source: "Telecommunications (Telemarketing and Research Calls) Industry Standard 2017 (ACMA): weekdays \
                 9 a.m.–8 p.m., Saturday 9 a.m.–5 p.m., never on Sundays or national public holidays",
    },
];

/// The legal calling hours at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalHours {
    weekdays: Vec<Window>,
    saturday: Vec<Window>,
    sunday: Vec<Window>,
    holidays: bool,
    calls_per_30_days: Option<u8>,
    sources: Vec<&'static str>,
}

impl LegalHours {
    /// The hours at a place in `country` (ISO alpha-2), and `region` within it when known.
    pub fn at(country: Option<&str>, region: Option<&str>) -> LegalHours {
        let mut hours = LegalHours::from(&DEFAULT);
        let Some(country) = country else { return hours };
        for rule in RULES.iter().filter(|r| r.country == country) {
            // A known region: its own rule if it has one; an unknown region: every regional rule.
            let applies = match (rule.region, region) {
                (None, _) | (Some(_), None) => true,
                (Some(r), Some(known)) => r == known,
            };
            if applies {
                hours.narrow(rule);
            }
        }
        hours
    }

    fn narrow(&mut self, rule: &Rule) {
        self.weekdays = intersect(&self.weekdays, rule.weekdays);
        self.saturday = intersect(&self.saturday, rule.saturday);
        self.sunday = intersect(&self.sunday, rule.sunday);
        self.holidays &= rule.holidays;
        self.calls_per_30_days = match (self.calls_per_30_days, rule.calls_per_30_days) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.sources.push(rule.source);
    }

    /// Windows on a day, given whether it is a public holiday there.
    pub fn windows(&self, date: NaiveDate, holiday: bool) -> &[Window] {
        if holiday && !self.holidays {
            return &[];
        }
        match date.weekday() {
            Weekday::Sat => &self.saturday,
            Weekday::Sun => &self.sunday,
            _ => &self.weekdays,
        }
    }

    /// Most calls to one person in any 30 days, where the law limits them.
    pub fn calls_per_30_days(&self) -> Option<u8> {
        self.calls_per_30_days
    }

    /// The rules that make up these hours, for a rep who wants to know why.
    pub fn sources(&self) -> &[&'static str] {
        &self.sources
    }
}

impl From<&Rule> for LegalHours {
    fn from(r: &Rule) -> LegalHours {
        LegalHours {
            weekdays: r.weekdays.to_vec(),
            saturday: r.saturday.to_vec(),
            sunday: r.sunday.to_vec(),
            holidays: r.holidays,
            calls_per_30_days: r.calls_per_30_days,
            sources: vec![r.source],
        }
    }
}

/// Names of the regions that have a rule, as a place may spell them.
const REGION_NAMES: &[(&str, &str, &str)] = &[
    ("US", "FL", "Florida"),
    ("US", "OK", "Oklahoma"),
    ("US", "MD", "Maryland"),
    ("US", "WA", "Washington"),
    ("US", "CT", "Connecticut"),
    ("US", "TX", "Texas"),
];

/// The code of a region with a rule of its own, from its code or name ("TX", "Texas").
pub fn region_code(country: &str, name: &str) -> Option<&'static str> {
    let name = name.trim();
    REGION_NAMES
        .iter()
        .find(|(c, code, full)| *c == country && (code.eq_ignore_ascii_case(name) || full.eq_ignore_ascii_case(name)))
        .map(|(_, code, _)| *code)
}

/// Countries and regions with a rule of their own, for tests that must cover each.
pub fn ruled_places() -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    RULES.iter().map(|r| (r.country, r.region))
}

/// Countries whose rules forbid calls on public holidays: each needs a holiday calendar.
pub fn countries_closed_on_holidays() -> impl Iterator<Item = &'static str> {
    RULES.iter().filter(|r| !r.holidays).map(|r| r.country)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const WED: &str = "2026-11-25";
    const SAT: &str = "2026-11-28";
    const SUN: &str = "2026-11-29";

    #[test]
    fn the_default_is_eight_to_nine_every_day() {
        let h = LegalHours::at(None, None);
        for d in [WED, SAT, SUN] {
            assert_eq!(h.windows(day(d), false), &[w(480, 1260)]);
        }
        assert_eq!(LegalHours::at(Some("DE"), None), h, "no statutory hours in Germany");
    }

    #[test]
    fn france_splits_the_day_and_closes_weekends_and_holidays() {
        let h = LegalHours::at(Some("FR"), None);
        assert_eq!(h.windows(day(WED), false), &[w(600, 780), w(840, 1200)]);
        assert!(h.windows(day(SAT), false).is_empty());
        assert!(h.windows(day(SUN), false).is_empty());
        assert!(h.windows(day(WED), true).is_empty());
        assert!(h.sources().iter().any(|s| s.contains("2022-1313")));
        assert_eq!(h.calls_per_30_days(), Some(4));
        assert_eq!(LegalHours::at(Some("US"), None).calls_per_30_days(), None);
    }

    #[test]
    fn a_known_state_gets_its_rule_and_an_unknown_one_the_strictest() {
        assert_eq!(LegalHours::at(Some("US"), Some("FL")).windows(day(WED), false), &[w(480, 1200)]);
        assert_eq!(LegalHours::at(Some("US"), Some("NY")).windows(day(WED), false), &[w(480, 1260)]);
        let tx = LegalHours::at(Some("US"), Some("TX"));
        assert_eq!(tx.windows(day(SUN), false), &[w(720, 1260)]);
        assert_eq!(tx.windows(day(WED), false), &[w(540, 1260)]);
        let unknown = LegalHours::at(Some("US"), None);
        assert_eq!(unknown.windows(day(WED), false), &[w(540, 1200)], "CT's 9:00 start and FL's 20:00 end");
        assert_eq!(unknown.windows(day(SUN), false), &[w(720, 1200)], "TX's Sunday noon");
    }

    #[test]
    fn canada_and_australia_narrow_weekends() {
        let ca = LegalHours::at(Some("CA"), None);
        assert_eq!(ca.windows(day(WED), false), &[w(540, 1260)], "9:30 p.m. is past the default 9 p.m.");
        assert_eq!(ca.windows(day(SAT), false), &[w(600, 1080)]);
        let au = LegalHours::at(Some("AU"), None);
        assert_eq!(au.windows(day(SAT), false), &[w(540, 1020)]);
        assert!(au.windows(day(SUN), false).is_empty());
    }

    #[test]
    fn region_names_are_read_and_each_has_a_rule() {
        assert_eq!(region_code("US", " texas "), Some("TX"));
        assert_eq!(region_code("US", "FL"), Some("FL"));
        assert_eq!(region_code("US", "Ohio"), None);
        assert_eq!(region_code("AU", "Texas"), None);
        for (country, code, _) in REGION_NAMES {
            assert!(ruled_places().any(|p| p == (*country, Some(*code))), "{code}");
        }
    }

    #[test]
    fn rules_only_ever_narrow_the_default() {
        let default = LegalHours::at(None, None);
        for (country, region) in ruled_places() {
            let h = LegalHours::at(Some(country), region);
            for d in ["2026-11-23", WED, SAT, SUN] {
                for win in h.windows(day(d), false) {
                    assert!(
                        default.windows(day(d), false).iter().any(|x| x.start <= win.start && win.end <= x.end),
                        "{country} {region:?} {win}"
                    );
                }
            }
        }
    }
}
