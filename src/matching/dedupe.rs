//! Cleaning a whole book: every record looked up against the others, matches joined into
//! clusters strongest first, and two clusters never joined when any of their members clearly are
//! two people (one weak link must not chain a "J. Smith" to every Smith).

use super::compare::{compare, Comparison, Field, Pattern, MAX_EXTRAS};
use super::index::{Index, Slot};
use super::person::PersonRef;
use super::score::{CLEAR_LEAD_BITS, MATCH_BITS};
use std::collections::{HashMap, HashSet};

/// Every pair in a cluster must be at least this likely one person (about 4 to 1), so that a
/// record with few fields cannot chain two people through itself.
const CLUSTER_BITS: f64 = 2.0;
/// Clusters larger than this are not checked member by member: joining stops there.
const MAX_CHECKED_CLUSTER: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub a: Slot,
    pub b: Slot,
    pub bits: f64,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub slots: Vec<Slot>,
    /// The links that joined it, strongest first.
    pub links: Vec<Link>,
}

/// Every pair of records that match, each pair once: from the first record's side, unless only
/// the second's nicknames or swapped names bring them together.
pub fn links(index: &Index) -> Vec<Link> {
    let mut out = Vec::new();
    for a in 0..index.len() as Slot {
        let Some(q) = index.person(a) else { continue };
        for b in index.reached(&q).into_iter().filter(|&(b, own)| b > a || (b < a && !own)).map(|(b, _)| b) {
            if index.bits(&q, b).is_some_and(|bits| bits >= MATCH_BITS) {
                if let Some(s) = index.score(&q, b) {
                    out.push(Link { a: a.min(b), b: a.max(b), bits: s.bits, reasons: s.reasons() });
                }
            }
        }
    }
    // A pair both sides reached for wider reasons only is found twice.
    out.sort_by_key(|l| (l.a, l.b));
    out.dedup_by_key(|l| (l.a, l.b));
    out
}

struct Clusters {
    parent: Vec<Slot>,
    members: Vec<Vec<Slot>>,
}

impl Clusters {
    fn root(&mut self, mut x: Slot) -> Slot {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }
}

/// Groups the records of `index` that are one person.
pub fn dedupe(index: &Index) -> Vec<Cluster> {
    let n = index.len();
    let mut links = unambiguous(index, links(index));
    links.sort_by(|x, y| y.bits.total_cmp(&x.bits).then((x.a, x.b).cmp(&(y.a, y.b))));
    let mut c = Clusters { parent: (0..n as Slot).collect(), members: (0..n as Slot).map(|s| vec![s]).collect() };
    let mut used: Vec<Vec<Link>> = vec![Vec::new(); n];
    for link in links {
        let (ra, rb) = (c.root(link.a), c.root(link.b));
        if ra == rb {
            continue;
        }
        let (xa, xb) = (&c.members[ra as usize], &c.members[rb as usize]);
        if xa.len() + xb.len() > MAX_CHECKED_CLUSTER || conflict(index, xa, xb, identified(index, &link)) {
            continue;
        }
        // The smaller cluster joins the larger.
        let (big, small) = if xa.len() >= xb.len() { (ra, rb) } else { (rb, ra) };
        let moved = std::mem::take(&mut c.members[small as usize]);
        c.members[big as usize].extend(moved);
        let moved_links = std::mem::take(&mut used[small as usize]);
        used[big as usize].extend(moved_links);
        used[big as usize].push(link);
        c.parent[small as usize] = big;
    }
    let roots: Vec<usize> = (0..n).filter(|&r| c.parent[r] == r as Slot && c.members[r].len() > 1).collect();
    let mut out: Vec<Cluster> = roots
        .into_iter()
        .map(|r| {
            let mut slots = std::mem::take(&mut c.members[r]);
            slots.sort_unstable();
            let mut links = std::mem::take(&mut used[r]);
            links.sort_by(|x, y| y.bits.total_cmp(&x.bits));
            Cluster { slots, links }
        })
        .collect();
    out.sort_by_key(|c| c.slots[0]);
    out
}

/// Links less the name-made ones of records that could be either of two people: a row with a
/// name and little else whose strongest links lead to records that are clearly two people (two
/// "Janice Rogers" with two LinkedIn profiles). Which one it is, nobody can tell.
fn unambiguous(index: &Index, links: Vec<Link>) -> Vec<Link> {
    let mut by_record: HashMap<Slot, Vec<(Slot, f64)>> = HashMap::new();
    for l in &links {
        by_record.entry(l.a).or_default().push((l.b, l.bits));
        by_record.entry(l.b).or_default().push((l.a, l.bits));
    }
    let ambiguous: HashSet<Slot> = by_record
        .into_iter()
        .filter(|(_, others)| {
            let top = others.iter().map(|&(_, bits)| bits).fold(f64::MIN, f64::max);
            let near: Vec<Slot> =
                others.iter().filter(|&&(_, bits)| top - bits < CLEAR_LEAD_BITS).map(|&(o, _)| o).collect();
            near.iter().enumerate().any(|(i, &x)| {
                index
                    .person(x)
                    .is_some_and(|q| near[i + 1..].iter().any(|&y| index.bits(&q, y).is_some_and(|b| b < CLUSTER_BITS)))
            })
        })
        .map(|(slot, _)| slot)
        .collect();
    links
        .into_iter()
        .filter(|l| !(ambiguous.contains(&l.a) || ambiguous.contains(&l.b)) || identified(index, l))
        .collect()
}

/// Whether some member of one cluster is unlikely to be some member of the other. Across a link
/// made by an identifier (the same email, phone or profile) only names or profiles that differ
/// count: the other members may be the same person before a job change, with another employer,
/// email and title, which a link made of names alone could not tell from a namesake.
fn conflict(index: &Index, xa: &[Slot], xb: &[Slot], identified: bool) -> bool {
    let both: Vec<Slot> = xa.iter().chain(xb).copied().collect();
    xa.iter().any(|&a| {
        index.person(a).is_some_and(|q| {
            xb.iter().any(|&b| {
                index.person(b).is_some_and(|other| {
                    let apart =
                        |c: &Comparison| index.weigh(&q, c) < CLUSTER_BITS && (!identified || two_people(&c.pattern));
                    let c = compare(&q, &other);
                    apart(&c) && apart(&bridged(index, &both, &q, &other, c))
                })
            })
        })
    })
}

/// `c` with each name that differs left unweighed when a third member spells it close to both:
/// "Elitabeth" and "Eizabeth" are two slips on one "Elizabeth", not two people. An initial
/// bridges nothing: "J." is close to both "John" and "Jane".
fn bridged(index: &Index, members: &[Slot], a: &PersonRef, b: &PersonRef, mut c: Comparison) -> Comparison {
    for f in [Field::Given, Field::Family] {
        // Equal, a nickname, similar or close: the names' levels before an initial or "differs".
        let agrees = |c: &Comparison| (1..=3).contains(&c.pattern.level(f));
        if c.pattern.level(f) == 0 || agrees(&c) {
            continue;
        }
        let mut third = members.iter().filter_map(|&m| index.person(m));
        if third.any(|m| agrees(&compare(a, &m)) && agrees(&compare(b, &m))) {
            c.pattern.0[f.index()] = 0;
        }
    }
    c
}

/// Names or same-network profiles that differ: what a job change does not explain.
fn two_people(p: &Pattern) -> bool {
    let last = |f: Field| p.level(f) as usize == f.levels().len();
    last(Field::Given) || last(Field::Family) || last(Field::Profile)
}

/// Whether a link rests on an identifier both records carry.
fn identified(index: &Index, link: &Link) -> bool {
    let (Some(a), Some(b)) = (index.person(link.a), index.person(link.b)) else { return false };
    let p = compare(&a, &b).pattern;
    [Field::Email, Field::Phone, Field::Profile]
        .into_iter()
        .chain((0..MAX_EXTRAS).map(Field::Extra))
        .any(|f| p.level(f) == 1)
}

#[cfg(test)]
mod tests {
    use super::super::person::{Fields, Person};
    use super::*;

    fn p(first: &str, last: &str, company: &str, email: &str, phone: &str) -> Person {
        Person::from_fields(
            &Fields {
                first_name: first.into(),
                last_name: last.into(),
                company: company.into(),
                emails: [email].iter().filter(|e| !e.is_empty()).map(|e| e.to_string()).collect(),
                phones: [phone].iter().filter(|e| !e.is_empty()).map(|e| e.to_string()).collect(),
                ..Fields::default()
            },
            Some("US"),
        )
    }

    #[test]
    fn duplicates_cluster_and_a_weak_link_does_not_chain_two_people() {
        let people = vec![
            p("Robert", "Smith", "Acme", "rsmith@acme.com", "+1 415 555 0100"),
            p("Bob", "Smith", "Acme Inc", "rsmith@acme.com", ""),
            p("Alice", "Jones", "Globex", "alice@globex.com", "+1 415 555 0199"),
            p("Alice", "Jones", "Globex Corp", "", "(415) 555-0199"),
            p("Carol", "White", "Initech", "carol@initech.com", ""),
            p("Carl", "Whyte", "Umbrella", "carl.whyte@umbrella.com", ""),
        ];
        let index = Index::build(people, vec![]);
        let clusters = dedupe(&index);
        let slots: Vec<Vec<Slot>> = clusters.iter().map(|c| c.slots.clone()).collect();
        assert_eq!(slots, vec![vec![0, 1], vec![2, 3]]);
        assert!(clusters[0].links[0].reasons.iter().any(|r| r.starts_with("email equal")));
    }

    /// Clusters of `people` in a book of distinct others, whose weights are then a real book's.
    fn slots(people: Vec<Person>) -> Vec<Vec<Slot>> {
        let n = people.len();
        let background = crate::synth::distinct_leads(2_000, 3).map(|f| Person::from_fields(&f, None));
        let index = Index::build(people.into_iter().chain(background), vec![]);
        dedupe(&index).into_iter().map(|c| c.slots).filter(|s| s[0] < n as Slot).collect()
    }

    fn with(mut p: Person, title: &str, city: &str) -> Person {
        (p.title, p.city) = (title.into(), city.into());
        p
    }

    #[test]
    fn a_name_too_rare_to_share_joins_a_job_change_in_the_same_place_only() {
        let mut people = vec![
            with(
                p("Zebulon", "Quartermaine", "Hooli", "zebulon.quartermaine@hooli.com", "+1 415 723 7863"),
                "cto",
                "boston",
            ),
            // Another employer, email and title: only the rare name says it is him.
            with(p("Zebulon", "Quartermaine", "Globex", "zq@globex.com", ""), "vp engineering", ""),
        ];
        let background = crate::synth::distinct_leads(2_000, 3).map(|f| Person::from_fields(&f, None));
        let index = Index::build(people.clone().into_iter().chain(background), vec![]);
        let joined = dedupe(&index).into_iter().find(|c| c.slots == [0, 1]).expect("one person");
        assert!(joined.links[0].reasons.iter().any(|r| r.starts_with("names too rare")), "{:?}", joined.links);
        // In two cities as well, a namesake is as likely: the rep is asked.
        (people[0].city, people[1].city) = ("boston".into(), "denver".into());
        assert_eq!(slots(people), Vec::<Vec<Slot>>::new());
    }

    #[test]
    fn a_shared_identifier_joins_a_job_change_to_the_whole_cluster() {
        let mut people = vec![
            p("Benjamin", "Hughes", "Wayne Capital", "benjamin.hughes@waynecapital.com", "+1 303 318 8766"),
            with(
                p("Benjamin", "Hughes", "Wayne Capital", "benjamin.hughes@waynecapital.com", ""),
                "vp sales",
                "boston",
            ),
            // Another employer, email, title and city: only the phone says it is him.
            with(p("Benjamin", "Hughes", "Oscorp", "bhughes@oscorp.com", "(303) 318-8766"), "cto", "denver"),
        ];
        assert_eq!(slots(people.clone()), vec![vec![0, 1, 2]]);
        // Without the phone, the names alone do not join him across the change.
        people[2].phones.clear();
        assert_eq!(slots(people), vec![vec![0, 1]]);
    }

    #[test]
    fn two_slips_on_one_name_are_one_person_when_a_third_record_spells_it_right() {
        let mut people = vec![
            with(p("Elizabeth", "Walker", "Contoso", "elizabeth.walker@contoso.com", "+1 303 324 8741"), "ceo", ""),
            with(p("Elitabeth", "Walker", "Contoso", "elizabeth.walker@contoso.com", ""), "ceo", ""),
            // Her profile alone says it is her; "Eizabeth" and "Elitabeth" differ by two letters.
            with(p("Eizabeth", "Walker", "", "", ""), "ceo", ""),
        ];
        people[0].profiles = vec!["in:elizabeth-walker".into()];
        people[2].profiles = people[0].profiles.clone();
        assert_eq!(slots(people.clone()), vec![vec![0, 1, 2]]);
        // Written "E." there, nothing says the two slips are one name.
        people[0] = Person { given: "e".into(), ..people[0].clone() };
        assert_eq!(slots(people), vec![vec![0, 1]]);
    }

    #[test]
    fn a_row_that_could_be_either_of_two_namesakes_of_a_common_name_joins_neither() {
        let mut people = vec![
            with(p("James", "Smith", "Hooli", "james.smith@hooli.com", "+1 415 723 7863"), "cto", ""),
            with(p("James", "Smith", "Hooli", "james.smith@hooli.com", ""), "cto", ""),
            with(p("James", "Smith", "Globex", "jsmith@globex.com", "+1 212 555 0142"), "cto", ""),
            with(p("James", "Smith", "Globex", "", "+1 212 555 0142"), "cto", ""),
            with(p("James", "Smith", "", "", ""), "cto", ""),
        ];
        people[0].profiles = vec!["in:james-smith".into()];
        people[2].profiles = vec!["in:jamessmith".into()];
        // Namesakes are told apart only where the name is common in the book: a rare one may
        // be one person who moved (`Weights::names_identify`).
        let firms = [
            "Acme",
            "Contoso",
            "Initech",
            "Umbrella",
            "Fabrikam",
            "Stark",
            "Wayne",
            "Cyberdyne",
            "Tyrell",
            "Soylent",
            "Aperture",
            "Vandelay",
            "Dunder",
            "Gringotts",
            "Oscorp",
            "Wonka",
            "Massive",
            "Monarch",
            "Nakatomi",
            "Pendant",
        ];
        people.extend(firms.iter().enumerate().map(|(i, firm)| {
            let domain = firm.to_lowercase();
            p(
                "James",
                "Smith",
                firm,
                &format!("james.smith@{domain}.example"),
                &format!("+1 303 5{i:02} {:04}", 7919 * i % 10_000),
            )
        }));
        assert_eq!(slots(people), vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn a_pair_only_the_later_row_reaches_is_linked() {
        let row = |first: &str| {
            Person::from_fields(
                &Fields {
                    first_name: first.into(),
                    last_name: "Wojciechowski".into(),
                    title: "Head of Operations".into(),
                    city: "Denver".into(),
                    ..Fields::default()
                },
                None,
            )
        };
        // A family name alone reads every given initial's block; the full name does not read its.
        let index = Index::build(vec![row("Robert"), row("")], vec![]);
        assert_eq!(index.reached(&index.person(0).unwrap()).iter().filter(|&&(s, _)| s == 1).count(), 0);
        assert_eq!(links(&index).iter().map(|l| (l.a, l.b)).collect::<Vec<_>>(), vec![(0, 1)]);
    }
}
