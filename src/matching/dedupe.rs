//! Cleaning a whole book: every record looked up against the others, matches joined into
//! clusters strongest first, and two clusters never joined when any of their members clearly are
//! two people (one weak link must not chain a "J. Smith" to every Smith).

use super::index::{Index, Slot};
use super::score::MATCH_BITS;

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

/// Every pair of records that match, each pair once.
pub fn links(index: &Index) -> Vec<Link> {
    let mut out = Vec::new();
    for a in 0..index.len() as Slot {
        let Some(q) = index.person(a) else { continue };
        for b in index.candidates(&q).into_iter().filter(|&b| b > a) {
            if index.bits(&q, b).is_some_and(|bits| bits >= MATCH_BITS) {
                if let Some(s) = index.score(&q, b) {
                    out.push(Link { a, b, bits: s.bits, reasons: s.reasons() });
                }
            }
        }
    }
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
    let mut links = links(index);
    links.sort_by(|x, y| y.bits.total_cmp(&x.bits).then((x.a, x.b).cmp(&(y.a, y.b))));
    let mut c = Clusters { parent: (0..n as Slot).collect(), members: (0..n as Slot).map(|s| vec![s]).collect() };
    let mut used: Vec<Vec<Link>> = vec![Vec::new(); n];
    for link in links {
        let (ra, rb) = (c.root(link.a), c.root(link.b));
        if ra == rb {
            continue;
        }
        let (xa, xb) = (&c.members[ra as usize], &c.members[rb as usize]);
        if xa.len() + xb.len() > MAX_CHECKED_CLUSTER || conflict(index, xa, xb) {
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

/// Whether some member of one cluster is unlikely to be some member of the other.
fn conflict(index: &Index, xa: &[Slot], xb: &[Slot]) -> bool {
    xa.iter().any(|&a| {
        index.person(a).is_some_and(|q| xb.iter().any(|&b| index.bits(&q, b).is_some_and(|bits| bits < CLUSTER_BITS)))
    })
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
}
