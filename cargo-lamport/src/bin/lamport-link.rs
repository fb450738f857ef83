//! The linker rustc calls for Lamport programs (`-C linker=lamport-link`).
//!
//! Errors go to stderr and, when `cargo lamport build` asks for it, to a
//! file it shows in place of rustc's linker-failure report.

use std::process::ExitCode;

use cargo_lamport::build::{links_a_dependency, ENV_LINK_ERRORS};

fn report(message: &str) {
    eprintln!("error: {message}");
    if let Some(dir) = std::env::var_os(ENV_LINK_ERRORS) {
        let file = std::path::Path::new(&dir).join(format!("{}.txt", std::process::id()));
        let _ = std::fs::write(file, format!("{message}\n"));
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        report(&format!("internal error in lamport-link ({info}); this is a bug in Lamport, please report it"));
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = lamport_link::args::parse(&args).map_err(|e| format!("lamport-link: {e}")).and_then(|opts| {
        if links_a_dependency(|name| std::env::var_os(name)) {
            // A dependency's cdylib (`solana-program` 1.x declares one): not a
            // program, never loaded; cargo only needs a file there to see the
            // dependency as built (see `cargo_lamport::build`).
            return std::fs::write(&opts.output, b"").map_err(|e| format!("{}: {e}", opts.output.display())).map(|_| opts);
        }
        lamport_link::link(&opts).map_err(|e| e.to_string()).map(|_| opts)
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(message) => {
            report(&message);
            ExitCode::FAILURE
        }
    }
}
