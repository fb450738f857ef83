//! Version 0 transactions and address lookup tables, lamport-runtime beside
//! LiteSVM (Agave 4.3's SVM): a lookup table is created, extended and used
//! by a v0 SPL Token transfer in one test; the same signed bytes go to both
//! runtimes, and those bytes are what Solana's crates (`solana-message`,
//! `solana-transaction`, `solana-address-lookup-table-interface`) produce
//! for the same message. Every step compares result, compute units, fee,
//! logs and the accounts involved; failing lookups (index out of range,
//! wrong owner, missing, deactivated table) give Agave's errors.

use lamport_agave_compat::{address, keypair};
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    address_lookup_table as alt,
    hash::Hash,
    instruction::Instruction,
    message::{v0, AddressLookupTableAccount},
    pubkey::Pubkey,
    signer::Keypair,
    sysvar::slot_hashes::SlotHashes,
    transaction::{Transaction, VersionedTransaction},
};
use litesvm::LiteSVM;

/// SPL Token 3.5.0 (the repository's fixture), deployed at a fresh address
/// in both runtimes.
fn spl_token_elf() -> Vec<u8> {
    let path = lamport_agave_compat::repository().join("runtime/tests/fixtures/spl_token-3.5.0.so");
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn solana_instruction(ix: &Instruction) -> solana_instruction::Instruction {
    solana_instruction::Instruction {
        program_id: address(&ix.program_id),
        accounts: ix
            .accounts
            .iter()
            .map(|meta| solana_instruction::AccountMeta {
                pubkey: address(&meta.pubkey),
                is_signer: meta.is_signer,
                is_writable: meta.is_writable,
            })
            .collect(),
        data: ix.data.clone(),
    }
}

fn token_account(mint: &Pubkey, owner: &Pubkey, amount: u64, program: &Pubkey) -> Account {
    let data = lamport_sdk::token::account_data(mint, owner, amount).to_vec();
    Account { lamports: 2_039_280, data, owner: *program, executable: false, rent_epoch: u64::MAX }
}

fn token_transfer(program: &Pubkey, source: &Pubkey, destination: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    let mut data = vec![3];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction::new(
        *program,
        data,
        vec![
            lamport_sdk::instruction::AccountMeta::new(*source, false),
            lamport_sdk::instruction::AccountMeta::new(*destination, false),
            lamport_sdk::instruction::AccountMeta::new_readonly(*owner, true),
        ],
    )
}

/// An account as compared: lamports, data, owner, executable, rent epoch.
type AccountState = (u64, Vec<u8>, [u8; 32], bool, u64);

/// What one transaction did in one runtime.
#[derive(Debug, PartialEq, Eq)]
struct Observed {
    result: String,
    compute_units: u64,
    fee: u64,
    logs: Vec<String>,
    accounts: Vec<Option<AccountState>>,
}

/// The two runtimes, in the same state.
struct Both {
    ours: Runtime,
    svm: LiteSVM,
    slot: u64,
}

impl Both {
    fn new() -> Self {
        let svm = LiteSVM::new();
        let slot = litesvm::MAINNET_DEFAULT_SLOT;
        // The same bytes go to both runtimes, signed over LiteSVM's blockhash.
        let mut ours = Runtime::new().with_blockhash_check(false);
        let mut clock = ours.clock();
        clock.slot = slot;
        ours.set_clock(clock);
        // LiteSVM's SlotHashes: one entry, its first slot.
        ours.set_sysvar(&SlotHashes::new(&[(slot, ours.latest_blockhash())]));
        Self { ours, svm, slot }
    }

    fn blockhash(&self) -> Hash {
        Hash::new_from_array(self.svm.latest_blockhash().to_bytes())
    }

    fn set_account(&mut self, key: Pubkey, account: Account) {
        let theirs = solana_account::Account {
            lamports: account.lamports,
            data: account.data.clone(),
            owner: address(&account.owner),
            executable: account.executable,
            rent_epoch: account.rent_epoch,
        };
        self.svm.set_account(address(&key), theirs).expect("LiteSVM set_account");
        self.ours.set_account(key, account);
    }

    fn add_program(&mut self, id: Pubkey, elf: &[u8]) {
        self.svm.add_program_with_loader(address(&id), elf, address(&LoaderKind::V2.id())).expect("LiteSVM loads the program");
        self.ours.add_program_with_loader(id, elf, LoaderKind::V2).expect("lamport-runtime loads the program");
    }

    fn warp(&mut self) {
        self.slot += 1;
        self.svm.warp_to_slot(self.slot);
        self.ours.warp_to_slot(self.slot);
    }

    /// Sends the same wire bytes to both; compares everything observed and
    /// the accounts at `watch`.
    fn send(&mut self, label: &str, bytes: &[u8], watch: &[Pubkey]) -> Observed {
        let theirs: solana_transaction::versioned::VersionedTransaction =
            wincode::deserialize(bytes).unwrap_or_else(|err| panic!("{label}: Solana cannot read our bytes: {err}"));
        let (result, meta) = match self.svm.send_transaction(theirs) {
            Ok(meta) => ("Ok".to_string(), meta),
            Err(failed) => (format!("{:?}", failed.err), failed.meta),
        };
        let agave = Observed {
            result,
            compute_units: meta.compute_units_consumed,
            fee: meta.fee,
            logs: meta.logs,
            accounts: watch
                .iter()
                .map(|key| {
                    self.svm
                        .get_account(&address(key))
                        .filter(|a| a.lamports > 0)
                        .map(|a| (a.lamports, a.data, a.owner.to_bytes(), a.executable, a.rent_epoch))
                })
                .collect(),
        };
        let tx = VersionedTransaction::deserialize(bytes).unwrap_or_else(|err| panic!("{label}: we cannot read Solana's bytes: {err}"));
        let (result, meta) = match self.ours.send_transaction(tx) {
            Ok(meta) => ("Ok".to_string(), meta),
            Err(failed) => (format!("{:?}", failed.err), failed.meta),
        };
        let ours = Observed {
            result,
            compute_units: meta.compute_units_consumed,
            fee: meta.fee,
            logs: meta.logs.into_vec(),
            accounts: watch
                .iter()
                .map(|key| self.ours.get_account(key).map(|a| (a.lamports, a.data, a.owner.to_bytes(), a.executable, a.rent_epoch)))
                .collect(),
        };
        println!("{label}: {} ({} CU, fee {})", agave.result, agave.compute_units, agave.fee);
        assert_eq!(ours, agave, "{label}: lamport-runtime (left) differs from LiteSVM (right)");
        self.svm.expire_blockhash();
        ours
    }

    /// A legacy transaction's bytes, checked equal to Solana's encoding.
    fn legacy(&self, instructions: &[Instruction], signers: &[&Keypair]) -> Vec<u8> {
        let payer = signers[0].pubkey();
        let tx = Transaction::new_signed_with_payer(instructions, Some(&payer), signers, self.blockhash());
        let message = solana_message::Message::new_with_blockhash(
            &instructions.iter().map(solana_instruction).collect::<Vec<_>>(),
            Some(&address(&payer)),
            &solana_hash::Hash::new_from_array(self.blockhash().to_bytes()),
        );
        let keypairs: Vec<solana_keypair::Keypair> = signers.iter().map(|k| keypair(k)).collect();
        let refs: Vec<&solana_keypair::Keypair> = keypairs.iter().collect();
        let theirs = solana_transaction::Transaction::new(&refs, message, solana_hash::Hash::new_from_array(self.blockhash().to_bytes()));
        let bytes = tx.serialize();
        assert_eq!(bytes, wincode::serialize(&theirs).unwrap(), "legacy transaction bytes differ from Solana's");
        bytes
    }

    /// A v0 transaction's bytes compiled with `tables`, checked equal to
    /// what `solana_message::v0::Message::try_compile` and
    /// `VersionedTransaction::try_new` produce.
    fn v0(&self, instructions: &[Instruction], tables: &[AddressLookupTableAccount], signers: &[&Keypair]) -> Vec<u8> {
        let payer = signers[0].pubkey();
        let message = v0::Message::try_compile(&payer, instructions, tables, self.blockhash()).expect("compiles");
        let theirs = solana_message::v0::Message::try_compile(
            &address(&payer),
            &instructions.iter().map(solana_instruction).collect::<Vec<_>>(),
            &tables
                .iter()
                .map(|t| solana_message::AddressLookupTableAccount {
                    key: address(&t.key),
                    addresses: t.addresses.iter().map(address).collect(),
                })
                .collect::<Vec<_>>(),
            solana_hash::Hash::new_from_array(self.blockhash().to_bytes()),
        )
        .expect("Solana compiles it");
        assert_eq!(message.serialize(), theirs.serialize(), "v0 message bytes differ from Solana's");
        self.sign_v0(message, signers)
    }

    fn sign_v0(&self, message: v0::Message, signers: &[&Keypair]) -> Vec<u8> {
        let keypairs: Vec<solana_keypair::Keypair> = signers.iter().map(|k| keypair(k)).collect();
        let theirs_message: solana_message::VersionedMessage =
            wincode::deserialize(&message.serialize()).expect("Solana reads our v0 message");
        let theirs = solana_transaction::versioned::VersionedTransaction::try_new(theirs_message, &keypairs).expect("Solana signs");
        let tx = VersionedTransaction::try_new(message, signers).expect("signs");
        let bytes = tx.serialize();
        assert_eq!(bytes, wincode::serialize(&theirs).unwrap(), "v0 transaction bytes differ from Solana's");
        bytes
    }
}

fn table_account(both: &Both, table: &Pubkey) -> AddressLookupTableAccount {
    let data = both.ours.get_account(table).expect("the table exists").data;
    let addresses = alt::state::AddressLookupTable::deserialize(&data).unwrap().addresses;
    AddressLookupTableAccount { key: *table, addresses }
}

#[test]
fn lookup_table_builders_equal_solanas() {
    use solana_address_lookup_table_interface::instruction as theirs;
    let (authority, payer, table) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
    let (ours, ours_table) = alt::create_lookup_table(authority, payer, 77);
    let (solana, solana_table) = theirs::create_lookup_table(address(&authority), address(&payer), 77);
    assert_eq!(solana_instruction(&ours), solana);
    assert_eq!(address(&ours_table), solana_table);
    let new = vec![Pubkey::new_unique(), Pubkey::new_unique()];
    assert_eq!(
        solana_instruction(&alt::extend_lookup_table(table, authority, Some(payer), new.clone())),
        theirs::extend_lookup_table(address(&table), address(&authority), Some(address(&payer)), new.iter().map(address).collect())
    );
    assert_eq!(
        solana_instruction(&alt::extend_lookup_table(table, authority, None, new.clone())),
        theirs::extend_lookup_table(address(&table), address(&authority), None, new.iter().map(address).collect())
    );
    assert_eq!(solana_instruction(&alt::freeze_lookup_table(table, authority)), theirs::freeze_lookup_table(address(&table), address(&authority)));
    assert_eq!(
        solana_instruction(&alt::deactivate_lookup_table(table, authority)),
        theirs::deactivate_lookup_table(address(&table), address(&authority))
    );
    assert_eq!(
        solana_instruction(&alt::close_lookup_table(table, authority, payer)),
        theirs::close_lookup_table(address(&table), address(&authority), address(&payer))
    );
}

#[test]
fn lookup_table_state_reads_as_solanas() {
    use solana_address_lookup_table_interface::state as theirs;
    let authority = Pubkey::new_unique();
    for authority in [Some(authority), None] {
        let table = alt::state::AddressLookupTable {
            meta: alt::state::LookupTableMeta {
                deactivation_slot: 42,
                last_extended_slot: 40,
                last_extended_slot_start_index: 1,
                authority,
            },
            addresses: vec![Pubkey::new_unique(), Pubkey::new_unique()],
        };
        let data = table.serialize();
        let solana = theirs::AddressLookupTable::deserialize(&data).expect("Solana reads our table");
        assert_eq!(solana.meta.deactivation_slot, 42);
        assert_eq!(solana.meta.last_extended_slot, 40);
        assert_eq!(solana.meta.last_extended_slot_start_index, 1);
        assert_eq!(solana.meta.authority.map(|a| a.to_bytes()), authority.map(|a| a.to_bytes()));
        assert_eq!(solana.addresses.len(), 2);
        assert_eq!(solana.serialize_for_tests().unwrap(), data);
    }
}

#[test]
fn a_v0_token_transfer_through_a_new_lookup_table_matches_litesvm() {
    let mut both = Both::new();
    let token = Pubkey::new_unique();
    both.add_program(token, &spl_token_elf());
    let payer = Keypair::new();
    let owner = Keypair::new();
    both.set_account(payer.pubkey(), Account { lamports: 10_000_000_000, rent_epoch: u64::MAX, ..Account::default() });
    let mint = Pubkey::new_unique();
    let (source, destination) = (Pubkey::new_unique(), Pubkey::new_unique());
    both.set_account(source, token_account(&mint, &owner.pubkey(), 1_000, &token));
    both.set_account(destination, token_account(&mint, &Pubkey::new_unique(), 0, &token));

    // Create and extend the table (authority = payer) in one legacy transaction.
    let (create, table) = alt::create_lookup_table(payer.pubkey(), payer.pubkey(), both.slot);
    let extend = alt::extend_lookup_table(table, payer.pubkey(), Some(payer.pubkey()), vec![source, destination, mint]);
    let watch = [payer.pubkey(), table, source, destination];
    let bytes = both.legacy(&[create, extend], &[&payer]);
    assert_eq!(both.send("create and extend", &bytes, &watch).result, "Ok");
    let tables = [table_account(&both, &table)];
    assert_eq!(tables[0].addresses, [source, destination, mint]);

    // The addresses were added in this slot: not usable yet.
    let transfer = token_transfer(&token, &source, &destination, &owner.pubkey(), 250);
    let bytes = both.v0(std::slice::from_ref(&transfer), &tables, &[&payer, &owner]);
    assert_eq!(both.send("v0 transfer in the extension slot", &bytes, &watch).result, "InvalidAddressLookupTableIndex");

    // Next slot: the transfer goes through the table.
    both.warp();
    let bytes = both.v0(std::slice::from_ref(&transfer), &tables, &[&payer, &owner]);
    let observed = both.send("v0 transfer", &bytes, &watch);
    assert_eq!(observed.result, "Ok");
    assert!(observed.compute_units > 0);
    let legacy = both.legacy(&[token_transfer(&token, &source, &destination, &owner.pubkey(), 1)], &[&payer, &owner]);
    let legacy_observed = both.send("the same transfer, legacy", &legacy, &watch);
    assert_eq!(legacy_observed.compute_units, observed.compute_units);
    assert_eq!(legacy_observed.logs, observed.logs);

    // Index 3 is past the table's three addresses.
    let mut message = v0::Message::try_compile(&payer.pubkey(), std::slice::from_ref(&transfer), &tables, both.blockhash()).unwrap();
    message.address_table_lookups[0].writable_indexes[1] = 3;
    let bytes = both.sign_v0(message, &[&payer, &owner]);
    assert_eq!(both.send("index out of range", &bytes, &watch).result, "InvalidAddressLookupTableIndex");

    // A missing table, and a table's data under another owner.
    let missing = AddressLookupTableAccount { key: Pubkey::new_unique(), addresses: tables[0].addresses.clone() };
    let bytes = both.v0(std::slice::from_ref(&transfer), &[missing], &[&payer, &owner]);
    assert_eq!(both.send("missing table", &bytes, &watch).result, "AddressLookupTableNotFound");
    let impostor = Pubkey::new_unique();
    let mut account = both.ours.get_account(&table).unwrap();
    account.owner = token;
    both.set_account(impostor, account);
    let wrong = AddressLookupTableAccount { key: impostor, addresses: tables[0].addresses.clone() };
    let bytes = both.v0(std::slice::from_ref(&transfer), &[wrong], &[&payer, &owner]);
    assert_eq!(both.send("table with the wrong owner", &bytes, &watch).result, "InvalidAddressLookupTableOwner");
    let garbage = Pubkey::new_unique();
    both.set_account(garbage, Account { lamports: 1_000_000, data: vec![7; 60], owner: alt::ID, executable: false, rent_epoch: u64::MAX });
    let bad = AddressLookupTableAccount { key: garbage, addresses: tables[0].addresses.clone() };
    let bytes = both.v0(std::slice::from_ref(&transfer), &[bad], &[&payer, &owner]);
    assert_eq!(both.send("table with invalid data", &bytes, &watch).result, "InvalidAddressLookupTableData");

    // Deactivate: usable in the same slot, closing fails until it cools down.
    let bytes = both.legacy(&[alt::deactivate_lookup_table(table, payer.pubkey())], &[&payer]);
    assert_eq!(both.send("deactivate", &bytes, &watch).result, "Ok");
    let bytes = both.v0(&[token_transfer(&token, &source, &destination, &owner.pubkey(), 2)], &tables, &[&payer, &owner]);
    assert_eq!(both.send("v0 transfer through a deactivating table", &bytes, &watch).result, "Ok");
    let close = alt::close_lookup_table(table, payer.pubkey(), payer.pubkey());
    let bytes = both.legacy(std::slice::from_ref(&close), &[&payer]);
    assert_ne!(both.send("close while deactivating", &bytes, &watch).result, "Ok");
    both.warp();
    let bytes = both.v0(&[token_transfer(&token, &source, &destination, &owner.pubkey(), 3)], &tables, &[&payer, &owner]);
    assert_eq!(both.send("v0 transfer through a deactivated table", &bytes, &watch).result, "AddressLookupTableNotFound");
    let bytes = both.legacy(&[close], &[&payer]);
    assert_eq!(both.send("close", &bytes, &watch).result, "Ok");
    assert_eq!(both.ours.get_account(&table), None);
}
