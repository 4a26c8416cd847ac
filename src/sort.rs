//! Sorting for the whole crate through one instance of the standard library's stable sort.
//!
//! Why: every `sort_by`/`sort_by_key` call site instantiates the standard sort (driftsort and its
//! small-sort, merge and pivot helpers) for its own element type and closure: 30 call sites made
//! 167 sort functions, 137 KB of the WebAssembly's code, which put the page's first load over its
//! 300 KB gzipped budget. Here the elements' order is found by sorting `u32` indices with a
//! comparator behind `&mut dyn FnMut` (one instance for the crate), then the slice is permuted in
//! place. The sort is stable, so callers that asked for an unstable sort get a valid answer too.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare`.
pub fn by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| compare(&items[a as usize], &items[b as usize]));
    }
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `key` gives (computed at each comparison, as `sort_by_key` does).
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` into ascending order.
pub fn ascending<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

#[inline(never)]
fn sort_indices(order: &mut [u32], compare: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `v` so that its i-th element is the one that was at `order[i]`, following each
/// cycle of the permutation once (`order` is left as the identity).
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_like_the_standard_sort() {
        // Every permutation of a small multiset, against the standard stable sort.
        let base = [3u8, 1, 2, 1, 0, 3, 2];
        let mut state = 0x9E3779B97F4A7C15u64;
        for _ in 0..2000 {
            let mut v: Vec<(u8, usize)> = base.iter().enumerate().map(|(i, &k)| (k, i)).collect();
            for i in (1..v.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                v.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            by_key(&mut v, |p| p.0);
            assert_eq!(v, expected);
        }
    }

    #[test]
    fn short_and_reversed_inputs() {
        let mut empty: Vec<i32> = vec![];
        ascending(&mut empty);
        let mut one = vec![5];
        ascending(&mut one);
        assert_eq!(one, [5]);
        let mut v: Vec<i32> = (0..1000).rev().collect();
        ascending(&mut v);
        assert!(v.windows(2).all(|w| w[0] < w[1]));
        by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v[0], 999);
    }
}
