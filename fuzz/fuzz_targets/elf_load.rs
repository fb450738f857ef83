//! libFuzzer entry of the `elf_load` target; the logic is [`lamport_fuzz::elf_load`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamport_fuzz::elf_load::run(data));
