//! The Ed25519, secp256k1 and secp256r1 precompiles and the Instructions
//! sysvar, in lamport-runtime and in LiteSVM (Agave 4.3's SVM with its
//! precompiles): a precompile instruction followed by a program that checks
//! it through the sysvar (`runtime/tests/programs/precompile_check`), the
//! same with a tampered signature, with malformed offsets, with the check
//! expecting another key — same results, errors, logs, compute units, fees
//! and accounts in both.

use std::{path::Path, sync::OnceLock};

use lamport_agave_compat::{
    build,
    differential::{compare, run_agave, run_lamport, Program, Scenario, Step},
    repository,
};
use lamport_runtime::{FeatureSet, LoaderKind};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    precompiles::{ed25519, secp256k1, secp256r1},
    pubkey::Pubkey,
    signer::Keypair,
    sysvar::instructions,
};

const CHECK: Pubkey = Pubkey::new_from_array([0xC4; 32]);
const INVOKER: Pubkey = Pubkey::new_from_array([0xA1; 32]);
const MESSAGE: &[u8] = b"pay 42 to the treasury";
const PAYER_LAMPORTS: u64 = 10_000_000_000;

fn test_program(name: &str) -> Vec<u8> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    build(&repository().join(format!("runtime/tests/programs/{name}/Cargo.toml")), &out, name)
}

fn check_elf() -> &'static [u8] {
    static ELF: OnceLock<Vec<u8>> = OnceLock::new();
    ELF.get_or_init(|| test_program("precompile_check"))
}

fn invoker_elf() -> &'static [u8] {
    static ELF: OnceLock<Vec<u8>> = OnceLock::new();
    ELF.get_or_init(|| test_program("invoker"))
}

/// The check program expecting precompile `kind`'s signature by `key` of `message`.
fn check(kind: u8, key: &[u8], message: &[u8]) -> Instruction {
    let data = [&[kind][..], key, message].concat();
    Instruction::new(CHECK, data, vec![AccountMeta::new_readonly(instructions::ID, false)])
}

/// A precompile's instruction for [`MESSAGE`], its kind byte for the check,
/// the expected key, and where its signature starts.
struct Signed {
    name: &'static str,
    kind: u8,
    instruction: Instruction,
    key: Vec<u8>,
    signature_at: usize,
}

fn all_signed() -> [Signed; 3] {
    let keypair = Keypair::new_from_array([0x42; 32]);
    let k1_secret = [0x17; 32];
    let (k1_signature, recovery_id) = secp256k1::sign_message(&k1_secret, MESSAGE).unwrap();
    let address = secp256k1::eth_address_from_pubkey(&secp256k1::public_key(&k1_secret).unwrap());
    let r1_secret = [0x29; 32];
    let r1_signature = secp256r1::sign_message(MESSAGE, &r1_secret).unwrap();
    let r1_key = secp256r1::public_key(&r1_secret).unwrap();
    [
        Signed {
            name: "ed25519",
            kind: 0,
            instruction: ed25519::new_ed25519_instruction(&keypair, MESSAGE),
            key: keypair.pubkey().to_bytes().to_vec(),
            signature_at: ed25519::DATA_START + ed25519::PUBKEY_SERIALIZED_SIZE,
        },
        Signed {
            name: "secp256k1",
            kind: 1,
            instruction: secp256k1::new_secp256k1_instruction_with_signature(MESSAGE, &k1_signature, recovery_id, &address),
            key: address.to_vec(),
            signature_at: secp256k1::DATA_START + secp256k1::HASHED_PUBKEY_SERIALIZED_SIZE,
        },
        Signed {
            name: "secp256r1",
            kind: 2,
            instruction: secp256r1::new_secp256r1_instruction_with_signature(MESSAGE, &r1_signature, &r1_key),
            key: r1_key.to_vec(),
            signature_at: secp256r1::DATA_START + secp256r1::COMPRESSED_PUBKEY_SERIALIZED_SIZE,
        },
    ]
}

/// Every step, with the result Agave must give it.
fn steps() -> Vec<(Step, &'static str)> {
    let mut steps = Vec::new();
    for signed in all_signed() {
        let name = signed.name;
        let checked = check(signed.kind, &signed.key, MESSAGE);
        steps.push((Step::new(format!("{name}: verified and checked"), vec![signed.instruction.clone(), checked.clone()]), "Ok"));

        let mut tampered = signed.instruction.clone();
        tampered.data[signed.signature_at + 3] ^= 0x10;
        steps.push((
            Step::new(format!("{name}: tampered signature"), vec![tampered, checked.clone()]),
            "InstructionError(0, Custom(2))",
        ));

        // The message offset points past the end of the data.
        let mut beyond = signed.instruction.clone();
        let message_offset_at = if signed.kind == 1 { 1 + 6 } else { 2 + 8 };
        beyond.data[message_offset_at..message_offset_at + 2].copy_from_slice(&u16::MAX.to_le_bytes());
        let expected = if signed.kind == 1 { "InstructionError(0, Custom(2))" } else { "InstructionError(0, Custom(3))" };
        steps.push((Step::new(format!("{name}: message offset beyond the data"), vec![beyond, checked.clone()]), expected));

        // The signature named in an instruction that does not exist.
        let mut foreign = signed.instruction.clone();
        let signature_index_at = if signed.kind == 1 { 1 + 2 } else { 2 + 2 };
        foreign.data[signature_index_at] = 9;
        let expected = if signed.kind == 1 { "InstructionError(0, Custom(4))" } else { "InstructionError(0, Custom(3))" };
        steps.push((Step::new(format!("{name}: signature in a missing instruction"), vec![foreign]), expected));

        // More signatures than the data holds offsets for.
        let mut short = signed.instruction.clone();
        short.data[0] = 255;
        steps.push((Step::new(format!("{name}: 255 signatures"), vec![short]), "InstructionError(0, Custom(4))"));

        // Two signatures: the second record is read from the key bytes.
        let mut two = signed.instruction.clone();
        two.data[0] = 2;
        steps.push((Step::new(format!("{name}: 2 signatures, 1 record"), vec![two]), ""));

        steps.push((
            Step::new(format!("{name}: check expects another key"), vec![signed.instruction.clone(), check(signed.kind, &[9; 33][..signed.key.len()], MESSAGE)]),
            "InstructionError(1, Custom(4))",
        ));
    }
    let [ed, k1, r1] = all_signed();
    steps.push((
        Step::new("all three precompiles, nothing else", vec![k1.instruction.clone(), ed.instruction.clone(), r1.instruction.clone()]),
        "Ok",
    ));
    steps.push((Step::new("the check with nothing before it", vec![check(0, &ed.key, MESSAGE)]), "InstructionError(0, InvalidArgument)"));
    let mut writable = check(0, &ed.key, MESSAGE);
    writable.accounts[0].is_writable = true;
    steps.push((Step::new("the sysvar asked writable", vec![ed.instruction.clone(), writable]), "Ok"));
    let invoke = Instruction::new(
        INVOKER,
        [&[1u8, 1][..], ed25519::ID.as_ref()].concat(),
        vec![AccountMeta::new_readonly(ed25519::ID, false)],
    );
    steps.push((Step::new("a program invokes the Ed25519 precompile", vec![invoke]), "InstructionError(0, ProgramFailedToComplete)"));
    steps
}

#[test]
fn precompiles_and_the_instructions_sysvar_match_agave() {
    let mut scenario = Scenario::new("precompiles", PAYER_LAMPORTS);
    scenario.program(Program { id: CHECK, elf: check_elf().to_vec(), loader: LoaderKind::V2 });
    scenario.program(Program { id: INVOKER, elf: invoker_elf().to_vec(), loader: LoaderKind::V2 });
    let steps = steps();
    for (step, _) in &steps {
        scenario.step(step.clone());
    }
    let agave = run_agave(&scenario);
    let lamport = run_lamport(&scenario, FeatureSet::default());
    for ((step, expected), observed) in steps.iter().zip(&agave) {
        if expected.is_empty() {
            // Whatever Agave makes of it; compared below.
            continue;
        }
        assert_eq!(observed.result, *expected, "{}: Agave's result; logs {:#?}", step.label, observed.logs);
    }
    let differences = compare(&scenario, &lamport, &agave);
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    );
    // The fee counts every verified signature: 3 precompile signatures + the payer's.
    let all_three = steps.iter().position(|(step, _)| step.label.starts_with("all three")).unwrap();
    assert_eq!(agave[all_three].fee, 4 * 5_000);
}
