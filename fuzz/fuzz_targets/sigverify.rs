//! libFuzzer entry of the `sigverify` target; the logic is [`lamport_fuzz::sigverify`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamport_fuzz::sigverify::run(data));
