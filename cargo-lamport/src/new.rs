//! `cargo lamport new`: a new program from `program-template/`.
//!
//! The template is compiled into cargo-lamport, so the binary works from
//! anywhere. Its files use five placeholders: `{{name}}` (the package
//! name), `{{crate_name}}` (the same with `_` for `-`), `{{sdk_path}}` /
//! `{{runtime_path}}`, the absolute paths of this repository's `sdk/` and
//! `runtime/` (the crates are not published; the paths are fixed when
//! cargo-lamport is compiled), and `{{program_id}}`, the program's address
//! for `declare_id!`. The new program is a workspace of its own; its
//! keypair is created in its deploy directory (as `cargo lamport build`
//! would), so the id it declares is the one it is deployed and tested under.

use std::path::{Component, Path, PathBuf};

use crate::shell::Shell;

/// Language of the new program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// A Rust crate.
    #[default]
    Rust,
    /// A C program with a Rust test crate.
    C,
}

/// One template file: where it goes in the new project, and its text.
pub type TemplateFile = (&'static str, &'static str);

macro_rules! template {
    ($($dest:literal => $src:literal),* $(,)?) => {
        &[$(($dest, include_str!(concat!("../../program-template/", $src)))),*]
    };
}

/// The Rust template.
pub const RUST_TEMPLATE: &[TemplateFile] = template! {
    "Cargo.toml" => "Cargo.toml",
    ".gitignore" => "gitignore",
    "src/lib.rs" => "src/lib.rs",
    "src/error.rs" => "src/error.rs",
    "src/instruction.rs" => "src/instruction.rs",
    "src/processor.rs" => "src/processor.rs",
    "src/state.rs" => "src/state.rs",
    "tests/program.rs" => "tests/program.rs",
};

/// The C template.
pub const C_TEMPLATE: &[TemplateFile] = template! {
    "Cargo.toml" => "c/Cargo.toml",
    ".gitignore" => "gitignore",
    "src/lib.rs" => "c/src/lib.rs",
    "src/{{name}}.c" => "c/src/program.c",
    "tests/program.rs" => "c/tests/program.rs",
};

/// Why no program was created.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The destination exists and is not an empty directory.
    #[error("destination {} already exists and is not empty: pick a new path", .0.display())]
    Exists(PathBuf),
    /// The name cannot be a package name.
    #[error("`{0}` cannot be a package name: use letters, digits, `-` and `_`, starting with a letter (or pass --name)")]
    BadName(String),
    /// The program keypair could not be created or read.
    #[error("cannot create the program keypair {}: {reason}", .path.display())]
    Keypair {
        /// The keypair file.
        path: PathBuf,
        /// The reason.
        reason: std::io::Error,
    },
    /// A file could not be written.
    #[error("{}: {reason}", .path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The reason.
        reason: std::io::Error,
    },
}

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// Directory of the new program.
    pub path: PathBuf,
    /// Package name (default: the directory's name).
    pub name: Option<String>,
    /// Language.
    pub lang: Lang,
}

fn normalize(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Absolute path of this repository's `sdk/`, fixed at compile time.
pub fn sdk_path() -> PathBuf {
    normalize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk"))
}

/// Absolute path of this repository's `runtime/`, fixed at compile time.
pub fn runtime_path() -> PathBuf {
    normalize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime"))
}

/// Whether `name` can be a cargo package name here.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !matches!(name, "test" | "core" | "std" | "alloc" | "self" | "crate" | "super")
}

/// Escapes a path for a TOML basic string.
fn toml_escape(path: &Path) -> String {
    path.display().to_string().replace('\\', "\\\\").replace('"', "\\\"")
}

/// Fills the placeholders of one template text.
pub fn render(text: &str, name: &str, program_id: &str) -> String {
    text.replace("{{program_id}}", program_id)
        .replace("{{name}}", name)
        .replace("{{crate_name}}", &name.replace('-', "_"))
        .replace("{{sdk_path}}", &toml_escape(&sdk_path()))
        .replace("{{runtime_path}}", &toml_escape(&runtime_path()))
}

/// Creates the program; returns its package name.
pub fn new(opts: &NewOptions, shell: &Shell) -> Result<String, NewError> {
    let path = &opts.path;
    let name = match &opts.name {
        Some(n) => n.clone(),
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    };
    if !valid_name(&name) {
        return Err(NewError::BadName(name));
    }
    if path.exists() {
        let empty = path.is_dir() && std::fs::read_dir(path).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(NewError::Exists(path.clone()));
        }
    }
    let files = match opts.lang {
        Lang::Rust => RUST_TEMPLATE,
        Lang::C => C_TEMPLATE,
    };
    // Every file first (cargo reads the project to tell where its deploy
    // directory, and so the program keypair, is), then the ones that
    // declare the program's id.
    const ID: &str = "{{program_id}}";
    for (dest, text) in files {
        write(&path.join(render(dest, &name, ID)), &render(text, &name, ID))?;
    }
    if files.iter().any(|(_, text)| text.contains(ID)) {
        let program_id = program_id(path, &name, shell)?;
        for (dest, text) in files.iter().filter(|(_, text)| text.contains(ID)) {
            write(&path.join(render(dest, &name, ID)), &render(text, &name, &program_id))?;
        }
    }
    let kind = match opts.lang {
        Lang::Rust => "Rust",
        Lang::C => "C",
    };
    shell.status("Created", format!("{kind} program `{name}` at {}", path.display()));
    Ok(name)
}

fn write(dest: &Path, text: &str) -> Result<(), NewError> {
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|reason| NewError::Io { path: dir.to_path_buf(), reason })?;
    }
    std::fs::write(dest, text).map_err(|reason| NewError::Io { path: dest.to_path_buf(), reason })
}

/// The new program's address: the key in `<deploy dir>/<crate_name>-keypair.json`,
/// created now unless it exists.
fn program_id(path: &Path, name: &str, shell: &Shell) -> Result<String, NewError> {
    let deploy = match crate::build::metadata(Some(&path.join("Cargo.toml"))) {
        Ok(meta) => crate::build::deploy_dir(&meta),
        Err(_) => path.join("target").join("deploy"),
    };
    let (_, id) = crate::address::program_address(&deploy, &name.replace('-', "_"), shell).map_err(|e| match e {
        crate::address::AddressError::Keypair { path, reason } => NewError::Keypair { path, reason },
        other => NewError::Keypair { path: deploy.clone(), reason: std::io::Error::other(other.to_string()) },
    })?;
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("my-program_2"));
        assert!(!valid_name("2fast"));
        assert!(!valid_name("has space"));
        assert!(!valid_name(""));
        assert!(!valid_name("test"));
    }

    #[test]
    fn fills_every_placeholder() {
        for (dest, text) in RUST_TEMPLATE.iter().chain(C_TEMPLATE) {
            let out = render(text, "my-prog", "11111111111111111111111111111111");
            assert!(!out.contains("{{"), "{dest} keeps a placeholder");
        }
        let manifest = render(RUST_TEMPLATE[0].1, "my-prog", "");
        assert!(manifest.contains("name = \"my-prog\""));
        assert!(manifest.contains(&format!("path = \"{}\"", sdk_path().display())));
        assert!(sdk_path().join("Cargo.toml").is_file(), "{}", sdk_path().display());
        assert!(runtime_path().join("Cargo.toml").is_file());
    }

    #[test]
    fn refuses_a_non_empty_destination_and_bad_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        let opts = NewOptions { path: dir.path().to_path_buf(), name: Some("ok".into()), lang: Lang::Rust };
        assert!(matches!(new(&opts, &Shell::default()), Err(NewError::Exists(_))));
        let opts = NewOptions { path: dir.path().join("9lives"), name: None, lang: Lang::Rust };
        assert!(matches!(new(&opts, &Shell::default()), Err(NewError::BadName(n)) if n == "9lives"));
    }

    #[test]
    fn writes_a_rust_project() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("my-prog");
        let opts = NewOptions { path: path.clone(), name: None, lang: Lang::Rust };
        assert_eq!(new(&opts, &Shell::new(crate::shell::Verbosity::Quiet)).unwrap(), "my-prog");
        let test = std::fs::read_to_string(path.join("tests/program.rs")).unwrap();
        assert!(test.contains("use my_prog::"));
        assert!(test.contains("add_program_from_deploy_dir(\"my-prog\")"));
        assert!(path.join(".gitignore").is_file());
        let keypair = path.join("target/deploy/my_prog-keypair.json");
        let id = lamport_sdk::pubkey::Pubkey::new_from_array(crate::keypair::read_public(&keypair).unwrap());
        let lib = std::fs::read_to_string(path.join("src/lib.rs")).unwrap();
        assert!(lib.contains(&format!("declare_id!(\"{id}\");")), "{lib}");
    }
}
