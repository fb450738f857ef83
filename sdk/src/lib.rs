//! The Lamport SDK: everything a program needs on-chain, and everything a
//! host needs to talk to one.
//!
//! The same crate serves both sides of Solana's SBPF v1 binary interface:
//!
//! * **On-chain** (`target_os = "solana"` or `target_arch = "bpf"`) the crate
//!   is `no_std` (with `alloc`): a zero-copy [`entrypoint`](mod@entrypoint) that parses the
//!   runtime's input buffer, [`account_info::AccountInfo`] views with borrow
//!   checks kept inside that buffer, [`syscalls`], [`log`]ging, cross-program
//!   invocation ([`cpi`]), program-derived addresses ([`pubkey`](mod@pubkey)), return
//!   data ([`program`]), sysvars ([`sysvar`]) — among them the Instructions
//!   sysvar, through which a program checks the signatures the
//!   [`precompiles`] verified.
//! * **On the host** the same types carry owned data — [`account::Account`],
//!   [`instruction::Instruction`] — and every syscall has a host fallback, so
//!   a program's own unit tests run with `cargo test`.
//!
//! The shortest real program:
//!
//! ```
//! use lamport_sdk::{
//!     account_info::AccountInfo, entrypoint, msg, program_error::ProgramResult,
//!     pubkey::Pubkey,
//! };
//!
//! entrypoint!(process_instruction);
//!
//! fn process_instruction(
//!     program_id: &Pubkey,
//!     accounts: &[AccountInfo],
//!     data: &[u8],
//! ) -> ProgramResult {
//!     msg!("Hello from {}: {} accounts, {} bytes", program_id, accounts.len(), data.len());
//!     Ok(())
//! }
//! # fn main() {}
//! ```
//!
//! And the shortest client (feature `client`): a signed transfer.
//!
//! ```
//! # #[cfg(feature = "client")] {
//! use lamport_sdk::{hash::Hash, signer::Keypair, system, transaction::Transaction};
//!
//! let payer = Keypair::new();
//! let to = lamport_sdk::pubkey::Pubkey::new_unique();
//! let tx = Transaction::new_signed_with_payer(
//!     &[system::transfer(&payer.pubkey(), &to, 1_000)],
//!     Some(&payer.pubkey()),
//!     &[&payer],
//!     Hash::default(),
//! );
//! assert!(tx.verify().is_ok());
//! # }
//! ```
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | *(none)* | on-chain SDK and host core types: `Pubkey`, `Hash`, `Account`, `Instruction`, errors, system, compute-budget and [`address_lookup_table`] builders, durable-nonce account state ([`nonce`]), sysvars, the input-buffer parser, the host input serializer ([`entrypoint::serialize`], host only) |
//! | `client` | host only: [`signer::Keypair`], [`signature::Signature`], [`message::Message`], [`transaction::Transaction`], and version 0 messages with address table lookups ([`message::v0::Message`], [`message::VersionedMessage`], [`transaction::VersionedTransaction`]); signing for the precompile builders ([`precompiles::secp256k1::sign_message`], [`precompiles::secp256r1::sign_message`], [`precompiles::ed25519::new_ed25519_instruction`]) |
//!
//! Whether the crate is `no_std` follows the target, not a feature: on
//! `target_os = "solana"` / `target_arch = "bpf"` it never links `std`; on
//! every other target it does.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
extern crate std;

#[cfg(all(feature = "client", any(target_os = "solana", target_arch = "bpf")))]
compile_error!("the `client` feature of lamport-sdk is host-only; disable it for on-chain builds");

pub mod account;
pub mod account_info;
pub mod address_lookup_table;
pub mod associated_token;
pub mod bpf_loader_upgradeable;
pub mod compute_budget;
pub mod cpi;
pub mod entrypoint;
pub mod hash;
pub mod instruction;
pub mod keccak;
pub mod log;
pub mod nonce;
pub mod precompiles;
pub mod program;
pub mod program_error;
pub mod pubkey;
pub mod short_vec;
pub mod syscalls;
pub mod system;
pub mod sysvar;
pub mod token;
pub mod token_2022;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::{message, signature, signer, transaction};

/// The result type of a program's instruction handler.
pub use program_error::ProgramResult;
