//! The Address Lookup Table program, `AddressLookupTab1e1111111111111111111111111`:
//! on-chain lists of up to 256 addresses that version 0 messages index
//! instead of writing each 32-byte key (see [`crate::message::v0`]).
//!
//! [`state`] is the table account's layout and the lookup rules the
//! runtime applies; the builders here make the program's five
//! instructions. Instruction data is bincode: a `u32` little-endian tag,
//! then the variant's fields.

mod close;
mod create;
mod deactivate;
mod extend;
mod freeze;
pub mod state;

pub use close::{close_lookup_table, CLOSE_LOOKUP_TABLE};
pub use create::{create_lookup_table, derive_lookup_table_address, CREATE_LOOKUP_TABLE};
pub use deactivate::{deactivate_lookup_table, DEACTIVATE_LOOKUP_TABLE};
pub use extend::{extend_lookup_table, EXTEND_LOOKUP_TABLE};
pub use freeze::{freeze_lookup_table, FREEZE_LOOKUP_TABLE};

use crate::{pubkey, pubkey::Pubkey};

/// The program's address, `AddressLookupTab1e1111111111111111111111111`.
pub const ID: Pubkey = pubkey!("AddressLookupTab1e1111111111111111111111111");

#[cfg(test)]
mod tests;
