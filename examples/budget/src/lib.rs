//! A payment plan in the spirit of Solana's early "Budget" language: a
//! sender locks lamports for a recipient, to be paid
//!
//! * **after a date** — once the Clock's `unix_timestamp` reaches
//!   `unlock_at`, anyone may release the payment; or
//! * **when a witness signs** — a named key (an escrow agent, an oracle)
//!   may release it at any time;
//!
//! and the sender may cancel it, taking the lamports back, until the date.
//!
//! The plan is an account this program owns, created by `Create` through a
//! CPI to the System program (funded with the amount plus its rent) and
//! closed by `Release` or `Cancel`: the amount goes to the recipient (or
//! back to the sender), the rent deposit back to the sender.
//!
//! | tag | instruction | data | accounts |
//! |---|---|---|---|
//! | 0 | `Create` | `amount: u64, unlock_at: i64, recipient: [u8; 32], witness: [u8; 32]` | `[sender WRITE+SIGNER, plan WRITE+SIGNER, system program]` |
//! | 1 | `Release` | — | `[plan WRITE, recipient WRITE, sender WRITE, (witness SIGNER)]` |
//! | 2 | `Cancel` | — | `[plan WRITE, sender WRITE+SIGNER]` |
//!
//! A witness of all zeros means "no witness": only the date releases.
#![cfg_attr(not(test), no_std)]

pub mod state;

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    system,
    sysvar::{clock::Clock, rent::Rent},
};

use state::{Plan, PLAN_LEN};

/// Tag of `Create`.
pub const CREATE: u8 = 0;
/// Tag of `Release`.
pub const RELEASE: u8 = 1;
/// Tag of `Cancel`.
pub const CANCEL: u8 = 2;

/// The payment plan's errors (`ProgramError::Custom`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum BudgetError {
    /// The sender cannot fund the amount and the plan's rent.
    InsufficientFunds = 1,
    /// Neither the date has come nor the witness signed.
    TooEarly = 2,
    /// The date has passed: the plan can no longer be cancelled.
    TooLate = 3,
    /// The account is not the plan's sender (or did not sign).
    WrongSender = 4,
    /// The account is not the plan's recipient.
    WrongRecipient = 5,
    /// A plan of zero lamports.
    ZeroAmount = 6,
}

impl From<BudgetError> for ProgramError {
    fn from(e: BudgetError) -> Self {
        ProgramError::Custom(e as u32)
    }
}

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// Decodes and runs one instruction.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    match data.split_first() {
        Some((&CREATE, rest)) => create(program_id, accounts, rest),
        Some((&RELEASE, [])) => release(program_id, accounts),
        Some((&CANCEL, [])) => cancel(program_id, accounts),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

fn create(program_id: &Pubkey, accounts: &[AccountInfo], args: &[u8]) -> ProgramResult {
    let [sender, plan, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if args.len() != 80 {
        return Err(ProgramError::InvalidInstructionData);
    }
    if !sender.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let word = |i: usize| -> [u8; 8] { args[i..i + 8].try_into().unwrap_or_default() };
    let key = |i: usize| Pubkey::new_from_array(args[i..i + 32].try_into().unwrap_or_default());
    let state = Plan {
        sender: *sender.key(),
        recipient: key(16),
        witness: key(48),
        unlock_at: i64::from_le_bytes(word(8)),
        amount: u64::from_le_bytes(word(0)),
    };
    if state.amount == 0 {
        return Err(BudgetError::ZeroAmount.into());
    }
    let lamports = Rent::get()?
        .minimum_balance(PLAN_LEN)
        .checked_add(state.amount)
        .ok_or(BudgetError::InsufficientFunds)?;
    if sender.lamports() < lamports {
        return Err(BudgetError::InsufficientFunds.into());
    }
    system::cpi::create_account(sender, plan, lamports, PLAN_LEN as u64, program_id).invoke()?;
    state.write(&mut plan.try_borrow_mut_data()?);
    msg!("plan: {} lamports, unlocked at {}", state.amount, state.unlock_at);
    Ok(())
}

fn load(program_id: &Pubkey, plan: &AccountInfo) -> Result<Plan, ProgramError> {
    if !plan.is_owned_by(program_id) {
        return Err(ProgramError::IncorrectProgramId);
    }
    Plan::read(&plan.try_borrow_data()?).ok_or(ProgramError::UninitializedAccount)
}

/// Pays `to_recipient` to `recipient` and the rest of the plan's balance to
/// `sender`, then closes the plan.
fn close(plan: &AccountInfo, recipient: &AccountInfo, to_recipient: u64, sender: &AccountInfo) -> ProgramResult {
    let total = plan.lamports();
    let rest = total.checked_sub(to_recipient).ok_or(ProgramError::InsufficientFunds)?;
    recipient.set_lamports(recipient.lamports().checked_add(to_recipient).ok_or(ProgramError::ArithmeticOverflow)?);
    sender.set_lamports(sender.lamports().checked_add(rest).ok_or(ProgramError::ArithmeticOverflow)?);
    plan.set_lamports(0);
    plan.resize(0)
}

fn release(program_id: &Pubkey, accounts: &[AccountInfo]) -> ProgramResult {
    let [plan, recipient, sender, rest @ ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    let state = load(program_id, plan)?;
    if recipient.key() != &state.recipient {
        return Err(BudgetError::WrongRecipient.into());
    }
    if sender.key() != &state.sender {
        return Err(BudgetError::WrongSender.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let witnessed = state.witness != Pubkey::default()
        && rest.first().is_some_and(|w| w.key() == &state.witness && w.is_signer());
    if now < state.unlock_at && !witnessed {
        return Err(BudgetError::TooEarly.into());
    }
    msg!("released {} lamports ({})", state.amount, if witnessed { "witness signed" } else { "date reached" });
    close(plan, recipient, state.amount, sender)
}

fn cancel(program_id: &Pubkey, accounts: &[AccountInfo]) -> ProgramResult {
    let [plan, sender, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    let state = load(program_id, plan)?;
    if sender.key() != &state.sender || !sender.is_signer() {
        return Err(BudgetError::WrongSender.into());
    }
    if Clock::get()?.unix_timestamp >= state.unlock_at {
        return Err(BudgetError::TooLate.into());
    }
    msg!("cancelled: {} lamports back to the sender", state.amount);
    close(plan, sender, 0, sender)
}

lamport_sdk::on_host! {
    /// Instruction builders (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
            system,
        };

        /// `Create` a plan at `plan` (a fresh keypair's address, which signs).
        pub fn create(
            program_id: &Pubkey,
            sender: &Pubkey,
            plan: &Pubkey,
            recipient: &Pubkey,
            witness: Option<&Pubkey>,
            unlock_at: i64,
            amount: u64,
        ) -> Instruction {
            let mut data = vec![super::CREATE];
            data.extend_from_slice(&amount.to_le_bytes());
            data.extend_from_slice(&unlock_at.to_le_bytes());
            data.extend_from_slice(recipient.as_ref());
            data.extend_from_slice(witness.copied().unwrap_or_default().as_ref());
            Instruction::new_with_bytes(
                *program_id,
                &data,
                vec![
                    AccountMeta::new(*sender, true),
                    AccountMeta::new(*plan, true),
                    AccountMeta::new_readonly(system::ID, false),
                ],
            )
        }

        /// `Release` the plan, with the witness's signature if given.
        pub fn release(program_id: &Pubkey, plan: &Pubkey, recipient: &Pubkey, sender: &Pubkey, witness: Option<&Pubkey>) -> Instruction {
            let mut accounts = vec![AccountMeta::new(*plan, false), AccountMeta::new(*recipient, false), AccountMeta::new(*sender, false)];
            if let Some(w) = witness {
                accounts.push(AccountMeta::new_readonly(*w, true));
            }
            Instruction::new_with_bytes(*program_id, &[super::RELEASE], accounts)
        }

        /// `Cancel` the plan, signed by its sender.
        pub fn cancel(program_id: &Pubkey, plan: &Pubkey, sender: &Pubkey) -> Instruction {
            Instruction::new_with_bytes(
                *program_id,
                &[super::CANCEL],
                vec![AccountMeta::new(*plan, false), AccountMeta::new(*sender, true)],
            )
        }
    }
}
