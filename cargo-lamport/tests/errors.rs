//! What a user sees when something is wrong: the compiler's own message for
//! a source error, the symbol for writable static data, the fix for a
//! missing toolchain piece — never a panic or a backtrace — and a failed
//! build leaves the previous program in place.

mod support;

use std::path::Path;
use std::process::Command;

/// Writes a one-crate program (depending on this repository's SDK) into `dir`.
fn write_program(dir: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let sdk = support::workspace_root().join("sdk");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n[dependencies]\nlamport-sdk = {{ path = {sdk:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), body).unwrap();
}

const GOOD: &str = "#![no_std]
use lamport_sdk::{account_info::AccountInfo, entrypoint, msg, program_error::ProgramResult, pubkey::Pubkey};
entrypoint!(process);
pub fn process(_: &Pubkey, _: &[AccountInfo], _: &[u8]) -> ProgramResult { msg!(\"ok\"); Ok(()) }
";

fn build(dir: &Path) -> (bool, String) {
    let out = support::cargo_lamport(&["build", "--manifest-path", dir.join("Cargo.toml").to_str().unwrap()]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "a panic reached the user:\n{stderr}");
}

#[test]
fn syntax_error_shows_rustcs_message_and_keeps_the_previous_program() {
    let dir = tempfile::tempdir().unwrap();
    write_program(dir.path(), "keeps_old", GOOD);
    let (ok, stderr) = build(dir.path());
    assert!(ok, "{stderr}");
    let so = dir.path().join("target/deploy/keeps_old.so");
    let before = std::fs::read(&so).unwrap();

    std::fs::write(dir.path().join("src/lib.rs"), GOOD.replace("Ok(())", "Ok(()")).unwrap();
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(stderr.contains("src/lib.rs:4"), "rustc's message with file and line:\n{stderr}");
    assert!(stderr.contains("error: could not compile") || stderr.contains("unclosed delimiter"), "{stderr}");
    assert_no_panic(&stderr);
    assert_eq!(std::fs::read(&so).unwrap(), before, "a failed build must leave the previous program in place");
}

#[test]
fn writable_static_names_the_symbol() {
    let dir = tempfile::tempdir().unwrap();
    write_program(
        dir.path(),
        "writes_static",
        "#![no_std]
use lamport_sdk::{account_info::AccountInfo, entrypoint, program_error::ProgramResult, pubkey::Pubkey};
static mut CALLS: u64 = 0;
entrypoint!(process);
pub fn process(_: &Pubkey, _: &[AccountInfo], data: &[u8]) -> ProgramResult {
    // SAFETY: single-threaded; the point is that the program writes a static.
    unsafe { core::ptr::addr_of_mut!(CALLS).write_volatile(data.len() as u64) };
    Ok(())
}
",
    );
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(stderr.contains("writes_static::CALLS") && stderr.contains("writable static data"), "{stderr}");
    assert_no_panic(&stderr);
    assert!(!dir.path().join("target/deploy/writes_static.so").exists());
}

#[test]
fn missing_toolchain_pieces_name_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    write_program(dir.path(), "no_toolchain", GOOD);
    let run = |rustc: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
            .args(["lamport", "build", "--manifest-path", dir.path().join("Cargo.toml").to_str().unwrap()])
            .env("LAMPORT_RUSTC", rustc)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = run("/nonexistent/rustc");
    assert!(stderr.contains("LAMPORT_RUSTC=/nonexistent/rustc cannot be run"), "{stderr}");
    assert_no_panic(&stderr);

    // A real compiler without rust-src: a script that answers like rustc
    // but whose sysroot has no library sources.
    let fake = dir.path().join("rustc-without-src");
    std::fs::write(
        &fake,
        "#!/bin/sh\ncase \"$1\" in\n  -vV) printf 'rustc 1.0.0\\nrelease: 1.0.0\\nLLVM version: 22.1.0\\n' ;;\n  --print) echo /nonexistent-sysroot ;;\nesac\n",
    )
    .unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let stderr = run(fake.to_str().unwrap());
    assert!(stderr.contains("has no rust-src") && stderr.contains("make deps"), "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn no_program_in_the_workspace_says_what_a_program_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"plain\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n").unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(stderr.contains("crate-type = [\"cdylib\"]"), "{stderr}");
    assert_no_panic(&stderr);
}
