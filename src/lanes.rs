//! Sixteen bytes compared at once. The cleaner and the classifier read every byte of every
//! article; the scans that tell most lines apart from the few that need a closer look (is there
//! a `>`, a control character, two spaces in a row, a word opening with a comma?) are done here
//! sixteen bytes to an instruction, with SSE2, which every x86-64 processor has, and lane by
//! lane elsewhere.
//!
//! The crate's SIMD `unsafe` code is all in this module (its only other `unsafe` is taking bytes
//! `simdutf8` found valid as a string, in `decode`), one small block to an operation: each is sound
//! because this build enables SSE2 (as every x86-64 build does by default), so the processor
//! running it has it, and a load reads sixteen bytes of a slice checked to hold them.

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) use sse2::Lanes;

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(crate) use portable::Lanes;

/// What both versions build on their own few operations.
macro_rules! shared {
    () => {
        /// The sixteen bytes at `at` of `bytes` and the sixteen a byte after them, if it has
        /// them: for tests on a byte and the one after it. (One bounds check for both loads.)
        #[inline(always)]
        pub(crate) fn pair_at(bytes: &[u8], at: usize) -> Option<(Lanes, Lanes)> {
            let seventeen = bytes.get(at..at.checked_add(17)?)?;
            Some((
                Lanes::load(&seventeen[..16])?,
                Lanes::load(&seventeen[1..])?,
            ))
        }

        /// No lane set.
        #[inline(always)]
        pub(crate) fn none() -> Lanes {
            Lanes::splat(0)
        }

        /// Whether any lane of a comparison holds.
        #[inline(always)]
        pub(crate) fn any(self) -> bool {
            self.bits() != 0
        }
    };
}

/// The lanes as one SSE2 register.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128,
        _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };

    /// Sixteen bytes, or sixteen lanes of a comparison (all ones where it holds, zero
    /// elsewhere).
    #[derive(Clone, Copy)]
    pub(crate) struct Lanes(__m128i);

    impl Lanes {
        /// The first sixteen bytes of `bytes`, if it has that many.
        #[inline(always)]
        pub(crate) fn load(bytes: &[u8]) -> Option<Lanes> {
            let sixteen = bytes.get(..16)?;
            // SAFETY: SSE2 is enabled (see the module); the load reads the sixteen bytes of
            // `sixteen`, unaligned loads being allowed.
            Some(Lanes(unsafe {
                _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>())
            }))
        }

        /// Every lane `b`.
        #[inline(always)]
        pub(crate) fn splat(b: u8) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_set1_epi8(b as i8) })
        }

        /// Where the lane is `b`.
        #[inline(always)]
        pub(crate) fn eq(self, b: u8) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_cmpeq_epi8(self.0, Lanes::splat(b).0) })
        }

        /// Where the lane is `b` or below, unsigned: `max(x, b) == b`.
        #[inline(always)]
        pub(crate) fn at_most(self, b: u8) -> Lanes {
            let limit = Lanes::splat(b).0;
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_cmpeq_epi8(_mm_max_epu8(self.0, limit), limit) })
        }

        /// Where the lane, read as a signed byte, is above `b` (so bytes from 0x80 never are, for
        /// `b` below 0x80).
        #[inline(always)]
        pub(crate) fn above_signed(self, b: u8) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_cmpgt_epi8(self.0, Lanes::splat(b).0) })
        }

        /// Each lane less `b`, wrapping.
        #[inline(always)]
        pub(crate) fn minus(self, b: u8) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_sub_epi8(self.0, Lanes::splat(b).0) })
        }

        /// Both.
        #[inline(always)]
        pub(crate) fn and(self, other: Lanes) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_and_si128(self.0, other.0) })
        }

        /// Either.
        #[inline(always)]
        pub(crate) fn or(self, other: Lanes) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_or_si128(self.0, other.0) })
        }

        /// These and not `other`.
        #[inline(always)]
        pub(crate) fn and_not(self, other: Lanes) -> Lanes {
            // SAFETY: SSE2 is enabled (see the module).
            Lanes(unsafe { _mm_andnot_si128(other.0, self.0) })
        }

        /// The high bit of each lane, lane 0 the lowest bit: which lanes of a comparison hold, or
        /// which bytes are outside ASCII.
        #[inline(always)]
        pub(crate) fn bits(self) -> u16 {
            // SAFETY: SSE2 is enabled (see the module).
            unsafe { _mm_movemask_epi8(self.0) as u16 }
        }

        shared!();
    }
}

/// The lanes as sixteen bytes, one at a time: what other processors run, and what the tests
/// hold the SSE2 version to.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
mod portable {
    /// Sixteen bytes, or sixteen lanes of a comparison (all ones where it holds, zero
    /// elsewhere).
    #[derive(Clone, Copy)]
    pub(crate) struct Lanes([u8; 16]);

    impl Lanes {
        /// The first sixteen bytes of `bytes`, if it has that many.
        pub(crate) fn load(bytes: &[u8]) -> Option<Lanes> {
            Some(Lanes(bytes.get(..16)?.try_into().ok()?))
        }

        /// Every lane `b`.
        pub(crate) fn splat(b: u8) -> Lanes {
            Lanes([b; 16])
        }

        /// Each lane through `f`.
        fn map(self, f: impl Fn(u8) -> u8) -> Lanes {
            Lanes(self.0.map(f))
        }

        /// Lanes of `other` and these through `f`.
        fn zip(self, other: Lanes, f: impl Fn(u8, u8) -> u8) -> Lanes {
            let mut out = [0; 16];
            for (k, lane) in out.iter_mut().enumerate() {
                *lane = f(self.0[k], other.0[k]);
            }
            Lanes(out)
        }

        /// Where the lane is `b`.
        pub(crate) fn eq(self, b: u8) -> Lanes {
            self.map(|x| if x == b { 0xff } else { 0 })
        }

        /// Where the lane is `b` or below, unsigned.
        pub(crate) fn at_most(self, b: u8) -> Lanes {
            self.map(|x| if x <= b { 0xff } else { 0 })
        }

        /// Where the lane, read as a signed byte, is above `b`.
        pub(crate) fn above_signed(self, b: u8) -> Lanes {
            self.map(|x| if (x as i8) > (b as i8) { 0xff } else { 0 })
        }

        /// Each lane less `b`, wrapping.
        pub(crate) fn minus(self, b: u8) -> Lanes {
            self.map(|x| x.wrapping_sub(b))
        }

        /// Both.
        pub(crate) fn and(self, other: Lanes) -> Lanes {
            self.zip(other, |a, b| a & b)
        }

        /// Either.
        pub(crate) fn or(self, other: Lanes) -> Lanes {
            self.zip(other, |a, b| a | b)
        }

        /// These and not `other`.
        pub(crate) fn and_not(self, other: Lanes) -> Lanes {
            self.zip(other, |a, b| a & !b)
        }

        /// The high bit of each lane, lane 0 the lowest bit.
        pub(crate) fn bits(self) -> u16 {
            self.0
                .iter()
                .enumerate()
                .fold(0, |m, (k, x)| m | (u16::from(x >> 7) << k))
        }

        shared!();
    }
}

/// Where the lane is an ASCII digit: a digit less `0` is 9 or below, unsigned (what the word
/// count trims words to, and what the date search looks for years by).
#[inline(always)]
pub(crate) fn ascii_digits(x: Lanes) -> Lanes {
    x.minus(b'0').at_most(9)
}

/// A test on each of the first 64 bytes of `bytes` as the bits of a `u64`, lowest byte first,
/// sixteen bytes at a time: the word count and the language guess read text 64 bytes to a
/// mask. A byte of a block of sixteen that `bytes` does not hold whole has its bit clear.
#[inline(always)]
pub(crate) fn mask64(bytes: &[u8], test: impl Fn(Lanes) -> Lanes) -> u64 {
    (0..4).fold(0, |mask, k| {
        let bits = bytes
            .get(16 * k..)
            .and_then(Lanes::load)
            .map_or(0, |x| test(x).bits());
        mask | u64::from(bits) << (16 * k)
    })
}

#[cfg(test)]
mod tests {
    /// Each operation of `$lanes` on `$bytes` and `$b`, lane by lane, as plain Rust has it.
    macro_rules! check {
        ($lanes:ty, $bytes:expr, $b:expr) => {{
            let (bytes, b): (&[u8], u8) = ($bytes, $b);
            let x = <$lanes>::load(bytes).expect("sixteen bytes");
            let bits = |f: &dyn Fn(u8) -> bool| {
                bytes
                    .iter()
                    .take(16)
                    .enumerate()
                    .fold(0u16, |m, (k, &v)| m | (u16::from(f(v)) << k))
            };
            proptest::prop_assert_eq!(x.bits(), bits(&|v| v >= 0x80));
            proptest::prop_assert_eq!(x.eq(b).bits(), bits(&|v| v == b));
            proptest::prop_assert_eq!(x.at_most(b).bits(), bits(&|v| v <= b));
            proptest::prop_assert_eq!(x.above_signed(b).bits(), bits(&|v| (v as i8) > (b as i8)));
            proptest::prop_assert_eq!(x.minus(b).bits(), bits(&|v| v.wrapping_sub(b) >= 0x80));
            let (p, q) = (x.eq(b), x.at_most(0x20));
            proptest::prop_assert_eq!(p.and(q).bits(), p.bits() & q.bits());
            proptest::prop_assert_eq!(p.or(q).bits(), p.bits() | q.bits());
            proptest::prop_assert_eq!(p.and_not(q).bits(), p.bits() & !q.bits());
            proptest::prop_assert_eq!(p.or(q).any(), (p.bits() | q.bits()) != 0);
            proptest::prop_assert!(!<$lanes>::none().any());
            proptest::prop_assert_eq!(<$lanes>::splat(b).eq(b).bits(), u16::MAX);
            let mut longer = bytes.to_vec();
            longer.push(b);
            let (here, next) = <$lanes>::pair_at(&longer, 0).expect("seventeen bytes");
            proptest::prop_assert_eq!(here.bits(), x.bits());
            proptest::prop_assert_eq!(next.eq(b).bits() >> 15, 1);
        }};
    }

    proptest::proptest! {
        #[test]
        fn lanes_are_bytes_compared_one_by_one(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(&b"\0\x1f\x20\x21az\x7e\x7f\x80\xc2\xff"[..]),
                ],
                16,
            ),
            b in proptest::prop_oneof![0u8..=255, proptest::sample::select(&b"\0\x20\x7f\x80\xff"[..])],
        ) {
            check!(super::Lanes, &bytes, b);
            // The portable version too, where the processor runs SSE2.
            check!(super::portable::Lanes, &bytes, b);
        }
    }

    #[test]
    fn fewer_than_sixteen_bytes_are_no_lanes() {
        use super::Lanes;
        assert!(Lanes::load(&[0; 15]).is_none());
        assert!(Lanes::load(&[0; 16]).is_some());
        let bytes: Vec<u8> = (0..40).collect();
        let (here, next) = Lanes::pair_at(&bytes, 23).expect("seventeen bytes");
        assert_eq!((here.eq(23).bits(), next.eq(24).bits()), (1, 1));
        assert!(Lanes::pair_at(&bytes, 24).is_none());
        assert!(Lanes::pair_at(&bytes, usize::MAX).is_none());
    }
}
