//! Status output in cargo's style: a right-aligned, bold, colored verb, then
//! the message (`   Compiling hello`, `    Finished … in 1.2s`), on stderr.

use std::io::{IsTerminal, Write};

/// Verbosity chosen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// `--quiet`: errors only.
    Quiet,
    /// Default.
    #[default]
    Normal,
    /// `-v`: also what was found and run.
    Verbose,
}

/// Writes status lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shell {
    /// How much to print.
    pub verbosity: Verbosity,
}

impl Shell {
    /// A shell of the given verbosity.
    pub fn new(verbosity: Verbosity) -> Self {
        Shell { verbosity }
    }

    /// True when stderr is a terminal (colors on).
    pub fn colored() -> bool {
        std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
    }

    fn line(&self, verb: &str, color: &str, message: &str) {
        let mut err = std::io::stderr().lock();
        if Self::colored() {
            let _ = writeln!(err, "\x1b[1;{color}m{verb:>12}\x1b[0m {message}");
        } else {
            let _ = writeln!(err, "{verb:>12} {message}");
        }
    }

    /// A green status line (`Compiling`, `Finished`).
    pub fn status(&self, verb: &str, message: impl AsRef<str>) {
        if self.verbosity != Verbosity::Quiet {
            self.line(verb, "32", message.as_ref());
        }
    }

    /// A cyan line shown only with `-v`.
    pub fn verbose(&self, verb: &str, message: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            self.line(verb, "36", message.as_ref());
        }
    }

    /// A yellow warning.
    pub fn warn(&self, message: impl AsRef<str>) {
        if self.verbosity != Verbosity::Quiet {
            let mut err = std::io::stderr().lock();
            if Self::colored() {
                let _ = writeln!(err, "\x1b[1;33mwarning\x1b[0m: {}", message.as_ref());
            } else {
                let _ = writeln!(err, "warning: {}", message.as_ref());
            }
        }
    }
}
