//! Status output in cargo's style: a right-aligned, bold, colored verb, then
//! the message (`   Compiling hello`, `    Finished … in 1.2s`), on stderr.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// When to color output: `--color`, else `CARGO_TERM_COLOR`, else auto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Color when stderr is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

impl ColorChoice {
    /// Parses `auto`, `always` or `never` (the values of cargo's
    /// `--color` and `CARGO_TERM_COLOR`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ColorChoice::Auto),
            "always" => Some(ColorChoice::Always),
            "never" => Some(ColorChoice::Never),
            _ => None,
        }
    }

    /// The choice `CARGO_TERM_COLOR` makes (auto when unset or not one of
    /// the three values).
    pub fn from_env() -> Self {
        std::env::var("CARGO_TERM_COLOR").ok().and_then(|v| Self::parse(&v)).unwrap_or_default()
    }

    /// Whether this choice colors a stream that is (or is not) a terminal.
    pub fn colors(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// The choice of `--color`, once the command line is parsed.
static COLOR: OnceLock<ColorChoice> = OnceLock::new();

/// Records `--color` for the whole process; without it (or before it),
/// `CARGO_TERM_COLOR` decides. Only the first call counts.
pub fn set_color(choice: Option<ColorChoice>) {
    if let Some(choice) = choice {
        let _ = COLOR.set(choice);
    }
}

/// The color choice in effect.
pub fn color_choice() -> ColorChoice {
    COLOR.get().copied().unwrap_or_else(ColorChoice::from_env)
}

/// Writes `text` to stdout. A closed pipe (`cargo lamport dump … | head`)
/// comes back as an error of kind [`std::io::ErrorKind::BrokenPipe`], which
/// the command line turns into a quiet exit.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether `error` (or one of its causes) is a closed pipe.
pub fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        next = e.source();
    }
    false
}

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

    /// True when status lines and errors on stderr are colored:
    /// `--color always`, or `auto` (the default, also from
    /// `CARGO_TERM_COLOR`) with stderr a terminal and `NO_COLOR` unset.
    pub fn colored() -> bool {
        color_choice().colors(std::io::stderr().is_terminal())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_choices() {
        assert_eq!(ColorChoice::parse("Always"), Some(ColorChoice::Always));
        assert_eq!(ColorChoice::parse("never"), Some(ColorChoice::Never));
        assert_eq!(ColorChoice::parse("auto"), Some(ColorChoice::Auto));
        assert_eq!(ColorChoice::parse("sometimes"), None);
        assert!(ColorChoice::Always.colors(false));
        assert!(!ColorChoice::Never.colors(true));
        assert!(!ColorChoice::Auto.colors(false));
    }

    #[test]
    fn finds_a_broken_pipe_among_the_causes() {
        #[derive(Debug, thiserror::Error)]
        #[error("writing")]
        struct Wrapper(#[source] std::io::Error);
        let pipe = Wrapper(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&pipe));
        let other = Wrapper(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(!is_broken_pipe(&other));
    }
}
