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

fn lib_name(package: &Package) -> String {
    package
        .targets
        .iter()
        .find(|t| t.crate_types.contains(&CrateType::CDyLib))
        .map(|t| t.name.replace('-', "_"))
        .unwrap_or_else(|| package.name.replace('-', "_"))
}

/// Picks the packages to build.
pub fn select<'m>(meta: &'m Metadata, opts: &BuildOptions) -> Result<Vec<&'m Package>, BuildError> {
    let members: Vec<&Package> = meta.workspace_packages();
    if !opts.packages.is_empty() {
        return opts
            .packages
            .iter()
            .map(|name| {
                members
                    .iter()
                    .copied()
                    .find(|p| p.name.as_str() == name && is_program(p))
                    .ok_or_else(|| BuildError::NotAProgram(name.clone()))
            })
            .collect();
    }
    if let Some(path) = &opts.manifest_path {
        let asked = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if let Some(package) = members.iter().find(|p| p.manifest_path.as_std_path() == asked) {
            return if is_program(package) { Ok(vec![package]) } else { Err(BuildError::NotAProgram(package.name.to_string())) };
        }
    }
    let programs: Vec<&Package> = members.into_iter().filter(|p| is_program(p)).collect();
    if programs.is_empty() {
        return Err(BuildError::NoPrograms(meta.workspace_root.clone().into_std_path_buf()));
    }
    Ok(programs)
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

/// Builds the selected programs, Rust and C, and deploys them.
///
/// With [`BuildOptions::program_dir`], only that program; else with `-p`,
/// the named ones (Rust crates or C program directory names); else with a
/// `--manifest-path` of a member crate, that crate; else every Rust program
/// crate and every C program of the workspace.
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
        let built = compile(&meta, &packages, opts, &tc, shell)?;
        for package in &packages {
            let name = lib_name(package);
            let Some(artifact) = built.get(&package.name.to_string()) else {
                return Err(BuildError::Compile(format!("`{}` (cargo reported no shared object)", package.name)));
            };
            deployed.push(deploy(&package.name, &name, artifact, &out_dir, shell)?);
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
    let member_manifest = opts.manifest_path.as_ref().is_some_and(|path| {
        let asked = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        meta.workspace_packages().iter().any(|p| p.manifest_path.as_std_path() == asked)
    });
    if member_manifest {
        return Ok((select(meta, opts)?, Vec::new()));
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
        deployed.push(deploy(&program.package, &program.name, &artifact, out_dir, shell)?);
    }
    Ok(deployed)
}

/// Copies a built shared object into the deploy directory, with a keypair.
pub fn deploy(package: &str, name: &str, artifact: &Path, out_dir: &Path, shell: &Shell) -> Result<BuiltProgram, BuildError> {
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let so = out_dir.join(format!("{name}.so"));
    let bytes = std::fs::read(artifact).map_err(io(artifact))?;
    lamport_link::write_atomically(&so, &bytes).map_err(|e| BuildError::Io {
        path: so.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    deploy_debug_file(artifact, &lamport_link::debug_path(&so))?;
    let keypair = out_dir.join(format!("{name}-keypair.json"));
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

/// Runs cargo for the program target; returns package name → shared object.
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
        cmd.arg("-p").arg(p.name.as_str());
    }
    if !opts.features.is_empty() {
        cmd.arg("--features").arg(opts.features.join(","));
    }
    if opts.no_default_features {
        cmd.arg("--no-default-features");
    }
    if shell.verbosity == crate::shell::Verbosity::Quiet {
        cmd.arg("--quiet");
    }
    if colored {
        cmd.arg("--color=always");
    }
    let mut flags = vec![
        "--sysroot".to_string(),
        tc.target.sysroot.to_string_lossy().into_owned(),
        "-C".to_string(),
        format!("linker={}", tc.linker.display()),
    ];
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
    cmd.env("RUSTC", &tc.rustc.path)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", meta.target_directory.as_std_path().join("lamport"))
        .env("CARGO_ENCODED_RUSTFLAGS", flags)
        .env_remove("RUSTFLAGS")
        .env(ENV_LINK_ERRORS, errors.path())
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
                if let Some(so) = artifact.filenames.iter().find(|f| f.extension() == Some("so")) {
                    artifacts.insert(artifact.target.name.replace('_', "-"), so.clone().into_std_path_buf());
                    // Keyed by package name below.
                    let package = packages.iter().find(|p| p.id == artifact.package_id);
                    if let Some(p) = package {
                        artifacts.insert(p.name.to_string(), so.clone().into_std_path_buf());
                    }
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
