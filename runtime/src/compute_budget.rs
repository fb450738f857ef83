//! Compute budget: the cost table that meters programs, and the parsing of a
//! transaction's compute-budget instructions into its limits.
//!
//! The cost numbers are Agave's (`ComputeBudget` / `SVMTransactionExecutionCost`
//! in current Agave). How compute-budget instructions are charged and what
//! the default limit is depend on the [`FeatureSet`].

use crate::{
    error::{InstructionError, TransactionError},
    feature_set::{FeatureSet, MAX_BUILTIN_ALLOCATION_COMPUTE_UNIT_LIMIT},
    ids,
};
use lamport_sdk::pubkey::Pubkey;

/// Program id of the compute-budget program, `ComputeBudget111111111111111111111111111111` (the SDK's id).
pub const COMPUTE_BUDGET_PROGRAM_ID: Pubkey = lamport_sdk::compute_budget::ID;

/// Default compute-unit limit per instruction when none is requested.
pub const DEFAULT_INSTRUCTION_COMPUTE_UNIT_LIMIT: u32 = 200_000;
/// Largest compute-unit limit a transaction may have.
pub const MAX_COMPUTE_UNIT_LIMIT: u32 = 1_400_000;
/// Default heap size of a program invocation, in bytes.
pub const DEFAULT_HEAP_SIZE: u32 = 32 * 1024;
/// Largest heap a transaction may request, in bytes.
pub const MAX_HEAP_FRAME_BYTES: u32 = 256 * 1024;
/// Default and largest limit on the data size of a transaction's loaded accounts.
pub const MAX_LOADED_ACCOUNTS_DATA_SIZE_BYTES: u32 = 64 * 1024 * 1024;

/// Instruction tags of the compute-budget program (borsh enum discriminants).
mod tag {
    pub const REQUEST_HEAP_FRAME: u8 = 1;
    pub const SET_COMPUTE_UNIT_LIMIT: u8 = 2;
    pub const SET_COMPUTE_UNIT_PRICE: u8 = 3;
    pub const SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT: u8 = 4;
}

/// What each metered operation costs, and the VM limits that go with it.
///
/// [`ComputeBudget::default`] is Agave's table; a test may change single
/// entries to exercise limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputeBudget {
    /// Maximum depth of cross-program invocation, counting the top-level instruction as 1.
    pub max_invoke_stack_height: usize,
    /// Maximum number of instructions (top-level and CPI) in one transaction.
    pub max_instruction_trace_length: usize,
    /// Base cost of a syscall (`sol_log_` minimum, sysvar, return-data and others).
    pub syscall_base_cost: u64,
    /// Cost of `sol_log_64_`.
    pub log_64_units: u64,
    /// Cost of `sol_log_pubkey`.
    pub log_pubkey_units: u64,
    /// Cost of `sol_create_program_address` and of each `sol_try_find_program_address` attempt.
    pub create_program_address_units: u64,
    /// Base cost of a cross-program invocation.
    pub invoke_units: u64,
    /// Bytes per compute unit charged by CPI and return data.
    pub cpi_bytes_per_unit: u64,
    /// Base cost of `sol_sha256` / `sol_keccak256`.
    pub sha256_base_cost: u64,
    /// Cost per two hashed bytes.
    pub sha256_byte_cost: u64,
    /// Maximum number of slices one hashing syscall accepts.
    pub sha256_max_slices: u64,
    /// Base cost of reading a sysvar through a syscall.
    pub sysvar_base_cost: u64,
    /// Minimum cost of a memory syscall.
    pub mem_op_base_cost: u64,
    /// Cost per 32 KiB of heap beyond the first.
    pub heap_cost: u64,
    /// Maximum BPF-to-BPF call depth.
    pub max_call_depth: usize,
    /// Size of one BPF stack frame in bytes.
    pub stack_frame_size: usize,
}

impl Default for ComputeBudget {
    fn default() -> Self {
        Self {
            max_invoke_stack_height: 5,
            max_instruction_trace_length: 64,
            syscall_base_cost: 100,
            log_64_units: 100,
            log_pubkey_units: 100,
            create_program_address_units: 1500,
            invoke_units: 946,
            cpi_bytes_per_unit: 250,
            sha256_base_cost: 85,
            sha256_byte_cost: 1,
            sha256_max_slices: 20_000,
            sysvar_base_cost: 100,
            mem_op_base_cost: 10,
            heap_cost: 8,
            max_call_depth: 64,
            stack_frame_size: 4096,
        }
    }
}

impl ComputeBudget {
    /// Compute units charged before a program runs for a heap of `heap_size` bytes:
    /// `heap_cost` for every 32 KiB page after the first.
    pub fn heap_cost_for(&self, heap_size: u32) -> u64 {
        let pages = u64::from(heap_size).div_ceil(u64::from(DEFAULT_HEAP_SIZE));
        pages.saturating_sub(1).saturating_mul(self.heap_cost)
    }
}

/// The limits a transaction asked for (or got by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComputeBudgetLimits {
    /// Compute units the whole transaction may consume.
    pub compute_unit_limit: u32,
    /// Price in micro-lamports per compute unit.
    pub compute_unit_price: u64,
    /// Heap size of every program invocation, in bytes.
    pub heap_size: u32,
    /// Limit on the total data size of loaded accounts, in bytes.
    pub loaded_accounts_data_size_limit: u32,
}

impl ComputeBudgetLimits {
    /// The prioritization fee in lamports: `ceil(price × limit / 1_000_000)`,
    /// saturating at `u64::MAX`.
    pub fn prioritization_fee(&self) -> u64 {
        const MICRO_LAMPORTS_PER_LAMPORT: u128 = 1_000_000;
        let micro = u128::from(self.compute_unit_price)
            .saturating_mul(u128::from(self.compute_unit_limit));
        let fee = micro.div_ceil(MICRO_LAMPORTS_PER_LAMPORT);
        u64::try_from(fee).unwrap_or(u64::MAX)
    }
}

/// Whether `program_id` is a builtin program (executed natively, not in the VM).
pub fn is_builtin(program_id: &Pubkey) -> bool {
    *program_id == ids::SYSTEM_PROGRAM_ID
        || *program_id == COMPUTE_BUDGET_PROGRAM_ID
        || *program_id == ids::BPF_LOADER_UPGRADEABLE_ID
}

/// Whether an instruction of `program_id` reserves
/// [`MAX_BUILTIN_ALLOCATION_COMPUTE_UNIT_LIMIT`] rather than
/// [`DEFAULT_INSTRUCTION_COMPUTE_UNIT_LIMIT`] in the default limit: the
/// builtins, and the Ed25519 and secp256k1 precompiles, which Agave 4.3's
/// builtin cost table lists (secp256r1 is not in it, so it reserves what a
/// program does).
fn reserves_builtin_units(program_id: &Pubkey) -> bool {
    is_builtin(program_id)
        || *program_id == lamport_sdk::precompiles::ed25519::ID
        || *program_id == lamport_sdk::precompiles::secp256k1::ID
}

/// Reads the compute-budget instructions of a transaction.
///
/// `instructions` yields `(program_id, data)` for each top-level instruction
/// in message order. Errors carry the index of the offending instruction.
/// Without `SetComputeUnitLimit` the limit is the sum of each instruction's
/// default (see [`FeatureSet::reserve_minimal_cus_for_builtin_instructions`]),
/// at most [`MAX_COMPUTE_UNIT_LIMIT`].
pub fn parse_limits<'a>(
    instructions: impl Iterator<Item = (&'a Pubkey, &'a [u8])>,
    features: &FeatureSet,
) -> Result<ComputeBudgetLimits, TransactionError> {
    let mut limit: Option<u32> = None;
    let mut price: Option<u64> = None;
    let mut heap: Option<(u8, u32)> = None;
    let mut loaded: Option<u32> = None;
    let mut default_limit: u32 = 0;
    for (index, (program_id, data)) in instructions.enumerate() {
        let index = u8::try_from(index).unwrap_or(u8::MAX);
        let instruction_default = if features.reserve_minimal_cus_for_builtin_instructions {
            if reserves_builtin_units(program_id) {
                MAX_BUILTIN_ALLOCATION_COMPUTE_UNIT_LIMIT
            } else {
                DEFAULT_INSTRUCTION_COMPUTE_UNIT_LIMIT
            }
        } else if *program_id == COMPUTE_BUDGET_PROGRAM_ID {
            0
        } else {
            DEFAULT_INSTRUCTION_COMPUTE_UNIT_LIMIT
        };
        default_limit = default_limit.saturating_add(instruction_default);
        if *program_id != COMPUTE_BUDGET_PROGRAM_ID {
            continue;
        }
        let invalid = TransactionError::InstructionError(index, InstructionError::InvalidInstructionData);
        let duplicate = TransactionError::DuplicateInstruction(index);
        let (&tag, payload) = data.split_first().ok_or_else(|| invalid.clone())?;
        match tag {
            tag::REQUEST_HEAP_FRAME => {
                let bytes = read_u32(payload).ok_or_else(|| invalid.clone())?;
                if heap.replace((index, bytes)).is_some() {
                    return Err(duplicate);
                }
            }
            tag::SET_COMPUTE_UNIT_LIMIT => {
                let units = read_u32(payload).ok_or_else(|| invalid.clone())?;
                if limit.replace(units).is_some() {
                    return Err(duplicate);
                }
            }
            tag::SET_COMPUTE_UNIT_PRICE => {
                let micro_lamports = read_u64(payload).ok_or_else(|| invalid.clone())?;
                if price.replace(micro_lamports).is_some() {
                    return Err(duplicate);
                }
            }
            tag::SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT => {
                let bytes = read_u32(payload).ok_or_else(|| invalid.clone())?;
                if loaded.replace(bytes).is_some() {
                    return Err(duplicate);
                }
            }
            _ => return Err(invalid),
        }
    }
    let heap_size = match heap {
        Some((index, bytes)) => {
            if !(DEFAULT_HEAP_SIZE..=MAX_HEAP_FRAME_BYTES).contains(&bytes) || bytes % 1024 != 0 {
                return Err(TransactionError::InstructionError(
                    index,
                    InstructionError::InvalidInstructionData,
                ));
            }
            bytes
        }
        None => DEFAULT_HEAP_SIZE,
    };
    let loaded_accounts_data_size_limit = match loaded {
        Some(0) => return Err(TransactionError::InvalidLoadedAccountsDataSizeLimit),
        Some(bytes) => bytes.min(MAX_LOADED_ACCOUNTS_DATA_SIZE_BYTES),
        None => MAX_LOADED_ACCOUNTS_DATA_SIZE_BYTES,
    };
    let compute_unit_limit = limit.unwrap_or(default_limit).min(MAX_COMPUTE_UNIT_LIMIT);
    Ok(ComputeBudgetLimits {
        compute_unit_limit,
        compute_unit_price: price.unwrap_or(0),
        heap_size,
        loaded_accounts_data_size_limit,
    })
}

fn read_u32(payload: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(payload.get(..4)?.try_into().ok()?))
}

fn read_u64(payload: &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(payload.get(..8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_budget_id_is_the_well_known_address() {
        assert_eq!(
            bs58::encode(COMPUTE_BUDGET_PROGRAM_ID.as_ref()).into_string(),
            "ComputeBudget111111111111111111111111111111"
        );
    }

    fn limit_of(programs: &[Pubkey], features: &FeatureSet) -> u32 {
        let price = [3u8, 1, 0, 0, 0, 0, 0, 0, 0];
        let instructions = programs.iter().map(|program| {
            let data: &[u8] = if *program == COMPUTE_BUDGET_PROGRAM_ID { &price } else { &[] };
            (program, data)
        });
        parse_limits(instructions, features).unwrap().compute_unit_limit
    }

    #[test]
    fn default_limit_follows_the_feature_set() {
        let program = Pubkey::new_from_array([9; 32]);
        let system = ids::SYSTEM_PROGRAM_ID;
        let budget = COMPUTE_BUDGET_PROGRAM_ID;
        let agave = FeatureSet::default();
        let documented = FeatureSet::documented();
        // Agave: 3,000 per builtin instruction (compute budget included), 200,000 per program instruction.
        assert_eq!(limit_of(&[system], &agave), 3_000);
        assert_eq!(limit_of(&[budget, program], &agave), 203_000);
        assert_eq!(limit_of(&[budget, system, program, program], &agave), 406_000);
        // The Ed25519 and secp256k1 precompiles reserve a builtin's units, secp256r1 a program's.
        let [secp256k1, ed25519, secp256r1] = crate::precompiles::PRECOMPILE_IDS;
        assert_eq!(limit_of(&[ed25519, secp256k1, program], &agave), 206_000);
        assert_eq!(limit_of(&[secp256r1, program], &agave), 400_000);
        // Documented: 200,000 per instruction, compute-budget instructions not counted.
        assert_eq!(limit_of(&[system], &documented), 200_000);
        assert_eq!(limit_of(&[budget, program], &documented), 200_000);
        assert_eq!(limit_of(&[program; 8], &documented), MAX_COMPUTE_UNIT_LIMIT);
    }

    #[test]
    fn heap_cost_is_charged_per_extra_page() {
        let budget = ComputeBudget::default();
        assert_eq!(budget.heap_cost_for(32 * 1024), 0);
        assert_eq!(budget.heap_cost_for(33 * 1024), 8);
        assert_eq!(budget.heap_cost_for(256 * 1024), 56);
    }

    #[test]
    fn prioritization_fee_rounds_up() {
        let limits = ComputeBudgetLimits {
            compute_unit_limit: 200_000,
            compute_unit_price: 1,
            heap_size: DEFAULT_HEAP_SIZE,
            loaded_accounts_data_size_limit: MAX_LOADED_ACCOUNTS_DATA_SIZE_BYTES,
        };
        assert_eq!(limits.prioritization_fee(), 1);
        let limits = ComputeBudgetLimits { compute_unit_price: 5_000_001, ..limits };
        assert_eq!(limits.prioritization_fee(), 1_000_001);
    }
}
