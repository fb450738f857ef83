//! `examples/hello` built with `cargo lamport build`: solana-sbpf 0.23 loads,
//! verifies and JIT-compiles it, and interpreter and JIT agree on result,
//! instruction count and logs.

mod support;

/// The serialized input of an instruction with no accounts and no data.
fn empty_input(program_id: [u8; 32]) -> Vec<u8> {
    let mut input = Vec::new();
    input.extend_from_slice(&0u64.to_le_bytes()); // accounts
    input.extend_from_slice(&0u64.to_le_bytes()); // instruction data length
    input.extend_from_slice(&program_id);
    input
}

#[test]
fn hello_logs_the_greeting_in_interpreter_and_jit() {
    let out = tempfile::tempdir().unwrap();
    let manifest = support::workspace_root().join("examples/hello/Cargo.toml");
    let elf = support::build_program(&manifest, out.path(), "hello");
    assert!(out.path().join("hello-keypair.json").is_file(), "a program keypair is written beside the program");

    let outcome = support::vm::run_both(&elf, &empty_input([7; 32]), 200_000);
    assert_eq!(outcome.result, Ok(0));
    assert_eq!(outcome.logs, ["Program log: Hello, Lamport!"]);
    assert!(outcome.instructions > 0 && outcome.instructions < 100, "{} instructions", outcome.instructions);
}

#[test]
fn hello_is_small() {
    let out = tempfile::tempdir().unwrap();
    let manifest = support::workspace_root().join("examples/hello/Cargo.toml");
    let elf = support::build_program(&manifest, out.path(), "hello");
    // Solana's own toolchain builds a comparable Pinocchio program at ~10 KB.
    assert!(elf.len() <= 2048, "hello.so is {} bytes", elf.len());
}
