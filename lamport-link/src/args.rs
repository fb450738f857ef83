//! The command line rustc gives its `bpf`-flavored linker, and the
//! environment `cargo lamport build` adds to it.
//!
//! rustc runs: `LINKER --export-symbols FILE [OBJECTS…] [RLIBS…] -L DIR
//! --cpu generic -o OUT -O3 [--debug]`. Unknown flags are an error, so a
//! change in rustc's invocation is noticed rather than silently ignored.

use std::path::PathBuf;

use crate::{LinkOptions, OptLevel};

/// Link argument (`-C link-arg=`): keep the symbol table (`--debug` of
/// `cargo lamport build`). Passed as a rustc flag, so changing it relinks.
pub const ARG_KEEP_DEBUG: &str = "--lamport-keep-debug";
/// Link argument prefix: write the IR after optimization and after lowering
/// into this directory (`--dump-module` of `cargo lamport build`).
pub const ARG_DUMP_MODULE: &str = "--lamport-dump-module=";
/// Link argument prefix: which build of the linker links (its size and
/// modification time, from `cargo lamport build`). The linker ignores it;
/// as a rustc flag it makes cargo rebuild and relink every program when the
/// linker changes, so a fixed or upgraded link stage never leaves a program
/// linked by the old one in place.
pub const ARG_LINKER_ID: &str = "--lamport-link-id=";
/// Environment variable: extra compiler-builtins archive(s), `:`-separated.
pub const ENV_BUILTINS: &str = "LAMPORT_BUILTINS";

/// Parses the linker command line (without the program name).
pub fn parse(args: &[String]) -> Result<LinkOptions, String> {
    let mut opts = LinkOptions::default();
    let mut output = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--export-symbols" | "-L" | "--cpu" | "--cpu-features" => {
                value(arg)?;
            }
            "-o" => output = Some(PathBuf::from(value("-o")?)),
            "--debug" => {}
            ARG_KEEP_DEBUG => opts.keep_debug = true,
            _ if arg.starts_with(ARG_DUMP_MODULE) => {
                opts.dump_dir = Some(PathBuf::from(&arg[ARG_DUMP_MODULE.len()..]));
            }
            _ if arg.starts_with(ARG_LINKER_ID) => {}
            "--fatal-warnings" | "--allow-undefined" | "--emit=obj" | "--emit=llvm-bc" => {}
            _ if arg.starts_with("-O") => {
                opts.opt_level =
                    OptLevel::parse(&arg[2..]).ok_or_else(|| format!("unknown optimization level `{arg}`"))?;
            }
            _ if arg.starts_with("-L") => {}
            _ if arg.starts_with('-') => return Err(format!("unknown linker option `{arg}`")),
            _ => opts.inputs.push(PathBuf::from(arg)),
        }
    }
    opts.output = output.ok_or("no output file (`-o`)")?;
    if let Some(extra) = std::env::var_os(ENV_BUILTINS) {
        opts.builtins.extend(std::env::split_paths(&extra));
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_rustc_invocation() {
        let opts = parse(&strings(&[
            "--export-symbols", "/tmp/x/symbols", "/tmp/x/symbols.o", "a.rcgu.o", "libcore-1.rlib",
            "-L", "/tmp/raw", "--cpu", "generic", "-o", "out/libhello.so", "-Oz", "--debug",
        ]))
        .unwrap();
        assert_eq!(opts.inputs, vec![PathBuf::from("/tmp/x/symbols.o"), "a.rcgu.o".into(), "libcore-1.rlib".into()]);
        assert_eq!(opts.output, PathBuf::from("out/libhello.so"));
        assert_eq!(opts.opt_level, OptLevel::Oz);
        assert!(!opts.keep_debug);
        let opts = parse(&strings(&["--lamport-keep-debug", "--lamport-dump-module=/tmp/ir", "--lamport-link-id=123-456", "-o", "x"])).unwrap();
        assert!(opts.keep_debug);
        assert_eq!(opts.dump_dir, Some(PathBuf::from("/tmp/ir")));
    }

    #[test]
    fn rejects_unknown_flags_and_missing_output() {
        assert!(parse(&strings(&["--frobnicate", "-o", "x"])).unwrap_err().contains("--frobnicate"));
        assert!(parse(&strings(&["a.o"])).unwrap_err().contains("-o"));
        assert!(parse(&strings(&["-O9", "-o", "x"])).unwrap_err().contains("-O9"));
    }
}
