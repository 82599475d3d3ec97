//! `PerUser`: one sorted list per user (the scopes a user is a member of, the roles a user is
//! assigned) without a heap block per user. A load builds every list at once into one flat array,
//! each user's list a span of it found through 8 bytes per user ([`PerUser::counted`], then
//! [`PerUser::fill`]). A million users then cost two arrays, not two million allocations, and a
//! question reads a user's span and then their items, where a list of lists read a list header
//! and then a block of its own.
//!
//! A change touches one user's list. A removal closes the gap inside the span, which keeps its
//! room; an insertion goes in place while the span has room, otherwise it moves that user's list
//! to a list of its own (`moved`), where it grows from then on. So a change costs what that user
//! holds, never a copy of the whole, and an item removed can be put back without allocating (a
//! batch taken back, [`crate::directory::Directory::rollback`]).

use crate::prelude::*;
use crate::directory::{out_of_memory, room, room_for};
use crate::error::Result;

/// Marks, in a span's length, a list kept in `moved` (its index in the low bits). No list holds
/// 2^31 items: the directory's limits keep every count far below.
const MOVED: u32 = 1 << 31;

/// A count of 0 per user, for [`PerUser::counted`] (one list per kind of item shares it).
///
/// # Errors
/// `limit_exceeded` when the memory cannot be had.
pub(crate) fn counts(users: usize) -> Result<Vec<(u32, u32)>> {
    let mut spans: Vec<(u32, u32)> = Vec::new();
    room_for(&mut spans, users)?;
    spans.extend((0..users).map(|_| (0, 0)));
    Ok(spans)
}

/// Turns counts into empty spans, each where its room starts; the total room.
fn starts(spans: &mut [(u32, u32)]) -> Result<usize> {
    let mut at = 0u32;
    for s in spans {
        let n = s.1;
        *s = (at, 0);
        at = at.checked_add(n).filter(|&a| a < MOVED).ok_or_else(out_of_memory)?;
    }
    Ok(at as usize)
}

#[derive(Debug, Clone)]
pub struct PerUser<T> {
    /// Per user: where their room starts in `flat` (kept when the list moves: the room of a user
    /// ends where the next user's starts) and how long their list is, or `MOVED | i` for a list
    /// in `moved[i]`.
    spans: Vec<(u32, u32)>,
    flat: Vec<T>,
    moved: Vec<Vec<T>>,
}

impl<T> Default for PerUser<T> {
    fn default() -> Self {
        PerUser { spans: Vec::new(), flat: Vec::new(), moved: Vec::new() }
    }
}

impl<T: Copy + Ord> PerUser<T> {
    /// The list of user `u` (empty for a user out of range).
    pub fn get(&self, u: usize) -> &[T] {
        match self.spans.get(u) {
            Some(&(_, n)) if n & MOVED != 0 => self.moved.get((n & !MOVED) as usize).map_or(&[], Vec::as_slice),
            Some(&(at, n)) => self.flat.get(at as usize..at as usize + n as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// How many users have a list.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// How many users' lists have left the flat array.
    pub fn moved(&self) -> usize {
        self.moved.len()
    }

    /// Room for one more user, or `limit_exceeded`.
    pub(crate) fn reserve_user(&mut self) -> Result<()> {
        room(&mut self.spans)
    }

    /// An empty list for a new user (after [`PerUser::reserve_user`]): its room is none, so its
    /// first item moves it to a list of its own.
    pub(crate) fn push_user(&mut self) {
        let end = u32::try_from(self.flat.len()).unwrap_or(u32::MAX);
        self.spans.push((end, 0));
    }

    /// Forgets the last user (interned in a batch taken back), and their list if it moved: the
    /// last moved list goes, one before it is emptied (its place stays, unused). Allocates
    /// nothing.
    pub(crate) fn pop_user(&mut self) {
        if let Some((_, n)) = self.spans.pop() {
            let i = (n & !MOVED) as usize;
            if n & MOVED == 0 {
                return;
            }
            if i + 1 == self.moved.len() {
                self.moved.pop();
            } else if let Some(l) = self.moved.get_mut(i) {
                *l = Vec::new();
            }
        }
    }

    /// Where the room of user `u` ends in `flat`: where the next user's starts.
    fn room_end(&self, u: usize) -> usize {
        self.spans.get(u + 1).map_or(self.flat.len(), |&(at, _)| at as usize)
    }

    /// Empty lists with room for as many items as `spans` counts per user (in each pair's
    /// second half, from [`counts`]), for [`PerUser::fill`]: a load counts, then fills. `x` is a
    /// filler for the room.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory cannot be had.
    pub(crate) fn counted(mut spans: Vec<(u32, u32)>, x: T) -> Result<PerUser<T>> {
        let total = starts(&mut spans)?;
        let mut flat: Vec<T> = Vec::new();
        room_for(&mut flat, total)?;
        flat.extend((0..total).map(|_| x));
        Ok(PerUser { spans, flat, moved: Vec::new() })
    }

    /// Puts `x` in its sorted place in the list of `u`, within the room [`PerUser::counted`]
    /// made, looking from the end: items that come sorted per user, as a loader's scope-by-scope
    /// order gives them, cost one step each. Returns whether it is new (a repeat stays out).
    pub(crate) fn fill(&mut self, u: usize, x: T) -> bool {
        let end = self.room_end(u);
        let Some(s) = self.spans.get_mut(u) else { return false };
        let (start, n) = (s.0 as usize, s.1 as usize);
        if n & MOVED as usize != 0 || start + n >= end {
            return false;
        }
        let Some(list) = self.flat.get_mut(start..=start + n) else { return false };
        // `x` goes in at the end and moves down past the greater items.
        let mut i = n;
        if let Some(slot) = list.get_mut(i) {
            *slot = x;
        }
        while let Some(&y) = i.checked_sub(1).and_then(|j| list.get(j)) {
            if y == x {
                // A repeat: what moved up goes back down.
                for j in i..n {
                    list.swap(j, j + 1);
                }
                return false;
            }
            if y < x {
                break;
            }
            list.swap(i - 1, i);
            i -= 1;
        }
        s.1 += 1;
        true
    }

    /// Puts `x` in its sorted place in the list of `u`. Returns whether it is new (false for a
    /// repeat or a user out of range). Allocates nothing when the list has room: one that lost
    /// an item has room for it again.
    ///
    /// # Errors
    /// `limit_exceeded` (nothing changed then).
    pub(crate) fn insert(&mut self, u: usize, x: T) -> Result<bool> {
        let Err(pos) = self.get(u).binary_search(&x) else { return Ok(false) };
        let end = self.room_end(u);
        let Some(&(at, n)) = self.spans.get(u) else { return Ok(false) };
        if n & MOVED == 0 {
            let (start, len) = (at as usize, n as usize);
            if start + len < end {
                // In place, within the room.
                let Some(list) = self.flat.get_mut(start..=start + len) else { return Ok(false) };
                list.copy_within(pos..len, pos + 1);
                if let Some(slot) = list.get_mut(pos) {
                    *slot = x;
                }
                if let Some(s) = self.spans.get_mut(u) {
                    s.1 += 1;
                }
                return Ok(true);
            }
            // The list leaves the flat array for a list of its own, with room for this item.
            let mut own: Vec<T> = Vec::new();
            room_for(&mut own, len + 1)?;
            own.extend_from_slice(self.get(u));
            room(&mut self.moved)?;
            let i = u32::try_from(self.moved.len()).ok().filter(|&i| i < MOVED).ok_or_else(out_of_memory)?;
            self.moved.push(own);
            if let Some(s) = self.spans.get_mut(u) {
                s.1 = MOVED | i;
            }
        }
        let Some(&(_, n)) = self.spans.get(u) else { return Ok(false) };
        let Some(list) = self.moved.get_mut((n & !MOVED) as usize) else { return Ok(false) };
        room(list)?;
        list.insert(pos, x);
        Ok(true)
    }

    /// Keeps only the items of `u`'s list for which `keep` holds, in their order. Returns how
    /// many went. Allocates nothing.
    pub(crate) fn retain(&mut self, u: usize, keep: &dyn Fn(&T) -> bool) -> usize {
        let Some(&(at, n)) = self.spans.get(u) else { return 0 };
        if n & MOVED != 0 {
            let Some(list) = self.moved.get_mut((n & !MOVED) as usize) else { return 0 };
            let before = list.len();
            list.retain(|x| keep(x));
            return before - list.len();
        }
        let Some(list) = self.flat.get_mut(at as usize..at as usize + n as usize) else { return 0 };
        let mut kept = 0usize;
        for i in 0..list.len() {
            if list.get(i).is_some_and(keep) {
                list.swap(kept, i);
                kept += 1;
            }
        }
        if let Some(s) = self.spans.get_mut(u) {
            s.1 = kept as u32;
        }
        n as usize - kept
    }

    /// Removes `x` from `u`'s list. Returns whether it was there. Allocates nothing.
    pub(crate) fn remove(&mut self, u: usize, x: &T) -> bool {
        self.get(u).binary_search(x).is_ok() && self.retain(u, &|y| y != x) == 1
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::PerUser;
    use crate::prelude::*;

    /// A user interned in a batch whose list moved, then another user's list moving after it:
    /// taking the batch back leaves the other list whole and the first one's memory freed.
    #[test]
    fn a_popped_user_frees_a_moved_list_that_is_not_the_last() {
        let mut lists = PerUser::counted(super::counts(2).unwrap(), 0u32).unwrap();
        lists.reserve_user().unwrap();
        lists.push_user();
        assert!(lists.insert(2, 7).unwrap());
        assert!(lists.insert(0, 5).unwrap());
        assert_eq!(lists.moved(), 2);
        lists.pop_user();
        assert_eq!((lists.len(), lists.get(0), lists.get(2)), (2, &[5][..], &[][..]));
        assert_eq!(lists.moved.first().map(Vec::capacity), Some(0));
    }

    /// Random steps on a `PerUser` and on plain sorted lists: the same lists after every step,
    /// and a removed item put back without the list leaving the flat array.
    #[test]
    fn per_user_lists_match_plain_lists() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for round in 0..40 {
            let users = 1 + next(30) as usize;
            // Items as a loader gives them: by scope (the high part), users in any order, repeats.
            let mut items: Vec<(usize, u32)> = (0..next(200)).map(|_| (next(users as u64) as usize, next(50) as u32)).collect();
            items.sort_by_key(|&(_, v)| v / 4);
            let mut plain: Vec<Vec<u32>> = vec![Vec::new(); users];
            let mut counts = super::counts(users).unwrap();
            items.iter().for_each(|&(u, _)| counts[u].1 += 1);
            let mut lists = PerUser::counted(counts, 0u32).unwrap();
            for &(u, v) in &items {
                let new = plain[u].binary_search(&v).is_err() && v / 4 >= plain[u].last().map_or(0, |&l| l / 4);
                if let Err(i) = plain[u].binary_search(&v) {
                    plain[u].insert(i, v);
                }
                assert_eq!(lists.fill(u, v), new, "round {round}");
            }
            for step in 0..300 {
                let users = plain.len();
                let u = next(users as u64 + 1) as usize;
                let v = next(60) as u32;
                match next(5) {
                    0 | 1 => {
                        let moved = lists.moved();
                        let fits = u < users && plain[u].binary_search(&v).is_err();
                        let had_room = fits && lists.get(u).len() < lists.room_end(u) - lists.spans[u].0 as usize && lists.spans[u].1 & super::MOVED == 0;
                        assert_eq!(lists.insert(u, v).unwrap(), fits);
                        if fits {
                            let i = plain[u].binary_search(&v).unwrap_err();
                            plain[u].insert(i, v);
                        }
                        if had_room {
                            assert_eq!(lists.moved(), moved, "an item within the room stays in place");
                        }
                    }
                    2 => {
                        let was = u < users && plain[u].binary_search(&v).is_ok();
                        assert_eq!(lists.remove(u, &v), was);
                        if was {
                            plain[u].retain(|&y| y != v);
                            // Put back at once: no list leaves the flat array for it.
                            let moved = lists.moved();
                            assert!(lists.insert(u, v).unwrap());
                            assert_eq!(lists.moved(), moved);
                            assert!(lists.remove(u, &v));
                        }
                    }
                    3 => {
                        let gone = lists.retain(u, &|&y| y % 3 != v % 3);
                        let before = plain.get(u).map_or(0, Vec::len);
                        if let Some(l) = plain.get_mut(u) {
                            l.retain(|&y| y % 3 != v % 3);
                        }
                        assert_eq!(gone, before - plain.get(u).map_or(0, Vec::len));
                    }
                    _ => {
                        lists.reserve_user().unwrap();
                        lists.push_user();
                        plain.push(Vec::new());
                        if next(2) == 0 {
                            lists.insert(plain.len() - 1, v).unwrap();
                            plain.last_mut().unwrap().push(v);
                        }
                        if next(2) == 0 {
                            lists.pop_user();
                            plain.pop();
                        }
                    }
                }
                assert_eq!(lists.len(), plain.len());
                for (u, l) in plain.iter().enumerate() {
                    assert_eq!(lists.get(u), l.as_slice(), "round {round}, step {step}, user {u}");
                }
                assert!(lists.get(plain.len()).is_empty());
            }
        }
    }
}
