//! The Rent sysvar and the rent-exemption minimum.
//!
//! Rent is no longer collected, but every account the runtime leaves
//! writable must hold at least [`Rent::minimum_balance`] lamports for its
//! size, or be empty.

use crate::{program_error::ProgramError, pubkey, pubkey::Pubkey};

/// Address of the Rent sysvar, `SysvarRent111111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarRent111111111111111111111111111111111");

/// Bytes charged for every account on top of its data.
pub const ACCOUNT_STORAGE_OVERHEAD: u64 = 128;
/// Default lamports per byte-year.
pub const DEFAULT_LAMPORTS_PER_BYTE_YEAR: u64 = 3480;
/// Default years of rent an account must hold to be exempt.
pub const DEFAULT_EXEMPTION_THRESHOLD: f64 = 2.0;
/// Default percentage of collected rent that is burned.
pub const DEFAULT_BURN_PERCENT: u8 = 50;
/// Size of [`Rent`] in memory (with padding): 24 bytes.
pub const RENT_LEN: usize = 24;
/// Size of the Rent account's data (no padding): 17 bytes.
pub const RENT_ACCOUNT_LEN: usize = 17;

/// The Rent sysvar, `repr(C)`: `u64`, `f64`, `u8` and 7 bytes of padding.
///
/// The threshold is an `f64` because that is the sysvar's layout; this type
/// never does floating-point arithmetic (SBPF v1 has none), see
/// [`minimum_balance`](Self::minimum_balance).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rent {
    /// Rental rate in lamports per byte-year.
    pub lamports_per_byte_year: u64,
    /// Years of rent an account must hold to be exempt.
    pub exemption_threshold: f64,
    /// Percentage of collected rent that is burned.
    pub burn_percent: u8,
}

impl Default for Rent {
    fn default() -> Self {
        Self {
            lamports_per_byte_year: DEFAULT_LAMPORTS_PER_BYTE_YEAR,
            exemption_threshold: DEFAULT_EXEMPTION_THRESHOLD,
            burn_percent: DEFAULT_BURN_PERCENT,
        }
    }
}

/// `a * b` as a 128-bit value `(high, low)`, computed with 64-bit
/// operations only (no `__multi3` on SBPF).
const fn widening_mul(a: u64, b: u64) -> (u64, u64) {
    let (a_hi, a_lo) = (a >> 32, a & 0xFFFF_FFFF);
    let (b_hi, b_lo) = (b >> 32, b & 0xFFFF_FFFF);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let cross = (lo_lo >> 32) + (hi_lo & 0xFFFF_FFFF) + (lo_hi & 0xFFFF_FFFF);
    let low = (lo_lo & 0xFFFF_FFFF) | (cross << 32);
    let high = hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (cross >> 32);
    (high, low)
}

impl Rent {
    /// The current rent parameters, through the `sol_get_rent_sysvar`
    /// syscall (124 compute units).
    pub fn get() -> Result<Self, ProgramError> {
        let mut rent = Self::default();
        // SAFETY: `rent` is a valid, aligned `repr(C)` Rent of RENT_LEN bytes,
        // which is what the syscall writes (padding included).
        let rc = unsafe { crate::syscalls::sol_get_rent_sysvar((&mut rent as *mut Self).cast()) };
        match rc {
            0 => Ok(rent),
            _ => Err(ProgramError::UnsupportedSysvar),
        }
    }

    /// Lamports an account of `data_len` bytes needs to be rent-exempt:
    /// `(128 + data_len) × lamports_per_byte_year × exemption_threshold`,
    /// rounded down.
    ///
    /// Computed in integers: the threshold's `f64` bits are split into an
    /// integer mantissa and a power of two, so no floating-point operation
    /// is emitted. With the default parameters this is
    /// `(128 + data_len) × 6960`.
    ///
    /// ```
    /// use lamport_sdk::sysvar::rent::Rent;
    ///
    /// assert_eq!(Rent::default().minimum_balance(0), 890_880);
    /// assert_eq!(Rent::default().minimum_balance(165), 2_039_280);
    /// ```
    pub fn minimum_balance(&self, data_len: usize) -> u64 {
        let bytes = ACCOUNT_STORAGE_OVERHEAD.saturating_add(data_len as u64);
        let base = bytes.saturating_mul(self.lamports_per_byte_year);
        // The thresholds in use (2 before SIMD-0194, 1 after) scale exactly.
        let bits = self.exemption_threshold.to_bits();
        if bits == 1.0f64.to_bits() {
            return base;
        }
        if bits == DEFAULT_EXEMPTION_THRESHOLD.to_bits() {
            return base.saturating_mul(2);
        }
        scale_by_f64_bits(base, bits)
    }

    /// Whether `lamports` make an account of `data_len` bytes rent-exempt.
    pub fn is_exempt(&self, lamports: u64, data_len: usize) -> bool {
        lamports >= self.minimum_balance(data_len)
    }

    /// The account-data form (17 bytes: no padding).
    pub fn to_bytes(&self) -> [u8; RENT_ACCOUNT_LEN] {
        let mut out = [0u8; RENT_ACCOUNT_LEN];
        out[..8].copy_from_slice(&self.lamports_per_byte_year.to_le_bytes());
        out[8..16].copy_from_slice(&self.exemption_threshold.to_bits().to_le_bytes());
        out[16] = self.burn_percent;
        out
    }

    /// The in-memory `repr(C)` form `sol_get_rent_sysvar` writes (24 bytes,
    /// the 7 padding bytes zero).
    pub fn to_syscall_bytes(&self) -> [u8; RENT_LEN] {
        let mut out = [0u8; RENT_LEN];
        out[..RENT_ACCOUNT_LEN].copy_from_slice(&self.to_bytes());
        out
    }

    /// Reads the account-data form; `None` if shorter than 17 bytes.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let data = data.get(..RENT_ACCOUNT_LEN)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(&data[..8]);
        let lamports_per_byte_year = u64::from_le_bytes(word);
        word.copy_from_slice(&data[8..16]);
        Some(Self {
            lamports_per_byte_year,
            exemption_threshold: f64::from_bits(u64::from_le_bytes(word)),
            burn_percent: data[16],
        })
    }
}

impl super::Sysvar for Rent {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> alloc::vec::Vec<u8> {
        self.to_bytes().to_vec()
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        Self::from_bytes(data)
    }
}

/// `floor(value × x)` where `x` is the non-negative `f64` with bit pattern
/// `bits`; saturates at `u64::MAX`. Negative, NaN and subnormal factors
/// give 0, infinity saturates.
fn scale_by_f64_bits(value: u64, bits: u64) -> u64 {
    let negative = bits >> 63 != 0;
    let exponent = ((bits >> 52) & 0x7FF) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if negative || exponent == 0 {
        return 0;
    }
    if exponent == 0x7FF {
        return if fraction == 0 { u64::MAX } else { 0 };
    }
    // x = mantissa × 2^shift, mantissa < 2^53.
    let mantissa = fraction | (1 << 52);
    let shift = exponent - 1075;
    let (high, low) = widening_mul(value, mantissa);
    if shift >= 0 {
        checked_shift_left(high, low, shift as u32)
    } else {
        let right = (-shift) as u32;
        if right >= 128 {
            return 0;
        }
        let (high, low) = if right >= 64 {
            (0, high >> (right - 64))
        } else if right == 0 {
            (high, low)
        } else {
            (high >> right, (low >> right) | (high << (64 - right)))
        };
        if high != 0 {
            u64::MAX
        } else {
            low
        }
    }
}

fn checked_shift_left(high: u64, low: u64, shift: u32) -> u64 {
    if high != 0 || shift >= 64 {
        return if high == 0 && low == 0 { 0 } else { u64::MAX };
    }
    if shift == 0 {
        return low;
    }
    if low >> (64 - shift) != 0 {
        u64::MAX
    } else {
        low << shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        assert_eq!(core::mem::size_of::<Rent>(), RENT_LEN);
        assert_eq!(core::mem::offset_of!(Rent, exemption_threshold), 8);
        assert_eq!(core::mem::offset_of!(Rent, burn_percent), 16);
        let rent = Rent::default();
        let bytes = rent.to_bytes();
        assert_eq!(bytes[..8], 3480u64.to_le_bytes());
        assert_eq!(bytes[8..16], 2.0f64.to_bits().to_le_bytes());
        assert_eq!(bytes[16], 50);
        assert_eq!(Rent::from_bytes(&bytes), Some(rent));
        assert_eq!(rent.to_syscall_bytes()[..RENT_ACCOUNT_LEN], bytes);
        assert_eq!(rent.to_syscall_bytes()[RENT_ACCOUNT_LEN..], [0; 7]);
    }

    #[test]
    fn default_minimum_balance() {
        let rent = Rent::default();
        for len in [0usize, 1, 10, 165, 10_240, 10 * 1024 * 1024] {
            assert_eq!(rent.minimum_balance(len), (128 + len as u64) * 3480 * 2);
        }
        assert!(rent.is_exempt(890_880, 0));
        assert!(!rent.is_exempt(890_879, 0));
    }

    #[test]
    fn other_thresholds_agree_with_float_math() {
        for threshold in [1.0f64, 0.5, 2.5, 1.1, 3.0, 0.0, 100.25] {
            let rent = Rent {
                lamports_per_byte_year: 3480,
                exemption_threshold: threshold,
                burn_percent: 50,
            };
            for len in [0usize, 7, 165, 1000] {
                let base = (128 + len as u64) * 3480;
                let float = (base as f64 * threshold) as u64;
                assert_eq!(rent.minimum_balance(len), float, "{threshold} {len}");
            }
        }
        let infinite = Rent {
            exemption_threshold: f64::INFINITY,
            ..Rent::default()
        };
        assert_eq!(infinite.minimum_balance(0), u64::MAX);
    }

    #[test]
    fn widening_mul_is_exact() {
        for (a, b) in [(u64::MAX, u64::MAX), (1 << 40, 1 << 40), (12345, 67890), (0, 5)] {
            let wide = a as u128 * b as u128;
            assert_eq!(widening_mul(a, b), ((wide >> 64) as u64, wide as u64));
        }
    }
}
