//! Differential tests of the C front end: every case of
//! `tests/programs-c/differential-c` runs natively (gcc) and as BPF (built by
//! `cargo lamport build <DIR>`, run in solana-sbpf 0.23's interpreter and
//! JIT) on the same operands and must give the same bytes.
//!
//! The cases cover signed and unsigned division and remainder of every width,
//! division by constants, 32/64/128-bit arithmetic and bit operations,
//! structs (by value, both ways), unions, bit-fields, calls with six to nine
//! arguments directly and through function pointers, dense, sparse and
//! fall-through switches, recursion, 2 KiB locals, variable-length
//! `__builtin_memcpy`/`memset`/`memmove`, and soft-float doubles and floats.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BUDGET: u64 = 10_000_000;
/// Where the BPF entrypoint writes its result (`OUTPUT_OFFSET` in `cases.h`).
const OUTPUT_OFFSET: usize = 8192;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs-c/differential-c")
}

/// Operand sets: 32 bytes each, four little-endian u64s mixing the edges of
/// every width (0, ±1, MIN, MAX) with arbitrary bit patterns and doubles.
fn payloads() -> Vec<[u8; 32]> {
    let edges: [u64; 16] = [
        0,
        1,
        u64::MAX,
        i64::MIN as u64,
        i64::MAX as u64,
        0x80,
        0xff,
        0x8000,
        0xffff_8000,
        0x8000_0000,
        0xffff_ffff,
        0x1_0000_0000,
        0x0123_4567_89ab_cdef,
        0xfedc_ba98_7654_3210,
        (-1_000_000_007i64) as u64,
        12_345_678_901,
    ];
    let doubles: [f64; 8] = [0.0, -0.0, 1.5, -2.75, 1e300, -1e-310, f64::INFINITY, 123456.789];
    let mut sets = Vec::new();
    for k in 0..edges.len() {
        let v = [edges[k], edges[(k * 7 + 3) % 16], edges[(k * 5 + 1) % 16], edges[(k * 3 + 2) % 16]];
        sets.push(v);
    }
    for k in 0..doubles.len() {
        let v = [
            doubles[k].to_bits(),
            doubles[(k + 3) % doubles.len()].to_bits(),
            edges[(k * 5 + 4) % 16],
            edges[(k * 3 + 1) % 16],
        ];
        sets.push(v);
    }
    sets.into_iter()
        .map(|v| {
            let mut bytes = [0u8; 32];
            for (chunk, x) in bytes.chunks_mut(8).zip(v) {
                chunk.copy_from_slice(&x.to_le_bytes());
            }
            bytes
        })
        .collect()
}

/// Compiles the cases and the native driver with gcc.
fn native_driver(dir: &Path) -> PathBuf {
    let exe = dir.join("driver");
    let suite = suite();
    let out = Command::new("gcc")
        .args(["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(suite.join("include"))
        .arg(suite.join("src/cases.c"))
        .arg(suite.join("native/driver.c"))
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("gcc runs");
    assert!(out.status.success(), "gcc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    exe
}

fn record(case: u32, payload: &[u8]) -> Vec<u8> {
    let mut input = Vec::new();
    input.extend_from_slice(&case.to_le_bytes());
    input.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    input.extend_from_slice(payload);
    input
}

/// Runs every (case, payload) natively in one process; results in order.
fn run_native(driver: &Path, runs: &[(u32, [u8; 32])]) -> Vec<Vec<u8>> {
    let mut child = Command::new(driver).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input: Vec<u8> = runs.iter().flat_map(|(case, payload)| record(*case, payload)).collect();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "the native driver failed");
    let mut results = Vec::new();
    let mut rest = &out.stdout[..];
    while !rest.is_empty() {
        let len = u64::from_le_bytes(rest[..8].try_into().unwrap()) as usize;
        results.push(rest[8..8 + len].to_vec());
        rest = &rest[8 + len..];
    }
    assert_eq!(results.len(), runs.len());
    results
}

fn case_count(driver: &Path) -> u32 {
    let out = Command::new(driver).arg("count").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}

fn run_bpf(elf: &[u8], case: u32, payload: &[u8]) -> Vec<u8> {
    let outcome = support::vm::run_both(elf, &record(case, payload), BUDGET);
    assert_eq!(outcome.result, Ok(0), "case {case} failed as BPF; logs: {:?}", outcome.logs);
    let len = u64::from_le_bytes(outcome.input[OUTPUT_OFFSET..OUTPUT_OFFSET + 8].try_into().unwrap()) as usize;
    outcome.input[OUTPUT_OFFSET + 8..OUTPUT_OFFSET + 8 + len].to_vec()
}

fn build_suite(out: &Path) -> Vec<u8> {
    let output = support::cargo_lamport(&["build", suite().to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "cargo lamport build failed:\n{}", String::from_utf8_lossy(&output.stderr));
    std::fs::read(out.join("differential_c.so")).unwrap()
}

#[test]
fn every_c_case_agrees_natively_and_as_bpf() {
    let dir = tempfile::tempdir().unwrap();
    let driver = native_driver(dir.path());
    let elf = build_suite(dir.path());
    let cases = case_count(&driver);
    assert!(cases >= 17, "{cases} cases");
    let runs: Vec<(u32, [u8; 32])> = (0..cases).flat_map(|case| payloads().into_iter().map(move |p| (case, p))).collect();
    let expected = run_native(&driver, &runs);
    let mut failures = Vec::new();
    for ((case, payload), want) in runs.iter().zip(&expected) {
        assert!(!want.is_empty(), "case {case} wrote nothing natively");
        let got = run_bpf(&elf, *case, payload);
        if &got != want {
            let first = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
            failures.push(format!(
                "case {case}, operands {:02x?}: first difference at byte {first} (lengths {} native, {} bpf)\n  native {:02x?}\n  bpf    {:02x?}",
                payload,
                want.len(),
                got.len(),
                &want[first.saturating_sub(8)..(first + 16).min(want.len())],
                &got[first.saturating_sub(8)..(first + 16).min(got.len())],
            ));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn an_unknown_case_fails_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let driver = native_driver(dir.path());
    let elf = build_suite(dir.path());
    let unknown = case_count(&driver);
    assert_eq!(run_native(&driver, &[(unknown, [0; 32])]), [Vec::<u8>::new()]);
    let outcome = support::vm::run_both(&elf, &record(unknown, &[0; 32]), BUDGET);
    assert_eq!(outcome.result, Ok(lamport_sdk::program_error::INVALID_ARGUMENT));
}
