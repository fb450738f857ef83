//! The compiler's generated-program differential (the `lowering` fuzz
//! target): random, well-defined Rust functions over every integer width
//! (`i128`/`u128` too), `f32`/`f64`, checked, wrapping, saturating and
//! overflowing arithmetic, division by non-zero, shifts in range, calls of
//! 6–8 arguments, structs by value, and slice copies of computed lengths.
//! Each function returns a checksum of what it computed.
//!
//! A seed gives a few programs of a few hundred functions each. Each is
//! compiled natively (the reference, with overflow checks) and with `cargo
//! lamport build`, then run in lamport-runtime's interpreter and JIT on
//! inputs derived from the seed: every checksum must be the same three
//! ways, and the interpreter and the JIT must consume the same compute
//! units. A disagreement is reduced to the smallest function that still
//! disagrees, printed as a spec (`seed:statement@depth,…`) that
//! regenerates it.
//!
//! ```no_run
//! use lamport_lowering_fuzz::{build::Builder, campaign};
//! # let root = std::path::Path::new(".");
//! let builder = Builder::new(root, &root.join("target/lowering-fuzz"));
//! let shape = campaign::Shape::default();
//! let (coverage, findings) = campaign::check(&builder, &campaign::batches(1, shape), &campaign::inputs(1, shape.inputs));
//! assert!(findings.is_empty(), "{} functions compared", coverage.functions);
//! ```

pub mod build;
pub mod campaign;
pub mod execute;
pub mod generate;
pub mod program;
pub mod types;
