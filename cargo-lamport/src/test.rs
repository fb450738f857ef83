//! `cargo lamport test`: build every program of the workspace, then run
//! `cargo test` with the deploy directory in [`DEPLOY_DIR_ENV`], so tests
//! load the fresh programs with
//! `Runtime::add_program_from_deploy_dir("name")`.
//!
//! Every argument goes to `cargo test` unchanged (`--workspace`,
//! `-p NAME`, `-- --nocapture`…); `--manifest-path` also selects what is
//! built, as for `cargo lamport build` (a workspace: all its programs; a
//! program's own manifest: that program).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

pub use lamport_runtime::DEPLOY_DIR_ENV;

use crate::build::{self, BuildError, BuildOptions};
use crate::shell::{Shell, Verbosity};

/// What to test.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// Options of the build that comes first.
    pub build: BuildOptions,
    /// Arguments for `cargo test`, in order.
    pub cargo_args: Vec<OsString>,
    /// `--profile`: the tests' runtimes profile every transaction and write
    /// its flame graph and folded stacks into `target/profile/test`.
    pub profile: bool,
}

/// `cargo lamport test`'s own flag: profile every transaction. Followed by
/// a value (`--profile release`), it is cargo's `--profile NAME` and goes
/// to `cargo test` unchanged.
pub const PROFILE_FLAG: &str = "--profile";

/// Why `cargo lamport test` failed.
#[derive(Debug, thiserror::Error)]
pub enum TestError {
    /// Building the programs failed.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// cargo could not be started.
    #[error("cannot run `{cargo}`: {reason}")]
    Spawn {
        /// The cargo that was run.
        cargo: String,
        /// The reason.
        reason: std::io::Error,
    },
    /// `cargo test` ran and failed (its output says why).
    #[error("`cargo test` failed ({status})")]
    Failed {
        /// cargo's exit status.
        status: std::process::ExitStatus,
    },
}

/// Splits `cargo lamport test`'s arguments: every argument goes to
/// `cargo test`; the ones before `--` that also concern the build are
/// copied into the build options, so the programs are built as the tests
/// are: `--manifest-path`, `-p/--package`, `-F/--features`,
/// `--no-default-features` and `--all-features` (each as `--flag VALUE`,
/// `--flag=VALUE` or, for the short ones, `-pVALUE`).
pub fn options_from_args(args: Vec<OsString>, verbosity: Verbosity) -> TestOptions {
    let mut build = BuildOptions::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            break;
        }
        let mut value = |long: &str, short: Option<&str>| -> Option<String> {
            if text == long || Some(text) == short {
                return iter.next().and_then(|v| v.to_str()).map(String::from);
            }
            if let Some(v) = text.strip_prefix(long).and_then(|rest| rest.strip_prefix('=')) {
                return Some(v.to_string());
            }
            short.and_then(|s| text.strip_prefix(s)).filter(|v| !v.is_empty()).map(|v| v.trim_start_matches('=').to_string())
        };
        if let Some(path) = value("--manifest-path", None) {
            build.manifest_path = Some(PathBuf::from(path));
        } else if let Some(package) = value("--package", Some("-p")) {
            build.packages.push(package);
        } else if let Some(features) = value("--features", Some("-F")) {
            build.features.extend(features.split([' ', ',']).filter(|f| !f.is_empty()).map(String::from));
        } else if text == "--no-default-features" {
            build.no_default_features = true;
        } else if text == "--all-features" {
            build.all_features = true;
        }
    }
    let mut cargo_args = args;
    let ours = cargo_args.iter().take_while(|a| *a != "--").enumerate().find_map(|(i, a)| {
        let next = cargo_args.get(i + 1).and_then(|n| n.to_str());
        (a == PROFILE_FLAG && next.is_none_or(|n| n.starts_with('-'))).then_some(i)
    });
    let profile = ours.is_some();
    if let Some(i) = ours {
        cargo_args.remove(i);
    }
    // `-q`/`-v` given to cargo-lamport also quieten or detail cargo test.
    let has = |flags: &[&str], args: &[OsString]| args.iter().take_while(|a| *a != "--").any(|a| flags.iter().any(|f| a == f));
    match verbosity {
        Verbosity::Quiet if !has(&["-q", "--quiet"], &cargo_args) => cargo_args.insert(0, "--quiet".into()),
        Verbosity::Verbose if !has(&["-v", "--verbose"], &cargo_args) => cargo_args.insert(0, "--verbose".into()),
        _ => {}
    }
    TestOptions { build, cargo_args, profile }
}

/// The cargo to run: `$CARGO` (set when cargo runs a subcommand), else `cargo`.
pub fn cargo_command() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The builds a test run needs. Without `-p`, one: every program, with
/// the features given. With `-p`, the named programs are built with the
/// features given, and every other program of the workspace with its
/// default features (tests may load any program, and the runtime refuses
/// one older than its sources); when no named package is a program (a
/// crate of integration tests, say), the features belong to it and every
/// program is built with its defaults.
pub fn build_plan(opts: &TestOptions, shell: &Shell) -> Result<Vec<BuildOptions>, TestError> {
    let build = opts.build.clone();
    if build.packages.is_empty() {
        return Ok(vec![build]);
    }
    let meta = build::metadata(build.manifest_path.as_deref())?;
    let c_programs = crate::c::workspace_programs(&meta).map_err(BuildError::from)?;
    let mut programs: Vec<String> =
        meta.workspace_packages().iter().filter(|p| build::is_program(p)).map(|p| p.name.to_string()).collect();
    programs.extend(c_programs.into_iter().map(|c| c.package));
    let (named, others): (Vec<String>, Vec<String>) = build.packages.iter().cloned().partition(|name| programs.contains(name));
    if !others.is_empty() {
        shell.verbose("Skipping", format!("{} (not a program; its tests still run)", others.join(", ")));
    }
    let defaults = |packages: Vec<String>| BuildOptions {
        manifest_path: build.manifest_path.clone(),
        packages,
        out_dir: build.out_dir.clone(),
        debug: build.debug,
        ..BuildOptions::default()
    };
    if named.is_empty() {
        return Ok(vec![defaults(Vec::new())]);
    }
    let rest: Vec<String> = programs.into_iter().filter(|p| !named.contains(p)).collect();
    let mut plan = vec![BuildOptions { packages: named, ..build.clone() }];
    if !rest.is_empty() {
        plan.push(defaults(rest));
    }
    Ok(plan)
}

/// Builds the programs, then runs `cargo test` against them.
pub fn test(opts: &TestOptions, shell: &Shell) -> Result<(), TestError> {
    let plan = build_plan(opts, shell)?;
    let mut built = Vec::new();
    for build_opts in &plan {
        built.extend(build::build(build_opts, shell)?);
    }
    let build_opts = &plan[0];
    let deploy_dir = match (&build_opts.out_dir, built.first()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(program)) => program.so.parent().map(PathBuf::from).unwrap_or_default(),
        (None, None) => build::deploy_dir(&build::metadata(build_opts.manifest_path.as_deref())?),
    };
    let cargo = cargo_command();
    let mut cmd = Command::new(&cargo);
    cmd.arg("test").args(&opts.cargo_args).env(DEPLOY_DIR_ENV, &deploy_dir);
    let profile_dir = deploy_dir.parent().unwrap_or(&deploy_dir).join("profile").join("test");
    if opts.profile {
        // Profiles of an earlier run would be counted, and mixed with these.
        if let Ok(dir) = std::fs::read_dir(&profile_dir) {
            for entry in dir.filter_map(Result::ok) {
                if entry.path().extension().is_some_and(|x| x == "svg" || x == "folded") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        cmd.env(lamport_runtime::profile::PROFILE_ENV, &profile_dir);
        shell.status("Profiling", format!("every transaction into {}", profile_dir.display()));
    }
    shell.verbose(
        "Running",
        format!(
            "{DEPLOY_DIR_ENV}={} {} test {}",
            deploy_dir.display(),
            cargo.to_string_lossy(),
            opts.cargo_args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
        ),
    );
    let status = cmd
        .status()
        .map_err(|reason| TestError::Spawn { cargo: cargo.to_string_lossy().into_owned(), reason })?;
    if opts.profile {
        let written = std::fs::read_dir(&profile_dir)
            .map(|dir| dir.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "svg")).count())
            .unwrap_or(0);
        shell.status("Profiled", format!("{written} flame graph(s) in {}", profile_dir.display()));
    }
    if status.success() {
        Ok(())
    } else {
        Err(TestError::Failed { status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn passes_everything_to_cargo_test_and_reads_the_manifest_path() {
        let opts = options_from_args(args(&["--workspace", "--manifest-path", "w/Cargo.toml", "--", "--nocapture"]), Verbosity::Normal);
        assert_eq!(opts.build.manifest_path, Some(PathBuf::from("w/Cargo.toml")));
        assert_eq!(opts.cargo_args, args(&["--workspace", "--manifest-path", "w/Cargo.toml", "--", "--nocapture"]));
        let opts = options_from_args(args(&["--manifest-path=x/Cargo.toml"]), Verbosity::Normal);
        assert_eq!(opts.build.manifest_path, Some(PathBuf::from("x/Cargo.toml")));
    }

    #[test]
    fn package_and_feature_flags_reach_the_build() {
        let given = args(&["-p", "vault", "--package=other", "-ptight", "--features", "a b", "-F", "c,d", "--features=e", "--no-default-features", "--all-features", "--", "-p", "x"]);
        let opts = options_from_args(given.clone(), Verbosity::Normal);
        assert_eq!(opts.build.packages, ["vault", "other", "tight"]);
        assert_eq!(opts.build.features, ["a", "b", "c", "d", "e"]);
        assert!(opts.build.no_default_features && opts.build.all_features);
        assert_eq!(opts.cargo_args, given, "cargo test gets them too");
        let opts = options_from_args(args(&["--workspace"]), Verbosity::Normal);
        assert!(opts.build.packages.is_empty() && opts.build.features.is_empty());
        assert!(!opts.build.no_default_features && !opts.build.all_features);
    }

    #[test]
    fn arguments_after_the_separator_are_the_test_binaries_own() {
        let opts = options_from_args(args(&["--", "--manifest-path", "no"]), Verbosity::Quiet);
        assert_eq!(opts.build.manifest_path, None);
        assert_eq!(opts.cargo_args, args(&["--quiet", "--", "--manifest-path", "no"]));
        let opts = options_from_args(args(&["--profile", "--", "--profile"]), Verbosity::Normal);
        assert!(opts.profile);
        assert_eq!(opts.cargo_args, args(&["--", "--profile"]));
        let opts = options_from_args(args(&["--profile", "release"]), Verbosity::Normal);
        assert!(!opts.profile, "cargo's own --profile NAME");
        assert_eq!(opts.cargo_args, args(&["--profile", "release"]));
        let opts = options_from_args(args(&["-q"]), Verbosity::Quiet);
        assert_eq!(opts.cargo_args, args(&["-q"]));
    }
}
