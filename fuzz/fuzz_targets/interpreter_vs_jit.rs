//! libFuzzer entry of the `interpreter_vs_jit` target; the logic is [`lamport_fuzz::interpreter_vs_jit`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamport_fuzz::interpreter_vs_jit::run(data));
