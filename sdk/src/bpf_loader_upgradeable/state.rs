//! [`UpgradeableLoaderState`]: the header of every account the upgradeable
//! loader owns, in Solana's bincode layout (`solana-loader-v3-interface`).
//!
//! | state | bytes |
//! |---|---|
//! | `Uninitialized` | `00 00 00 00` (4) |
//! | `Buffer` | `01 00 00 00 ‖ option<authority>` (37 with an authority); the program bytes follow at offset 37 |
//! | `Program` | `02 00 00 00 ‖ programdata [32]` (36) |
//! | `ProgramData` | `03 00 00 00 ‖ slot u64 ‖ option<authority>` (45 with an authority); the ELF follows at offset 45 |
//!
//! An `option<authority>` is `00` (none) or `01 ‖ [32]`. The metadata sizes
//! are fixed: a buffer or program-data account without an authority still
//! keeps its program bytes at offset 37 or 45.

use crate::pubkey::Pubkey;

use alloc::vec::Vec;

use super::{
    codec::{Reader, Writer},
    DecodeError,
};

/// The state of an account owned by the upgradeable loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpgradeableLoaderState {
    /// 0: not initialized (a closed account keeps this 4-byte header).
    Uninitialized,
    /// 1: a buffer holding program bytes before deployment or upgrade.
    Buffer {
        /// Who may write the buffer; `None` makes it immutable.
        authority_address: Option<Pubkey>,
    },
    /// 2: a program account: points at the account holding its ELF.
    Program {
        /// The program-data account ([`super::get_program_data_address`]).
        programdata_address: Pubkey,
    },
    /// 3: a program-data account: the program's ELF and who may upgrade it.
    ProgramData {
        /// The slot of the last deployment, upgrade or extension.
        slot: u64,
        /// Who may upgrade the program; `None` makes it immutable.
        upgrade_authority_address: Option<Pubkey>,
    },
}

const UNINITIALIZED: u32 = 0;
const BUFFER: u32 = 1;
const PROGRAM: u32 = 2;
const PROGRAM_DATA: u32 = 3;

impl UpgradeableLoaderState {
    /// Size of the `Uninitialized` state: 4.
    pub const fn size_of_uninitialized() -> usize {
        4
    }

    /// Size of a buffer account's header: 37 (the program bytes follow).
    pub const fn size_of_buffer_metadata() -> usize {
        37
    }

    /// Size of a program-data account's header: 45 (the ELF follows).
    pub const fn size_of_programdata_metadata() -> usize {
        45
    }

    /// Size of a program account: 36.
    pub const fn size_of_program() -> usize {
        36
    }

    /// Size of a buffer account holding `program_len` program bytes.
    pub const fn size_of_buffer(program_len: usize) -> usize {
        Self::size_of_buffer_metadata().saturating_add(program_len)
    }

    /// Size of a program-data account holding `program_len` ELF bytes.
    pub const fn size_of_programdata(program_len: usize) -> usize {
        Self::size_of_programdata_metadata().saturating_add(program_len)
    }

    /// Serialized length of this state (without any program bytes).
    pub fn serialized_len(&self) -> usize {
        let option = |authority: &Option<Pubkey>| if authority.is_some() { 33 } else { 1 };
        match self {
            UpgradeableLoaderState::Uninitialized => 4,
            UpgradeableLoaderState::Buffer { authority_address } => 4 + option(authority_address),
            UpgradeableLoaderState::Program { .. } => 36,
            UpgradeableLoaderState::ProgramData { upgrade_authority_address, .. } => {
                12 + option(upgrade_authority_address)
            }
        }
    }

    /// Writes the state at the start of `out`; fails (like bincode on a
    /// short slice) when `out` is shorter than [`Self::serialized_len`].
    pub fn serialize_into(&self, out: &mut [u8]) -> Result<(), DecodeError> {
        let bytes = self.to_bytes();
        let available = out.len();
        out.get_mut(..bytes.len())
            .ok_or(DecodeError::UnexpectedEnd { offset: available })?
            .copy_from_slice(&bytes);
        Ok(())
    }

    /// The state as bytes (its [`Self::serialized_len`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::with_capacity(self.serialized_len());
        match self {
            UpgradeableLoaderState::Uninitialized => out.u32(UNINITIALIZED),
            UpgradeableLoaderState::Buffer { authority_address } => {
                out.u32(BUFFER);
                out.option_pubkey(authority_address);
            }
            UpgradeableLoaderState::Program { programdata_address } => {
                out.u32(PROGRAM);
                out.pubkey(programdata_address);
            }
            UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address } => {
                out.u32(PROGRAM_DATA);
                out.u64(*slot);
                out.option_pubkey(upgrade_authority_address);
            }
        }
        out.into_bytes()
    }

    /// Reads the state at the start of `data` (trailing bytes — program
    /// bytes — are allowed, as bincode allows them).
    pub fn deserialize(data: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(data);
        match reader.u32()? {
            UNINITIALIZED => Ok(UpgradeableLoaderState::Uninitialized),
            BUFFER => Ok(UpgradeableLoaderState::Buffer { authority_address: reader.option_pubkey()? }),
            PROGRAM => Ok(UpgradeableLoaderState::Program { programdata_address: reader.pubkey()? }),
            PROGRAM_DATA => {
                let slot = reader.u64()?;
                Ok(UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: reader.option_pubkey()? })
            }
            tag => Err(DecodeError::UnknownTag(tag)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_solana_layout() {
        let key = Pubkey::new_from_array([7; 32]);
        assert_eq!(UpgradeableLoaderState::Uninitialized.to_bytes(), [0, 0, 0, 0]);
        let buffer = UpgradeableLoaderState::Buffer { authority_address: Some(key) };
        assert_eq!(buffer.serialized_len(), UpgradeableLoaderState::size_of_buffer_metadata());
        let program = UpgradeableLoaderState::Program { programdata_address: key };
        assert_eq!(program.serialized_len(), UpgradeableLoaderState::size_of_program());
        let data = UpgradeableLoaderState::ProgramData { slot: 9, upgrade_authority_address: Some(key) };
        assert_eq!(data.serialized_len(), UpgradeableLoaderState::size_of_programdata_metadata());
        let bytes = data.to_bytes();
        assert_eq!(&bytes[..13], &[3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(&bytes[13..], key.as_ref());
    }

    #[test]
    fn states_round_trip_with_trailing_program_bytes() {
        let key = Pubkey::new_from_array([3; 32]);
        for state in [
            UpgradeableLoaderState::Uninitialized,
            UpgradeableLoaderState::Buffer { authority_address: None },
            UpgradeableLoaderState::Buffer { authority_address: Some(key) },
            UpgradeableLoaderState::Program { programdata_address: key },
            UpgradeableLoaderState::ProgramData { slot: u64::MAX, upgrade_authority_address: None },
            UpgradeableLoaderState::ProgramData { slot: 1, upgrade_authority_address: Some(key) },
        ] {
            let mut bytes = state.to_bytes();
            bytes.extend_from_slice(&[0x7f; 10]);
            assert_eq!(UpgradeableLoaderState::deserialize(&bytes), Ok(state));
        }
    }

    #[test]
    fn bad_headers_are_refused() {
        assert_eq!(UpgradeableLoaderState::deserialize(&[4, 0, 0, 0]), Err(DecodeError::UnknownTag(4)));
        assert!(UpgradeableLoaderState::deserialize(&[2, 0, 0, 0, 1]).is_err());
        assert!(UpgradeableLoaderState::deserialize(&[1, 0, 0, 0, 2]).is_err());
        assert!(UpgradeableLoaderState::Program { programdata_address: Pubkey::default() }
            .serialize_into(&mut [0; 8])
            .is_err());
    }
}
