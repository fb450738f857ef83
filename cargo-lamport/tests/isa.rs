//! The instruction set of what the toolchain emits: only what SBPF v1
//! executes with eBPF semantics — no ALU32 (SBPF v1 sign-extends 32-bit
//! results), no JMP32, and none of cpu v4's additions (signed div/mod,
//! sign-extending moves and loads, byte swaps, long jumps).

mod support;

use object::{Object, ObjectSection};

/// Returns the offending instructions of `elf`'s `.text`, described.
fn forbidden_instructions(elf: &[u8]) -> Vec<String> {
    let file = object::File::parse(elf).unwrap();
    let text = file.section_by_name(".text").unwrap().data().unwrap().to_vec();
    let mut bad = Vec::new();
    let mut pc = 0;
    while pc * 8 < text.len() {
        let insn = &text[pc * 8..pc * 8 + 8];
        let (opcode, offset) = (insn[0], i16::from_le_bytes([insn[2], insn[3]]));
        let class = opcode & 0x07;
        let why = match class {
            // LE (0xd4) and BE (0xdc) byte swaps are in the ALU class and are SBPF v1.
            0x04 if opcode != 0xd4 && opcode != 0xdc => Some("ALU32"),
            0x06 => Some("JMP32"),
            // ALU64: cpu v4 encodes sdiv/smod/movsx in the offset field; 0xd7 is bswap.
            0x07 if opcode == 0xd7 => Some("bswap (v4)"),
            0x07 if offset != 0 && matches!(opcode & 0xf0, 0x30 | 0x90 | 0xb0) => Some("signed div/mod or movsx (v4)"),
            // LDX with mode MEMSX (0x80): sign-extending loads (v4).
            0x01 if opcode & 0xe0 == 0x80 => Some("sign-extending load (v4)"),
            0x00 if opcode != 0x18 => Some("legacy load"),
            _ => None,
        };
        if let Some(why) = why {
            bad.push(format!("pc {pc}: {:02x?} ({why})", insn));
        }
        pc += if opcode == 0x18 { 2 } else { 1 };
    }
    bad
}

#[test]
fn emitted_code_is_sbpf_v1_only() {
    let out = tempfile::tempdir().unwrap();
    let hello = support::build_program(&support::workspace_root().join("examples/hello/Cargo.toml"), out.path(), "hello");
    let differential = support::test_program("differential");
    for (name, elf) in [("hello", &hello[..]), ("differential", differential)] {
        let bad = forbidden_instructions(elf);
        assert!(bad.is_empty(), "{name}.so has instructions SBPF v1 must not run:\n{}", bad.join("\n"));
    }
}

#[test]
fn the_scan_catches_alu32_and_v4() {
    // A text section made by hand: add32 (ALU32), sdiv64 (v4), exit.
    let mut elf = support::test_program("differential").to_vec();
    let file = object::File::parse(&*elf).unwrap();
    let offset = file.section_by_name(".text").unwrap().file_range().unwrap().0 as usize;
    drop(file);
    elf[offset..offset + 8].copy_from_slice(&[0x04, 0x01, 0, 0, 1, 0, 0, 0]);
    elf[offset + 8..offset + 16].copy_from_slice(&[0x3f, 0x21, 1, 0, 0, 0, 0, 0]);
    let bad = forbidden_instructions(&elf);
    assert!(bad.iter().any(|b| b.contains("ALU32")) && bad.iter().any(|b| b.contains("v4")), "{bad:?}");
}
