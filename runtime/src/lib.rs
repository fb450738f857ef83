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
//! parallel with the results of running them one by one. Transactions are
//! legacy or version 0: a v0 message's address table lookups resolve
//! through [`lookup_table`] against tables the built-in Address Lookup
//! Table program manages.
//!
//! Like LiteSVM's, a new [`Runtime`] has SPL Token (as p-token), Token-2022,
//! Associated Token Account and Memo at their mainnet ids
//! ([`default_programs`]) and the sysvars of a fresh cluster, read and set
//! with [`Runtime::get_sysvar`] and [`Runtime::set_sysvar`];
//! [`Runtime::get_transaction`] returns the results of recent transactions,
//! whose metadata lists their inner instructions ([`inner_instructions`]).
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
pub mod default_programs;
mod deploy;
mod durable_nonce;
pub mod error;
pub mod failure;
mod fault;
pub mod fee;
mod history;
pub mod inner_instructions;
pub mod feature_set;
pub mod ids;
mod instructions_sysvar;
mod invoke_context;
pub mod loader;
pub mod log_collector;
pub mod lookup_table;
pub mod meta;
pub mod policy;
pub mod precompiles;
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
mod sysvar_cache;
pub mod sysvars;
pub mod upgradeable_loader;
mod vm;
mod vm_reach;
mod worker_pool;

pub use compute_budget::ComputeBudget;
pub use deploy::{
    deploy_dir, find_deploy_dir, newest_source, record_sources, sources_record, stale_source, DeployError,
    ALLOW_STALE_ENV, DEPLOY_DIR_ENV,
};
pub use feature_set::FeatureSet;
pub use error::{DeployStep, InstructionError, ProgramLoadError, TransactionError, UpgradeableDeployError};
pub use failure::TransactionOutcome;
pub use invoke_context::InvokeContext;
pub use loader::LoaderKind;
pub use inner_instructions::{InnerInstruction, InnerInstructionsList};
pub use meta::{FailedTransaction, ProgramFault, TransactionMeta, TransactionResult, TransactionReturnData};
pub use runtime::Runtime;
pub use lamport_sdk::entrypoint::{MAX_PERMITTED_DATA_INCREASE, NON_DUP_MARKER};
pub use sysvars::{Clock, Rent};
