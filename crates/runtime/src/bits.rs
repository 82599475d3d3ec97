//! A fixed-width set of permission positions. The width bounds the number of permissions a model
//! may declare ([`MAX_PERMISSIONS`]); a fixed width keeps every set a plain value with no heap.

use crate::prelude::*;
use crate::ids::PermId;

/// How many permissions a model may declare.
pub const MAX_PERMISSIONS: usize = WORDS * 64;
const WORDS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bits([u64; WORDS]);

impl Bits {
    pub const EMPTY: Bits = Bits([0; WORDS]);

    pub fn set(&mut self, p: PermId) {
        let i = p.index();
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }

    pub fn clear(&mut self, p: PermId) {
        let i = p.index();
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }

    #[inline]
    pub fn has(&self, p: PermId) -> bool {
        let i = p.index();
        self.0.get(i / 64).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    pub fn or(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }

    pub fn and(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a &= *b;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The set permissions, ascending.
    pub fn iter(&self) -> impl Iterator<Item = PermId> + '_ {
        self.0.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            core::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                // At most 512 positions: a u16 holds each.
                Some(PermId((wi * 64 + b) as u16))
            })
        })
    }

    /// The words as 32-bit halves, little end first (the form the JavaScript side reads).
    pub fn to_u32s(&self, count: usize) -> Vec<u32> {
        let n = count.div_ceil(32);
        (0..n)
            .map(|i| {
                let w = self.0.get(i / 2).copied().unwrap_or(0);
                if i % 2 == 0 { w as u32 } else { (w >> 32) as u32 }
            })
            .collect()
    }
}
