//! The system program: creates accounts, assigns owners, allocates data and
//! moves lamports, and manages durable-nonce accounts (see
//! [`crate::durable_nonce`]), with Solana's instruction encodings, errors and
//! log lines (`ABI-agave.md` §6). Each instruction costs 150 compute units.
//!
//! Every change goes through the policy-checked setters of
//! [`InvokeContext`], with the system program as the acting program.

use lamport_sdk::{
    instruction::InstructionError,
    pubkey::{Pubkey, PubkeyError},
    system::{SystemError, SystemInstruction},
};

use crate::{durable_nonce, ids::SYSTEM_PROGRAM_ID, invoke_context::InvokeContext, policy::MAX_PERMITTED_DATA_LENGTH};

/// Compute units every system instruction consumes.
pub const DEFAULT_COMPUTE_UNITS: u64 = 150;

/// A key as Solana's log lines print it.
pub(crate) fn b58(key: &Pubkey) -> String {
    bs58::encode(key.as_ref()).into_string()
}

/// The instruction must have at least `count` accounts (`MissingAccount`,
/// as Agave 4.3).
pub(crate) fn check_accounts(ctx: &InvokeContext, count: usize) -> Result<(), InstructionError> {
    if ctx.current_frame()?.accounts.len() < count {
        return Err(InstructionError::MissingAccount);
    }
    Ok(())
}

/// Whether `key` is one of the current instruction's signer accounts.
pub(crate) fn signed_by(ctx: &InvokeContext, key: &Pubkey) -> Result<bool, InstructionError> {
    let frame = ctx.current_frame()?;
    Ok(frame.accounts.iter().any(|a| a.is_signer && ctx.accounts.keys.get(a.index_in_transaction) == Some(key)))
}

fn is_signer(ctx: &InvokeContext, position: usize) -> Result<bool, InstructionError> {
    Ok(ctx.current_frame()?.accounts.get(position).ok_or(InstructionError::MissingAccount)?.is_signer)
}

fn pubkey_error(error: PubkeyError) -> InstructionError {
    match error {
        PubkeyError::MaxSeedLengthExceeded => InstructionError::MaxSeedLengthExceeded,
        PubkeyError::InvalidSeeds => InstructionError::InvalidSeeds,
        PubkeyError::IllegalOwner => InstructionError::IllegalOwner,
    }
}

/// The address an instruction acts on, and the key that must sign for it
/// (itself, or the base of a seed-derived address).
struct Address {
    address: Pubkey,
    signer: Pubkey,
    /// The base of a seed-derived address.
    base: Option<Pubkey>,
}

/// Agave's debug form of an address in system-program messages:
/// `Address { address: <base58>, base: None }` or `base: Some(<base58>)`.
impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Address {{ address: {}, base: ", b58(&self.address))?;
        match &self.base {
            Some(base) => write!(f, "Some({}) }}", b58(base)),
            None => write!(f, "None }}"),
        }
    }
}

impl Address {
    fn create(
        ctx: &mut InvokeContext,
        address: Pubkey,
        with_seed: Option<(&Pubkey, &str, &Pubkey)>,
    ) -> Result<Self, InstructionError> {
        let base = with_seed.map(|(base, _, _)| *base);
        let signer = match with_seed {
            Some((base, seed, owner)) => {
                let derived = Pubkey::create_with_seed(base, seed, owner).map_err(pubkey_error)?;
                if derived != address {
                    ctx.log(format!(
                        "Create: address {} does not match derived address {}",
                        b58(&address),
                        b58(&derived)
                    ));
                    return Err(SystemError::AddressWithSeedMismatch.into());
                }
                *base
            }
            None => address,
        };
        Ok(Self { address, signer, base })
    }

    fn is_signer(&self, ctx: &InvokeContext) -> Result<bool, InstructionError> {
        signed_by(ctx, &self.signer)
    }
}

fn allocate(ctx: &mut InvokeContext, position: usize, address: &Address, space: u64) -> Result<(), InstructionError> {
    if !address.is_signer(ctx)? {
        ctx.log(format!("Allocate: 'to' account {address} must sign"));
        return Err(InstructionError::MissingRequiredSignature);
    }
    let account = ctx.instruction_account(position)?;
    if !account.data.is_empty() || account.owner != SYSTEM_PROGRAM_ID {
        ctx.log(format!("Allocate: account {address} already in use"));
        return Err(SystemError::AccountAlreadyInUse.into());
    }
    if space > MAX_PERMITTED_DATA_LENGTH {
        ctx.log(format!("Allocate: requested {space}, max allowed {MAX_PERMITTED_DATA_LENGTH}"));
        return Err(SystemError::InvalidAccountDataLength.into());
    }
    ctx.set_data_length(position, space as usize)
}

fn assign(ctx: &mut InvokeContext, position: usize, address: &Address, owner: &Pubkey) -> Result<(), InstructionError> {
    if ctx.instruction_account(position)?.owner == *owner {
        return Ok(());
    }
    if !address.is_signer(ctx)? {
        ctx.log(format!("Assign: account {address} must sign"));
        return Err(InstructionError::MissingRequiredSignature);
    }
    ctx.set_owner(position, owner)
}

fn allocate_and_assign(
    ctx: &mut InvokeContext,
    position: usize,
    address: &Address,
    space: u64,
    owner: &Pubkey,
) -> Result<(), InstructionError> {
    allocate(ctx, position, address, space)?;
    assign(ctx, position, address, owner)
}

fn transfer_verified(ctx: &mut InvokeContext, from: usize, to: usize, lamports: u64) -> Result<(), InstructionError> {
    let from_account = ctx.instruction_account(from)?;
    if !from_account.data.is_empty() {
        ctx.log("Transfer: `from` must not carry data".to_string());
        return Err(InstructionError::InvalidArgument);
    }
    let balance = from_account.lamports;
    if lamports > balance {
        ctx.log(format!("Transfer: insufficient lamports {balance}, need {lamports}"));
        return Err(SystemError::ResultWithNegativeLamports.into());
    }
    let remaining = balance.checked_sub(lamports).ok_or(InstructionError::ArithmeticOverflow)?;
    ctx.set_lamports(from, remaining)?;
    let to_balance = ctx.instruction_account(to)?.lamports;
    let credited = to_balance.checked_add(lamports).ok_or(InstructionError::ArithmeticOverflow)?;
    ctx.set_lamports(to, credited)
}

fn transfer(ctx: &mut InvokeContext, from: usize, to: usize, lamports: u64) -> Result<(), InstructionError> {
    if !is_signer(ctx, from)? {
        let key = ctx.instruction_account_key(from)?;
        ctx.log(format!("Transfer: `from` account {} must sign", b58(&key)));
        return Err(InstructionError::MissingRequiredSignature);
    }
    transfer_verified(ctx, from, to, lamports)
}

fn transfer_with_seed(
    ctx: &mut InvokeContext,
    lamports: u64,
    from_seed: &str,
    from_owner: &Pubkey,
) -> Result<(), InstructionError> {
    const FROM: usize = 0;
    const BASE: usize = 1;
    const TO: usize = 2;
    if !is_signer(ctx, BASE)? {
        let key = ctx.instruction_account_key(BASE)?;
        ctx.log(format!("Transfer: 'from' account {} must sign", b58(&key)));
        return Err(InstructionError::MissingRequiredSignature);
    }
    let base = ctx.instruction_account_key(BASE)?;
    let from = ctx.instruction_account_key(FROM)?;
    let derived = Pubkey::create_with_seed(&base, from_seed, from_owner).map_err(pubkey_error)?;
    if derived != from {
        ctx.log(format!("Transfer: 'from' address {} does not match derived address {}", b58(&from), b58(&derived)));
        return Err(SystemError::AddressWithSeedMismatch.into());
    }
    transfer_verified(ctx, FROM, TO, lamports)
}

fn create_account(
    ctx: &mut InvokeContext,
    to_address: &Address,
    lamports: u64,
    space: u64,
    owner: &Pubkey,
) -> Result<(), InstructionError> {
    const FROM: usize = 0;
    const TO: usize = 1;
    if ctx.instruction_account(TO)?.lamports > 0 {
        ctx.log(format!("Create Account: account {to_address} already in use"));
        return Err(SystemError::AccountAlreadyInUse.into());
    }
    allocate_and_assign(ctx, TO, to_address, space, owner)?;
    transfer(ctx, FROM, TO, lamports)
}

/// Executes one system instruction in the current frame.
pub(crate) fn process(ctx: &mut InvokeContext, data: &[u8]) -> Result<(), InstructionError> {
    ctx.consume_checked(DEFAULT_COMPUTE_UNITS)?;
    let instruction = SystemInstruction::decode(data).map_err(|_| InstructionError::InvalidInstructionData)?;
    match instruction {
        SystemInstruction::CreateAccount { lamports, space, owner } => {
            check_accounts(ctx, 2)?;
            let to = ctx.instruction_account_key(1)?;
            let address = Address::create(ctx, to, None)?;
            create_account(ctx, &address, lamports, space, &owner)
        }
        SystemInstruction::CreateAccountWithSeed { base, seed, lamports, space, owner } => {
            check_accounts(ctx, 2)?;
            let to = ctx.instruction_account_key(1)?;
            let address = Address::create(ctx, to, Some((&base, &seed, &owner)))?;
            create_account(ctx, &address, lamports, space, &owner)
        }
        SystemInstruction::Assign { owner } => {
            check_accounts(ctx, 1)?;
            let key = ctx.instruction_account_key(0)?;
            let address = Address::create(ctx, key, None)?;
            assign(ctx, 0, &address, &owner)
        }
        SystemInstruction::Transfer { lamports } => {
            check_accounts(ctx, 2)?;
            transfer(ctx, 0, 1, lamports)
        }
        SystemInstruction::TransferWithSeed { lamports, from_seed, from_owner } => {
            check_accounts(ctx, 3)?;
            transfer_with_seed(ctx, lamports, &from_seed, &from_owner)
        }
        SystemInstruction::Allocate { space } => {
            check_accounts(ctx, 1)?;
            let key = ctx.instruction_account_key(0)?;
            let address = Address::create(ctx, key, None)?;
            allocate(ctx, 0, &address, space)
        }
        SystemInstruction::AllocateWithSeed { base, seed, space, owner } => {
            check_accounts(ctx, 2)?;
            let key = ctx.instruction_account_key(0)?;
            let address = Address::create(ctx, key, Some((&base, &seed, &owner)))?;
            allocate_and_assign(ctx, 0, &address, space, &owner)
        }
        SystemInstruction::AssignWithSeed { base, seed, owner } => {
            check_accounts(ctx, 2)?;
            let key = ctx.instruction_account_key(0)?;
            let address = Address::create(ctx, key, Some((&base, &seed, &owner)))?;
            assign(ctx, 0, &address, &owner)
        }
        SystemInstruction::AdvanceNonceAccount => {
            check_accounts(ctx, 1)?;
            durable_nonce::advance(ctx)
        }
        SystemInstruction::WithdrawNonceAccount(lamports) => {
            check_accounts(ctx, 2)?;
            durable_nonce::withdraw(ctx, lamports)
        }
        SystemInstruction::InitializeNonceAccount(authority) => {
            check_accounts(ctx, 1)?;
            durable_nonce::initialize(ctx, &authority)
        }
        SystemInstruction::AuthorizeNonceAccount(authority) => {
            check_accounts(ctx, 1)?;
            durable_nonce::authorize(ctx, &authority)
        }
        SystemInstruction::UpgradeNonceAccount => {
            check_accounts(ctx, 1)?;
            durable_nonce::upgrade(ctx)
        }
    }
}
