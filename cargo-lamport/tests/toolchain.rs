//! Toolchain discovery as the user sees it, and the per-machine sysroot.

mod support;

#[test]
fn toolchain_command_reports_compilers() {
    let out = support::cargo_lamport(&["toolchain"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["rustc:", "LLVM 22", "rust-src:", "bpfel-lamport-solana", "clang:"] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn a_second_project_reuses_the_cached_sysroot() {
    let first = tempfile::tempdir().unwrap();
    support::build_program(&support::workspace_root().join("examples/hello/Cargo.toml"), first.path(), "hello");
    // A different project in a fresh directory: core and alloc are not rebuilt.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    let sdk = support::workspace_root().join("sdk");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!("[package]\nname = \"second\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[lib]\ncrate-type = [\"cdylib\"]\n[dependencies]\nlamport-sdk = {{ path = {sdk:?} }}\n[workspace]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "#![no_std]\nlamport_sdk::entrypoint!(p);\nfn p(_: &lamport_sdk::pubkey::Pubkey, _: &[lamport_sdk::account_info::AccountInfo], _: &[u8]) -> lamport_sdk::program_error::ProgramResult { Ok(()) }\n",
    )
    .unwrap();
    let out = support::cargo_lamport(&["build", "--manifest-path", dir.path().join("Cargo.toml").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("Building core and alloc"), "the sysroot was rebuilt:\n{stderr}");
    assert!(!stderr.contains("Compiling core"), "{stderr}");
    assert!(dir.path().join("target/deploy/second.so").is_file());
}
