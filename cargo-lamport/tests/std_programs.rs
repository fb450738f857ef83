//! Programs on `std`: built with `cargo lamport build` against the ported
//! std, run in solana-sbpf's interpreter and JIT (which must agree).
//!
//! - `std-differential` (through `lamport-sdk`'s `std` feature) logs a report
//!   of collections, strings, floats, trait objects, `Rc<RefCell<_>>`, `Arc`
//!   and atomics and `std::io`; it must equal the same source's report
//!   computed natively, line for line, checksum included.
//! - `std-panic` defines no `custom_panic`: std's default logs each panic's
//!   message and fails with its location.
//! - `std-hello` defines its own `custom_panic`, which std calls.
//! - A static written at run time is still refused, naming the static.

mod support;

#[path = "programs/std-differential/src/report.rs"]
mod report;

use std::path::Path;
use std::process::Command;

const BUDGET: u64 = 10_000_000;
/// How the test VM reports `sol_panic_`.
const PANICKED: &str = r#"SyscallError("program panicked")"#;

/// The serialized input of an instruction with no accounts and `data`.
fn input(data: &[u8]) -> Vec<u8> {
    let mut input = Vec::new();
    input.extend_from_slice(&0u64.to_le_bytes()); // accounts
    input.extend_from_slice(&(data.len() as u64).to_le_bytes());
    input.extend_from_slice(data);
    input.extend_from_slice(&[9; 32]); // program id
    input
}

#[test]
fn std_report_agrees_natively_and_as_bpf() {
    let elf = support::test_program_at("std-differential", "std_differential");
    let datas: [&[u8]; 4] = [b"", b"\x01\x02\x03\x04\x05", b"lamport std on solana", &[0xAB; 40]];
    for data in datas {
        let expected = report::report(data);
        let mut expected_logs: Vec<String> = expected.lines().map(|l| format!("Program log: {l}")).collect();
        expected_logs.push(format!("Program log: checksum {:016x}", report::checksum(&expected)));
        let outcome = support::vm::run_both(elf, &input(data), BUDGET);
        assert_eq!(outcome.result, Ok(0), "data {data:?}: logs {:?}", outcome.logs);
        assert_eq!(outcome.logs, expected_logs, "data {data:?}");
    }
}

#[test]
fn the_sdk_hook_reports_a_panic_of_a_std_program() {
    let elf = support::test_program_at("std-differential", "std_differential");
    let outcome = support::vm::run_both(elf, &input(&[0xFF]), BUDGET);
    assert_eq!(outcome.result, Err(PANICKED.to_string()), "{:?}", outcome.logs);
    assert_eq!(outcome.logs.len(), 2, "{:?}", outcome.logs);
    assert_eq!(outcome.logs[0], "Program log: instruction data shorter than 1001 bytes");
    assert!(outcome.logs[1].starts_with("panicked at std-differential/src/lib.rs:19:"), "{:?}", outcome.logs);
}

#[test]
fn std_default_panic_logs_message_and_location() {
    let elf = support::test_program_at("std-panic", "std_panic");
    let cases: [(u8, &str); 5] = [
        (1, "a plain message"),
        (2, "limit 8 exceeded by 2"),
        (3, "an arbitrary payload"),
        (4, "index out of bounds: the len is 1 but the index is 8"),
        (5, "called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }"),
    ];
    let source = include_str!("programs/std-panic/src/lib.rs");
    for (byte, message) in cases {
        // The line of the match arm that panics.
        let arm = format!("Some({byte}) =>");
        let line = source.lines().position(|l| l.contains(&arm)).expect("the arm exists") + 1;
        let outcome = support::vm::run_both(elf, &input(&[byte]), BUDGET);
        assert_eq!(outcome.result, Err(PANICKED.to_string()), "case {byte}: {:?}", outcome.logs);
        assert_eq!(outcome.logs.len(), 2, "case {byte}: {:?}", outcome.logs);
        assert_eq!(outcome.logs[0], format!("Program log: {message}"), "case {byte}");
        let at = format!("panicked at std-panic/src/lib.rs:{line}:");
        assert!(outcome.logs[1].starts_with(&at), "case {byte}: {:?}", outcome.logs);
    }
    // Out of memory: std logs the size, then aborts.
    let outcome = support::vm::run_both(elf, &input(&[6]), BUDGET);
    assert_eq!(outcome.result, Err(r#"SyscallError("program aborted")"#.to_string()), "{:?}", outcome.logs);
    assert_eq!(outcome.logs, ["Program log: memory allocation of 80000 bytes failed"]);
    // No panic: the program returns the data length.
    let outcome = support::vm::run_both(elf, &input(&[9, 9, 9]), BUDGET);
    assert_eq!(outcome.result, Ok(3));
    assert!(outcome.logs.is_empty(), "{:?}", outcome.logs);
}

#[test]
fn a_programs_own_custom_panic_is_called() {
    let elf = support::test_program_at("std-hello", "std_hello");
    let greeting = support::vm::run_both(elf, &input(b""), BUDGET);
    assert_eq!(greeting.result, Ok(0));
    assert_eq!(greeting.logs, ["Program log: Hello from std: be=2, to=2, not=1, or=1"]);

    let outcome = support::vm::run_both(elf, &input(&[1]), BUDGET);
    // The hook returned: std aborts (the `abort` syscall).
    assert_eq!(outcome.result, Err(r#"SyscallError("program aborted")"#.to_string()), "{:?}", outcome.logs);
    assert_eq!(
        outcome.logs,
        ["Program log: custom_panic: panicked at std-hello/src/lib.rs:42:9:\nasked to panic with 4 > 3"],
        "the hook's log, then std aborts"
    );
}

/// Writes a one-crate std program (no SDK, raw entrypoint) into `dir`.
fn write_program(dir: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n[profile.release]\npanic = \"abort\"\n\n[workspace]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), body).unwrap();
}

fn build(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
        .args(["lamport", "build", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_written_static_of_a_std_program_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    write_program(
        dir.path(),
        "std_counter",
        "use std::sync::atomic::{AtomicU64, Ordering};
static CALLS: AtomicU64 = AtomicU64::new(0);
/// # Safety
/// `input` is the runtime's input buffer.
#[no_mangle]
pub unsafe extern \"C\" fn entrypoint(input: *mut u8) -> u64 {
    // SAFETY: the data length follows the account count.
    let len = unsafe { (input.add(8) as *const u64).read_unaligned() };
    CALLS.fetch_add(len, Ordering::Relaxed) + CALLS.load(Ordering::Relaxed)
}
",
    );
    let (ok, stderr) = build(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("std_counter::CALLS") && stderr.contains("writable static data"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    write_program(
        dir.path(),
        "std_thread_local",
        "use std::cell::Cell;
thread_local!(static SEEN: Cell<u64> = const { Cell::new(0) });
/// # Safety
/// `input` is the runtime's input buffer.
#[no_mangle]
pub unsafe extern \"C\" fn entrypoint(input: *mut u8) -> u64 {
    // SAFETY: the data length follows the account count.
    let len = unsafe { (input.add(8) as *const u64).read_unaligned() };
    SEEN.with(|s| s.set(s.get() + len));
    SEEN.with(Cell::get)
}
",
    );
    let (ok, stderr) = build(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("SEEN") && stderr.contains("writable static data"), "{stderr}");
}
