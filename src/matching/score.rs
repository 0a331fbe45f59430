//! Scoring a candidate and deciding: the bits each field adds, the reasons a rep reads, and the
//! outcome (one lead, a few possible leads for the rep to pick from, or nobody).

use super::compare::{Comparison, Field, Reading, FIELDS};
use super::person::PersonRef;
use super::weights::Weights;
use serde::{Deserialize, Serialize};

/// Above this many bits (prior included) a candidate is the same person: odds of 128 to 1.
pub const MATCH_BITS: f64 = 7.0;
/// Above this the rep is asked.
pub const POSSIBLE_BITS: f64 = -1.0;
/// A match must beat the runner-up by this much, or the rep picks.
pub const CLEAR_LEAD_BITS: f64 = 4.0;
/// At most this many possible leads are offered.
const MAX_POSSIBLE: usize = 5;

/// One field's contribution to a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub what: String,
    pub bits: f64,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A true minus sign: the side panel shows these to people.
        let sign = if self.bits < 0.0 { '\u{2212}' } else { '+' };
        write!(f, "{} {sign}{:.1}", self.what, self.bits.abs())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scored<T> {
    pub who: T,
    pub bits: f64,
    pub evidence: Vec<Evidence>,
}

impl<T> Scored<T> {
    /// "email equal +9.1; family name similar 0.97 +3.2; company differs −1.4", strongest first.
    pub fn reasons(&self) -> Vec<String> {
        self.evidence.iter().map(ToString::to_string).collect()
    }
}

/// The fields a comparison has, each with its level and the bits it adds.
fn weighed<'a>(
    weights: &'a Weights,
    c: &'a Comparison,
    query: &'a PersonRef,
) -> impl Iterator<Item = (Field, u8, f64)> + 'a {
    (0..FIELDS).filter(|&i| c.pattern.0[i] > 0).map(move |i| {
        let (field, level) = (Field::from_index(i), c.pattern.0[i]);
        let crossed = c.reading == Reading::QueryCrossed;
        let value = match (field, crossed) {
            (Field::Given, false) | (Field::Family, true) => query.given,
            (Field::Family, false) | (Field::Given, true) => query.family,
            _ => "",
        };
        (field, level, weights.weight(field, level, value))
    })
}

/// Whether both names agree and are too rare in the book for anyone else to carry both.
fn rare_names(weights: &Weights, c: &Comparison, query: &PersonRef) -> bool {
    let level = |f: Field| c.pattern.0[f.index()];
    let (given, family) = match c.reading {
        Reading::QueryCrossed => (query.family, query.given),
        _ => (query.given, query.family),
    };
    weights.names_identify((level(Field::Given), given), (level(Field::Family), family))
}

/// The score of a comparison without its reasons: what deciding needs, for every candidate.
pub fn bits(weights: &Weights, c: &Comparison, query: &PersonRef) -> f64 {
    // Added in the order `score` adds them: the same total to the last bit.
    let start = Others { rare_names: rare_names(weights, c, query), ..Others::default() };
    let (total, others) = weighed(weights, c, query)
        .fold((weights.prior_bits, start), |(total, others), (field, level, bits)| {
            (total + bits, others.add(field, level, bits))
        });
    others.cap(total)
}

/// Names alone never make a match against everything else: two people can share them, unless
/// they are too rare in the book for that and no place differs (a person who changed jobs).
/// Nor do a shared street, employer or place against a name that differs outright: a household
/// or an office shares those. Either way the rep is asked.
const UNSURE_CAP: f64 = MATCH_BITS - 1.0;

/// What the fields besides the names said, and whether the names clash.
#[derive(Clone, Copy, Default)]
struct Others {
    agree: bool,
    differ: bool,
    /// An email, number, profile or declared identifier in common.
    identified: bool,
    /// A given or family name at its "differs" level.
    names_differ: bool,
    /// Both names agree, and are rare enough to name one person.
    rare_names: bool,
    /// The city, postcode or street differs.
    moved: bool,
}

impl Others {
    fn add(self, field: Field, level: u8, bits: f64) -> Others {
        let name = matches!(field, Field::Given | Field::Family);
        let identifier = matches!(field, Field::Email | Field::Phone | Field::Profile | Field::Extra(_));
        Others {
            agree: self.agree || (!name && bits > 0.0),
            differ: self.differ || (!name && bits < 0.0),
            identified: self.identified || (identifier && bits > 0.0),
            names_differ: self.names_differ || (name && usize::from(level) == field.levels().len()),
            moved: self.moved || (matches!(field, Field::City | Field::Postcode | Field::Address) && bits < 0.0),
            ..self
        }
    }

    /// Rare names speak for a person who changed employers in the same place, not for one who
    /// lives or works elsewhere too: that is a namesake as often.
    fn names_identify(self) -> bool {
        self.rare_names && !self.moved
    }

    /// Why the total is capped, if it is.
    fn unsure(self) -> Option<&'static str> {
        if self.differ && !self.agree && !self.names_identify() {
            Some("only the names agree")
        } else if self.names_differ && !self.identified {
            Some("names differ and nothing identifies them as one")
        } else {
            None
        }
    }

    fn cap(self, total: f64) -> f64 {
        if self.unsure().is_some() {
            total.min(UNSURE_CAP)
        } else {
            total
        }
    }
}

/// Scores a comparison of `query` against `candidate`; `extra_names` label the declared extra fields.
pub fn score(weights: &Weights, c: &Comparison, query: &PersonRef, extra_names: &[String]) -> (f64, Vec<Evidence>) {
    let mut evidence = Vec::new();
    let mut total = weights.prior_bits;
    let mut others = Others { rare_names: rare_names(weights, c, query), ..Others::default() };
    for (field, level, bits) in weighed(weights, c, query) {
        total += bits;
        others = others.add(field, level, bits);
        let label = field.levels().get(usize::from(level) - 1).copied().unwrap_or_default();
        let what = match field {
            Field::Extra(n) => format!("{} {label}", extra_names.get(n).map_or("identifier", String::as_str)),
            Field::Given if level == 3 => format!("{label} {:.2}", c.given_similarity),
            Field::Family if level > 1 => format!("{label} {:.2}", c.family_similarity),
            _ => label.to_string(),
        };
        evidence.push(Evidence { what, bits });
    }
    if c.swapped() {
        evidence.push(Evidence { what: "given and family names swapped".into(), bits: 0.0 });
    }
    if others.differ && !others.agree && others.names_identify() {
        evidence.push(Evidence { what: "names too rare in the book to be two people's".into(), bits: 0.0 });
    }
    crate::order::sort_by(&mut evidence, |a, b| b.bits.abs().total_cmp(&a.bits.abs()));
    let kept = others.cap(total);
    if let Some(why) = others.unsure().filter(|_| kept < total) {
        evidence.push(Evidence { what: why.into(), bits: kept - total });
    }
    (kept, evidence)
}

/// What the matcher concludes about one person.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision<T> {
    New,
    Match(Scored<T>),
    Possible(Vec<Scored<T>>),
}

/// Decides from scored candidates: a clear best above [`MATCH_BITS`] is the person; otherwise
/// those above [`POSSIBLE_BITS`] are offered, best first.
pub fn decide<T>(mut scored: Vec<Scored<T>>) -> Decision<T> {
    crate::order::sort_by(&mut scored, |a, b| b.bits.total_cmp(&a.bits));
    scored.retain(|s| s.bits >= POSSIBLE_BITS);
    let clear = match scored.as_slice() {
        [best, second, ..] => best.bits >= MATCH_BITS && best.bits - second.bits >= CLEAR_LEAD_BITS,
        [best] => best.bits >= MATCH_BITS,
        [] => return Decision::New,
    };
    if clear {
        let best = scored.swap_remove(0);
        return Decision::Match(best);
    }
    scored.truncate(MAX_POSSIBLE);
    Decision::Possible(scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(who: u32, bits: f64) -> Scored<u32> {
        Scored { who, bits, evidence: vec![] }
    }

    #[test]
    fn names_alone_never_make_a_match_against_everything_else() {
        let names = Others::default().add(Field::Given, 1, 5.0).add(Field::Family, 1, 9.0);
        assert_eq!(names.cap(20.0), 20.0, "nothing else to go by: the names decide");
        let against = names.add(Field::Email, 2, -1.2).add(Field::Company, 3, -1.4);
        assert_eq!(against.cap(20.0), UNSURE_CAP);
        assert_eq!(
            decide(vec![s(1, UNSURE_CAP)]),
            Decision::Possible(vec![s(1, UNSURE_CAP)]),
            "asked, not merged nor dropped"
        );
        assert_eq!(against.add(Field::Phone, 1, 8.0).cap(20.0), 20.0, "a phone in common vouches for them");
        assert_eq!(against.cap(-3.0), -3.0);
    }

    #[test]
    fn names_too_rare_to_share_make_a_match_against_everything_else() {
        let rare =
            Others { rare_names: true, ..Others::default() }.add(Field::Given, 1, 10.0).add(Field::Family, 1, 11.0);
        let moved = rare.add(Field::Email, 2, -1.2).add(Field::Company, 3, -2.0);
        assert_eq!(moved.cap(17.8), 17.8, "one person who changed jobs");
        assert_eq!(moved.add(Field::City, 2, -1.4).cap(16.4), UNSURE_CAP, "or a namesake in another city");
        let clash =
            Others { rare_names: true, ..Others::default() }.add(Field::Given, 5, -6.0).add(Field::Family, 1, 11.0);
        assert_eq!(clash.add(Field::Company, 1, 7.0).cap(12.0), UNSURE_CAP, "rare names never excuse a clash");
    }

    #[test]
    fn a_shared_street_or_employer_never_outweighs_a_name_that_differs() {
        let household = Others::default().add(Field::Given, 5, -6.0).add(Field::Family, 1, 8.0);
        let household = household.add(Field::Address, 1, 9.0).add(Field::Postcode, 1, 6.0);
        assert_eq!(household.cap(17.0), UNSURE_CAP, "two people at one address");
        assert_eq!(household.unsure(), Some("names differ and nothing identifies them as one"));
        let colleague = Others::default().add(Field::Given, 1, 6.0).add(Field::Family, 4, -5.0);
        assert_eq!(colleague.add(Field::Company, 1, 7.0).cap(8.0), UNSURE_CAP);
        let renamed = colleague.add(Field::Email, 1, 10.0);
        assert_eq!(renamed.cap(11.0), 11.0, "a new family name, the same email: one person");
        let typo = Others::default().add(Field::Family, 2, 4.0).add(Field::Address, 1, 9.0);
        assert_eq!(typo.cap(13.0), 13.0, "a similar name is no clash");
    }

    #[test]
    fn a_clear_best_matches_close_ones_are_offered_and_weak_ones_are_new() {
        assert_eq!(decide(vec![s(1, 2.0), s(2, 20.0)]), Decision::Match(s(2, 20.0)));
        assert_eq!(decide(vec![s(1, 18.0), s(2, 20.0)]), Decision::Possible(vec![s(2, 20.0), s(1, 18.0)]));
        assert_eq!(decide(vec![s(1, 3.0), s(2, -9.0)]), Decision::Possible(vec![s(1, 3.0)]));
        assert_eq!(decide(vec![s(1, -3.0)]), Decision::New);
        assert_eq!(decide::<u32>(vec![]), Decision::New);
    }

    #[test]
    fn evidence_reads_with_a_sign() {
        assert_eq!(Evidence { what: "email equal".into(), bits: 9.06 }.to_string(), "email equal +9.1");
        assert_eq!(Evidence { what: "company differs".into(), bits: -1.44 }.to_string(), "company differs \u{2212}1.4");
    }
}
