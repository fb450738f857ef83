//! [`UpgradeableLoaderInstruction`]: the upgradeable loader's instruction
//! data, encoded and decoded as Agave 4.3's loader reads it (bincode, a
//! `u32` tag first; `solana-loader-v3-interface` 7).

use alloc::vec::Vec;

use super::{
    codec::{Reader, Writer},
    DecodeError,
};

/// Most bytes the loader reads from instruction data: a packet's size
/// (Agave decodes with this limit, so a longer `Write` is refused).
pub const MAX_INSTRUCTION_DATA_LEN: usize = 1232;

/// One upgradeable-loader instruction. The accounts of each are listed
/// with its builder in [`super`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpgradeableLoaderInstruction {
    /// 0: make an uninitialized account a buffer.
    InitializeBuffer,
    /// 1: write program bytes into a buffer.
    Write {
        /// Where in the program bytes to write.
        offset: u32,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// 2: deploy a buffer as a new program whose ELF may grow to `max_data_len`.
    DeployWithMaxDataLen {
        /// Largest ELF the program-data account holds.
        max_data_len: usize,
    },
    /// 3: replace a program's ELF with a buffer's.
    Upgrade,
    /// 4: change (or remove) the authority of a buffer or program.
    SetAuthority,
    /// 5: close a buffer, program or uninitialized account, reclaiming its lamports.
    Close,
    /// 6: grow a program-data account.
    ExtendProgram {
        /// Bytes to add.
        additional_bytes: u32,
    },
    /// 7: change an authority, the new authority signing too.
    SetAuthorityChecked,
}

impl UpgradeableLoaderInstruction {
    /// The instruction's tag (its first four bytes, little-endian).
    pub fn tag(&self) -> u32 {
        match self {
            UpgradeableLoaderInstruction::InitializeBuffer => 0,
            UpgradeableLoaderInstruction::Write { .. } => 1,
            UpgradeableLoaderInstruction::DeployWithMaxDataLen { .. } => 2,
            UpgradeableLoaderInstruction::Upgrade => 3,
            UpgradeableLoaderInstruction::SetAuthority => 4,
            UpgradeableLoaderInstruction::Close => 5,
            UpgradeableLoaderInstruction::ExtendProgram { .. } => 6,
            UpgradeableLoaderInstruction::SetAuthorityChecked => 7,
        }
    }

    /// The instruction data.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Writer::with_capacity(16);
        out.u32(self.tag());
        match self {
            UpgradeableLoaderInstruction::Write { offset, bytes } => {
                out.u32(*offset);
                out.bytes(bytes);
            }
            UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len } => out.u64(*max_data_len as u64),
            UpgradeableLoaderInstruction::ExtendProgram { additional_bytes } => out.u32(*additional_bytes),
            _ => {}
        }
        out.into_bytes()
    }

    /// Decodes instruction data. Trailing bytes are ignored; an instruction
    /// longer than [`MAX_INSTRUCTION_DATA_LEN`] is refused.
    pub fn decode(data: &[u8]) -> Result<Self, DecodeError> {
        let limited = data.get(..MAX_INSTRUCTION_DATA_LEN).unwrap_or(data);
        let mut reader = Reader::new(limited);
        let instruction = match reader.u32()? {
            0 => UpgradeableLoaderInstruction::InitializeBuffer,
            1 => {
                let offset = reader.u32()?;
                let bytes = reader.bytes()?.to_vec();
                UpgradeableLoaderInstruction::Write { offset, bytes }
            }
            2 => {
                let offset = reader.consumed();
                let max_data_len =
                    usize::try_from(reader.u64()?).map_err(|_| DecodeError::UnexpectedEnd { offset })?;
                UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len }
            }
            3 => UpgradeableLoaderInstruction::Upgrade,
            4 => UpgradeableLoaderInstruction::SetAuthority,
            5 => UpgradeableLoaderInstruction::Close,
            6 => UpgradeableLoaderInstruction::ExtendProgram { additional_bytes: reader.u32()? },
            7 => UpgradeableLoaderInstruction::SetAuthorityChecked,
            tag => return Err(DecodeError::UnknownTag(tag)),
        };
        Ok(instruction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_bincode() {
        assert_eq!(UpgradeableLoaderInstruction::InitializeBuffer.encode(), [0, 0, 0, 0]);
        assert_eq!(
            UpgradeableLoaderInstruction::Write { offset: 5, bytes: alloc::vec![9, 8] }.encode(),
            [1, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 8]
        );
        assert_eq!(
            UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len: 0x0102 }.encode(),
            [2, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(UpgradeableLoaderInstruction::SetAuthorityChecked.encode(), [7, 0, 0, 0]);
        assert_eq!(UpgradeableLoaderInstruction::ExtendProgram { additional_bytes: 1 }.encode(), [6, 0, 0, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn every_instruction_round_trips() {
        for ix in [
            UpgradeableLoaderInstruction::InitializeBuffer,
            UpgradeableLoaderInstruction::Write { offset: 77, bytes: alloc::vec![1; 100] },
            UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len: 4096 },
            UpgradeableLoaderInstruction::Upgrade,
            UpgradeableLoaderInstruction::SetAuthority,
            UpgradeableLoaderInstruction::Close,
            UpgradeableLoaderInstruction::ExtendProgram { additional_bytes: 10_240 },
            UpgradeableLoaderInstruction::SetAuthorityChecked,
        ] {
            let mut data = ix.encode();
            assert_eq!(UpgradeableLoaderInstruction::decode(&data), Ok(ix.clone()));
            data.push(1);
            assert_eq!(UpgradeableLoaderInstruction::decode(&data), Ok(ix));
        }
    }

    #[test]
    fn bad_data_is_refused() {
        assert_eq!(UpgradeableLoaderInstruction::decode(&[8, 0, 0, 0]), Err(DecodeError::UnknownTag(8)));
        assert!(UpgradeableLoaderInstruction::decode(&[1, 0, 0]).is_err());
        let too_long = UpgradeableLoaderInstruction::Write { offset: 0, bytes: alloc::vec![0; MAX_INSTRUCTION_DATA_LEN] };
        assert!(UpgradeableLoaderInstruction::decode(&too_long.encode()).is_err());
    }
}
