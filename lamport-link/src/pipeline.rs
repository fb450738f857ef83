//! The link stage: rustc (or the C driver) calls it as its linker.
//!
//! ```text
//! bitcode objects + rlibs
//!   → link (one module)           → internalize all but `entrypoint`
//!   → lower atomics (one thread)
//!   → optimize (-O3/-Oz as asked) → lower what BPF codegen refuses
//!   → check (no writable statics) → BPF codegen (ET_REL)
//!   → ELF stage (SBPF v1 ET_DYN)  → <name>.so (+ <name>.debug, line tables)
//! ```

use std::path::PathBuf;

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::OptimizationLevel;

use crate::elf;
use crate::llvm;
use crate::lower::{self, Lowerer};
use crate::builtins::Builtins;
use crate::inputs;

/// The symbol every program exports.
pub const ENTRYPOINT: &str = "entrypoint";

/// Optimization level requested by the compiler driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OptLevel {
    /// `-O0`.
    O0,
    /// `-O1`.
    O1,
    /// `-O2`.
    O2,
    /// `-O3`.
    #[default]
    O3,
    /// `-Os`.
    Os,
    /// `-Oz`.
    Oz,
}

impl OptLevel {
    /// Parses `0`, `1`, `2`, `3`, `s` or `z`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "0" => OptLevel::O0,
            "1" => OptLevel::O1,
            "2" => OptLevel::O2,
            "3" => OptLevel::O3,
            "s" => OptLevel::Os,
            "z" => OptLevel::Oz,
            _ => return None,
        })
    }

    fn pipeline(self) -> &'static str {
        match self {
            OptLevel::O0 => "default<O0>",
            OptLevel::O1 => "default<O1>",
            OptLevel::O2 => "default<O2>",
            OptLevel::O3 => "default<O3>",
            OptLevel::Os => "default<Os>",
            OptLevel::Oz => "default<Oz>",
        }
    }

    fn codegen(self) -> OptimizationLevel {
        match self {
            OptLevel::O0 => OptimizationLevel::None,
            OptLevel::O1 => OptimizationLevel::Less,
            OptLevel::O3 => OptimizationLevel::Aggressive,
            _ => OptimizationLevel::Default,
        }
    }
}

/// What to link and how.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// Bitcode objects and archives.
    pub inputs: Vec<PathBuf>,
    /// Extra compiler-builtins archives (C programs, which rustc does not feed).
    pub builtins: Vec<PathBuf>,
    /// Where to write the shared object.
    pub output: PathBuf,
    /// Optimization level.
    pub opt_level: OptLevel,
    /// Keep a symbol table and debug sections.
    pub keep_debug: bool,
    /// Write `<stem>.linked.ll` and `<stem>.lowered.ll` into this directory.
    pub dump_dir: Option<PathBuf>,
}

/// Counts of what the lowerings rewrote.
#[derive(Debug, Default, Clone)]
pub struct LinkReport {
    /// Atomic operations turned into plain memory access.
    pub atomics: usize,
    /// Floating-point operations turned into soft-float calls.
    pub float_ops: usize,
    /// 128-bit operations expanded.
    pub int128: lower::int128::Stats,
    /// Signed divisions rewritten.
    pub signed_divisions: usize,
    /// Memory intrinsics rewritten.
    pub memory: lower::memory::Stats,
    /// Traps turned into `abort`.
    pub traps: usize,
    /// Signatures and calls rewritten.
    pub abi: lower::abi::Stats,
    /// Size of the written shared object.
    pub elf_size: usize,
    /// Size of the debug side file (0 when the program has no debug info).
    pub debug_size: usize,
}

/// Where the debug side file of the shared object `so` goes:
/// `<name>.so` → `<name>.debug` ([`elf::DEBUG_EXTENSION`]).
pub fn debug_path(so: &std::path::Path) -> PathBuf {
    so.with_extension(elf::DEBUG_EXTENSION)
}

/// An error of the link stage.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// An input could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The input.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An archive is malformed.
    #[error("cannot read archive `{path}`: {message}")]
    Archive {
        /// The archive.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// An input is neither bitcode, an archive, nor an ELF object.
    #[error("`{0}` is not LLVM bitcode or an archive of it; Lamport links bitcode only (build through `cargo lamport build`)")]
    UnknownInput(PathBuf),
    /// No inputs.
    #[error("nothing to link: no bitcode inputs")]
    NoInputs,
    /// LLVM rejected a module.
    #[error("LLVM: {0}")]
    Llvm(String),
    /// The program has no `entrypoint` function.
    #[error("the program defines no `entrypoint` function; add `lamport_sdk::entrypoint!(process_instruction);` (Rust) or define `uint64_t entrypoint(const uint8_t *input)` (C)")]
    NoEntrypoint,
    /// The program has writable static data, which SBPF v1 cannot map.
    #[error("`{symbol}` is writable static data, which SBPF v1 programs cannot have (the program region is read-only); keep mutable state in an account, or make the static immutable")]
    WritableStatic {
        /// The (demangled) symbol.
        symbol: String,
    },
    /// BPF codegen reported what it cannot compile.
    #[error("BPF code generation failed: {0}")]
    Codegen(String),
    /// A lowering failed.
    #[error(transparent)]
    Lower(#[from] lower::LowerError),
    /// The ELF stage failed.
    #[error(transparent)]
    Elf(#[from] elf::ElfError),
    /// The output could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The output.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Links, lowers, compiles and writes one program.
pub fn link(opts: &LinkOptions) -> Result<LinkReport, LinkError> {
    let inputs = inputs::collect(&opts.inputs, &opts.builtins)?;
    let ctx = Context::create();
    let diagnostics = llvm::Diagnostics::install(&ctx);
    let module = link_modules(&ctx, &inputs.program)?;
    let mut builtins = Builtins::new(inputs.builtins);
    let tm = llvm::target_machine(opts.opt_level.codegen()).map_err(LinkError::Llvm)?;

    let entry = module.get_function(ENTRYPOINT).filter(|f| f.count_basic_blocks() > 0);
    if entry.is_none() {
        return Err(LinkError::NoEntrypoint);
    }
    internalize(&module);
    llvm::run_passes(&module, &tm, "globaldce").map_err(LinkError::Llvm)?;
    let atomics = lower::atomic::lower(&module, &tm)?;
    llvm::run_passes(&module, &tm, opts.opt_level.pipeline()).map_err(LinkError::Llvm)?;
    dump(opts, &module, "optimized");
    lower::compares::widen(&Lowerer::new(&module))?;
    llvm::run_passes(&module, &tm, lower::compares::CLEANUP_PASSES).map_err(LinkError::Llvm)?;

    let report = lower_module(&ctx, &module, &mut builtins)?;
    internalize(&module);
    llvm::run_passes(&module, &tm, "globaldce").map_err(LinkError::Llvm)?;
    dump(opts, &module, "lowered");
    check_statics(&module)?;
    module.verify().map_err(|e| LinkError::Llvm(e.to_string()))?;

    let object = llvm::emit_object(&module, &tm).map_err(LinkError::Llvm)?;
    let errors = diagnostics.take();
    if !errors.is_empty() {
        return Err(LinkError::Codegen(errors.join("\n")));
    }
    let output = elf::link(&object, &elf::ElfOptions { keep_debug: opts.keep_debug })?;
    write_atomically(&opts.output, &output.so)?;
    let debug_path = debug_path(&opts.output);
    match &output.debug {
        Some(debug) => write_atomically(&debug_path, debug)?,
        // A side file left from an earlier build would describe other code.
        None => match std::fs::remove_file(&debug_path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(LinkError::Write { path: debug_path, source: e });
            }
            _ => {}
        },
    }
    Ok(LinkReport { elf_size: output.so.len(), atomics, debug_size: output.debug.map_or(0, |d| d.len()), ..report })
}

/// Runs every lowering, in dependency order: soft-float routines bring
/// 128-bit arithmetic and signed division; all of them bring calls whose
/// signatures the ABI rewrite then fixes.
pub fn lower_module<'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    builtins: &mut Builtins,
) -> Result<LinkReport, LinkError> {
    let l = Lowerer::new(module);
    lower::unsupported::check(&l)?;
    lower::byval::lower(&l)?;
    let mut report = LinkReport {
        float_ops: lower::float::lower(&l, &mut |name| builtins.provide(ctx, module, name))?,
        ..LinkReport::default()
    };
    resolve_from_builtins(ctx, module, builtins)?;
    let support = llvm::parse_ir(ctx, lower::SUPPORT_IR, "support.ll").map_err(LinkError::Llvm)?;
    module.link_in_module(support).map_err(|e| LinkError::Llvm(e.to_string()))?;
    report.int128 = lower::int128::lower(&l)?;
    report.signed_divisions = lower::sdiv::lower(&l)?;
    report.memory = lower::memory::lower(&l)?;
    report.traps = lower::trap::lower(&l)?;
    report.abi = lower::abi::lower(&l)?;
    Ok(report)
}

/// Links in compiler-builtins members for every routine or data symbol still
/// undefined (routines calling routines, routines reading tables).
fn resolve_from_builtins<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, builtins: &mut Builtins) -> Result<(), LinkError> {
    loop {
        let undefined: Vec<String> = module
            .get_functions()
            .filter(|f| f.count_basic_blocks() == 0)
            .map(llvm::name_of)
            .filter(|n| !n.starts_with("llvm.") && !elf::is_syscall_name(n))
            .chain(
                module
                    .get_globals()
                    .filter(|g| g.is_declaration())
                    .map(|g| g.get_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with("llvm.")),
            )
            .collect();
        let mut progress = false;
        for name in undefined {
            if builtins.provide(ctx, module, &name).map_err(LinkError::Llvm)? {
                progress = true;
            }
        }
        if !progress {
            return Ok(());
        }
        let l = Lowerer::new(module);
        lower::float::lower(&l, &mut |name| builtins.provide(ctx, module, name))?;
    }
}

fn parse_unit<'ctx>(ctx: &'ctx Context, unit: &inputs::BitcodeUnit) -> Result<Module<'ctx>, LinkError> {
    let parsed = if llvm::is_bitcode(&unit.bytes) {
        llvm::parse_bitcode(ctx, &unit.bytes, &unit.name)
    } else {
        let text = std::str::from_utf8(&unit.bytes).map_err(|_| LinkError::UnknownInput(unit.name.clone().into()))?;
        llvm::parse_ir(ctx, text, &unit.name)
    };
    parsed.map_err(|e| LinkError::Llvm(format!("{}: {e}", unit.name)))
}

fn link_modules<'ctx>(ctx: &'ctx Context, units: &[inputs::BitcodeUnit]) -> Result<Module<'ctx>, LinkError> {
    let mut units = units.iter();
    let first = units.next().ok_or(LinkError::NoInputs)?;
    let module = parse_unit(ctx, first)?;
    for unit in units {
        let other = parse_unit(ctx, unit)?;
        module
            .link_in_module(other)
            .map_err(|e| LinkError::Llvm(format!("linking {}: {e}", unit.name)))?;
    }
    module.set_triple(&inkwell::targets::TargetTriple::create(llvm::TRIPLE));
    Ok(module)
}

/// Gives every definition but `entrypoint` internal linkage, so the optimizer
/// sees the whole program and drops what is unreachable from it.
fn internalize(module: &Module) {
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 && llvm::name_of(f) != ENTRYPOINT {
            f.set_linkage(Linkage::Internal);
        }
    }
    for g in module.get_globals() {
        let name = g.get_name().to_string_lossy();
        if !g.is_declaration() && !name.starts_with("llvm.") {
            g.set_linkage(Linkage::Internal);
        }
    }
}

/// SBPF v1 maps the program read-only: any static still written after
/// optimization is an error that names it.
fn check_statics(module: &Module) -> Result<(), LinkError> {
    for g in module.get_globals() {
        let name = g.get_name().to_string_lossy().into_owned();
        if g.is_declaration() || name.starts_with("llvm.") || g.is_constant() {
            continue;
        }
        return Err(LinkError::WritableStatic { symbol: format!("{:#}", rustc_demangle::demangle(&name)) });
    }
    Ok(())
}

fn dump(opts: &LinkOptions, module: &Module, stage: &str) {
    if let Some(dir) = &opts.dump_dir {
        let stem = opts.output.file_stem().and_then(|s| s.to_str()).unwrap_or("program");
        let _ = std::fs::create_dir_all(dir);
        let _ = module.print_to_file(dir.join(format!("{stem}.{stage}.ll")));
    }
}

/// Writes through a temporary file and a rename, so a failure never leaves
/// a truncated program behind.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), LinkError> {
    let err = |source| LinkError::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(source));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::HEADER;

    fn member(ctx: &Context, name: &str, body: &str) -> inputs::BitcodeUnit {
        let module = llvm::parse_ir(ctx, &format!("{HEADER}{body}"), name).unwrap();
        inputs::BitcodeUnit { name: name.into(), bytes: module.write_bitcode_to_memory().as_slice().to_vec() }
    }

    #[test]
    fn data_symbols_come_from_the_builtins_too() {
        // As in compiler-builtins: `sqrt` in one member reads a table that
        // another member defines.
        let ctx = Context::create();
        let routine = member(
            &ctx,
            "cb(sqrt.o)",
            "@RSQRT_TAB = external constant [2 x i64]
             define double @sqrt(double %x) {
               %p = getelementptr [2 x i64], ptr @RSQRT_TAB, i64 0, i64 1
               %v = load i64, ptr %p
               %d = bitcast i64 %v to double
               ret double %d
             }",
        );
        let table = member(&ctx, "cb(tables.o)", "@RSQRT_TAB = constant [2 x i64] [i64 1, i64 4611686018427387904]");
        let mut builtins = Builtins::new(vec![routine, table]);
        let module = llvm::parse_ir(
            &ctx,
            &format!("{HEADER}declare double @sqrt(double)
             define double @entrypoint(double %x) {{ %r = call double @sqrt(double %x) ret double %r }}"),
            "program.ll",
        )
        .unwrap();
        resolve_from_builtins(&ctx, &module, &mut builtins).unwrap();
        let table = module.get_global("RSQRT_TAB").expect("the table is linked in");
        assert!(!table.is_declaration() && table.is_constant());
        assert!(module.get_function("sqrt").is_some_and(|f| f.count_basic_blocks() > 0));
        module.verify().unwrap();
    }
}
