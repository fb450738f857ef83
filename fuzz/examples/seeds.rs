//! Writes the seed inputs of every target into `corpus/<target>/`:
//! `cargo run --manifest-path fuzz/Cargo.toml --example seeds`.
//!
//! - `elf_load`: the fixture ELFs and the built examples, except those
//!   over 64 KiB (SPL Token: it slows every execution down);
//! - `wire_transaction`: signed transactions that succeed in the target's
//!   runtime (transfers, memos, an SPL Token transfer, two signers, compute
//!   budget instructions) and a few that fail;
//! - `sigverify`, `interpreter_vs_jit`: inputs drawn from a fixed-seed
//!   generator, kept when they decode to a case of a kind not yet seeded.
//!
//! Existing files are kept; seeds are named by content.

use std::{collections::BTreeSet, fs, path::Path};

use lamport_fuzz::{fuzz_dir, programs, wire_transaction as wire};
use lamport_sdk::{
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    system,
    transaction::Transaction,
};
use sha2::{Digest, Sha256};

/// Most bytes of an ELF seed.
const MAX_ELF_SEED: usize = 64 * 1024;

fn write(target: &str, data: &[u8]) {
    let dir = fuzz_dir().join("corpus").join(target);
    fs::create_dir_all(&dir).expect("the corpus directory can be created");
    let name: String = Sha256::digest(data).iter().take(20).map(|b| format!("{b:02x}")).collect();
    let path = dir.join(format!("seed-{name}"));
    if !Path::new(&path).exists() {
        fs::write(&path, data).expect("the seed can be written");
    }
}

fn elf_seeds() {
    for (_, elf) in programs::all_elfs() {
        if elf.len() <= MAX_ELF_SEED {
            write("elf_load", &elf);
        }
    }
}

fn wire_seeds() {
    let blockhash = wire::runtime(true).latest_blockhash();
    let payer = wire::payer(1);
    let second = wire::payer(2);
    let to = Pubkey::new_from_array([0x33; 32]);
    let memo = |program_id, text: &[u8], signers: Vec<AccountMeta>| Instruction { program_id, accounts: signers, data: text.to_vec() };
    let mut token_transfer = vec![3u8];
    token_transfer.extend_from_slice(&100u64.to_le_bytes());
    let token = Instruction {
        program_id: programs::TOKEN,
        accounts: vec![
            AccountMeta::new(wire::TOKEN_SOURCE, false),
            AccountMeta::new(wire::TOKEN_DESTINATION, false),
            AccountMeta::new_readonly(payer.pubkey(), true),
        ],
        data: token_transfer,
    };
    let cases: Vec<(Vec<Instruction>, Vec<&lamport_sdk::signer::Keypair>)> = vec![
        (vec![system::transfer(&payer.pubkey(), &to, 1_000_000)], vec![&payer]),
        (vec![memo(programs::MEMO_V4, b"hello", vec![])], vec![&payer]),
        (vec![memo(programs::MEMO_V1, b"hello", vec![])], vec![&payer]),
        (vec![memo(programs::MEMO_V4, &[0xff], vec![])], vec![&payer]),
        (vec![token.clone()], vec![&payer]),
        (
            vec![
                compute_budget::set_compute_unit_limit(50_000),
                compute_budget::set_compute_unit_price(1_000),
                memo(programs::MEMO_V4, b"signed", vec![AccountMeta::new_readonly(second.pubkey(), true)]),
            ],
            vec![&payer, &second],
        ),
        (vec![system::transfer(&second.pubkey(), &payer.pubkey(), 5), token], vec![&payer, &second]),
    ];
    for (instructions, signers) in cases {
        let tx = Transaction::new_signed_with_payer(&instructions, Some(&signers[0].pubkey()), &signers, blockhash);
        write("wire_transaction", &tx.serialize());
        let result = wire::runtime(true).send_transaction(tx);
        println!("wire_transaction seed: {}", result.map_or_else(|f| f.to_string(), |m| format!("ok, {} CU", m.compute_units_consumed)));
    }
    // An unfunded fee payer.
    let stranger = lamport_sdk::signer::Keypair::new_from_array([0x44; 32]);
    let tx = Transaction::new_signed_with_payer(
        &[system::transfer(&stranger.pubkey(), &to, 1)],
        Some(&stranger.pubkey()),
        &[&stranger],
        blockhash,
    );
    write("wire_transaction", &tx.serialize());
}

/// A deterministic generator (SplitMix64).
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Random inputs, one per kind `kind_of` tells apart.
fn generated_seeds(target: &str, lengths: &[usize], tries: usize, kind_of: impl Fn(&[u8]) -> Option<String>) {
    let mut generator = Generator(0x1a4b_0157);
    let mut kinds = BTreeSet::new();
    for _ in 0..tries {
        let len = lengths[(generator.next() % lengths.len() as u64) as usize];
        let data = generator.bytes(len);
        if let Some(kind) = kind_of(&data) {
            if kinds.insert(kind) {
                write(target, &data);
            }
        }
    }
}

fn main() {
    elf_seeds();
    wire_seeds();
    generated_seeds("sigverify", &[100, 140, 200], 20_000, lamport_fuzz::sigverify::kind);
    generated_seeds("interpreter_vs_jit", &[64, 200, 600, 2_000], 20_000, lamport_fuzz::interpreter_vs_jit::kind);
    for (target, _) in lamport_fuzz::TARGETS {
        let count = fs::read_dir(fuzz_dir().join("corpus").join(target)).map(|d| d.count()).unwrap_or(0);
        println!("{target}: {count} corpus files");
    }
}
