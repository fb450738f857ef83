//! Which of Agave's behaviour changes the runtime applies.
//!
//! Each field is one rule that changed over Agave's history, named after the
//! change that introduced it. [`FeatureSet::default`] is Agave 4.3 on
//! mainnet (every rule on), so a transaction costs, logs and fails here as
//! it does there; turning rules off reproduces an older cluster.
//! [`FeatureSet::documented`] is the rule set of the original compute-budget
//! documentation: compute-budget instructions are free and every instruction
//! gets 200,000 compute units by default.

use lamport_sdk::sysvar::rent::Rent;

/// Compute units a compute-budget instruction consumes when
/// [`FeatureSet::compute_budget_instruction_cost`] is on.
pub const COMPUTE_BUDGET_INSTRUCTION_UNITS: u64 = 150;
/// Default compute-unit limit of a builtin-program instruction under SIMD-0170.
pub const MAX_BUILTIN_ALLOCATION_COMPUTE_UNIT_LIMIT: u32 = 3_000;
/// Bytes every loaded account adds to the loaded-accounts data size under SIMD-0186.
pub const TRANSACTION_ACCOUNT_BASE_SIZE: usize = 64;
/// Lamports per byte of the Rent sysvar under SIMD-0194 (threshold 1.0).
pub const LAMPORTS_PER_BYTE: u64 = 6_960;
/// Lamports per byte-year of the Rent sysvar before SIMD-0194 (threshold 2.0).
pub const LEGACY_LAMPORTS_PER_BYTE_YEAR: u64 = 3_480;

/// The behaviour rules a [`Runtime`](crate::Runtime) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    /// SIMD-0194 (`deprecate_rent_exemption_threshold`): the Rent sysvar
    /// holds 6,960 lamports per byte and threshold 1.0 instead of 3,480 per
    /// byte-year and threshold 2.0. Minimum balances are the same either way;
    /// programs that read the sysvar see different fields (and may spend
    /// different compute units on them).
    pub deprecate_rent_exemption_threshold: bool,
    /// SIMD-0170 (`reserve_minimal_cus_for_builtin_instructions`): without
    /// `SetComputeUnitLimit`, each builtin-program instruction (system,
    /// compute budget) adds 3,000 compute units to the transaction's limit
    /// and each program instruction 200,000; otherwise every instruction
    /// except compute-budget ones adds 200,000.
    pub reserve_minimal_cus_for_builtin_instructions: bool,
    /// SIMD-0186 (`formalize_loaded_transaction_data_size`): every loaded
    /// account counts 64 bytes plus its data towards the loaded-accounts
    /// data size limit; otherwise only its data counts.
    pub formalize_loaded_transaction_data_size: bool,
    /// SIMD-0392 (`relax_post_exec_min_balance_check`): an existing account
    /// below the rent-exempt minimum is grandfathered as exempt, and may stay
    /// below it after the transaction only with the same owner, no growth
    /// and no fewer lamports. A rent-paying fee payer therefore cannot pay a
    /// fee. Otherwise the older rule: a rent-paying account may stay
    /// rent-paying with the same size and no more lamports.
    pub relax_post_exec_min_balance_check: bool,
    /// Compute-budget instructions consume 150 compute units each, like
    /// every builtin instruction in Agave; otherwise they are free.
    pub compute_budget_instruction_cost: bool,
    /// `remaining_compute_units_syscall_enabled`: programs may call
    /// `sol_remaining_compute_units`. Not active on mainnet: there a program
    /// that calls it fails with "unsupported BPF instruction".
    pub remaining_compute_units_syscall_enabled: bool,
}

impl Default for FeatureSet {
    /// Agave 4.3 on mainnet: every rule on.
    fn default() -> Self {
        Self::agave()
    }
}

impl FeatureSet {
    /// Agave 4.3 on mainnet: every rule on.
    pub const fn agave() -> Self {
        Self {
            deprecate_rent_exemption_threshold: true,
            reserve_minimal_cus_for_builtin_instructions: true,
            formalize_loaded_transaction_data_size: true,
            relax_post_exec_min_balance_check: true,
            compute_budget_instruction_cost: true,
            remaining_compute_units_syscall_enabled: false,
        }
    }

    /// The compute-budget rules as first documented: compute-budget
    /// instructions are free and every other instruction adds 200,000
    /// compute units to the default limit. The other rules stay Agave's.
    pub const fn documented() -> Self {
        Self {
            reserve_minimal_cus_for_builtin_instructions: false,
            compute_budget_instruction_cost: false,
            ..Self::agave()
        }
    }

    /// Every rule off: the behaviour of a cluster before all of these
    /// changes (and without the syscalls mainnet has not enabled).
    pub const fn legacy() -> Self {
        Self {
            deprecate_rent_exemption_threshold: false,
            reserve_minimal_cus_for_builtin_instructions: false,
            formalize_loaded_transaction_data_size: false,
            relax_post_exec_min_balance_check: false,
            compute_budget_instruction_cost: false,
            remaining_compute_units_syscall_enabled: false,
        }
    }

    /// The Rent sysvar these rules give (both forms have the same minimum balances).
    pub fn rent(&self) -> Rent {
        if self.deprecate_rent_exemption_threshold {
            Rent { lamports_per_byte_year: LAMPORTS_PER_BYTE, exemption_threshold: 1.0, ..Rent::default() }
        } else {
            Rent { lamports_per_byte_year: LEGACY_LAMPORTS_PER_BYTE_YEAR, exemption_threshold: 2.0, ..Rent::default() }
        }
    }

    /// Compute units one compute-budget instruction consumes.
    pub fn compute_budget_instruction_units(&self) -> u64 {
        if self.compute_budget_instruction_cost {
            COMPUTE_BUDGET_INSTRUCTION_UNITS
        } else {
            0
        }
    }

    /// Whether programs may call the syscall `name`: false only for a
    /// syscall whose feature this set leaves off (a program importing it
    /// loads, and fails when it calls it, as on such a cluster).
    pub fn syscall_enabled(&self, name: &[u8]) -> bool {
        match name {
            b"sol_remaining_compute_units" => self.remaining_compute_units_syscall_enabled,
            _ => true,
        }
    }

    /// Bytes a loaded account of `data_len` bytes adds to the loaded-accounts data size.
    pub fn loaded_size(&self, data_len: usize) -> usize {
        if self.formalize_loaded_transaction_data_size {
            TRANSACTION_ACCOUNT_BASE_SIZE.saturating_add(data_len)
        } else {
            data_len
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_rent_forms_give_the_same_minimum_balances() {
        let new = FeatureSet::agave().rent();
        let old = FeatureSet::legacy().rent();
        assert_eq!((new.lamports_per_byte_year, new.exemption_threshold), (6_960, 1.0));
        assert_eq!((old.lamports_per_byte_year, old.exemption_threshold), (3_480, 2.0));
        for len in [0usize, 82, 165, 10_240] {
            assert_eq!(new.minimum_balance(len), old.minimum_balance(len), "{len}");
        }
        assert_eq!(new.minimum_balance(0), 890_880);
    }

    #[test]
    fn documented_rules_make_compute_budget_instructions_free() {
        assert_eq!(FeatureSet::documented().compute_budget_instruction_units(), 0);
        assert_eq!(FeatureSet::default().compute_budget_instruction_units(), 150);
        assert_eq!(FeatureSet::default().loaded_size(10), 74);
        assert_eq!(FeatureSet::legacy().loaded_size(10), 10);
    }
}
