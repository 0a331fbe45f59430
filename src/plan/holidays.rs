//! National public holidays of a few countries, as rules (fixed dates, Easter-relative dates, n-th
//! weekdays) rather than lists of dates, so they hold for any year.
//!
//! Why not a crate: the one broad Rust crate (`holidays` 0.1.0, generated from python-holidays)
//! has had a single release, stops in 2030, keeps its data behind a global lock that must be
//! initialised, and cost 1.6 MB of Wasm for ten countries. The table below covers the countries
//! whose calling rules forbid calls on public holidays (France, Spain, Australia) and the biggest
//! markets (United States, Canada, United Kingdom, Germany). National holidays only: regional
//! ones (German Länder, Spanish communities, Australian states) are not known, so a rep may
//! still see a call planned on a regional holiday there. Countries outside the table have none.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

#[derive(Clone, Copy, Debug)]
enum Day {
    Fixed(u32, u32),
    /// Days after Easter Sunday (Good Friday is -2).
    Easter(i64),
    /// The n-th (1-based) given weekday of a month.
    Nth(u32, Weekday, u8),
    Last(u32, Weekday),
}

/// What happens when a holiday falls on a weekend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Observed {
    /// Nothing: the holiday is lost (France, Germany, Spain).
    AsIs,
    /// Saturday to the Friday before, Sunday to the Monday after (US federal).
    NearestWeekday,
    /// To the next weekday that is not already a holiday (UK, Canada, Australia substitute days).
    NextFreeWeekday,
}

use Day::*;
use Observed::*;
use Weekday::*;

struct Calendar {
    country: &'static str,
    holidays: &'static [(Day, Observed)],
}

const CALENDARS: &[Calendar] = &[
    // 5 U.S.C. § 6103(a) and (b).
    Calendar {
        country: "US",
        holidays: &[
            (Fixed(1, 1), NearestWeekday),
            (Nth(1, Mon, 3), AsIs),
            (Nth(2, Mon, 3), AsIs),
            (Last(5, Mon), AsIs),
            (Fixed(6, 19), NearestWeekday),
            (Fixed(7, 4), NearestWeekday),
            (Nth(9, Mon, 1), AsIs),
            (Nth(10, Mon, 2), AsIs),
            (Fixed(11, 11), NearestWeekday),
            (Nth(11, Thu, 4), AsIs),
            (Fixed(12, 25), NearestWeekday),
        ],
    },
    // Code du travail, art. L. 3133-1.
    Calendar {
        country: "FR",
        holidays: &[
            (Fixed(1, 1), AsIs),
            (Easter(1), AsIs),
            (Fixed(5, 1), AsIs),
            (Fixed(5, 8), AsIs),
            (Easter(39), AsIs),
            (Easter(50), AsIs),
            (Fixed(7, 14), AsIs),
            (Fixed(8, 15), AsIs),
            (Fixed(11, 1), AsIs),
            (Fixed(11, 11), AsIs),
            (Fixed(12, 25), AsIs),
        ],
    },
    // National holidays common to every community (Estatuto de los Trabajadores, art. 37.2, and
    // the yearly BOE resolution).
    Calendar {
        country: "ES",
        holidays: &[
            (Fixed(1, 1), AsIs),
            (Fixed(1, 6), AsIs),
            (Easter(-2), AsIs),
            (Fixed(5, 1), AsIs),
            (Fixed(8, 15), AsIs),
            (Fixed(10, 12), AsIs),
            (Fixed(11, 1), AsIs),
            (Fixed(12, 6), AsIs),
            (Fixed(12, 8), AsIs),
            (Fixed(12, 25), AsIs),
        ],
    },
    // National public holidays (Fair Work Act 2009, s. 115(1)(a)).
    Calendar {
        country: "AU",
        holidays: &[
            (Fixed(1, 1), NextFreeWeekday),
            (Fixed(1, 26), NextFreeWeekday),
            (Easter(-2), AsIs),
            (Easter(1), AsIs),
            (Fixed(4, 25), AsIs),
            (Fixed(12, 25), NextFreeWeekday),
            (Fixed(12, 26), NextFreeWeekday),
        ],
    },
    // Holidays observed in every province (Canada Labour Code, s. 166, common to provincial acts).
    Calendar {
        country: "CA",
        holidays: &[
            (Fixed(1, 1), NextFreeWeekday),
            (Easter(-2), AsIs),
            (Fixed(7, 1), NextFreeWeekday),
            (Nth(9, Mon, 1), AsIs),
            (Fixed(12, 25), NextFreeWeekday),
        ],
    },
    // England and Wales bank holidays (Banking and Financial Dealings Act 1971, Schedule 1).
    Calendar {
        country: "GB",
        holidays: &[
            (Fixed(1, 1), NextFreeWeekday),
            (Easter(-2), AsIs),
            (Easter(1), AsIs),
            (Nth(5, Mon, 1), AsIs),
            (Last(5, Mon), AsIs),
            (Last(8, Mon), AsIs),
            (Fixed(12, 25), NextFreeWeekday),
            (Fixed(12, 26), NextFreeWeekday),
        ],
    },
    // Federal holidays (Einigungsvertrag for 3 October; the rest by every Land's law).
    Calendar {
        country: "DE",
        holidays: &[
            (Fixed(1, 1), AsIs),
            (Easter(-2), AsIs),
            (Easter(1), AsIs),
            (Fixed(5, 1), AsIs),
            (Easter(39), AsIs),
            (Easter(50), AsIs),
            (Fixed(10, 3), AsIs),
            (Fixed(12, 25), AsIs),
            (Fixed(12, 26), AsIs),
        ],
    },
];

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn date_of(day: Day, year: i32) -> Option<NaiveDate> {
    match day {
        Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        Easter(offset) => easter(year)?.checked_add_signed(Duration::days(offset)),
        Nth(m, wd, n) => NaiveDate::from_weekday_of_month_opt(year, m, wd, n),
        Last(m, wd) => {
            let next_month = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)
            }?;
            let last = next_month.pred_opt()?;
            let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
            last.checked_sub_signed(Duration::days(i64::from(back)))
        }
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Sat | Sun)
}

/// The days off a calendar gives for the holidays of `year` (some may fall in a neighbouring year).
fn days_off(calendar: &Calendar, year: i32) -> Vec<NaiveDate> {
    let dates: Vec<(NaiveDate, Observed)> =
        calendar.holidays.iter().filter_map(|&(day, observed)| Some((date_of(day, year)?, observed))).collect();
    let mut out: Vec<NaiveDate> = dates.iter().map(|(date, _)| *date).collect();
    for &(date, observed) in &dates {
        match observed {
            AsIs => {}
            NearestWeekday => out.extend(match date.weekday() {
                Sat => date.pred_opt(),
                Sun => date.succ_opt(),
                _ => None,
            }),
            // Substitutes come after every real holiday is known: Boxing Day on a Monday pushes
            // Christmas's substitute to the Tuesday.
            NextFreeWeekday if is_weekend(date) => {
                let mut d = date;
                while is_weekend(d) || out.contains(&d) {
                    let Some(next) = d.succ_opt() else { break };
                    d = next;
                }
                out.push(d);
            }
            NextFreeWeekday => {}
        }
    }
    out
}

/// Whether `date` is a national public holiday (or a day off in lieu of one) in `country`.
pub fn is_public_holiday(country: &str, date: NaiveDate) -> bool {
    let Some(calendar) = CALENDARS.iter().find(|c| c.country == country) else { return false };
    // A holiday of the next or previous year can be observed on this date (1 January on 31 December).
    (date.year() - 1..=date.year() + 1).any(|y| days_off(calendar, y).contains(&date))
}

/// Whether the table knows the country's holidays at all.
pub fn has_calendar(country: &str) -> bool {
    CALENDARS.iter().any(|c| c.country == country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::calling_rules::countries_closed_on_holidays;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_matches_published_dates() {
        for (year, date) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter(year), Some(d(date)), "{year}");
        }
    }

    #[test]
    fn french_holidays_of_2026() {
        for day in [
            "2026-01-01",
            "2026-04-06",
            "2026-05-01",
            "2026-05-08",
            "2026-05-14",
            "2026-05-25",
            "2026-07-14",
            "2026-11-11",
            "2026-12-25",
        ] {
            assert!(is_public_holiday("FR", d(day)), "{day}");
        }
        for day in ["2026-04-03", "2026-04-07", "2026-12-24", "2026-12-28"] {
            assert!(!is_public_holiday("FR", d(day)), "{day}");
        }
    }

    #[test]
    fn us_federal_holidays_are_observed_on_the_nearest_weekday() {
        // 2026: 4 July is a Saturday, observed Friday 3 July; Thanksgiving is 26 November.
        for day in [
            "2026-01-19",
            "2026-02-16",
            "2026-05-25",
            "2026-06-19",
            "2026-07-03",
            "2026-09-07",
            "2026-10-12",
            "2026-11-26",
        ] {
            assert!(is_public_holiday("US", d(day)), "{day}");
        }
        // 1 January 2022 was a Saturday: observed on Friday 31 December 2021.
        assert!(is_public_holiday("US", d("2021-12-31")));
        assert!(!is_public_holiday("US", d("2026-11-27")));
    }

    #[test]
    fn uk_christmas_on_a_weekend_gives_two_substitute_days() {
        // 25 December 2027 is a Saturday: bank holidays on Monday 27 and Tuesday 28.
        assert!(is_public_holiday("GB", d("2027-12-27")));
        assert!(is_public_holiday("GB", d("2027-12-28")));
        assert!(!is_public_holiday("GB", d("2027-12-29")));
        // 25 December 2022 was a Sunday: Boxing Day Monday 26, substitute Tuesday 27.
        assert!(is_public_holiday("GB", d("2022-12-26")));
        assert!(is_public_holiday("GB", d("2022-12-27")));
        assert!(is_public_holiday("GB", d("2026-08-31")), "last Monday of August");
    }

    #[test]
    fn australia_day_on_a_sunday_moves_to_monday() {
        // 26 January 2025 was a Sunday.
        assert!(is_public_holiday("AU", d("2025-01-27")));
        assert!(is_public_holiday("AU", d("2026-04-25")), "Anzac Day is not moved");
    }

    #[test]
    fn unknown_countries_have_no_holidays_and_closed_countries_have_calendars() {
        assert!(!is_public_holiday("ZZ", d("2026-12-25")));
        for country in countries_closed_on_holidays() {
            assert!(has_calendar(country), "{country} forbids calls on holidays: it needs a calendar");
        }
    }
}
