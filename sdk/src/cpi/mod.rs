//! Cross-program invocation.

pub mod abi;
