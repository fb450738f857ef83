//! What compilers say about themselves, remembered per binary.
//!
//! Finding the program rustc asks each candidate for `-vV` and its sysroot
//! (and the target for its spec); a build that has nothing to do spent most
//! of its time in those processes. Their answers depend only on the binary,
//! so they are cached under the cache directory, keyed by the binary's
//! identity: its resolved path, size and modification time. A rustup proxy
//! (`~/.cargo/bin/rustc`) is not the compiler itself — the toolchain it runs
//! depends on rustup's settings — so it is resolved to the toolchain's own
//! rustc when rustup says which (`RUSTUP_HOME` and `RUSTUP_TOOLCHAIN`, set for
//! every command run under `cargo`), and is never cached otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

/// Bumped when what is cached, or how, changes.
const FORMAT: &str = "1";

/// The binary a command name or path runs, as far as it can be known
/// without running it: `None` when it cannot be found or is a rustup proxy
/// whose toolchain is not known.
pub fn resolve(program: &Path) -> Option<PathBuf> {
    let found = if program.components().count() > 1 {
        program.to_path_buf()
    } else {
        std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|p| p.is_file())?
    };
    if is_rustup_proxy(&found) {
        let home = std::env::var_os("RUSTUP_HOME")?;
        let toolchain = std::env::var_os("RUSTUP_TOOLCHAIN")?;
        let name = found.file_name()?;
        let real = Path::new(&home).join("toolchains").join(toolchain).join("bin").join(name);
        return real.is_file().then_some(real);
    }
    std::fs::canonicalize(found).ok()
}

/// True when `path` is one of rustup's proxies: the same file as the
/// `rustup` beside it (rustup installs its proxies as links to itself).
fn is_rustup_proxy(path: &Path) -> bool {
    let Some(dir) = path.parent() else { return false };
    let rustup = dir.join("rustup");
    let same_file = |a: &Path, b: &Path| {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    };
    path.file_name().is_some_and(|n| n != "rustup")
        && (same_file(path, &rustup)
            || std::fs::canonicalize(path).ok().and_then(|p| p.file_name().map(|n| n == "rustup")).unwrap_or(false))
}

/// Which build of the file at `path` is there: its size and modification
/// time in nanoseconds (`None` if it cannot be read).
pub fn identity(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((meta.len(), mtime))
}

/// The cache of one resolved binary: its answers, by question.
#[derive(Debug)]
pub struct ProbeCache {
    file: Option<PathBuf>,
    answers: BTreeMap<String, String>,
    dirty: bool,
}

impl ProbeCache {
    /// The cache of `binary` (a resolved path, see [`resolve`]), empty if
    /// the binary changed or nothing was cached yet. `None` disables
    /// caching (every question is asked).
    pub fn open(binary: Option<&Path>) -> Self {
        Self::open_in(&crate::target::cache_dir(), binary)
    }

    /// [`ProbeCache::open`] with the cache under `cache_dir`.
    pub fn open_in(cache_dir: &Path, binary: Option<&Path>) -> Self {
        let file = binary.and_then(|binary| {
            let (size, mtime) = identity(binary)?;
            let mut hasher = Sha256::new();
            hasher.update(FORMAT);
            hasher.update(binary.as_os_str().as_encoded_bytes());
            hasher.update(size.to_le_bytes());
            hasher.update(mtime.to_le_bytes());
            let key: String = hasher.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect();
            Some(cache_dir.join("probes").join(format!("{key}.json")))
        });
        let answers = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        ProbeCache { file, answers, dirty: false }
    }

    /// The answer to `question`, asking `ask` only if it is not cached.
    /// Failures are not cached.
    pub fn get_or_ask<E>(&mut self, question: &str, ask: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
        if let Some(answer) = self.answers.get(question) {
            return Ok(answer.clone());
        }
        let answer = ask()?;
        if self.file.is_some() {
            self.answers.insert(question.to_string(), answer.clone());
            self.dirty = true;
        }
        Ok(answer)
    }

    /// Writes new answers back (best effort: a cache that cannot be written
    /// only costs the next run its probes).
    pub fn save(&mut self) {
        let Some(file) = &self.file else { return };
        if !self.dirty {
            return;
        }
        let Some(dir) = file.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(json) = serde_json::to_vec_pretty(&self.answers) else { return };
        let tmp = dir.join(format!(".{}.{}.tmp", file.file_name().unwrap_or_default().to_string_lossy(), std::process::id()));
        if std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, file)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        self.dirty = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_per_binary_and_forgotten_when_it_changes() {
        let cache_dir = tempfile::tempdir().unwrap();
        let cache_dir = cache_dir.path();
        let bin_dir = tempfile::tempdir().unwrap();
        let binary = bin_dir.path().join("tool");
        std::fs::write(&binary, b"one").unwrap();

        let mut asked = 0;
        let mut cache = ProbeCache::open_in(cache_dir, Some(&binary));
        let answer = cache.get_or_ask("q", || -> Result<_, ()> { asked += 1; Ok("a1".to_string()) }).unwrap();
        assert_eq!(answer, "a1");
        cache.save();
        let mut cache = ProbeCache::open_in(cache_dir, Some(&binary));
        let answer = cache.get_or_ask("q", || -> Result<_, ()> { asked += 1; Ok("other".to_string()) }).unwrap();
        assert_eq!((answer.as_str(), asked), ("a1", 1), "the second open answers from the cache");

        std::fs::write(&binary, b"a different binary").unwrap();
        let mut cache = ProbeCache::open_in(cache_dir, Some(&binary));
        let answer = cache.get_or_ask("q", || -> Result<_, ()> { asked += 1; Ok("a2".to_string()) }).unwrap();
        assert_eq!((answer.as_str(), asked), ("a2", 2), "a changed binary is asked again");

        let mut uncached = ProbeCache::open_in(cache_dir, None);
        uncached.get_or_ask("q", || -> Result<_, ()> { asked += 1; Ok("x".to_string()) }).unwrap();
        uncached.get_or_ask("q", || -> Result<_, ()> { asked += 1; Ok("x".to_string()) }).unwrap();
        assert_eq!(asked, 4, "without a binary identity nothing is cached");

        let failed = ProbeCache::open_in(cache_dir, Some(&binary)).get_or_ask("new", || Err::<String, _>("no"));
        assert_eq!(failed, Err("no"));
    }

    #[test]
    fn a_rustup_proxy_is_resolved_to_its_toolchain_or_not_at_all() {
        let home = tempfile::tempdir().unwrap();
        let bin = home.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("rustup"), b"rustup").unwrap();
        std::fs::hard_link(bin.join("rustup"), bin.join("rustc")).unwrap();
        std::fs::write(bin.join("plain"), b"x").unwrap();
        assert!(is_rustup_proxy(&bin.join("rustc")));
        assert!(!is_rustup_proxy(&bin.join("plain")));
        assert!(!is_rustup_proxy(&bin.join("rustup")));
    }
}
