//! CPI through the host stand-in of `sol_invoke_signed_c`, which decodes
//! the C structures as the runtime does.

use alloc::{vec, vec::Vec};
use core::mem::MaybeUninit;

use super::*;
use crate::{
    account::Account,
    account_info::AccountInfo,
    entrypoint::{
        deserialize,
        serialize::{serialize_input, InputAccount, InputBuffer},
    },
    instruction,
    program_error::ProgramError,
    pubkey::Pubkey,
    syscalls::host,
    system,
};

struct Fixture {
    input: InputBuffer,
    slots: Vec<MaybeUninit<AccountInfo>>,
}

fn fixture(keys: &[Pubkey], owner: &Pubkey) -> Fixture {
    let accounts: Vec<Account> = keys.iter().map(|_| Account::new(1_000, 0, owner)).collect();
    let entries: Vec<InputAccount> = keys
        .iter()
        .zip(&accounts)
        .map(|(key, account)| InputAccount::Account { key, is_signer: true, is_writable: true, account })
        .collect();
    Fixture {
        input: serialize_input(owner, &entries, &[]).unwrap(),
        slots: Vec::new(),
    }
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

use alloc::boxed::Box;

#[test]
fn system_create_account_with_pda_signer() {
    host::reset();
    let program_id = Pubkey::new_unique();
    host::set_program_id(program_id);
    let payer = Pubkey::new_unique();
    let (vault, bump) = Pubkey::find_program_address(&[b"vault", payer.as_ref()], &program_id);
    let mut f = fixture(&[payer, vault], &program_id);
    let views = f.views();
    system::cpi::create_account(&views[0], &views[1], 5_000, 64, &program_id)
        .invoke_signed(&[&[b"vault", payer.as_ref(), &[bump]]])
        .unwrap();
    let calls = host::take_invocations();
    assert_eq!(calls.len(), 1);
    // The stack-built CPI matches the owned builder byte for byte.
    assert_eq!(
        calls[0].instruction,
        system::create_account(&payer, &vault, 5_000, 64, &program_id)
    );
    assert_eq!(calls[0].account_infos, [payer, vault]);
    assert_eq!(calls[0].signers, [vault]);
}

#[test]
fn system_transfer_assign_allocate_match_owned_builders() {
    host::reset();
    let owner = Pubkey::new_unique();
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut f = fixture(&[a, b], &owner);
    let views = f.views();
    system::cpi::transfer(&views[0], &views[1], 77).invoke().unwrap();
    system::cpi::assign(&views[0], &owner).invoke().unwrap();
    system::cpi::allocate(&views[1], 9).invoke().unwrap();
    let calls: Vec<instruction::Instruction> =
        host::take_invocations().into_iter().map(|c| c.instruction).collect();
    assert_eq!(
        calls,
        [system::transfer(&a, &b, 77), system::assign(&a, &owner), system::allocate(&b, 9)]
    );
}

#[test]
fn borrowed_accounts_are_refused() {
    host::reset();
    let owner = Pubkey::new_unique();
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut f = fixture(&[a, b], &owner);
    let views = f.views();
    {
        let _data = views[1].try_borrow_data().unwrap();
        // `b` is writable in a transfer: a shared borrow is enough to refuse.
        assert_eq!(
            system::cpi::transfer(&views[0], &views[1], 1).invoke(),
            Err(ProgramError::AccountBorrowFailed)
        );
        // Read-only use of a shared-borrowed account is fine.
        let metas = [AccountMeta::readonly(views[1].key())];
        let ix = Instruction { program_id: &owner, accounts: &metas, data: &[] };
        invoke(&ix, &[&views[1]]).unwrap();
    }
    {
        // A mutable borrow refuses even read-only use.
        let _data = views[1].try_borrow_mut_data().unwrap();
        let metas = [AccountMeta::readonly(views[1].key())];
        let ix = Instruction { program_id: &owner, accounts: &metas, data: &[] };
        assert_eq!(invoke(&ix, &[&views[1]]), Err(ProgramError::AccountBorrowFailed));
    }
    assert_eq!(host::take_invocations().len(), 1);
}

#[test]
fn many_accounts_and_seeds_take_the_heap_path() {
    host::reset();
    let program_id = Pubkey::new_unique();
    host::set_program_id(program_id);
    let keys: Vec<Pubkey> = (0..20).map(|_| Pubkey::new_unique()).collect();
    let mut f = fixture(&keys, &program_id);
    let views = f.views();
    let refs: Vec<&AccountInfo> = views.iter().collect();
    let metas: Vec<AccountMeta> = views.iter().map(AccountMeta::from).collect();
    // 3 signers with 15, 14 and 13 seeds (bump last): 42 seeds, more than
    // the 32 converted on the stack.
    let seed_bytes: Vec<[u8; 1]> = (0..14u8).map(|i| [i]).collect();
    let seeds: Vec<&[u8]> = seed_bytes.iter().map(|s| &s[..]).collect();
    let bumps: Vec<[u8; 1]> = [14usize, 13, 12]
        .iter()
        .map(|n| [Pubkey::find_program_address(&seeds[..*n], &program_id).1])
        .collect();
    let lists: Vec<Vec<&[u8]>> = [14usize, 13, 12]
        .iter()
        .zip(&bumps)
        .map(|(n, bump)| {
            let mut list = seeds[..*n].to_vec();
            list.push(&bump[..]);
            list
        })
        .collect();
    let signers: Vec<&[&[u8]]> = lists.iter().map(|l| &l[..]).collect();
    let ix = Instruction { program_id: &program_id, accounts: &metas, data: b"many" };
    invoke_signed(&ix, &refs, &signers).unwrap();
    let call = host::take_invocations().pop().unwrap();
    assert_eq!(call.account_infos, keys);
    assert_eq!(call.instruction.accounts.len(), 20);
    assert!(call.instruction.accounts.iter().all(|m| m.is_signer && m.is_writable));
    assert_eq!(call.instruction.data, b"many");
    let expected: Vec<Pubkey> = signers
        .iter()
        .map(|s| Pubkey::create_program_address(s, &program_id).unwrap())
        .collect();
    assert_eq!(call.signers, expected);

    let too_many: Vec<&[&[u8]]> = vec![&seeds[..1]; MAX_SIGNERS + 1];
    assert_eq!(invoke_signed(&ix, &refs, &too_many), Err(ProgramError::InvalidArgument));
    let long = [&b"x"[..]; 17];
    assert_eq!(invoke_signed(&ix, &refs, &[&long]), Err(ProgramError::MaxSeedLengthExceeded));
}

#[test]
fn owned_instruction_and_prebuilt_signers() {
    host::reset();
    let program_id = Pubkey::new_unique();
    host::set_program_id(program_id);
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut f = fixture(&[a, b], &program_id);
    let views = f.views();
    let owned = system::transfer(&a, &b, 3);
    invoke_instruction(&owned, &[&views[0], &views[1]], &[]).unwrap();
    assert_eq!(host::take_invocations()[0].instruction, owned);

    let bump_seed = [254u8];
    let seeds = [Seed::from(b"abc"), Seed::from(&bump_seed[..])];
    assert_eq!(seeds[0].as_bytes(), b"abc");
    let signer = Signer::from(&seeds);
    let metas = [AccountMeta::writable(&a)];
    let ix = Instruction { program_id: &system::ID, accounts: &metas, data: &[] };
    let pda = Pubkey::create_program_address(&[b"abc", &bump_seed], &program_id);
    match pda {
        Ok(pda) => {
            invoke_signed_with(&ix, &[&views[0]], &[signer]).unwrap();
            assert_eq!(host::take_invocations()[0].signers, [pda]);
        }
        Err(_) => {
            // This bump lands on the curve for this program id: the runtime
            // would refuse the signer, and so does the host stand-in.
            let result = std::panic::catch_unwind(|| invoke_signed_with(&ix, &[&views[0]], &[signer]));
            assert!(result.is_err());
        }
    }
}

#[test]
fn system_with_seed_and_nonce_invocations_match_owned_builders() {
    host::reset();
    let owner = Pubkey::new_unique();
    let keys: Vec<Pubkey> = (0..5).map(|_| Pubkey::new_unique()).collect();
    let mut f = fixture(&keys, &owner);
    let v = f.views();
    let (a, b, c, d, e) = (keys[0], keys[1], keys[2], keys[3], keys[4]);
    let new_owner = Pubkey::new_from_array([7; 32]);
    system::cpi::create_account_with_seed(&v[0], &v[1], &v[2], "vault-1", 900, 40, &new_owner).invoke().unwrap();
    system::cpi::create_account_with_seed(&v[0], &v[1], &v[0], "same-base", 900, 40, &new_owner).invoke().unwrap();
    system::cpi::allocate_with_seed(&v[1], &v[2], "s", 64, &new_owner).invoke().unwrap();
    system::cpi::assign_with_seed(&v[1], &v[2], "s", &new_owner).invoke().unwrap();
    system::cpi::transfer_with_seed(&v[1], &v[2], "from", &new_owner, &v[3], 5).invoke().unwrap();
    // The sysvar accounts stand at positions 3 (RecentBlockhashes) and 4 (Rent) here.
    system::cpi::advance_nonce_account(&v[0], &v[3], &v[2]).invoke().unwrap();
    system::cpi::withdraw_nonce_account(&v[0], &v[1], &v[3], &v[4], &v[2], 77).invoke().unwrap();
    system::cpi::initialize_nonce_account(&v[0], &v[3], &v[4], &new_owner).invoke().unwrap();
    system::cpi::authorize_nonce_account(&v[0], &v[2], &new_owner).invoke().unwrap();
    system::cpi::upgrade_nonce_account(&v[0]).invoke().unwrap();
    let calls: Vec<instruction::Instruction> = host::take_invocations().into_iter().map(|c| c.instruction).collect();

    // The owned builders name the real sysvars; here accounts 3 and 4 play them.
    let with_sysvars = |mut ix: instruction::Instruction| {
        for meta in &mut ix.accounts {
            if meta.pubkey == crate::sysvar::RECENT_BLOCKHASHES_ID {
                meta.pubkey = d;
            } else if meta.pubkey == crate::sysvar::rent::ID {
                meta.pubkey = e;
            }
        }
        ix
    };
    let expected = [
        system::create_account_with_seed(&a, &b, &c, "vault-1", 900, 40, &new_owner),
        system::create_account_with_seed(&a, &b, &a, "same-base", 900, 40, &new_owner),
        system::allocate_with_seed(&b, &c, "s", 64, &new_owner),
        system::assign_with_seed(&b, &c, "s", &new_owner),
        system::transfer_with_seed(&b, &c, "from", &new_owner, &d, 5),
        with_sysvars(system::advance_nonce_account(&a, &c)),
        with_sysvars(system::withdraw_nonce_account(&a, &c, &b, 77)),
        with_sysvars(system::initialize_nonce_account(&a, &new_owner)),
        system::authorize_nonce_account(&a, &c, &new_owner),
        system::upgrade_nonce_account(&a),
    ];
    assert_eq!(calls.len(), expected.len());
    for (call, expected) in calls.iter().zip(&expected) {
        assert_eq!(call, expected);
    }
}

#[test]
fn a_seed_longer_than_32_bytes_is_refused_before_the_call() {
    host::reset();
    let owner = Pubkey::new_unique();
    let keys: Vec<Pubkey> = (0..3).map(|_| Pubkey::new_unique()).collect();
    let mut f = fixture(&keys, &owner);
    let v = f.views();
    let long = "x".repeat(33);
    assert_eq!(
        system::cpi::create_account_with_seed(&v[0], &v[1], &v[2], &long, 1, 1, &owner).invoke(),
        Err(ProgramError::MaxSeedLengthExceeded)
    );
    assert_eq!(system::cpi::assign_with_seed(&v[1], &v[2], &long, &owner).invoke(), Err(ProgramError::MaxSeedLengthExceeded));
    assert!(host::take_invocations().is_empty());
}
