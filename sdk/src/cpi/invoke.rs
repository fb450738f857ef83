//! `invoke` and friends.

use alloc::vec::Vec;
use core::mem::MaybeUninit;

use super::{
    abi::{SolAccountInfo, SolInstruction, SolSignerSeed},
    AccountMeta, Instruction, Seed, Signer, MAX_SIGNERS, STACK_ACCOUNT_INFOS,
};
use crate::{
    account_info::AccountInfo,
    entrypoint::{DATA_OFFSET, LAMPORTS_OFFSET},
    instruction,
    program_error::{ProgramError, ProgramResult},
    pubkey::MAX_SEEDS,
};

/// Seeds of all signers converted on the stack by [`invoke_signed`];
/// more go through the heap.
const STACK_SEEDS: usize = 32;

/// Invokes `instruction` with `accounts` (the infos of every account it
/// names, the program's included or not — the runtime finds them by key).
pub fn invoke(instruction: &Instruction<'_>, accounts: &[&AccountInfo]) -> ProgramResult {
    invoke_signed_with(instruction, accounts, &[])
}

/// Invokes `instruction`, signing for the PDAs that `signers_seeds` derive
/// from this program's id (each list of seeds includes its bump).
///
/// The seed lists are converted on the stack (up to 32 seeds in all).
pub fn invoke_signed(
    instruction: &Instruction<'_>,
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    if signers_seeds.len() > MAX_SIGNERS {
        return Err(ProgramError::InvalidArgument);
    }
    if signers_seeds.iter().any(|seeds| seeds.len() > MAX_SEEDS) {
        return Err(ProgramError::MaxSeedLengthExceeded);
    }
    let total: usize = signers_seeds.iter().map(|seeds| seeds.len()).sum();
    if total <= STACK_SEEDS {
        let mut flat = [Seed::from(&[][..]); STACK_SEEDS];
        invoke_with_flat_seeds(instruction, accounts, signers_seeds, &mut flat[..total])
    } else {
        let mut flat = alloc::vec![Seed::from(&[][..]); total];
        invoke_with_flat_seeds(instruction, accounts, signers_seeds, &mut flat)
    }
}

fn invoke_with_flat_seeds<'a>(
    instruction: &Instruction<'_>,
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&'a [u8]]],
    flat: &mut [Seed<'a>],
) -> ProgramResult {
    let mut at = 0;
    for seeds in signers_seeds {
        for seed in *seeds {
            flat[at] = Seed::from(*seed);
            at += 1;
        }
    }
    let mut signers = [MaybeUninit::<Signer<'_, '_>>::uninit(); MAX_SIGNERS];
    let mut start = 0;
    for (slot, seeds) in signers.iter_mut().zip(signers_seeds) {
        slot.write(Signer::from(&flat[start..start + seeds.len()]));
        start += seeds.len();
    }
    // SAFETY: the first `signers_seeds.len()` (≤ MAX_SIGNERS) slots were
    // written above.
    let signers = unsafe {
        core::slice::from_raw_parts(signers.as_ptr().cast::<Signer<'_, '_>>(), signers_seeds.len())
    };
    invoke_signed_with(instruction, accounts, signers)
}

/// Invokes `instruction` with signers already in the runtime's layout
/// (no conversion at all).
pub fn invoke_signed_with(
    instruction: &Instruction<'_>,
    accounts: &[&AccountInfo],
    signers: &[Signer<'_, '_>],
) -> ProgramResult {
    check_borrows(instruction.accounts, accounts)?;
    // SAFETY: no account the callee may write is borrowed, and none it may
    // read is mutably borrowed (checked above).
    unsafe { invoke_signed_unchecked(instruction, accounts, signers) }
}

/// Refuses the call if the callee could change an account this program
/// still holds a borrow of.
fn check_borrows(metas: &[AccountMeta<'_>], accounts: &[&AccountInfo]) -> ProgramResult {
    for meta in metas {
        let found = accounts.iter().find(|info| {
            core::ptr::eq(info.key(), meta.pubkey) || info.key() == meta.pubkey
        });
        let Some(info) = found else { continue };
        // Lamports are never lent out by reference; only data borrows matter.
        let free = if meta.is_writable { info.can_borrow_mut_data() } else { info.try_borrow_data().is_ok() };
        if !free {
            return Err(ProgramError::AccountBorrowFailed);
        }
    }
    Ok(())
}

fn to_c(info: &AccountInfo) -> SolAccountInfo {
    // The callee may resize the account.
    info.record_original_data_len();
    let raw = info.as_raw();
    SolAccountInfo {
        key: info.key(),
        // SAFETY: both offsets are inside the account entry.
        lamports: unsafe { raw.add(LAMPORTS_OFFSET).cast() },
        data_len: info.data_len() as u64,
        // SAFETY: as above.
        data: unsafe { raw.add(DATA_OFFSET) },
        owner: info.owner(),
        rent_epoch: info.rent_epoch(),
        is_signer: u8::from(info.is_signer()),
        is_writable: u8::from(info.is_writable()),
        executable: u8::from(info.executable()),
    }
}

/// Invokes without checking borrows.
///
/// # Safety
///
/// No reference into an account the callee may change (data or lamports
/// of a writable account; owner of any) may be live across the call: the
/// runtime rewrites them.
pub unsafe fn invoke_signed_unchecked(
    instruction: &Instruction<'_>,
    accounts: &[&AccountInfo],
    signers: &[Signer<'_, '_>],
) -> ProgramResult {
    let ix = SolInstruction {
        program_id: instruction.program_id,
        accounts: instruction.accounts.as_ptr().cast(),
        accounts_len: instruction.accounts.len() as u64,
        data: instruction.data.as_ptr(),
        data_len: instruction.data.len() as u64,
    };
    let call = |infos: &[SolAccountInfo]| {
        // SAFETY: every pointer describes live memory: the instruction's
        // borrowed parts, the infos built from valid views, and the signer
        // seeds (repr(transparent) over the runtime's layout).
        unsafe {
            crate::syscalls::sol_invoke_signed_c(
                (&ix as *const SolInstruction).cast(),
                infos.as_ptr().cast(),
                infos.len() as u64,
                signers.as_ptr().cast(),
                signers.len() as u64,
            )
        }
    };
    let rc = if accounts.len() <= STACK_ACCOUNT_INFOS {
        let mut infos = [MaybeUninit::<SolAccountInfo>::uninit(); STACK_ACCOUNT_INFOS];
        for (slot, info) in infos.iter_mut().zip(accounts) {
            slot.write(to_c(info));
        }
        // SAFETY: the first `accounts.len()` slots were written.
        let infos = unsafe {
            core::slice::from_raw_parts(infos.as_ptr().cast::<SolAccountInfo>(), accounts.len())
        };
        call(infos)
    } else {
        let infos: Vec<SolAccountInfo> = accounts.iter().map(|info| to_c(info)).collect();
        call(&infos)
    };
    match rc {
        0 => Ok(()),
        code => Err(ProgramError::from_u64(code)),
    }
}

/// Invokes an owned [`instruction::Instruction`] (its metas are converted
/// on the heap).
pub fn invoke_instruction(
    instruction: &instruction::Instruction,
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    let metas: Vec<AccountMeta<'_>> = instruction
        .accounts
        .iter()
        .map(|meta| AccountMeta::new(&meta.pubkey, meta.is_writable, meta.is_signer))
        .collect();
    let view = Instruction {
        program_id: &instruction.program_id,
        accounts: &metas,
        data: &instruction.data,
    };
    invoke_signed(&view, accounts, signers_seeds)
}

const _: () = assert!(core::mem::size_of::<Seed<'static>>() == core::mem::size_of::<SolSignerSeed>());
