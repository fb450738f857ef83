//! The developer workflow through the `cargo-lamport` binary: `run`,
//! `dump`, `new` and `test`, their `--help` (snapshots in
//! `tests/workflow/help-<command>.txt`; `LAMPORT_BLESS=1` rewrites them),
//! and the one-line errors user mistakes get.
//!
//! The `run` and `dump` tests use programs of the deploy directory
//! (`LAMPORT_DEPLOY_DIR`, which `cargo lamport test` sets, else the
//! workspace's `target/deploy`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lamport_sdk::pubkey::Pubkey;

fn lamport(args: &[&str]) -> Output {
    lamport_in(Path::new("."), args)
}

fn lamport_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
        .current_dir(dir)
        .arg("lamport")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("cargo-lamport runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A user mistake: a non-zero exit, an `error:` line saying what to do,
/// no panic or backtrace.
fn assert_user_error(out: &Output, expected: &[&str]) {
    let err = stderr(out);
    assert!(!out.status.success(), "succeeded: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap_or_else(|| panic!("no error line in {err}"));
    for text in expected {
        assert!(line.contains(text), "`{text}` not in `{line}`");
    }
}

fn deployed(name: &str) -> PathBuf {
    let dir = lamport_runtime::deploy_dir().unwrap_or_else(|e| panic!("{e}"));
    let so = dir.join(format!("{name}.so"));
    assert!(so.is_file(), "{} is missing: run `cargo lamport build` (or test through `cargo lamport test`)", so.display());
    so
}

#[test]
fn help_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflow");
    let bless = std::env::var_os("LAMPORT_BLESS").is_some();
    let mut stale = Vec::new();
    for command in ["build", "test", "new", "run", "dump", "address"] {
        let out = lamport(&[command, "--help"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let actual = stdout(&out);
        let path = dir.join(format!("help-{command}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
            stale.push(format!("{}:\n{actual}", path.display()));
        }
    }
    assert!(stale.is_empty(), "help changed (LAMPORT_BLESS=1 to accept):\n{}", stale.join("\n"));
}

#[test]
fn run_prints_logs_compute_units_and_changes() {
    let out = lamport(&["run", deployed("hello").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Program log: Hello, Lamport!"), "{text}");
    assert!(text.contains("result:        success"), "{text}");
    let cu = text.lines().find_map(|l| l.strip_prefix("compute units: ")).expect("compute units line");
    assert!(cu.parse::<u64>().unwrap() > 0);
    assert!(text.contains("(payer)\n    lamports: 10000000000 -> 9999995000"), "{text}");
    assert!(stderr(&out).contains("Running hello.so"), "{}", stderr(&out));
    let quiet = lamport(&["run", "-q", deployed("hello").to_str().unwrap()]);
    assert_eq!(stderr(&quiet), "");
}

/// A token account in the token example's (SPL Token's) layout, as hex.
fn token_account_hex(mint: &Pubkey, owner: &Pubkey, amount: u64) -> String {
    cargo_lamport::run::to_hex(&lamport_sdk::token::account_data(mint, owner, amount))
}

#[test]
fn run_takes_accounts_with_state_and_shows_what_changed() {
    let (mint, owner) = (Pubkey::new_unique(), Pubkey::new_unique());
    let source = format!("new:w=2039280:program:{}", token_account_hex(&mint, &owner, 1_000));
    let destination = format!("new:w=2039280:program:{}", token_account_hex(&mint, &Pubkey::new_unique(), 0));
    let authority = format!("{owner}:s");
    let mut data = vec![3u8];
    data.extend_from_slice(&300u64.to_le_bytes());
    let data = cargo_lamport::run::to_hex(&data);
    let token = deployed("token");
    let args = ["run", token.to_str().unwrap(), "--data", &data, "--account", &source, "--account", &destination, "--account", &authority];
    let out = lamport(&args);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    // Both token accounts changed, and their new data shows the amounts.
    assert!(text.contains("(#1)") && text.contains("(#2)"), "{text}");
    let amounts: Vec<&str> = text.lines().filter(|l| l.contains("data:     165 -> 165 bytes")).collect();
    assert_eq!(amounts.len(), 2, "{text}");
    assert!(!text.contains("(#3)"), "the authority did not change: {text}");

    // The same transfer without the signature fails, and says so.
    let unsigned = owner.to_string();
    let args = ["run", token.to_str().unwrap(), "--data", &data, "--account", &source, "--account", &destination, "--account", &unsigned];
    let out = lamport(&args);
    assert_user_error(&out, &["token.so", "transaction failed", "missing required signature"]);
    assert!(stdout(&out).contains("result:        failed"), "{}", stdout(&out));
}

#[test]
fn run_mistakes_get_one_clear_line() {
    assert_user_error(&lamport(&["run", "/nonexistent/p.so"]), &["/nonexistent/p.so", "cargo lamport build"]);
    let hello = deployed("hello");
    let hello = hello.to_str().unwrap();
    assert_user_error(&lamport(&["run", hello, "--data", "xyz"]), &["`xyz` is not hex"]);
    assert_user_error(&lamport(&["run", hello, "--account", "bob:w"]), &["`bob` is not an address"]);
    assert_user_error(&lamport(&["run", hello, "--account", "new:q"]), &["`:q` is not a flag"]);
    assert_user_error(&lamport(&["run", hello, "--account", "new=lots"]), &["`lots` is not a lamport amount"]);
    let not_elf = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_elf.path(), b"not an ELF").unwrap();
    assert_user_error(&lamport(&["run", not_elf.path().to_str().unwrap()]), &["is not a loadable program"]);
    let huge = lamport(&["run", hello, "--account", "new:w=1:system:zero*99999999999"]);
    assert_user_error(&huge, &["99999999999 bytes", "10 MiB"]);
    assert_eq!(huge.status.code(), Some(1), "a bad command line exits with 1");
    assert_eq!(lamport(&["run", hello, "--bogus"]).status.code(), Some(1));
}

#[test]
fn dump_refuses_a_host_binary_by_machine() {
    // The test binary itself is an ELF for the host, not a program.
    let host = std::env::current_exe().unwrap();
    let out = lamport(&["dump", host.to_str().unwrap()]);
    // The machine is named as Rust names the architecture (x86_64, aarch64…).
    assert_user_error(&out, &["cannot dump", std::env::consts::ARCH, "not an SBPF program"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
        .args(["lamport", "dump", deployed("hello").to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("cargo-lamport runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "nothing to say when the reader went away");
}

#[test]
fn color_follows_the_flag_then_cargo_term_color() {
    let error_line = |args: &[&str], env: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-lamport"));
        cmd.arg("lamport").args(args).env_remove("NO_COLOR").env_remove("CARGO_TERM_COLOR");
        if let Some(value) = env {
            cmd.env("CARGO_TERM_COLOR", value);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        stderr(&out)
    };
    const RED_ERROR: &str = "\x1b[1;31merror\x1b[0m: cannot read /nonexistent";
    assert!(error_line(&["dump", "/nonexistent"], None).starts_with("error: cannot read"), "stderr is not a terminal: no color");
    assert!(error_line(&["dump", "/nonexistent"], Some("always")).starts_with(RED_ERROR));
    assert!(error_line(&["dump", "/nonexistent", "--color", "always"], Some("never")).starts_with(RED_ERROR), "the flag wins");
    assert!(error_line(&["dump", "/nonexistent", "--color=never"], Some("always")).starts_with("error: cannot read"));
    assert!(error_line(&["--color", "never", "dump", "/nonexistent"], Some("always")).starts_with("error: cannot read"));
}

#[test]
fn release_is_accepted_and_address_reads_the_keypair() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("addr-prog");
    assert!(lamport(&["new", path.to_str().unwrap(), "-q"]).status.success());
    let manifest = path.join("Cargo.toml");
    let manifest = manifest.to_str().unwrap();
    // The keypair `new` created is the one the program declares and the
    // one `address` prints.
    let out = lamport(&["address", "--manifest-path", manifest]);
    assert!(out.status.success(), "{}", stderr(&out));
    let address = stdout(&out).trim().to_string();
    let id: Pubkey = address.parse().unwrap_or_else(|_| panic!("`{address}` is not an address"));
    let lib = std::fs::read_to_string(path.join("src/lib.rs")).unwrap();
    assert!(lib.contains(&format!("declare_id!(\"{id}\")")), "{lib}");
    let keypair = path.join("target/deploy/addr_prog-keypair.json");
    assert_eq!(cargo_lamport::keypair::read_public(&keypair).unwrap(), id.to_bytes());
    let by_name = lamport(&["address", "addr-prog", "--manifest-path", manifest]);
    assert_eq!(stdout(&by_name).trim(), address);
    assert_user_error(&lamport(&["address", "other", "--manifest-path", manifest]), &["`other` is not a program", "addr-prog"]);
}

#[test]
fn address_of_a_program_that_declares_its_keypair_is_that_keypairs() {
    // The Anchor example commits its keypair and names it in
    // `[package.metadata.lamport] program-keypair`; `declare_id!` holds its id.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ecosystem/anchor-counter");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let declared = lib.split("declare_id!(\"").nth(1).and_then(|rest| rest.split('"').next()).expect("declare_id! in the example");
    let out = lamport(&["address", "--manifest-path", root.join("Cargo.toml").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), declared);
}

#[test]
fn dump_shows_symbols_and_syscalls() {
    let out = lamport(&["dump", deployed("hello").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("entrypoint") && text.contains("sol_log_"), "{text}");
    assert_user_error(&lamport(&["dump", "/nonexistent/p.so"]), &["cannot read /nonexistent/p.so", "cargo lamport build"]);
}

#[test]
fn new_creates_a_project_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-program");
    let out = lamport(&["new", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Created Rust program `my-program`"), "{}", stderr(&out));
    for file in ["Cargo.toml", "src/lib.rs", "src/instruction.rs", "src/error.rs", "src/processor.rs", "tests/program.rs"] {
        assert!(path.join(file).is_file(), "{file}");
    }
    let manifest = std::fs::read_to_string(path.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[workspace]") && !manifest.contains("{{"), "{manifest}");
    assert_user_error(&lamport(&["new", path.to_str().unwrap()]), &["already exists"]);
    assert_user_error(&lamport(&["new", dir.path().join("1st").to_str().unwrap()]), &["`1st` cannot be a package name"]);

    let c = dir.path().join("c-program");
    let out = lamport(&["new", c.to_str().unwrap(), "--lang", "c"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(c.join("src/c-program.c").is_file());
}

#[test]
fn test_outside_a_workspace_with_programs_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"plain\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    let out = lamport_in(dir.path(), &["test"]);
    assert_user_error(&out, &["no program", "cargo lamport new"]);
    // Naming a package that is not a program says so.
    let manifest = dir.path().join("Cargo.toml");
    let out = lamport(&["test", "--manifest-path", manifest.to_str().unwrap()]);
    assert_user_error(&out, &["`plain` is not a program"]);
    // `--release` is accepted (programs are always optimized): the error is
    // about the crate, not the flag.
    let out = lamport(&["build", "--release", "--manifest-path", manifest.to_str().unwrap()]);
    assert_user_error(&out, &["`plain` is not a program"]);
    let out = lamport(&["test", "--release", "--manifest-path", manifest.to_str().unwrap()]);
    assert_user_error(&out, &["`plain` is not a program"]);
}

/// Writes a program whose greeting depends on the feature `loud`.
fn write_featured_program(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("sdk");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"featured\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n[features]\nloud = []\n\n[dependencies]\nlamport-sdk = {{ path = {sdk:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![cfg_attr(not(test), no_std)]
use lamport_sdk::{account_info::AccountInfo, msg, program_error::ProgramResult, pubkey::Pubkey};
lamport_sdk::entrypoint!(process);
pub fn process(_: &Pubkey, _: &[AccountInfo], _: &[u8]) -> ProgramResult {
    if cfg!(feature = \"loud\") { msg!(\"LOUD\") } else { msg!(\"quiet\") }
    Ok(())
}
",
    )
    .unwrap();
}

#[test]
fn test_builds_the_program_with_the_features_it_tests_with() {
    let dir = tempfile::tempdir().unwrap();
    write_featured_program(dir.path());
    let manifest = dir.path().join("Cargo.toml");
    let manifest = manifest.to_str().unwrap();
    // Host and program builds are kept between runs under this repository's target/.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("target/workflow-featured");
    let run_test = |extra: &[&str]| {
        let mut args = vec!["test", "-q", "--manifest-path", manifest];
        args.extend_from_slice(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
            .arg("lamport")
            .args(&args)
            .env("NO_COLOR", "1")
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let so = target.join("deploy/featured.so");
        let run = lamport(&["run", so.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
        stdout(&run)
    };
    assert!(run_test(&["--features", "loud"]).contains("Program log: LOUD"));
    assert!(run_test(&[]).contains("Program log: quiet"));
    assert!(run_test(&["-p", "featured", "-F", "loud"]).contains("Program log: LOUD"));
    assert!(run_test(&["--all-features"]).contains("Program log: LOUD"));
}
