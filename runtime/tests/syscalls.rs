//! The syscalls Agave 4.3 registers beyond logging, memory, hashing, PDAs,
//! CPI and return data: secp256k1 recovery, curve25519, BLS12-381 and
//! alt_bn128 arithmetic, Poseidon, the EpochSchedule / EpochRewards / LastRestartSlot
//! sysvars and `sol_get_sysvar`, `sol_get_epoch_stake` and
//! `sol_get_processed_sibling_instruction`. Each is run by the `syscalls`
//! test program on known vectors; results are checked against the vectors
//! and compute units against Agave's cost formulas. A program importing a
//! syscall the runtime lacks is refused when added.

mod common;

use base64::Engine;
use common::{programs::test_program, *};
use curve25519_dalek::{constants::ED25519_BASEPOINT_POINT, constants::RISTRETTO_BASEPOINT_POINT, Scalar};
use lamport_runtime::{ProgramLoadError, Runtime};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

const SYSCALLS: Pubkey = Pubkey::new_from_array([0x5C; 32]);

/// Instructions the program runs between its two compute-unit logs besides
/// the syscall (setting up up to five arguments, the calls themselves); the
/// syscall's cost is pinned down to this slack. (The differential test in
/// `compat/agave` compares the exact totals with Agave's.)
const MAX_OVERHEAD: u64 = 24;
/// Cost of `sol_log_compute_units_`.
const LOG_UNITS_COST: u64 = 100;

/// What one call of the test program reported.
#[derive(Debug)]
struct Call {
    /// Compute units between the two logs, minus the second log's cost.
    units: u64,
    /// The syscall's return value.
    rc: u64,
    /// `sol_log_data` fields, in order.
    data: Vec<Vec<u8>>,
    /// Other `sol_log_64` lines after the measurement.
    more: Vec<String>,
}

fn runtime(jit: bool) -> Runtime {
    let mut runtime = Runtime::new().with_jit(jit);
    runtime.add_program(SYSCALLS, test_program("syscalls")).expect("the syscalls program loads");
    runtime
}

fn parse(logs: &[String]) -> Call {
    let remaining: Vec<u64> = logs
        .iter()
        .filter_map(|l| l.strip_prefix("Program consumption: ")?.strip_suffix(" units remaining")?.parse().ok())
        .collect();
    assert_eq!(remaining.len(), 2, "two compute-unit logs in {logs:#?}");
    let log64: Vec<&String> = logs.iter().filter(|l| l.starts_with("Program log: 0x")).collect();
    let rc = u64::from_str_radix(log64[0].trim_start_matches("Program log: 0x").split(',').next().unwrap(), 16).unwrap();
    let data = logs
        .iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .flat_map(|l| l.split(' ').map(|f| base64::engine::general_purpose::STANDARD.decode(f).unwrap()))
        .collect();
    Call {
        units: remaining[0] - remaining[1] - LOG_UNITS_COST,
        rc,
        data,
        more: log64[1..].iter().map(|l| l.to_string()).collect(),
    }
}

fn call_in(runtime: &mut Runtime, op: u8, args: &[u8]) -> Call {
    let payer = funded_payer(runtime);
    let mut data = vec![op];
    data.extend_from_slice(args);
    let ix = Instruction { program_id: SYSCALLS, accounts: vec![], data };
    let result = runtime.send_transaction(transaction(runtime, &[ix], &payer, &[]));
    parse(&Check::success(&result).logs)
}

/// Runs `op` in the interpreter and the JIT; both must report the same.
fn call(op: u8, args: &[u8]) -> Call {
    let interpreted = call_in(&mut runtime(false), op, args);
    let jitted = call_in(&mut runtime(true), op, args);
    assert_eq!((interpreted.units, interpreted.rc, &interpreted.data), (jitted.units, jitted.rc, &jitted.data));
    interpreted
}

fn assert_cost(call: &Call, cost: u64) {
    assert!(
        (cost..=cost + MAX_OVERHEAD).contains(&call.units),
        "{} units between the logs, expected the syscall's {cost} plus at most {MAX_OVERHEAD}",
        call.units
    );
}

#[test]
fn secp256k1_recover_returns_the_signers_key_for_25000_units() {
    let secret = libsecp256k1::SecretKey::parse(&[7; 32]).unwrap();
    let hash = [9u8; 32];
    let (signature, recovery_id) = libsecp256k1::sign(&libsecp256k1::Message::parse(&hash), &secret);
    let public = libsecp256k1::PublicKey::from_secret_key(&secret).serialize();
    let mut args = hash.to_vec();
    args.push(recovery_id.serialize());
    args.extend_from_slice(&signature.serialize());
    let recovered = call(1, &args);
    assert_eq!(recovered.rc, 0);
    assert_eq!(recovered.data, vec![public[1..].to_vec()]);
    assert_cost(&recovered, 25_000);

    // A recovery id above 3 is reported, not fatal.
    args[32] = 4;
    let bad_id = call(1, &args);
    assert_eq!((bad_id.rc, bad_id.data.len()), (2, 1));
    assert_cost(&bad_id, 25_000);
}

#[test]
fn curve25519_validates_adds_multiplies_with_agaves_costs() {
    let base = ED25519_BASEPOINT_POINT.compress().to_bytes();
    let valid = call(2, &[&[0u8][..], &base].concat());
    assert_eq!(valid.rc, 0);
    assert_cost(&valid, 159);
    let mut not_on_curve = base;
    not_on_curve[0] ^= 1;
    let expected = u64::from(curve25519_dalek::edwards::CompressedEdwardsY(not_on_curve).decompress().is_none());
    assert_eq!(call(2, &[&[0u8][..], &not_on_curve].concat()).rc, expected);

    let sum = call(3, &[&[0u8, 0][..], &base, &base].concat());
    assert_eq!(sum.rc, 0);
    assert_eq!(sum.data[0], (ED25519_BASEPOINT_POINT + ED25519_BASEPOINT_POINT).compress().to_bytes());
    assert_eq!(hex(&sum.data[0]), "c9a3f86aae465f0e56513864510f3997561fa2c9e85ea21dc2292309f3cd6022");
    assert_cost(&sum, 473);

    let three = Scalar::from(3u8).to_bytes();
    let product = call(3, &[&[0u8, 2][..], &three, &base].concat());
    assert_eq!(product.data[0], (Scalar::from(3u8) * ED25519_BASEPOINT_POINT).compress().to_bytes());
    assert_cost(&product, 2_177);

    let ristretto = RISTRETTO_BASEPOINT_POINT.compress().to_bytes();
    let difference = call(3, &[&[1u8, 1][..], &ristretto, &ristretto].concat());
    assert_eq!(difference.data[0], [0u8; 32], "B - B is the identity");
    assert_cost(&difference, 519);

    // 2·B + 3·B on Edwards: 2,273 + 758 for the second point.
    let two = Scalar::from(2u8).to_bytes();
    let msm = call(4, &[&[0u8, 2][..], &two, &three, &base, &base].concat());
    assert_eq!(msm.data[0], (Scalar::from(5u8) * ED25519_BASEPOINT_POINT).compress().to_bytes());
    assert_cost(&msm, 2_273 + 758);
}

/// The generator of BN254's G1, (1, 2), big-endian.
fn bn254_generator() -> Vec<u8> {
    let mut point = vec![0u8; 64];
    point[31] = 1;
    point[63] = 2;
    point
}

#[test]
fn alt_bn128_adds_multiplies_pairs_and_compresses() {
    // 2·G (EIP-196's vector).
    let double = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3\
                  15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
    let g = bn254_generator();
    let sum = call(5, &[&[0u8, 64][..], &g, &g].concat());
    assert_eq!((sum.rc, hex(&sum.data[0])), (0, double.to_string()));
    assert_cost(&sum, 334);

    let mut scalar = [0u8; 32];
    scalar[31] = 2;
    let product = call(5, &[&[2u8, 64][..], &g, &scalar].concat());
    assert_eq!(hex(&product.data[0]), double);
    assert_cost(&product, 3_840);

    // The empty pairing product is 1: 36,364 + 85 (sha256 base) + 0 + 32.
    let pairing = call(5, &[3u8, 32]);
    assert_eq!(pairing.rc, 0);
    assert_eq!(pairing.data[0][31], 1);
    assert_cost(&pairing, 36_364 + 85 + 32);

    // G1 compression round trip: 100 + 30, then 100 + 398.
    let compressed = call(6, &[&[0u8, 32][..], &g].concat());
    assert_eq!(compressed.rc, 0);
    assert_cost(&compressed, 130);
    let decompressed = call(6, &[&[1u8, 64][..], &compressed.data[0]].concat());
    assert_eq!(decompressed.data[0], g);
    assert_cost(&decompressed, 498);

    // (1, 3) is not on the curve: reported with 1, the cost still paid.
    let mut off_curve = g.clone();
    off_curve[63] = 3;
    let invalid = call(5, &[&[0u8, 64][..], &off_curve, &g].concat());
    assert_eq!(invalid.rc, 1);
    assert_cost(&invalid, 334);
}

/// The generator of BLS12-381's G1, uncompressed and big-endian (x, y).
const BLS_G1: &str = "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb\
                      08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1";
/// The same point compressed (flag bits 0b100 on x).
const BLS_G1_COMPRESSED: &str = "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";
/// Curve id of big-endian G1 points.
const BLS12_381_G1_BE: u8 = 5 | 0x80;

#[test]
fn bls12_381_validates_decompresses_and_adds_g1_points() {
    let g1 = unhex(BLS_G1);
    let valid = call(2, &[&[BLS12_381_G1_BE][..], &g1].concat());
    assert_eq!(valid.rc, 0);
    assert_cost(&valid, 1_565);
    let mut off_curve = g1.clone();
    off_curve[95] ^= 1;
    assert_eq!(call(2, &[&[BLS12_381_G1_BE][..], &off_curve].concat()).rc, 1);

    let decompressed = call(14, &[&[BLS12_381_G1_BE, 96][..], &unhex(BLS_G1_COMPRESSED)].concat());
    assert_eq!((decompressed.rc, &decompressed.data[0]), (0, &g1));
    assert_cost(&decompressed, 2_100);

    // G + G by addition (128 units) and 2·G by multiplication (4,627) agree.
    let sum = call(16, &[&[BLS12_381_G1_BE, 0, 96, 96][..], &g1, &g1].concat());
    assert_eq!(sum.rc, 0);
    assert_cost(&sum, 128);
    let mut two = vec![0u8; 32];
    two[31] = 2;
    let product = call(16, &[&[BLS12_381_G1_BE, 2, 32, 96][..], &two, &g1].concat());
    assert_eq!(product.rc, 0);
    assert_eq!(product.data[0], sum.data[0]);
    assert_ne!(sum.data[0], g1);
    assert_cost(&product, 4_627);
}

#[test]
fn poseidon_hashes_the_crates_vectors_for_61n2_plus_542_units() {
    let mut one = [0u8; 32];
    one[31] = 1;
    let hashed = call(7, &[&[0u8][..], &one].concat());
    assert_eq!(hex(&hashed.data[0]), "29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133");
    assert_cost(&hashed, 61 + 542);

    let ones = call(7, &[&[0u8][..], &[1u8; 32], &[2u8; 32]].concat());
    assert_eq!(ones.rc, 0);
    assert_cost(&ones, 61 * 4 + 542);
}

#[test]
fn sysvars_have_a_fresh_clusters_values() {
    let schedule = call(8, &[]);
    let mut expected = vec![0u8; 40];
    expected[0..8].copy_from_slice(&432_000u64.to_le_bytes());
    expected[8..16].copy_from_slice(&432_000u64.to_le_bytes());
    expected[16] = 1;
    expected[24..32].copy_from_slice(&14u64.to_le_bytes());
    expected[32..40].copy_from_slice(&524_256u64.to_le_bytes());
    assert_eq!((schedule.rc, &schedule.data[0]), (0, &expected));
    assert_cost(&schedule, 100 + 40);

    let rewards = call(9, &[]);
    assert_eq!(rewards.data[0], vec![0u8; 96]);
    assert_cost(&rewards, 100 + 96);

    let restart = call(10, &[]);
    assert_eq!(restart.data[0], vec![0u8; 8]);
    assert_cost(&restart, 100 + 8);
}

fn get_sysvar_args(id: &Pubkey, offset: u64, length: u64) -> Vec<u8> {
    [id.as_ref(), &offset.to_le_bytes(), &length.to_le_bytes()].concat()
}

#[test]
fn get_sysvar_copies_a_range_of_the_account_data() {
    let schedule_id = lamport_sdk::sysvar::epoch_schedule::ID;
    // Bytes 16..25 of the 33-byte account data: warmup, then first_normal_epoch.
    let range = call(11, &get_sysvar_args(&schedule_id, 16, 9));
    assert_eq!(range.rc, 0);
    assert_eq!(range.data[0], [&[1u8][..], &14u64.to_le_bytes()].concat());
    // 100 + 32/250 + max(9/250, 10).
    assert_cost(&range, 110);

    let past_end = call(11, &get_sysvar_args(&schedule_id, 30, 4));
    assert_eq!(past_end.rc, 1);
    let unknown = call(11, &get_sysvar_args(&Pubkey::new_from_array([3; 32]), 0, 8));
    assert_eq!(unknown.rc, 2);
    assert_cost(&unknown, 110);
}

#[test]
fn epoch_stake_is_zero_without_stake() {
    let total = call(12, &[0]);
    assert_eq!(total.rc, 0);
    assert_cost(&total, 100);
    let vote = call(12, &[&[1u8][..], &[9u8; 32]].concat());
    assert_eq!(vote.rc, 0);
    // 100 + 32/250 + 10.
    assert_cost(&vote, 110);
}

fn sibling_args(index: u64, data_len: u64, accounts_len: u64) -> Vec<u8> {
    [index.to_le_bytes(), data_len.to_le_bytes(), accounts_len.to_le_bytes()].concat()
}

#[test]
fn processed_sibling_instructions_are_the_earlier_top_level_ones() {
    for jit in [false, true] {
        let mut runtime = runtime(jit);
        let payer = funded_payer(&mut runtime);
        let account = Pubkey::new_from_array([0xAC; 32]);
        // Two earlier instructions (op 12 with distinct data and accounts),
        // then four queries, each counting back from itself (index 0 is the
        // newest earlier sibling).
        let first = Instruction { program_id: SYSCALLS, accounts: vec![AccountMeta::new_readonly(account, false)], data: vec![12, 0] };
        let second = Instruction { program_id: SYSCALLS, accounts: vec![], data: vec![12, 0, 7] };
        let query = |args: Vec<u8>| Instruction { program_id: SYSCALLS, accounts: vec![], data: [&[13u8][..], &args].concat() };
        let mut instructions = vec![first, second];
        instructions.extend([
            query(sibling_args(0, 3, 0)), // the second, lengths right
            query(sibling_args(1, 0, 0)), // the second again (after query 0), lengths wrong
            query(sibling_args(3, 2, 1)), // the first, lengths right
            query(sibling_args(9, 0, 0)), // none
        ]);
        let result = runtime.send_transaction(transaction(&runtime, &instructions, &payer, &[]));
        let logs = &Check::success(&result).logs;
        let per_instruction: Vec<&[String]> = logs
            .split(|l| l.starts_with(&format!("Program {SYSCALLS} invoke")))
            .skip(1)
            .collect();
        assert_eq!(per_instruction.len(), 6);

        let second = parse(per_instruction[2]);
        assert_eq!(second.rc, 1);
        assert_eq!(second.more[0], "Program log: 0x3, 0x0, 0x0, 0x0, 0x0");
        assert_eq!(second.data, vec![SYSCALLS.as_ref().to_vec(), vec![12, 0, 7], vec![]]);
        assert_cost(&second, 100);

        let wrong_lengths = parse(per_instruction[3]);
        assert_eq!(wrong_lengths.rc, 1);
        assert_eq!(wrong_lengths.more[0], "Program log: 0x3, 0x0, 0x0, 0x0, 0x0", "the header gets the sibling's lengths");
        assert!(wrong_lengths.data.is_empty());

        let first = parse(per_instruction[4]);
        assert_eq!(first.rc, 1);
        assert_eq!(first.more[0], "Program log: 0x2, 0x1, 0x0, 0x0, 0x0");
        let meta = [account.as_ref(), &[0, 0]].concat();
        assert_eq!(first.data, vec![SYSCALLS.as_ref().to_vec(), vec![12, 0], meta]);

        let none = parse(per_instruction[5]);
        assert_eq!(none.rc, 0);
        assert_eq!(none.more[0], "Program log: 0x0, 0x0, 0x0, 0x0, 0x0");
    }
}

#[test]
fn a_program_importing_an_unknown_syscall_is_refused_when_added() {
    let mut elf = test_program("syscalls").to_vec();
    // Rename the imported `sol_get_epoch_stake` in the dynamic string table.
    let at = elf.windows(19).position(|w| w == b"sol_get_epoch_stake").expect("the program imports sol_get_epoch_stake");
    elf[at..at + 19].copy_from_slice(b"sol_get_epoch_stak3");
    let err = Runtime::new().add_program(SYSCALLS, &elf).unwrap_err();
    assert!(matches!(&err, ProgramLoadError::UnknownSyscall { syscall, .. } if syscall == "sol_get_epoch_stak3"), "{err}");
    assert!(err.to_string().contains("imports the syscall `sol_get_epoch_stak3`"), "{err}");
}

fn unhex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
