//! Byte-for-byte checks of the system program's instruction data and
//! account lists against the bincode layout Solana uses.

use alloc::{string::String, vec::Vec};

use super::*;
use crate::instruction::AccountMeta;

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn id_is_all_zero() {
    assert_eq!(alloc::string::ToString::to_string(&ID), "11111111111111111111111111111111");
}

#[test]
fn transfer_bytes_and_accounts() {
    let from = Pubkey::new_unique();
    let to = Pubkey::new_unique();
    let ix = transfer(&from, &to, 42);
    assert_eq!(ix.program_id, ID);
    assert_eq!(ix.data, [2, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        ix.accounts,
        [AccountMeta::new(from, true), AccountMeta::new(to, false)]
    );
}

#[test]
fn create_account_bytes() {
    let from = Pubkey::new_unique();
    let to = Pubkey::new_unique();
    let owner = Pubkey::new_from_array([9; 32]);
    let ix = create_account(&from, &to, 1_000_000, 165, &owner);
    let expected = concat(&[
        &[0, 0, 0, 0],
        &1_000_000u64.to_le_bytes(),
        &165u64.to_le_bytes(),
        &[9; 32],
    ]);
    assert_eq!(ix.data.len(), 52);
    assert_eq!(ix.data, expected);
    assert_eq!(ix.accounts, [AccountMeta::new(from, true), AccountMeta::new(to, true)]);
}

#[test]
fn assign_and_allocate_bytes() {
    let key = Pubkey::new_unique();
    let owner = Pubkey::new_from_array([3; 32]);
    let ix = assign(&key, &owner);
    assert_eq!(ix.data, concat(&[&[1, 0, 0, 0], &[3; 32]]));
    assert_eq!(ix.accounts, [AccountMeta::new(key, true)]);
    let ix = allocate(&key, 0x0102);
    assert_eq!(ix.data, [8, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(ix.accounts, [AccountMeta::new(key, true)]);
}

#[test]
fn with_seed_bytes_and_accounts() {
    let from = Pubkey::new_unique();
    let base = Pubkey::new_from_array([1; 32]);
    let owner = Pubkey::new_from_array([2; 32]);
    let to = Pubkey::create_with_seed(&base, "seed", &owner).unwrap();
    let ix = create_account_with_seed(&from, &to, &base, "seed", 7, 8, &owner);
    let expected = concat(&[
        &[3, 0, 0, 0],
        &[1; 32],
        &4u64.to_le_bytes(),
        b"seed",
        &7u64.to_le_bytes(),
        &8u64.to_le_bytes(),
        &[2; 32],
    ]);
    assert_eq!(ix.data, expected);
    assert_eq!(
        ix.accounts,
        [
            AccountMeta::new(from, true),
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(base, true)
        ]
    );
    // The base is not repeated when it is the funder.
    let ix = create_account_with_seed(&base, &to, &base, "seed", 7, 8, &owner);
    assert_eq!(ix.accounts.len(), 2);

    let ix = assign_with_seed(&to, &base, "s", &owner);
    assert_eq!(ix.data, concat(&[&[10, 0, 0, 0], &[1; 32], &1u64.to_le_bytes(), b"s", &[2; 32]]));
    assert_eq!(ix.accounts, [AccountMeta::new(to, false), AccountMeta::new_readonly(base, true)]);

    let ix = allocate_with_seed(&to, &base, "s", 5, &owner);
    assert_eq!(
        ix.data,
        concat(&[&[9, 0, 0, 0], &[1; 32], &1u64.to_le_bytes(), b"s", &5u64.to_le_bytes(), &[2; 32]])
    );

    let dest = Pubkey::new_unique();
    let ix = transfer_with_seed(&to, &base, "s", &owner, &dest, 6);
    assert_eq!(
        ix.data,
        concat(&[&[11, 0, 0, 0], &6u64.to_le_bytes(), &1u64.to_le_bytes(), b"s", &[2; 32]])
    );
    assert_eq!(
        ix.accounts,
        [
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(base, true),
            AccountMeta::new(dest, false)
        ]
    );
}

#[test]
fn every_variant_round_trips() {
    let k = Pubkey::new_from_array([5; 32]);
    let all = [
        SystemInstruction::CreateAccount { lamports: 1, space: 2, owner: k },
        SystemInstruction::Assign { owner: k },
        SystemInstruction::Transfer { lamports: u64::MAX },
        SystemInstruction::CreateAccountWithSeed {
            base: k,
            seed: String::from("☉ seed"),
            lamports: 3,
            space: 4,
            owner: k,
        },
        SystemInstruction::AdvanceNonceAccount,
        SystemInstruction::WithdrawNonceAccount(9),
        SystemInstruction::InitializeNonceAccount(k),
        SystemInstruction::AuthorizeNonceAccount(k),
        SystemInstruction::Allocate { space: 10 },
        SystemInstruction::AllocateWithSeed { base: k, seed: String::new(), space: 1, owner: k },
        SystemInstruction::AssignWithSeed { base: k, seed: String::from("x"), owner: k },
        SystemInstruction::TransferWithSeed {
            lamports: 1,
            from_seed: String::from("y"),
            from_owner: k,
        },
        SystemInstruction::UpgradeNonceAccount,
    ];
    for (tag, ix) in all.iter().enumerate() {
        let data = ix.encode();
        assert_eq!(data[..4], (tag as u32).to_le_bytes());
        assert_eq!(SystemInstruction::decode(&data).as_ref(), Ok(ix));
        // Trailing bytes are ignored, like bincode with allow_trailing_bytes.
        let mut longer = data.clone();
        longer.push(0xAA);
        assert_eq!(SystemInstruction::decode(&longer).as_ref(), Ok(ix));
        // Every strict prefix that cuts a field is rejected.
        if data.len() > 4 {
            assert!(SystemInstruction::decode(&data[..data.len() - 1]).is_err());
        }
    }
    assert_eq!(SystemInstruction::AdvanceNonceAccount.encode(), [4, 0, 0, 0]);
}

#[test]
fn malformed_data_is_rejected() {
    assert_eq!(
        SystemInstruction::decode(&[2, 0, 0]),
        Err(DecodeError::UnexpectedEnd { offset: 0 })
    );
    assert_eq!(SystemInstruction::decode(&[13, 0, 0, 0]), Err(DecodeError::UnknownTag(13)));
    let bad_utf8 = concat(&[&[10, 0, 0, 0], &[0; 32], &1u64.to_le_bytes(), &[0xFF], &[0; 32]]);
    assert_eq!(
        SystemInstruction::decode(&bad_utf8),
        Err(DecodeError::InvalidUtf8 { offset: 44 })
    );
    let huge_len = concat(&[&[10, 0, 0, 0], &[0; 32], &u64::MAX.to_le_bytes()]);
    assert!(SystemInstruction::decode(&huge_len).is_err());
    assert_eq!(
        SystemInstruction::decode(&[0; 1233]),
        Err(DecodeError::TooLong(1233))
    );
}

#[test]
fn system_error_codes() {
    assert_eq!(
        crate::program_error::ProgramError::from(SystemError::AccountAlreadyInUse),
        crate::program_error::ProgramError::Custom(0)
    );
    assert_eq!(SystemError::NonceUnexpectedBlockhashValue as u32, 8);
    for (code, error) in SystemError::ALL.iter().enumerate() {
        assert_eq!(SystemError::from_code(code as u32), Some(*error));
    }
    assert_eq!(SystemError::from_code(9), None);
}

#[test]
fn nonce_instruction_bytes_and_accounts() {
    use crate::sysvar::{rent, RECENT_BLOCKHASHES_ID};
    let (nonce, authority, to) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
    let new_authority = Pubkey::new_from_array([5; 32]);

    let ix = advance_nonce_account(&nonce, &authority);
    assert_eq!(ix.data, [4, 0, 0, 0]);
    assert_eq!(
        ix.accounts,
        [AccountMeta::new(nonce, false), AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false), AccountMeta::new_readonly(authority, true)]
    );

    let ix = withdraw_nonce_account(&nonce, &authority, &to, 0x0102_0304);
    assert_eq!(ix.data, [5, 0, 0, 0, 4, 3, 2, 1, 0, 0, 0, 0]);
    assert_eq!(
        ix.accounts,
        [
            AccountMeta::new(nonce, false),
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false),
            AccountMeta::new_readonly(rent::ID, false),
            AccountMeta::new_readonly(authority, true),
        ]
    );

    let ix = initialize_nonce_account(&nonce, &new_authority);
    assert_eq!(ix.data, concat(&[&[6, 0, 0, 0], &[5; 32]]));
    assert_eq!(
        ix.accounts,
        [AccountMeta::new(nonce, false), AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false), AccountMeta::new_readonly(rent::ID, false)]
    );

    let ix = authorize_nonce_account(&nonce, &authority, &new_authority);
    assert_eq!(ix.data, concat(&[&[7, 0, 0, 0], &[5; 32]]));
    assert_eq!(ix.accounts, [AccountMeta::new(nonce, false), AccountMeta::new_readonly(authority, true)]);

    let ix = upgrade_nonce_account(&nonce);
    assert_eq!(ix.data, [12, 0, 0, 0]);
    assert_eq!(ix.accounts, [AccountMeta::new(nonce, false)]);
    for ix in [advance_nonce_account(&nonce, &authority), upgrade_nonce_account(&nonce)] {
        assert_eq!(ix.program_id, ID);
        assert_eq!(SystemInstruction::decode(&ix.data).unwrap().encode(), ix.data);
    }
}
