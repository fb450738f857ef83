//! lamport-runtime against LiteSVM (Agave 4.3's SVM) on the same ELF and the
//! same transactions: token transfers with SPL Token 3.5.0 (the fixture
//! built by Solana's toolchain) and with p-token (the Pinocchio token
//! program LiteSVM ships at the token program id), one thread, signature
//! verification off and on.
//!
//! Speed is compared as a ratio of CPU time per transaction (this thread's
//! CPU clock, so other processes on the machine do not count), measured in
//! one run. The two runtimes alternate round by round, and the figure is
//! the median of the rounds' ratios: each ratio compares two rounds run
//! back to back, under the same conditions of a shared machine.
//!
//! Those conditions do not cancel out in the ratio where a core shares its
//! execution units with other work (SMT siblings, or a virtual machine's
//! cores on a busy host: there, a busy loop on the other core has slowed
//! lamport-runtime's transfers by ~80% and LiteSVM's by ~60%). A shared
//! core slows the program's JIT code and address translation, which both
//! runtimes run, more than the zeroing that dominates LiteSVM's own work. The last column is therefore the
//! ratio of each runtime's fastest round: the round least slowed by the
//! rest of the machine, the nearest to what each costs on a core of its
//! own. Run with
//! `cargo bench --manifest-path compat/agave/Cargo.toml --ignore-rust-version`.

use std::time::Duration;

use cpu_time::ThreadTime;
use lamport_agave_compat::{address, keypair};
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};
use litesvm::LiteSVM;
use solana_signer::Signer;

const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Transactions per round and runtime.
const TRANSACTIONS: u64 = 1_000;
/// Rounds per runtime and case: the median is taken, so a round that other
/// work on the machine slowed does not decide the figure.
const ROUNDS: usize = 21;

fn token_account(mint: &Pubkey, owner: &Pubkey, amount: u64) -> Account {
    let data = lamport_sdk::token::account_data(mint, owner, amount).to_vec();
    Account { lamports: 10_000_000, data, owner: TOKEN, executable: false, rent_epoch: u64::MAX }
}

/// The accounts and signed transfers of one round: `TRANSACTIONS`
/// transfers of distinct amounts (distinct signatures) between two accounts.
struct Workload {
    owner: Keypair,
    accounts: Vec<(Pubkey, Account)>,
    transfers: Vec<Transaction>,
}

fn workload(blockhash: lamport_sdk::hash::Hash) -> Workload {
    let owner = Keypair::new_from_array([7; 32]);
    let mint = Pubkey::new_from_array([1; 32]);
    let source = Pubkey::new_from_array([2; 32]);
    let destination = Pubkey::new_from_array([3; 32]);
    let accounts = vec![
        (source, token_account(&mint, &owner.pubkey(), u64::MAX / 2)),
        (destination, token_account(&mint, &owner.pubkey(), 0)),
    ];
    let transfers = (1..=TRANSACTIONS)
        .map(|amount| {
            let mut data = vec![3];
            data.extend_from_slice(&amount.to_le_bytes());
            let ix = Instruction {
                program_id: TOKEN,
                accounts: vec![AccountMeta::new(source, false), AccountMeta::new(destination, false), AccountMeta::new_readonly(owner.pubkey(), true)],
                data,
            };
            Transaction::new_signed_with_payer(&[ix], Some(&owner.pubkey()), &[&owner], blockhash)
        })
        .collect();
    Workload { owner, accounts, transfers }
}

fn lamport_round(elf: &[u8], sigverify: bool) -> Duration {
    let mut runtime = Runtime::new().with_sigverify(sigverify).with_threads(1);
    runtime.add_program_with_loader(TOKEN, elf, LoaderKind::V2).expect("the fixture loads");
    let work = workload(runtime.latest_blockhash());
    runtime.airdrop(&work.owner.pubkey(), 1_000_000_000_000).expect("airdrop");
    for (key, account) in &work.accounts {
        runtime.set_account(*key, account.clone());
    }
    let start = ThreadTime::now();
    for tx in work.transfers {
        let result = runtime.send_transaction(tx);
        assert!(result.is_ok(), "lamport-runtime: {result:?}");
    }
    start.elapsed()
}

fn litesvm_round(elf: &[u8], sigverify: bool) -> Duration {
    let mut svm = LiteSVM::new().with_sigverify(sigverify);
    svm.add_program(address(&TOKEN), elf).expect("the fixture loads");
    let blockhash = lamport_sdk::hash::Hash::new_from_array(svm.latest_blockhash().to_bytes());
    let work = workload(blockhash);
    svm.airdrop(&address(&work.owner.pubkey()), 1_000_000_000_000).expect("airdrop");
    for (key, account) in &work.accounts {
        let state = solana_account::Account {
            lamports: account.lamports,
            data: account.data.clone(),
            owner: address(&account.owner),
            executable: false,
            rent_epoch: account.rent_epoch,
        };
        svm.set_account(address(key), state).expect("account set");
    }
    let owner = keypair(&work.owner);
    let transfers: Vec<solana_transaction::Transaction> = work.transfers.iter().map(|tx| in_solana_types(tx, &owner, svm.latest_blockhash())).collect();
    let start = ThreadTime::now();
    for tx in transfers {
        let result = svm.send_transaction(tx);
        assert!(result.is_ok(), "LiteSVM: {result:?}");
    }
    start.elapsed()
}

/// The same transfer, built and signed with Solana's types.
fn in_solana_types(tx: &Transaction, owner: &solana_keypair::Keypair, blockhash: solana_hash::Hash) -> solana_transaction::Transaction {
    let ix = &tx.message.instructions[0];
    let key = |i: u8| address(&tx.message.account_keys[usize::from(i)]);
    let instruction = solana_instruction::Instruction {
        program_id: key(ix.program_id_index),
        accounts: vec![
            solana_instruction::AccountMeta::new(key(ix.accounts[0]), false),
            solana_instruction::AccountMeta::new(key(ix.accounts[1]), false),
            solana_instruction::AccountMeta::new_readonly(key(ix.accounts[2]), true),
        ],
        data: ix.data.clone(),
    };
    let message = solana_message::Message::new(&[instruction], Some(&owner.pubkey()));
    solana_transaction::Transaction::new(&[owner], message, blockhash)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The p-token ELF LiteSVM installs at the token program id (an upgradeable
/// program: the ELF follows the program-data account's 45-byte header).
fn p_token_elf() -> Vec<u8> {
    const PROGRAMDATA_HEADER: usize = 45;
    let (programdata, _) = Pubkey::find_program_address(&[TOKEN.as_ref()], &lamport_runtime::ids::BPF_LOADER_UPGRADEABLE_ID);
    let account = LiteSVM::new().get_account(&address(&programdata)).expect("LiteSVM ships p-token");
    account.data[PROGRAMDATA_HEADER..].to_vec()
}

fn main() {
    let spl_token = std::fs::read(lamport_agave_compat::repository().join("runtime/tests/fixtures/spl_token-3.5.0.so")).expect("the fixture");
    println!("Token transfer, one thread, CPU time per transaction: medians of {ROUNDS} rounds of {TRANSACTIONS} per runtime, and of the {ROUNDS} ratios of back-to-back rounds; and the ratio of the fastest rounds");
    println!();
    println!("| program | signatures | lamport-runtime | LiteSVM | LiteSVM ÷ lamport | fastest rounds: LiteSVM ÷ lamport |");
    println!("|---|---|---:|---:|---:|---:|");
    for (program, elf) in [("SPL Token 3.5.0", spl_token), ("p-token", p_token_elf())] {
        bench_program(program, &elf);
    }
}

fn bench_program(program: &str, elf: &[u8]) {
    for sigverify in [false, true] {
        let per = |d: Duration| d.as_secs_f64() * 1e6 / TRANSACTIONS as f64;
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut ratios = Vec::new();
        for round in 0..ROUNDS {
            // Alternate which runtime goes first.
            let (a, b) = if round % 2 == 0 {
                let a = lamport_round(elf, sigverify);
                (a, litesvm_round(elf, sigverify))
            } else {
                let b = litesvm_round(elf, sigverify);
                (lamport_round(elf, sigverify), b)
            };
            ours.push(per(a));
            theirs.push(per(b));
            ratios.push(per(b) / per(a));
        }
        let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let fastest_ratio = fastest(&theirs) / fastest(&ours);
        println!(
            "| {program} | {} | {:.1} µs | {:.1} µs | {:.2} | {fastest_ratio:.2} |",
            if sigverify { "verified" } else { "not verified" },
            median(ours),
            median(theirs),
            median(ratios),
        );
    }
}
