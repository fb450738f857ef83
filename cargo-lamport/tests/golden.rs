//! Golden tests of the ELF stage: each `tests/cases/<case>.ll` is linked by
//! the link stage and its dump (sections, dynamic symbols, relocations,
//! disassembly) compared with `tests/cases/<case>.dump`. Run with
//! `LAMPORT_BLESS=1` to rewrite the dumps after an intended change; a
//! mismatch prints a line diff. Every output is also read back with `object`
//! and loaded, verified and JIT-compiled by solana-sbpf.

mod support;

use std::path::{Path, PathBuf};

use lamport_link::{link, LinkOptions};
use object::{Object, ObjectSection};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn build_case(case: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join(format!("{case}.so"));
    let opts = LinkOptions {
        inputs: vec![cases_dir().join(format!("{case}.ll"))],
        output: output.clone(),
        ..LinkOptions::default()
    };
    link(&opts).unwrap_or_else(|e| panic!("linking {case}: {e}"));
    std::fs::read(output).unwrap()
}

fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => out.push_str(&format!("line {}:\n  - {}\n  + {}\n", i + 1, x.unwrap_or(&""), y.unwrap_or(&""))),
        }
    }
    out
}

fn check_golden(case: &str) -> Vec<u8> {
    let elf = build_case(case);
    let dump = cargo_lamport::dump::dump(&elf).unwrap();
    let path = cases_dir().join(format!("{case}.dump"));
    if std::env::var_os("LAMPORT_BLESS").is_some() {
        std::fs::write(&path, &dump).unwrap();
    } else {
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing; run with LAMPORT_BLESS=1 to create it", path.display()));
        assert!(expected == dump, "{case}: dump differs from {}:\n{}", path.display(), diff(&expected, &dump));
    }
    // Read back as an SBPF v1 shared object.
    let file = object::File::parse(&*elf).unwrap();
    assert_eq!(file.kind(), object::ObjectKind::Dynamic);
    assert_eq!(file.sections().filter(|s| s.name() == Ok(".text")).count(), 1);
    assert!(file.section_by_name(".bss").is_none() && file.section_by_name(".data").is_none());
    support::vm::load(&elf, true).unwrap_or_else(|e| panic!("{case}: solana-sbpf rejects the ELF: {e:?}"));
    elf
}

fn input(words: &[u64]) -> Vec<u8> {
    let mut v: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    v.resize(256, 0);
    v
}

#[test]
fn syscall_with_rodata() {
    let elf = check_golden("syscall");
    let out = support::vm::run_both(&elf, &input(&[]), 1000);
    assert_eq!(out.result, Ok(0));
    assert_eq!(out.logs, ["Program log: Hello, Lamport!"]);
}

#[test]
fn internal_calls_are_pc_relative() {
    let elf = check_golden("internal_call");
    let out = support::vm::run_both(&elf, &input(&[3]), 1000);
    assert_eq!(out.result, Ok(12));
    assert_eq!(out.logs, ["Program log: 0x3, 0x0, 0x0, 0x0, 0x0", "Program log: 0x6, 0x0, 0x0, 0x0, 0x0", "Program log: 0xc, 0x1, 0x2, 0x3, 0x4"]);
}

#[test]
fn function_table_in_relro_and_callx() {
    let elf = check_golden("function_table");
    assert_eq!(support::vm::run_both(&elf, &input(&[4]), 1000).result, Ok(5));
    assert_eq!(support::vm::run_both(&elf, &input(&[5]), 1000).result, Ok(10));
}

#[test]
fn lowered_operations() {
    let elf = check_golden("lowered");
    let (a, b) = (100i64, -7i64);
    let out = support::vm::run_both(&elf, &input(&[a as u64, b as u64]), 10_000);
    let hi = ((a as u64 as u128 * b as u64 as u128) >> 64) as u64;
    let expected = ((a / b) as u64).wrapping_add(hi).wrapping_add(1 + 2 + 3 + 4 + 5);
    assert_eq!(out.result, Ok(expected));
    // The variable-length copy went through sol_memcpy_.
    assert_eq!(&out.input[128..228], &input(&[a as u64, b as u64])[..100]);
}

#[test]
fn oversized_stack_frame_fails_the_link() {
    // A 6000-byte frame cannot run in SBPF's 4096-byte frames: the link
    // stage must fail, naming the function, rather than write a program.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big_frame.ll");
    std::fs::write(
        &input,
        "target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\"\ntarget triple = \"bpfel\"\n\
         define i64 @entrypoint(ptr %input) {\n  %a = alloca [6000 x i8]\n  %i = load i64, ptr %input\n  \
         %p = getelementptr [6000 x i8], ptr %a, i64 0, i64 %i\n  store volatile i8 1, ptr %p\n  \
         %v = load volatile i8, ptr %a\n  %r = zext i8 %v to i64\n  ret i64 %r\n}\n",
    )
    .unwrap();
    let output = dir.path().join("big_frame.so");
    let err = link(&LinkOptions { inputs: vec![input], output: output.clone(), ..LinkOptions::default() }).unwrap_err();
    assert!(err.to_string().contains("`entrypoint` needs a stack frame of at least 6000 bytes"), "{err}");
    assert!(!output.exists());
}
