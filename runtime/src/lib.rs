//! The LAMPORT runtime: an in-process transaction engine for Solana-ABI
//! (SBPF v1) programs.
//!
//! It loads programs built by `cargo lamport build` or by Solana's own
//! toolchain, and runs transactions through the whole pipeline: sanitize →
//! verify signatures → check blockhash and replay → parse compute-budget
//! instructions → charge the fee → lock and load accounts → execute every
//! instruction (the system program, or a program in solana_sbpf's VM, with
//! cross-program invocation) → check the account policy → commit all or
//! nothing. Compute units, logs, fees, errors and account writes match
//! Agave 4.3's on mainnet — checked transaction by transaction against
//! Agave's SVM by the differential harness in `compat/agave` — so a program
//! behaves here as on a Solana cluster; [`FeatureSet`] turns the rules that
//! changed over Agave's history on or off to reproduce another cluster.
//! [`Runtime::send_transactions`] runs non-conflicting transactions in
//! parallel with the results of running them one by one.
//!
//! ```no_run
//! use lamport_runtime::Runtime;
//! use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};
//!
//! let mut runtime = Runtime::new();
//! let memo = Pubkey::new_unique();
//! runtime.add_program_from_file(memo, "spl_memo-4.0.0.so").unwrap();
//! let payer = Keypair::new();
//! runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
//! let ix = Instruction { program_id: memo, accounts: vec![], data: b"hello".to_vec() };
//! let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], runtime.latest_blockhash());
//! let meta = runtime.send_transaction(tx).unwrap();
//! assert_eq!(meta.compute_units_consumed, 274);
//! ```
//!
//! # Debugging and profiling
//!
//! A program added from a file brings its `<name>.debug` side file (written
//! by `cargo lamport build`): a failure then carries its source location
//! and call stack in [`TransactionMeta::fault`] ([`ProgramFault`], shown by
//! [`FailedTransaction`]'s `Display`), while the logs keep Solana's exact
//! lines. [`Runtime::with_profiling`] (or the `LAMPORT_PROFILE` variable)
//! attributes every compute unit of a transaction to a call stack
//! ([`profile`]); [`debug_info`] maps program counters to source.
//!
//! # Features
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `jit` | yes | JIT-compile programs on x86_64 (the interpreter is always available; both give identical results and compute units) |
#![deny(clippy::arithmetic_side_effects)]
#![warn(missing_docs)]

pub mod accounts;
pub mod compute_budget;
pub mod debug_info;
mod deploy;
pub mod error;
pub mod failure;
mod fault;
pub mod fee;
pub mod feature_set;
pub mod ids;
mod invoke_context;
pub mod loader;
pub mod log_collector;
pub mod meta;
pub mod policy;
mod processor;
pub mod profile;
pub mod rent_state;
mod runtime;
pub mod sanitize;
mod scheduler;
mod serialization;
pub mod status_cache;
pub mod sigverify;
mod syscalls;
pub mod system_program;
pub mod sysvars;
mod vm;
mod vm_reach;
mod worker_pool;

pub use compute_budget::ComputeBudget;
pub use deploy::{
    deploy_dir, find_deploy_dir, newest_source, record_sources, sources_record, stale_source, DeployError,
    ALLOW_STALE_ENV, DEPLOY_DIR_ENV,
};
pub use feature_set::FeatureSet;
pub use error::{InstructionError, ProgramLoadError, TransactionError};
pub use failure::TransactionOutcome;
pub use invoke_context::InvokeContext;
pub use loader::LoaderKind;
pub use meta::{FailedTransaction, ProgramFault, TransactionMeta, TransactionResult, TransactionReturnData};
pub use runtime::Runtime;
pub use lamport_sdk::entrypoint::{MAX_PERMITTED_DATA_INCREASE, NON_DUP_MARKER};
pub use sysvars::{Clock, Rent};
