//! A readable dump of a program: sections, dynamic symbols, dynamic
//! relocations and the disassembly, with function names and syscall names at
//! call sites. Used by `cargo lamport dump` and by the ELF stage's golden tests.
//!
//! The disassembly is solana-sbpf's own, from the program as the loader sees
//! it (after relocation), so calls show the function or syscall they reach.

use std::fmt::Write as _;
use std::sync::Arc;

use object::elf;
use object::read::elf::{ElfFile64, Rel as _, SectionHeader as _, Sym as _};
use object::{LittleEndian as LE, Object, ObjectSection, ObjectSymbol};
use solana_sbpf::declare_builtin_function;
use solana_sbpf::elf::Executable;
use solana_sbpf::memory_region::MemoryMapping;
use solana_sbpf::program::{BuiltinFunctionDefinition, BuiltinProgram};
use solana_sbpf::static_analysis::Analysis;
use solana_sbpf::vm::{Config, ContextObject};

/// Syscalls a program may import; named in the disassembly even when the
/// program being dumped does not list them itself.
pub const KNOWN_SYSCALLS: &[&str] = &[
    "abort",
    "sol_panic_",
    "sol_log_",
    "sol_log_64_",
    "sol_log_compute_units_",
    "sol_log_pubkey",
    "sol_log_data",
    "sol_memcpy_",
    "sol_memmove_",
    "sol_memset_",
    "sol_memcmp_",
    "sol_sha256",
    "sol_keccak256",
    "sol_blake3",
    "sol_secp256k1_recover",
    "sol_create_program_address",
    "sol_try_find_program_address",
    "sol_invoke_signed_c",
    "sol_invoke_signed_rust",
    "sol_set_return_data",
    "sol_get_return_data",
    "sol_get_clock_sysvar",
    "sol_get_rent_sysvar",
    "sol_get_epoch_schedule_sysvar",
    "sol_get_fees_sysvar",
    "sol_get_epoch_rewards_sysvar",
    "sol_get_last_restart_slot",
    "sol_get_sysvar",
    "sol_get_epoch_stake",
    "sol_alloc_free_",
    "sol_remaining_compute_units",
    "sol_get_stack_height",
    "sol_get_processed_sibling_instruction",
    "sol_curve_validate_point",
    "sol_curve_group_op",
    "sol_curve_multiscalar_mul",
    "sol_alt_bn128_group_op",
    "sol_alt_bn128_compression",
    "sol_big_mod_exp",
    "sol_poseidon",
];

/// An error dumping a program.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// Not an ELF file the `object` crate can read.
    #[error("not a 64-bit little-endian ELF: {0}")]
    NotElf(String),
}

/// The context of a program that is only loaded and disassembled, never run.
struct NotRun;

impl ContextObject for NotRun {
    fn consume(&mut self, _amount: u64) {}

    fn get_remaining(&self) -> u64 {
        0
    }

    fn active_mapping_ptr(&mut self) -> std::ptr::NonNull<MemoryMapping> {
        unreachable!("a dumped program is never executed")
    }
}

declare_builtin_function!(
    /// Stands for a syscall so that the disassembly can name it.
    NoSyscall,
    fn rust(_context: &mut NotRun, _a: u64, _b: u64, _c: u64, _d: u64, _e: u64,) -> Result<u64, Box<dyn std::error::Error>> {
        Ok(0)
    }
);

fn loader(names: &[String]) -> Arc<BuiltinProgram<NotRun>> {
    let config = Config { enable_symbol_and_section_labels: true, reject_broken_elfs: false, ..Config::default() };
    let mut loader = BuiltinProgram::new_loader(config);
    let mut seen = std::collections::HashSet::new();
    for name in KNOWN_SYSCALLS.iter().map(|s| s.to_string()).chain(names.iter().cloned()) {
        if seen.insert(name.clone()) {
            // A name whose hash collides with one already registered is skipped.
            let _ = loader.register_function(&name, (NoSyscall::vm, NoSyscall::codegen));
        }
    }
    Arc::new(loader)
}

fn relocation_name(r_type: u32) -> String {
    match r_type {
        lamport_link::elf::R_BPF_64_64 => "R_BPF_64_64".into(),
        lamport_link::elf::R_BPF_64_ABS64 => "R_BPF_64_ABS64".into(),
        lamport_link::elf::R_BPF_64_RELATIVE => "R_BPF_64_RELATIVE".into(),
        lamport_link::elf::R_BPF_64_32 => "R_BPF_64_32".into(),
        other => format!("type {other}"),
    }
}

/// Dumps `elf` as text.
pub fn dump(bytes: &[u8]) -> Result<String, DumpError> {
    let file = ElfFile64::<LE>::parse(bytes).map_err(|e| DumpError::NotElf(e.to_string()))?;
    let endian = file.endian();
    let header = file.elf_header();
    let mut out = String::new();
    let kind = match header.e_type.get(endian) {
        elf::ET_DYN => "ET_DYN",
        elf::ET_REL => "ET_REL",
        elf::ET_EXEC => "ET_EXEC",
        _ => "unknown type",
    };
    let version = if header.e_flags.get(endian) == 0x20 { "SBPF v2" } else { "SBPF v1" };
    let _ = writeln!(
        out,
        "{kind}, {version}, e_machine {}, entry {:#x}, {} bytes",
        header.e_machine.get(endian),
        header.e_entry.get(endian),
        bytes.len()
    );

    let _ = writeln!(out, "\nSections:");
    for section in file.sections() {
        let h = section.elf_section_header();
        let flags = h.sh_flags(endian);
        let mut f = String::new();
        for (bit, c) in [(elf::SHF_WRITE, 'W'), (elf::SHF_ALLOC, 'A'), (elf::SHF_EXECINSTR, 'X')] {
            if flags & u64::from(bit) != 0 {
                f.push(c);
            }
        }
        let name = section.name().unwrap_or("?");
        if name.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {name:<14} addr {:#07x}  size {:#07x}  {f}", section.address(), section.size());
    }

    let mut imports = Vec::new();
    let _ = writeln!(out, "\nDynamic symbols:");
    for sym in file.dynamic_symbols() {
        let name = sym.name().unwrap_or("?");
        if sym.is_undefined() {
            imports.push(name.to_string());
            let _ = writeln!(out, "  {name:<30} import (syscall)");
        } else {
            let _ = writeln!(out, "  {name:<30} {:#07x}  {} bytes", sym.address(), sym.size());
        }
    }

    let _ = writeln!(out, "\nDynamic relocations:");
    let dynsym = file.elf_dynamic_symbol_table();
    for section in file.elf_section_table().iter() {
        if section.sh_type(endian) != elf::SHT_REL {
            continue;
        }
        let Ok(rels) = section.data_as_array::<elf::Rel64<LE>, _>(endian, bytes) else { continue };
        for rel in rels {
            let r_type = rel.r_type(endian);
            let target = match rel.r_sym(endian) {
                0 => String::new(),
                index => dynsym
                    .symbol(object::SymbolIndex(index as usize))
                    .ok()
                    .and_then(|s| s.name(endian, dynsym.strings()).ok())
                    .map(|n| format!("  {}", String::from_utf8_lossy(n)))
                    .unwrap_or_default(),
            };
            let _ = writeln!(out, "  {:#07x}  {}{target}", rel.r_offset(endian), relocation_name(r_type));
        }
    }

    let _ = writeln!(out, "\nDisassembly:");
    match Executable::<NotRun>::from_elf(bytes, loader(&imports)) {
        Ok(executable) => match Analysis::from_executable(&executable) {
            Ok(analysis) => {
                let mut text = Vec::new();
                let _ = analysis.disassemble(&mut text);
                out.push_str(&String::from_utf8_lossy(&text));
            }
            Err(e) => {
                let _ = writeln!(out, "  (cannot analyse: {e:?})");
            }
        },
        Err(e) => {
            let _ = writeln!(out, "  (the loader rejects this ELF: {e:?})");
        }
    }
    // Symbols beyond .dynsym (kept with `--debug`).
    let named: Vec<_> = file.symbols().filter(|s| s.kind() == object::SymbolKind::Text && !s.name().unwrap_or("").is_empty()).collect();
    if !named.is_empty() {
        let _ = writeln!(out, "\nFunctions:");
        for sym in named {
            let name = sym.name().unwrap_or("?");
            let _ = writeln!(out, "  {:#07x}  {:>6} bytes  {:#}", sym.address(), sym.size(), rustc_demangle::demangle(name));
        }
    }
    Ok(out)
}
