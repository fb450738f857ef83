//! SPL Token (and Token-2022) instructions as heap-free cross-program
//! invocations.
//!
//! Each builder takes the account views and returns a value whose
//! `invoke()` / `invoke_signed(seeds)` writes the instruction data on the
//! stack and calls the token program: SPL Token ([`ID`]), or Token-2022
//! with `.with_token_program(&token_2022::ID)` — the two share the layout
//! of these instructions. Instruction data is the token program's own
//! packing: a one-byte tag, then the fields little-endian, an optional
//! key as `00` or `01 ‖ key`. Authorities are single signers (multisig
//! authorities are not covered).
//!
//! ```no_run
//! use lamport_sdk::{account_info::AccountInfo, program_error::ProgramResult, token};
//!
//! fn pay(from: &AccountInfo, mint: &AccountInfo, to: &AccountInfo, vault_authority: &AccountInfo, bump: u8) -> ProgramResult {
//!     token::transfer_checked(from, mint, to, vault_authority, 1_000, 6)
//!         .invoke_signed(&[&[b"authority", &[bump]]])
//! }
//! ```
//!
//! Account layouts: a mint is [`MINT_LEN`] bytes, a token account
//! [`ACCOUNT_LEN`].

mod approve;
mod approve_checked;
mod burn;
mod burn_checked;
mod close_account;
mod freeze_account;
mod initialize_account;
mod initialize_account3;
mod initialize_mint;
mod initialize_mint2;
mod mint_to;
mod mint_to_checked;
mod revoke;
mod set_authority;
mod sync_native;
mod thaw_account;
mod transfer;
mod transfer_checked;

pub use approve::{approve, Approve, APPROVE};
pub use approve_checked::{approve_checked, ApproveChecked, APPROVE_CHECKED};
pub use burn::{burn, Burn, BURN};
pub use burn_checked::{burn_checked, BurnChecked, BURN_CHECKED};
pub use close_account::{close_account, CloseAccount, CLOSE_ACCOUNT};
pub use freeze_account::{freeze_account, FreezeAccount, FREEZE_ACCOUNT};
pub use initialize_account::{initialize_account, InitializeAccount, INITIALIZE_ACCOUNT};
pub use initialize_account3::{initialize_account3, InitializeAccount3, INITIALIZE_ACCOUNT3};
pub use initialize_mint::{initialize_mint, InitializeMint, INITIALIZE_MINT};
pub use initialize_mint2::{initialize_mint2, InitializeMint2, INITIALIZE_MINT2};
pub use mint_to::{mint_to, MintTo, MINT_TO};
pub use mint_to_checked::{mint_to_checked, MintToChecked, MINT_TO_CHECKED};
pub use revoke::{revoke, Revoke, REVOKE};
pub use set_authority::{set_authority, SetAuthority, SET_AUTHORITY};
pub use sync_native::{sync_native, SyncNative, SYNC_NATIVE};
pub use thaw_account::{thaw_account, ThawAccount, THAW_ACCOUNT};
pub use transfer::{transfer, Transfer, TRANSFER};
pub use transfer_checked::{transfer_checked, TransferChecked, TRANSFER_CHECKED};

use crate::{
    account_info::AccountInfo,
    cpi::{self, AccountMeta, Instruction},
    program_error::ProgramResult,
    pubkey::Pubkey,
};

/// SPL Token's program id, `TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA`.
pub const ID: Pubkey = crate::pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

/// Whether `key` is SPL Token.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

/// Size of a mint account.
pub const MINT_LEN: usize = 82;
/// Size of a token account.
pub const ACCOUNT_LEN: usize = 165;
/// Offset of a token account's state (`0` uninitialized, `1` initialized,
/// `2` frozen), after its mint, owner, amount and optional delegate.
pub const ACCOUNT_STATE_OFFSET: usize = 108;

/// The data of an initialized token account holding `amount` of `mint` for
/// `owner`, with no delegate, not native, no close authority: what a test
/// or client writes to set up a token account without running the program.
pub fn account_data(mint: &Pubkey, owner: &Pubkey, amount: u64) -> [u8; ACCOUNT_LEN] {
    let mut data = [0u8; ACCOUNT_LEN];
    data[..32].copy_from_slice(mint.as_ref());
    data[32..64].copy_from_slice(owner.as_ref());
    data[64..72].copy_from_slice(&amount.to_le_bytes());
    data[ACCOUNT_STATE_OFFSET] = 1;
    data
}

/// Which authority `SetAuthority` changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum AuthorityType {
    /// A mint's mint authority.
    MintTokens = 0,
    /// A mint's freeze authority.
    FreezeAccount = 1,
    /// A token account's owner.
    AccountOwner = 2,
    /// A token account's close authority.
    CloseAccount = 3,
}

/// Instruction data written on the stack: at most `N` bytes.
#[derive(Clone, Copy, Debug)]
pub struct Data<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Data<N> {
    fn new(tag: u8) -> Self {
        let mut data = Data { buf: [0; N], len: 0 };
        data.put(&[tag]);
        data
    }

    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn u8(mut self, value: u8) -> Self {
        self.put(&[value]);
        self
    }

    fn u64(mut self, value: u64) -> Self {
        self.put(&value.to_le_bytes());
        self
    }

    fn key(mut self, key: &Pubkey) -> Self {
        self.put(key.as_ref());
        self
    }

    fn optional_key(mut self, key: Option<&Pubkey>) -> Self {
        match key {
            Some(key) => {
                self.put(&[1]);
                self.put(key.as_ref());
            }
            None => self.put(&[0]),
        }
        self
    }

    /// The bytes written.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn run(
    program_id: &Pubkey,
    metas: &[AccountMeta<'_>],
    data: &[u8],
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    cpi::invoke_signed(
        &Instruction {
            program_id,
            accounts: metas,
            data,
        },
        accounts,
        signers_seeds,
    )
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests;
