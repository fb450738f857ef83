//! The Instructions sysvar account of a transaction: built from its
//! message when the message lists `Sysvar1nstructions1111111111111111111111111`
//! (in the SDK's layout, [`lamport_sdk::sysvar::instructions`]), shown
//! read-only, never stored, its current index set before each top-level
//! instruction.

use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    sysvar::instructions::{self, InstructionsSysvarError},
};

use crate::{ids, sanitize::SanitizedTransaction};

/// The sysvar account for `tx`: every top-level instruction with the
/// privileges the transaction grants its accounts, current index 0, owned
/// by the sysvar owner, no lamports (as Agave builds it).
#[inline(never)]
pub(crate) fn account(tx: &SanitizedTransaction) -> Result<Account, InstructionsSysvarError> {
    let keys = tx.keys();
    let decompiled: Vec<Instruction> = tx
        .transaction
        .message
        .instructions()
        .iter()
        .map(|ix| Instruction {
            program_id: keys[usize::from(ix.program_id_index)],
            accounts: ix
                .accounts
                .iter()
                .map(|&index| {
                    let index = usize::from(index);
                    AccountMeta { pubkey: keys[index], is_signer: tx.is_signer[index], is_writable: tx.is_writable[index] }
                })
                .collect(),
            data: ix.data.clone(),
        })
        .collect();
    let data = instructions::construct_instructions_data(&decompiled)?;
    Ok(Account { lamports: 0, data, owner: ids::SYSVAR_OWNER_ID, executable: false, rent_epoch: 0 })
}

/// Records top-level instruction `index` as the executing one.
pub(crate) fn set_current_index(account: &mut Account, index: usize) {
    // The account is built with room for the index, and a transaction has
    // far fewer than `u16::MAX` instructions.
    instructions::store_current_index(&mut account.data, u16::try_from(index).unwrap_or(u16::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;
    use lamport_sdk::{hash::Hash, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

    #[test]
    fn the_runtime_writes_what_the_sdk_reads_with_granted_privileges() {
        let payer = Keypair::new();
        let program = Pubkey::new_unique();
        let other = Pubkey::new_unique();
        let first = Instruction::new(
            program,
            vec![1, 2, 3],
            vec![AccountMeta::new(payer.pubkey(), true), AccountMeta::new_readonly(other, false)],
        );
        // Asked writable, granted read-only: sysvars are reserved.
        let second = Instruction::new(program, vec![4], vec![AccountMeta::new(instructions::ID, false)]);
        let tx = Transaction::new_signed_with_payer(
            &[first.clone(), second],
            Some(&payer.pubkey()),
            &[&payer],
            Hash::default(),
        );
        let tx = crate::sanitize::sanitize(tx.into()).unwrap();
        let mut account = account(&tx).unwrap();
        assert_eq!((account.lamports, account.owner), (0, ids::SYSVAR_OWNER_ID));
        assert_eq!(instructions::load_instruction_at(0, &account.data).unwrap(), first);
        let read = instructions::load_instruction_at(1, &account.data).unwrap();
        assert_eq!(read.accounts, vec![AccountMeta::new_readonly(instructions::ID, false)]);
        assert_eq!(read.data, [4]);
        assert_eq!(instructions::load_current_index(&account.data), Ok(0));
        set_current_index(&mut account, 1);
        assert_eq!(instructions::load_current_index(&account.data), Ok(1));
    }
}
