//! The syscalls test program of lamport-runtime (`runtime/tests/programs/
//! syscalls`) run in Agave's SVM (LiteSVM 0.17 on Agave 4.3 crates) and in
//! lamport-runtime on the same inputs: the same log lines (results, return
//! codes, the compute units left before and after each syscall) and the same
//! compute units consumed.

use std::{path::Path, sync::OnceLock};

use lamport_agave_compat::{address, build, keypair, repository, run_in_litesvm};
use lamport_cu_bench::Scenario;
use lamport_runtime::Runtime;
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

const PROGRAM: Pubkey = Pubkey::new_from_array([0x5C; 32]);

fn syscalls_elf() -> &'static [u8] {
    static ELF: OnceLock<Vec<u8>> = OnceLock::new();
    ELF.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("syscalls");
        build(&repository().join("runtime/tests/programs/syscalls/Cargo.toml"), &out, "syscalls")
    })
}

/// Curve id of big-endian BLS12-381 G1 points.
const BLS_G1_BE: u8 = 5 | 0x80;

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// `(what, instruction data)` of every case: each syscall on valid input,
/// and some on input it reports as invalid.
fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let edwards = hex("5866666666666666666666666666666666666666666666666666666666666666");
    let ristretto = hex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
    let scalar = |n: u8| {
        let mut s = vec![0u8; 32];
        s[0] = n;
        s
    };
    let mut g1 = vec![0u8; 64];
    g1[31] = 1;
    g1[63] = 2;
    let mut be_two = vec![0u8; 32];
    be_two[31] = 2;
    let mut one = vec![0u8; 32];
    one[31] = 1;
    let schedule = lamport_sdk::sysvar::epoch_schedule::ID;
    let bls_g1 = hex(
        "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb\
         08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1",
    );
    let bls_g1_compressed =
        hex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");
    let get_sysvar = |id: &Pubkey, offset: u64, length: u64| {
        [&[11u8][..], id.as_ref(), &offset.to_le_bytes(), &length.to_le_bytes()].concat()
    };
    vec![
        ("secp256k1_recover", [&[1u8][..], &[9; 32], &[0], &[1; 64]].concat()),
        ("secp256k1_recover, bad recovery id", [&[1u8][..], &[9; 32], &[4], &[1; 64]].concat()),
        ("curve_validate_point edwards", [&[2u8, 0][..], &edwards].concat()),
        ("curve_validate_point ristretto", [&[2u8, 1][..], &ristretto].concat()),
        ("curve_group_op edwards add", [&[3u8, 0, 0][..], &edwards, &edwards].concat()),
        ("curve_group_op edwards mul", [&[3u8, 0, 2][..], &scalar(3), &edwards].concat()),
        ("curve_group_op ristretto sub", [&[3u8, 1, 1][..], &ristretto, &ristretto].concat()),
        ("curve_multiscalar_mul edwards", [&[4u8, 0, 2][..], &scalar(2), &scalar(3), &edwards, &edwards].concat()),
        ("curve_multiscalar_mul ristretto", [&[4u8, 1, 1][..], &scalar(5), &ristretto].concat()),
        ("alt_bn128 g1 add", [&[5u8, 0, 64][..], &g1, &g1].concat()),
        ("alt_bn128 g1 mul", [&[5u8, 2, 64][..], &g1, &be_two].concat()),
        ("alt_bn128 empty pairing", vec![5, 3, 32]),
        ("alt_bn128 g1 add off the curve", [&[5u8, 0, 64][..], &g1[..63], &[3], &g1].concat()),
        ("alt_bn128 g1 compress", [&[6u8, 0, 32][..], &g1].concat()),
        ("poseidon of 1", [&[7u8, 0][..], &one].concat()),
        ("poseidon of two inputs, little-endian", [&[7u8, 1][..], &[1; 32], &[2; 32]].concat()),
        ("epoch schedule", vec![8]),
        ("epoch rewards", vec![9]),
        ("last restart slot", vec![10]),
        ("get_sysvar epoch schedule range", get_sysvar(&schedule, 16, 9)),
        ("get_sysvar past the end", get_sysvar(&schedule, 30, 4)),
        ("epoch stake total", vec![12, 0]),
        ("epoch stake of a vote account", [&[12u8, 1][..], &[9; 32]].concat()),
        ("no processed sibling", [&[13u8][..], &[0; 24]].concat()),
        ("bls12-381 g1 validate", [&[2u8, BLS_G1_BE][..], &bls_g1].concat()),
        ("bls12-381 g1 decompress", [&[14u8, BLS_G1_BE, 96][..], &bls_g1_compressed].concat()),
        ("bls12-381 g1 add", [&[16u8, BLS_G1_BE, 0, 96, 96][..], &bls_g1, &bls_g1].concat()),
        ("bls12-381 g1 mul", [&[16u8, BLS_G1_BE, 2, 32, 96][..], &be_two, &bls_g1].concat()),
        ("bls12-381 g1 sub, little-endian curve id on big-endian bytes", [&[16u8, 5, 1, 96, 96][..], &bls_g1, &bls_g1].concat()),
        ("bls12-381 empty pairing", vec![15, 4 | 0x80, 0]),
    ]
}

#[test]
fn every_syscall_gives_agaves_results_logs_and_compute_units() {
    let payer = Keypair::new_from_array([0x22; 32]);
    for (what, data) in cases() {
        let agave = run_in_litesvm(syscalls_elf(), address(&PROGRAM), &keypair(&payer), &[], data.clone())
            .unwrap_or_else(|failed| panic!("{what}: fails in LiteSVM: {:?}\n{:#?}", failed.err, failed.meta.logs));

        let mut runtime = Runtime::new();
        runtime.add_program(PROGRAM, syscalls_elf()).expect("the syscalls program loads");
        runtime.airdrop(&payer.pubkey(), Scenario::PAYER_LAMPORTS).unwrap();
        let tx = Transaction::new_signed_with_payer(
            &[Instruction::new(PROGRAM, data, Vec::new())],
            Some(&payer.pubkey()),
            &[&payer],
            runtime.latest_blockhash(),
        );
        let ours = runtime.send_transaction(tx).unwrap_or_else(|failed| panic!("{what}: fails in lamport-runtime: {failed}"));
        assert_eq!(agave.logs, ours.logs, "{what}: same log lines");
        assert_eq!(agave.compute_units_consumed, ours.compute_units_consumed, "{what}: same compute units");
    }
}

/// The ELF of a program LiteSVM deployed: the program account's data for
/// the non-upgradeable loaders, the program-data account's after its
/// 45-byte header for the upgradeable one.
fn deployed_elf(svm: &litesvm::LiteSVM, program_id: &solana_address::Address) -> Vec<u8> {
    const UPGRADEABLE_LOADER: &str = "BPFLoaderUpgradeab1e11111111111111111111111";
    const PROGRAMDATA_HEADER: usize = 45;
    let program = svm.get_account(program_id).unwrap_or_else(|| panic!("LiteSVM has {program_id}"));
    if program.owner.to_string() != UPGRADEABLE_LOADER {
        return program.data;
    }
    let programdata = solana_address::Address::try_from(&program.data[4..36]).expect("a program-data address");
    let data = svm.get_account(&programdata).expect("the program-data account").data;
    data[PROGRAMDATA_HEADER..].to_vec()
}

#[test]
fn every_program_litesvm_ships_loads_in_lamport_runtime() {
    let svm = litesvm::LiteSVM::new();
    let programs = [
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
        "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo",
        "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
        "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL",
        "AddressLookupTab1e1111111111111111111111111",
        "Stake11111111111111111111111111111111111111",
    ];
    for id in programs {
        let address: solana_address::Address = id.parse().unwrap();
        let elf = deployed_elf(&svm, &address);
        let mut runtime = Runtime::new();
        runtime
            .add_program(Pubkey::new_from_array(address.to_bytes()), &elf)
            .unwrap_or_else(|err| panic!("{id} does not load in lamport-runtime: {err}"));
    }
}
