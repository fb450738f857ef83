//! Source locations of failures and the compute-unit profiler, end to end:
//! `cargo lamport build` writes `<name>.debug` beside `<name>.so`, the
//! runtime loads it with the program, and every failure of
//! `tests/programs/faults` names its function and `file:line` — under the
//! interpreter with the whole call stack, under the JIT the failing
//! function. The deployed `.so` is the same with and without debug info.

mod support;

use std::path::{Path, PathBuf};

use lamport_runtime::{debug_info::SourceFrame, FailedTransaction, ProgramFault, Runtime};
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

const SOURCE: &str = "faults/src/lib.rs";
const PROGRAM_ID: Pubkey = Pubkey::new_from_array([7; 32]);

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// The `.so` path of the faults program (built once per test binary).
fn faults_so() -> PathBuf {
    support::test_program("faults");
    programs_dir().join("target/deploy/faults.so")
}

/// The line of `SOURCE` holding `needle` (1-based).
fn line_of(needle: &str) -> u32 {
    let text = std::fs::read_to_string(programs_dir().join(SOURCE)).unwrap();
    let index = text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("`{needle}` not in {SOURCE}"));
    u32::try_from(index).unwrap() + 1
}

/// Runs selector `selector` of the faults program; returns the failure.
fn fail(jit: bool, selector: u8, arg: u8) -> FailedTransaction {
    let mut runtime = Runtime::new().with_jit(jit);
    let program_id = PROGRAM_ID;
    runtime.add_program_from_file(program_id, faults_so()).unwrap();
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
    let ix = Instruction { program_id, accounts: vec![], data: vec![selector, arg] };
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], runtime.latest_blockhash());
    runtime.send_transaction(tx).expect_err("the instruction fails")
}

fn fault(failed: &FailedTransaction) -> &ProgramFault {
    failed.meta.fault.as_ref().unwrap_or_else(|| panic!("no fault recorded: {failed}"))
}

fn frame(function: &str, needle: &str) -> SourceFrame {
    SourceFrame { function: Some(function.to_string()), file: Some(SOURCE.to_string()), line: Some(line_of(needle)) }
}

/// The program's own frames (the standard library's are left out).
fn own_frames(fault: &ProgramFault) -> Vec<SourceFrame> {
    fault.frames.iter().filter(|f| f.file.as_deref() == Some(SOURCE)).cloned().collect()
}

#[test]
fn an_access_violation_names_the_call_stack() {
    let failed = fail(false, 0, 0);
    let fault = fault(&failed);
    assert!(fault.message.starts_with("Access violation") && fault.message.contains("0x12345678"), "{}", fault.message);
    // Agave's log lines are unchanged; the location is in the fault.
    assert!(failed.meta.logs.iter().any(|l| l.ends_with(&format!("failed: {}", fault.message))), "{:?}", failed.meta.logs);
    assert!(failed.meta.logs.iter().all(|l| !l.contains(SOURCE)));
    let frames = own_frames(fault);
    assert_eq!(
        frames[..3],
        [
            frame("faults::inner", "read_volatile(address"),
            frame("faults::middle", "inner(core::hint::black_box(address))"),
            frame("faults::outer", "middle(core::hint::black_box(address))"),
        ],
        "{fault}"
    );
    assert!(frames[3..].iter().any(|f| f.function.as_deref().is_some_and(|n| n.ends_with("process_instruction"))), "{fault}");
    assert!(fault.frames.last().is_some_and(|f| f.function.as_deref() == Some("entrypoint")), "{fault}");
    let shown = failed.to_string();
    assert!(shown.contains(&format!("at faults::inner ({SOURCE}:{})", line_of("read_volatile(address"))), "{shown}");
}

#[test]
fn under_the_jit_a_fault_names_the_failing_function() {
    let failed = fail(true, 0, 0);
    let fault = fault(&failed);
    // `read_volatile` of `core`, inlined into `inner`, then `inner`: no callers.
    assert_eq!(fault.frames.len(), 2, "{fault}");
    assert!(fault.frames[0].is_standard_library(), "{fault}");
    assert_eq!(fault.location(), Some(&frame("faults::inner", "read_volatile(address")), "{fault}");
}

#[test]
fn endless_recursion_names_the_recursing_function() {
    for jit in [false, true] {
        let failed = fail(jit, 1, 0);
        let fault = fault(&failed);
        assert_eq!(fault.message, "exceeded max BPF to BPF call depth", "{fault}");
        let location = fault.location().unwrap();
        assert_eq!(location.function.as_deref(), Some("faults::recurse"), "{fault}");
        assert_eq!(location.file.as_deref(), Some(SOURCE));
        if !jit {
            // 64 frames deep, printed once with a count.
            let shown = fault.to_string();
            assert!(shown.contains("more frames like it"), "{shown}");
            assert!(fault.frames.iter().filter(|f| f.function.as_deref() == Some("faults::recurse")).count() > 60);
        }
    }
}

#[test]
fn an_endless_loop_names_the_looping_function() {
    let mut pcs = Vec::new();
    for jit in [false, true] {
        let failed = fail(jit, 2, 0);
        let fault = fault(&failed);
        assert_eq!(fault.message, "exceeded CUs meter at BPF instruction", "{fault}");
        let location = fault.location().unwrap();
        assert_eq!(location.function.as_deref(), Some("faults::spin"), "{fault}");
        assert_eq!(location.file.as_deref(), Some(SOURCE));
        assert!(location.line.is_some_and(|l| (line_of("fn spin")..line_of("fn spin") + 6).contains(&l)), "{fault}");
        pcs.push(fault.pc);
    }
    assert_eq!(pcs[0], pcs[1], "interpreter and JIT stop at the same instruction");
}

#[test]
fn a_panic_names_the_panicking_function() {
    let failed = fail(false, 3, 7);
    let fault = fault(&failed);
    // The panic's own report names its place: `… in <file> at <line>:<column>`.
    assert!(fault.message.contains(&format!("{SOURCE} at {}:", line_of("panic!(\"amount"))), "{}", fault.message);
    assert!(
        own_frames(fault).first().is_some_and(|f| *f == frame("faults::check_amount", "panic!(\"amount")),
        "{fault}"
    );
}

#[test]
fn a_division_by_zero_names_the_dividing_function() {
    for jit in [false, true] {
        let failed = fail(jit, 4, 0);
        let fault = fault(&failed);
        assert_eq!(fault.message, "divide by zero at BPF instruction", "{fault}");
        assert_eq!(fault.location().and_then(|f| f.function.as_deref()), Some("faults::ratio"), "{fault}");
    }
}

#[test]
fn the_deployed_program_is_the_same_without_debug_info() {
    let with = std::fs::read(faults_so()).unwrap();
    assert!(programs_dir().join("target/deploy/faults.debug").is_file());
    let out = tempfile::tempdir().unwrap();
    let manifest = programs_dir().join("faults/Cargo.toml");
    let built = support::cargo_lamport(&[
        "build",
        "--manifest-path",
        manifest.to_str().unwrap(),
        "--out-dir",
        out.path().to_str().unwrap(),
        "--no-debug-info",
    ]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let without = std::fs::read(out.path().join("faults.so")).unwrap();
    assert!(with == without, "the .so differs with debug info ({} vs {} bytes)", with.len(), without.len());
    assert!(!out.path().join("faults.debug").exists());
}

/// Runs `data` on the faults program in a profiling runtime.
fn profiled(data: Vec<u8>) -> lamport_runtime::TransactionMeta {
    let mut runtime = Runtime::new().with_profiling(None);
    let program_id = PROGRAM_ID;
    runtime.add_program_from_file(program_id, faults_so()).unwrap();
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
    let ix = Instruction { program_id, accounts: vec![], data };
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], runtime.latest_blockhash());
    match runtime.send_transaction(tx) {
        Ok(meta) => meta,
        Err(failed) => failed.meta,
    }
}

#[test]
fn a_profile_adds_up_to_the_compute_units_of_a_failed_transaction() {
    for (data, function) in [(vec![2, 0], "faults::spin"), (vec![0, 0], "faults::inner"), (vec![1, 0], "faults::recurse")] {
        let meta = profiled(data.clone());
        let profile = meta.profile.as_ref().expect("profiled");
        assert_eq!(profile.total(), meta.compute_units_consumed, "{data:?}: {}", profile.folded());
        // Profiling changes neither the logs nor the compute units.
        let unprofiled = fail(false, data[0], data[1]).meta;
        assert_eq!(unprofiled.logs, meta.logs);
        assert_eq!(unprofiled.compute_units_consumed, meta.compute_units_consumed);
        assert!(profile.functions().iter().any(|f| f.name == function && f.inclusive > 0), "{data:?}: {}", profile.folded());
    }
    // The endless loop spends its whole budget in `spin`.
    let meta = profiled(vec![2, 0]);
    let profile = meta.profile.unwrap();
    let spin = profile.functions().into_iter().find(|f| f.name == "faults::spin").unwrap();
    assert!(spin.inclusive > meta.compute_units_consumed * 99 / 100, "{}", profile.folded());
}

#[test]
fn run_profile_prints_the_top_functions_and_writes_a_flame_graph_of_all_units() {
    let token = lamport_runtime::deploy_dir().unwrap_or_else(|e| panic!("{e}")).join("token.so");
    assert!(token.is_file(), "{} is missing: run `cargo lamport build`", token.display());
    let out_dir = tempfile::tempdir().unwrap();
    // InitializeMint: decimals 6, authority 0x11…
    let data = format!("0006{}", "11".repeat(32));
    let out = support::cargo_lamport(&[
        "run",
        token.to_str().unwrap(),
        "--account",
        "new:w=2000000:program:zero*82",
        "--data",
        &data,
        "--profile",
        "--profile-dir",
        out_dir.path().to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let units = |prefix: &str| -> u64 {
        let line = text.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no `{prefix}` in {text}"));
        line[prefix.len()..].split_whitespace().next().unwrap().parse().unwrap()
    };
    let total = units("compute units:");
    assert!(total > 0);
    assert_eq!(units("profile:"), total, "{text}");
    // The top function's own units, printed first, are the largest.
    let rows: Vec<(u64, u64)> = text
        .lines()
        .skip_while(|l| !l.starts_with("profile:"))
        .skip(2)
        .take_while(|l| l.starts_with("  "))
        .map(|l| {
            let mut cols = l.split_whitespace();
            (cols.next().unwrap().parse().unwrap(), cols.next().unwrap().parse().unwrap())
        })
        .collect();
    assert!(rows.len() >= 5, "{text}");
    assert!(rows.windows(2).all(|w| w[0].0 >= w[1].0), "{text}");
    assert!(rows.iter().all(|(own, all)| own <= all && *all <= total), "{text}");
    // The folded stacks add up to the transaction's units, and so does the flame graph.
    let folded = std::fs::read_to_string(out_dir.path().join("token.folded")).unwrap();
    let sum: u64 = folded.lines().map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap()).sum();
    assert_eq!(sum, total);
    assert!(folded.lines().all(|l| l.starts_with("token;")), "{folded}");
    let svg = std::fs::read_to_string(out_dir.path().join("token.svg")).unwrap();
    assert!(svg.contains(&format!("all ({total} compute units, 100%)")), "the flame graph's root holds every unit");
}

#[test]
fn a_c_program_gets_line_tables_and_the_same_shared_object() {
    let dir = support::workspace_root().join("examples/hello-c");
    let with = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    for (out, extra) in [(&with, None), (&without, Some("--no-debug-info"))] {
        let mut args = vec!["build", dir.to_str().unwrap(), "--out-dir", out.path().to_str().unwrap()];
        args.extend(extra);
        let built = support::cargo_lamport(&args);
        assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    }
    let so = std::fs::read(with.path().join("hello_c.so")).unwrap();
    assert!(so == std::fs::read(without.path().join("hello_c.so")).unwrap(), "debug info changed the C program's .so");
    assert!(!without.path().join("hello_c.debug").exists());
    let debug = std::fs::read(with.path().join("hello_c.debug")).unwrap();
    let info = lamport_runtime::debug_info::DebugInfo::new(&so, Some(&debug)).unwrap();
    assert!(info.has_line_tables());
    let entry = info.locate_pc(0);
    let outer = entry.last().expect("the first instruction has a location");
    assert_eq!(outer.function.as_deref(), Some("entrypoint"));
    assert!(outer.file.as_deref().is_some_and(|f| f.ends_with("hello.c")), "{entry:?}");
}

#[test]
fn a_std_program_profiles_down_to_the_standard_library() {
    support::test_program_at("std-hello", "std_hello");
    let so = programs_dir().join("target/deploy/std_hello.so");
    let mut runtime = Runtime::new().with_profiling(None);
    runtime.add_program_from_file(PROGRAM_ID, &so).unwrap();
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
    let ix = Instruction { program_id: PROGRAM_ID, accounts: vec![], data: vec![] };
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], runtime.latest_blockhash());
    let meta = runtime.send_transaction(tx).unwrap();
    let profile = meta.profile.unwrap();
    assert_eq!(profile.total(), meta.compute_units_consumed, "{}", profile.folded());
    let functions = profile.functions();
    // Counting words in a HashMap: std's SipHash and format! show up by name.
    let sip = functions.iter().filter(|f| f.name.contains("sip::Hasher")).map(|f| f.exclusive).sum::<u64>();
    assert!(sip > 0, "{}", profile.folded());
    assert!(functions.iter().any(|f| f.name == "alloc::fmt::format::format_inner" && f.inclusive > 0));
    assert!(functions.iter().all(|f| !f.name.rsplit('.').next().unwrap().chars().all(|c| c.is_ascii_digit())), "renaming suffixes are dropped");
}
