//! Host-side client types (feature `client`): keys, signatures, messages,
//! transactions.

pub mod message;
pub mod signature;
pub mod signer;
pub mod transaction;
