//! Programs of SBPF v3 (static syscalls, as newer toolchains emit) load and
//! run, as in Agave 4.3, which executes SBPF v0 to v3; one calling a syscall
//! hash the runtime does not register is refused when added.

mod common;

use common::*;
use lamport_runtime::{InstructionError, ProgramLoadError, Runtime};
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey};

const PROGRAM: Pubkey = Pubkey::new_from_array([0x33; 32]);

#[test]
fn an_sbpf_v3_program_loads_and_runs() {
    let elf = fixture("sbpf_v3_rodata_section.so");
    assert_eq!(u32::from_le_bytes(elf[48..52].try_into().unwrap()), 3, "e_flags: SBPF v3");
    for jit in [false, true] {
        let mut runtime = Runtime::new().with_jit(jit);
        runtime.add_program(PROGRAM, &elf).expect("an SBPF v3 program loads");
        let payer = funded_payer(&mut runtime);
        let ix = Instruction { program_id: PROGRAM, accounts: vec![], data: vec![] };
        let result = runtime.send_transaction(transaction(&runtime, &[ix], &payer, &[]));
        // It returns 42, read from .rodata: a custom program error.
        let meta = Check::instruction_failure(&result, 0, InstructionError::Custom(42));
        Check::logged(meta, &format!("Program {PROGRAM} failed: custom program error: 0x2a"));
    }
}

#[test]
fn an_sbpf_v3_program_calling_an_unknown_syscall_is_refused() {
    let mut elf = fixture("sbpf_v3_rodata_section.so");
    // Turn the entrypoint's first instruction into a static syscall:
    // `call imm` with source register 0 and a hash no syscall has.
    let entry = usize::try_from(u64::from_le_bytes(elf[24..32].try_into().unwrap())).unwrap();
    let text_offset = text_file_offset(&elf, entry);
    elf[text_offset..text_offset + 8].copy_from_slice(&[0x85, 0x00, 0, 0, 0xde, 0xc0, 0xad, 0x0b]);
    let err = Runtime::new().add_program(PROGRAM, &elf).unwrap_err();
    assert!(
        matches!(&err, ProgramLoadError::UnknownSyscall { syscall, .. } if syscall == "with hash 0x0badc0de"),
        "{err}"
    );
}

/// The file offset of virtual address `vaddr` (through the program headers).
fn text_file_offset(elf: &[u8], vaddr: usize) -> usize {
    let word = |at: usize| usize::try_from(u64::from_le_bytes(elf[at..at + 8].try_into().unwrap())).unwrap();
    let half = |at: usize| usize::from(u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()));
    let (phoff, phentsize, phnum) = (word(32), half(54), half(56));
    (0..phnum)
        .map(|i| phoff + i * phentsize)
        .find_map(|ph| {
            let (offset, start, size) = (word(ph + 8), word(ph + 16), word(ph + 32));
            (start..start + size).contains(&vaddr).then(|| offset + (vaddr - start))
        })
        .expect("the entrypoint lies in a segment")
}
