//! The Ed25519, secp256k1 and secp256r1 precompiles and the Instructions
//! sysvar, with a program that relies on a verified signature
//! (`tests/programs/precompile_check`): a precompile instruction followed by
//! the check succeeds; a tampered signature or malformed offsets fail the
//! precompile instruction with Agave's error; the check rejects another key
//! or message.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{InstructionError, Runtime};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    precompiles::{ed25519, secp256k1, secp256r1, PrecompileError},
    pubkey::Pubkey,
    signer::Keypair,
    sysvar::instructions,
};

const CHECK: Pubkey = Pubkey::new_from_array([0xC4; 32]);
const INVOKER: Pubkey = Pubkey::new_from_array([0xA1; 32]);
const FEE: u64 = 5_000;
const MESSAGE: &[u8] = b"transfer 10 tokens to the treasury";

/// A precompile, the instruction that verifies a signature of [`MESSAGE`]
/// with it, and the key the check program expects.
struct Signed {
    name: &'static str,
    kind: u8,
    instruction: Instruction,
    key: Vec<u8>,
    /// Where the signature lies in the instruction's data.
    signature_at: usize,
}

fn ed25519_signed() -> Signed {
    let keypair = Keypair::new_from_array([0x42; 32]);
    let instruction = ed25519::new_ed25519_instruction(&keypair, MESSAGE);
    Signed {
        name: "ed25519",
        kind: 0,
        instruction,
        key: keypair.pubkey().to_bytes().to_vec(),
        signature_at: ed25519::DATA_START + ed25519::PUBKEY_SERIALIZED_SIZE,
    }
}

fn secp256k1_signed() -> Signed {
    let secret = [0x17; 32];
    let (signature, recovery_id) = secp256k1::sign_message(&secret, MESSAGE).unwrap();
    let address = secp256k1::eth_address_from_pubkey(&secp256k1::public_key(&secret).unwrap());
    let instruction = secp256k1::new_secp256k1_instruction_with_signature(MESSAGE, &signature, recovery_id, &address);
    Signed {
        name: "secp256k1",
        kind: 1,
        instruction,
        key: address.to_vec(),
        signature_at: secp256k1::DATA_START + secp256k1::HASHED_PUBKEY_SERIALIZED_SIZE,
    }
}

fn secp256r1_signed() -> Signed {
    let secret = [0x29; 32];
    let signature = secp256r1::sign_message(MESSAGE, &secret).unwrap();
    let pubkey = secp256r1::public_key(&secret).unwrap();
    let instruction = secp256r1::new_secp256r1_instruction_with_signature(MESSAGE, &signature, &pubkey);
    Signed {
        name: "secp256r1",
        kind: 2,
        instruction,
        key: pubkey.to_vec(),
        signature_at: secp256r1::DATA_START + secp256r1::COMPRESSED_PUBKEY_SERIALIZED_SIZE,
    }
}

fn all_signed() -> [Signed; 3] {
    [ed25519_signed(), secp256k1_signed(), secp256r1_signed()]
}

/// The check program expecting `kind`'s signature by `key` of `message`.
fn check(kind: u8, key: &[u8], message: &[u8]) -> Instruction {
    let data = [&[kind][..], key, message].concat();
    Instruction::new(CHECK, data, vec![AccountMeta::new_readonly(instructions::ID, false)])
}

fn setup(jit: bool) -> (Runtime, Keypair) {
    let mut runtime = Runtime::new().with_jit(jit);
    runtime.add_program(CHECK, test_program("precompile_check")).expect("precompile_check loads");
    runtime.add_program(INVOKER, test_program("invoker")).expect("invoker loads");
    let payer = funded_payer(&mut runtime);
    (runtime, payer)
}

/// The units the check program reported consuming (its `consumed N of M` line).
fn consumed_line(logs: &[String]) -> (u64, u64) {
    let line = logs.iter().find(|line| line.contains(" consumed ")).expect("a consumed line");
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[3].parse().unwrap(), words[5].parse().unwrap())
}

#[test]
fn a_precompile_instruction_followed_by_the_check_succeeds() {
    for jit in [false, true] {
        for signed in all_signed() {
            let (mut runtime, payer) = setup(jit);
            let before = runtime.get_balance(&payer.pubkey());
            let ix = [signed.instruction.clone(), check(signed.kind, &signed.key, MESSAGE)];
            let result = runtime.send_transaction(transaction(&runtime, &ix, &payer, &[]));
            let meta = Check::success(&result);
            // The precompile logs nothing and costs no compute units; its
            // signature is charged like the transaction's.
            assert_eq!(meta.logs[0], format!("Program {CHECK} invoke [1]"), "{}", signed.name);
            Check::logged(meta, "Program log: precompile check: ok");
            Check::logged(meta, &format!("Program log: {:#x}, 0x0, 0x1, 0x0, 0x0", signed.kind));
            let (consumed, limit) = consumed_line(&meta.logs);
            assert_eq!(meta.compute_units_consumed, consumed, "{}", signed.name);
            // Ed25519 and secp256k1 reserve a builtin's 3,000 units, secp256r1 a program's 200,000.
            let expected_limit = if signed.kind == 2 { 400_000 } else { 203_000 };
            assert_eq!(limit, expected_limit, "{}", signed.name);
            assert_eq!(meta.fee, 2 * FEE, "{}", signed.name);
            assert_eq!(runtime.get_balance(&payer.pubkey()), before - 2 * FEE);
            // The sysvar is built per transaction, never stored.
            assert_eq!(runtime.get_account(&instructions::ID), None);
        }
    }
}

#[test]
fn a_tampered_signature_fails_the_precompile_instruction() {
    for signed in all_signed() {
        let (mut runtime, payer) = setup(true);
        let before = runtime.get_balance(&payer.pubkey());
        let mut tampered = signed.instruction.clone();
        tampered.data[signed.signature_at + 5] ^= 0x01;
        let ix = [tampered, check(signed.kind, &signed.key, MESSAGE)];
        let result = runtime.send_transaction(transaction(&runtime, &ix, &payer, &[]));
        let meta = Check::instruction_failure(&result, 0, PrecompileError::InvalidSignature.into());
        assert!(meta.logs.is_empty(), "{}: {:#?}", signed.name, meta.logs);
        assert_eq!(meta.compute_units_consumed, 0, "{}", signed.name);
        assert_eq!(runtime.get_balance(&payer.pubkey()), before - 2 * FEE, "{}: the fee is charged", signed.name);
    }
}

#[test]
fn malformed_offsets_fail_with_agaves_errors() {
    let (mut runtime, payer) = setup(true);
    let mut send = |instruction: Instruction| runtime.send_transaction(transaction(&runtime, &[instruction], &payer, &[]));
    let custom = |err: PrecompileError| InstructionError::from(err);

    // Ed25519: the message runs past the data; a foreign instruction index; too short for its count.
    let mut ix = ed25519_signed().instruction;
    ix.data[12..14].copy_from_slice(&u16::MAX.to_le_bytes());
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidDataOffsets));
    let mut ix = ed25519_signed().instruction;
    ix.data[8..10].copy_from_slice(&3u16.to_le_bytes());
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidDataOffsets));
    let mut ix = ed25519_signed().instruction;
    ix.data.truncate(10);
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidInstructionDataSize));

    // secp256k1: the signature in a missing instruction; the address in one; a bad recovery id.
    let mut ix = secp256k1_signed().instruction;
    ix.data[3] = 5;
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidInstructionDataSize));
    let mut ix = secp256k1_signed().instruction;
    ix.data[6] = 5;
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidDataOffsets));
    let mut ix = secp256k1_signed().instruction;
    ix.data[secp256k1::DATA_START + 20 + 64] = 7;
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidRecoveryId));

    // secp256r1: no signatures; an invalid public key.
    let mut ix = secp256r1_signed().instruction;
    ix.data[0] = 0;
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidInstructionDataSize));
    let mut ix = secp256r1_signed().instruction;
    ix.data[secp256r1::DATA_START] = 0x07;
    Check::instruction_failure(&send(ix), 0, custom(PrecompileError::InvalidPublicKey));
}

#[test]
fn the_check_rejects_another_key_message_or_precompile() {
    let (mut runtime, payer) = setup(true);
    let signed = ed25519_signed();
    let mut send = |ix: &[Instruction]| runtime.send_transaction(transaction(&runtime, ix, &payer, &[]));

    let other_key = [7u8; 32];
    let result = send(&[signed.instruction.clone(), check(0, &other_key, MESSAGE)]);
    let meta = Check::instruction_failure(&result, 1, InstructionError::Custom(4));
    Check::logged(meta, &format!("Program {CHECK} failed: custom program error: 0x4"));
    Check::instruction_failure(&send(&[signed.instruction.clone(), check(0, &signed.key, b"other")]), 1, InstructionError::Custom(5));
    let k1 = secp256k1_signed();
    Check::instruction_failure(&send(&[k1.instruction.clone(), check(0, &signed.key, MESSAGE)]), 1, InstructionError::Custom(1));
    // Nothing before it.
    Check::instruction_failure(&send(&[check(0, &signed.key, MESSAGE)]), 0, InstructionError::InvalidArgument);
    // Another account in the sysvar's place.
    let mut fake = check(0, &signed.key, MESSAGE);
    fake.accounts[0].pubkey = Pubkey::new_unique();
    Check::instruction_failure(&send(&[signed.instruction.clone(), fake]), 1, InstructionError::UnsupportedSysvar);
}

#[test]
fn the_sysvar_lists_instructions_with_their_privileges_and_stays_read_only() {
    let (mut runtime, payer) = setup(true);
    let signed = secp256r1_signed();
    // Asking for the sysvar writable changes nothing: it is demoted.
    let mut ix = check(signed.kind, &signed.key, MESSAGE);
    ix.accounts[0].is_writable = true;
    let result = runtime.send_transaction(transaction(&runtime, &[signed.instruction.clone(), ix], &payer, &[]));
    Check::success(&result);
    assert_eq!(runtime.get_account(&instructions::ID), None);
}

#[test]
fn a_program_cannot_invoke_a_precompile() {
    let (mut runtime, payer) = setup(true);
    // The invoker's CHAIN op (1) invokes the program after the count.
    let data = [&[1u8, 1][..], ed25519::ID.as_ref()].concat();
    let ix = Instruction::new(INVOKER, data, vec![AccountMeta::new_readonly(ed25519::ID, false)]);
    let result = runtime.send_transaction(transaction(&runtime, &[ix], &payer, &[]));
    let meta = Check::instruction_failure(&result, 0, InstructionError::ProgramFailedToComplete);
    Check::logged(meta, &format!("Program {INVOKER} failed: Program {} not supported by inner instructions", ed25519::ID));
}

#[test]
fn a_transaction_with_only_precompile_instructions_pays_for_every_signature() {
    let (mut runtime, payer) = setup(true);
    let ix: Vec<Instruction> = all_signed().into_iter().map(|signed| signed.instruction).collect();
    // secp256k1's offsets name instruction 0: put it first.
    let ix = [ix[1].clone(), ix[0].clone(), ix[2].clone()];
    let result = runtime.send_transaction(transaction(&runtime, &ix, &payer, &[]));
    let meta = Check::success(&result);
    assert_eq!(meta.fee, 4 * FEE);
    assert_eq!(meta.compute_units_consumed, 0);
    assert!(meta.logs.is_empty());
}

#[test]
fn a_parallel_batch_gives_the_results_of_one_by_one() {
    let batch = |parallel: bool| {
        let (mut runtime, _) = setup(true);
        let mut txs = Vec::new();
        for signed in all_signed() {
            let mut tampered = signed.instruction.clone();
            tampered.data[signed.signature_at] ^= 0x02;
            for first in [signed.instruction.clone(), tampered] {
                // A payer each: no conflicting locks, so the batch runs in parallel.
                let payer = funded_payer(&mut runtime);
                txs.push(transaction(&runtime, &[first, check(signed.kind, &signed.key, MESSAGE)], &payer, &[]));
            }
        }
        let results: Vec<_> = if parallel {
            runtime.with_threads(2).send_transactions(txs)
        } else {
            txs.into_iter().map(|tx| runtime.send_transaction(tx)).collect()
        };
        results
            .into_iter()
            .map(|result| match result {
                Ok(meta) => (Ok(()), meta.logs, meta.compute_units_consumed, meta.fee),
                Err(failed) => (Err(failed.err), failed.meta.logs, failed.meta.compute_units_consumed, failed.meta.fee),
            })
            .collect::<Vec<_>>()
    };
    let one_by_one = batch(false);
    assert_eq!(one_by_one.iter().filter(|(result, ..)| result.is_ok()).count(), 3);
    assert_eq!(batch(true), one_by_one);
}
