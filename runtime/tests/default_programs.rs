//! The programs every `Runtime::new()` has at their mainnet ids (SPL Token
//! as p-token, Token-2022, Associated Token Account, Memo 1.0 and 4.0):
//! callable in a fresh runtime, absent with `with_default_programs(false)`,
//! replaced by `add_program` at the same id. Their results, logs and
//! compute units are compared with LiteSVM's in `compat/agave`.

mod common;

use common::*;
use lamport_runtime::{default_programs::DEFAULT_PROGRAMS, LoaderKind, Runtime, TransactionError};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    system,
};

const TOKEN_2022: Pubkey = lamport_sdk::token_2022::ID;
const ATA: Pubkey = lamport_sdk::associated_token::ID;

/// Creates and initializes a mint of `token_program` with `authority`.
fn create_mint(runtime: &mut Runtime, payer: &Keypair, token_program: Pubkey, authority: &Pubkey) -> Pubkey {
    let mint = Keypair::new();
    let lamports = runtime.minimum_balance_for_rent_exemption(82);
    let mut init = initialize_mint(&mint.pubkey(), authority, 6);
    init.program_id = token_program;
    let create = system::create_account(&payer.pubkey(), &mint.pubkey(), lamports, 82, &token_program);
    let result = runtime.send_transaction(transaction(runtime, &[create, init], payer, &[&mint]));
    Check::success(&result);
    mint.pubkey()
}

/// Associated Token Account `CreateIdempotent` (tag 1).
fn create_ata(payer: &Pubkey, wallet: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> (Instruction, Pubkey) {
    let (ata, _) = Pubkey::find_program_address(&[wallet.as_ref(), token_program.as_ref(), mint.as_ref()], &ATA);
    let ix = Instruction {
        program_id: ATA,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(ata, false),
            AccountMeta::new_readonly(*wallet, false),
            AccountMeta::new_readonly(*mint, false),
            AccountMeta::new_readonly(system::ID, false),
            AccountMeta::new_readonly(*token_program, false),
        ],
        data: vec![1],
    };
    (ix, ata)
}

/// `MintTo` (tag 7).
fn mint_to(token_program: Pubkey, mint: &Pubkey, account: &Pubkey, authority: &Pubkey, amount: u64) -> Instruction {
    Instruction {
        program_id: token_program,
        accounts: vec![AccountMeta::new(*mint, false), AccountMeta::new(*account, false), AccountMeta::new_readonly(*authority, true)],
        data: [&[7u8][..], &amount.to_le_bytes()].concat(),
    }
}

#[test]
fn memo_programs_are_callable_in_a_fresh_runtime() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    // Memo 1.0 only checks that the memo is UTF-8; Memo 4.0 logs it.
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V1, b"hello")], &payer, &[]));
    assert_eq!(Check::success(&result).logs.len(), 3);
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V1, &[0xFF])], &payer, &[]));
    Check::instruction_failure(&result, 0, lamport_runtime::InstructionError::InvalidInstructionData);
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V4, b"hello")], &payer, &[]));
    let meta = Check::success(&result);
    Check::logged(meta, "Program log: Memo (len 5)");
    Check::logged(meta, "Program log: hello");
    assert_eq!(meta.compute_units_consumed, 274);
    for program in [MEMO_V1, MEMO_V4] {
        assert!(runtime.get_account(&program).expect("the program account exists").executable);
    }
    assert_eq!(runtime.get_account(&MEMO_V1).unwrap().owner, LoaderKind::Deprecated.id());
    assert_eq!(runtime.get_account(&MEMO_V4).unwrap().owner, LoaderKind::V2.id());
}

#[test]
fn token_programs_and_ata_work_together_in_a_fresh_runtime() {
    for jit in [false, true] {
        let mut runtime = Runtime::new().with_jit(jit);
        let payer = funded_payer(&mut runtime);
        for token_program in [TOKEN, TOKEN_2022] {
            assert_eq!(runtime.get_account(&token_program).unwrap().owner, LoaderKind::Upgradeable.id());
            let mint = create_mint(&mut runtime, &payer, token_program, &payer.pubkey());
            let wallet = Pubkey::new_unique();
            let (create, ata) = create_ata(&payer.pubkey(), &wallet, &mint, &token_program);
            let mint_ix = mint_to(token_program, &mint, &ata, &payer.pubkey(), 1_000);
            let result = runtime.send_transaction(transaction(&runtime, &[create.clone(), mint_ix], &payer, &[]));
            Check::success(&result);
            let account = runtime.get_account(&ata).expect("the associated token account exists");
            assert_eq!(account.owner, token_program);
            assert_eq!(token_amount(&account), 1_000);
            assert_eq!(account.data[..32], *mint.as_ref());
            assert_eq!(account.data[32..64], *wallet.as_ref());
            // Idempotent: a second create succeeds and changes nothing.
            let again = runtime.send_transaction(transaction(&runtime, &[create], &payer, &[]));
            Check::success(&again);
            assert_eq!(runtime.get_account(&ata).unwrap().data, account.data);
        }
    }
}

#[test]
fn p_token_transfers_for_a_fraction_of_spl_tokens_units() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let owner = Keypair::new();
    let mint = Pubkey::new_unique();
    let (from, to) = (Pubkey::new_unique(), Pubkey::new_unique());
    runtime.set_account(from, token_account(&runtime, &mint, &owner.pubkey(), 100));
    runtime.set_account(to, token_account(&runtime, &mint, &owner.pubkey(), 0));
    let transfer = token_transfer(&from, &to, &owner.pubkey(), 40);
    let result = runtime.send_transaction(transaction(&runtime, std::slice::from_ref(&transfer), &payer, &[&owner]));
    let p_token_units = Check::success(&result).compute_units_consumed;
    assert_eq!(token_amount(&runtime.get_account(&to).unwrap()), 40);

    // add_program replaces the shipped program (and its program-data account).
    let programdata = Pubkey::find_program_address(&[TOKEN.as_ref()], &LoaderKind::Upgradeable.id()).0;
    assert!(runtime.get_account(&programdata).is_some());
    runtime.add_program_with_loader(TOKEN, &fixture("spl_token-3.5.0.so"), LoaderKind::V2).unwrap();
    assert_eq!(runtime.get_account(&TOKEN).unwrap().owner, LoaderKind::V2.id());
    assert!(runtime.get_account(&programdata).is_none());
    runtime.expire_blockhash();
    let result = runtime.send_transaction(transaction(&runtime, &[transfer], &payer, &[&owner]));
    let meta = Check::success(&result);
    Check::logged(meta, "Program log: Instruction: Transfer");
    assert_eq!(token_amount(&runtime.get_account(&to).unwrap()), 80);
    assert!(p_token_units * 10 < meta.compute_units_consumed, "p-token {p_token_units}, SPL Token {}", meta.compute_units_consumed);
}

#[test]
fn without_default_programs_their_ids_are_empty() {
    let mut runtime = Runtime::new().with_default_programs(false);
    for program in DEFAULT_PROGRAMS {
        assert!(runtime.get_account(&program.id).is_none(), "{}", program.file);
    }
    let payer = funded_payer(&mut runtime);
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V4, b"hi")], &payer, &[]));
    // As in LiteSVM: the (empty) program account is not executable.
    Check::failure(&result, TransactionError::InvalidProgramForExecution);
    // A program added at a default id stays when the others are removed.
    let mut runtime = Runtime::new();
    runtime.add_program(MEMO_V4, &fixture("spl_memo-4.0.0.so")).unwrap();
    let mut runtime = runtime.with_default_programs(false);
    assert!(runtime.get_account(&MEMO_V1).is_none());
    let payer = funded_payer(&mut runtime);
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V4, b"hi")], &payer, &[]));
    Check::success(&result);
}

#[test]
fn builders_after_new_reload_the_default_programs() {
    // The feature set and compute budget shape the VM the programs run in;
    // changing them after `new()` still leaves the programs callable.
    let mut runtime = Runtime::new()
        .with_feature_set(lamport_runtime::FeatureSet::legacy())
        .with_compute_budget(lamport_runtime::ComputeBudget::default())
        .with_jit(false);
    let payer = funded_payer(&mut runtime);
    let result = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V4, b"legacy")], &payer, &[]));
    Check::logged(Check::success(&result), "Program log: legacy");
}
