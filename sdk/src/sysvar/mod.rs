//! Sysvars: cluster state the runtime exposes to programs.
//!
//! Each sysvar has an account address (its `ID`) and an account-data
//! layout (Solana's bincode encoding of the type), both given by the
//! [`Sysvar`] trait. A program reads a sysvar from its account, or without
//! passing the account: through its own syscall
//! ([`Clock::get`](clock::Clock::get), [`Rent::get`](rent::Rent::get)), or
//! through `sol_get_sysvar` ([`get_sysvar_bytes`]), which copies any byte
//! range of the account data
//! ([`EpochSchedule::get`](epoch_schedule::EpochSchedule::get),
//! [`EpochRewards::get`](epoch_rewards::EpochRewards::get),
//! [`LastRestartSlot::get`](last_restart_slot::LastRestartSlot::get),
//! [`StakeHistory::get_entry`](stake_history::StakeHistory::get_entry)).

pub mod clock;
pub mod epoch_rewards;
pub mod epoch_schedule;
pub mod fees;
pub mod instructions;
pub mod last_restart_slot;
pub mod recent_blockhashes;
pub mod rent;
pub mod slot_hashes;
pub mod slot_history;
pub mod stake_history;

use alloc::vec::Vec;

use crate::{program_error::ProgramError, pubkey, pubkey::Pubkey};

/// A sysvar: its account address and its account-data layout.
///
/// The runtime keeps each sysvar's account and what the sysvar syscalls
/// return in step from this one definition.
pub trait Sysvar: Sized {
    /// The sysvar's account address.
    const ID: Pubkey;

    /// The account data: Solana's bincode encoding (little-endian fields in
    /// order, no padding; vectors prefixed with a `u64` length).
    fn to_account_data(&self) -> Vec<u8>;

    /// Reads the account data; `None` when it is too short or malformed.
    fn from_account_data(data: &[u8]) -> Option<Self>;
}

/// `sol_get_sysvar`'s result when the runtime does not provide the sysvar.
pub const SYSVAR_NOT_FOUND: u64 = 2;
/// `sol_get_sysvar`'s result when `offset + length` is past the sysvar's data.
pub const OFFSET_LENGTH_EXCEEDS_SYSVAR: u64 = 1;

/// Copies `out.len()` bytes of the account data of the sysvar `id`,
/// starting at `offset`, through the `sol_get_sysvar` syscall (costs
/// 100 + 32/250 + max(len/250, 10) compute units). Errors:
/// [`ProgramError::UnsupportedSysvar`] for a sysvar the runtime does not
/// provide, [`ProgramError::InvalidArgument`] for a range past its end.
pub fn get_sysvar_bytes(id: &Pubkey, offset: u64, out: &mut [u8]) -> Result<(), ProgramError> {
    // SAFETY: `id` is 32 readable bytes and `out` is `out.len()` writable
    // bytes, which is all the syscall reads and writes.
    let rc = unsafe {
        crate::syscalls::sol_get_sysvar(id.as_ref().as_ptr(), out.as_mut_ptr(), offset, out.len() as u64)
    };
    match rc {
        0 => Ok(()),
        OFFSET_LENGTH_EXCEEDS_SYSVAR => Err(ProgramError::InvalidArgument),
        _ => Err(ProgramError::UnsupportedSysvar),
    }
}

/// The owner of every sysvar account, `Sysvar1111111111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("Sysvar1111111111111111111111111111111111111");

/// Address of the RecentBlockhashes sysvar ([`recent_blockhashes::ID`],
/// used by durable-nonce instructions).
pub const RECENT_BLOCKHASHES_ID: Pubkey = recent_blockhashes::ID;

/// Address of the SlotHashes sysvar.
pub const SLOT_HASHES_ID: Pubkey = slot_hashes::ID;

/// Address of the StakeHistory sysvar ([`stake_history::ID`]).
pub const STAKE_HISTORY_ID: Pubkey = stake_history::ID;

/// Address of the deprecated Fees sysvar ([`fees::ID`]).
pub const FEES_ID: Pubkey = fees::ID;

/// Address of the Rewards sysvar.
pub const REWARDS_ID: Pubkey = pubkey!("SysvarRewards111111111111111111111111111111");

/// Address of the SlotHistory sysvar ([`slot_history::ID`]).
pub const SLOT_HISTORY_ID: Pubkey = slot_history::ID;

/// Every sysvar address.
pub const ALL_IDS: [Pubkey; 12] = [
    clock::ID,
    epoch_rewards::ID,
    epoch_schedule::ID,
    FEES_ID,
    instructions::ID,
    last_restart_slot::ID,
    RECENT_BLOCKHASHES_ID,
    rent::ID,
    REWARDS_ID,
    SLOT_HASHES_ID,
    SLOT_HISTORY_ID,
    STAKE_HISTORY_ID,
];

/// Whether `key` is a sysvar address.
pub fn is_sysvar_id(key: &Pubkey) -> bool {
    ALL_IDS.contains(key)
}
