//! System program instructions as heap-free cross-program invocations.
//!
//! Each builder takes the account views and returns a value whose
//! `invoke()` / `invoke_signed(seeds)` builds the data and metas on the
//! stack and calls the system program.
//!
//! ```no_run
//! use lamport_sdk::{account_info::AccountInfo, program_error::ProgramResult, pubkey::Pubkey, system};
//!
//! fn make_vault(payer: &AccountInfo, vault: &AccountInfo, program_id: &Pubkey, bump: u8) -> ProgramResult {
//!     system::cpi::create_account(payer, vault, 1_000_000, 64, program_id)
//!         .invoke_signed(&[&[b"vault", payer.key().as_ref(), &[bump]]])
//! }
//! ```

use super::{
    ADVANCE_NONCE_ACCOUNT, ALLOCATE, ALLOCATE_WITH_SEED, ASSIGN, ASSIGN_WITH_SEED, AUTHORIZE_NONCE_ACCOUNT,
    CREATE_ACCOUNT, CREATE_ACCOUNT_WITH_SEED, ID, INITIALIZE_NONCE_ACCOUNT, TRANSFER, TRANSFER_WITH_SEED,
    UPGRADE_NONCE_ACCOUNT, WITHDRAW_NONCE_ACCOUNT,
};
use crate::{
    account_info::AccountInfo,
    cpi::{self, AccountMeta, Instruction},
    program_error::{ProgramError, ProgramResult},
    pubkey::{Pubkey, MAX_SEED_LEN},
};

/// Instruction data written on the stack, in the system program's bincode
/// layout; `N` is the longest the instruction can be.
struct Data<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Data<N> {
    fn new(tag: u32) -> Self {
        let mut data = Data { buf: [0; N], len: 0 };
        data.put(&tag.to_le_bytes());
        data
    }

    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn u64(mut self, value: u64) -> Self {
        self.put(&value.to_le_bytes());
        self
    }

    fn key(mut self, key: &Pubkey) -> Self {
        self.put(key.as_ref());
        self
    }

    /// A seed string: `u64` length, then its bytes (at most
    /// [`MAX_SEED_LEN`], else `MaxSeedLengthExceeded`).
    fn seed(mut self, seed: &str) -> Result<Self, ProgramError> {
        if seed.len() > MAX_SEED_LEN {
            return Err(ProgramError::MaxSeedLengthExceeded);
        }
        self.put(&(seed.len() as u64).to_le_bytes());
        self.put(seed.as_bytes());
        Ok(self)
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn run(
    metas: &[AccountMeta<'_>],
    data: &[u8],
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    let ix = Instruction {
        program_id: &ID,
        accounts: metas,
        data,
    };
    cpi::invoke_signed(&ix, accounts, signers_seeds)
}

/// `CreateAccount` — `[from WRITE+SIGNER, to WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct CreateAccount<'a> {
    /// Funds the new account.
    pub from: &'a AccountInfo,
    /// The new account.
    pub to: &'a AccountInfo,
    /// Lamports to move.
    pub lamports: u64,
    /// Bytes of data.
    pub space: u64,
    /// Owner of the new account.
    pub owner: &'a Pubkey,
}

/// Creates `to` (see [`CreateAccount`]).
pub fn create_account<'a>(
    from: &'a AccountInfo,
    to: &'a AccountInfo,
    lamports: u64,
    space: u64,
    owner: &'a Pubkey,
) -> CreateAccount<'a> {
    CreateAccount {
        from,
        to,
        lamports,
        space,
        owner,
    }
}

impl CreateAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `to`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 52];
        data[..4].copy_from_slice(&CREATE_ACCOUNT.to_le_bytes());
        data[4..12].copy_from_slice(&self.lamports.to_le_bytes());
        data[12..20].copy_from_slice(&self.space.to_le_bytes());
        data[20..].copy_from_slice(self.owner.as_ref());
        let metas = [
            AccountMeta::writable_signer(self.from.key()),
            AccountMeta::writable_signer(self.to.key()),
        ];
        run(&metas, &data, &[self.from, self.to], signers_seeds)
    }
}

/// `Transfer` — `[from WRITE+SIGNER, to WRITE]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Transfer<'a> {
    /// Pays.
    pub from: &'a AccountInfo,
    /// Receives.
    pub to: &'a AccountInfo,
    /// Amount.
    pub lamports: u64,
}

/// Moves lamports (see [`Transfer`]).
pub fn transfer<'a>(from: &'a AccountInfo, to: &'a AccountInfo, lamports: u64) -> Transfer<'a> {
    Transfer { from, to, lamports }
}

impl Transfer<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `from`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 12];
        data[..4].copy_from_slice(&TRANSFER.to_le_bytes());
        data[4..].copy_from_slice(&self.lamports.to_le_bytes());
        let metas = [
            AccountMeta::writable_signer(self.from.key()),
            AccountMeta::writable(self.to.key()),
        ];
        run(&metas, &data, &[self.from, self.to], signers_seeds)
    }
}

/// `Assign` — `[account WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Assign<'a> {
    /// The account.
    pub account: &'a AccountInfo,
    /// Its new owner.
    pub owner: &'a Pubkey,
}

/// Assigns an account (see [`Assign`]).
pub fn assign<'a>(account: &'a AccountInfo, owner: &'a Pubkey) -> Assign<'a> {
    Assign { account, owner }
}

impl Assign<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 36];
        data[..4].copy_from_slice(&ASSIGN.to_le_bytes());
        data[4..].copy_from_slice(self.owner.as_ref());
        let metas = [AccountMeta::writable_signer(self.account.key())];
        run(&metas, &data, &[self.account], signers_seeds)
    }
}

/// `Allocate` — `[account WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Allocate<'a> {
    /// The account.
    pub account: &'a AccountInfo,
    /// Bytes of data.
    pub space: u64,
}

/// Allocates data (see [`Allocate`]).
pub fn allocate(account: &AccountInfo, space: u64) -> Allocate<'_> {
    Allocate { account, space }
}

impl Allocate<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 12];
        data[..4].copy_from_slice(&ALLOCATE.to_le_bytes());
        data[4..].copy_from_slice(&self.space.to_le_bytes());
        let metas = [AccountMeta::writable_signer(self.account.key())];
        run(&metas, &data, &[self.account], signers_seeds)
    }
}

/// `CreateAccountWithSeed` — `[from WRITE+SIGNER, to WRITE, base SIGNER]`
/// (`base` left out when it is `from`); `to` is
/// `Pubkey::create_with_seed(base, seed, owner)`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct CreateAccountWithSeed<'a> {
    /// Funds the new account.
    pub from: &'a AccountInfo,
    /// The new account, at the derived address.
    pub to: &'a AccountInfo,
    /// The base the address derives from; signs.
    pub base: &'a AccountInfo,
    /// The seed (at most 32 bytes).
    pub seed: &'a str,
    /// Lamports to move.
    pub lamports: u64,
    /// Bytes of data.
    pub space: u64,
    /// Owner of the new account.
    pub owner: &'a Pubkey,
}

/// Creates `to` at an address derived from `base` and `seed` (see
/// [`CreateAccountWithSeed`]).
pub fn create_account_with_seed<'a>(
    from: &'a AccountInfo,
    to: &'a AccountInfo,
    base: &'a AccountInfo,
    seed: &'a str,
    lamports: u64,
    space: u64,
    owner: &'a Pubkey,
) -> CreateAccountWithSeed<'a> {
    CreateAccountWithSeed { from, to, base, seed, lamports, space, owner }
}

impl CreateAccountWithSeed<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `base`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<124>::new(CREATE_ACCOUNT_WITH_SEED)
            .key(self.base.key())
            .seed(self.seed)?
            .u64(self.lamports)
            .u64(self.space)
            .key(self.owner);
        let metas = [
            AccountMeta::writable_signer(self.from.key()),
            AccountMeta::writable(self.to.key()),
            AccountMeta::readonly_signer(self.base.key()),
        ];
        let with_base = self.base.key() != self.from.key();
        let count = if with_base { 3 } else { 2 };
        run(&metas[..count], data.bytes(), &[self.from, self.to, self.base][..count], signers_seeds)
    }
}

/// `AllocateWithSeed` — `[account WRITE, base SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct AllocateWithSeed<'a> {
    /// The account, at the address derived from `base`, `seed`, `owner`.
    pub account: &'a AccountInfo,
    /// The base; signs.
    pub base: &'a AccountInfo,
    /// The seed (at most 32 bytes).
    pub seed: &'a str,
    /// Bytes of data.
    pub space: u64,
    /// The program the address derives with.
    pub owner: &'a Pubkey,
}

/// Allocates data for a seed-derived account (see [`AllocateWithSeed`]).
pub fn allocate_with_seed<'a>(
    account: &'a AccountInfo,
    base: &'a AccountInfo,
    seed: &'a str,
    space: u64,
    owner: &'a Pubkey,
) -> AllocateWithSeed<'a> {
    AllocateWithSeed { account, base, seed, space, owner }
}

impl AllocateWithSeed<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `base`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<116>::new(ALLOCATE_WITH_SEED)
            .key(self.base.key())
            .seed(self.seed)?
            .u64(self.space)
            .key(self.owner);
        let metas = [AccountMeta::writable(self.account.key()), AccountMeta::readonly_signer(self.base.key())];
        run(&metas, data.bytes(), &[self.account, self.base], signers_seeds)
    }
}

/// `AssignWithSeed` — `[account WRITE, base SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct AssignWithSeed<'a> {
    /// The account, at the address derived from `base`, `seed`, `owner`.
    pub account: &'a AccountInfo,
    /// The base; signs.
    pub base: &'a AccountInfo,
    /// The seed (at most 32 bytes).
    pub seed: &'a str,
    /// The new owner (also what the address derives with).
    pub owner: &'a Pubkey,
}

/// Assigns a seed-derived account (see [`AssignWithSeed`]).
pub fn assign_with_seed<'a>(
    account: &'a AccountInfo,
    base: &'a AccountInfo,
    seed: &'a str,
    owner: &'a Pubkey,
) -> AssignWithSeed<'a> {
    AssignWithSeed { account, base, seed, owner }
}

impl AssignWithSeed<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `base`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<108>::new(ASSIGN_WITH_SEED).key(self.base.key()).seed(self.seed)?.key(self.owner);
        let metas = [AccountMeta::writable(self.account.key()), AccountMeta::readonly_signer(self.base.key())];
        run(&metas, data.bytes(), &[self.account, self.base], signers_seeds)
    }
}

/// `TransferWithSeed` — `[from WRITE, from_base SIGNER, to WRITE]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct TransferWithSeed<'a> {
    /// Pays; at the address derived from `from_base`, `from_seed`, `from_owner`.
    pub from: &'a AccountInfo,
    /// The base of `from`; signs.
    pub from_base: &'a AccountInfo,
    /// The seed of `from` (at most 32 bytes).
    pub from_seed: &'a str,
    /// The owner `from`'s address derives with.
    pub from_owner: &'a Pubkey,
    /// Receives.
    pub to: &'a AccountInfo,
    /// Amount.
    pub lamports: u64,
}

/// Moves lamports from a seed-derived account (see [`TransferWithSeed`]).
pub fn transfer_with_seed<'a>(
    from: &'a AccountInfo,
    from_base: &'a AccountInfo,
    from_seed: &'a str,
    from_owner: &'a Pubkey,
    to: &'a AccountInfo,
    lamports: u64,
) -> TransferWithSeed<'a> {
    TransferWithSeed { from, from_base, from_seed, from_owner, to, lamports }
}

impl TransferWithSeed<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `from_base`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<84>::new(TRANSFER_WITH_SEED).u64(self.lamports).seed(self.from_seed)?.key(self.from_owner);
        let metas = [
            AccountMeta::writable(self.from.key()),
            AccountMeta::readonly_signer(self.from_base.key()),
            AccountMeta::writable(self.to.key()),
        ];
        run(&metas, data.bytes(), &[self.from, self.from_base, self.to], signers_seeds)
    }
}

/// `AdvanceNonceAccount` — `[nonce WRITE, RecentBlockhashes sysvar, authority SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct AdvanceNonceAccount<'a> {
    /// The nonce account.
    pub nonce: &'a AccountInfo,
    /// The RecentBlockhashes sysvar account.
    pub recent_blockhashes: &'a AccountInfo,
    /// The nonce authority; signs.
    pub authority: &'a AccountInfo,
}

/// Consumes the stored nonce (see [`AdvanceNonceAccount`]).
pub fn advance_nonce_account<'a>(
    nonce: &'a AccountInfo,
    recent_blockhashes: &'a AccountInfo,
    authority: &'a AccountInfo,
) -> AdvanceNonceAccount<'a> {
    AdvanceNonceAccount { nonce, recent_blockhashes, authority }
}

impl AdvanceNonceAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `authority`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = ADVANCE_NONCE_ACCOUNT.to_le_bytes();
        let metas = [
            AccountMeta::writable(self.nonce.key()),
            AccountMeta::readonly(self.recent_blockhashes.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(&metas, &data, &[self.nonce, self.recent_blockhashes, self.authority], signers_seeds)
    }
}

/// `WithdrawNonceAccount` — `[nonce WRITE, to WRITE, RecentBlockhashes
/// sysvar, Rent sysvar, authority SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct WithdrawNonceAccount<'a> {
    /// The nonce account.
    pub nonce: &'a AccountInfo,
    /// Receives the lamports.
    pub to: &'a AccountInfo,
    /// The RecentBlockhashes sysvar account.
    pub recent_blockhashes: &'a AccountInfo,
    /// The Rent sysvar account.
    pub rent: &'a AccountInfo,
    /// The nonce authority; signs.
    pub authority: &'a AccountInfo,
    /// Amount.
    pub lamports: u64,
}

/// Withdraws from a nonce account (see [`WithdrawNonceAccount`]).
pub fn withdraw_nonce_account<'a>(
    nonce: &'a AccountInfo,
    to: &'a AccountInfo,
    recent_blockhashes: &'a AccountInfo,
    rent: &'a AccountInfo,
    authority: &'a AccountInfo,
    lamports: u64,
) -> WithdrawNonceAccount<'a> {
    WithdrawNonceAccount { nonce, to, recent_blockhashes, rent, authority, lamports }
}

impl WithdrawNonceAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `authority`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<12>::new(WITHDRAW_NONCE_ACCOUNT).u64(self.lamports);
        let metas = [
            AccountMeta::writable(self.nonce.key()),
            AccountMeta::writable(self.to.key()),
            AccountMeta::readonly(self.recent_blockhashes.key()),
            AccountMeta::readonly(self.rent.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        let infos = [self.nonce, self.to, self.recent_blockhashes, self.rent, self.authority];
        run(&metas, data.bytes(), &infos, signers_seeds)
    }
}

/// `InitializeNonceAccount` — `[nonce WRITE, RecentBlockhashes sysvar, Rent sysvar]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct InitializeNonceAccount<'a> {
    /// The account to make a nonce account (allocated, system-owned).
    pub nonce: &'a AccountInfo,
    /// The RecentBlockhashes sysvar account.
    pub recent_blockhashes: &'a AccountInfo,
    /// The Rent sysvar account.
    pub rent: &'a AccountInfo,
    /// Who may advance and withdraw.
    pub authority: &'a Pubkey,
}

/// Makes `nonce` a nonce account (see [`InitializeNonceAccount`]).
pub fn initialize_nonce_account<'a>(
    nonce: &'a AccountInfo,
    recent_blockhashes: &'a AccountInfo,
    rent: &'a AccountInfo,
    authority: &'a Pubkey,
) -> InitializeNonceAccount<'a> {
    InitializeNonceAccount { nonce, recent_blockhashes, rent, authority }
}

impl InitializeNonceAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<36>::new(INITIALIZE_NONCE_ACCOUNT).key(self.authority);
        let metas = [
            AccountMeta::writable(self.nonce.key()),
            AccountMeta::readonly(self.recent_blockhashes.key()),
            AccountMeta::readonly(self.rent.key()),
        ];
        run(&metas, data.bytes(), &[self.nonce, self.recent_blockhashes, self.rent], signers_seeds)
    }
}

/// `AuthorizeNonceAccount` — `[nonce WRITE, authority SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct AuthorizeNonceAccount<'a> {
    /// The nonce account.
    pub nonce: &'a AccountInfo,
    /// The current authority; signs.
    pub authority: &'a AccountInfo,
    /// The new authority.
    pub new_authority: &'a Pubkey,
}

/// Changes a nonce account's authority (see [`AuthorizeNonceAccount`]).
pub fn authorize_nonce_account<'a>(
    nonce: &'a AccountInfo,
    authority: &'a AccountInfo,
    new_authority: &'a Pubkey,
) -> AuthorizeNonceAccount<'a> {
    AuthorizeNonceAccount { nonce, authority, new_authority }
}

impl AuthorizeNonceAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `authority`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = Data::<36>::new(AUTHORIZE_NONCE_ACCOUNT).key(self.new_authority);
        let metas = [AccountMeta::writable(self.nonce.key()), AccountMeta::readonly_signer(self.authority.key())];
        run(&metas, data.bytes(), &[self.nonce, self.authority], signers_seeds)
    }
}

/// `UpgradeNonceAccount` — `[nonce WRITE]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct UpgradeNonceAccount<'a> {
    /// The nonce account (of the legacy version).
    pub nonce: &'a AccountInfo,
}

/// Upgrades a legacy nonce account (see [`UpgradeNonceAccount`]).
pub fn upgrade_nonce_account(nonce: &AccountInfo) -> UpgradeNonceAccount<'_> {
    UpgradeNonceAccount { nonce }
}

impl UpgradeNonceAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let data = UPGRADE_NONCE_ACCOUNT.to_le_bytes();
        let metas = [AccountMeta::writable(self.nonce.key())];
        run(&metas, &data, &[self.nonce], signers_seeds)
    }
}
