//! The precompiles: Ed25519, secp256k1 and secp256r1 signature verification
//! run natively for instructions addressed to their program ids, with Agave
//! 4.3's parsing, checks and errors (`agave-precompiles`).
//!
//! As in Agave 4.3 (where the verification moved into the SVM), a
//! precompile instruction is a top-level instruction of its own: it enters
//! the instruction trace, logs nothing, consumes no compute units, and a
//! failure is `InstructionError::Custom(code)` of the [`PrecompileError`].
//! Each signature it verifies is charged in the fee like a transaction
//! signature ([`signature_count`]). A program cannot invoke a precompile.
//! The instruction layouts, ids and errors are the SDK's
//! ([`lamport_sdk::precompiles`]).

mod ed25519;
mod secp256k1;
mod secp256r1;

use lamport_sdk::{account::Account, pubkey::Pubkey};
pub use lamport_sdk::precompiles::{is_precompile, signature_count, PrecompileError};

use crate::ids;

/// The three precompile program ids.
pub const PRECOMPILE_IDS: [Pubkey; 3] =
    [lamport_sdk::precompiles::secp256k1::ID, lamport_sdk::precompiles::ed25519::ID, lamport_sdk::precompiles::secp256r1::ID];

/// Verifies the instruction `data` of precompile `program_id`;
/// `instruction_datas` holds the data of every top-level instruction of the
/// transaction (offsets may point into any of them). A program id that is
/// not a precompile is rejected with `InvalidPublicKey`, as in Agave.
pub fn verify(program_id: &Pubkey, data: &[u8], instruction_datas: &[&[u8]]) -> Result<(), PrecompileError> {
    if *program_id == lamport_sdk::precompiles::ed25519::ID {
        ed25519::verify(data, instruction_datas)
    } else if *program_id == lamport_sdk::precompiles::secp256k1::ID {
        secp256k1::verify(data, instruction_datas)
    } else if *program_id == lamport_sdk::precompiles::secp256r1::ID {
        secp256r1::verify(data, instruction_datas)
    } else {
        Err(PrecompileError::InvalidPublicKey)
    }
}

/// The account a precompile id holds: executable, owned by the native
/// loader, 1 lamport, no data (as LiteSVM and Agave's genesis create it).
pub fn precompile_account() -> Account {
    Account { lamports: 1, data: Vec::new(), owner: ids::NATIVE_LOADER_ID, executable: true, rent_epoch: 0 }
}

/// The number of precompile signatures among `instructions`
/// (`(program id, data)` of each top-level instruction), which the fee
/// charges like transaction signatures.
pub fn count_signatures<'a>(instructions: impl Iterator<Item = (&'a Pubkey, &'a [u8])>) -> u64 {
    instructions
        .filter(|(program_id, _)| is_precompile(program_id))
        .fold(0u64, |sum, (_, data)| sum.saturating_add(signature_count(data)))
}

/// The data an instruction index of an Ed25519 or secp256r1 offsets record
/// names: `u16::MAX` is the precompile instruction itself.
fn instruction_data<'a>(
    data: &'a [u8],
    instruction_datas: &'a [&'a [u8]],
    index: u16,
) -> Result<&'a [u8], PrecompileError> {
    if index == lamport_sdk::precompiles::CURRENT_INSTRUCTION {
        return Ok(data);
    }
    instruction_datas.get(usize::from(index)).copied().ok_or(PrecompileError::InvalidDataOffsets)
}

/// `size` bytes at `offset` of the data instruction `index` names (Ed25519
/// and secp256r1): `InvalidDataOffsets` when they are not all there.
fn data_slice<'a>(
    data: &'a [u8],
    instruction_datas: &'a [&'a [u8]],
    index: u16,
    offset: u16,
    size: usize,
) -> Result<&'a [u8], PrecompileError> {
    let instruction = instruction_data(data, instruction_datas, index)?;
    let start = usize::from(offset);
    instruction.get(start..start.saturating_add(size)).ok_or(PrecompileError::InvalidDataOffsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_their_base58_names() {
        let names = PRECOMPILE_IDS.map(|id| id.to_string());
        assert_eq!(
            names,
            [
                "KeccakSecp256k11111111111111111111111111111",
                "Ed25519SigVerify111111111111111111111111111",
                "Secp256r1SigVerify1111111111111111111111111"
            ]
        );
    }

    #[test]
    fn signatures_are_counted_from_the_first_data_byte() {
        let [k1, ed, r1] = PRECOMPILE_IDS;
        let other = Pubkey::new_unique();
        let datas: [(&Pubkey, &[u8]); 5] = [(&ed, &[2, 0]), (&k1, &[1]), (&r1, &[]), (&other, &[9]), (&r1, &[3, 0])];
        assert_eq!(count_signatures(datas.into_iter()), 6);
    }

    #[test]
    fn a_non_precompile_is_rejected() {
        assert_eq!(verify(&Pubkey::new_unique(), &[0, 0], &[]), Err(PrecompileError::InvalidPublicKey));
    }
}
