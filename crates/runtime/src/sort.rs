//! One sort for the whole runtime: numbers (ids, positions) ordered by a comparison the caller
//! gives. Every `sort_unstable_by` on another element type or with another closure is a copy of
//! the standard library's sorting code in the wasm (kilobytes each); this heapsort is one small
//! function, in place, O(n log n) whatever the input.

use crate::prelude::*;
/// Sorts `v` so that no element is `less` than the one before it.
pub fn sort(v: &mut [u32], less: &dyn Fn(u32, u32) -> bool) {
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift(v, start, n, less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end, less);
    }
}

fn sift(v: &mut [u32], mut root: usize, end: usize, less: &dyn Fn(u32, u32) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        if child + 1 < end && less(at(child), at(child + 1)) {
            child += 1;
        }
        if !less(at(root), at(child)) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Sorts strings (and removes repeats) through one index sort.
pub fn sort_strings(v: &mut Vec<String>) {
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    sort(&mut idx, &|a, b| v.get(a as usize) < v.get(b as usize));
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for i in idx {
        if let Some(s) = v.get_mut(i as usize) {
            let s = core::mem::take(s);
            if out.last() != Some(&s) {
                out.push(s);
            }
        }
    }
    *v = out;
}
