//! A fast hash for the id maps. The standard SipHash resists collision flooding, at a cost that
//! dominated directory loading; here the keys are the tenant's own ids (a directory author could
//! only slow their own engine down), and the per-request maps of stateless mode hold a handful of
//! entries, so a multiply-fold hash over 8-byte words (in the spirit of rustc's FxHash) with a final mix is
//! the better trade. See SECURITY.md.

use core::hash::Hasher;

#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The high and low halves of a full 64x64-bit product, folded: every input bit reaches every
/// output bit (the mixer of foldhash and ahash). A plain multiply-rotate (FxHash) collided on
/// all 64 bits for about 1% of a million ids shaped like `u123@c45.test`.
impl FastHasher {
    /// One word in: multiply, then fold the high half down (a 64-bit multiply only: wasm32 has
    /// it as one instruction, where a 128-bit product is a call of several).
    #[inline]
    fn add(&mut self, word: u64) {
        let h = (self.0 ^ word).wrapping_mul(K);
        self.0 = h ^ (h >> 29);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            if let Some(dst) = w.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A final mix so that the low bits (the table index) depend on every input bit.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

