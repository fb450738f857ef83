//! Version 0 transactions and address lookup tables: the built-in Address
//! Lookup Table program creates, extends, deactivates and closes tables;
//! v0 messages load accounts through them under Agave's rules and errors;
//! parallel batches resolve lookups as one-by-one execution does.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{lookup_table::ADDRESS_LOOKUP_TABLE_BASE_SIZE, Runtime, TransactionError};
use lamport_sdk::{
    account::Account,
    address_lookup_table::{self as alt, state::AddressLookupTable},
    hash::Hash,
    instruction::Instruction,
    message::{v0, AddressLookupTableAccount},
    pubkey::Pubkey,
    signer::Keypair,
    sysvar::slot_hashes::{self, SlotHashes},
    transaction::VersionedTransaction,
};

/// Compiles and signs a v0 transaction with `tables`.
fn v0_transaction(
    runtime: &Runtime,
    instructions: &[Instruction],
    tables: &[AddressLookupTableAccount],
    payer: &Keypair,
    signers: &[&Keypair],
) -> VersionedTransaction {
    let message = v0::Message::try_compile(&payer.pubkey(), instructions, tables, runtime.latest_blockhash()).unwrap();
    let mut all = vec![payer];
    all.extend_from_slice(signers);
    VersionedTransaction::try_new(message, &all).unwrap()
}

/// A runtime with SPL Token, a payer, an owner holding 1,000 tokens of a
/// mint in `source`, and an empty `destination`.
struct Tokens {
    runtime: Runtime,
    payer: Keypair,
    owner: Keypair,
    source: Pubkey,
    destination: Pubkey,
}

fn tokens(jit: bool) -> Tokens {
    let mut runtime = runtime_with_fixtures(jit);
    let payer = funded_payer(&mut runtime);
    let owner = Keypair::new();
    let mint = Pubkey::new_unique();
    let (source, destination) = (Pubkey::new_unique(), Pubkey::new_unique());
    runtime.set_account(source, token_account(&runtime, &mint, &owner.pubkey(), 1_000));
    runtime.set_account(destination, token_account(&runtime, &mint, &Pubkey::new_unique(), 0));
    Tokens { runtime, payer, owner, source, destination }
}

/// Creates a table of `authority` at the runtime's SlotHashes slot and
/// extends it with `addresses`; returns its address.
fn create_and_extend(runtime: &mut Runtime, payer: &Keypair, addresses: Vec<Pubkey>) -> Pubkey {
    let slot = runtime.slot_hashes().entries()[0].0;
    let (create, table) = alt::create_lookup_table(payer.pubkey(), payer.pubkey(), slot);
    let extend = alt::extend_lookup_table(table, payer.pubkey(), Some(payer.pubkey()), addresses);
    let result = runtime.send_transaction(transaction(runtime, &[create, extend], payer, &[]));
    Check::success(&result);
    runtime.expire_blockhash();
    table
}

fn table_account(runtime: &Runtime, table: &Pubkey) -> AddressLookupTableAccount {
    let data = runtime.get_account(table).expect("the table exists").data;
    AddressLookupTableAccount { key: *table, addresses: AddressLookupTable::deserialize(&data).unwrap().addresses }
}

#[test]
fn a_fresh_runtime_has_the_program_and_slot_hashes() {
    let runtime = Runtime::new();
    let program = runtime.get_account(&alt::ID).expect("the program account");
    assert!(program.executable);
    assert_eq!(program.owner, lamport_runtime::ids::BPF_LOADER_UPGRADEABLE_ID);
    let sysvar = runtime.get_account(&slot_hashes::ID).expect("the SlotHashes account");
    assert_eq!(sysvar.data.len(), slot_hashes::SLOT_HASHES_LEN);
    let hashes = SlotHashes::from_bytes(&sysvar.data).unwrap();
    assert_eq!(hashes.entries(), [(runtime.clock().slot, runtime.latest_blockhash())]);
    assert_eq!(&hashes, runtime.slot_hashes());
}

#[test]
fn tokens_move_through_a_table_created_extended_and_used_in_one_test() {
    each_engine(|jit| {
        let Tokens { mut runtime, payer, owner, source, destination } = tokens(jit);
        let table = create_and_extend(&mut runtime, &payer, vec![source, destination, TOKEN]);
        let stored = runtime.get_account(&table).unwrap();
        assert_eq!(stored.owner, alt::ID);
        assert_eq!(stored.data.len(), 56 + 3 * 32);
        let state = AddressLookupTable::deserialize(&stored.data).unwrap();
        assert_eq!(state.meta.authority, Some(payer.pubkey()));
        assert_eq!(state.meta.last_extended_slot, runtime.clock().slot);
        let tables = [table_account(&runtime, &table)];
        let transfer = token_transfer(&source, &destination, &owner.pubkey(), 250);

        // Addresses added in the current slot cannot be looked up yet.
        let tx = v0_transaction(&runtime, std::slice::from_ref(&transfer), &tables, &payer, &[&owner]);
        Check::failure(&runtime.send_transaction(tx), TransactionError::InvalidAddressLookupTableIndex);

        runtime.warp_to_slot(runtime.clock().slot + 1);
        let legacy = runtime.simulate_transaction(transaction(&runtime, std::slice::from_ref(&transfer), &payer, &[&owner]));
        let tx = v0_transaction(&runtime, &[transfer], &tables, &payer, &[&owner]);
        let VersionedTransaction { message: lamport_sdk::message::VersionedMessage::V0(message), .. } = &tx else {
            panic!("a v0 message")
        };
        assert_eq!(message.account_keys.len(), 3, "payer, owner and the token program stay static");
        assert_eq!(message.address_table_lookups[0].writable_indexes, [0, 1]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.compute_units_consumed, Check::success(&legacy).compute_units_consumed);
        assert_eq!(meta.logs, Check::success(&legacy).logs);
        assert_eq!(token_amount(&runtime.get_account(&source).unwrap()), 750);
        assert_eq!(token_amount(&runtime.get_account(&destination).unwrap()), 250);
    });
}

#[test]
fn lookups_follow_the_table_lifecycle() {
    let Tokens { mut runtime, payer, owner, source, destination } = tokens(true);
    let table = create_and_extend(&mut runtime, &payer, vec![source, destination]);
    let tables = [table_account(&runtime, &table)];
    let transfer = |amount| token_transfer(&source, &destination, &owner.pubkey(), amount);
    runtime.warp_to_slot(runtime.clock().slot + 1);

    // Deactivated in this slot: still usable, and not closable.
    let result = runtime.send_transaction(transaction(&runtime, &[alt::deactivate_lookup_table(table, payer.pubkey())], &payer, &[]));
    Check::success(&result);
    let tx = v0_transaction(&runtime, &[transfer(1)], &tables, &payer, &[&owner]);
    Check::success(&runtime.send_transaction(tx));
    let close = alt::close_lookup_table(table, payer.pubkey(), payer.pubkey());
    let result = runtime.send_transaction(transaction(&runtime, std::slice::from_ref(&close), &payer, &[]));
    assert!(result.is_err(), "a table deactivating in this slot cannot be closed");
    runtime.expire_blockhash();

    // Next slot: the deactivation slot has no SlotHashes entry, so the table is gone for lookups.
    runtime.warp_to_slot(runtime.clock().slot + 1);
    let tx = v0_transaction(&runtime, &[transfer(2)], &tables, &payer, &[&owner]);
    let result = runtime.send_transaction(tx);
    assert_eq!(Check::failure(&result, TransactionError::AddressLookupTableNotFound).fee, 0);
    let lamports = runtime.get_balance(&table);
    let before = runtime.get_balance(&payer.pubkey());
    Check::success(&runtime.send_transaction(transaction(&runtime, &[close], &payer, &[])));
    assert_eq!(runtime.get_account(&table), None);
    assert_eq!(runtime.get_balance(&payer.pubkey()), before + lamports - 5_000);
}

#[test]
fn bad_lookups_fail_with_agaves_errors() {
    let Tokens { mut runtime, payer, owner, source, destination } = tokens(true);
    let table = create_and_extend(&mut runtime, &payer, vec![source, destination]);
    runtime.warp_to_slot(runtime.clock().slot + 1);
    let transfer = token_transfer(&source, &destination, &owner.pubkey(), 1);
    let send = |runtime: &mut Runtime, tables: &[AddressLookupTableAccount]| {
        let tx = v0_transaction(runtime, std::slice::from_ref(&transfer), tables, &payer, &[&owner]);
        runtime.send_transaction(tx)
    };
    // Index 2 does not exist in a two-address table.
    let padded = AddressLookupTableAccount { key: table, addresses: vec![Pubkey::new_unique(), Pubkey::new_unique(), source, destination] };
    Check::failure(&send(&mut runtime, &[padded]), TransactionError::InvalidAddressLookupTableIndex);
    // No account at the address.
    let missing = AddressLookupTableAccount { key: Pubkey::new_unique(), addresses: vec![source, destination] };
    Check::failure(&send(&mut runtime, &[missing]), TransactionError::AddressLookupTableNotFound);
    // An account the program does not own, with a table's data.
    let impostor = Pubkey::new_unique();
    let mut account = runtime.get_account(&table).unwrap();
    account.owner = TOKEN;
    runtime.set_account(impostor, account);
    let wrong_owner = AddressLookupTableAccount { key: impostor, addresses: vec![source, destination] };
    Check::failure(&send(&mut runtime, &[wrong_owner]), TransactionError::InvalidAddressLookupTableOwner);
    // The program's account with data that is not a table.
    let garbage = Pubkey::new_unique();
    runtime.set_account(garbage, Account { lamports: 10_000_000, data: vec![1; 57], owner: alt::ID, executable: false, rent_epoch: 0 });
    let bad_data = AddressLookupTableAccount { key: garbage, addresses: vec![source, destination] };
    Check::failure(&send(&mut runtime, &[bad_data]), TransactionError::InvalidAddressLookupTableData);
    // A key both static and looked up.
    let mut message =
        v0::Message::try_compile(&payer.pubkey(), std::slice::from_ref(&transfer), &[table_account(&runtime, &table)], runtime.latest_blockhash())
            .unwrap();
    message.account_keys.push(source);
    message.header.num_readonly_unsigned_accounts += 1;
    let tx = VersionedTransaction::try_new(message, &[&payer, &owner]).unwrap();
    Check::failure(&runtime.send_transaction(tx), TransactionError::AccountLoadedTwice);
}

#[test]
fn tables_count_their_base_size_towards_the_loaded_data_limit() {
    let Tokens { mut runtime, payer, owner, source, destination } = tokens(true);
    let table = create_and_extend(&mut runtime, &payer, vec![source, destination]);
    runtime.warp_to_slot(runtime.clock().slot + 1);
    let transfer = token_transfer(&source, &destination, &owner.pubkey(), 1);
    let tables = [table_account(&runtime, &table)];
    let legacy = transaction(&runtime, std::slice::from_ref(&transfer), &payer, &[&owner]);
    // What the legacy transaction loads: enough for it, not for it plus a table.
    let mut limit = 0u32;
    for candidate in (1_000..400_000).step_by(1_000) {
        let ix = lamport_sdk::compute_budget::set_loaded_accounts_data_size_limit(candidate);
        let tx = transaction(&runtime, &[ix, transfer.clone()], &payer, &[&owner]);
        if runtime.simulate_transaction(tx).is_ok() {
            limit = candidate;
            break;
        }
    }
    assert!(limit > 0, "{:?}", runtime.simulate_transaction(legacy));
    let limited = |extra: u32| {
        let ix = lamport_sdk::compute_budget::set_loaded_accounts_data_size_limit(limit + extra);
        v0_transaction(&runtime, &[ix, transfer.clone()], &tables, &payer, &[&owner])
    };
    Check::failure(&runtime.simulate_transaction(limited(0)), TransactionError::MaxLoadedAccountsDataSizeExceeded);
    Check::success(&runtime.simulate_transaction(limited(ADDRESS_LOOKUP_TABLE_BASE_SIZE as u32)));
}

#[test]
fn parallel_batches_resolve_lookups_as_one_by_one() {
    let run = |threads: usize| {
        let Tokens { runtime, payer, owner, source, destination } = tokens(true);
        let mut runtime = runtime.with_threads(threads);
        let table = create_and_extend(&mut runtime, &payer, vec![source, destination]);
        runtime.warp_to_slot(runtime.clock().slot + 1);
        let tables = [table_account(&runtime, &table)];
        let others: Vec<(Keypair, Pubkey)> = (0..12)
            .map(|_| {
                let key = Pubkey::new_unique();
                let holder = Keypair::new();
                let account = token_account(&runtime, &Pubkey::new_unique(), &holder.pubkey(), 10);
                runtime.set_account(key, account);
                (holder, key)
            })
            .collect();
        let mut txs: Vec<VersionedTransaction> = Vec::new();
        for (i, (holder, key)) in others.iter().enumerate() {
            // Conflict-free transfers to themselves, and transfers through the table.
            txs.push(v0_transaction(&runtime, &[token_transfer(key, key, &holder.pubkey(), 1)], &[], &payer, &[holder]));
            if i % 3 == 0 {
                txs.push(v0_transaction(&runtime, &[token_transfer(&source, &destination, &owner.pubkey(), i as u64 + 1)], &tables, &payer, &[&owner]));
            }
        }
        // Extending the table in the batch: later lookups still see only the old addresses.
        txs.push(alt::extend_lookup_table(table, payer.pubkey(), Some(payer.pubkey()), vec![Pubkey::new_unique()]).into_tx(&runtime, &payer));
        let mut bad = tables[0].clone();
        bad.addresses.insert(0, Pubkey::new_unique());
        txs.push(v0_transaction(&runtime, &[token_transfer(&source, &destination, &owner.pubkey(), 99)], &[bad], &payer, &[&owner]));
        let results: Vec<_> = runtime.send_transactions(txs).into_iter().map(|r| r.map(|m| m.compute_units_consumed).map_err(|f| f.err)).collect();
        (results, token_amount(&runtime.get_account(&destination).unwrap()))
    };
    let (one, amount) = run(1);
    assert_eq!(amount, 1 + 4 + 7 + 10);
    assert_eq!(one.iter().filter(|r| r.is_ok()).count(), 17, "{one:?}");
    assert_eq!(one.last(), Some(&Err(TransactionError::InvalidAddressLookupTableIndex)));
    assert_eq!(run(2), (one, amount));
}

trait IntoTx {
    fn into_tx(self, runtime: &Runtime, payer: &Keypair) -> VersionedTransaction;
}

impl IntoTx for Instruction {
    fn into_tx(self, runtime: &Runtime, payer: &Keypair) -> VersionedTransaction {
        transaction(runtime, &[self], payer, &[]).into()
    }
}

#[test]
fn slot_hashes_can_be_replaced() {
    let mut runtime = Runtime::new();
    let hashes = SlotHashes::new(&[(5, Hash::new_from_array([1; 32])), (9, Hash::new_from_array([2; 32]))]);
    runtime.set_sysvar(&hashes.clone());
    runtime.warp_to_slot(20);
    assert_eq!(runtime.slot_hashes(), &hashes);
    assert_eq!(SlotHashes::from_bytes(&runtime.get_account(&slot_hashes::ID).unwrap().data), Some(hashes));
}

fn each_engine(test: impl Fn(bool)) {
    test(false);
    if lamport_runtime::loader::JIT_AVAILABLE {
        test(true);
    }
}

#[test]
fn a_v0_transaction_locks_at_most_64_accounts() {
    let mut runtime = runtime_with_fixtures(true);
    let payer = funded_payer(&mut runtime);
    let program = Pubkey::new_unique();
    runtime.add_program(program, test_program("log_units")).expect("log_units loads");
    let addresses: Vec<Pubkey> = (0..63).map(|_| Pubkey::new_unique()).collect();
    let table = create_and_extend(&mut runtime, &payer, addresses[..20].to_vec());
    for chunk in addresses[20..].chunks(20) {
        let extend = alt::extend_lookup_table(table, payer.pubkey(), Some(payer.pubkey()), chunk.to_vec());
        Check::success(&runtime.send_transaction(transaction(&runtime, &[extend], &payer, &[])));
        runtime.expire_blockhash();
    }
    // Addresses added in the current slot are not usable yet.
    runtime.warp_to_slot(runtime.clock().slot + 1);
    let tables = [table_account(&runtime, &table)];
    let invoke = |count: usize| {
        let metas = addresses[..count].iter().map(|address| lamport_sdk::instruction::AccountMeta::new_readonly(*address, false));
        Instruction::new(program, vec![], metas.collect())
    };
    // The payer, the program and 62 looked-up accounts: 64 locks.
    let at_limit = v0_transaction(&runtime, &[invoke(62)], &tables, &payer, &[]);
    assert_eq!(at_limit.message.static_account_keys().len(), 2);
    Check::success(&runtime.send_transaction(at_limit));
    // One more looked-up account is rejected before any fee is charged.
    let balance = runtime.get_balance(&payer.pubkey());
    let beyond = v0_transaction(&runtime, &[invoke(63)], &tables, &payer, &[]);
    let failed = runtime.send_transaction(beyond).expect_err("65 locks are refused");
    assert_eq!(failed.err, TransactionError::TooManyAccountLocks);
    assert_eq!(runtime.get_balance(&payer.pubkey()), balance);
}
