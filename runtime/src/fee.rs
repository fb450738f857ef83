//! Transaction fees: 5,000 lamports per signature — the transaction's and
//! each one its precompile instructions verify — plus the prioritization
//! fee `ceil(price × limit / 1_000_000)`. The fee is charged whether the
//! transaction succeeds or fails.

use crate::compute_budget::ComputeBudgetLimits;

/// Lamports charged per signature.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

/// The fee of a transaction with `signatures` signatures and these limits.
pub fn calculate(signatures: usize, limits: &ComputeBudgetLimits) -> u64 {
    LAMPORTS_PER_SIGNATURE
        .saturating_mul(signatures as u64)
        .saturating_add(limits.prioritization_fee())
}
