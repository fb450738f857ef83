//! Differential tests of the compiler: every case of
//! `tests/programs/differential` runs natively and as BPF (interpreter and
//! JIT of solana-sbpf 0.23) on the same operands and must give the same bytes.

extern crate alloc;

mod support;

/// The cases themselves, compiled natively into this test (the same file
/// the BPF program is built from).
#[path = "programs/differential/src/cases.rs"]
#[allow(dead_code)]
mod cases;

use cases::{OUTPUT_MAX, OUTPUT_OFFSET};

const BUDGET: u64 = 10_000_000;

fn operands() -> Vec<Vec<u8>> {
    let ints: [u128; 9] = [
        0,
        1,
        u128::MAX,
        i128::MIN as u128,
        0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
        u64::MAX as u128,
        (u64::MAX as u128) + 1,
        12345678901234567890123456789,
        (-987654321987654321i128) as u128,
    ];
    let floats: [f64; 10] = [0.0, -0.0, 1.5, -2.75, 1e300, -1e-310, f64::INFINITY, f64::NAN, 123456.789, 3.0e9];
    let mut sets = Vec::new();
    for (k, a) in ints.iter().enumerate() {
        let b = ints[(k * 5 + 3) % ints.len()];
        let f = floats[k % floats.len()];
        let g = floats[(k * 3 + 1) % floats.len()];
        let mut v = Vec::new();
        // Integer operands; each case reads what it needs from the front.
        v.extend_from_slice(&a.to_le_bytes());
        v.extend_from_slice(&b.to_le_bytes());
        v.extend_from_slice(&(k as u64 * 37 + 1).to_le_bytes());
        sets.push(v);
        // Float operands, for the float cases.
        let mut w = Vec::new();
        w.extend_from_slice(&f.to_bits().to_le_bytes());
        w.extend_from_slice(&g.to_bits().to_le_bytes());
        w.extend_from_slice(&(*a as u64).to_le_bytes());
        w.extend_from_slice(&((f as f32).to_bits() as u64 | ((g as f32).to_bits() as u64) << 32).to_le_bytes());
        sets.push(w);
    }
    sets
}

fn native(case: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; OUTPUT_MAX];
    let n = cases::run(case, payload, &mut out);
    out.truncate(n);
    out
}

fn bpf(elf: &[u8], case: u32, payload: &[u8]) -> (Vec<u8>, u64) {
    let mut input = Vec::new();
    input.extend_from_slice(&case.to_le_bytes());
    input.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    input.extend_from_slice(payload);
    let outcome = support::vm::run_both(elf, &input, BUDGET);
    assert_eq!(outcome.result, Ok(0), "case {case} failed as BPF; logs: {:?}", outcome.logs);
    let len = u64::from_le_bytes(outcome.input[OUTPUT_OFFSET..OUTPUT_OFFSET + 8].try_into().unwrap()) as usize;
    (outcome.input[OUTPUT_OFFSET + 8..OUTPUT_OFFSET + 8 + len].to_vec(), outcome.instructions)
}

#[test]
fn every_case_agrees_natively_and_as_bpf() {
    let elf = support::test_program("differential");
    let mut failures = Vec::new();
    for case in 0..cases::CASES {
        for (k, payload) in operands().iter().enumerate() {
            let expected = native(case, payload);
            let (got, _) = bpf(elf, case, payload);
            if got != expected {
                failures.push(format!(
                    "case {case}, operands #{k}:\n  native {:02x?}\n  bpf    {:02x?}\n  native text: {}\n  bpf text:    {}",
                    expected,
                    got,
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&got)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
