//! An Anchor program with accounts: a counter at the program address
//! `["counter", authority]`, created through Anchor's `init` constraint,
//! incremented and closed by its authority (`has_one`).
//!
//! The program id is the public key of `anchor_counter-keypair.json`, the
//! keypair committed beside this manifest: `[package.metadata.lamport]
//! program-keypair` makes `cargo lamport build` deploy it as
//! `target/deploy/anchor_counter-keypair.json`, so `declare_id!` and the
//! deployed keypair agree on a clean clone.

use anchor_lang::prelude::*;

declare_id!("8s8hM36YmA3u9kPGSxFYzx14h9pX7azXoB4GUaLPk1st");

#[program]
pub mod anchor_counter {
    use super::*;

    /// Creates the authority's counter, starting at `start`.
    pub fn initialize(ctx: Context<Initialize>, start: u64) -> Result<()> {
        let counter = &mut ctx.accounts.counter;
        counter.authority = ctx.accounts.authority.key();
        counter.count = start;
        counter.bump = ctx.bumps.counter;
        msg!("Counter starts at {}", start);
        Ok(())
    }

    /// Adds `by` to the counter.
    pub fn increment(ctx: Context<Update>, by: u64) -> Result<()> {
        let counter = &mut ctx.accounts.counter;
        counter.count = counter.count.checked_add(by).ok_or(CounterError::Overflow)?;
        msg!("Counter is now {}", counter.count);
        Ok(())
    }

    /// Closes the counter, its lamports going back to the authority.
    pub fn close(ctx: Context<Close>) -> Result<()> {
        msg!("Closing the counter at {}", ctx.accounts.counter.count);
        Ok(())
    }
}

/// The counter account.
#[account]
#[derive(InitSpace)]
pub struct Counter {
    /// Who may change it.
    pub authority: Pubkey,
    /// Its value.
    pub count: u64,
    /// The bump of its address.
    pub bump: u8,
}

/// Accounts of `initialize`.
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// The counter, created here.
    #[account(init, payer = authority, space = 8 + Counter::INIT_SPACE, seeds = [b"counter", authority.key().as_ref()], bump)]
    pub counter: Account<'info, Counter>,
    /// Its authority, who pays for it.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of `increment`.
#[derive(Accounts)]
pub struct Update<'info> {
    /// The counter.
    #[account(mut, seeds = [b"counter", authority.key().as_ref()], bump = counter.bump, has_one = authority)]
    pub counter: Account<'info, Counter>,
    /// Its authority.
    pub authority: Signer<'info>,
}

/// Accounts of `close`.
#[derive(Accounts)]
pub struct Close<'info> {
    /// The counter, closed.
    #[account(mut, has_one = authority, close = authority)]
    pub counter: Account<'info, Counter>,
    /// Its authority, who gets its lamports.
    #[account(mut)]
    pub authority: Signer<'info>,
}

/// The program's errors.
#[error_code]
pub enum CounterError {
    /// The counter would pass `u64::MAX`.
    #[msg("The counter overflowed")]
    Overflow,
}
