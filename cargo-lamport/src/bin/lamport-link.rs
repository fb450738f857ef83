//! The linker rustc calls for Lamport programs (`-C linker=lamport-link`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match cargo_lamport::link::args::parse(&args) {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("error: lamport-link: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cargo_lamport::link::link(&opts) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
