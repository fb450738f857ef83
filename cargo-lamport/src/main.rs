//! `cargo lamport`: the command line. Each command's arguments live in
//! `cli/<command>.rs`; the work is done by the `cargo_lamport` library.

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Run by cargo as the rustc wrapper of a program build.
    if let Some(code) = cargo_lamport::rustc_wrapper::run_if_wrapper() {
        return code;
    }
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The compiler's own messages and cargo's `could not compile`
            // line were shown already; another line would only repeat them.
            if let Some(cargo_lamport::build::BuildError::Compile(_)) = e.downcast_ref() {
                return ExitCode::FAILURE;
            }
            // The reader of our output went away (`| head`): nothing to say.
            if cargo_lamport::shell::is_broken_pipe(e.as_ref()) {
                return ExitCode::SUCCESS;
            }
            let colored = cargo_lamport::shell::Shell::colored();
            let mut chain = e.chain();
            let head = chain.next().map(|c| c.to_string()).unwrap_or_default();
            // Writes to a closed stderr are dropped, not a panic.
            let mut err = std::io::stderr().lock();
            let _ = if colored {
                writeln!(err, "\x1b[1;31merror\x1b[0m: {head}")
            } else {
                writeln!(err, "error: {head}")
            };
            for cause in chain {
                let _ = writeln!(err, "  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
