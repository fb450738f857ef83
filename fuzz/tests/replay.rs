//! Replays every committed input of every fuzz target on stable Rust: the
//! corpus (`corpus/<target>/`) and the regressions (`regressions/<target>/`,
//! inputs that once failed). A target panics on a finding, so a regression
//! that comes back fails this test with the input's path.

use std::{fs, path::PathBuf};

fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let dir = lamport_fuzz::fuzz_dir().join(dir).join(target);
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file() && !is_note(p)).collect();
    files.sort();
    files
}

/// A regression directory's `README.md` describes its inputs.
fn is_note(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

fn replay(target: &str, run: lamport_fuzz::Target) -> usize {
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        for path in inputs(dir, target) {
            let data = fs::read(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: the input {} fails again", path.display());
            count += 1;
        }
    }
    count
}

macro_rules! replay_test {
    ($name:ident) => {
        #[test]
        fn $name() {
            let count = replay(stringify!($name), lamport_fuzz::$name::run);
            assert!(count > 0, "no corpus for {}", stringify!($name));
            println!("{}: {count} inputs replayed", stringify!($name));
        }
    };
}

replay_test!(elf_load);
replay_test!(wire_transaction);
replay_test!(sigverify);
replay_test!(interpreter_vs_jit);

#[test]
fn every_target_has_a_replay_test() {
    let names: Vec<&str> = lamport_fuzz::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["elf_load", "wire_transaction", "sigverify", "interpreter_vs_jit"]);
}
