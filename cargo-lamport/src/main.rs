//! `cargo lamport`: the command line. Each command's arguments live in
//! `cli/<command>.rs`; the work is done by the `cargo_lamport` library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The compiler's own messages and cargo's `could not compile`
            // line were shown already; another line would only repeat them.
            if let Some(cargo_lamport::build::BuildError::Compile(_)) = e.downcast_ref() {
                return ExitCode::FAILURE;
            }
            let colored = cargo_lamport::shell::Shell::colored();
            let mut chain = e.chain();
            let head = chain.next().map(|c| c.to_string()).unwrap_or_default();
            if colored {
                eprintln!("\x1b[1;31merror\x1b[0m: {head}");
            } else {
                eprintln!("error: {head}");
            }
            for cause in chain {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
