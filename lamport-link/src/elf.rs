//! The ELF stage: turns the relocatable BPF object LLVM emits (`ET_REL`)
//! into the shared object SBPF v1 loaders accept (`ET_DYN`).
//!
//! Layout (virtual address = file offset, as in Solana's own ELFs):
//!
//! ```text
//! 0x000  ELF header
//! 0x040  program headers: LOAD .text (R X) · LOAD .rodata/.data.rel.ro (R)
//!                         · LOAD .dynsym/.dynstr/.rel.dyn (R) · DYNAMIC
//! 0x120  .text           every executable input section, in order
//!        .rodata         read-only data
//!        .data.rel.ro    read-only data holding addresses
//!        .dynamic        FLAGS=TEXTREL REL RELSZ RELENT RELCOUNT SYMTAB SYMENT STRTAB STRSZ TEXTREL
//!        .dynsym         null · entrypoint · one undefined entry per syscall
//!        .dynstr
//!        .rel.dyn        R_BPF_64_RELATIVE first, then R_BPF_64_32 per syscall call site
//!        [.symtab .strtab with --debug]
//!        .shstrtab, section headers
//! ```
//!
//! `.eh_frame` is left out (nothing unwinds an SBPF program, and codegen
//! emits more of it when the module has debug info). The `.debug_*`
//! sections go to a side file instead ([`DEBUG_EXTENSION`]), with their
//! relocations resolved for this layout; the `.so` is the same with or
//! without them.
//!
//! Relocations are resolved as the loaders expect:
//! - `lddw` of an address (`R_BPF_64_64`): the address is written into the
//!   two immediates and an `R_BPF_64_RELATIVE` makes the loader add the
//!   program's base;
//! - an address stored in data (`R_BPF_64_ABS64`): the v1 loader reads the
//!   target from the upper four bytes of the slot and writes back the full
//!   address, so the target goes there, with an `R_BPF_64_RELATIVE`;
//! - a call to a function of the program becomes pc-relative (`imm` = target
//!   − pc − 1, in instructions); a call to a syscall keeps `imm = -1` and gets
//!   an `R_BPF_64_32` against its `.dynsym` entry;
//! - `callx` gets its register from `dst` into `imm`, where SBPF v1 reads it.

use std::collections::HashMap;

use object::elf;
use object::read::elf::{ElfFile64, Rel as _, SectionHeader as _, Sym as _};
use object::write::elf::{FileHeader, ProgramHeader, Rel, SectionHeader, Sym, Writer};
use object::write::StringId;
use object::{Endianness, LittleEndian as LE, Object, ObjectSection, ObjectSymbol, SectionIndex};

/// BPF instruction size.
const INSN: usize = 8;
/// Where `.text` starts: ELF header plus four program headers.
pub const TEXT_START: u64 = 0x120;
/// `e_machine` of SBPF programs built by Solana's LLVM and ours.
pub const EM_BPF: u16 = 247;
/// SBPF relocation types.
pub const R_BPF_64_64: u32 = 1;
/// 64-bit absolute address in data.
pub const R_BPF_64_ABS64: u32 = 2;
/// Relative to the program's load address.
pub const R_BPF_64_RELATIVE: u32 = 8;
/// Call to a symbol (syscall or function).
pub const R_BPF_64_32: u32 = 10;

/// Options of the ELF stage.
#[derive(Debug, Clone, Default)]
pub struct ElfOptions {
    /// Keep a `.symtab` naming every function (for disassembly and debuggers).
    pub keep_debug: bool,
}

/// An error of the ELF stage.
#[derive(Debug, thiserror::Error)]
pub enum ElfError {
    /// The object LLVM emitted could not be read.
    #[error("malformed object from codegen: {0}")]
    Object(String),
    /// The program writes static data.
    #[error("`{symbol}` is writable static data (section `{section}`), which SBPF v1 programs cannot have; keep mutable state in an account, or make the static immutable")]
    WritableSection {
        /// A symbol in the section (demangled).
        symbol: String,
        /// The section.
        section: String,
    },
    /// A call or address refers to a symbol nobody defines.
    #[error("undefined symbol `{0}`: it is neither defined by the program nor a syscall (syscalls are named `sol_*` or `abort`)")]
    Undefined(String),
    /// The address of a syscall is taken (only calls can be linked).
    #[error("the address of syscall `{0}` is taken; syscalls can only be called directly")]
    SyscallAddress(String),
    /// A relocation this stage does not know.
    #[error("unsupported relocation type {r_type} in `{section}` at offset {offset:#x}")]
    Relocation {
        /// The ELF `r_type`.
        r_type: u32,
        /// The section it applies to.
        section: String,
        /// Offset within the section.
        offset: u64,
    },
    /// A function's stack frame is larger than SBPF's fixed frame.
    #[error("`{function}` needs a stack frame of at least {bytes} bytes, more than the {limit} bytes SBPF v1 gives each call; move large locals to the heap (Box/Vec) or split the function")]
    StackFrame {
        /// The function (demangled).
        function: String,
        /// The deepest frame offset it uses.
        bytes: u64,
        /// The frame size.
        limit: u64,
    },
    /// No `entrypoint` symbol in the object.
    #[error("the object defines no `entrypoint`")]
    NoEntrypoint,
    /// A resolved call does not fit the instruction's immediate.
    #[error("call from {from:#x} to {to:#x} is out of range")]
    CallRange {
        /// Call site.
        from: u64,
        /// Target.
        to: u64,
    },
}

/// What LLVM's BPF codegen calls for a trap (`unreachable`); linked to the
/// `abort` syscall, which stops the program with an error.
pub const BPF_TRAP: &str = "__bpf_trap";

/// True for names the runtime resolves as syscalls.
pub fn is_syscall_name(name: &str) -> bool {
    name.starts_with("sol_") || name == "abort"
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Text,
    Rodata,
    RelRo,
}

/// An input section placed in the output.
struct Placed {
    group: Group,
    /// Offset of the section inside its group's blob.
    offset: usize,
}

struct Blob {
    bytes: Vec<u8>,
    align: usize,
}

impl Blob {
    fn new() -> Self {
        Blob { bytes: Vec::new(), align: 1 }
    }

    fn append(&mut self, data: &[u8], align: usize) -> usize {
        let align = align.max(1);
        let at = self.bytes.len().next_multiple_of(align);
        self.bytes.resize(at, 0);
        self.bytes.extend_from_slice(data);
        self.align = self.align.max(align);
        at
    }
}

/// A dynamic relocation of the output.
#[derive(Clone, Copy)]
struct DynRel {
    offset: u64,
    r_type: u32,
    /// Index into the syscall list (for `R_BPF_64_32`).
    syscall: Option<usize>,
}

/// What the ELF stage writes.
#[derive(Debug, Clone)]
pub struct Output {
    /// The SBPF v1 shared object to deploy. It is the same whether or not
    /// the object carried debug info.
    pub so: Vec<u8>,
    /// The debug side file (see [`DEBUG_EXTENSION`]), when the object
    /// carried `.debug_*` sections.
    pub debug: Option<Vec<u8>>,
}

/// Extension of the debug side file written beside `<name>.so`: an ELF
/// holding the program's `.debug_*` sections with their relocations
/// resolved for the `.so`'s layout, a `.text` header (no bytes) at the
/// `.so`'s `.text` address, and a `.symtab` naming every function.
pub const DEBUG_EXTENSION: &str = "debug";

/// Relocation types codegen uses in debug sections: 32-bit offsets into
/// other debug sections, 64-bit addresses of code.
const R_BPF_64_ABS32: u32 = 3;
/// Like [`R_BPF_64_ABS32`], for sections no loader relocates (BTF).
const R_BPF_64_NODYLD32: u32 = 4;
/// Name of the call-frame section, which is left out of the `.so`.
const EH_FRAME: &str = ".eh_frame";

/// A `.debug_*` section of the input, copied whole into the side file.
struct DebugSection {
    name: String,
    bytes: Vec<u8>,
}

impl DebugSection {
    /// Applies one relocation (`SHT_REL`: the addend is in place);
    /// `symbol` is the symbol's final address or offset, `None` when its
    /// section is not in the output (the reference then reads 0).
    fn relocate(&mut self, offset: u64, r_type: u32, symbol: Option<u64>) -> Result<(), ElfError> {
        let at = offset as usize;
        let unsupported = || ElfError::Relocation { r_type, section: self.name.clone(), offset };
        match r_type {
            R_BPF_64_ABS64 if at + 8 <= self.bytes.len() => {
                let value = symbol.map_or(0, |s| s.wrapping_add(read_u64(&self.bytes, at)));
                self.bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
            }
            R_BPF_64_ABS32 | R_BPF_64_NODYLD32 if at + 4 <= self.bytes.len() => {
                let value = symbol.map_or(0, |s| (s as u32).wrapping_add(read_u32(&self.bytes, at)));
                write_u32(&mut self.bytes, at, value);
            }
            _ => return Err(unsupported()),
        }
        Ok(())
    }
}

/// Turns the relocatable object `object` into an SBPF v1 shared object and,
/// when it carries debug info, the debug side file.
pub fn link(object: &[u8], opts: &ElfOptions) -> Result<Output, ElfError> {
    let bad = |e: object::Error| ElfError::Object(e.to_string());
    let file = ElfFile64::<LE>::parse(object).map_err(bad)?;
    let endian = file.endian();
    let headers = file.elf_section_table();

    // Lay out: place every allocated input section into its group.
    let mut text = Blob::new();
    let mut rodata = Blob::new();
    let mut relro = Blob::new();
    let mut placed: HashMap<SectionIndex, Placed> = HashMap::new();
    let mut debug_sections: HashMap<SectionIndex, DebugSection> = HashMap::new();
    for section in file.sections() {
        let header = section.elf_section_header();
        let flags = header.sh_flags(endian);
        let name = section.name().unwrap_or("");
        if name.starts_with(".debug_") && flags & u64::from(elf::SHF_ALLOC) == 0 {
            let bytes = section.data().map_err(bad)?.to_vec();
            debug_sections.insert(section.index(), DebugSection { name: name.to_string(), bytes });
            continue;
        }
        // Call-frame information is for unwinders, and nothing unwinds an
        // SBPF program; codegen emits more of it when the module carries
        // debug info, so keeping it would make the program depend on it.
        if flags & u64::from(elf::SHF_ALLOC) == 0 || section.size() == 0 || name == EH_FRAME {
            continue;
        }
        let group = if flags & u64::from(elf::SHF_EXECINSTR) != 0 {
            Group::Text
        } else if name.starts_with(".data.rel.ro") {
            Group::RelRo
        } else if flags & u64::from(elf::SHF_WRITE) != 0 || header.sh_type(endian) == elf::SHT_NOBITS {
            let symbol = file
                .symbols()
                .find(|s| s.section_index() == Some(section.index()) && !s.name().unwrap_or("").is_empty())
                .map(|s| format!("{:#}", rustc_demangle::demangle(s.name().unwrap_or(""))))
                .unwrap_or_else(|| name.to_string());
            return Err(ElfError::WritableSection { symbol, section: name.to_string() });
        } else {
            Group::Rodata
        };
        let data = section.data().map_err(bad)?;
        let align = (section.align() as usize).max(if group == Group::Text { INSN } else { 1 });
        let blob = match group {
            Group::Text => &mut text,
            Group::Rodata => &mut rodata,
            Group::RelRo => &mut relro,
        };
        let offset = blob.append(data, align);
        placed.insert(section.index(), Placed { group, offset });
    }
    relro.align = relro.align.max(8);

    // Addresses of the groups (vaddr = file offset).
    let text_addr = TEXT_START;
    let rodata_addr = (text_addr + text.bytes.len() as u64).next_multiple_of(rodata.align as u64);
    let relro_addr = (rodata_addr + rodata.bytes.len() as u64).next_multiple_of(relro.align as u64);
    let group_addr = |g: Group| match g {
        Group::Text => text_addr,
        Group::Rodata => rodata_addr,
        Group::RelRo => relro_addr,
    };
    let section_addr = |index: SectionIndex| placed.get(&index).map(|p| group_addr(p.group) + p.offset as u64);

    // Symbols: final address, or undefined name.
    let symbols = file.elf_symbol_table();
    let strings = symbols.strings();
    let symbol_target = |index: usize| -> Result<Result<u64, String>, ElfError> {
        let sym = symbols.symbol(object::SymbolIndex(index)).map_err(bad)?;
        let name = String::from_utf8_lossy(sym.name(endian, strings).map_err(bad)?).into_owned();
        let shndx = sym.st_shndx(endian);
        if shndx == elf::SHN_UNDEF {
            return Ok(Err(name));
        }
        let base = section_addr(SectionIndex(shndx as usize)).ok_or_else(|| ElfError::Undefined(name.clone()))?;
        Ok(Ok(base + sym.st_value(endian)))
    };

    // Resolve relocations.
    let mut syscalls: Vec<String> = Vec::new();
    let mut dyn_rels: Vec<DynRel> = Vec::new();
    for section in headers.iter() {
        if section.sh_type(endian) != elf::SHT_REL {
            continue;
        }
        let target = SectionIndex(section.sh_info(endian) as usize);
        if debug_sections.contains_key(&target) {
            let debug_indices: Vec<SectionIndex> = debug_sections.keys().copied().collect();
            let rels = section.data_as_array::<elf::Rel64<LE>, _>(endian, object).map_err(bad)?;
            for rel in rels {
                let r_sym = rel.r_sym(endian) as usize;
                let sym = symbols.symbol(object::SymbolIndex(r_sym)).map_err(bad)?;
                let shndx = SectionIndex(sym.st_shndx(endian) as usize);
                // Debug sections keep their own offsets; code and data
                // take their final addresses.
                let symbol_base = if debug_indices.contains(&shndx) { Some(0) } else { section_addr(shndx) };
                let debug = debug_sections.get_mut(&target).expect("checked above");
                debug.relocate(rel.r_offset(endian), rel.r_type(endian), symbol_base.map(|b| b + sym.st_value(endian)))?;
            }
            continue;
        }
        let Some(place) = placed.get(&target) else { continue };
        let target_name = file.section_by_index(target).ok().and_then(|s| s.name().ok().map(String::from)).unwrap_or_default();
        let rels = section.data_as_array::<elf::Rel64<LE>, _>(endian, object).map_err(bad)?;
        let base = group_addr(place.group) + place.offset as u64;
        for rel in rels {
            let r_type = rel.r_type(endian);
            let r_sym = rel.r_sym(endian) as usize;
            let offset = rel.r_offset(endian);
            let at = place.offset + offset as usize;
            let vaddr = base + offset;
            let blob = match place.group {
                Group::Text => &mut text.bytes,
                Group::Rodata => &mut rodata.bytes,
                Group::RelRo => &mut relro.bytes,
            };
            let unsupported = || ElfError::Relocation { r_type, section: target_name.clone(), offset };
            match (place.group, r_type) {
                (Group::Text, R_BPF_64_64) => {
                    let addend = u64::from(read_u32(blob, at + 4));
                    let addr = match symbol_target(r_sym)? {
                        Ok(a) => a + addend,
                        Err(name) if is_syscall_name(&name) => return Err(ElfError::SyscallAddress(name)),
                        Err(name) => return Err(ElfError::Undefined(name)),
                    };
                    write_u32(blob, at + 4, addr as u32);
                    write_u32(blob, at + 12, (addr >> 32) as u32);
                    dyn_rels.push(DynRel { offset: vaddr, r_type: R_BPF_64_RELATIVE, syscall: None });
                }
                (Group::Text, R_BPF_64_32) => match symbol_target(r_sym)? {
                    Ok(addr) => {
                        // Internal call: the immediate holds the addend in
                        // instructions relative to the symbol, minus one.
                        let addend = i64::from(read_u32(blob, at + 4) as i32);
                        let target = addr as i64 + (addend + 1) * INSN as i64;
                        let imm = (target - vaddr as i64) / INSN as i64 - 1;
                        let imm = i32::try_from(imm).map_err(|_| ElfError::CallRange { from: vaddr, to: target as u64 })?;
                        write_u32(blob, at + 4, imm as u32);
                    }
                    Err(name) if is_syscall_name(&name) || name == BPF_TRAP => {
                        let name = if name == BPF_TRAP { "abort".to_string() } else { name };
                        let index = match syscalls.iter().position(|s| *s == name) {
                            Some(i) => i,
                            None => {
                                syscalls.push(name);
                                syscalls.len() - 1
                            }
                        };
                        write_u32(blob, at + 4, u32::MAX);
                        dyn_rels.push(DynRel { offset: vaddr, r_type: R_BPF_64_32, syscall: Some(index) });
                    }
                    Err(name) => return Err(ElfError::Undefined(name)),
                },
                (Group::Rodata | Group::RelRo, R_BPF_64_ABS64) => {
                    let addend = read_u64(blob, at);
                    let addr = match symbol_target(r_sym)? {
                        Ok(a) => a + addend,
                        Err(name) if is_syscall_name(&name) => return Err(ElfError::SyscallAddress(name)),
                        Err(name) => return Err(ElfError::Undefined(name)),
                    };
                    write_u32(blob, at, 0);
                    write_u32(blob, at + 4, addr as u32);
                    dyn_rels.push(DynRel { offset: vaddr, r_type: R_BPF_64_RELATIVE, syscall: None });
                }
                _ => return Err(unsupported()),
            }
        }
    }
    fix_callx(&mut text.bytes);

    // The entrypoint and, with --debug, every function symbol.
    let mut entry = None;
    let mut functions: Vec<(String, u64, u64)> = Vec::new();
    for sym in file.symbols() {
        let Some(index) = sym.section_index() else { continue };
        let Some(base) = section_addr(index) else { continue };
        let name = sym.name().unwrap_or("");
        if name.is_empty() || sym.kind() != object::SymbolKind::Text {
            continue;
        }
        if name == crate::ENTRYPOINT {
            entry = Some((base + sym.address(), sym.size()));
        }
        functions.push((name.to_string(), base + sym.address(), sym.size()));
    }
    let (entry_addr, entry_size) = entry.ok_or(ElfError::NoEntrypoint)?;
    check_frames(&text.bytes, text_addr, &functions)?;
    dyn_rels.sort_by_key(|r| (r.r_type != R_BPF_64_RELATIVE, r.offset));
    let relative_count = dyn_rels.iter().filter(|r| r.r_type == R_BPF_64_RELATIVE).count();

    let image = Image {
        text: &text.bytes,
        rodata: &rodata,
        relro: &relro,
        rodata_addr,
        relro_addr,
        entry_addr,
        entry_size,
        syscalls: &syscalls,
        dyn_rels: &dyn_rels,
        relative_count,
        functions: if opts.keep_debug { functions.clone() } else { Vec::new() },
    };
    let so = image.write();
    let debug = (!debug_sections.is_empty()).then(|| {
        let mut sections: Vec<(SectionIndex, DebugSection)> = debug_sections.into_iter().collect();
        sections.sort_by_key(|(index, _)| index.0);
        let sections: Vec<DebugSection> = sections.into_iter().map(|(_, s)| s).collect();
        write_debug_file(text.bytes.len() as u64, entry_addr, &sections, &functions)
    });
    Ok(Output { so, debug })
}

/// Writes the debug side file: `.text` as a header without bytes (so
/// tools see the code's address range), the debug sections, and a symbol
/// table with every function under its full (mangled) name.
fn write_debug_file(text_size: u64, entry_addr: u64, sections: &[DebugSection], functions: &[(String, u64, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = Writer::new(Endianness::Little, true, &mut out);
    w.reserve_null_section_index();
    let text_name = w.add_section_name(b".text");
    let text_index = w.reserve_section_index();
    let names: Vec<StringId> = sections.iter().map(|s| w.add_section_name(s.name.as_bytes())).collect();
    for _ in sections {
        w.reserve_section_index();
    }
    w.reserve_symtab_section_index();
    w.reserve_strtab_section_index();
    w.reserve_shstrtab_section_index();
    let symbol_names: Vec<StringId> = functions.iter().map(|(n, _, _)| w.add_string(n.as_bytes())).collect();
    w.reserve_null_symbol_index();
    for _ in functions {
        w.reserve_symbol_index(Some(text_index));
    }
    w.reserve_file_header();
    let offsets: Vec<usize> = sections.iter().map(|s| w.reserve(s.bytes.len(), 1)).collect();
    w.reserve_symtab();
    w.reserve_strtab();
    w.reserve_shstrtab();
    w.reserve_section_headers();

    w.write_file_header(&FileHeader {
        os_abi: elf::ELFOSABI_NONE,
        abi_version: 0,
        e_type: elf::ET_DYN,
        e_machine: EM_BPF,
        e_entry: entry_addr,
        e_flags: 0,
    })
    .expect("64-bit little-endian header");
    for section in sections {
        w.write(&section.bytes);
    }
    w.write_null_symbol();
    for ((_, addr, size), name) in functions.iter().zip(&symbol_names) {
        w.write_symbol(&Sym {
            name: Some(*name),
            section: Some(text_index),
            st_info: (elf::STB_GLOBAL << 4) | elf::STT_FUNC,
            st_other: elf::STV_DEFAULT,
            st_shndx: 0,
            st_value: *addr,
            st_size: *size,
        });
    }
    w.write_strtab();
    w.write_shstrtab();
    w.write_null_section_header();
    w.write_section_header(&SectionHeader {
        name: Some(text_name),
        sh_type: elf::SHT_NOBITS,
        sh_flags: u64::from(elf::SHF_ALLOC | elf::SHF_EXECINSTR),
        sh_addr: TEXT_START,
        sh_offset: TEXT_START,
        sh_size: text_size,
        sh_link: 0,
        sh_info: 0,
        sh_addralign: INSN as u64,
        sh_entsize: 0,
    });
    for ((section, name), offset) in sections.iter().zip(&names).zip(&offsets) {
        w.write_section_header(&SectionHeader {
            name: Some(*name),
            sh_type: elf::SHT_PROGBITS,
            sh_flags: 0,
            sh_addr: 0,
            sh_offset: *offset as u64,
            sh_size: section.bytes.len() as u64,
            sh_link: 0,
            sh_info: 0,
            sh_addralign: 1,
            sh_entsize: 0,
        });
    }
    w.write_symtab_section_header(1);
    w.write_strtab_section_header();
    w.write_shstrtab_section_header();
    out
}

struct Image<'a> {
    text: &'a [u8],
    rodata: &'a Blob,
    relro: &'a Blob,
    rodata_addr: u64,
    relro_addr: u64,
    entry_addr: u64,
    entry_size: u64,
    syscalls: &'a [String],
    dyn_rels: &'a [DynRel],
    relative_count: usize,
    functions: Vec<(String, u64, u64)>,
}

const DYNAMIC_ENTRIES: usize = 11;

impl Image<'_> {
    fn write(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = Writer::new(Endianness::Little, true, &mut out);
        let has_rodata = !self.rodata.bytes.is_empty();
        let has_relro = !self.relro.bytes.is_empty();
        let keep_symbols = !self.functions.is_empty();

        // Phase 1: reserve names, indices and file ranges, in output order.
        w.reserve_null_section_index();
        let text_name = w.add_section_name(b".text");
        let text_index = w.reserve_section_index();
        let rodata_name = w.add_section_name(b".rodata");
        let rodata_index = if has_rodata { Some(w.reserve_section_index()) } else { None };
        let relro_name = w.add_section_name(b".data.rel.ro");
        let relro_index = if has_relro { Some(w.reserve_section_index()) } else { None };
        let _dynamic_index = w.reserve_dynamic_section_index();
        let dynsym_index = w.reserve_dynsym_section_index();
        let _dynstr_index = w.reserve_dynstr_section_index();
        let rel_name = w.add_section_name(b".rel.dyn");
        let rel_index = w.reserve_section_index();
        if keep_symbols {
            w.reserve_symtab_section_index();
            w.reserve_strtab_section_index();
        }
        w.reserve_shstrtab_section_index();

        let entry_name = w.add_dynamic_string(crate::ENTRYPOINT.as_bytes());
        let syscall_names: Vec<StringId> = self.syscalls.iter().map(|s| w.add_dynamic_string(s.as_bytes())).collect();
        w.reserve_null_dynamic_symbol_index();
        w.reserve_dynamic_symbol_index();
        for _ in self.syscalls {
            w.reserve_dynamic_symbol_index();
        }
        let short_names: Vec<String> = self.functions.iter().map(|(n, _, _)| symbol_label(n)).collect();
        let function_names: Vec<StringId> = short_names.iter().map(|n| w.add_string(n.as_bytes())).collect();
        if keep_symbols {
            w.reserve_null_symbol_index();
            for _ in &self.functions {
                w.reserve_symbol_index(Some(text_index));
            }
        }

        w.reserve_file_header();
        w.reserve_program_headers(4);
        let text_offset = w.reserve(self.text.len(), INSN);
        debug_assert_eq!(text_offset as u64, TEXT_START);
        if has_rodata {
            let at = w.reserve(self.rodata.bytes.len(), self.rodata.align);
            debug_assert_eq!(at as u64, self.rodata_addr);
        }
        if has_relro {
            let at = w.reserve(self.relro.bytes.len(), self.relro.align);
            debug_assert_eq!(at as u64, self.relro_addr);
        }
        let dynamic_offset = w.reserve_dynamic(DYNAMIC_ENTRIES) as u64;
        let dynsym_offset = w.reserve_dynsym() as u64;
        let dynstr_offset = w.reserve_dynstr() as u64;
        let rel_offset = w.reserve_relocations(self.dyn_rels.len(), false) as u64;
        let rel_size = (self.dyn_rels.len() * 16) as u64;
        if keep_symbols {
            w.reserve_symtab();
            w.reserve_strtab();
        }
        w.reserve_shstrtab();
        w.reserve_section_headers();
        let dynstr_size = w.dynstr_len() as u64;

        // Phase 2: emit, in the same order.
        w.write_file_header(&FileHeader {
            os_abi: elf::ELFOSABI_NONE,
            abi_version: 0,
            e_type: elf::ET_DYN,
            e_machine: EM_BPF,
            e_entry: self.entry_addr,
            e_flags: 0,
        })
        .expect("64-bit little-endian header");
        w.write_align_program_headers();
        let ro_start = if has_rodata { self.rodata_addr } else { self.relro_addr };
        let ro_end = if has_relro {
            self.relro_addr + self.relro.bytes.len() as u64
        } else {
            self.rodata_addr + self.rodata.bytes.len() as u64
        };
        let load = |flags: u32, start: u64, end: u64| ProgramHeader {
            p_type: elf::PT_LOAD,
            p_flags: flags,
            p_offset: start,
            p_vaddr: start,
            p_paddr: start,
            p_filesz: end - start,
            p_memsz: end - start,
            p_align: 0x1000,
        };
        w.write_program_header(&load(elf::PF_R | elf::PF_X, TEXT_START, TEXT_START + self.text.len() as u64));
        w.write_program_header(&load(elf::PF_R, ro_start, ro_end.max(ro_start)));
        w.write_program_header(&load(elf::PF_R, dynsym_offset, rel_offset + rel_size));
        let dynamic_size = (DYNAMIC_ENTRIES * 16) as u64;
        w.write_program_header(&ProgramHeader {
            p_type: elf::PT_DYNAMIC,
            p_flags: elf::PF_R | elf::PF_W,
            p_offset: dynamic_offset,
            p_vaddr: dynamic_offset,
            p_paddr: dynamic_offset,
            p_filesz: dynamic_size,
            p_memsz: dynamic_size,
            p_align: 8,
        });
        w.write_align(INSN);
        w.write(self.text);
        if has_rodata {
            w.write_align(self.rodata.align);
            w.write(&self.rodata.bytes);
        }
        if has_relro {
            w.write_align(self.relro.align);
            w.write(&self.relro.bytes);
        }
        w.write_align_dynamic();
        let mut dynamic = vec![(elf::DT_FLAGS, u64::from(elf::DF_TEXTREL))];
        // Loaders reject a DT_REL whose table is empty (solana-sbpf:
        // "invalid dynamic section table"); without relocations, as lld
        // does, name none.
        if rel_size > 0 {
            dynamic.extend([
                (elf::DT_REL, rel_offset),
                (elf::DT_RELSZ, rel_size),
                (elf::DT_RELENT, 16),
                (elf::DT_RELCOUNT, self.relative_count as u64),
            ]);
        }
        dynamic.extend([
            (elf::DT_SYMTAB, dynsym_offset),
            (elf::DT_SYMENT, 24),
            (elf::DT_STRTAB, dynstr_offset),
            (elf::DT_STRSZ, dynstr_size),
            (elf::DT_TEXTREL, 0),
        ]);
        // DT_NULL ends the table; the reserved entries left over stay DT_NULL.
        dynamic.resize(DYNAMIC_ENTRIES, (elf::DT_NULL, 0));
        for (tag, value) in dynamic {
            w.write_dynamic(tag, value);
        }
        w.write_null_dynamic_symbol();
        w.write_dynamic_symbol(&Sym {
            name: Some(entry_name),
            section: Some(text_index),
            st_info: (elf::STB_GLOBAL << 4) | elf::STT_FUNC,
            st_other: elf::STV_DEFAULT,
            st_shndx: 0,
            st_value: self.entry_addr,
            st_size: self.entry_size,
        });
        for name in &syscall_names {
            w.write_dynamic_symbol(&Sym {
                name: Some(*name),
                section: None,
                st_info: (elf::STB_GLOBAL << 4) | elf::STT_NOTYPE,
                st_other: elf::STV_DEFAULT,
                st_shndx: elf::SHN_UNDEF,
                st_value: 0,
                st_size: 0,
            });
        }
        w.write_dynstr();
        w.write_align_relocation();
        for rel in self.dyn_rels {
            // .dynsym: 0 null, 1 entrypoint, 2.. syscalls.
            let r_sym = rel.syscall.map_or(0, |i| i as u32 + 2);
            w.write_relocation(false, &Rel { r_offset: rel.offset, r_sym, r_type: rel.r_type, r_addend: 0 });
        }
        if keep_symbols {
            w.write_null_symbol();
            for ((_, addr, size), name) in self.functions.iter().zip(&function_names) {
                w.write_symbol(&Sym {
                    name: Some(*name),
                    section: Some(text_index),
                    st_info: (elf::STB_GLOBAL << 4) | elf::STT_FUNC,
                    st_other: elf::STV_DEFAULT,
                    st_shndx: 0,
                    st_value: *addr,
                    st_size: *size,
                });
            }
            w.write_strtab();
        }
        w.write_shstrtab();

        w.write_null_section_header();
        let progbits = |name, flags: u32, addr: u64, size: usize, align: usize| SectionHeader {
            name: Some(name),
            sh_type: elf::SHT_PROGBITS,
            sh_flags: u64::from(flags),
            sh_addr: addr,
            sh_offset: addr,
            sh_size: size as u64,
            sh_link: 0,
            sh_info: 0,
            sh_addralign: align as u64,
            sh_entsize: 0,
        };
        w.write_section_header(&progbits(text_name, elf::SHF_ALLOC | elf::SHF_EXECINSTR, TEXT_START, self.text.len(), INSN));
        if has_rodata {
            w.write_section_header(&progbits(rodata_name, elf::SHF_ALLOC, self.rodata_addr, self.rodata.bytes.len(), self.rodata.align));
        }
        if has_relro {
            w.write_section_header(&progbits(relro_name, elf::SHF_ALLOC, self.relro_addr, self.relro.bytes.len(), self.relro.align));
        }
        w.write_dynamic_section_header(dynamic_offset);
        w.write_dynsym_section_header(dynsym_offset, 1);
        w.write_dynstr_section_header(dynstr_offset);
        w.write_section_header(&SectionHeader {
            name: Some(rel_name),
            sh_type: elf::SHT_REL,
            sh_flags: u64::from(elf::SHF_ALLOC),
            sh_addr: rel_offset,
            sh_offset: rel_offset,
            sh_size: rel_size,
            sh_link: dynsym_index.0,
            sh_info: 0,
            sh_addralign: 8,
            sh_entsize: 16,
        });
        let _ = (rodata_index, relro_index, rel_index);
        if keep_symbols {
            w.write_symtab_section_header(1);
            w.write_strtab_section_header();
        }
        w.write_shstrtab_section_header();
        out
    }
}

/// Every access to the stack is relative to `r10`, the top of the current
/// frame: a load or store at `r10 - n`, or an address `r10 - n` formed by
/// `mov rX, r10; add rX, -n`. An `n` beyond the frame means codegen laid
/// out more stack than SBPF v1 gives a call, which would fault at run time;
/// fail the build instead, naming the function.
fn check_frames(text: &[u8], text_addr: u64, functions: &[(String, u64, u64)]) -> Result<(), ElfError> {
    let limit = i64::from(crate::llvm::STACK_FRAME_SIZE);
    let mut deepest: Option<(usize, i64)> = None;
    let mut frame_copies = [false; 11];
    for (pc, insn) in text.chunks_exact(INSN).enumerate() {
        let opcode = insn[0];
        let (dst, src) = ((insn[1] & 0x0f) as usize, (insn[1] >> 4) as usize);
        let off = i64::from(i16::from_le_bytes([insn[2], insn[3]]));
        let imm = i64::from(i32::from_le_bytes([insn[4], insn[5], insn[6], insn[7]]));
        let depth = match opcode & 0x07 {
            0x01 if src == 10 => Some(-off),              // ldx rD, [r10 + off]
            0x02 | 0x03 if dst == 10 => Some(-off),       // st/stx [r10 + off], …
            0x07 if opcode == 0x07 && dst < 11 && frame_copies[dst] => Some(-imm), // add rD, imm
            _ => None,
        };
        if dst < 11 {
            frame_copies[dst] = opcode == 0xbf && src == 10; // mov rD, r10
        }
        if let Some(depth) = depth.filter(|d| *d > limit) {
            if deepest.is_none_or(|(_, d)| depth > d) {
                deepest = Some((pc, depth));
            }
        }
    }
    let Some((pc, depth)) = deepest else { return Ok(()) };
    let addr = text_addr + (pc * INSN) as u64;
    let function = functions
        .iter()
        .filter(|(_, start, size)| addr >= *start && addr < start + size.max(&1))
        .map(|(name, _, _)| format!("{:#}", rustc_demangle::demangle(name)))
        .next()
        .unwrap_or_else(|| format!("the function at {addr:#x}"));
    Err(ElfError::StackFrame { function, bytes: depth as u64, limit: limit as u64 })
}

/// The name a function gets in `.symtab` (`--debug`): demangled without
/// the hash, cut to the 63 bytes SBPF loaders accept for a symbol name.
fn symbol_label(name: &str) -> String {
    const MAX: usize = 63;
    let mut label = format!("{:#}", rustc_demangle::demangle(name));
    if label.len() > MAX {
        let mut cut = label.len() - MAX;
        while !label.is_char_boundary(cut) {
            cut += 1;
        }
        // Keep the end: the function's own name is the informative part.
        label = label[cut..].to_string();
    }
    label
}

/// Upstream LLVM encodes `callx rN` with N in `dst`; SBPF v1 reads it from `imm`.
fn fix_callx(text: &mut [u8]) {
    for insn in text.chunks_exact_mut(INSN) {
        if insn[0] == 0x8d {
            let dst = u32::from(insn[1] & 0x0f);
            if dst != 0 && read_u32(insn, 4) == 0 {
                insn[1] &= 0xf0;
                write_u32(insn, 4, dst);
            }
        }
    }
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn read_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn write_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
