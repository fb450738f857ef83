//! The token and associated-token CPI builders, byte for byte against SPL
//! Token's instruction packing (a one-byte tag, fields little-endian, an
//! optional key as `00` / `01 ‖ key`) and the account lists its processor
//! reads, through the host stand-in of `sol_invoke_signed_c`.

use alloc::{boxed::Box, vec::Vec};
use core::mem::MaybeUninit;

use crate::{
    account::Account,
    account_info::AccountInfo,
    associated_token,
    entrypoint::{
        deserialize,
        serialize::{serialize_input, InputAccount, InputBuffer},
    },
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    syscalls::host,
    token::{self, AuthorityType},
    token_2022,
};

struct Fixture {
    keys: Vec<Pubkey>,
    input: InputBuffer,
    slots: Vec<MaybeUninit<AccountInfo>>,
}

fn fixture(n: usize) -> Fixture {
    let owner = Pubkey::new_unique();
    let keys: Vec<Pubkey> = (0..n).map(|_| Pubkey::new_unique()).collect();
    let accounts: Vec<Account> = keys.iter().map(|_| Account::new(1_000, 0, &owner)).collect();
    let entries: Vec<InputAccount> = keys
        .iter()
        .zip(&accounts)
        .map(|(key, account)| InputAccount::Account { key, is_signer: true, is_writable: true, account })
        .collect();
    Fixture { input: serialize_input(&owner, &entries, &[]).unwrap(), keys, slots: Vec::new() }
}

impl Fixture {
    fn views(&mut self) -> &[AccountInfo] {
        let mut slots = Box::new([const { MaybeUninit::<AccountInfo>::uninit() }; 64]);
        // SAFETY: a buffer from serialize_input, alive as long as the fixture.
        let (_, accounts, _) = unsafe { deserialize::<64>(self.input.as_mut_ptr(), &mut slots) };
        let n = accounts.len();
        self.slots = slots.into_iter().collect();
        // SAFETY: the first `n` slots were initialized by deserialize.
        unsafe { core::slice::from_raw_parts(self.slots.as_ptr().cast(), n) }
    }
}

fn meta(key: Pubkey, writable: bool, signer: bool) -> AccountMeta {
    AccountMeta { pubkey: key, is_signer: signer, is_writable: writable }
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The one invocation made since the last call.
fn invoked() -> Instruction {
    let mut calls = host::take_invocations();
    assert_eq!(calls.len(), 1);
    calls.remove(0).instruction
}

#[test]
fn ids() {
    assert_eq!(alloc::string::ToString::to_string(&token::ID), "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    assert_eq!(alloc::string::ToString::to_string(&token_2022::ID), "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
    assert_eq!(alloc::string::ToString::to_string(&associated_token::ID), "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
}

#[test]
fn amount_instructions_bytes_and_accounts() {
    host::reset();
    let mut f = fixture(4);
    let [a, b, c, d] = [f.keys[0], f.keys[1], f.keys[2], f.keys[3]];
    let v = f.views();
    let amount = 0x0807_0605_0403_0201u64;
    let le = amount.to_le_bytes();

    token::transfer(&v[0], &v[1], &v[2], amount).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.program_id, token::ID);
    assert_eq!(ix.data, concat(&[&[3], &le]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, true, false), meta(c, false, true)]);

    token::transfer_checked(&v[0], &v[1], &v[2], &v[3], amount, 6).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[12], &le, &[6]]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false), meta(c, true, false), meta(d, false, true)]);

    token::approve(&v[0], &v[1], &v[2], amount).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[4], &le]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false), meta(c, false, true)]);

    token::approve_checked(&v[0], &v[1], &v[2], &v[3], amount, 2).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[13], &le, &[2]]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false), meta(c, false, false), meta(d, false, true)]);

    token::mint_to(&v[0], &v[1], &v[2], amount).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[7], &le]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, true, false), meta(c, false, true)]);

    token::mint_to_checked(&v[0], &v[1], &v[2], amount, 9).invoke().unwrap();
    assert_eq!(invoked().data, concat(&[&[14], &le, &[9]]));

    token::burn(&v[0], &v[1], &v[2], amount).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[8], &le]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, true, false), meta(c, false, true)]);

    token::burn_checked(&v[0], &v[1], &v[2], amount, 0).invoke().unwrap();
    assert_eq!(invoked().data, concat(&[&[15], &le, &[0]]));
}

#[test]
fn account_instructions_bytes_and_accounts() {
    host::reset();
    let mut f = fixture(4);
    let [a, b, c, d] = [f.keys[0], f.keys[1], f.keys[2], f.keys[3]];
    let v = f.views();

    token::revoke(&v[0], &v[1]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, [5]);
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, true)]);

    token::close_account(&v[0], &v[1], &v[2]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, [9]);
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, true, false), meta(c, false, true)]);

    token::freeze_account(&v[0], &v[1], &v[2]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, [10]);
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false), meta(c, false, true)]);
    token::thaw_account(&v[0], &v[1], &v[2]).invoke().unwrap();
    assert_eq!(invoked().data, [11]);

    token::sync_native(&v[0]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, [17]);
    assert_eq!(ix.accounts, [meta(a, true, false)]);

    token::initialize_account(&v[0], &v[1], &v[2], &v[3]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, [1]);
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false), meta(c, false, false), meta(d, false, false)]);

    token::initialize_account3(&v[0], &v[1], &d).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[18], d.as_ref()]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false)]);
}

#[test]
fn optional_keys_pack_as_a_flag_then_the_key() {
    host::reset();
    let mut f = fixture(2);
    let [a, b] = [f.keys[0], f.keys[1]];
    let v = f.views();
    let authority = Pubkey::new_from_array([0xaa; 32]);
    let freeze = Pubkey::new_from_array([0xbb; 32]);

    token::initialize_mint(&v[0], &v[1], 6, &authority, Some(&freeze)).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[0, 6], &[0xaa; 32], &[1], &[0xbb; 32]]));
    assert_eq!(ix.data.len(), 67);
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, false)]);

    token::initialize_mint2(&v[0], 0, &authority, None).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[20, 0], &[0xaa; 32], &[0]]));
    assert_eq!(ix.accounts, [meta(a, true, false)]);

    token::set_authority(&v[0], &v[1], AuthorityType::CloseAccount, Some(&freeze)).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.data, concat(&[&[6, 3, 1], &[0xbb; 32]]));
    assert_eq!(ix.accounts, [meta(a, true, false), meta(b, false, true)]);
    token::set_authority(&v[0], &v[1], AuthorityType::MintTokens, None).invoke().unwrap();
    assert_eq!(invoked().data, [6, 0, 0]);
}

#[test]
fn token_2022_gets_the_same_bytes() {
    host::reset();
    let mut f = fixture(3);
    let v = f.views();
    token::transfer(&v[0], &v[1], &v[2], 5).invoke().unwrap();
    let spl = invoked();
    token::transfer(&v[0], &v[1], &v[2], 5).with_token_program(&token_2022::ID).invoke().unwrap();
    let t22 = invoked();
    assert_eq!(t22.program_id, token_2022::ID);
    assert_eq!((t22.data, t22.accounts), (spl.data, spl.accounts));
}

#[test]
fn associated_token_create_and_address() {
    host::reset();
    let mut f = fixture(6);
    let keys = f.keys.clone();
    let v = f.views();
    associated_token::create(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]).invoke().unwrap();
    let ix = invoked();
    assert_eq!(ix.program_id, associated_token::ID);
    assert_eq!(ix.data, [0]);
    let expected = [
        meta(keys[0], true, true),
        meta(keys[1], true, false),
        meta(keys[2], false, false),
        meta(keys[3], false, false),
        meta(keys[4], false, false),
        meta(keys[5], false, false),
    ];
    assert_eq!(ix.accounts, expected);
    associated_token::create_idempotent(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]).invoke().unwrap();
    assert_eq!(invoked().data, [1]);

    // The PDA of [wallet, token program, mint] under the ATA program.
    let (wallet, mint) = (Pubkey::new_unique(), Pubkey::new_unique());
    let expected =
        Pubkey::find_program_address(&[wallet.as_ref(), token::ID.as_ref(), mint.as_ref()], &associated_token::ID).0;
    assert_eq!(associated_token::get_associated_token_address(&wallet, &mint), expected);
    assert_ne!(associated_token::get_associated_token_address_with_program_id(&wallet, &mint, &token_2022::ID), expected);
}

#[test]
fn account_data_is_an_initialized_account_in_spl_tokens_layout() {
    let (mint, owner) = (Pubkey::new_unique(), Pubkey::new_unique());
    let data = token::account_data(&mint, &owner, 0x0102_0304_0506_0708);
    assert_eq!(&data[..32], mint.as_ref());
    assert_eq!(&data[32..64], owner.as_ref());
    assert_eq!(data[64..72], [8, 7, 6, 5, 4, 3, 2, 1]);
    assert_eq!(data[token::ACCOUNT_STATE_OFFSET], 1, "initialized");
    // No delegate, not native, nothing delegated, no close authority.
    assert!(data[72..token::ACCOUNT_STATE_OFFSET].iter().chain(&data[token::ACCOUNT_STATE_OFFSET + 1..]).all(|b| *b == 0));
}
