//! Inspection: `get_transaction` returns processed transactions (successful
//! or failed, not rejected) from a bounded history; `TransactionMeta`
//! carries the inner instructions (cross-program invocations) of each
//! top-level instruction; `accounts()` iterates the store.

mod common;

use common::*;
use lamport_runtime::{InstructionError, Runtime, TransactionError};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    system,
};

#[test]
fn get_transaction_returns_processed_transactions() {
    let mut runtime = Runtime::new().with_transaction_history(2);
    let payer = funded_payer(&mut runtime);
    let ok = transaction(&runtime, &[memo(MEMO_V4, b"one")], &payer, &[]);
    let ok_signature = ok.signatures[0];
    let sent = runtime.send_transaction(ok).unwrap();
    assert_eq!(runtime.get_transaction(&ok_signature), Some(&Ok(sent.clone())));
    assert_eq!(sent.signature, ok_signature);

    // Failed in execution: charged, so recorded with its error.
    let failing = transaction(&runtime, &[memo(MEMO_V1, &[0xFF])], &payer, &[]);
    let failing_signature = failing.signatures[0];
    let failed = runtime.send_transaction(failing).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::InvalidInstructionData));
    assert_eq!(runtime.get_transaction(&failing_signature), Some(&Err(failed)));

    // Rejected before execution: not recorded.
    let poor = Keypair::new();
    let rejected = transaction(&runtime, &[memo(MEMO_V4, b"x")], &poor, &[]);
    let rejected_signature = rejected.signatures[0];
    assert!(runtime.send_transaction(rejected).is_err());
    assert_eq!(runtime.get_transaction(&rejected_signature), None);

    // The third processed transaction pushes the first out of a history of 2.
    let third = transaction(&runtime, &[memo(MEMO_V4, b"three")], &payer, &[]);
    let third_signature = third.signatures[0];
    runtime.send_transaction(third).unwrap();
    assert_eq!(runtime.get_transaction(&ok_signature), None);
    assert!(runtime.get_transaction(&failing_signature).is_some());
    assert!(runtime.get_transaction(&third_signature).is_some());
}

#[test]
fn the_default_history_keeps_32_transactions() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let mut signatures = Vec::new();
    for n in 0..33u8 {
        let tx = transaction(&runtime, &[memo(MEMO_V4, &[b'a' + n % 26; 3])], &payer, &[]);
        signatures.push(tx.signatures[0]);
        runtime.send_transaction(tx).unwrap();
        runtime.expire_blockhash();
    }
    assert_eq!(runtime.get_transaction(&signatures[0]), None);
    assert!(signatures[1..].iter().all(|signature| runtime.get_transaction(signature).is_some()));
}

#[test]
fn a_parallel_batch_leaves_the_history_sending_one_by_one_leaves() {
    let payers: Vec<Keypair> = (0..48).map(|_| Keypair::new()).collect();
    let poor = Keypair::new();
    let runtimes = [Runtime::new().with_threads(2), Runtime::new()].map(|mut runtime| {
        for payer in &payers {
            runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
        }
        runtime
    });
    let [mut batched, mut one_by_one] = runtimes;
    // Successes, failures (charged, so kept) and rejections (not kept),
    // more of them processed than the history keeps.
    let txs: Vec<_> = payers
        .iter()
        .enumerate()
        .map(|(n, payer)| match n % 4 {
            3 => transaction(&batched, &[memo(MEMO_V1, &[0xFF])], payer, &[]),
            _ => transaction(&batched, &[memo(MEMO_V4, format!("batch {n}").as_bytes())], payer, &[]),
        })
        .chain([transaction(&batched, &[memo(MEMO_V4, b"rejected")], &poor, &[])])
        .collect();
    let signatures: Vec<_> = txs.iter().map(|tx| tx.signatures[0]).collect();
    let results = batched.send_transactions(txs.clone());
    for (tx, result) in txs.into_iter().zip(&results) {
        assert_eq!(&one_by_one.send_transaction(tx), result);
    }
    let kept: Vec<_> = signatures.iter().map(|signature| batched.get_transaction(signature)).collect();
    assert_eq!(kept, signatures.iter().map(|signature| one_by_one.get_transaction(signature)).collect::<Vec<_>>());
    // The last 32 processed are kept, the rejected one is not.
    assert_eq!(kept.iter().filter(|result| result.is_some()).count(), 32);
    assert!(kept[..16].iter().all(Option::is_none));
    assert!(kept[16..48].iter().all(Option::is_some));
    assert!(kept[48].is_none());
}

#[test]
fn inner_instructions_record_each_invocation_under_its_top_level_instruction() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let mint = Keypair::new();
    let lamports = runtime.minimum_balance_for_rent_exemption(82);
    let create_mint = system::create_account(&payer.pubkey(), &mint.pubkey(), lamports, 82, &TOKEN);
    let init_mint = initialize_mint(&mint.pubkey(), &payer.pubkey(), 0);
    let wallet = Pubkey::new_unique();
    let ata_id = lamport_sdk::associated_token::ID;
    let (ata, _) = Pubkey::find_program_address(&[wallet.as_ref(), TOKEN.as_ref(), mint.pubkey().as_ref()], &ata_id);
    let create_ata = Instruction {
        program_id: ata_id,
        accounts: vec![
            AccountMeta::new(payer.pubkey(), true),
            AccountMeta::new(ata, false),
            AccountMeta::new_readonly(wallet, false),
            AccountMeta::new_readonly(mint.pubkey(), false),
            AccountMeta::new_readonly(system::ID, false),
            AccountMeta::new_readonly(TOKEN, false),
        ],
        data: vec![],
    };
    let tx = transaction(&runtime, &[create_mint, init_mint, create_ata], &payer, &[&mint]);
    let keys = tx.message.account_keys.clone();
    let meta = runtime.send_transaction(tx).unwrap();
    let inner = &meta.inner_instructions;
    assert_eq!(inner.len(), 3, "one list per top-level instruction");
    assert!(inner[0].is_empty() && inner[1].is_empty());
    let programs: Vec<Pubkey> = inner[2].iter().map(|i| keys[usize::from(i.instruction.program_id_index)]).collect();
    // ATA 1.1.1: the account size from the token program, the account from
    // the system program, then the token program initializes it.
    assert_eq!(programs, [TOKEN, system::ID, TOKEN, TOKEN]);
    assert!(inner[2].iter().all(|i| i.stack_height == 2));
    let index = |key: &Pubkey| keys.iter().position(|k| k == key).unwrap() as u8;
    let create = &inner[2][1].instruction;
    assert_eq!(create.accounts, [index(&payer.pubkey()), index(&ata)]);
    assert_eq!(create.data[..4], 0u32.to_le_bytes(), "SystemInstruction::CreateAccount");
    let initialize = &inner[2][3].instruction;
    assert_eq!(initialize.data[0], 18, "InitializeAccount3");
    assert_eq!(initialize.data[1..33], *wallet.as_ref());

    // A rejected transaction has no inner instructions.
    let poor = Keypair::new();
    let rejected = runtime.send_transaction(transaction(&runtime, &[memo(MEMO_V4, b"x")], &poor, &[])).unwrap_err();
    assert!(rejected.meta.inner_instructions.is_empty());
}

#[test]
fn accounts_iterates_every_stored_account() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let accounts: Vec<_> = runtime.accounts().collect();
    assert_eq!(accounts.len(), runtime.account_count());
    assert!(accounts.iter().any(|(key, account)| **key == payer.pubkey() && account.lamports == 10_000_000_000));
    assert!(accounts.iter().any(|(key, _)| **key == lamport_sdk::sysvar::clock::ID));
    assert!(accounts.iter().any(|(key, account)| **key == TOKEN && account.executable));
}
