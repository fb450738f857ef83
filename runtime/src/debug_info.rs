//! Source locations of program code: maps a program counter to function,
//! file and line.
//!
//! `cargo lamport build` writes `<name>.debug` beside `<name>.so`: an ELF
//! with the program's DWARF line tables (`.debug_line`, `.debug_info`, …)
//! and a symbol table, at the addresses of the deployed `.so`. Loaded with
//! the program, it turns a fault's program counter into
//! `token::transfer (examples/token/src/lib.rs:88)`, with the functions
//! inlined there. A program without one (built elsewhere) still gets
//! function names from its own ELF symbols where it has any.
//!
//! Paths are printed relative to the directory the compiler ran in (the
//! workspace root for workspace members), and Rust's standard library as
//! `library/core/src/…`.

use std::{borrow::Cow, collections::HashMap, fmt, sync::Arc};

use gimli::{EndianSlice, RunTimeEndian};
use object::{Object, ObjectSection, ObjectSymbol};

/// Extension of the debug side file beside `<name>.so` (the same as
/// `lamport_link::elf::DEBUG_EXTENSION`, which writes it).
pub const DEBUG_EXTENSION: &str = "debug";

/// Size of one SBPF instruction.
const INSN: u64 = 8;

/// The crates of Rust's standard library, under `library/` in its sources
/// (installed as `…/rustlib/src/rust/library/`, or copied elsewhere to build
/// a sysroot); paths into them are shortened to `library/<crate>/…`.
const STANDARD_LIBRARY_CRATES: &[&str] = &["core", "alloc", "std", "panic_abort", "panic_unwind", "proc_macro", "unwind"];

/// How paths of the standard library's sources start once shortened.
const STANDARD_LIBRARY_PREFIX: &str = "library/";

/// Why debug info could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DebugInfoError {
    /// The bytes are not an ELF file.
    #[error("not an ELF file: {0}")]
    Elf(String),
    /// The DWARF sections are malformed.
    #[error("malformed DWARF: {0}")]
    Dwarf(String),
}

/// One frame of a source location: a function, and where in its source the
/// address is. Inlined calls give several frames for one address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFrame {
    /// The function (demangled, without the hash), if known.
    pub function: Option<String>,
    /// The source file, if known.
    pub file: Option<String>,
    /// The line, if known.
    pub line: Option<u32>,
}

impl SourceFrame {
    /// Whether the frame is code of Rust's standard library (`core`,
    /// `alloc`, `std`), inlined into the program.
    pub fn is_standard_library(&self) -> bool {
        self.file.as_deref().is_some_and(|f| f.starts_with(STANDARD_LIBRARY_PREFIX))
    }
}

impl fmt::Display for SourceFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.function.as_deref().unwrap_or("<unknown>"))?;
        match (&self.file, self.line) {
            (Some(file), Some(line)) if line > 0 => write!(f, " ({file}:{line})"),
            (Some(file), _) => write!(f, " ({file})"),
            _ => Ok(()),
        }
    }
}

/// A function symbol: `[start, end)` in ELF addresses.
#[derive(Debug, Clone)]
struct Symbol {
    start: u64,
    end: u64,
    name: String,
}

/// Debug information of one program: DWARF (from its side file) and
/// function symbols, keyed by the program's ELF addresses.
#[derive(Clone)]
pub struct DebugInfo {
    /// The ELF holding the DWARF sections (the side file, or the program
    /// itself when it carries them); `None` when only symbols are known.
    dwarf_elf: Option<Arc<[u8]>>,
    /// Function symbols, sorted by start address.
    symbols: Arc<[Symbol]>,
    /// Directories the compiler ran in (`DW_AT_comp_dir`), stripped from paths.
    comp_dirs: Arc<[String]>,
    /// Address of the program's `.text` (instruction 0).
    text_address: u64,
}

impl fmt::Debug for DebugInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DebugInfo")
            .field("has_dwarf", &self.dwarf_elf.is_some())
            .field("symbols", &self.symbols.len())
            .field("text_address", &format_args!("{:#x}", self.text_address))
            .finish()
    }
}

impl DebugInfo {
    /// Reads the debug info of the program `program_elf`: from `side_file`
    /// (a `<name>.debug` written by `cargo lamport build`) when given, else
    /// from the program's own `.debug_*` sections and symbols.
    pub fn new(program_elf: &[u8], side_file: Option<&[u8]>) -> Result<DebugInfo, DebugInfoError> {
        let program = object::File::parse(program_elf).map_err(|e| DebugInfoError::Elf(e.to_string()))?;
        let text_address = program.section_by_name(".text").map_or(0, |s| s.address());
        let mut symbols = elf_symbols(&program);
        let mut dwarf_elf = has_dwarf(&program).then(|| Arc::<[u8]>::from(program_elf));
        if let Some(side) = side_file {
            let file = object::File::parse(side).map_err(|e| DebugInfoError::Elf(format!("debug file: {e}")))?;
            let side_symbols = elf_symbols(&file);
            if side_symbols.len() > symbols.len() {
                symbols = side_symbols;
            }
            if has_dwarf(&file) {
                dwarf_elf = Some(Arc::from(side));
            }
        }
        let mut info = DebugInfo {
            dwarf_elf,
            symbols: symbols.into(),
            comp_dirs: Arc::from(Vec::new()),
            text_address,
        };
        // Fail now, not at the first fault, when the DWARF is unreadable.
        let comp_dirs = info.symbolizer()?.comp_dirs()?;
        info.comp_dirs = comp_dirs.into();
        Ok(info)
    }

    /// Whether line tables are available (else only function names).
    pub fn has_line_tables(&self) -> bool {
        self.dwarf_elf.is_some()
    }

    /// The ELF address of instruction `pc` (the VM's program counter).
    pub fn address_of_pc(&self, pc: u64) -> u64 {
        self.text_address.saturating_add(pc.saturating_mul(INSN))
    }

    /// A symbolizer for many lookups (it parses the DWARF once and caches
    /// what it finds).
    pub fn symbolizer(&self) -> Result<Symbolizer<'_>, DebugInfoError> {
        let context = match &self.dwarf_elf {
            Some(bytes) => Some(dwarf_context(bytes)?),
            None => None,
        };
        Ok(Symbolizer { info: self, context, cache: HashMap::new() })
    }

    /// The source frames of instruction `pc`, innermost (inlined) first;
    /// empty when nothing is known about it.
    pub fn locate_pc(&self, pc: u64) -> Vec<SourceFrame> {
        self.symbolizer().map(|mut s| s.locate_pc(pc).to_vec()).unwrap_or_default()
    }

    fn symbol_at(&self, address: u64) -> Option<&Symbol> {
        let index = self.symbols.partition_point(|s| s.start <= address);
        let symbol = self.symbols.get(index.checked_sub(1)?)?;
        (address < symbol.end).then_some(symbol)
    }

    fn display_path<'a>(&self, path: &'a str) -> Cow<'a, str> {
        for (at, _) in path.match_indices("/library/") {
            let rest = &path[at.saturating_add(1)..];
            let krate = rest["library/".len()..].split('/').next().unwrap_or("");
            if STANDARD_LIBRARY_CRATES.contains(&krate) {
                return Cow::Borrowed(rest);
            }
        }
        for dir in self.comp_dirs.iter() {
            if let Some(rest) = path.strip_prefix(dir.as_str()).and_then(|r| r.strip_prefix('/')) {
                return Cow::Borrowed(rest);
            }
        }
        Cow::Borrowed(path)
    }
}

type Reader<'a> = EndianSlice<'a, RunTimeEndian>;

/// Looks up addresses of one program, caching each answer.
pub struct Symbolizer<'a> {
    info: &'a DebugInfo,
    context: Option<addr2line::Context<Reader<'a>>>,
    cache: HashMap<u64, Vec<SourceFrame>>,
}

impl Symbolizer<'_> {
    /// The source frames of instruction `pc`, innermost (inlined) first.
    pub fn locate_pc(&mut self, pc: u64) -> &[SourceFrame] {
        let address = self.info.address_of_pc(pc);
        if !self.cache.contains_key(&address) {
            let frames = self.lookup(address);
            self.cache.insert(address, frames);
        }
        &self.cache[&address]
    }

    /// The function instruction `pc` belongs to in the compiled code (the
    /// outermost frame: the function that owns the stack frame), if known.
    pub fn function_of_pc(&mut self, pc: u64) -> Option<String> {
        self.locate_pc(pc).last().and_then(|f| f.function.clone())
    }

    fn lookup(&self, address: u64) -> Vec<SourceFrame> {
        let mut frames = Vec::new();
        if let Some(context) = &self.context {
            if let Ok(mut iter) = context.find_frames(address).skip_all_loads() {
                while let Ok(Some(frame)) = iter.next() {
                    let function = frame
                        .function
                        .as_ref()
                        .and_then(|name| name.raw_name().ok())
                        .map(|raw| demangle(&raw));
                    let (file, line) = match &frame.location {
                        Some(loc) => (loc.file.map(|f| self.info.display_path(f).into_owned()), loc.line),
                        None => (None, None),
                    };
                    frames.push(SourceFrame { function, file, line });
                }
            }
        }
        // Line tables name functions without their module path; the
        // symbol of the function that owns the code has it.
        let symbol = self.info.symbol_at(address).map(|s| demangle(&s.name));
        match frames.last_mut() {
            Some(outer) if symbol.is_some() => outer.function = symbol,
            Some(_) => {}
            None if symbol.is_some() => frames.push(SourceFrame { function: symbol, file: None, line: None }),
            None => {}
        }
        frames
    }

    fn comp_dirs(&self) -> Result<Vec<String>, DebugInfoError> {
        let Some(bytes) = &self.info.dwarf_elf else { return Ok(Vec::new()) };
        let dwarf = load_dwarf(bytes)?;
        let mut dirs = Vec::new();
        let mut units = dwarf.units();
        while let Some(header) = units.next().map_err(|e| DebugInfoError::Dwarf(e.to_string()))? {
            let unit = dwarf.unit(header).map_err(|e| DebugInfoError::Dwarf(e.to_string()))?;
            if let Some(dir) = unit.comp_dir {
                let dir = dir.to_string_lossy().trim_end_matches('/').to_string();
                if !dir.is_empty() && !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
        // Longest first, so a nested directory wins over its parent.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
        Ok(dirs)
    }
}

fn has_dwarf(file: &object::File) -> bool {
    file.section_by_name(".debug_line").is_some_and(|s| s.size() > 0)
}

fn dwarf_context(bytes: &[u8]) -> Result<addr2line::Context<Reader<'_>>, DebugInfoError> {
    addr2line::Context::from_dwarf(load_dwarf(bytes)?).map_err(|e| DebugInfoError::Dwarf(e.to_string()))
}

fn load_dwarf(bytes: &[u8]) -> Result<gimli::Dwarf<Reader<'_>>, DebugInfoError> {
    let file = object::File::parse(bytes).map_err(|e| DebugInfoError::Elf(e.to_string()))?;
    let endian = if file.is_little_endian() { RunTimeEndian::Little } else { RunTimeEndian::Big };
    let dwarf = gimli::Dwarf::load(|id| -> Result<Reader<'_>, gimli::Error> {
        let data = file
            .section_by_name(id.name())
            .and_then(|section| section.data().ok())
            .unwrap_or(&[]);
        Ok(EndianSlice::new(data, endian))
    })
    .map_err(|e| DebugInfoError::Dwarf(e.to_string()))?;
    Ok(dwarf)
}

/// Every defined function symbol with a size, sorted by address.
fn elf_symbols(file: &object::File) -> Vec<Symbol> {
    let mut symbols: Vec<Symbol> = file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter(|s| s.kind() == object::SymbolKind::Text && s.size() > 0 && !s.is_undefined())
        .filter_map(|s| {
            let name = s.name().ok()?.to_string();
            Some(Symbol { start: s.address(), end: s.address().saturating_add(s.size()), name })
        })
        .collect();
    symbols.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    symbols.dedup_by_key(|s| s.start);
    symbols
}

/// A Rust symbol without its hash (`token::transfer`), and without the
/// `.N` suffix LLVM gives a local symbol it renamed; other names unchanged.
fn demangle(name: &str) -> String {
    let name = match name.rsplit_once('.') {
        Some((base, suffix)) if !base.is_empty() && !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    };
    format!("{:#}", rustc_demangle::demangle(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.so` and side file as `cargo lamport build` writes them, for a
    /// program of the examples (built by the test suite's build step).
    fn example(name: &str) -> Option<(Vec<u8>, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/deploy");
        Some((std::fs::read(dir.join(format!("{name}.so"))).ok()?, std::fs::read(dir.join(format!("{name}.debug"))).ok()?))
    }

    #[test]
    fn frames_display_function_file_and_line() {
        let frame = SourceFrame { function: Some("vault::withdraw".into()), file: Some("src/lib.rs".into()), line: Some(88) };
        assert_eq!(frame.to_string(), "vault::withdraw (src/lib.rs:88)");
        let frame = SourceFrame { function: Some("entrypoint".into()), file: None, line: None };
        assert_eq!(frame.to_string(), "entrypoint");
        let frame = SourceFrame { function: None, file: Some("a.c".into()), line: Some(0) };
        assert_eq!(frame.to_string(), "<unknown> (a.c)");
    }

    #[test]
    fn demangles_without_hash_and_renaming_suffix() {
        assert_eq!(demangle("_RNvCs662DbNNTBwN_6faults5inner"), "faults::inner");
        assert_eq!(demangle("_ZN4core3fmt5write17h0123456789abcdefE.244"), "core::fmt::write");
        assert_eq!(demangle("sol_memcpy_"), "sol_memcpy_");
        assert_eq!(demangle("helper.12"), "helper");
        assert_eq!(demangle("a.b"), "a.b");
    }

    #[test]
    fn rejects_what_is_not_elf() {
        assert!(matches!(DebugInfo::new(b"not an elf", None), Err(DebugInfoError::Elf(_))));
    }

    #[test]
    fn paths_are_shortened() {
        let info = DebugInfo {
            dwarf_elf: None,
            symbols: Arc::from(Vec::new()),
            comp_dirs: Arc::from(vec!["/work/project/examples".to_string(), "/work/project".to_string()]),
            text_address: 0x120,
        };
        assert_eq!(info.display_path("/usr/lib/rustlib/src/rust/library/core/src/ptr/mod.rs"), "library/core/src/ptr/mod.rs");
        assert_eq!(info.display_path("/root/.cache/lamport/sysroot-build-1/library/std/src/io/mod.rs"), "library/std/src/io/mod.rs");
        assert_eq!(info.display_path("/home/me/library/mine/src/lib.rs"), "/home/me/library/mine/src/lib.rs");
        assert_eq!(info.display_path("/work/project/examples/token/src/lib.rs"), "token/src/lib.rs");
        assert_eq!(info.display_path("/elsewhere/x.rs"), "/elsewhere/x.rs");
        assert_eq!(info.address_of_pc(3), 0x120 + 24);
    }

    #[test]
    fn the_entrypoint_of_an_example_maps_to_its_source() {
        let Some((so, debug)) = example("token") else {
            panic!("build the examples first: cargo lamport build");
        };
        let info = DebugInfo::new(&so, Some(&debug)).unwrap();
        assert!(info.has_line_tables());
        // The entrypoint's instruction (the ELF's entry; not always the first).
        let entry = object::Object::entry(&object::File::parse(&*so).unwrap());
        let pc = (entry - info.text_address) / INSN;
        let frames = info.locate_pc(pc);
        let outer = frames.last().expect("instruction 0 has a location");
        assert_eq!(outer.function.as_deref(), Some("entrypoint"));
        assert_eq!(outer.file.as_deref(), Some("examples/token/src/lib.rs"));
        assert!(outer.line.is_some_and(|l| l > 0));
        // Without the side file, only the ELF's own symbols are known.
        let bare = DebugInfo::new(&so, None).unwrap();
        assert!(!bare.has_line_tables());
        assert_eq!(bare.locate_pc(pc), vec![SourceFrame { function: Some("entrypoint".into()), file: None, line: None }]);
    }
}
