//! libFuzzer entry of the `wire_transaction` target; the logic is [`lamport_fuzz::wire_transaction`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamport_fuzz::wire_transaction::run(data));
