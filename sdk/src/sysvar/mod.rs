//! Sysvars: cluster state the runtime exposes to programs.
//!
//! Each sysvar has an account address (its `ID`) and, for the ones here, a
//! syscall that copies its current value into the program's memory without
//! passing the account: [`Clock::get`](clock::Clock::get),
//! [`Rent::get`](rent::Rent::get).

pub mod clock;
pub mod epoch_rewards;
pub mod epoch_schedule;
pub mod last_restart_slot;
pub mod rent;
pub mod slot_hashes;

use crate::{pubkey, pubkey::Pubkey};

/// The owner of every sysvar account, `Sysvar1111111111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("Sysvar1111111111111111111111111111111111111");

/// Address of the RecentBlockhashes sysvar (used by durable-nonce
/// instructions).
pub const RECENT_BLOCKHASHES_ID: Pubkey = pubkey!("SysvarRecentB1ockHashes11111111111111111111");

/// Address of the SlotHashes sysvar.
pub const SLOT_HASHES_ID: Pubkey = slot_hashes::ID;

/// Address of the StakeHistory sysvar.
pub const STAKE_HISTORY_ID: Pubkey = pubkey!("SysvarStakeHistory1111111111111111111111111");

/// Whether `key` is one of the sysvar addresses this SDK knows.
pub fn is_sysvar_id(key: &Pubkey) -> bool {
    [
        clock::ID,
        rent::ID,
        epoch_schedule::ID,
        epoch_rewards::ID,
        last_restart_slot::ID,
        RECENT_BLOCKHASHES_ID,
        SLOT_HASHES_ID,
        STAKE_HISTORY_ID,
    ]
    .contains(key)
}
