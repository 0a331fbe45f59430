//! Given names and their nicknames ("Bob" for Robert, "Liz" for Elizabeth), from the hand-curated
//! list of carltonnorthern/nicknames (Apache-2.0), embedded as data.
//!
//! Not the `nicknamer` crate that packages the same list: it rebuilds a 2 700-entry HashMap on
//! every call, which made a 7 700-row dedupe spend most of its 50 s there.

use super::weights::FnvBuild;
use std::collections::HashMap;
use std::sync::OnceLock;

const PAIRS: &str = include_str!("nicknames.csv");

type Table = HashMap<&'static str, Vec<&'static str>, FnvBuild>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = Table::default();
        for (name, nick) in PAIRS.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once(',')) {
            map.entry(name).or_default().push(nick);
            map.entry(nick).or_default().push(name);
        }
        map
    })
}

/// Names `name` (folded, lower case) is a nickname of or has as a nickname.
pub fn alternatives(name: &str) -> &'static [&'static str] {
    table().get(name).map_or(&[], Vec::as_slice)
}

pub fn are_nicknames(a: &str, b: &str) -> bool {
    alternatives(a).contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        assert!(are_nicknames("bob", "robert") && are_nicknames("robert", "bob"));
        assert!(are_nicknames("liz", "elizabeth"));
        assert!(!are_nicknames("bob", "alice"));
        assert!(alternatives("zzz").is_empty());
    }
}
