//! Program loading: ELF bytes → verified (and optionally JIT-compiled)
//! executable, with the syscall registry every program links against.

use std::sync::Arc;

use lamport_sdk::pubkey::Pubkey;
use solana_sbpf::{
    ebpf,
    elf::Executable,
    elf_parser::Elf64,
    program::{BuiltinProgram, SBPFVersion},
    verifier::RequisiteVerifier,
    vm::Config,
};

use crate::{
    compute_budget::ComputeBudget, debug_info::DebugInfo, error::ProgramLoadError, feature_set::FeatureSet, ids,
    invoke_context::InvokeContext, log_collector::LoggedProgram, syscalls,
};

/// The loader that owns a program account. It decides the input layout the
/// program is given and whether syscalls check pointer alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoaderKind {
    /// `BPFLoader1111…` (deprecated): unaligned input layout, no alignment checks.
    Deprecated,
    /// `BPFLoader2111…`: aligned input layout.
    V2,
    /// `BPFLoaderUpgradeab1e…`: aligned input layout; the program account
    /// points at a separate program-data account that holds the ELF.
    Upgradeable,
}

impl LoaderKind {
    /// The loader's program id (the owner of the program account).
    pub fn id(self) -> Pubkey {
        match self {
            LoaderKind::Deprecated => ids::BPF_LOADER_DEPRECATED_ID,
            LoaderKind::V2 => ids::BPF_LOADER_ID,
            LoaderKind::Upgradeable => ids::BPF_LOADER_UPGRADEABLE_ID,
        }
    }

    /// The loader owning `owner`-owned program accounts, if `owner` is a loader.
    pub fn from_owner(owner: &Pubkey) -> Option<Self> {
        [LoaderKind::Deprecated, LoaderKind::V2, LoaderKind::Upgradeable]
            .into_iter()
            .find(|kind| kind.id() == *owner)
    }

    /// Whether the program gets the aligned (`true`) or the legacy unaligned input layout.
    pub fn is_aligned(self) -> bool {
        self != LoaderKind::Deprecated
    }
}

/// A program ready to run: its executable and the loader it belongs to.
pub struct LoadedProgram {
    /// The verified executable (JIT-compiled when the runtime uses the JIT).
    pub(crate) executable: Executable<InvokeContext>,
    /// The loader that owns the program account.
    pub(crate) loader: LoaderKind,
    /// Whether `executable` holds JIT-compiled code.
    pub(crate) jit_compiled: bool,
    /// The program id as logs print it.
    pub(crate) name: LoggedProgram,
    /// The program's name in profiles: its file name when loaded from a
    /// file, else its id.
    pub(crate) label: String,
    /// Source locations of the program's code, when known.
    pub(crate) debug_info: Option<Arc<DebugInfo>>,
    /// The first slot in which the program can be invoked: 0 for a program
    /// added directly, the slot after its deployment for one deployed or
    /// upgraded by the upgradeable loader (Agave's delayed visibility).
    pub(crate) effective_slot: u64,
    /// How far its last runs reached into the stack and the heap.
    pub(crate) reach_hint: crate::vm_reach::ReachHint,
}

impl LoadedProgram {
    /// Whether the program can be invoked in `slot`.
    pub(crate) fn is_visible_at(&self, slot: u64) -> bool {
        slot >= self.effective_slot
    }
}

impl std::fmt::Debug for LoadedProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedProgram")
            .field("loader", &self.loader)
            .field("jit_compiled", &self.jit_compiled)
            .finish_non_exhaustive()
    }
}

/// Whether this build can JIT-compile programs (feature `jit` on x86_64, not Windows).
pub const JIT_AVAILABLE: bool =
    cfg!(all(feature = "jit", target_arch = "x86_64", not(target_os = "windows")));

/// The VM configuration of Agave 4.3's program runtime environment v1 with
/// the features active on mainnet: SBPF v0 to v3 execute, stack frames are
/// gapped and memory regions aligned (no virtual address space
/// adjustments), and ELFs are loaded as for execution (not deployment).
/// With `tracing`, the VM records every executed instruction's registers
/// (for the profiler; the program then runs in the interpreter).
pub(crate) fn vm_config(budget: &ComputeBudget, tracing: bool) -> Config {
    Config {
        max_call_depth: budget.max_call_depth,
        stack_frame_size: budget.stack_frame_size,
        enable_address_translation: true,
        enable_stack_frame_gaps: true,
        instruction_meter_checkpoint_distance: 10_000,
        enable_instruction_meter: true,
        enable_register_tracing: tracing,
        enable_symbol_and_section_labels: false,
        reject_broken_elfs: false,
        noop_instruction_rate: 256,
        sanitize_user_provided_values: true,
        enabled_sbpf_versions: SBPFVersion::V0..=SBPFVersion::V3,
        optimize_rodata: false,
        aligned_memory_mapping: true,
    }
}

/// Builds the syscall registry shared by all programs of a runtime.
/// With `tracing`, its programs record their register trace (see
/// [`vm_config`]).
pub(crate) fn create_loader(
    budget: &ComputeBudget,
    features: &FeatureSet,
    tracing: bool,
) -> Arc<BuiltinProgram<InvokeContext>> {
    let mut loader = BuiltinProgram::new_loader(vm_config(budget, tracing));
    syscalls::register(&mut loader, features).unwrap_or_else(|err| panic!("the syscall registry is inconsistent: {err}"));
    Arc::new(loader)
}

/// The first syscall a program calls that the runtime does not implement:
/// by name for SBPF v0 to v2 (a call relocation to an undefined symbol), by
/// hash for v3 and later (a static `call` with source register 0). A
/// syscall that `features` turn off is not unknown: the program loads and a
/// call to it fails, as on a cluster where the feature is inactive.
fn unknown_syscall(
    elf: &[u8],
    executable: &Executable<InvokeContext>,
    loader: &BuiltinProgram<InvokeContext>,
    features: &FeatureSet,
) -> Option<String> {
    if executable.get_sbpf_version().static_syscalls() {
        unknown_static_syscall(executable, loader)
    } else {
        unknown_imported_syscall(elf, loader, features)
    }
}

/// SBPF v3+: a `call imm` with source register 0 calls the syscall whose
/// name hashes to `imm`.
fn unknown_static_syscall(executable: &Executable<InvokeContext>, loader: &BuiltinProgram<InvokeContext>) -> Option<String> {
    let (_, text) = executable.get_text_bytes();
    text.chunks_exact(ebpf::INSN_SIZE).find_map(|insn| {
        let (opcode, src) = (insn[0], insn[1] >> 4);
        let hash = u32::from_le_bytes([insn[4], insn[5], insn[6], insn[7]]);
        let unknown = opcode == ebpf::CALL_IMM && src == 0 && loader.get_function_registry().lookup_by_key(hash).is_none();
        unknown.then(|| format!("with hash {hash:#010x}"))
    })
}

/// SBPF v0 to v2: syscalls are imported by name through call relocations.
fn unknown_imported_syscall(elf: &[u8], loader: &BuiltinProgram<InvokeContext>, features: &FeatureSet) -> Option<String> {
    /// `R_BPF_64_32`: a call to a symbol.
    const R_BPF_64_32: u32 = 10;
    let parsed = Elf64::parse(elf).ok()?;
    let symbols = parsed.dynamic_symbol_table()?;
    let relocations = parsed.dynamic_relocations_table()?;
    relocations.iter().filter(|relocation| relocation.r_type() == R_BPF_64_32).find_map(|relocation| {
        let symbol = symbols.get(relocation.r_sym() as usize)?;
        if symbol.is_function() && symbol.st_value != 0 {
            return None;
        }
        let name = parsed.dynamic_symbol_name(symbol.st_name).ok()?;
        let known = loader.get_function_registry().lookup_by_name(name).is_some() || !features.syscall_enabled(name);
        (!known).then(|| String::from_utf8_lossy(name).into_owned())
    })
}

/// Loads, verifies and (if `jit`) compiles an ELF. A program importing a
/// syscall the runtime does not provide is refused.
pub(crate) fn load_program(
    program_id: &Pubkey,
    elf: &[u8],
    loader_kind: LoaderKind,
    loader: Arc<BuiltinProgram<InvokeContext>>,
    features: &FeatureSet,
    jit: bool,
) -> Result<LoadedProgram, ProgramLoadError> {
    let name = || bs58::encode(program_id.as_ref()).into_string();
    let executable = Executable::load(elf, loader.clone())
        .map_err(|source| ProgramLoadError::Elf { program_id: name(), source })?;
    if let Some(syscall) = unknown_syscall(elf, &executable, &loader, features) {
        return Err(ProgramLoadError::UnknownSyscall { program_id: name(), syscall });
    }
    executable.verify::<RequisiteVerifier>().map_err(|err| match err {
        solana_sbpf::error::EbpfError::VerifierError(source) => {
            ProgramLoadError::Verifier { program_id: name(), source }
        }
        other => ProgramLoadError::Jit { program_id: name(), message: other.to_string() },
    })?;
    let mut jit_compiled = false;
    if jit && JIT_AVAILABLE {
        #[cfg(all(feature = "jit", target_arch = "x86_64", not(target_os = "windows")))]
        {
            executable
                .jit_compile()
                .map_err(|err| ProgramLoadError::Jit { program_id: name(), message: err.to_string() })?;
            jit_compiled = true;
        }
    }
    // Debug info never stops a program from loading: without it, faults
    // and profiles name instructions instead of source lines.
    let debug_info = DebugInfo::new(elf, None).ok().map(Arc::new);
    Ok(LoadedProgram {
        executable,
        loader: loader_kind,
        jit_compiled,
        name: LoggedProgram::new(*program_id),
        label: name(),
        debug_info,
        effective_slot: 0,
        reach_hint: crate::vm_reach::ReachHint::default(),
    })
}

/// Checks an ELF as Agave does before deploying it: loaded with the
/// runtime's syscalls except `sol_alloc_free_` (no longer deployable) and
/// with broken ELFs rejected, then verified. The error is the text Agave
/// logs.
pub(crate) fn verify_for_deployment(elf: &[u8], execution: &BuiltinProgram<InvokeContext>) -> Result<(), String> {
    let mut config = execution.get_config().clone();
    config.reject_broken_elfs = true;
    let mut deployment = BuiltinProgram::new_loader(config);
    for (_, (name, function)) in execution.get_function_registry().iter() {
        if name == b"sol_alloc_free_" {
            continue;
        }
        let name = std::str::from_utf8(name).map_err(|err| format!("Failed to register syscalls: {err}"))?;
        deployment
            .register_function(name, function)
            .map_err(|err| format!("Failed to register syscalls: {err}"))?;
    }
    let executable = Executable::<InvokeContext>::load(elf, Arc::new(deployment)).map_err(|err| err.to_string())?;
    executable.verify::<RequisiteVerifier>().map_err(|err| err.to_string())
}
