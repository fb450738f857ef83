//! The cost of single operations in a program (`programs/cu-ops`): each is
//! run 1 and 1 + [`REPEAT`] times; the difference, divided by [`REPEAT`],
//! less the same figure for the bare loop skeleton, is the operation's
//! compute units. Compute units are exact, so the figures are too.

use lamport_sdk::{
    instruction::Instruction,
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};
use lamport_runtime::Runtime;

use crate::MeasureError;

/// How many extra iterations the difference is taken over.
pub const REPEAT: u32 = 100;

/// One measured operation: its tag in `cu-ops`, a name and its operands.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Tag of `cu_ops::Op`.
    pub tag: u8,
    /// Shown in reports.
    pub name: &'static str,
    /// Operand `a`.
    pub a: u128,
    /// Operand `b`.
    pub b: u128,
    /// Whether the figure is net of the loop skeleton (false for the loop
    /// itself).
    pub net: bool,
}

/// The operations of the table, in order.
pub const OPERATIONS: [Operation; 8] = [
    Operation { tag: 1, name: "u128 multiply", a: 0x0123_4567_89ab_cdef_fedc_ba98_7654_3211, b: 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835, net: true },
    Operation { tag: 2, name: "u128 divide (128-bit by 65-bit)", a: u128::MAX - 12345, b: (1 << 64) | 0xdead_beef, net: true },
    Operation { tag: 3, name: "i64 divide", a: (-9_876_543_210_123i64) as u64 as u128, b: 12_345, net: true },
    Operation { tag: 4, name: "f32 multiply", a: 1.000_123f32.to_bits() as u128, b: 0.999_877f32.to_bits() as u128, net: true },
    Operation { tag: 5, name: "f64 divide", a: 12_345.678_9f64.to_bits() as u128, b: 1.000_000_1f64.to_bits() as u128, net: true },
    Operation { tag: 6, name: "sha256 of 64 bytes", a: 7, b: 11, net: true },
    Operation { tag: 7, name: "memcpy of 256 bytes", a: 0x5a, b: 0, net: true },
    Operation { tag: 8, name: "u32 counting loop iteration", a: 0, b: 0, net: false },
];

const BASELINE: u8 = 0;

fn program_id() -> Pubkey {
    Pubkey::new_from_array([0x0B; 32])
}

fn instruction_data(tag: u8, count: u32, a: u128, b: u128) -> Vec<u8> {
    let mut data = vec![tag];
    data.extend_from_slice(&count.to_le_bytes());
    data.extend_from_slice(&a.to_le_bytes());
    data.extend_from_slice(&b.to_le_bytes());
    data
}

/// Compute units of one run of `tag` repeated `count` times.
fn units(elf: &[u8], tag: u8, count: u32, a: u128, b: u128) -> Result<u64, MeasureError> {
    let mut runtime = Runtime::new();
    runtime.add_program(program_id(), elf).map_err(MeasureError::Load)?;
    let payer = Keypair::new_from_array([0x0B; 32]);
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).expect("a fresh payer has room");
    let instruction = Instruction::new_with_bytes(program_id(), &instruction_data(tag, count, a, b), Vec::new());
    let tx = Transaction::new_signed_with_payer(&[instruction], Some(&payer.pubkey()), &[&payer], runtime.latest_blockhash());
    match runtime.send_transaction(tx) {
        Ok(meta) => Ok(meta.compute_units_consumed),
        Err(failed) => Err(MeasureError::Failed(Box::new(failed))),
    }
}

fn per_iteration(elf: &[u8], tag: u8, a: u128, b: u128) -> Result<f64, MeasureError> {
    let one = units(elf, tag, 1, a, b)?;
    let many = units(elf, tag, 1 + REPEAT, a, b)?;
    Ok((many - one) as f64 / f64::from(REPEAT))
}

/// Compute units of one `op` in the operations program `elf`.
pub fn measure_op(elf: &[u8], op: &Operation) -> Result<f64, MeasureError> {
    let gross = per_iteration(elf, op.tag, op.a, op.b)?;
    if !op.net {
        return Ok(gross);
    }
    Ok(gross - per_iteration(elf, BASELINE, op.a, op.b)?)
}
