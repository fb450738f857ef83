//! Limits under load: a batch of 100,000 transactions, 10 MiB accounts and
//! the per-transaction growth limit, cross-program invocation at the depth
//! limit and one beyond, 64 accounts in an instruction (and 64 keys, over a
//! legacy transaction's size). Each gives Agave's result, a batch gives the
//! results and accounts of running its transactions one by one, and the
//! peak resident memory is printed (from `/proc/self/status`, where there
//! is one) and bounded.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{InstructionError, Runtime, TransactionError, TransactionResult};
use lamport_sdk::{
    account::Account,
    hash::Hash,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signature::Signature,
    signer::Keypair,
    system,
    transaction::Transaction,
};

/// Agave's largest account, `MAX_PERMITTED_DATA_LENGTH`.
const MAX_DATA: u64 = 10 * 1024 * 1024;
/// Agave's account locks per transaction, `MAX_TX_ACCOUNT_LOCKS`.
const MAX_ACCOUNTS: usize = 64;
/// Agave's `MAX_PERMITTED_DATA_INCREASE`: what one instruction of a program
/// may grow an account by.
const MAX_INCREASE: u64 = 10 * 1024;

const INVOKER: Pubkey = Pubkey::new_from_array([0xA1; 32]);
const INVOKER_CREATE_PDA: u8 = 0;
const INVOKER_CHAIN: u8 = 1;

/// Peak resident memory of this process in bytes (`VmHWM`), where
/// `/proc/self/status` exists.
fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Prints the peak resident memory after `what`, and checks it stays under
/// `limit_mib` MiB.
fn report_memory(what: &str, limit_mib: u64) {
    let Some(peak) = peak_resident_bytes() else {
        println!("{what}: peak resident memory unknown (no /proc/self/status)");
        return;
    };
    println!("{what}: peak resident memory {} MiB", peak >> 20);
    assert!(peak >> 20 < limit_mib, "{what}: peak resident memory {} MiB, over {limit_mib} MiB", peak >> 20);
}

/// Sends `txs` one by one on `sequential` (checking each transaction's
/// invariants) and as one batch on `parallel`; both must agree on every
/// result and on the accounts at `addresses`. Returns the results.
fn one_by_one_and_batched(
    sequential: &mut Runtime,
    parallel: &mut Runtime,
    txs: Vec<Transaction>,
    addresses: &[Pubkey],
) -> Vec<TransactionResult> {
    let expected: Vec<TransactionResult> = txs
        .iter()
        .map(|tx| {
            let invariants = Invariants::before(sequential, tx);
            let result = sequential.send_transaction(tx.clone());
            invariants.check(sequential, &result);
            result
        })
        .collect();
    let got = parallel.send_transactions(txs);
    assert_eq!(got.len(), expected.len());
    for (index, (got, expected)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(got, expected, "transaction {index}");
    }
    for address in addresses {
        assert_eq!(parallel.get_account(address), sequential.get_account(address), "account {address}");
    }
    expected
}

/// 100,000 system transfers from 1,000 payers to 5,000 recipients: every
/// payer conflicts with its own transactions and every recipient with
/// twenty others; some transfers leave a new account below the rent-exempt
/// minimum and some payers run dry, so they fail (and pay their fee).
/// Signatures are ids only (signature verification is off): signing and
/// verifying 200,000 transactions would dominate the run.
#[test]
fn a_batch_of_100_000_transactions_matches_one_by_one_execution() {
    const TRANSACTIONS: u32 = 100_000;
    const PAYERS: u32 = 1_000;
    const RECIPIENTS: u32 = 5_000;
    let address = |kind: u8, i: u32| {
        let mut bytes = [kind; 32];
        bytes[..4].copy_from_slice(&i.to_le_bytes());
        Pubkey::new_from_array(bytes)
    };
    let new_runtime = |threads| {
        let mut runtime = Runtime::new().with_sigverify(false).with_blockhash_check(false).with_threads(threads);
        for i in 0..PAYERS {
            runtime.airdrop(&address(1, i), 100_000_000).unwrap();
        }
        runtime
    };
    let (mut sequential, mut parallel) = (new_runtime(1), new_runtime(2));
    let txs: Vec<Transaction> = (0..TRANSACTIONS)
        .map(|i| {
            let payer = address(1, i % PAYERS);
            let to = address(2, i.wrapping_mul(7_919) % RECIPIENTS);
            let lamports = 800_000 + u64::from(i.wrapping_mul(104_729) % 400_000);
            let mut tx = Transaction::new_with_payer(&[system::transfer(&payer, &to, lamports)], Some(&payer));
            tx.message.recent_blockhash = Hash::new_from_array([7; 32]);
            let mut signature = [0u8; 64];
            signature[..4].copy_from_slice(&i.to_le_bytes());
            tx.signatures[0] = Signature::from(signature);
            tx
        })
        .collect();
    let mut addresses: Vec<Pubkey> = (0..PAYERS).map(|i| address(1, i)).collect();
    addresses.extend((0..RECIPIENTS).map(|i| address(2, i)));

    let results = one_by_one_and_batched(&mut sequential, &mut parallel, txs, &addresses);
    let succeeded = results.iter().filter(|r| r.is_ok()).count();
    let below_rent = results
        .iter()
        .filter(|r| matches!(r, Err(f) if matches!(f.err, TransactionError::InsufficientFundsForRent { .. })))
        .count();
    println!("100,000 transactions: {succeeded} succeeded, {below_rent} would leave an account below rent exemption");
    assert!(succeeded > 50_000 && succeeded < 100_000, "{succeeded} succeeded");
    assert!(below_rent > 0);
    report_memory("100,000 transactions", 1_024);
}

/// A runtime with the invoker test program at [`INVOKER`] and a funded payer.
fn invoker_runtime(threads: usize) -> (Runtime, Keypair) {
    let mut runtime = Runtime::new().with_threads(threads);
    runtime.add_program(INVOKER, test_program("invoker")).expect("invoker loads");
    let payer = Keypair::new_from_array([9; 32]);
    runtime.airdrop(&payer.pubkey(), 1_000_000_000_000).unwrap();
    (runtime, payer)
}

/// The system program creates accounts up to 10 MiB; one byte more is
/// `InvalidAccountDataLength`; a transaction allocates at most 20 MiB; a
/// program grows an account through a CPI by at most 10 KiB. The 10 MiB
/// accounts then pass through a program, in a batch, as one by one.
#[test]
fn ten_mib_accounts_and_the_growth_limits() {
    let (mut runtime, payer) = invoker_runtime(1);
    let big: Vec<Keypair> = (0..3).map(|i| Keypair::new_from_array([0x40 + i; 32])).collect();
    let rent = runtime.minimum_balance_for_rent_exemption(MAX_DATA as usize);
    let create = |to: &Keypair, space| system::create_account(&payer.pubkey(), &to.pubkey(), rent, space, &INVOKER);

    // One byte over the limit: the system program's own error.
    let tx = transaction(&runtime, &[create(&big[0], MAX_DATA + 1)], &payer, &[&big[0]]);
    let invariants = Invariants::before(&runtime, &tx);
    let result = runtime.send_transaction(tx);
    invariants.check(&runtime, &result);
    let meta = Check::instruction_failure(&result, 0, InstructionError::Custom(3));
    Check::logged(meta, &format!("Allocate: requested {}, max allowed {MAX_DATA}", MAX_DATA + 1));

    // Three 10 MiB accounts in one transaction: the third passes 20 MiB.
    let ixs: Vec<Instruction> = big.iter().map(|k| create(k, MAX_DATA)).collect();
    let tx = transaction(&runtime, &ixs, &payer, &[&big[0], &big[1], &big[2]]);
    let invariants = Invariants::before(&runtime, &tx);
    let result = runtime.send_transaction(tx);
    invariants.check(&runtime, &result);
    Check::instruction_failure(&result, 2, InstructionError::MaxAccountsDataAllocationsExceeded);
    assert!(runtime.get_account(&big[0].pubkey()).is_none(), "a failed transaction creates nothing");

    // Two of them, exactly 20 MiB, in one transaction; the third in another.
    let tx = transaction(&runtime, &ixs[..2], &payer, &[&big[0], &big[1]]);
    Check::success(&runtime.send_transaction(tx));
    let tx = transaction(&runtime, &ixs[2..], &payer, &[&big[2]]);
    Check::success(&runtime.send_transaction(tx));
    for key in &big {
        let account = runtime.get_account(&key.pubkey()).expect("created");
        assert_eq!((account.data.len() as u64, account.owner, account.lamports), (MAX_DATA, INVOKER, rent));
        assert!(account.data.iter().all(|b| *b == 0));
    }

    // A program creating its PDA through a CPI grows it by at most 10 KiB.
    for (space, error) in [(MAX_INCREASE, None), (MAX_INCREASE + 1, Some(InstructionError::InvalidRealloc))] {
        let seed_payer = Keypair::new_from_array([0x50 + (space % 7) as u8; 32]);
        runtime.airdrop(&seed_payer.pubkey(), 1_000_000_000).unwrap();
        let (pda, bump) = Pubkey::find_program_address(&[b"vault", seed_payer.pubkey().as_ref()], &INVOKER);
        let mut data = vec![INVOKER_CREATE_PDA, bump];
        data.extend_from_slice(&runtime.minimum_balance_for_rent_exemption(space as usize).to_le_bytes());
        data.extend_from_slice(&space.to_le_bytes());
        let ix = Instruction {
            program_id: INVOKER,
            accounts: vec![AccountMeta::new(seed_payer.pubkey(), true), AccountMeta::new(pda, false), AccountMeta::new_readonly(system::ID, false)],
            data,
        };
        let tx = transaction(&runtime, &[ix], &seed_payer, &[]);
        let invariants = Invariants::before(&runtime, &tx);
        let result = runtime.send_transaction(tx);
        invariants.check(&runtime, &result);
        match error {
            None => assert_eq!(Check::success(&result).fee, 5_000),
            Some(error) => {
                Check::instruction_failure(&result, 0, error);
            }
        }
    }

    // Transactions passing the 10 MiB accounts (writable) to a program, in
    // a batch: the same results as one by one.
    let mut parallel = Runtime::new().with_threads(2);
    parallel.add_program(INVOKER, test_program("invoker")).expect("invoker loads");
    let mut addresses: Vec<Pubkey> = big.iter().map(Keypair::pubkey).collect();
    addresses.push(payer.pubkey());
    for address in &addresses {
        parallel.set_account(*address, runtime.get_account(address).unwrap());
    }
    let txs: Vec<Transaction> = (0..12u8)
        .map(|i| {
            let ix = Instruction {
                program_id: INVOKER,
                accounts: vec![AccountMeta::new(big[usize::from(i % 3)].pubkey(), false)],
                // NOOP, or an unknown op (fails) on every fourth.
                data: vec![if i % 4 == 3 { 0xEE } else { 4 }, i],
            };
            transaction(&runtime, &[ix], &payer, &[])
        })
        .collect();
    let results = one_by_one_and_batched(&mut runtime, &mut parallel, txs, &addresses);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 9);
    report_memory("10 MiB accounts", 1_024);
}

/// `INVOKER` calls itself `depth` times (stack height `depth + 1`), passing
/// `accounts` (writable, repeated in order until there are `metas` of
/// them) at every level.
fn chain(depth: usize, accounts: &[Pubkey], metas: usize) -> Instruction {
    let mut data = vec![INVOKER_CHAIN, depth as u8];
    for _ in 0..depth {
        data.extend_from_slice(INVOKER.as_ref());
    }
    let mut list = vec![AccountMeta::new_readonly(INVOKER, false)];
    list.extend(accounts.iter().cycle().take(metas.saturating_sub(1)).map(|key| AccountMeta::new(*key, false)));
    Instruction { program_id: INVOKER, accounts: list, data }
}

/// Invocations nest to stack height 5 (Agave's `MAX_INSTRUCTION_STACK_DEPTH`);
/// one more is `CallDepth`. Each invocation carries 64 accounts: as many
/// distinct ones as a legacy transaction fits in a packet, the rest
/// repeated. A batch of both depths gives the one-by-one results. 64
/// distinct keys do not fit in a legacy transaction's 1,232 bytes: it is
/// rejected (`SanitizeFailure`) and costs nothing.
#[test]
fn cpi_at_the_depth_limit_with_64_accounts() {
    let (mut sequential, payer) = invoker_runtime(1);
    let (mut parallel, _) = invoker_runtime(2);
    let all: Vec<Pubkey> = (0..MAX_ACCOUNTS as u8).map(|i| Pubkey::new_from_array([0xC0 ^ i; 32])).collect();
    for runtime in [&mut sequential, &mut parallel] {
        for (i, key) in all.iter().enumerate() {
            let owner = if i % 2 == 0 { INVOKER } else { system::ID };
            let lamports = runtime.minimum_balance_for_rent_exemption(i) + i as u64;
            runtime.set_account(*key, Account { lamports, data: vec![i as u8; i], owner, executable: false, rent_epoch: 0 });
        }
    }
    // A compute-unit price of its own makes each round a distinct
    // transaction over the same accounts.
    let round_tx = |runtime: &Runtime, round: u64, accounts: &[Pubkey]| {
        let price = lamport_sdk::compute_budget::set_compute_unit_price(round);
        transaction(runtime, &[price, chain(4 + (round % 2) as usize, accounts, MAX_ACCOUNTS)], &payer, &[])
    };
    let fits = (1..all.len())
        .rev()
        .find(|n| round_tx(&sequential, 1, &all[..*n]).serialize().len() <= lamport_sdk::transaction::PACKET_DATA_SIZE)
        .expect("some accounts fit");
    println!("a legacy transaction fits {} distinct account keys", fits + 3);
    let txs: Vec<Transaction> = (0..20).map(|round| round_tx(&sequential, round, &all[..fits - (round % 3) as usize])).collect();
    assert_eq!(txs[0].message.instructions[1].accounts.len(), MAX_ACCOUNTS);
    let mut addresses = all.clone();
    addresses.push(payer.pubkey());
    let results = one_by_one_and_batched(&mut sequential, &mut parallel, txs, &addresses);
    for (round, result) in results.iter().enumerate() {
        if round % 2 == 0 {
            let meta = Check::success(result);
            Check::logged(meta, &format!("Program {INVOKER} invoke [5]"));
        } else {
            let meta = Check::instruction_failure(result, 1, InstructionError::CallDepth);
            assert!(!meta.logs.iter().any(|l| l.ends_with("invoke [6]")), "{:#?}", meta.logs);
        }
    }

    // 64 distinct keys: over a packet.
    let tx = transaction(&sequential, &[chain(4, &all[..MAX_ACCOUNTS - 2], MAX_ACCOUNTS - 1)], &payer, &[]);
    assert_eq!(tx.message.account_keys.len(), MAX_ACCOUNTS);
    let invariants = Invariants::before(&sequential, &tx);
    let result = sequential.send_transaction(tx.clone());
    assert_eq!(invariants.check(&sequential, &result), 0, "a rejected transaction pays nothing");
    Check::failure(&result, TransactionError::SanitizeFailure);
    assert_eq!(parallel.send_transactions(vec![tx]), vec![result]);
    report_memory("CPI at the depth limit with 64 accounts", 1_024);
}
