//! Cross-program invocation: `sol_invoke_signed_c` and `sol_invoke_signed_rust`.
//!
//! The caller's changes to the passed accounts are handed to the callee
//! (through the policy checks, with the caller as the acting program), the
//! callee runs on the same compute meter one level deeper, and its changes
//! are written back into the caller's input buffer and account infos.
//!
//! Cost: `invoke_units` + data/250 + 34·metas/250 + 80·infos/250 + Σ data_len/250
//! of the translated accounts (SIMD-0339).

use core::mem::{offset_of, size_of};

use lamport_sdk::cpi::abi::{SolAccountInfo, SolAccountMeta, SolInstruction};
use lamport_sdk::cpi::rust_abi;
use lamport_sdk::instruction::AccountMeta;
use lamport_sdk::pubkey::Pubkey;
use solana_sbpf::{memory_region::{AccessType, MemoryMapping}};

use super::{
    check_aligned, check_alignment, create_program_address, pda::MAX_SEEDS, read_bytes, read_pubkey,
    read_slice_descriptors, read_u64, to_vm, u64_at, write_aligned, write_bytes, SyscallError, SyscallResult,
};
use crate::{
    error::InstructionError,
    ids,
    invoke_context::{InstructionAccount, InvokeContext},
    serialization::MAX_PERMITTED_DATA_INCREASE,
};

/// Most signers of one invocation.
pub const MAX_SIGNERS: usize = 16;
/// Largest CPI instruction data.
pub const MAX_CPI_INSTRUCTION_DATA_LEN: u64 = 10 * 1024;
/// Most account metas of a CPI instruction.
pub const MAX_CPI_INSTRUCTION_ACCOUNTS: u64 = 255;
/// Most account infos of a CPI.
pub const MAX_CPI_ACCOUNT_INFOS: u64 = 255;
/// Bytes charged per account meta.
const ACCOUNT_META_COST_BYTES: u64 = 34;
/// Bytes charged per account info.
const ACCOUNT_INFO_COST_BYTES: u64 = 80;

/// Which ABI the program used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Abi {
    C,
    Rust,
}

struct Meta {
    pubkey: Pubkey,
    is_signer: bool,
    is_writable: bool,
}

struct CalleeInstruction {
    program_id: Pubkey,
    accounts: Vec<Meta>,
    data: Vec<u8>,
}

/// Where a caller's account lives in its VM memory.
struct CallerAccount {
    index_in_caller: usize,
    lamports_addr: u64,
    owner_addr: u64,
    data_addr: u64,
    ref_to_len_addr: u64,
    original_data_len: usize,
    serialized_len_addr: u64,
}

fn read_bool(byte: u8) -> Result<bool, SyscallError> {
    match byte {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(SyscallError::Instruction(InstructionError::InvalidArgument)),
    }
}

fn charge_bytes(ctx: &mut InvokeContext, bytes: u64) -> Result<(), SyscallError> {
    let per_unit = ctx.budget().cpi_bytes_per_unit;
    ctx.consume_checked(bytes.checked_div(per_unit).unwrap_or(u64::MAX))?;
    Ok(())
}

fn check_instruction_size(accounts_len: u64, data_len: u64) -> Result<(), SyscallError> {
    if data_len > MAX_CPI_INSTRUCTION_DATA_LEN {
        return Err(SyscallError::MaxInstructionDataLenExceeded { data_len, max_data_len: MAX_CPI_INSTRUCTION_DATA_LEN });
    }
    if accounts_len > MAX_CPI_INSTRUCTION_ACCOUNTS {
        return Err(SyscallError::MaxInstructionAccountsExceeded {
            num_accounts: accounts_len,
            max_accounts: MAX_CPI_INSTRUCTION_ACCOUNTS,
        });
    }
    Ok(())
}

fn translate_instruction(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    addr: u64,
    abi: Abi,
) -> Result<CalleeInstruction, SyscallError> {
    let aligned = check_aligned(ctx);
    let (program_id, metas_addr, metas_len, data_addr, data_len) = match abi {
        Abi::C => {
            let size = size_of::<SolInstruction>();
            check_alignment(memory_mapping, addr, size as u64, 8, aligned, AccessType::Load)?;
            let raw = read_bytes(memory_mapping, addr, size as u64)?;
            let program_id = read_pubkey(memory_mapping, u64_at(&raw, offset_of!(SolInstruction, program_id)))?;
            (
                program_id,
                u64_at(&raw, offset_of!(SolInstruction, accounts)),
                u64_at(&raw, offset_of!(SolInstruction, accounts_len)),
                u64_at(&raw, offset_of!(SolInstruction, data)),
                u64_at(&raw, offset_of!(SolInstruction, data_len)),
            )
        }
        Abi::Rust => {
            let size = rust_abi::INSTRUCTION_SIZE;
            check_alignment(memory_mapping, addr, size as u64, 8, aligned, AccessType::Load)?;
            let raw = read_bytes(memory_mapping, addr, size as u64)?;
            let mut id = [0u8; 32];
            id.copy_from_slice(&raw[rust_abi::INSTRUCTION_PROGRAM_ID]);
            (
                Pubkey::new_from_array(id),
                u64_at(&raw, rust_abi::INSTRUCTION_ACCOUNTS_PTR),
                u64_at(&raw, rust_abi::INSTRUCTION_ACCOUNTS_LEN),
                u64_at(&raw, rust_abi::INSTRUCTION_DATA_PTR),
                u64_at(&raw, rust_abi::INSTRUCTION_DATA_LEN),
            )
        }
    };
    check_instruction_size(metas_len, data_len)?;
    let mut accounts = Vec::with_capacity(metas_len as usize);
    match abi {
        Abi::C => {
            // As Agave's translate_slice: an empty array is not translated
            // (its pointer may dangle), a non-empty one must be aligned.
            let size = size_of::<SolAccountMeta>();
            if metas_len > 0 {
                check_alignment(memory_mapping, metas_addr, metas_len.saturating_mul(size as u64), 8, aligned, AccessType::Load)?;
            }
            let raw = read_bytes(memory_mapping, metas_addr, metas_len.saturating_mul(size as u64))?;
            for meta in raw.chunks_exact(size) {
                let pubkey = read_pubkey(memory_mapping, u64_at(meta, offset_of!(SolAccountMeta, pubkey)))?;
                accounts.push(Meta {
                    pubkey,
                    is_writable: read_bool(meta[offset_of!(SolAccountMeta, is_writable)])?,
                    is_signer: read_bool(meta[offset_of!(SolAccountMeta, is_signer)])?,
                });
            }
        }
        Abi::Rust => {
            let size = rust_abi::ACCOUNT_META_SIZE;
            let raw = read_bytes(memory_mapping, metas_addr, metas_len.saturating_mul(size as u64))?;
            for meta in raw.chunks_exact(size) {
                let mut key = [0u8; 32];
                key.copy_from_slice(&meta[rust_abi::ACCOUNT_META_PUBKEY]);
                accounts.push(Meta {
                    pubkey: Pubkey::new_from_array(key),
                    is_signer: read_bool(meta[offset_of!(AccountMeta, is_signer)])?,
                    is_writable: read_bool(meta[offset_of!(AccountMeta, is_writable)])?,
                });
            }
        }
    }
    let data = read_bytes(memory_mapping, data_addr, data_len)?;
    charge_bytes(ctx, data_len)?;
    charge_bytes(ctx, metas_len.saturating_mul(ACCOUNT_META_COST_BYTES))?;
    Ok(CalleeInstruction { program_id, accounts, data })
}

fn translate_signers(
    ctx: &InvokeContext,
    memory_mapping: &MemoryMapping,
    caller_program_id: &Pubkey,
    addr: u64,
    len: u64,
) -> Result<Vec<Pubkey>, SyscallError> {
    if len == 0 {
        return Ok(Vec::new());
    }
    let aligned = check_aligned(ctx);
    let signers = read_slice_descriptors(memory_mapping, addr, len, aligned)?;
    if signers.len() > MAX_SIGNERS {
        return Err(SyscallError::TooManySigners);
    }
    signers
        .into_iter()
        .map(|(seeds_addr, seeds_len)| {
            let descriptors = read_slice_descriptors(memory_mapping, seeds_addr, seeds_len, aligned)?;
            if descriptors.len() > MAX_SEEDS {
                return Err(SyscallError::BadSeeds(super::PdaError::MaxSeedLengthExceeded));
            }
            let seeds = descriptors
                .into_iter()
                .map(|(ptr, len)| read_bytes(memory_mapping, ptr, len))
                .collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
            create_program_address(&refs, caller_program_id).map_err(SyscallError::BadSeeds)
        })
        .collect()
}

/// Programs may not invoke the loaders, except the upgradeable loader's
/// `Upgrade`, `SetAuthority`, `Close` and `SetAuthorityChecked` (Agave
/// tells them by the first byte of the data).
fn check_authorized_program(program_id: &Pubkey, data: &[u8]) -> Result<(), SyscallError> {
    let upgradeable_allowed = *program_id == ids::BPF_LOADER_UPGRADEABLE_ID
        && data.first().is_some_and(|tag| matches!(tag, 3 | 4 | 5 | 7));
    if [ids::NATIVE_LOADER_ID, ids::BPF_LOADER_ID, ids::BPF_LOADER_DEPRECATED_ID, ids::BPF_LOADER_UPGRADEABLE_ID]
        .contains(program_id)
        && !upgradeable_allowed
        || crate::precompiles::is_precompile(program_id)
    {
        return Err(SyscallError::ProgramNotSupported(bs58::encode(program_id.as_ref()).into_string()));
    }
    Ok(())
}

/// Resolves the callee's accounts against the caller's and checks privileges.
fn prepare_instruction(
    ctx: &mut InvokeContext,
    instruction: &CalleeInstruction,
    signers: &[Pubkey],
) -> Result<(Vec<InstructionAccount>, Vec<usize>), InstructionError> {
    let caller = ctx.current_frame()?;
    let caller_accounts = caller.accounts.clone();
    let mut deduplicated: Vec<(InstructionAccount, usize)> = Vec::new();
    let mut positions = Vec::with_capacity(instruction.accounts.len());
    for meta in &instruction.accounts {
        let index_in_transaction = ctx.accounts.keys.iter().position(|key| *key == meta.pubkey);
        let index_in_caller = index_in_transaction
            .and_then(|index| caller_accounts.iter().position(|a| a.index_in_transaction == index));
        let (Some(index_in_transaction), Some(index_in_caller)) = (index_in_transaction, index_in_caller) else {
            let key = bs58::encode(meta.pubkey.as_ref()).into_string();
            ctx.log(format!("Instruction references an unknown account {key}"));
            return Err(InstructionError::MissingAccount);
        };
        if let Some(existing) = deduplicated.iter().position(|(a, _)| a.index_in_transaction == index_in_transaction) {
            let entry = &mut deduplicated[existing].0;
            entry.is_signer |= meta.is_signer;
            entry.is_writable |= meta.is_writable;
            positions.push(existing);
        } else {
            positions.push(deduplicated.len());
            deduplicated.push((
                InstructionAccount { index_in_transaction, is_signer: meta.is_signer, is_writable: meta.is_writable },
                index_in_caller,
            ));
        }
    }
    for (account, index_in_caller) in &deduplicated {
        let caller_account = caller_accounts[*index_in_caller];
        let key = ctx.accounts.keys[account.index_in_transaction];
        if account.is_writable && !caller_account.is_writable {
            ctx.log(format!("{}'s writable privilege escalated", bs58::encode(key.as_ref()).into_string()));
            return Err(InstructionError::PrivilegeEscalation);
        }
        if account.is_signer && !(caller_account.is_signer || signers.contains(&key)) {
            ctx.log(format!("{}'s signer privilege escalated", bs58::encode(key.as_ref()).into_string()));
            return Err(InstructionError::PrivilegeEscalation);
        }
    }
    let program_in_caller = ctx
        .accounts
        .keys
        .iter()
        .position(|key| *key == instruction.program_id)
        .filter(|index| caller_accounts.iter().any(|a| a.index_in_transaction == *index));
    if program_in_caller.is_none() {
        ctx.log(format!("Unknown program {}", bs58::encode(instruction.program_id.as_ref()).into_string()));
        return Err(InstructionError::MissingAccount);
    }
    let accounts = positions.iter().map(|p| deduplicated[*p].0).collect();
    let callers = positions.iter().map(|p| deduplicated[*p].1).collect();
    Ok((accounts, callers))
}

/// Invokes `instruction` from a builtin program (Agave's
/// `native_invoke_signed`): its accounts are resolved against the
/// caller's and checked for privileges — `signers` sign besides the
/// caller's signers — then it runs one level deeper on the same meter,
/// without the cost of a program's invocation.
pub(crate) fn native_invoke(
    ctx: &mut InvokeContext,
    instruction: &lamport_sdk::instruction::Instruction,
    signers: &[Pubkey],
) -> Result<(), InstructionError> {
    let callee = CalleeInstruction {
        program_id: instruction.program_id,
        accounts: instruction
            .accounts
            .iter()
            .map(|meta| Meta { pubkey: meta.pubkey, is_signer: meta.is_signer, is_writable: meta.is_writable })
            .collect(),
        data: instruction.data.clone(),
    };
    let (accounts, _) = prepare_instruction(ctx, &callee, signers)?;
    ctx.process_instruction(callee.program_id, accounts, &callee.data)
}

/// Reads the caller's account infos for the accounts the callee uses, and
/// hands the caller's changes to the transaction's accounts.
fn translate_accounts(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    callee_accounts: &[InstructionAccount],
    index_in_caller: &[usize],
    infos_addr: u64,
    infos_len: u64,
    abi: Abi,
) -> Result<Vec<CallerAccount>, SyscallError> {
    if infos_len > MAX_CPI_ACCOUNT_INFOS {
        return Err(SyscallError::MaxInstructionAccountInfosExceeded {
            num_account_infos: infos_len,
            max_account_infos: MAX_CPI_ACCOUNT_INFOS,
        });
    }
    charge_bytes(ctx, infos_len.saturating_mul(ACCOUNT_INFO_COST_BYTES))?;
    let aligned = check_aligned(ctx);
    let info_size: u64 = match abi {
        Abi::C => size_of::<SolAccountInfo>() as u64,
        Abi::Rust => rust_abi::ACCOUNT_INFO_SIZE as u64,
    };
    let infos_bytes = infos_len.saturating_mul(info_size);
    if infos_len > 0 {
        check_alignment(memory_mapping, infos_addr, infos_bytes, 8, aligned, AccessType::Load)?;
    }
    let infos = read_bytes(memory_mapping, infos_addr, infos_bytes)?;
    let keys = infos
        .chunks_exact(info_size as usize)
        // `key` is the first field of both layouts.
        .map(|info| read_pubkey(memory_mapping, u64_at(info, offset_of!(SolAccountInfo, key))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut caller_accounts = Vec::new();
    for (position, account) in callee_accounts.iter().enumerate() {
        let first = callee_accounts.iter().position(|a| a.index_in_transaction == account.index_in_transaction);
        if first != Some(position) {
            continue;
        }
        let caller_position = index_in_caller[position];
        let tx_account = &ctx.accounts.accounts[account.index_in_transaction];
        if tx_account.executable {
            let len = tx_account.data.len() as u64;
            charge_bytes(ctx, len)?;
            continue;
        }
        let key = ctx.accounts.keys[account.index_in_transaction];
        let Some(info_index) = keys.iter().position(|k| *k == key) else {
            ctx.log(format!("Instruction references an unknown account {}", bs58::encode(key.as_ref()).into_string()));
            return Err(InstructionError::MissingAccount.into());
        };
        let info = infos.chunks_exact(info_size as usize).nth(info_index).ok_or(SyscallError::InvalidLength)?;
        let info_vm = infos_addr.saturating_add((info_index as u64).saturating_mul(info_size));
        let (lamports_addr, owner_addr, data_addr, data_len, ref_to_len_addr) = match abi {
            Abi::C => (
                u64_at(info, offset_of!(SolAccountInfo, lamports)),
                u64_at(info, offset_of!(SolAccountInfo, owner)),
                u64_at(info, offset_of!(SolAccountInfo, data)),
                u64_at(info, offset_of!(SolAccountInfo, data_len)),
                info_vm.saturating_add(offset_of!(SolAccountInfo, data_len) as u64),
            ),
            Abi::Rust => {
                let value = rust_abi::RC_REFCELL_VALUE as u64;
                let lamports_rc = u64_at(info, offset_of!(rust_abi::AccountInfo, lamports));
                let lamports_addr = read_u64(memory_mapping, lamports_rc.saturating_add(value), aligned)?;
                let data_rc = u64_at(info, offset_of!(rust_abi::AccountInfo, data));
                let data_addr = read_u64(memory_mapping, data_rc.saturating_add(rust_abi::RC_DATA_PTR as u64), aligned)?;
                let len_addr = data_rc.saturating_add(rust_abi::RC_DATA_LEN as u64);
                let data_len = read_u64(memory_mapping, len_addr, aligned)?;
                (lamports_addr, u64_at(info, offset_of!(rust_abi::AccountInfo, owner)), data_addr, data_len, len_addr)
            }
        };
        check_alignment(memory_mapping, lamports_addr, 8, 8, aligned, AccessType::Store)?;
        let lamports = read_u64(memory_mapping, lamports_addr, aligned)?;
        let owner = read_pubkey(memory_mapping, owner_addr)?;
        charge_bytes(ctx, data_len)?;
        let data = read_bytes(memory_mapping, data_addr, data_len)?;
        let serialized = ctx
            .current_frame()?
            .vm
            .as_ref()
            .and_then(|vm| vm.serialized.get(caller_position).copied())
            .ok_or(InstructionError::MissingAccount)?;
        // Hand the caller's changes over, checked with the caller acting.
        if ctx.instruction_account(caller_position)?.lamports != lamports {
            ctx.set_lamports(caller_position, lamports)?;
        }
        ctx.set_data(caller_position, &data)?;
        if ctx.instruction_account(caller_position)?.owner != owner {
            ctx.set_owner(caller_position, &owner)?;
        }
        if account.is_writable {
            caller_accounts.push(CallerAccount {
                index_in_caller: caller_position,
                lamports_addr,
                owner_addr,
                data_addr,
                ref_to_len_addr,
                original_data_len: serialized.original_data_len,
                serialized_len_addr: data_addr.saturating_sub(8),
            });
        }
    }
    Ok(caller_accounts)
}

/// Writes the callee's changes back into the caller's memory.
fn update_caller_account(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    caller: &CallerAccount,
) -> Result<(), SyscallError> {
    let aligned = check_aligned(ctx);
    let account = ctx.instruction_account(caller.index_in_caller)?.clone();
    write_bytes(memory_mapping, caller.lamports_addr, &account.lamports.to_le_bytes())?;
    write_bytes(memory_mapping, caller.owner_addr, account.owner.as_ref())?;
    let prev_len = read_u64(memory_mapping, caller.ref_to_len_addr, aligned)? as usize;
    let post_len = account.data.len();
    if prev_len != post_len {
        if post_len > caller.original_data_len.saturating_add(MAX_PERMITTED_DATA_INCREASE) {
            ctx.log(format!(
                "Account data size realloc limited to {MAX_PERMITTED_DATA_INCREASE} in inner instructions"
            ));
            return Err(InstructionError::InvalidRealloc.into());
        }
        if post_len < prev_len {
            let zeros = vec![0u8; prev_len.saturating_sub(post_len)];
            write_bytes(memory_mapping, caller.data_addr.saturating_add(post_len as u64), &zeros)?;
        }
        write_bytes(memory_mapping, caller.ref_to_len_addr, &(post_len as u64).to_le_bytes())?;
        write_aligned(memory_mapping, caller.serialized_len_addr, &(post_len as u64).to_le_bytes(), 8, aligned)?;
    }
    write_bytes(memory_mapping, caller.data_addr, &account.data)?;
    Ok(())
}

/// The shared body of `sol_invoke_signed_c` and `_rust`: the five syscall
/// arguments, plus the context, memory and which struct layout to read.
#[allow(clippy::too_many_arguments)]
fn invoke(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    abi: Abi,
    instruction_addr: u64,
    infos_addr: u64,
    infos_len: u64,
    signers_addr: u64,
    signers_len: u64,
) -> SyscallResult {
    ctx.consume_checked(ctx.budget().invoke_units)?;
    let instruction = translate_instruction(ctx, memory_mapping, instruction_addr, abi)?;
    let caller_program_id = ctx.current_frame()?.program_id;
    let signers = translate_signers(ctx, memory_mapping, &caller_program_id, signers_addr, signers_len)?;
    check_authorized_program(&instruction.program_id, &instruction.data)?;
    let (accounts, index_in_caller) = prepare_instruction(ctx, &instruction, &signers)?;
    let caller_accounts =
        translate_accounts(ctx, memory_mapping, &accounts, &index_in_caller, infos_addr, infos_len, abi)?;
    ctx.process_instruction(instruction.program_id, accounts, &instruction.data)?;
    for caller in &caller_accounts {
        update_caller_account(ctx, memory_mapping, caller)?;
    }
    Ok(0)
}

syscall!(
    /// `sol_invoke_signed_c(instruction, account_infos, n, signers_seeds, n_signers)`.
    SyscallInvokeSignedC,
    fn rust(
        ctx: &mut InvokeContext,
        instruction_addr: u64,
        infos_addr: u64,
        infos_len: u64,
        signers_addr: u64,
        signers_len: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(invoke(ctx, memory_mapping, Abi::C, instruction_addr, infos_addr, infos_len, signers_addr, signers_len))
    }
);

syscall!(
    /// `sol_invoke_signed_rust(instruction, account_infos, n, signers_seeds, n_signers)`.
    SyscallInvokeSignedRust,
    fn rust(
        ctx: &mut InvokeContext,
        instruction_addr: u64,
        infos_addr: u64,
        infos_len: u64,
        signers_addr: u64,
        signers_len: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(invoke(ctx, memory_mapping, Abi::Rust, instruction_addr, infos_addr, infos_len, signers_addr, signers_len))
    }
);
