//! `cargo lamport build`: compiles the programs of a workspace, Rust and C,
//! into `target/deploy/<name>.so` with a program keypair beside each.
//!
//! A Rust program is a library crate whose `crate-type` includes `cdylib`.
//! cargo builds it for [`crate::target::TARGET_NAME`] with the program rustc,
//! the cached sysroot and `lamport-link` as linker; the finished shared
//! object is then copied into the deploy directory. A C program is a
//! directory with `src/*.c`, built by [`crate::c`]: either the one named on
//! the command line, or those the workspace lists under
//! `[workspace.metadata.lamport] c-programs`. Nothing in the deploy directory
//! is touched unless the build succeeded, so a failed build leaves the
//! previous program in place.
//!
//! Which programs: as cargo picks packages. `-p NAME` (or a package id spec,
//! for a name two versions share), else `--manifest-path` of a member, else
//! the member whose directory the command runs in; at the workspace root,
//! every program. Packages are passed to cargo by package id, so a second
//! version of the same package in the graph (spl-token 3.5.0's
//! dev-dependencies pull spl-token 4.0.0) is never ambiguous.
//!
//! Only the packages being built are programs. A dependency may declare
//! `crate-type = ["cdylib", "rlib"]` too (`solana-program` 1.x does), and
//! cargo then asks rustc for that dependency's cdylib, so rustc calls the
//! link stage for it. Such a shared object has no entrypoint and nobody
//! loads it; cargo marks the packages it was asked for with
//! `CARGO_PRIMARY_PACKAGE`, and with [`ENV_PROGRAMS_ONLY`] set the
//! `lamport-link` binary links only those, leaving an empty file where
//! rustc expects a dependency's cdylib (cargo's freshness check needs a file
//! there). The dependency itself is used as the rlib it also declares.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use cargo_metadata::{CrateType, Message, Metadata, MetadataCommand, Package};

use crate::c::{self, CProgram};
use crate::shell::Shell;
use crate::target::{self, PreparedTarget};
use crate::toolchain::{self, Rustc};

/// Environment variable naming the directory where `lamport-link` leaves its
/// error message, so the build can show it without rustc's linker noise.
pub const ENV_LINK_ERRORS: &str = "LAMPORT_LINK_ERRORS";

/// Key in `[package.metadata.lamport]` naming the program's keypair file,
/// relative to the manifest: the program id `declare_id!` names (Anchor).
/// The build deploys that keypair as `<name>-keypair.json` instead of
/// generating one, so a clean clone has the program id its source declares.
pub const PROGRAM_KEYPAIR_KEY: &str = "program-keypair";

/// Environment variable telling the `lamport-link` binary that only the
/// packages cargo was asked to build (`CARGO_PRIMARY_PACKAGE`) are programs;
/// see the module docs.
pub const ENV_PROGRAMS_ONLY: &str = "LAMPORT_LINK_PROGRAMS_ONLY";

/// True when `lamport-link`, run by rustc with `env`, is linking the cdylib
/// of a dependency rather than a program: [`ENV_PROGRAMS_ONLY`] is set and
/// cargo did not mark the crate as one it was asked to build.
pub fn links_a_dependency(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    env(ENV_PROGRAMS_ONLY).is_some() && env("CARGO_PRIMARY_PACKAGE").is_none()
}

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--manifest-path`.
    pub manifest_path: Option<PathBuf>,
    /// `-p/--package`.
    pub packages: Vec<String>,
    /// `--features`.
    pub features: Vec<String>,
    /// `--no-default-features`.
    pub no_default_features: bool,
    /// `--all-features`.
    pub all_features: bool,
    /// `--out-dir` (default: `<target dir>/deploy`).
    pub out_dir: Option<PathBuf>,
    /// `--debug`: keep the symbol table.
    pub debug: bool,
    /// `--dump-module DIR`: write the IR after optimization and after lowering.
    pub dump_module: Option<PathBuf>,
    /// `--no-debug-info`: compile without line tables and write no
    /// `<name>.debug` side file (the `.so` is the same either way).
    pub no_debug_info: bool,
    /// Positional `DIR`: build the C program in this directory (or, if it
    /// holds a `Cargo.toml`, that crate) instead of the workspace's programs.
    pub program_dir: Option<PathBuf>,
}

/// A program that was built.
#[derive(Debug, Clone)]
pub struct BuiltProgram {
    /// Package name.
    pub package: String,
    /// Library name (`<lib_name>.so`).
    pub name: String,
    /// The deployed shared object.
    pub so: PathBuf,
    /// Its keypair file (the program id).
    pub keypair: PathBuf,
    /// Size in bytes.
    pub size: u64,
}

/// An error of `cargo lamport build`.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `cargo metadata` failed.
    #[error("cannot read the workspace: {0}")]
    Metadata(String),
    /// No program crate to build.
    #[error("no program crate in {0}: a program is a library with `crate-type = [\"cdylib\"]` (create one with `cargo lamport new`), or a C program listed in `[workspace.metadata.lamport] c-programs`")]
    NoPrograms(PathBuf),
    /// `-p` named something that is not a program of the workspace.
    #[error("package `{0}` is not a program crate of this workspace (a library with `crate-type = [\"cdylib\"]`) nor one of its C programs")]
    NotAProgram(String),
    /// A C program could not be built.
    #[error(transparent)]
    C(#[from] c::CError),
    /// Toolchain discovery failed.
    #[error(transparent)]
    Toolchain(#[from] toolchain::ToolchainError),
    /// The target or sysroot could not be prepared.
    #[error(transparent)]
    Target(#[from] target::TargetError),
    /// `lamport-link` is not next to `cargo-lamport`.
    #[error("`lamport-link` not found next to {0}; reinstall cargo-lamport (both binaries ship together)")]
    NoLinker(PathBuf),
    /// Compilation failed (the compiler's messages were shown).
    #[error("could not compile {0}")]
    Compile(String),
    /// `[package.metadata.lamport] program-keypair` is not a path.
    #[error("`[package.metadata.lamport] {PROGRAM_KEYPAIR_KEY}` in {manifest} must be the path of a keypair file, like \"my_program-keypair.json\"")]
    BadProgramKeypair {
        /// The package's manifest.
        manifest: PathBuf,
    },
    /// The deploy directory holds another keypair than the one the package declares.
    #[error("{deployed} is the keypair of another program id than {declared}, which the package declares as its program keypair; remove {deployed} (or change `{PROGRAM_KEYPAIR_KEY}`) and build again")]
    KeypairMismatch {
        /// The keypair the package declares.
        declared: PathBuf,
        /// The one in the deploy directory.
        deployed: PathBuf,
    },
    /// An I/O error while deploying.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io { path: path.to_path_buf(), source }
}

/// The workspace as `cargo metadata` sees it.
pub fn metadata(manifest_path: Option<&Path>) -> Result<Metadata, BuildError> {
    let mut cmd = MetadataCommand::new();
    cmd.no_deps();
    if let Some(path) = manifest_path {
        cmd.manifest_path(path);
    }
    cmd.exec().map_err(|e| BuildError::Metadata(e.to_string()))
}

/// True for a program crate.
pub fn is_program(package: &Package) -> bool {
    package.targets.iter().any(|t| t.crate_types.contains(&CrateType::CDyLib))
}

/// The shared object's name of a program crate (its `cdylib` target, `-` as `_`).
pub fn lib_name(package: &Package) -> String {
    package
        .targets
        .iter()
        .find(|t| t.crate_types.contains(&CrateType::CDyLib))
        .map(|t| t.name.replace('-', "_"))
        .unwrap_or_else(|| package.name.replace('-', "_"))
}

/// True when `spec` names `package`: its name, `name@version`, or its full
/// package id (what `cargo metadata` and `cargo pkgid` print).
fn matches_spec(package: &Package, spec: &str) -> bool {
    spec == package.name.as_str()
        || spec == package.id.repr
        || spec == format!("{}@{}", package.name, package.version)
}

/// Picks the packages to build.
pub fn select<'m>(meta: &'m Metadata, opts: &BuildOptions) -> Result<Vec<&'m Package>, BuildError> {
    let members: Vec<&Package> = meta.workspace_packages();
    if !opts.packages.is_empty() {
        return opts
            .packages
            .iter()
            .map(|spec| {
                members
                    .iter()
                    .copied()
                    .find(|p| matches_spec(p, spec) && is_program(p))
                    .ok_or_else(|| BuildError::NotAProgram(spec.clone()))
            })
            .collect();
    }
    if let Some(package) = member_at(meta, opts) {
        return if is_program(package) { Ok(vec![package]) } else { Err(BuildError::NotAProgram(package.name.to_string())) };
    }
    let programs: Vec<&Package> = members.into_iter().filter(|p| is_program(p)).collect();
    if programs.is_empty() {
        return Err(BuildError::NoPrograms(meta.workspace_root.clone().into_std_path_buf()));
    }
    Ok(programs)
}

/// The one member a build without `-p` is about, as cargo decides: the one
/// whose manifest `--manifest-path` names, else the one whose directory the
/// command runs in (the nearest `Cargo.toml` above the current directory).
/// None at the workspace root (or outside any member): every program.
fn member_at<'m>(meta: &'m Metadata, opts: &BuildOptions) -> Option<&'m Package> {
    let manifest = match &opts.manifest_path {
        Some(path) => std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
        None => nearest_manifest(&std::env::current_dir().ok()?)?,
    };
    let root_manifest = meta.workspace_root.as_std_path().join("Cargo.toml");
    if opts.manifest_path.is_none() && same_file(&manifest, &root_manifest) {
        return None;
    }
    meta.workspace_packages().into_iter().find(|p| same_file(p.manifest_path.as_std_path(), &manifest))
}

/// The nearest `Cargo.toml` in `dir` or above it.
fn nearest_manifest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join("Cargo.toml")).find(|m| m.is_file())
}

fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canonical(a) == canonical(b)
}

/// The default deploy directory of a workspace.
pub fn deploy_dir(meta: &Metadata) -> PathBuf {
    meta.target_directory.as_std_path().join("deploy")
}

/// The prepared toolchain shared by Rust and C builds.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// The program rustc.
    pub rustc: Rustc,
    /// Target spec and sysroot.
    pub target: PreparedTarget,
    /// `lamport-link`.
    pub linker: PathBuf,
}

/// Finds the compilers and prepares the target (building the sysroot once).
pub fn prepare_toolchain(shell: &Shell) -> Result<Toolchain, BuildError> {
    let (rustc, target) = prepare_target(shell)?;
    let linker = linker_path()?;
    Ok(Toolchain { rustc, target, linker })
}

/// Finds the program rustc and prepares the target (what C programs need:
/// the sysroot's compiler-builtins).
fn prepare_target(shell: &Shell) -> Result<(Rustc, PreparedTarget), BuildError> {
    let rustc = toolchain::find_rustc()?;
    shell.verbose("Using", format!("{} ({}, from {}; LLVM {})", rustc.path.display(), rustc.version, rustc.origin, rustc.llvm_version));
    let target = target::prepare(&rustc, || {
        shell.status("Building", format!("core, alloc and std for {} (once per machine and compiler)", target::TARGET_NAME))
    })?;
    shell.verbose("Sysroot", target.sysroot.display().to_string());
    Ok((rustc, target))
}

/// `lamport-link`, installed next to the running binary.
pub fn linker_path() -> Result<PathBuf, BuildError> {
    let exe = std::env::current_exe().map_err(|e| BuildError::Io { path: "cargo-lamport".into(), source: e })?;
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut candidates = vec![dir.join("lamport-link")];
    // Test binaries live in target/<profile>/deps.
    if let Some(up) = dir.parent() {
        candidates.push(up.join("lamport-link"));
    }
    candidates.into_iter().find(|p| p.is_file()).ok_or(BuildError::NoLinker(exe))
}

/// The linker build, as its size and modification time: part of the rustc
/// flags, so that a new linker relinks every program.
fn linker_id(linker: &Path) -> Option<String> {
    let (size, mtime) = crate::probe_cache::identity(linker)?;
    Some(format!("{size}-{mtime}"))
}

/// Builds the selected programs, Rust and C, and deploys them.
///
/// With [`BuildOptions::program_dir`], only that program; else with `-p`,
/// the named ones (Rust crates by name or package id spec, or C program
/// directory names); else with a `--manifest-path` of a member crate, that
/// crate; else the member (or listed C program) the current directory is in;
/// else every Rust program crate and every C program of the workspace.
pub fn build(opts: &BuildOptions, shell: &Shell) -> Result<Vec<BuiltProgram>, BuildError> {
    let started = Instant::now();
    if let Some(dir) = &opts.program_dir {
        if dir.join("Cargo.toml").is_file() && !c::is_c_program(dir) {
            let opts = BuildOptions { manifest_path: Some(dir.join("Cargo.toml")), program_dir: None, ..opts.clone() };
            return build(&opts, shell);
        }
        let program = CProgram::open(dir)?;
        let out_dir = opts.out_dir.clone().unwrap_or_else(|| c::default_deploy_dir(dir));
        let (_, target) = prepare_target(shell)?;
        let deployed = build_c(&[program], &target, opts, &out_dir, shell)?;
        finished(&deployed, started, shell);
        return Ok(deployed);
    }
    let meta = metadata(opts.manifest_path.as_deref())?;
    let (packages, c_programs) = plan(&meta, opts)?;
    let out_dir = opts.out_dir.clone().unwrap_or_else(|| deploy_dir(&meta));
    let mut deployed = Vec::new();
    let mut prepared = None;
    if !packages.is_empty() {
        let tc = prepare_toolchain(shell)?;
        let mut built = BTreeMap::new();
        for batch in batches(&packages) {
            built.extend(compile(&meta, &batch, opts, &tc, shell)?);
        }
        for package in &packages {
            let name = lib_name(package);
            let Some(artifact) = built.get(&package.id.repr) else {
                return Err(BuildError::Compile(format!("`{}` (cargo reported no shared object)", package.name)));
            };
            let keypair = declared_keypair(package)?;
            // The crate's sources and its path dependencies' (the SDK, shared crates).
            let own = package.manifest_path.parent().map(|d| d.as_std_path()).unwrap_or(Path::new("."));
            let path_deps = package
                .dependencies
                .iter()
                .filter(|d| d.kind != cargo_metadata::DependencyKind::Development)
                .filter_map(|d| d.path.as_ref().map(|p| p.as_std_path()));
            let sources: Vec<&Path> = std::iter::once(own).chain(path_deps).collect();
            deployed.push(deploy(&package.name, &name, artifact, &sources, &out_dir, keypair.as_deref(), shell)?);
        }
        prepared = Some(tc.target);
    }
    if !c_programs.is_empty() {
        let target = match prepared {
            Some(target) => target,
            None => prepare_target(shell)?.1,
        };
        deployed.extend(build_c(&c_programs, &target, opts, &out_dir, shell)?);
    }
    finished(&deployed, started, shell);
    Ok(deployed)
}

fn finished(deployed: &[BuiltProgram], started: Instant, shell: &Shell) {
    let names: Vec<&str> = deployed.iter().map(|p| p.name.as_str()).collect();
    shell.status("Finished", format!("{} in {:.2}s", names.join(", "), started.elapsed().as_secs_f64()));
}

/// The cargo invocations a build needs: one for all the programs, unless
/// one of them depends on another (for its instruction builders, with the
/// `no-entrypoint` feature): cargo unifies features within an invocation,
/// which would leave the other program without its entrypoint, so then
/// each program is built on its own.
fn batches<'m>(packages: &[&'m Package]) -> Vec<Vec<&'m Package>> {
    let depends_on_another = packages.iter().any(|p| {
        p.dependencies.iter().any(|d| d.kind == cargo_metadata::DependencyKind::Normal && packages.iter().any(|q| q.name.as_str() == d.name))
    });
    if depends_on_another {
        packages.iter().map(|p| vec![*p]).collect()
    } else {
        vec![packages.to_vec()]
    }
}

/// The Rust packages and C programs a workspace build covers.
fn plan<'m>(meta: &'m Metadata, opts: &BuildOptions) -> Result<(Vec<&'m Package>, Vec<CProgram>), BuildError> {
    let c_programs = c::workspace_programs(meta)?;
    if !opts.packages.is_empty() {
        let (c_named, rust_named): (Vec<&String>, Vec<&String>) =
            opts.packages.iter().partition(|name| c_programs.iter().any(|p| &p.package == *name));
        let c_selected = c_programs.into_iter().filter(|p| c_named.contains(&&p.package)).collect();
        if rust_named.is_empty() {
            return Ok((Vec::new(), c_selected));
        }
        let rust_opts = BuildOptions { packages: rust_named.into_iter().cloned().collect(), ..opts.clone() };
        return Ok((select(meta, &rust_opts)?, c_selected));
    }
    if member_at(meta, opts).is_some() {
        return Ok((select(meta, opts)?, Vec::new()));
    }
    if opts.manifest_path.is_none() {
        // Inside one of the workspace's C programs: that program.
        if let Some(cwd) = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok()) {
            let inside = |p: &CProgram| std::fs::canonicalize(&p.dir).is_ok_and(|dir| cwd.starts_with(dir));
            if let Some(program) = c_programs.iter().find(|p| inside(p)) {
                return Ok((Vec::new(), vec![program.clone()]));
            }
        }
    }
    match select(meta, opts) {
        Err(BuildError::NoPrograms(_)) if !c_programs.is_empty() => Ok((Vec::new(), c_programs)),
        rust => Ok((rust?, c_programs)),
    }
}

/// Builds C programs with clang and the link stage, then deploys them.
fn build_c(programs: &[CProgram], target: &PreparedTarget, opts: &BuildOptions, out_dir: &Path, shell: &Shell) -> Result<Vec<BuiltProgram>, BuildError> {
    let clang = toolchain::find_clang()?;
    shell.verbose("Using", format!("{} ({})", clang.path.display(), clang.version));
    let c_opts = c::CompileOptions {
        clang,
        builtins: vec![target.builtins.clone()],
        debug: opts.debug,
        dump_module: opts.dump_module.as_ref().map(|dir| std::path::absolute(dir).unwrap_or_else(|_| dir.clone())),
        line_tables: !opts.no_debug_info,
    };
    let scratch = tempfile::tempdir().map_err(io(Path::new("temporary directory")))?;
    let mut deployed = Vec::new();
    for program in programs {
        let artifact = scratch.path().join(format!("{}.so", program.name));
        c::build(program, &c_opts, &artifact, shell)?;
        deployed.push(deploy(&program.package, &program.name, &artifact, &[&program.dir], out_dir, None, shell)?);
    }
    Ok(deployed)
}

/// The keypair file a package declares under
/// `[package.metadata.lamport] program-keypair`, if any.
pub fn declared_keypair(package: &Package) -> Result<Option<PathBuf>, BuildError> {
    let Some(value) = package.metadata.get("lamport").and_then(|l| l.get(PROGRAM_KEYPAIR_KEY)) else {
        return Ok(None);
    };
    let manifest = package.manifest_path.as_std_path();
    let path = value.as_str().ok_or_else(|| BuildError::BadProgramKeypair { manifest: manifest.to_path_buf() })?;
    Ok(Some(manifest.parent().unwrap_or(Path::new(".")).join(path)))
}

/// Copies a built shared object into the deploy directory, with a keypair
/// (`declared_keypair` when the package declares one, else the one already
/// there, else a new one) and the record of its source directories
/// `sources` (which lets the runtime refuse a program older than its
/// sources).
pub fn deploy(
    package: &str,
    name: &str,
    artifact: &Path,
    sources: &[&Path],
    out_dir: &Path,
    declared_keypair: Option<&Path>,
    shell: &Shell,
) -> Result<BuiltProgram, BuildError> {
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let so = out_dir.join(format!("{name}.so"));
    let keypair = out_dir.join(format!("{name}-keypair.json"));
    // Checked before anything is written: a mismatch leaves the deploy directory as it was.
    let declared = match declared_keypair {
        Some(declared) => {
            let id = crate::keypair::read_public(declared).map_err(io(declared))?;
            if keypair.exists() && crate::keypair::read_public(&keypair).ok() != Some(id) {
                return Err(BuildError::KeypairMismatch { declared: declared.to_path_buf(), deployed: keypair });
            }
            Some(declared)
        }
        None => None,
    };
    let bytes = std::fs::read(artifact).map_err(io(artifact))?;
    lamport_link::write_atomically(&so, &bytes).map_err(|e| BuildError::Io {
        path: so.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    lamport_runtime::record_sources(&so, sources).map_err(io(&lamport_runtime::sources_record(&so)))?;
    deploy_debug_file(artifact, &lamport_link::debug_path(&so))?;
    if let Some(declared) = declared.filter(|_| !keypair.exists()) {
        std::fs::copy(declared, &keypair).map_err(io(&keypair))?;
        shell.verbose("Copied", format!("program keypair {} to {}", declared.display(), keypair.display()));
    }
    if crate::keypair::ensure(&keypair).map_err(io(&keypair))? {
        shell.verbose("Created", format!("program keypair {}", keypair.display()));
    }
    shell.status("Deployed", format!("{} ({} bytes)", display_path(&so), bytes.len()));
    Ok(BuiltProgram { package: package.to_string(), name: name.to_string(), so, keypair, size: bytes.len() as u64 })
}

/// Copies the link stage's debug side file of `artifact` to `to`, or
/// removes `to` when the program was built without one. cargo hands over
/// `release/lib<name>.so`; the link stage wrote its side file beside the
/// original in `release/deps/`.
fn deploy_debug_file(artifact: &Path, to: &Path) -> Result<(), BuildError> {
    let beside = lamport_link::debug_path(artifact);
    let in_deps = artifact.parent().map(|dir| lamport_link::debug_path(&dir.join("deps").join(artifact.file_name().unwrap_or_default())));
    match [Some(beside), in_deps].into_iter().flatten().find(|p| p.is_file()) {
        Some(from) => {
            let bytes = std::fs::read(&from).map_err(io(&from))?;
            lamport_link::write_atomically(to, &bytes)
                .map_err(|e| BuildError::Io { path: to.to_path_buf(), source: std::io::Error::other(e.to_string()) })
        }
        None => match std::fs::remove_file(to) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(to)(e)),
            _ => Ok(()),
        },
    }
}

fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}

/// Runs cargo for the program target; returns package id → shared object.
fn compile(
    meta: &Metadata,
    packages: &[&Package],
    opts: &BuildOptions,
    tc: &Toolchain,
    shell: &Shell,
) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let errors = tempfile::tempdir().map_err(io(Path::new("temporary directory")))?;
    let colored = Shell::colored();
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["build", "--release", "--lib", "-Zjson-target-spec", "--target"])
        .arg(&tc.target.spec)
        .arg("--manifest-path")
        .arg(meta.workspace_root.as_std_path().join("Cargo.toml"))
        .arg(if colored { "--message-format=json-diagnostic-rendered-ansi" } else { "--message-format=json" });
    for p in packages {
        // The package id, not the name: a second version of the same package
        // elsewhere in the graph would make the name ambiguous.
        cmd.arg("-p").arg(&p.id.repr);
    }
    if !opts.features.is_empty() {
        cmd.arg("--features").arg(opts.features.join(","));
    }
    if opts.no_default_features {
        cmd.arg("--no-default-features");
    }
    if opts.all_features {
        cmd.arg("--all-features");
    }
    if shell.verbosity == crate::shell::Verbosity::Quiet {
        cmd.arg("--quiet");
    }
    cmd.arg(if colored { "--color=always" } else { "--color=never" });
    let mut flags = vec![
        "--sysroot".to_string(),
        tc.target.sysroot.to_string_lossy().into_owned(),
        "-C".to_string(),
        format!("linker={}", tc.linker.display()),
    ];
    if let Some(id) = linker_id(&tc.linker) {
        flags.extend(["-C".to_string(), format!("link-arg={}{id}", lamport_link::args::ARG_LINKER_ID)]);
    }
    if opts.debug {
        flags.extend(["-C".to_string(), format!("link-arg={}", lamport_link::args::ARG_KEEP_DEBUG)]);
    }
    if !opts.no_debug_info {
        // Line tables only: the link stage moves them into `<name>.debug`;
        // they do not change the code.
        flags.extend(["-C".to_string(), "debuginfo=line-tables-only".to_string()]);
    }
    if let Some(dir) = &opts.dump_module {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
        flags.extend(["-C".to_string(), format!("link-arg={}{}", lamport_link::args::ARG_DUMP_MODULE, dir.display())]);
    }
    let flags = flags.join("\x1f");
    // A dependency that is itself a program is built as a library only
    // (see `crate::rustc_wrapper`).
    if let Ok(exe) = std::env::current_exe() {
        cmd.env("RUSTC_WRAPPER", exe).env(crate::rustc_wrapper::ENV_WRAPPER, "1");
    }
    cmd.env("RUSTC", &tc.rustc.path)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", meta.target_directory.as_std_path().join("lamport"))
        .env("CARGO_ENCODED_RUSTFLAGS", flags)
        .env_remove("RUSTFLAGS")
        .env(ENV_LINK_ERRORS, errors.path())
        .env(ENV_PROGRAMS_ONLY, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    shell.verbose("Running", format!("{cmd:?}"));
    let mut child = cmd.spawn().map_err(io(Path::new("cargo")))?;
    let stdout = child.stdout.take().expect("piped");
    let mut artifacts = BTreeMap::new();
    let mut failed = Vec::new();
    for message in Message::parse_stream(BufReader::new(stdout)) {
        let Ok(message) = message else { continue };
        match message {
            Message::CompilerArtifact(artifact) => {
                // Only the selected packages' shared objects are programs; a
                // dependency's cdylib is an empty file (see the module docs).
                let Some(package) = packages.iter().find(|p| p.id == artifact.package_id) else { continue };
                if let Some(so) = artifact.filenames.iter().find(|f| f.extension() == Some("so")) {
                    artifacts.insert(package.id.repr.clone(), so.clone().into_std_path_buf());
                }
            }
            Message::CompilerMessage(msg) => {
                if msg.message.message.starts_with("linking with") {
                    failed.push(msg.target.name.clone());
                    show_link_errors(errors.path());
                } else if let Some(rendered) = &msg.message.rendered {
                    eprint!("{rendered}");
                }
            }
            _ => {}
        }
    }
    let status = child.wait().map_err(io(Path::new("cargo")))?;
    if !status.success() {
        let names: Vec<String> = if failed.is_empty() {
            packages.iter().map(|p| format!("`{}`", p.name)).collect()
        } else {
            failed.iter().map(|n| format!("`{n}`")).collect()
        };
        return Err(BuildError::Compile(names.join(", ")));
    }
    Ok(artifacts)
}

fn show_link_errors(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            let colored = Shell::colored();
            for line in text.lines().filter(|l| !l.is_empty()) {
                if colored {
                    eprintln!("\x1b[1;31merror\x1b[0m: {line}");
                } else {
                    eprintln!("error: {line}");
                }
            }
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_packages_cargo_was_asked_for_are_linked() {
        let env = |vars: &'static [&'static str]| move |name: &str| vars.contains(&name).then(|| "1".into());
        assert!(links_a_dependency(env(&[ENV_PROGRAMS_ONLY])));
        assert!(!links_a_dependency(env(&[ENV_PROGRAMS_ONLY, "CARGO_PRIMARY_PACKAGE"])));
        // rustc run by hand (or by plain cargo) with our linker: always link.
        assert!(!links_a_dependency(env(&[])));
    }

    #[test]
    fn the_nearest_manifest_is_the_one_cargo_would_use() {
        let dir = tempfile::tempdir().unwrap();
        let member = dir.path().join("programs/one");
        std::fs::create_dir_all(member.join("src/deep")).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "").unwrap();
        std::fs::write(member.join("Cargo.toml"), "").unwrap();
        assert_eq!(nearest_manifest(&member.join("src/deep")), Some(member.join("Cargo.toml")));
        assert_eq!(nearest_manifest(&dir.path().join("programs")), Some(dir.path().join("Cargo.toml")));
    }
}
