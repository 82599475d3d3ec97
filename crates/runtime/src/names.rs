//! `Names`: interned ids (user ids, scope paths), numbered in order of arrival. Every name is
//! stored once, in one text arena, and found through an open-addressing table of 16-byte slots
//! (a 32-bit hash tag, the number, and where the name lies in the arena). A `HashMap<String, u32>`
//! beside a `Vec<String>` stored each name twice, in two heap blocks: loading a directory is
//! mostly lookups, and at a million names each costs cache misses. A lookup here touches one
//! slot and the name's bytes, and names arrive in the arena in the order they are added.

use crate::prelude::*;
use crate::hash::FastHasher;
use core::hash::Hasher;

#[derive(Debug, Clone, Default)]
pub struct Names {
    text: String,
    /// `starts[i]..starts[i + 1]` is name `i` in `text`; one more entry than names.
    starts: Vec<u32>,
    /// The length is 0 or a power of two; a slot with `number == 0` is empty.
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    /// The name's number plus one.
    number: u32,
    start: u32,
    end: u32,
}

fn hash(name: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

impl Names {
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name of number `i` (empty when out of range).
    pub fn name(&self, i: u32) -> &str {
        match self.starts.get(i as usize..).and_then(|w| w.get(..2)) {
            Some(&[a, b]) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len() as u32).map(|i| self.name(i))
    }

    /// A name's home slot: the top bits of its tag (the hash's high half). The tag alone places
    /// a name, so growing the table reads no name again, and, the order of homes being the order
    /// of tags, a table twice the size is filled front to back from the old one.
    fn home(&self, tag: u32) -> usize {
        // The tag scaled to the table's length (its top bits, the length being a power of two).
        ((u64::from(tag) * self.slots.len() as u64) >> 32) as usize
    }

    /// The slot where `name` is, or the empty slot where it would go.
    fn probe(&self, name: &str, h: u64) -> (usize, Option<u32>) {
        let mask = self.slots.len().wrapping_sub(1);
        let tag = (h >> 32) as u32;
        let mut i = self.home(tag);
        loop {
            let Some(slot) = self.slots.get(i) else { return (i, None) };
            if slot.number == 0 {
                return (i, None);
            }
            if slot.tag == tag && self.text.get(slot.start as usize..slot.end as usize) == Some(name) {
                return (i, Some(slot.number - 1));
            }
            i = (i + 1) & mask;
        }
    }

    fn slot(&self, id: u32, h: u64) -> Slot {
        let start = self.starts.get(id as usize).copied().unwrap_or(0);
        let end = self.starts.get(id as usize + 1).copied().unwrap_or(start);
        Slot { tag: (h >> 32) as u32, number: id + 1, start, end }
    }

    /// The hash a name is looked for by, for [`Names::touch`].
    pub fn hash_of(name: &str) -> u64 {
        hash(name)
    }

    /// For a reader that knows which names come next: reads the slot where a name of hash `h`
    /// is looked for first, so that the cache misses of a batch of lookups come together (loads
    /// no other waits for) rather than one after another. Changes nothing; the number returned
    /// (the slot's) only keeps the read from being left out.
    pub fn touch(&self, h: u64) -> u32 {
        self.slots.get(self.home((h >> 32) as u32)).map_or(0, |s| s.number)
    }

    /// As [`Names::touch`], then reads the first byte of the name in that slot, if any: the
    /// second cache miss of a lookup, started early too.
    pub fn touch_name(&self, h: u64) -> u32 {
        self.slots.get(self.home((h >> 32) as u32)).map_or(0, |s| u32::from(self.text.as_bytes().get(s.start as usize).copied().unwrap_or(0)))
    }

    pub fn find(&self, name: &str) -> Option<u32> {
        self.find_hashed(name, hash(name))
    }

    /// [`Names::find`] with the name's hash ([`Names::hash_of`]) already had.
    pub fn find_hashed(&self, name: &str, h: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(name, h).1
    }

    /// Keeps the table at most half full for `n` names. `None` when memory runs out (nothing
    /// changed then).
    fn grow_to(&mut self, n: usize) -> Option<()> {
        let want = (n.max(4) * 2).next_power_of_two();
        if want <= self.slots.len() {
            return Some(());
        }
        let mut slots = Vec::new();
        slots.try_reserve_exact(want).ok()?;
        slots.resize(want, Slot::default());
        let old = core::mem::replace(&mut self.slots, slots);
        let mask = want - 1;
        for slot in old.into_iter().filter(|s| s.number != 0) {
            let mut i = self.home(slot.tag);
            while self.slots.get(i).is_some_and(|s| s.number != 0) {
                i = (i + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(i) {
                *s = slot;
            }
        }
        Some(())
    }

    /// Takes away the name added last (undoing an [`Names::intern`] whose change failed after
    /// it). The names after its slot in its probe run move up, so that every lookup still finds
    /// its name. Allocates nothing.
    pub fn pop(&mut self) {
        let Some(id) = self.len().checked_sub(1) else { return };
        let id = id as u32;
        let name = self.name(id);
        let (mut hole, found) = self.probe(name, hash(name));
        if found.is_some() {
            let mask = self.slots.len().wrapping_sub(1);
            if let Some(x) = self.slots.get_mut(hole) {
                *x = Slot::default();
            }
            // Backward-shift deletion: a later slot of the run moves into the hole unless its
            // home lies cyclically after the hole (then it is where a probe from home finds it).
            let mut j = hole;
            loop {
                j = (j + 1) & mask;
                let Some(&slot) = self.slots.get(j) else { break };
                if slot.number == 0 {
                    break;
                }
                let home = self.home(slot.tag);
                let after_hole = if hole <= j { hole < home && home <= j } else { hole < home || home <= j };
                if after_hole {
                    continue;
                }
                if let Some(x) = self.slots.get_mut(hole) {
                    *x = slot;
                }
                if let Some(x) = self.slots.get_mut(j) {
                    *x = Slot::default();
                }
                hole = j;
            }
        }
        let start = self.starts.get(id as usize).copied().unwrap_or(0);
        self.text.truncate(start as usize);
        self.starts.pop();
    }

    /// The number of `name`, adding it if new (the caller has checked it is a valid id).
    /// `None`, with nothing changed, when memory runs out or the arena would pass 4 GiB, which
    /// the offsets cannot address (the directory limits keep it far below).
    pub fn intern(&mut self, name: &str) -> Option<u32> {
        let h = hash(name);
        if let Some(id) = self.find_hashed(name, h) {
            return Some(id);
        }
        let end = u32::try_from(self.text.len() + name.len()).ok()?;
        let id = u32::try_from(self.len()).ok().filter(|&n| n < u32::MAX)?;
        self.text.try_reserve(name.len()).ok()?;
        self.starts.try_reserve(2).ok()?;
        if (self.len() + 1) * 2 > self.slots.len() {
            self.grow_to(self.len() + 1)?;
        }
        let (i, _) = self.probe(name, h);
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.text.push_str(name);
        self.starts.push(end);
        let slot = self.slot(id, h);
        if let Some(s) = self.slots.get_mut(i) {
            *s = slot;
        }
        Some(id)
    }
}
