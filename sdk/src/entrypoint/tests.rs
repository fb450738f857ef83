//! The parser against host-built input buffers.

use alloc::{vec, vec::Vec};
use core::mem::MaybeUninit;

use super::serialize::{serialize_input, InputAccount, ReadBackError, SerializeError};
use super::*;
use crate::{account::Account, program_error::ProgramError};

fn parse<const N: usize>(
    input: &mut serialize::InputBuffer,
    slots: &mut [MaybeUninit<AccountInfo>; N],
) -> (Pubkey, Vec<AccountInfo>, Vec<u8>) {
    // SAFETY: the buffer was built by serialize_input and outlives the views.
    let (id, accounts, data) = unsafe { deserialize::<N>(input.as_mut_ptr(), slots) };
    (*id, accounts.to_vec(), data.to_vec())
}

fn slots<const N: usize>() -> [MaybeUninit<AccountInfo>; N] {
    [const { MaybeUninit::uninit() }; N]
}

#[test]
fn layout_constants() {
    assert_eq!(account_entry_size(0), 96 + 10240);
    assert_eq!(account_entry_size(1), 96 + 10240 + 8);
    assert_eq!(account_entry_size(8), 96 + 10240 + 8);
    assert_eq!(account_entry_size(9), 96 + 10240 + 16);
    assert_eq!(rent_epoch_offset(3), 88 + 3 + 10240 + 5);
    assert_eq!(core::mem::size_of::<AccountInfo>(), 8);
}

#[test]
fn no_accounts() {
    let program_id = Pubkey::new_unique();
    let mut input = serialize_input(&program_id, &[], &[1, 2, 3]).unwrap();
    assert_eq!(input.as_bytes().len(), 8 + 8 + 3 + 32);
    let mut s = slots::<4>();
    let (id, accounts, data) = parse(&mut input, &mut s);
    assert_eq!(id, program_id);
    assert!(accounts.is_empty());
    assert_eq!(data, [1, 2, 3]);
}

#[test]
fn one_account_fields() {
    let program_id = Pubkey::new_unique();
    let key = Pubkey::new_unique();
    let owner = Pubkey::new_unique();
    let mut account = Account::new_with_data(42, vec![9, 8, 7], &owner);
    account.executable = true;
    account.rent_epoch = u64::MAX;
    let mut input = serialize_input(
        &program_id,
        &[InputAccount::Account {
            key: &key,
            is_signer: true,
            is_writable: false,
            account: &account,
        }],
        &[],
    )
    .unwrap();
    let mut s = slots::<4>();
    let (id, accounts, data) = parse(&mut input, &mut s);
    assert_eq!(id, program_id);
    assert!(data.is_empty());
    let info = accounts[0];
    assert_eq!(info.key(), &key);
    assert_eq!(info.owner(), &owner);
    assert!(info.is_owned_by(&owner));
    assert!(info.is_signer() && !info.is_writable() && info.executable());
    assert_eq!(info.lamports(), 42);
    assert_eq!(info.data_len(), 3);
    assert_eq!(&*info.try_borrow_data().unwrap(), &[9, 8, 7]);
    assert_eq!(info.original_data_len(), 3);
    assert_eq!(info.rent_epoch(), u64::MAX);
    // The parser writes nothing: the padding stays as the runtime left it.
    let entry = input.entry_offset(0).unwrap();
    assert_eq!(input.as_bytes()[entry + ORIGINAL_DATA_LEN_OFFSET..entry + 8], [0, 0, 0, 0]);
}

#[test]
fn the_original_length_is_recorded_before_the_first_change() {
    let key = Pubkey::new_unique();
    let account = Account::new_with_data(1, vec![7; 3], &Pubkey::default());
    let mut input = serialize_input(
        &Pubkey::default(),
        &[InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account }],
        &[],
    )
    .unwrap();
    let mut s = slots::<1>();
    let (_, views, _) = parse(&mut input, &mut s);
    let info = views[0];
    info.realloc(10, true).unwrap();
    assert_eq!((info.data_len(), info.original_data_len()), (10, 3));
    let entry = input.entry_offset(0).unwrap();
    assert_eq!(input.as_bytes()[entry + ORIGINAL_DATA_LEN_OFFSET..entry + 8], [4, 0, 0, 0]);
    // Later changes keep the first record; the limit stays 3 + 10 KiB.
    info.realloc(0, false).unwrap();
    assert_eq!(info.original_data_len(), 3);
    assert_eq!(info.realloc(3 + MAX_PERMITTED_DATA_INCREASE + 1, true), Err(ProgramError::InvalidRealloc));
    info.realloc(3 + MAX_PERMITTED_DATA_INCREASE, true).unwrap();
    assert_eq!(info.rent_epoch(), account.rent_epoch);
    assert_eq!(input.as_bytes()[entry + ORIGINAL_DATA_LEN_OFFSET..entry + 8], [4, 0, 0, 0]);
}

/// Nine accounts into capacities that end the paired loop on an odd or
/// even count, and none: small enough for Miri.
#[test]
fn accounts_beyond_a_small_capacity_are_walked() {
    let program_id = Pubkey::new_unique();
    let keys: Vec<Pubkey> = (0..9).map(|_| Pubkey::new_unique()).collect();
    let owner = Pubkey::new_unique();
    let accounts: Vec<Account> = (0..9).map(|i| Account::new_with_data(i as u64, vec![i as u8; i % 5], &owner)).collect();
    let entries: Vec<InputAccount> = keys
        .iter()
        .zip(&accounts)
        .map(|(key, account)| InputAccount::Account { key, is_signer: false, is_writable: true, account })
        .collect();
    let mut input = serialize_input(&program_id, &entries, b"tail").unwrap();
    for (capacity, views) in [
        (1, parse(&mut input, &mut slots::<1>()).1),
        (2, parse(&mut input, &mut slots::<2>()).1),
        (7, parse(&mut input, &mut slots::<7>()).1),
        (9, parse(&mut input, &mut slots::<16>()).1),
    ] {
        assert_eq!(views.len(), capacity);
        for (i, view) in views.iter().enumerate() {
            assert_eq!((view.key(), view.lamports()), (&keys[i], i as u64));
            assert_eq!(&*view.try_borrow_data().unwrap(), &accounts[i].data[..]);
        }
    }
    let (id, views, data) = parse(&mut input, &mut slots::<0>());
    assert_eq!((id, views.len(), data.as_slice()), (program_id, 0, &b"tail"[..]));
}

#[test]
#[cfg_attr(miri, ignore = "70 entries of 10 KiB each take Miri many minutes; accounts_beyond_a_small_capacity_are_walked covers the walk")]
fn many_accounts_beyond_capacity_are_walked() {
    let program_id = Pubkey::new_unique();
    let keys: Vec<Pubkey> = (0..70).map(|_| Pubkey::new_unique()).collect();
    let owner = Pubkey::new_unique();
    let accounts: Vec<Account> = (0..70)
        .map(|i| Account::new_with_data(i as u64, vec![i as u8; i % 13], &owner))
        .collect();
    let entries: Vec<InputAccount> = keys
        .iter()
        .zip(&accounts)
        .map(|(key, account)| InputAccount::Account {
            key,
            is_signer: false,
            is_writable: true,
            account,
        })
        .collect();
    let mut input = serialize_input(&program_id, &entries, b"tail").unwrap();
    let mut s = slots::<64>();
    let (id, views, data) = parse(&mut input, &mut s);
    assert_eq!(id, program_id);
    assert_eq!(data, b"tail");
    assert_eq!(views.len(), 64);
    for (i, view) in views.iter().enumerate() {
        assert_eq!(view.key(), &keys[i]);
        assert_eq!(view.lamports(), i as u64);
        assert_eq!(&*view.try_borrow_data().unwrap(), &accounts[i].data[..]);
    }
    let mut all = slots::<255>();
    let (_, views, _) = parse(&mut input, &mut all);
    assert_eq!(views.len(), 70);
    // Capacities that end the paired loop on an odd or even count, and none.
    for (capacity, views) in [
        (1, parse(&mut input, &mut slots::<1>()).1),
        (2, parse(&mut input, &mut slots::<2>()).1),
        (7, parse(&mut input, &mut slots::<7>()).1),
    ] {
        assert_eq!(views.len(), capacity);
        assert!(views.iter().zip(&keys).all(|(view, key)| view.key() == key));
    }
    let (id, views, data) = parse(&mut input, &mut slots::<0>());
    assert_eq!((id, views.len(), data.as_slice()), (program_id, 0, &b"tail"[..]));
}

#[test]
fn duplicates_share_the_view_and_its_borrows() {
    let program_id = Pubkey::new_unique();
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    let owner = Pubkey::new_unique();
    let account_a = Account::new_with_data(1, vec![1; 5], &owner);
    let account_b = Account::new_with_data(2, vec![], &owner);
    let entries = [
        InputAccount::Account { key: &a, is_signer: true, is_writable: true, account: &account_a },
        InputAccount::Account { key: &b, is_signer: false, is_writable: true, account: &account_b },
        InputAccount::Duplicate(0),
        InputAccount::Duplicate(1),
        InputAccount::Duplicate(0),
    ];
    let mut input = serialize_input(&program_id, &entries, &[7]).unwrap();
    let mut s = slots::<8>();
    let (_, views, data) = parse(&mut input, &mut s);
    assert_eq!(data, [7]);
    assert_eq!(views.len(), 5);
    assert_eq!(views[2], views[0]);
    assert_eq!(views[4], views[0]);
    assert_eq!(views[3], views[1]);
    let guard = views[0].try_borrow_mut_data().unwrap();
    assert_eq!(views[2].try_borrow_data().unwrap_err(), ProgramError::AccountBorrowFailed);
    drop(guard);
    views[2].try_borrow_mut_data().unwrap()[0] = 99;
    assert_eq!(views[0].try_borrow_data().unwrap()[0], 99);

    assert_eq!(
        serialize_input(&program_id, &[InputAccount::Duplicate(0)], &[]).unwrap_err(),
        SerializeError::BadDuplicate { position: 0, index: 0 }
    );
}

#[test]
fn borrow_rules() {
    let key = Pubkey::new_unique();
    let account = Account::new_with_data(10, vec![0; 4], &Pubkey::default());
    let mut input = serialize_input(
        &Pubkey::default(),
        &[InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account }],
        &[],
    )
    .unwrap();
    let mut s = slots::<1>();
    let (_, views, _) = parse(&mut input, &mut s);
    let info = views[0];
    {
        let shared: Vec<_> = (0..254).map(|_| info.try_borrow_data().unwrap()).collect();
        assert_eq!(info.try_borrow_data().unwrap_err(), ProgramError::AccountBorrowFailed);
        assert_eq!(info.try_borrow_mut_data().unwrap_err(), ProgramError::AccountBorrowFailed);
        assert_eq!(info.realloc(1, true), Err(ProgramError::AccountBorrowFailed));
        // The balance is not borrowed: it stays readable and writable.
        info.set_lamports(info.lamports() + 5);
        assert_eq!(info.lamports(), 15);
        drop(shared);
    }
    assert!(info.can_borrow_mut_data());
    info.set_lamports(20);
    assert_eq!(info.lamports(), 20);
    let tail = crate::account_info::RefMut::map(info.try_borrow_mut_data().unwrap(), |d| &mut d[2..]);
    assert_eq!(tail.len(), 2);
    assert!(!info.can_borrow_mut_data());
    drop(tail);
    assert!(info.can_borrow_mut_data());
    // The state is back to free: the marker the runtime wrote.
    let entry = input.entry_offset(0).unwrap();
    assert_eq!(input.as_bytes()[entry], NON_DUP_MARKER);
}

#[test]
fn every_data_size_parses_and_reallocs_within_the_limit() {
    let owner = Pubkey::new_unique();
    let key = Pubkey::new_unique();
    // Miri interprets every byte: it takes each padding class once.
    let lengths: Vec<usize> = if cfg!(miri) {
        vec![0, 1, 7, 8, 9, 16, 10_240]
    } else {
        (0..=40).chain([255, 1024, 4093, 10_239, 10_240]).collect()
    };
    for len in lengths {
        let account = Account::new_with_data(len as u64, (0..len).map(|i| i as u8).collect(), &owner);
        let mut input = serialize_input(
            &owner,
            &[
                InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account },
                InputAccount::Duplicate(0),
            ],
            &[0xAB; 3],
        )
        .unwrap();
        let mut s = slots::<2>();
        let (id, views, data) = parse(&mut input, &mut s);
        assert_eq!((id, data.as_slice()), (owner, &[0xAB; 3][..]), "len {len}");
        let info = views[0];
        assert_eq!(&*info.try_borrow_data().unwrap(), &account.data[..]);
        assert_eq!(info.rent_epoch(), 0);
        let limit = len + MAX_PERMITTED_DATA_INCREASE;
        assert_eq!(info.realloc(limit + 1, true), Err(ProgramError::InvalidRealloc));
        info.realloc(limit, true).unwrap();
        assert_eq!(input.read_account(0).unwrap().data.len(), limit);
        info.realloc(0, false).unwrap();
        assert!(input.read_account(0).unwrap().data.is_empty());
    }
    // Every length from 0 to the limit, for one account.
    let account = Account::new_with_data(0, vec![5; 3], &owner);
    let mut input = serialize_input(
        &owner,
        &[InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account }],
        &[],
    )
    .unwrap();
    let mut s = slots::<1>();
    let (_, views, _) = parse(&mut input, &mut s);
    // Under Miri, every 61st length (and the last).
    let step = if cfg!(miri) { 61 } else { 1 };
    let limit = 3 + MAX_PERMITTED_DATA_INCREASE;
    for new_len in (0..=limit).step_by(step).chain([limit]) {
        views[0].realloc(new_len, true).unwrap();
        assert_eq!(views[0].data_len(), new_len);
    }
    assert_eq!(views[0].try_borrow_data().unwrap()[..3], [0, 0, 0], "shrink then zero-filled growth");
}

#[test]
fn write_back_lamports_data_and_owner() {
    let program_id = Pubkey::new_unique();
    let new_owner = Pubkey::new_unique();
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    let account_a = Account::new_with_data(100, vec![1, 2, 3], &program_id);
    let account_b = Account::new(50, 0, &program_id);
    let entries = [
        InputAccount::Account { key: &a, is_signer: false, is_writable: true, account: &account_a },
        InputAccount::Duplicate(0),
        InputAccount::Account { key: &b, is_signer: false, is_writable: true, account: &account_b },
    ];
    let mut input = serialize_input(&program_id, &entries, &[]).unwrap();

    fn process(program_id: &Pubkey, accounts: &[AccountInfo], _data: &[u8]) -> ProgramResult {
        let [a, a_again, b] = accounts else {
            return Err(ProgramError::NotEnoughAccountKeys);
        };
        assert!(a.is_owned_by(program_id));
        a.set_lamports(a.lamports() - 30);
        b.set_lamports(b.lamports() + 30);
        a_again.realloc(6, true)?;
        a_again.try_borrow_mut_data()?[3..].copy_from_slice(b"xyz");
        b.realloc(2, true)?;
        b.try_borrow_mut_data()?.copy_from_slice(&[0xCC, 0xDD]);
        // SAFETY: no owner() reference is live.
        unsafe { b.assign(&Pubkey::new_from_array([7; 32])) };
        Ok(())
    }
    // SAFETY: a buffer built by serialize_input.
    let rc = unsafe { process_entrypoint::<4>(input.as_mut_ptr(), process) };
    assert_eq!(rc, SUCCESS);
    let out_a = input.read_account(0).unwrap();
    assert_eq!(out_a.lamports, 70);
    assert_eq!(out_a.data, [1, 2, 3, b'x', b'y', b'z']);
    assert_eq!(out_a.owner, program_id);
    assert_eq!(input.read_account(1), Err(ReadBackError::NotAnAccount(1)));
    let out_b = input.read_account(2).unwrap();
    assert_eq!(out_b.lamports, 80);
    assert_eq!(out_b.data, [0xCC, 0xDD]);
    assert_eq!(out_b.owner, Pubkey::new_from_array([7; 32]));
    let _ = new_owner;

    fn failing(_: &Pubkey, _: &[AccountInfo], _: &[u8]) -> ProgramResult {
        Err(ProgramError::Custom(0))
    }
    // A fresh buffer: the program's realloc changed this one's lengths,
    // and only the runtime re-serializes between instructions.
    let mut fresh = serialize_input(&program_id, &entries, &[]).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { process_entrypoint::<4>(fresh.as_mut_ptr(), failing) }, 1 << 32);

    // A length beyond the allowance written behind the SDK's back is
    // caught on read-back, as the runtime does.
    let entry = input.entry_offset(2).unwrap();
    input.as_bytes_mut()[entry + DATA_LEN_OFFSET..entry + DATA_LEN_OFFSET + 8]
        .copy_from_slice(&(MAX_PERMITTED_DATA_INCREASE as u64 + 1).to_le_bytes());
    assert_eq!(
        input.read_account(2),
        Err(ReadBackError::InvalidRealloc { new_len: 10_241, original_len: 0 })
    );
}

#[test]
fn too_many_accounts_is_rejected() {
    let account = Account::default();
    let key = Pubkey::default();
    let mut entries = vec![InputAccount::Account { key: &key, is_signer: false, is_writable: false, account: &account }];
    entries.extend((0..255).map(|_| InputAccount::Duplicate(0)));
    assert_eq!(
        serialize_input(&key, &entries, &[]).unwrap_err(),
        SerializeError::TooManyAccounts(256)
    );
}
