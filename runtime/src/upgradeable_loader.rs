//! The upgradeable BPF loader (`BPFLoaderUpgradeab1e11111111111111111111111`,
//! loader v3) as a builtin: buffers, deployment, upgrades, authorities,
//! closing and extending programs, with Agave 4.3's account checks, errors,
//! log lines and compute units (`solana-bpf-loader-program` 4.3 on mainnet:
//! `SetAuthorityChecked` enabled, SIMD-0431's 10 KiB minimum extension
//! active, SBPF v0–v2 still deployable).
//!
//! Every instruction costs [`DEFAULT_COMPUTE_UNITS`]; `DeployWithMaxDataLen`
//! and `ExtendProgram` also invoke the system program (150 more). A
//! deployed, upgraded or extended ELF is checked as Agave checks it before
//! deployment (broken ELFs rejected, `sol_alloc_free_` not linkable, the
//! verifier) and compiled for execution; the program cache takes it when
//! the transaction commits, and it can be invoked from the next slot on
//! (Agave's delayed visibility: before that, or once closed, invoking it
//! logs `Program is not deployed` and fails with `UnsupportedProgramId`).
//!
//! The account layout and instruction encoding are the SDK's
//! ([`lamport_sdk::bpf_loader_upgradeable`]); every change goes through the
//! policy-checked setters of [`InvokeContext`], with the loader as the
//! acting program.

use std::sync::Arc;

use lamport_sdk::{
    bpf_loader_upgradeable::{self as v3, UpgradeableLoaderInstruction, UpgradeableLoaderState},
    instruction::{AccountMeta, InstructionError},
    pubkey::Pubkey,
    system,
};

use crate::{
    ids,
    invoke_context::{InstructionAccount, InvokeContext},
    loader::{self, LoadedProgram, LoaderKind},
    policy::MAX_PERMITTED_DATA_LENGTH,
    syscalls,
};

/// Compute units every upgradeable-loader instruction consumes.
pub const DEFAULT_COMPUTE_UNITS: u64 = 2_370;

/// Smallest `ExtendProgram` (SIMD-0431), unless it fills the account to
/// the 10 MiB maximum.
pub const MINIMUM_EXTEND_PROGRAM_BYTES: u32 = 10_240;

/// The name the loader's builtin account holds, as in Agave's genesis.
pub(crate) const BUILTIN_NAME: &str = "solana_bpf_loader_upgradeable_program";

const BUFFER_METADATA: usize = UpgradeableLoaderState::size_of_buffer_metadata();
const PROGRAMDATA_METADATA: usize = UpgradeableLoaderState::size_of_programdata_metadata();

/// A change a transaction makes to the program cache, applied when it commits.
#[derive(Clone)]
pub(crate) enum ProgramUpdate {
    /// The program (re)deployed, invocable from its effective slot.
    Deployed(Arc<LoadedProgram>),
    /// The program closed: it can no longer be invoked.
    Closed,
}

fn meta(ctx: &InvokeContext, position: usize) -> Result<InstructionAccount, InstructionError> {
    ctx.current_frame()?.accounts.get(position).copied().ok_or(InstructionError::MissingAccount)
}

fn check_count(ctx: &InvokeContext, count: usize) -> Result<(), InstructionError> {
    if ctx.current_frame()?.accounts.len() < count {
        return Err(InstructionError::MissingAccount);
    }
    Ok(())
}

fn key(ctx: &InvokeContext, position: usize) -> Result<Pubkey, InstructionError> {
    let index = meta(ctx, position)?.index_in_transaction;
    ctx.accounts.keys.get(index).copied().ok_or(InstructionError::MissingAccount)
}

fn is_signer(ctx: &InvokeContext, position: usize) -> Result<bool, InstructionError> {
    Ok(meta(ctx, position)?.is_signer)
}

fn is_writable(ctx: &InvokeContext, position: usize) -> Result<bool, InstructionError> {
    Ok(meta(ctx, position)?.is_writable)
}

fn lamports(ctx: &InvokeContext, position: usize) -> Result<u64, InstructionError> {
    meta(ctx, position)?;
    Ok(ctx.instruction_account(position)?.lamports)
}

fn data_len(ctx: &InvokeContext, position: usize) -> Result<usize, InstructionError> {
    meta(ctx, position)?;
    Ok(ctx.instruction_account(position)?.data.len())
}

fn owner(ctx: &InvokeContext, position: usize) -> Result<Pubkey, InstructionError> {
    meta(ctx, position)?;
    Ok(ctx.instruction_account(position)?.owner)
}

/// The loader state at the start of an account's data (`InvalidAccountData`
/// when it is none).
fn state(ctx: &InvokeContext, position: usize) -> Result<UpgradeableLoaderState, InstructionError> {
    meta(ctx, position)?;
    UpgradeableLoaderState::deserialize(&ctx.instruction_account(position)?.data)
        .map_err(|_| InstructionError::InvalidAccountData)
}

/// Writes `state` over the start of an account's data (the rest is kept).
fn set_state(ctx: &mut InvokeContext, position: usize, state: &UpgradeableLoaderState) -> Result<(), InstructionError> {
    let bytes = state.to_bytes();
    let data = ctx.data_mut(position)?;
    data.get_mut(..bytes.len()).ok_or(InstructionError::AccountDataTooSmall)?.copy_from_slice(&bytes);
    Ok(())
}

fn add_lamports(ctx: &mut InvokeContext, position: usize, amount: u64) -> Result<(), InstructionError> {
    let balance = lamports(ctx, position)?.checked_add(amount).ok_or(InstructionError::ArithmeticOverflow)?;
    ctx.set_lamports(position, balance)
}

/// Agave refuses to borrow one account twice at once (`AccountBorrowFailed`).
fn check_distinct(ctx: &InvokeContext, positions: &[usize]) -> Result<(), InstructionError> {
    let indices: Vec<usize> =
        positions.iter().map(|p| meta(ctx, *p).map(|m| m.index_in_transaction)).collect::<Result<_, _>>()?;
    for (i, index) in indices.iter().enumerate() {
        if indices[..i].contains(index) {
            return Err(InstructionError::AccountBorrowFailed);
        }
    }
    Ok(())
}

/// Logs `message` and fails with `error`.
fn fail<T>(ctx: &mut InvokeContext, message: &str, error: InstructionError) -> Result<T, InstructionError> {
    ctx.log(message.to_string());
    Err(error)
}

fn check_sysvar(ctx: &InvokeContext, position: usize, id: &Pubkey) -> Result<(), InstructionError> {
    if key(ctx, position)? != *id {
        return Err(InstructionError::InvalidArgument);
    }
    Ok(())
}

/// Checks `elf` for deployment and compiles it for execution, recording it
/// as deployed in `slot` (invocable from the next one). A bad ELF logs the
/// loader's reason and fails with `InvalidAccountData`.
fn deploy(ctx: &mut InvokeContext, program_id: Pubkey, elf: &[u8], slot: u64) -> Result<(), InstructionError> {
    let env = ctx.env.clone();
    if let Err(message) = loader::verify_for_deployment(elf, &env.loader) {
        return fail(ctx, &message, InstructionError::InvalidAccountData);
    }
    let mut program =
        match loader::load_program(&program_id, elf, LoaderKind::Upgradeable, env.loader.clone(), &env.features, env.use_jit) {
            Ok(program) => program,
            Err(err) => return fail(ctx, &err.to_string(), InstructionError::InvalidAccountData),
        };
    program.effective_slot = slot.saturating_add(1);
    ctx.program_updates.push((program_id, ProgramUpdate::Deployed(Arc::new(program))));
    Ok(())
}

/// Executes one upgradeable-loader instruction in the current frame.
pub(crate) fn process(ctx: &mut InvokeContext, data: &[u8]) -> Result<(), InstructionError> {
    ctx.consume_checked(DEFAULT_COMPUTE_UNITS)?;
    let instruction = UpgradeableLoaderInstruction::decode(data).map_err(|_| InstructionError::InvalidInstructionData)?;
    match instruction {
        UpgradeableLoaderInstruction::InitializeBuffer => initialize_buffer(ctx),
        UpgradeableLoaderInstruction::Write { offset, bytes } => write(ctx, offset, &bytes),
        UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len } => deploy_with_max_data_len(ctx, max_data_len),
        UpgradeableLoaderInstruction::Upgrade => upgrade(ctx),
        UpgradeableLoaderInstruction::SetAuthority => set_authority(ctx),
        UpgradeableLoaderInstruction::SetAuthorityChecked => set_authority_checked(ctx),
        UpgradeableLoaderInstruction::Close => close(ctx),
        UpgradeableLoaderInstruction::ExtendProgram { additional_bytes } => extend_program(ctx, additional_bytes),
    }
}

fn initialize_buffer(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    check_count(ctx, 2)?;
    if state(ctx, 0)? != UpgradeableLoaderState::Uninitialized {
        return fail(ctx, "Buffer account already initialized", InstructionError::AccountAlreadyInitialized);
    }
    let authority = key(ctx, 1)?;
    set_state(ctx, 0, &UpgradeableLoaderState::Buffer { authority_address: Some(authority) })
}

fn write(ctx: &mut InvokeContext, offset: u32, bytes: &[u8]) -> Result<(), InstructionError> {
    check_count(ctx, 2)?;
    match state(ctx, 0)? {
        UpgradeableLoaderState::Buffer { authority_address } => {
            if authority_address.is_none() {
                return fail(ctx, "Buffer is immutable", InstructionError::Immutable);
            }
            if authority_address != Some(key(ctx, 1)?) {
                return fail(ctx, "Incorrect buffer authority provided", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, 1)? {
                return fail(ctx, "Buffer authority did not sign", InstructionError::MissingRequiredSignature);
            }
        }
        _ => return fail(ctx, "Invalid Buffer account", InstructionError::InvalidAccountData),
    }
    let start = BUFFER_METADATA.saturating_add(offset as usize);
    let end = start.saturating_add(bytes.len());
    let data = ctx.data_mut(0)?;
    let len = data.len();
    match data.get_mut(start..end) {
        Some(target) => {
            target.copy_from_slice(bytes);
            Ok(())
        }
        None => fail(ctx, &format!("Write overflow: {len} < {end}"), InstructionError::AccountDataTooSmall),
    }
}

fn deploy_with_max_data_len(ctx: &mut InvokeContext, max_data_len: usize) -> Result<(), InstructionError> {
    const PAYER: usize = 0;
    const PROGRAMDATA: usize = 1;
    const PROGRAM: usize = 2;
    const BUFFER: usize = 3;
    const AUTHORITY: usize = 7;
    check_count(ctx, 4)?;
    let payer_key = key(ctx, PAYER)?;
    let programdata_key = key(ctx, PROGRAMDATA)?;
    check_sysvar(ctx, 4, &ids::SYSVAR_RENT_ID)?;
    check_sysvar(ctx, 5, &ids::SYSVAR_CLOCK_ID)?;
    let (rent, slot) = (ctx.env.rent, ctx.env.clock.slot);
    check_count(ctx, 8)?;
    let authority_key = Some(key(ctx, AUTHORITY)?);

    // The program account: created by the transaction, not yet initialized.
    if state(ctx, PROGRAM)? != UpgradeableLoaderState::Uninitialized {
        return fail(ctx, "Program account already initialized", InstructionError::AccountAlreadyInitialized);
    }
    let program_len = data_len(ctx, PROGRAM)?;
    if program_len < UpgradeableLoaderState::size_of_program() {
        return fail(ctx, "Program account too small", InstructionError::AccountDataTooSmall);
    }
    if lamports(ctx, PROGRAM)? < rent.minimum_balance(program_len) {
        return fail(ctx, "Program account not rent-exempt", InstructionError::ExecutableAccountNotRentExempt);
    }
    let program_key = key(ctx, PROGRAM)?;

    // The buffer: written by the upgrade authority.
    if !is_writable(ctx, BUFFER)? {
        return fail(ctx, "Buffer account not writeable", InstructionError::InvalidArgument);
    }
    if owner(ctx, BUFFER)? != v3::ID {
        return fail(ctx, "Buffer account not owned by loader", InstructionError::IncorrectProgramId);
    }
    match state(ctx, BUFFER)? {
        UpgradeableLoaderState::Buffer { authority_address } => {
            if authority_address != authority_key {
                return fail(ctx, "Buffer and upgrade authority don't match", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, AUTHORITY)? {
                return fail(ctx, "Upgrade authority did not sign", InstructionError::MissingRequiredSignature);
            }
        }
        _ => return fail(ctx, "Invalid Buffer account", InstructionError::InvalidArgument),
    }
    let buffer_key = key(ctx, BUFFER)?;
    let buffer_len = data_len(ctx, BUFFER)?;
    let elf_len = buffer_len.saturating_sub(BUFFER_METADATA);
    if buffer_len < BUFFER_METADATA || elf_len == 0 {
        return fail(ctx, "Buffer account too small", InstructionError::InvalidAccountData);
    }
    if max_data_len < elf_len {
        return fail(ctx, "Max data length is too small to hold Buffer data", InstructionError::AccountDataTooSmall);
    }
    let programdata_len = UpgradeableLoaderState::size_of_programdata(max_data_len);
    if programdata_len as u64 > MAX_PERMITTED_DATA_LENGTH {
        return fail(ctx, "Max data length is too large", InstructionError::InvalidArgument);
    }
    if v3::get_program_data_address(&program_key) != programdata_key {
        return fail(ctx, "ProgramData address is not derived", InstructionError::InvalidArgument);
    }

    // The buffer's lamports go to the payer, who funds the program data.
    check_distinct(ctx, &[BUFFER, PAYER])?;
    add_lamports(ctx, PAYER, lamports(ctx, BUFFER)?)?;
    ctx.set_lamports(BUFFER, 0)?;
    let mut create = system::create_account(
        &payer_key,
        &programdata_key,
        rent.minimum_balance(programdata_len).max(1),
        programdata_len as u64,
        &v3::ID,
    );
    // The buffer rides along so the instruction stays balanced.
    create.accounts.push(AccountMeta::new(buffer_key, false));
    syscalls::native_invoke(ctx, &create, &[programdata_key])?;

    let elf = ctx.instruction_account(BUFFER)?.data.get(BUFFER_METADATA..).unwrap_or_default().to_vec();
    deploy(ctx, program_key, &elf, slot)?;

    check_distinct(ctx, &[PROGRAMDATA, BUFFER])?;
    set_state(ctx, PROGRAMDATA, &UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: authority_key })?;
    let end = PROGRAMDATA_METADATA.saturating_add(elf.len());
    ctx.data_mut(PROGRAMDATA)?
        .get_mut(PROGRAMDATA_METADATA..end)
        .ok_or(InstructionError::AccountDataTooSmall)?
        .copy_from_slice(&elf);
    ctx.set_data_length(BUFFER, UpgradeableLoaderState::size_of_buffer(0))?;

    set_state(ctx, PROGRAM, &UpgradeableLoaderState::Program { programdata_address: programdata_key })?;
    ctx.set_executable(PROGRAM, true)?;
    ctx.log(format!("Deployed program {program_key}"));
    Ok(())
}

fn upgrade(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    const PROGRAMDATA: usize = 0;
    const PROGRAM: usize = 1;
    const BUFFER: usize = 2;
    const SPILL: usize = 3;
    const AUTHORITY: usize = 6;
    check_count(ctx, 3)?;
    let programdata_key = key(ctx, PROGRAMDATA)?;
    check_sysvar(ctx, 4, &ids::SYSVAR_RENT_ID)?;
    check_sysvar(ctx, 5, &ids::SYSVAR_CLOCK_ID)?;
    let (rent, slot) = (ctx.env.rent, ctx.env.clock.slot);
    check_count(ctx, 7)?;
    let authority_key = Some(key(ctx, AUTHORITY)?);

    // The program account.
    if !is_writable(ctx, PROGRAM)? {
        return fail(ctx, "Program account not writeable", InstructionError::InvalidArgument);
    }
    if owner(ctx, PROGRAM)? != v3::ID {
        return fail(ctx, "Program account not owned by loader", InstructionError::IncorrectProgramId);
    }
    match state(ctx, PROGRAM)? {
        UpgradeableLoaderState::Program { programdata_address } if programdata_address != programdata_key => {
            return fail(ctx, "Program and ProgramData account mismatch", InstructionError::InvalidArgument);
        }
        UpgradeableLoaderState::Program { .. } => {}
        _ => return fail(ctx, "Invalid Program account", InstructionError::InvalidAccountData),
    }
    let program_key = key(ctx, PROGRAM)?;

    // The buffer.
    if !is_writable(ctx, BUFFER)? {
        return fail(ctx, "Buffer account not writeable", InstructionError::InvalidArgument);
    }
    if owner(ctx, BUFFER)? != v3::ID {
        return fail(ctx, "Buffer account not owned by loader", InstructionError::IncorrectProgramId);
    }
    match state(ctx, BUFFER)? {
        UpgradeableLoaderState::Buffer { authority_address } => {
            if authority_address != authority_key {
                return fail(ctx, "Buffer and upgrade authority don't match", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, AUTHORITY)? {
                return fail(ctx, "Upgrade authority did not sign", InstructionError::MissingRequiredSignature);
            }
        }
        _ => return fail(ctx, "Invalid Buffer account", InstructionError::InvalidArgument),
    }
    let buffer_lamports = lamports(ctx, BUFFER)?;
    let buffer_len = data_len(ctx, BUFFER)?;
    let elf_len = buffer_len.saturating_sub(BUFFER_METADATA);
    if buffer_len < BUFFER_METADATA || elf_len == 0 {
        return fail(ctx, "Buffer account too small", InstructionError::InvalidAccountData);
    }

    // The program-data account.
    let programdata_len = data_len(ctx, PROGRAMDATA)?;
    let balance_required = rent.minimum_balance(programdata_len).max(1);
    if programdata_len < UpgradeableLoaderState::size_of_programdata(elf_len) {
        return fail(ctx, "ProgramData account not large enough", InstructionError::AccountDataTooSmall);
    }
    if lamports(ctx, PROGRAMDATA)?.saturating_add(buffer_lamports) < balance_required {
        return fail(ctx, "Buffer account balance too low to fund upgrade", InstructionError::InsufficientFunds);
    }
    match state(ctx, PROGRAMDATA)? {
        UpgradeableLoaderState::ProgramData { slot: deployed, upgrade_authority_address } => {
            if deployed == slot {
                return fail(ctx, "Program was deployed in this block already", InstructionError::InvalidArgument);
            }
            if upgrade_authority_address.is_none() {
                return fail(ctx, "Program not upgradeable", InstructionError::Immutable);
            }
            if upgrade_authority_address != authority_key {
                return fail(ctx, "Incorrect upgrade authority provided", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, AUTHORITY)? {
                return fail(ctx, "Upgrade authority did not sign", InstructionError::MissingRequiredSignature);
            }
        }
        _ => return fail(ctx, "Invalid ProgramData account", InstructionError::InvalidAccountData),
    }

    let elf = ctx.instruction_account(BUFFER)?.data.get(BUFFER_METADATA..).unwrap_or_default().to_vec();
    deploy(ctx, program_key, &elf, slot)?;

    // The new ELF replaces the old one, the rest of the account zeroed.
    check_distinct(ctx, &[PROGRAMDATA, BUFFER, SPILL])?;
    set_state(ctx, PROGRAMDATA, &UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: authority_key })?;
    let data = ctx.data_mut(PROGRAMDATA)?;
    let end = PROGRAMDATA_METADATA.saturating_add(elf.len());
    data.get_mut(PROGRAMDATA_METADATA..end).ok_or(InstructionError::AccountDataTooSmall)?.copy_from_slice(&elf);
    data.get_mut(end..).ok_or(InstructionError::AccountDataTooSmall)?.fill(0);

    // The program data keeps exactly its rent exemption; the rest spills.
    let programdata_lamports = lamports(ctx, PROGRAMDATA)?;
    add_lamports(ctx, SPILL, programdata_lamports.saturating_add(buffer_lamports).saturating_sub(balance_required))?;
    ctx.set_lamports(BUFFER, 0)?;
    ctx.set_lamports(PROGRAMDATA, balance_required)?;
    ctx.set_data_length(BUFFER, UpgradeableLoaderState::size_of_buffer(0))?;
    ctx.log(format!("Upgraded program {program_key}"));
    Ok(())
}

/// Agave's debug form of an optional authority: `Some(<base58>)` or `None`.
fn show_authority(authority: Option<Pubkey>) -> String {
    match authority {
        Some(key) => format!("Some({key})"),
        None => "None".to_string(),
    }
}

fn set_authority(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    check_count(ctx, 2)?;
    let present = key(ctx, 1)?;
    let new_authority = key(ctx, 2).ok();
    match state(ctx, 0)? {
        UpgradeableLoaderState::Buffer { authority_address } => {
            if new_authority.is_none() {
                return fail(ctx, "Buffer authority is not optional", InstructionError::IncorrectAuthority);
            }
            if authority_address.is_none() {
                return fail(ctx, "Buffer is immutable", InstructionError::Immutable);
            }
            if authority_address != Some(present) {
                return fail(ctx, "Incorrect buffer authority provided", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, 1)? {
                return fail(ctx, "Buffer authority did not sign", InstructionError::MissingRequiredSignature);
            }
            set_state(ctx, 0, &UpgradeableLoaderState::Buffer { authority_address: new_authority })?;
        }
        UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address } => {
            if upgrade_authority_address.is_none() {
                return fail(ctx, "Program not upgradeable", InstructionError::Immutable);
            }
            if upgrade_authority_address != Some(present) {
                return fail(ctx, "Incorrect upgrade authority provided", InstructionError::IncorrectAuthority);
            }
            if !is_signer(ctx, 1)? {
                return fail(ctx, "Upgrade authority did not sign", InstructionError::MissingRequiredSignature);
            }
            set_state(ctx, 0, &UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: new_authority })?;
        }
        _ => return fail(ctx, "Account does not support authorities", InstructionError::InvalidArgument),
    }
    ctx.log(format!("New authority {}", show_authority(new_authority)));
    Ok(())
}

fn set_authority_checked(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    check_count(ctx, 3)?;
    let present = key(ctx, 1)?;
    let new_authority = key(ctx, 2)?;
    let (immutable, incorrect, unsigned) = match state(ctx, 0)? {
        UpgradeableLoaderState::Buffer { .. } => {
            ("Buffer is immutable", "Incorrect buffer authority provided", "Buffer authority did not sign")
        }
        UpgradeableLoaderState::ProgramData { .. } => {
            ("Program not upgradeable", "Incorrect upgrade authority provided", "Upgrade authority did not sign")
        }
        _ => return fail(ctx, "Account does not support authorities", InstructionError::InvalidArgument),
    };
    let current = match state(ctx, 0)? {
        UpgradeableLoaderState::Buffer { authority_address } => authority_address,
        UpgradeableLoaderState::ProgramData { upgrade_authority_address, .. } => upgrade_authority_address,
        _ => None,
    };
    if current.is_none() {
        return fail(ctx, immutable, InstructionError::Immutable);
    }
    if current != Some(present) {
        return fail(ctx, incorrect, InstructionError::IncorrectAuthority);
    }
    if !is_signer(ctx, 1)? {
        return fail(ctx, unsigned, InstructionError::MissingRequiredSignature);
    }
    if !is_signer(ctx, 2)? {
        return fail(ctx, "New authority did not sign", InstructionError::MissingRequiredSignature);
    }
    let updated = match state(ctx, 0)? {
        UpgradeableLoaderState::ProgramData { slot, .. } => {
            UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: Some(new_authority) }
        }
        _ => UpgradeableLoaderState::Buffer { authority_address: Some(new_authority) },
    };
    set_state(ctx, 0, &updated)?;
    ctx.log(format!("New authority {new_authority}"));
    Ok(())
}

/// Closes account 0 into account 1 once `authority` (account 2) has signed.
fn close_with_authority(ctx: &mut InvokeContext, authority: Option<Pubkey>) -> Result<(), InstructionError> {
    if authority.is_none() {
        return fail(ctx, "Account is immutable", InstructionError::Immutable);
    }
    if authority != Some(key(ctx, 2)?) {
        return fail(ctx, "Incorrect authority provided", InstructionError::IncorrectAuthority);
    }
    if !is_signer(ctx, 2)? {
        return fail(ctx, "Authority did not sign", InstructionError::MissingRequiredSignature);
    }
    add_lamports(ctx, 1, lamports(ctx, 0)?)?;
    ctx.set_lamports(0, 0)?;
    set_state(ctx, 0, &UpgradeableLoaderState::Uninitialized)
}

fn close(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    const PROGRAM: usize = 3;
    check_count(ctx, 2)?;
    if meta(ctx, 0)?.index_in_transaction == meta(ctx, 1)?.index_in_transaction {
        return fail(ctx, "Recipient is the same as the account being closed", InstructionError::InvalidArgument);
    }
    let close_key = key(ctx, 0)?;
    let closed_state = state(ctx, 0)?;
    ctx.set_data_length(0, UpgradeableLoaderState::size_of_uninitialized())?;
    match closed_state {
        UpgradeableLoaderState::Uninitialized => {
            add_lamports(ctx, 1, lamports(ctx, 0)?)?;
            ctx.set_lamports(0, 0)?;
            ctx.log(format!("Closed Uninitialized {close_key}"));
        }
        UpgradeableLoaderState::Buffer { authority_address } => {
            check_count(ctx, 3)?;
            close_with_authority(ctx, authority_address)?;
            ctx.log(format!("Closed Buffer {close_key}"));
        }
        UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address } => {
            check_count(ctx, 4)?;
            let program_key = key(ctx, PROGRAM)?;
            if !is_writable(ctx, PROGRAM)? {
                return fail(ctx, "Program account is not writable", InstructionError::InvalidArgument);
            }
            if owner(ctx, PROGRAM)? != v3::ID {
                return fail(ctx, "Program account not owned by loader", InstructionError::IncorrectProgramId);
            }
            if ctx.env.clock.slot == slot {
                return fail(ctx, "Program was deployed in this block already", InstructionError::InvalidArgument);
            }
            match state(ctx, PROGRAM)? {
                UpgradeableLoaderState::Program { programdata_address } => {
                    if programdata_address != close_key {
                        return fail(
                            ctx,
                            "ProgramData account does not match ProgramData account",
                            InstructionError::InvalidArgument,
                        );
                    }
                    close_with_authority(ctx, upgrade_authority_address)?;
                    ctx.program_updates.push((program_key, ProgramUpdate::Closed));
                }
                _ => return fail(ctx, "Invalid Program account", InstructionError::InvalidArgument),
            }
            ctx.log(format!("Closed Program {program_key}"));
        }
        UpgradeableLoaderState::Program { .. } => {
            return fail(ctx, "Account does not support closing", InstructionError::InvalidArgument);
        }
    }
    Ok(())
}

fn extend_program(ctx: &mut InvokeContext, additional_bytes: u32) -> Result<(), InstructionError> {
    const PROGRAMDATA: usize = 0;
    const PROGRAM: usize = 1;
    const PAYER: usize = 3;
    if additional_bytes == 0 {
        return fail(ctx, "Additional bytes must be greater than 0", InstructionError::InvalidInstructionData);
    }
    let programdata_key = key(ctx, PROGRAMDATA)?;
    if owner(ctx, PROGRAMDATA)? != v3::ID {
        return fail(ctx, "ProgramData owner is invalid", InstructionError::InvalidAccountOwner);
    }
    if !is_writable(ctx, PROGRAMDATA)? {
        return fail(ctx, "ProgramData is not writable", InstructionError::InvalidArgument);
    }
    if !is_writable(ctx, PROGRAM)? {
        return fail(ctx, "Program account is not writable", InstructionError::InvalidArgument);
    }
    if owner(ctx, PROGRAM)? != v3::ID {
        return fail(ctx, "Program account not owned by loader", InstructionError::InvalidAccountOwner);
    }
    let program_key = key(ctx, PROGRAM)?;
    match state(ctx, PROGRAM)? {
        UpgradeableLoaderState::Program { programdata_address } if programdata_address != programdata_key => {
            return fail(ctx, "Program account does not match ProgramData account", InstructionError::InvalidArgument);
        }
        UpgradeableLoaderState::Program { .. } => {}
        _ => return fail(ctx, "Invalid Program account", InstructionError::InvalidAccountData),
    }
    let old_len = data_len(ctx, PROGRAMDATA)?;
    let new_len = old_len.saturating_add(additional_bytes as usize);
    if new_len as u64 > MAX_PERMITTED_DATA_LENGTH {
        let message = format!(
            "Extended ProgramData length of {new_len} bytes exceeds max account data length of {MAX_PERMITTED_DATA_LENGTH} bytes"
        );
        return fail(ctx, &message, InstructionError::InvalidRealloc);
    }
    let headroom = (MAX_PERMITTED_DATA_LENGTH as usize).saturating_sub(old_len);
    if additional_bytes < MINIMUM_EXTEND_PROGRAM_BYTES && additional_bytes as usize != headroom {
        let message = format!(
            "ExtendProgram requires a minimum of {MINIMUM_EXTEND_PROGRAM_BYTES} additional bytes or to extend to maximum size, but only {additional_bytes} were requested"
        );
        return fail(ctx, &message, InstructionError::InvalidArgument);
    }
    let slot = ctx.env.clock.slot;
    let upgrade_authority_address = match state(ctx, PROGRAMDATA)? {
        UpgradeableLoaderState::ProgramData { slot: deployed, upgrade_authority_address } => {
            if deployed == slot {
                return fail(ctx, "Program was extended in this block already", InstructionError::InvalidArgument);
            }
            if upgrade_authority_address.is_none() {
                return fail(
                    ctx,
                    "Cannot extend ProgramData accounts that are not upgradeable",
                    InstructionError::Immutable,
                );
            }
            upgrade_authority_address
        }
        _ => return fail(ctx, "ProgramData state is invalid", InstructionError::InvalidAccountData),
    };
    let required_payment = ctx.env.rent.minimum_balance(new_len).max(1).saturating_sub(lamports(ctx, PROGRAMDATA)?);
    if required_payment > 0 {
        let payer = key(ctx, PAYER)?;
        syscalls::native_invoke(ctx, &system::transfer(&payer, &programdata_key, required_payment), &[])?;
    }
    ctx.set_data_length(PROGRAMDATA, new_len)?;
    let elf = ctx.instruction_account(PROGRAMDATA)?.data.get(PROGRAMDATA_METADATA..).unwrap_or_default().to_vec();
    deploy(ctx, program_key, &elf, slot)?;
    set_state(ctx, PROGRAMDATA, &UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address })?;
    ctx.log(format!("Extended ProgramData account by {additional_bytes} bytes"));
    Ok(())
}
