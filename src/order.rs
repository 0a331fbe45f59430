//! Stable sorting through one shared instance of the standard library's sort.
//!
//! Each `slice::sort_by` call site compiles its own copy of the sort for its element type and
//! comparator: 3 to 10 KB of Wasm each. These functions sort a list of indices with a comparator
//! behind `&dyn`, so every caller shares one copy, then move the elements into that order. Same
//! result as `slice::sort_by` (stable); the cost is one indirect call per comparison, which is why
//! the matcher's hot sorts (its index keys, and the CLI's dedupe, which is not in the Wasm) keep the
//! standard ones.

use std::cmp::Ordering;

/// Sorts `items` stably by `cmp`, as [`slice::sort_by`] does.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items = &*items;
        sorted_positions(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    permute(items, &order);
}

/// Sorts `items` stably by the key `key` gives, as [`slice::sort_by_key`] does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by their own order, as [`slice::sort`] does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// `0..n` ordered by `cmp` over positions: the one sort every caller shares.
fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts the element at `order[i]` at position `i`, cycle by cycle, each element moved once.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every permutation of up to 7 elements, with ties (stability shows), against the standard sort.
    #[test]
    fn same_order_as_the_standard_sort() {
        fn all(n: usize, prefix: &mut Vec<(u8, usize)>, out: &mut Vec<Vec<(u8, usize)>>) {
            if prefix.len() == n {
                out.push(prefix.clone());
                return;
            }
            for key in 0..3 {
                prefix.push((key, prefix.len()));
                all(n, prefix, out);
                prefix.pop();
            }
        }
        let mut cases = Vec::new();
        for n in 0..=7 {
            all(n, &mut Vec::new(), &mut cases);
        }
        for case in cases {
            let mut expected = case.clone();
            expected.sort_by_key(|e| e.0);
            let mut ours = case.clone();
            sort_by_key(&mut ours, |e| e.0);
            assert_eq!(ours, expected, "from {case:?}");
        }
        let mut shuffled: Vec<u32> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        sort(&mut shuffled);
        assert!(shuffled.iter().enumerate().all(|(i, &v)| v == i as u32));
    }

    /// Elements that are not `Copy` (owned strings) arrive whole and in order.
    #[test]
    fn moves_owned_values() {
        let mut names = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        sort_by(&mut names, |a, b| b.cmp(a));
        assert_eq!(names, ["c", "b", "a", "a"]);
    }
}
