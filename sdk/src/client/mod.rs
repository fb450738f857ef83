//! Host-side client types (feature `client`): keys, signatures, messages,
//! transactions.

mod compiled_keys;
pub mod message;
pub mod signature;
pub mod signer;
pub mod transaction;
pub mod v0;
pub mod versioned;
