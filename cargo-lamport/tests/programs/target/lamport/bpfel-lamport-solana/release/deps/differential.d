/work/main/cargo-lamport/tests/programs/target/lamport/bpfel-lamport-solana/release/deps/differential.d: differential/src/lib.rs differential/src/cases.rs

/work/main/cargo-lamport/tests/programs/target/lamport/bpfel-lamport-solana/release/deps/libdifferential.so: differential/src/lib.rs differential/src/cases.rs

/work/main/cargo-lamport/tests/programs/target/lamport/bpfel-lamport-solana/release/deps/libdifferential.rlib: differential/src/lib.rs differential/src/cases.rs

differential/src/lib.rs:
differential/src/cases.rs:
