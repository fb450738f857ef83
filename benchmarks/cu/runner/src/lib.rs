//! The compute-unit benchmark: the same account-reading program written
//! with lamport-sdk (`programs/cu-sdk`) and with Pinocchio 0.12
//! (`programs/cu-pinocchio`), both built by `cargo lamport build`, run in
//! lamport-runtime with Agave's compute-unit costs.
//!
//! Compute units are deterministic: the same ELF, accounts and instruction
//! always cost the same, so the comparison is a test, not a timing.
//!
//! ```no_run
//! use lamport_cu_bench::{build_programs, measure, Framework};
//!
//! let programs = build_programs().unwrap();
//! for count in [1, 10] {
//!     let sdk = measure(&programs, Framework::Sdk, count).unwrap();
//!     let pinocchio = measure(&programs, Framework::Pinocchio, count).unwrap();
//!     println!("{count} accounts: sdk {sdk} CU, pinocchio {pinocchio} CU");
//! }
//! ```

mod build;
mod measure;
mod ops;
mod scenario;

pub use build::{build_programs, cargo_lamport, workspace_dir, BuildError, Programs, CARGO_LAMPORT_ENV};
pub use measure::{measure, run, MeasureError};
pub use ops::{measure_op, Operation, OPERATIONS};
pub use scenario::{Framework, Scenario, WRONG_DATA, WRONG_LAMPORTS};

/// The account counts the benchmark reports (and the test checks).
pub const ACCOUNT_COUNTS: [u8; 2] = [1, 10];
