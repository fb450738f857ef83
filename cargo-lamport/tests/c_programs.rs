//! C programs built with `cargo lamport build <DIR>` and run in the Lamport
//! runtime (interpreter and JIT): the examples `hello-c` and `counter-c`,
//! `tests/programs-c/sdk-c` (which exercises `lamport.h`), the header's
//! constants against the Rust SDK's, and the messages a user sees for a
//! C compile error or a written global.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use lamport_runtime::{InstructionError, Runtime, TransactionError, TransactionMeta, TransactionResult};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};

/// Builds the C program in `dir` into a fresh directory; returns the ELF.
fn build_c(dir: &Path) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let output = support::cargo_lamport(&["build", dir.to_str().unwrap(), "--out-dir", out.path().to_str().unwrap()]);
    assert!(output.status.success(), "cargo lamport build {} failed:\n{}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let name = dir.file_name().unwrap().to_str().unwrap().replace('-', "_");
    assert!(out.path().join(format!("{name}-keypair.json")).is_file(), "a keypair is written beside the program");
    std::fs::read(out.path().join(format!("{name}.so"))).expect("the program was written")
}

fn example(name: &str) -> PathBuf {
    support::workspace_root().join("examples").join(name)
}

fn test_program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs-c").join(name)
}

/// Runs `test` on the interpreter and, where available, the JIT.
fn each_engine(test: impl Fn(bool)) {
    test(false);
    if lamport_runtime::loader::JIT_AVAILABLE {
        test(true);
    }
}

struct Harness {
    runtime: Runtime,
    payer: Keypair,
    program: Pubkey,
}

impl Harness {
    fn new(elf: &[u8], jit: bool) -> Self {
        // The SDK test program calls every syscall of lamport.h, including
        // sol_remaining_compute_units, which mainnet has not enabled.
        let features = lamport_runtime::FeatureSet {
            remaining_compute_units_syscall_enabled: true,
            ..lamport_runtime::FeatureSet::default()
        };
        let mut runtime = Runtime::new().with_jit(jit).with_feature_set(features);
        let program = Pubkey::new_unique();
        runtime.add_program(program, elf).expect("the C program loads");
        let payer = Keypair::new();
        runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
        Harness { runtime, payer, program }
    }

    fn send(&mut self, data: &[u8], accounts: Vec<AccountMeta>) -> TransactionResult {
        let ix = Instruction::new_with_bytes(self.program, data, accounts);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.payer.pubkey()), &[&self.payer], self.runtime.latest_blockhash());
        let result = self.runtime.send_transaction(tx);
        // A fresh blockhash, so sending the same instruction again is a new transaction.
        self.runtime.expire_blockhash();
        result
    }

    fn ok(&mut self, data: &[u8], accounts: Vec<AccountMeta>) -> TransactionMeta {
        match self.send(data, accounts) {
            Ok(meta) => meta,
            Err(failed) => panic!("transaction failed: {failed}\nlogs: {:#?}", failed.meta.logs),
        }
    }

    fn fails_with(&mut self, data: &[u8], accounts: Vec<AccountMeta>) -> (InstructionError, Vec<String>) {
        match self.send(data, accounts) {
            Ok(meta) => panic!("transaction succeeded; logs: {:#?}", meta.logs),
            Err(failed) => match failed.err {
                TransactionError::InstructionError(0, err) => (err, failed.meta.logs.into_vec()),
                other => panic!("unexpected error {other:?}"),
            },
        }
    }
}

#[test]
fn hello_c_logs_the_greeting() {
    let elf = build_c(&example("hello-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let meta = h.ok(&[], vec![]);
        let id = h.program;
        assert_eq!(
            meta.logs,
            [
                format!("Program {id} invoke [1]"),
                "Program log: Hello, Lamport!".to_string(),
                format!("Program {id} consumed {} of 200000 compute units", meta.compute_units_consumed),
                format!("Program {id} success"),
            ]
        );
        // sol_log_ costs 100; the rest is a handful of instructions.
        assert!((100..150).contains(&meta.compute_units_consumed), "{} CU", meta.compute_units_consumed);
    });
}

fn counter_account(h: &mut Harness, owner: Pubkey, data: Vec<u8>) -> Pubkey {
    let key = Pubkey::new_unique();
    let lamports = h.runtime.minimum_balance_for_rent_exemption(data.len());
    h.runtime.set_account(key, Account::new_with_data(lamports, data, &owner));
    key
}

fn counter_value(h: &Harness, key: &Pubkey) -> u64 {
    let data = h.runtime.get_account(key).unwrap().data;
    u64::from_le_bytes(data[..8].try_into().unwrap())
}

#[test]
fn counter_c_increments_an_account_it_owns() {
    let elf = build_c(&example("counter-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;
        let counter = counter_account(&mut h, program, vec![0; 16]);
        h.ok(&[], vec![AccountMeta::new(counter, false)]);
        let meta = h.ok(&[], vec![AccountMeta::new(counter, false)]);
        assert_eq!(counter_value(&h, &counter), 2);
        assert!(meta.logs.contains(&"Program log: 0x0, 0x0, 0x0, 0x1, 0x2".to_string()), "{:#?}", meta.logs);
        h.ok(&40u64.to_le_bytes(), vec![AccountMeta::new(counter, false)]);
        assert_eq!(counter_value(&h, &counter), 42);
        // The bytes past the counter are untouched.
        assert_eq!(h.runtime.get_account(&counter).unwrap().data[8..], [0; 8]);
    });
}

#[test]
fn counter_c_rejects_what_it_must_not_count() {
    let elf = build_c(&example("counter-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;
        let foreign = counter_account(&mut h, Pubkey::new_unique(), vec![0; 8]);
        let (err, logs) = h.fails_with(&[], vec![AccountMeta::new(foreign, false)]);
        assert_eq!(err, InstructionError::IncorrectProgramId);
        assert_eq!(logs.last().unwrap(), &format!("Program {program} failed: incorrect program id for instruction"));
        assert_eq!(counter_value(&h, &foreign), 0);

        let counter = counter_account(&mut h, program, vec![0; 8]);
        assert_eq!(h.fails_with(&[], vec![]).0, InstructionError::NotEnoughAccountKeys);
        assert_eq!(h.fails_with(&[], vec![AccountMeta::new_readonly(counter, false)]).0, InstructionError::InvalidArgument);
        assert_eq!(h.fails_with(&[1, 2, 3], vec![AccountMeta::new(counter, false)]).0, InstructionError::InvalidInstructionData);
        let small = counter_account(&mut h, program, vec![0; 7]);
        assert_eq!(h.fails_with(&[], vec![AccountMeta::new(small, false)]).0, InstructionError::AccountDataTooSmall);
        h.ok(&u64::MAX.to_le_bytes(), vec![AccountMeta::new(counter, false)]);
        assert_eq!(h.fails_with(&[], vec![AccountMeta::new(counter, false)]).0, InstructionError::ArithmeticOverflow);
        assert_eq!(counter_value(&h, &counter), u64::MAX);
    });
}

#[test]
fn sdk_c_hashes_derives_addresses_and_reads_sysvars() {
    let elf = build_c(&test_program("sdk-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;

        let meta = h.ok(b"\x00hello, lamport", vec![]);
        assert_eq!(meta.return_data.program_id, program);
        assert_eq!(meta.return_data.data, lamport_sdk::hash::hash(b"hello, lamport").to_bytes());

        let meta = h.ok(b"\x01user-7", vec![]);
        let (pda, bump) = Pubkey::find_program_address(&[b"vault", b"user-7"], &program);
        assert_eq!(meta.return_data.data[..32], pda.to_bytes());
        assert_eq!(meta.return_data.data[32], bump);

        let meta = h.ok(&[3], vec![]);
        let (clock, rent) = (h.runtime.clock(), h.runtime.rent());
        let mut expected = Vec::new();
        expected.extend_from_slice(&clock.slot.to_le_bytes());
        expected.extend_from_slice(&clock.unix_timestamp.to_le_bytes());
        expected.extend_from_slice(&rent.lamports_per_byte_year.to_le_bytes());
        expected.push(rent.burn_percent);
        assert_eq!(meta.return_data.data, expected);

        h.ok(&[5], vec![]);
        h.ok(&[8], vec![]);
        assert_eq!(h.fails_with(&[9], vec![]).0, InstructionError::InvalidInstructionData);
    });
}

#[test]
fn sdk_c_parses_accounts_with_duplicates() {
    let elf = build_c(&test_program("sdk-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;
        let a = counter_account(&mut h, program, vec![1, 2, 3]);
        let b = counter_account(&mut h, Pubkey::new_unique(), vec![0; 13]);
        let payer = h.payer.pubkey();
        let metas = vec![
            AccountMeta::new(a, false),
            AccountMeta::new_readonly(b, false),
            AccountMeta::new(a, false),
            AccountMeta::new(payer, true),
            AccountMeta::new_readonly(b, false),
        ];
        let meta = h.ok(&[4], metas);
        let entries: Vec<&[u8]> = meta.return_data.data.chunks(20).collect();
        assert_eq!(entries.len(), 5);
        let lamports = |k: &Pubkey| h.runtime.get_account(k).unwrap().lamports;
        let entry = |first: u8, signer: u8, writable: u8, key: &Pubkey, len: u64| {
            let mut e = vec![first, signer, writable, 0];
            e.extend_from_slice(&lamports(key).to_le_bytes());
            e.extend_from_slice(&len.to_le_bytes());
            e
        };
        // The fee payer's balance is read after the fee was taken, as the program saw it.
        assert_eq!(entries[0], entry(0, 0, 1, &a, 3));
        assert_eq!(entries[1], entry(1, 0, 0, &b, 13));
        assert_eq!(entries[2], entry(0, 0, 1, &a, 3), "a duplicate is a copy of its first occurrence");
        assert_eq!(entries[3], entry(3, 1, 1, &payer, 0));
        assert_eq!(entries[4], entry(1, 0, 0, &b, 13));
    });
}

#[test]
fn sdk_c_signs_a_cpi_for_its_pda() {
    let elf = build_c(&test_program("sdk-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;
        let (vault, bump) = Pubkey::find_program_address(&[b"vault"], &program);
        h.runtime.set_account(vault, Account::new(5_000_000, 0, &lamport_sdk::system::ID));
        let to = Keypair::new().pubkey();
        h.runtime.airdrop(&to, 1_000_000).unwrap();
        let mut data = vec![2];
        data.extend_from_slice(&1_234_567u64.to_le_bytes());
        data.push(bump);
        let accounts = vec![
            AccountMeta::new(vault, false),
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(lamport_sdk::system::ID, false),
        ];
        let meta = h.ok(&data, accounts.clone());
        assert!(meta.logs.contains(&"Program 11111111111111111111111111111111 invoke [2]".to_string()), "{:#?}", meta.logs);
        assert_eq!(h.runtime.get_balance(&vault), 5_000_000 - 1_234_567);
        assert_eq!(h.runtime.get_balance(&to), 1_000_000 + 1_234_567);

        // Another valid bump derives another address, which does not sign for the vault.
        let other = (0..bump).rev().find(|b| Pubkey::create_program_address(&[b"vault", &[*b]], &program).is_ok()).unwrap();
        data[9] = other;
        let (err, logs) = h.fails_with(&data, accounts.clone());
        assert_eq!(err, InstructionError::PrivilegeEscalation);
        assert!(logs.contains(&format!("{vault}'s signer privilege escalated")), "{logs:#?}");

        // A bump whose address is on the curve is no address at all.
        let on_curve = (0..bump).rev().find(|b| Pubkey::create_program_address(&[b"vault", &[*b]], &program).is_err()).unwrap();
        data[9] = on_curve;
        let (err, logs) = h.fails_with(&data, accounts);
        assert_eq!(err, InstructionError::ProgramFailedToComplete);
        assert!(logs.last().unwrap().ends_with("Provided seeds do not result in a valid address"), "{logs:#?}");
        assert_eq!(h.runtime.get_balance(&vault), 5_000_000 - 1_234_567);
    });
}

#[test]
fn sdk_c_logs_and_panics_with_its_file() {
    let elf = build_c(&test_program("sdk-c"));
    each_engine(|jit| {
        let mut h = Harness::new(&elf, jit);
        let program = h.program;
        let meta = h.ok(&[7], vec![]);
        let logs = &meta.logs[1..meta.logs.len() - 2];
        assert_eq!(
            logs,
            [
                "Program log: 0x1, 0x2, 0x3, 0x4, 0xabcdef".to_string(),
                format!("Program log: {program}"),
                "Program data: YWI= /w==".to_string(),
                "Program log: logs done".to_string(),
            ]
        );

        let (err, logs) = h.fails_with(&[6], vec![]);
        assert_eq!(err, InstructionError::ProgramFailedToComplete);
        let failed = logs.last().unwrap();
        assert!(
            failed.starts_with(&format!("Program {program} failed: SBF program Panicked in ")) && failed.contains("sdk-c/src/sdk.c at "),
            "{failed}"
        );
    });
}

/// Compiles `source` natively with gcc (the header must also compile for the
/// host, which is how this test reads its constants) and returns its output.
fn run_native(source: &str, include: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("main.c");
    let exe = dir.path().join("main");
    std::fs::write(&c, source).unwrap();
    let out = Command::new("gcc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-o"])
        .arg(&exe)
        .arg("-I")
        .arg(include)
        .arg(&c)
        .output()
        .expect("gcc runs");
    assert!(out.status.success(), "gcc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(&exe).output().unwrap();
    assert!(run.status.success());
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn header_constants_equal_the_rust_sdk() {
    use lamport_sdk::{cpi::abi, entrypoint as e, program_error as p, pubkey as pda, sysvar};
    let expected: Vec<(&str, u64)> = vec![
        ("INPUT_START_ADDRESS", e::INPUT_START_ADDRESS),
        ("HEAP_START_ADDRESS", e::HEAP_START_ADDRESS),
        ("HEAP_LENGTH", e::HEAP_LENGTH as u64),
        ("MAX_INSTRUCTION_ACCOUNTS", e::MAX_INSTRUCTION_ACCOUNTS as u64),
        ("MAX_ACCOUNTS", e::MAX_ACCOUNTS as u64),
        ("NUM_ACCOUNTS_SIZE", e::NUM_ACCOUNTS_SIZE as u64),
        ("NON_DUP_MARKER", e::NON_DUP_MARKER.into()),
        ("DUPLICATE_ENTRY_SIZE", e::DUPLICATE_ENTRY_SIZE as u64),
        ("DUP_INFO_OFFSET", e::DUP_INFO_OFFSET as u64),
        ("IS_SIGNER_OFFSET", e::IS_SIGNER_OFFSET as u64),
        ("IS_WRITABLE_OFFSET", e::IS_WRITABLE_OFFSET as u64),
        ("EXECUTABLE_OFFSET", e::EXECUTABLE_OFFSET as u64),
        ("ORIGINAL_DATA_LEN_OFFSET", e::ORIGINAL_DATA_LEN_OFFSET as u64),
        ("KEY_OFFSET", e::KEY_OFFSET as u64),
        ("OWNER_OFFSET", e::OWNER_OFFSET as u64),
        ("LAMPORTS_OFFSET", e::LAMPORTS_OFFSET as u64),
        ("DATA_LEN_OFFSET", e::DATA_LEN_OFFSET as u64),
        ("DATA_OFFSET", e::DATA_OFFSET as u64),
        ("ACCOUNT_HEADER_SIZE", e::ACCOUNT_HEADER_SIZE as u64),
        ("MAX_PERMITTED_DATA_INCREASE", e::MAX_PERMITTED_DATA_INCREASE as u64),
        ("BPF_ALIGN_OF_U128", e::BPF_ALIGN_OF_U128 as u64),
        ("RENT_EPOCH_SIZE", e::RENT_EPOCH_SIZE as u64),
        ("INSTRUCTION_DATA_LEN_SIZE", e::INSTRUCTION_DATA_LEN_SIZE as u64),
        ("PROGRAM_ID_SIZE", e::PROGRAM_ID_SIZE as u64),
        ("MAX_SEEDS", pda::MAX_SEEDS as u64),
        ("MAX_SEED_LEN", pda::MAX_SEED_LEN as u64),
        ("BUILTIN_BIT_SHIFT", p::BUILTIN_BIT_SHIFT.into()),
        ("SUCCESS", p::SUCCESS),
        ("ERROR_CUSTOM_ZERO", p::CUSTOM_ZERO),
        ("ERROR_INVALID_ARGUMENT", p::INVALID_ARGUMENT),
        ("ERROR_INVALID_INSTRUCTION_DATA", p::INVALID_INSTRUCTION_DATA),
        ("ERROR_INVALID_ACCOUNT_DATA", p::INVALID_ACCOUNT_DATA),
        ("ERROR_ACCOUNT_DATA_TOO_SMALL", p::ACCOUNT_DATA_TOO_SMALL),
        ("ERROR_INSUFFICIENT_FUNDS", p::INSUFFICIENT_FUNDS),
        ("ERROR_INCORRECT_PROGRAM_ID", p::INCORRECT_PROGRAM_ID),
        ("ERROR_MISSING_REQUIRED_SIGNATURES", p::MISSING_REQUIRED_SIGNATURES),
        ("ERROR_ACCOUNT_ALREADY_INITIALIZED", p::ACCOUNT_ALREADY_INITIALIZED),
        ("ERROR_UNINITIALIZED_ACCOUNT", p::UNINITIALIZED_ACCOUNT),
        ("ERROR_NOT_ENOUGH_ACCOUNT_KEYS", p::NOT_ENOUGH_ACCOUNT_KEYS),
        ("ERROR_ACCOUNT_BORROW_FAILED", p::ACCOUNT_BORROW_FAILED),
        ("ERROR_MAX_SEED_LENGTH_EXCEEDED", p::MAX_SEED_LENGTH_EXCEEDED),
        ("ERROR_INVALID_SEEDS", p::INVALID_SEEDS),
        ("ERROR_BORSH_IO_ERROR", p::BORSH_IO_ERROR),
        ("ERROR_ACCOUNT_NOT_RENT_EXEMPT", p::ACCOUNT_NOT_RENT_EXEMPT),
        ("ERROR_UNSUPPORTED_SYSVAR", p::UNSUPPORTED_SYSVAR),
        ("ERROR_ILLEGAL_OWNER", p::ILLEGAL_OWNER),
        ("ERROR_MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED", p::MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED),
        ("ERROR_INVALID_ACCOUNT_DATA_REALLOC", p::INVALID_ACCOUNT_DATA_REALLOC),
        ("ERROR_INVALID_REALLOC", p::INVALID_ACCOUNT_DATA_REALLOC),
        ("ERROR_MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED", p::MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED),
        ("ERROR_BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS", p::BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS),
        ("ERROR_INVALID_ACCOUNT_OWNER", p::INVALID_ACCOUNT_OWNER),
        ("ERROR_ARITHMETIC_OVERFLOW", p::ARITHMETIC_OVERFLOW),
        ("ERROR_IMMUTABLE", p::IMMUTABLE),
        ("ERROR_INCORRECT_AUTHORITY", p::INCORRECT_AUTHORITY),
        ("sizeof(SolInstruction)", abi::SOL_INSTRUCTION_SIZE as u64),
        ("sizeof(SolAccountMeta)", abi::SOL_ACCOUNT_META_SIZE as u64),
        ("sizeof(SolAccountInfo)", abi::SOL_ACCOUNT_INFO_SIZE as u64),
        ("sizeof(SolClock)", sysvar::clock::CLOCK_LEN as u64),
        ("sizeof(SolRent)", sysvar::rent::RENT_LEN as u64),
    ];
    let mut source = String::from("#include <stdio.h>\n#include <lamport.h>\nint main(void) {\n");
    for (name, _) in &expected {
        source.push_str(&format!("  printf(\"%s=%llu\\n\", \"{name}\", (unsigned long long)({name}));\n"));
    }
    source.push_str("  return 0;\n}\n");
    let sdk = support::workspace_root().join("sdk/c");
    let printed = run_native(&source, &sdk);
    let want: String = expected.iter().map(|(name, value)| format!("{name}={value}\n")).collect();
    assert_eq!(printed, want);
}

#[test]
fn header_is_warning_free_for_bpf() {
    let clang = cargo_lamport::toolchain::find_clang().expect("clang of the linked LLVM major");
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("empty.c");
    std::fs::write(&c, "#include <lamport.h>\nuint64_t entrypoint(const uint8_t *input) { (void)input; return SUCCESS; }\n").unwrap();
    let out = Command::new(&clang.path)
        .args(["--target=bpfel", "-mcpu=v2", "-ffreestanding", "-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only", "-I"])
        .arg(support::workspace_root().join("sdk/c"))
        .arg(&c)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Writes a C program `name` with one source `src/main.c`.
fn write_program(root: &Path, name: &str, source: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/main.c"), source).unwrap();
    dir
}

fn build_fails(dir: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let output = support::cargo_lamport(&["build", dir.to_str().unwrap(), "--out-dir", out.path().to_str().unwrap()]);
    assert!(!output.status.success(), "the build succeeded");
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none(), "nothing is deployed");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_clang_error_shows_clangs_message_then_one_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = write_program(
        root.path(),
        "broken-c",
        "#include <lamport.h>\n\nuint64_t entrypoint(const uint8_t *input) {\n  return undeclared + 1;\n}\n",
    );
    let stderr = build_fails(&dir);
    assert!(stderr.contains("broken-c/src/main.c:4:10: error: use of undeclared identifier 'undeclared'"), "{stderr}");
    let last = stderr.lines().last().unwrap();
    assert!(last.starts_with("error: could not compile `broken-c` (clang rejected ") && last.ends_with("broken-c/src/main.c)"), "{last}");
    assert!(!stderr.contains("panicked") && !stderr.contains("caused by"), "{stderr}");
}

#[test]
fn a_written_global_is_named_as_c_declares_it() {
    let root = tempfile::tempdir().unwrap();
    let global = write_program(
        root.path(),
        "global-c",
        "#include <lamport.h>\n\nuint64_t calls;\n\nuint64_t entrypoint(const uint8_t *input) {\n  calls += *input;\n  return calls;\n}\n",
    );
    let stderr = build_fails(&global);
    assert_eq!(
        stderr.lines().last().unwrap(),
        "error: could not compile `global-c`: global variable `calls` is written, but SBPF v1 maps a program's globals read-only; keep mutable state in an account (or on the stack, or the heap: `sol_calloc`), or declare it `const`",
        "{stderr}"
    );

    let local = write_program(
        root.path(),
        "static-c",
        "#include <lamport.h>\n\nstatic uint64_t next(uint64_t step) {\n  static uint64_t counter;\n  counter += step;\n  return counter;\n}\n\nuint64_t entrypoint(const uint8_t *input) {\n  return next(*input) + next(input[1]);\n}\n",
    );
    let stderr = build_fails(&local);
    assert!(stderr.contains("static variable `counter` in `next` is written"), "{stderr}");
}

#[test]
fn a_directory_without_c_sources_is_refused() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("empty-c/src")).unwrap();
    let stderr = build_fails(&root.path().join("empty-c"));
    assert!(stderr.contains("is not a C program: it has no `src/*.c`"), "{stderr}");
}

#[test]
fn the_workspace_build_covers_its_listed_c_programs() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("Cargo.toml"),
        "[workspace]\nmembers = []\n\n[workspace.metadata.lamport]\nc-programs = [\"programs/first-c\", \"programs/second-c\"]\n",
    )
    .unwrap();
    let hello = std::fs::read_to_string(example("hello-c").join("src/hello.c")).unwrap();
    write_program(&root.path().join("programs"), "first-c", &hello);
    write_program(&root.path().join("programs"), "second-c", &hello);
    let manifest = root.path().join("Cargo.toml");
    // The workspace's own target directory, whatever the one of this test run.
    let build = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
            .args(["lamport", "build", "--manifest-path", manifest.to_str().unwrap()])
            .args(extra)
            .env_remove("CARGO_TARGET_DIR")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = build(&[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let deploy = root.path().join("target/deploy");
    for name in ["first_c", "second_c"] {
        assert!(deploy.join(format!("{name}.so")).is_file(), "{name}.so is deployed");
        assert!(deploy.join(format!("{name}-keypair.json")).is_file());
    }

    // `-p` picks one by its directory name.
    std::fs::remove_dir_all(&deploy).unwrap();
    let output = build(&["-p", "second-c"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(deploy.join("second_c.so").is_file() && !deploy.join("first_c.so").exists());
}

#[test]
fn a_variable_length_array_is_refused_by_function() {
    let root = tempfile::tempdir().unwrap();
    let dir = write_program(
        root.path(),
        "vla-c",
        "#include <lamport.h>\n\nstatic uint64_t sum(const uint8_t *input) {\n  uint8_t buffer[input[0]];\n  sol_memset(buffer, 1, input[0]);\n  uint64_t s = 0;\n  for (uint8_t i = 0; i < input[0]; i++) s += buffer[i] * i;\n  return s;\n}\n\nuint64_t entrypoint(const uint8_t *input) {\n  return sum(input);\n}\n",
    );
    let stderr = build_fails(&dir);
    assert!(
        stderr.contains("could not compile `vla-c`: variable-length array or `alloca` in `sum`"),
        "{stderr}"
    );
}

#[test]
fn a_variadic_function_is_refused_by_name() {
    let root = tempfile::tempdir().unwrap();
    let dir = write_program(
        root.path(),
        "variadic-c",
        "#include <lamport.h>\n#include <stdarg.h>\n\n__attribute__((noinline)) static uint64_t total(int n, ...) {\n  va_list ap;\n  va_start(ap, n);\n  uint64_t s = 0;\n  for (int i = 0; i < n; i++) s += va_arg(ap, uint64_t);\n  va_end(ap);\n  return s;\n}\n\nuint64_t entrypoint(const uint8_t *input) {\n  return total(2, (uint64_t)input[0], (uint64_t)input[1]);\n}\n",
    );
    let stderr = build_fails(&dir);
    assert!(stderr.contains("could not compile `variadic-c`: `total` takes a variable number of arguments (`...`)"), "{stderr}");
    assert!(!stderr.contains("LLVM ERROR"), "{stderr}");
}

#[test]
fn sol_log_params_logs_what_sol_deserialize_parsed() {
    let root = tempfile::tempdir().unwrap();
    let dir = write_program(
        root.path(),
        "params-c",
        "#include <solana_sdk.h>\n\nextern uint64_t entrypoint(const uint8_t *input) {\n  SolAccountInfo accounts[1];\n  SolParameters params = (SolParameters){.ka = accounts};\n  if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {\n    return ERROR_INVALID_ARGUMENT;\n  }\n  sol_log_params(&params);\n  return SUCCESS;\n}\n",
    );
    let elf = build_c(&dir);
    let mut h = Harness::new(&elf, false);
    let program = h.program;
    let owner = Pubkey::new_unique();
    let key = counter_account(&mut h, owner, vec![7, 9]);
    let lamports = h.runtime.get_balance(&key);
    let meta = h.ok(&[42], vec![AccountMeta::new(key, false)]);
    let expected = [
        "- Program identifier:".to_string(),
        program.to_string(),
        "- Number of KeyedAccounts".to_string(),
        "0x0, 0x0, 0x0, 0x0, 0x1".to_string(),
        "  - Is signer".to_string(),
        "0x0, 0x0, 0x0, 0x0, 0x0".to_string(),
        "  - Is writable".to_string(),
        "0x0, 0x0, 0x0, 0x0, 0x1".to_string(),
        "  - Key".to_string(),
        key.to_string(),
        "  - Lamports".to_string(),
        format!("0x0, 0x0, 0x0, 0x0, {lamports:#x}"),
        "  - data".to_string(),
        "0x0, 0x0, 0x0, 0x0, 0x7".to_string(),
        "0x0, 0x0, 0x0, 0x1, 0x9".to_string(),
        "  - Owner".to_string(),
        owner.to_string(),
        "  - Executable".to_string(),
        "0x0, 0x0, 0x0, 0x0, 0x0".to_string(),
        "  - Rent Epoch".to_string(),
    ];
    let logs: Vec<&str> = meta.logs.iter().map(|l| l.strip_prefix("Program log: ").unwrap_or(l)).collect();
    assert_eq!(logs[1..1 + expected.len()], expected.iter().map(String::as_str).collect::<Vec<_>>()[..], "{:#?}", meta.logs);
    assert_eq!(logs[expected.len() + 2..expected.len() + 4], ["- Instruction data", "0x0, 0x0, 0x0, 0x0, 0x2a"], "{:#?}", meta.logs);
}
