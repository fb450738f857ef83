//! Crates of the Solana ecosystem, unmodified from crates.io, build with
//! `cargo lamport build` and run: `tests/programs/pinocchio-hello` uses
//! Pinocchio 0.12's entrypoint and `pinocchio-log`, whose on-chain code sits
//! behind `cfg(target_os = "solana")`. Interpreter and JIT must agree.

mod support;

use std::path::Path;
use std::process::Command;

use lamport_sdk::{
    account::Account,
    entrypoint::serialize::{serialize_input, InputAccount},
    program_error::NOT_ENOUGH_ACCOUNT_KEYS,
    pubkey::Pubkey,
};

fn pinocchio_hello() -> &'static [u8] {
    support::test_program_at("pinocchio-hello", "pinocchio_hello")
}

#[test]
fn pinocchio_program_logs_through_pinocchio_log() {
    let program_id = Pubkey::new_from_array([3; 32]);
    let key = Pubkey::new_from_array([9; 32]);
    let account = Account { lamports: 1_234_567, data: vec![1, 2, 3, 250], owner: program_id, executable: false, rent_epoch: u64::MAX };
    let second = Account::new(5, 0, &Pubkey::default());
    let input = serialize_input(
        &program_id,
        &[
            InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account },
            InputAccount::Account { key: &Pubkey::new_from_array([8; 32]), is_signer: true, is_writable: false, account: &second },
        ],
        &[0xAA; 5],
    )
    .unwrap();

    let outcome = support::vm::run_both(pinocchio_hello(), input.as_bytes(), 200_000);
    assert_eq!(outcome.result, Ok(0), "{:?}", outcome.logs);
    assert_eq!(
        outcome.logs,
        [
            "Program log: Hello from Pinocchio!",
            "Program log: 2 accounts, the first owned by this program",
            "Program log: 1234567 lamports, 4 data bytes summing to 256, 5 instruction bytes",
        ]
    );
}

#[test]
fn pinocchio_program_reports_its_error_code() {
    let program_id = Pubkey::new_from_array([3; 32]);
    let input = serialize_input(&program_id, &[], &[]).unwrap();
    let outcome = support::vm::run_both(pinocchio_hello(), input.as_bytes(), 200_000);
    assert_eq!(outcome.result, Ok(NOT_ENOUGH_ACCOUNT_KEYS));
    assert_eq!(outcome.logs, ["Program log: Hello from Pinocchio!"]);
}

// ---------------------------------------------------------------------------
// Which packages `cargo lamport build` links as programs. Tiny `no_std`
// programs without dependencies, in throw-away workspaces sharing one target
// directory.
// ---------------------------------------------------------------------------

/// A `no_std` program that logs `message` (through `sol_log_`) and succeeds.
fn program_source(message: &str) -> String {
    format!(
        r#"#![no_std]
extern "C" {{
    fn sol_log_(message: *const u8, len: u64);
}}
#[no_mangle]
pub extern "C" fn entrypoint(_input: *mut u8) -> u64 {{
    let message = {message:?};
    // SAFETY: the syscall reads `len` bytes of a string literal.
    unsafe {{ sol_log_(message.as_ptr(), message.len() as u64) }};
    0
}}
#[cfg(target_os = "solana")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {{
    loop {{}}
}}
"#
    )
}

/// Writes a package `name`@`version` in `dir` (a program when `cdylib`).
fn write_package(dir: &Path, name: &str, version: &str, cdylib: bool, extra: &str, source: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let crate_type = if cdylib { "\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n" } else { "" };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\n{crate_type}\n{extra}\n\n[profile.release]\npanic = \"abort\"\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), source).unwrap();
}

/// `cargo lamport build ARGS` in `cwd`, with a target directory shared by these tests.
fn build_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
        .arg("lamport")
        .arg("build")
        .args(args)
        .current_dir(cwd)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("selection"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn deployed(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".so")).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_dependency_that_declares_a_cdylib_is_linked_as_a_library_only() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"program\"]\nexclude = [\"vendor\"]\n").unwrap();
    // Like solana-program 1.x: a library that declares `cdylib` and has no entrypoint.
    // It also brings the panic handler, as std does for solana-program.
    let panic_handler = &program_source("")[program_source("").find("#[cfg(target_os").unwrap()..];
    let library = format!("#![no_std]\npub const GREETING: &str = \"greetings from a cdylib dependency\";\n{panic_handler}");
    write_package(&root.path().join("vendor/greeting"), "greeting", "1.0.0", true, "", &library);
    let source = program_source("unused").replace("let message = \"unused\";", "let message = greeting::GREETING;");
    let source = source[..source.find("#[cfg(target_os").unwrap()].to_string();
    write_package(&root.path().join("program"), "program", "0.1.0", true, "[dependencies]\ngreeting = { path = \"../vendor/greeting\" }", &source);
    let out = root.path().join("deploy");
    let output = build_in(root.path(), &["--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(deployed(&out), ["program.so"], "only the package being built is deployed");

    let elf = std::fs::read(out.join("program.so")).unwrap();
    let outcome = support::vm::run_both(&elf, &[0; 64], 10_000);
    assert_eq!(outcome.result, Ok(0));
    assert_eq!(outcome.logs, ["Program log: greetings from a cdylib dependency"]);
}

#[test]
fn a_package_id_selects_one_of_two_versions_of_a_name() {
    // spl-token 3.5.0's dev-dependencies bring spl-token 4.0.0: here the
    // program `twin` 0.2.0 and, as its dev-dependency, `twin` 0.1.0.
    let root = tempfile::tempdir().unwrap();
    let current = root.path().join("twin");
    write_package(&root.path().join("old-twin"), "twin", "0.1.0", true, "[workspace]", &program_source("old twin"));
    write_package(&current, "twin", "0.2.0", true, "[workspace]\n\n[dev-dependencies]\nold-twin = { package = \"twin\", path = \"../old-twin\" }", &program_source("twin 0.2"));
    let out = root.path().join("deploy");
    let manifest = current.join("Cargo.toml");
    let output = build_in(root.path(), &["--manifest-path", manifest.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let outcome = support::vm::run_both(&std::fs::read(out.join("twin.so")).unwrap(), &[0; 64], 10_000);
    assert_eq!(outcome.logs, ["Program log: twin 0.2"]);

    // `-p twin@0.2.0` names it too.
    std::fs::remove_dir_all(&out).unwrap();
    let output = build_in(&current, &["-p", "twin@0.2.0", "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(deployed(&out), ["twin.so"]);
}

#[test]
fn inside_a_member_only_that_member_is_built_and_at_the_root_every_program() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"programs/*\"]\n").unwrap();
    write_package(&root.path().join("programs/first"), "first", "0.1.0", true, "", &program_source("first"));
    write_package(&root.path().join("programs/second"), "second", "0.1.0", true, "", &program_source("second"));
    let out = root.path().join("deploy");
    let out_arg = ["--out-dir", out.to_str().unwrap()];

    let output = build_in(&root.path().join("programs/second/src"), &out_arg);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(deployed(&out), ["second.so"]);

    std::fs::remove_dir_all(&out).unwrap();
    let output = build_in(root.path(), &out_arg);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(deployed(&out), ["first.so", "second.so"]);
}

#[test]
fn a_declared_program_keypair_is_the_deployed_one() {
    // As Anchor expects: `declare_id!` names the committed keypair's key.
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("declared");
    write_package(&dir, "declared", "0.1.0", true, "[workspace]\n\n[package.metadata.lamport]\nprogram-keypair = \"keys/declared.json\"", &program_source("declared"));
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    assert!(cargo_lamport::keypair::ensure(&dir.join("keys/declared.json")).unwrap());
    let declared = cargo_lamport::keypair::read_public(&dir.join("keys/declared.json")).unwrap();
    let out = root.path().join("deploy");
    let out_arg = ["--out-dir", out.to_str().unwrap()];

    let output = build_in(&dir, &out_arg);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(cargo_lamport::keypair::read_public(&out.join("declared-keypair.json")).unwrap(), declared);
    // Built again, it stays.
    let output = build_in(&dir, &out_arg);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(cargo_lamport::keypair::read_public(&out.join("declared-keypair.json")).unwrap(), declared);

    // Another program id in the deploy directory is an error that changes nothing.
    let elf_before = std::fs::read(out.join("declared.so")).unwrap();
    std::fs::remove_file(out.join("declared-keypair.json")).unwrap();
    assert!(cargo_lamport::keypair::ensure(&out.join("declared-keypair.json")).unwrap());
    std::fs::write(dir.join("src/lib.rs"), program_source("changed")).unwrap();
    let output = build_in(&dir, &out_arg);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("declared-keypair.json is the keypair of another program id than") && stderr.contains("remove"), "{stderr}");
    assert_eq!(std::fs::read(out.join("declared.so")).unwrap(), elf_before, "the previous program stays");
}
