//! Building the program sysroot: `core`, `alloc`, `std`, `panic_abort` and
//! `compiler_builtins` for [`TARGET_NAME`].
//!
//! The libraries come from the program rustc's own rust-src, copied and
//! ported to `target_os = "solana"` ([`port`]), and are built with cargo's
//! `-Zbuild-std` (std without default features: no backtrace) pointed at that
//! copy (cargo's `__CARGO_TESTS_ONLY_SRC_ROOT`). The build runs in a scratch
//! directory under the cache and the result is moved into place with one
//! rename, so an interrupted build never leaves a half sysroot behind.

pub mod port;

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::target::{TargetError, TARGET_NAME};
use crate::toolchain::Rustc;

/// The crates `-Zbuild-std` builds (their dependencies come along).
const BUILD_STD: &str = "std,panic_abort";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TargetError + '_ {
    move |source| TargetError::Io { path: path.to_path_buf(), source }
}

/// The rlib of `krate` in `dir`, if built.
pub fn find_rlib(dir: &Path, krate: &str) -> Option<PathBuf> {
    let prefix = format!("lib{krate}-");
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".rlib"))
    })
}

/// Builds the sysroot for `spec` into `root` (replacing what is there).
pub fn build(rustc: &Rustc, spec: &str, root: &Path) -> Result<(), TargetError> {
    let cache = root.parent().expect("sysroot under the cache dir");
    std::fs::create_dir_all(cache).map_err(io(cache))?;
    let scratch = tempfile::Builder::new().prefix("sysroot-build-").tempdir_in(cache).map_err(io(cache))?;
    let dir = scratch.path();
    let library = dir.join("library");
    copy_library(&rustc.rust_src.join("library"), &library)?;
    port::apply(&library, &rustc.version)?;

    let spec_path = dir.join(format!("{TARGET_NAME}.json"));
    std::fs::write(&spec_path, spec).map_err(io(&spec_path))?;
    let project = dir.join("project");
    std::fs::create_dir_all(project.join("src")).map_err(io(&project))?;
    std::fs::write(
        project.join("Cargo.toml"),
        "[package]\nname = \"lamport-sysroot\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\npath = \"src/lib.rs\"\n\n[profile.release]\nopt-level = 3\ndebug = 0\npanic = \"abort\"\n\n[workspace]\n",
    )
    .map_err(io(&project))?;
    std::fs::write(project.join("src/lib.rs"), "#![no_std]\n").map_err(io(&project))?;

    let log_path = cache.join("sysroot-build.log");
    let mut child = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--target"])
        .arg(&spec_path)
        .arg(format!("-Zbuild-std={BUILD_STD}"))
        .args(["-Zbuild-std-features=", "-Zjson-target-spec"])
        .current_dir(&project)
        .env("RUSTC", &rustc.path)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("__CARGO_TESTS_ONLY_SRC_ROOT", &library)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_TERM_PROGRESS_WHEN", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io(dir))?;
    let stderr = child.stderr.take().expect("piped");
    let mut log = std::fs::File::create(&log_path).map_err(io(&log_path))?;
    let progress = Progress::start();
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        let _ = writeln!(log, "{line}");
        if let Some(krate) = line.trim_start().strip_prefix("Compiling ") {
            progress.compiling(krate.split(' ').next().unwrap_or(krate));
        }
    }
    progress.finish();
    let status = child.wait().map_err(io(dir))?;
    if !status.success() {
        return Err(TargetError::Sysroot { log: log_path });
    }

    let deps = dir.join("target").join(TARGET_NAME).join("release/deps");
    let staged = dir.join("sysroot");
    let lib_dir = staged.join("lib/rustlib").join(TARGET_NAME).join("lib");
    std::fs::create_dir_all(&lib_dir).map_err(io(&lib_dir))?;
    for entry in std::fs::read_dir(&deps).map_err(io(&deps))?.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".rlib") && !name.starts_with("liblamport_sysroot") {
            std::fs::rename(&path, lib_dir.join(name)).map_err(io(&path))?;
        }
    }
    std::fs::write(staged.join(format!("{TARGET_NAME}.json")), spec).map_err(io(&staged))?;
    if root.exists() {
        std::fs::remove_dir_all(root).map_err(io(root))?;
    }
    std::fs::rename(&staged, root).map_err(io(root))?;
    Ok(())
}

/// Copies `library/` for the port: the directories it changes are copied,
/// the rest (and the large vendored sources) are symbolic links to rust-src.
fn copy_library(src: &Path, dst: &Path) -> Result<(), TargetError> {
    if !src.join("std/src/lib.rs").is_file() {
        return Err(TargetError::Io {
            path: src.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "rust-src has no library/std"),
        });
    }
    std::fs::create_dir_all(dst).map_err(io(dst))?;
    let touched = port::touched_dirs();
    for entry in std::fs::read_dir(src).map_err(io(src))?.flatten() {
        let name = entry.file_name();
        let from = entry.path();
        let to = dst.join(&name);
        let is_dir = from.is_dir();
        if is_dir && touched.iter().any(|t| std::ffi::OsStr::new(t) == name) {
            copy_tree(&from, &to)?;
        } else if is_dir {
            std::os::unix::fs::symlink(&from, &to).map_err(io(&to))?;
        } else {
            // Cargo may rewrite the workspace's lock file: copy top-level files.
            std::fs::copy(&from, &to).map_err(io(&from))?;
        }
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), TargetError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// A spinner naming the crate being compiled, on a terminal only (the
/// caller has printed a status line either way).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn start() -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner:.green} {elapsed:>3} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message("preparing");
        Progress(Some(bar))
    }

    fn compiling(&self, krate: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("compiling {krate}"));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
