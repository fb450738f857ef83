//! Program logs, with Solana's exact wording and its 10,000-byte cap.
//!
//! The runtime's own lines (`invoke`, `consumed`, `success`) and a
//! program's `Program log:` lines are kept as records and formatted only
//! when somebody reads them: most transactions' logs are never read, and
//! formatting them would cost more than running a small program.

use std::{
    fmt::{self, Write},
    ops::Deref,
    sync::{Arc, OnceLock},
};

use lamport_sdk::pubkey::{Pubkey, MAX_BASE58_LEN};

/// Total bytes of log messages kept for one transaction by default: a
/// message that would reach it is dropped, and the first such message
/// leaves a `Log truncated` line instead (shorter ones may still fit).
pub const LOG_BYTES_LIMIT: usize = 10_000;

/// A program id as logs print it (base58), with the printed length known
/// without printing it: the byte cap counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LoggedProgram {
    id: Pubkey,
    len: usize,
}

impl LoggedProgram {
    /// `id`, encoded once to learn its length.
    pub(crate) fn new(id: Pubkey) -> Self {
        let mut out = [0u8; MAX_BASE58_LEN];
        let len = id.encode_base58(&mut out).len();
        LoggedProgram { id, len }
    }
}

impl fmt::Display for LoggedProgram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.id, f)
    }
}

/// One log line, unformatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LogRecord {
    /// `Program <id> invoke [<height>]`.
    Invoke { program: LoggedProgram, height: usize },
    /// `Program <id> consumed <consumed> of <available> compute units`.
    Consumed { program: LoggedProgram, consumed: u64, available: u64 },
    /// `Program <id> success`.
    Success { program: LoggedProgram },
    /// `Program log: <message>`.
    ProgramLog(Box<str>),
    /// Any other line, formatted.
    Line(String),
}

/// Decimal digits of `n`.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize).saturating_add(usize::from(n > 0))
}

impl LogRecord {
    /// The line, formatted.
    fn line(&self) -> String {
        match self {
            LogRecord::Line(line) => line.clone(),
            record => {
                let mut line = String::with_capacity(record.len());
                // Writing to a String cannot fail.
                let _ = write!(line, "{record}");
                line
            }
        }
    }

    /// Length of the formatted line in bytes (what the cap counts).
    fn len(&self) -> usize {
        let sum = |parts: &[usize]| parts.iter().fold(0usize, |total, part| total.saturating_add(*part));
        const PROGRAM: usize = "Program ".len();
        match self {
            LogRecord::Invoke { program, height } => {
                sum(&[PROGRAM, program.len, " invoke [".len(), digits(*height as u64), "]".len()])
            }
            LogRecord::Consumed { program, consumed, available } => sum(&[
                PROGRAM,
                program.len,
                " consumed ".len(),
                digits(*consumed),
                " of ".len(),
                digits(*available),
                " compute units".len(),
            ]),
            LogRecord::Success { program } => sum(&[PROGRAM, program.len, " success".len()]),
            LogRecord::ProgramLog(message) => sum(&["Program log: ".len(), message.len()]),
            LogRecord::Line(line) => line.len(),
        }
    }
}

impl fmt::Display for LogRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogRecord::Invoke { program, height } => write!(f, "Program {program} invoke [{height}]"),
            LogRecord::Consumed { program, consumed, available } => {
                write!(f, "Program {program} consumed {consumed} of {available} compute units")
            }
            LogRecord::Success { program } => write!(f, "Program {program} success"),
            LogRecord::ProgramLog(message) => write!(f, "Program log: {message}"),
            LogRecord::Line(line) => f.write_str(line),
        }
    }
}

/// Collects the log lines of one transaction.
#[derive(Debug, Clone)]
pub struct LogCollector {
    records: Vec<LogRecord>,
    bytes_written: usize,
    truncated: bool,
    /// The byte cap (`None`: none).
    limit: Option<usize>,
}

impl Default for LogCollector {
    /// A collector with Solana's cap, [`LOG_BYTES_LIMIT`].
    fn default() -> Self {
        Self::with_limit(Some(LOG_BYTES_LIMIT))
    }
}

impl LogCollector {
    /// A collector that keeps at most `limit` bytes of messages (all of
    /// them with `None`).
    pub fn with_limit(limit: Option<usize>) -> Self {
        Self { records: Vec::new(), bytes_written: 0, truncated: false, limit }
    }

    /// Appends one line, honouring the byte cap.
    pub fn log(&mut self, message: String) {
        self.record(LogRecord::Line(message));
    }

    /// Appends one record, honouring the byte cap.
    pub(crate) fn record(&mut self, record: LogRecord) {
        let Some(limit) = self.limit else {
            self.records.push(record);
            return;
        };
        let bytes_written = self.bytes_written.saturating_add(record.len());
        if bytes_written >= limit {
            if !self.truncated {
                self.truncated = true;
                self.records.push(LogRecord::Line(String::from("Log truncated")));
            }
        } else {
            self.bytes_written = bytes_written;
            self.records.push(record);
        }
    }

    /// The collected lines.
    pub fn into_logs(self) -> Logs {
        Logs { records: self.records.into(), lines: OnceLock::new() }
    }
}

/// The log lines of a transaction, in Solana's wording. Reads as a slice
/// of lines (`logs.iter()`, `logs[0]`, `logs.join("\n")`); the lines are
/// formatted on the first read.
#[derive(Default)]
pub struct Logs {
    /// Shared between copies: a copy of the logs (the transaction history
    /// keeps one) costs no allocation.
    records: Arc<[LogRecord]>,
    lines: OnceLock<Vec<String>>,
}

impl Logs {
    /// The lines, formatted.
    pub fn lines(&self) -> &[String] {
        self.lines.get_or_init(|| self.records.iter().map(LogRecord::line).collect())
    }

    /// The lines, owned.
    pub fn into_vec(self) -> Vec<String> {
        match self.lines.into_inner() {
            Some(lines) => lines,
            None => self.records.iter().map(LogRecord::line).collect(),
        }
    }
}

impl Deref for Logs {
    type Target = [String];

    fn deref(&self) -> &[String] {
        self.lines()
    }
}

impl Clone for Logs {
    fn clone(&self) -> Self {
        // The records are shared; the formatted lines, when there are any,
        // come along.
        Logs { records: self.records.clone(), lines: self.lines.clone() }
    }
}

impl fmt::Debug for Logs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.lines(), f)
    }
}

impl PartialEq for Logs {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.records, &other.records) || self.records == other.records || self.lines() == other.lines()
    }
}

impl Eq for Logs {}

impl PartialEq<Vec<String>> for Logs {
    fn eq(&self, other: &Vec<String>) -> bool {
        self.lines() == other.as_slice()
    }
}

impl PartialEq<[String]> for Logs {
    fn eq(&self, other: &[String]) -> bool {
        self.lines() == other
    }
}

impl PartialEq<Logs> for Vec<String> {
    fn eq(&self, other: &Logs) -> bool {
        self.as_slice() == other.lines()
    }
}

impl<const N: usize> PartialEq<[String; N]> for Logs {
    fn eq(&self, other: &[String; N]) -> bool {
        self.lines() == other.as_slice()
    }
}

impl From<Vec<String>> for Logs {
    fn from(lines: Vec<String>) -> Self {
        Logs { records: lines.into_iter().map(LogRecord::Line).collect(), lines: OnceLock::new() }
    }
}

impl From<Logs> for Vec<String> {
    fn from(logs: Logs) -> Self {
        logs.into_vec()
    }
}

impl<'a> IntoIterator for &'a Logs {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.lines().iter()
    }
}

impl IntoIterator for Logs {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_once_past_the_limit() {
        let mut logs = LogCollector::default();
        for _ in 0..200 {
            logs.log("x".repeat(100));
        }
        let messages = logs.into_logs().into_vec();
        assert_eq!(messages.len(), 100);
        assert_eq!(messages.last().map(String::as_str), Some("Log truncated"));
    }

    #[test]
    fn the_cap_can_change_or_go() {
        let mut small = LogCollector::with_limit(Some(250));
        let mut unlimited = LogCollector::with_limit(None);
        for _ in 0..200 {
            small.log("x".repeat(100));
            unlimited.log("x".repeat(100));
        }
        assert_eq!(small.into_logs().into_vec(), ["x".repeat(100), "x".repeat(100), "Log truncated".to_string()]);
        assert_eq!(unlimited.into_logs().len(), 200);
    }

    #[test]
    fn records_count_the_bytes_of_their_lines() {
        let program = LoggedProgram::new(Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"));
        let system = LoggedProgram::new(Pubkey::default());
        let records = [
            LogRecord::Invoke { program, height: 1 },
            LogRecord::Invoke { program, height: 10 },
            LogRecord::Consumed { program, consumed: 0, available: 200_000 },
            LogRecord::Consumed { program, consumed: 4_645, available: u64::MAX },
            LogRecord::Success { program },
            LogRecord::Success { program: system },
            LogRecord::ProgramLog("Instruction: Transfer".into()),
            LogRecord::ProgramLog("".into()),
            LogRecord::Line("Program return: x AQ==".into()),
        ];
        for record in records {
            assert_eq!(record.len(), record.to_string().len(), "{record}");
        }
        assert_eq!(
            LogRecord::Consumed { program, consumed: 76, available: 200_000 }.to_string(),
            "Program TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA consumed 76 of 200000 compute units"
        );
    }

    #[test]
    fn records_truncate_as_their_lines_would() {
        let program = LoggedProgram::new(Pubkey::default());
        let (mut records, mut lines) = (LogCollector::default(), LogCollector::default());
        for height in 0..400 {
            let record = LogRecord::Invoke { program, height };
            lines.log(record.to_string());
            records.record(record);
        }
        let (records, lines) = (records.into_logs(), lines.into_logs());
        assert_eq!(records, lines);
        assert_eq!(records.last().map(String::as_str), Some("Log truncated"));
    }

    #[test]
    fn logs_read_as_lines_and_compare_by_them() {
        let mut collector = LogCollector::default();
        collector.record(LogRecord::Success { program: LoggedProgram::new(Pubkey::default()) });
        collector.record(LogRecord::ProgramLog("hi".into()));
        let logs = collector.into_logs();
        let copy = logs.clone();
        assert_eq!(logs.len(), 2);
        assert_eq!(logs[1], "Program log: hi");
        let success = "Program 11111111111111111111111111111111 success".to_string();
        assert_eq!(logs, vec![success.clone(), "Program log: hi".to_string()]);
        assert_eq!(logs, Logs::from(vec![success.clone(), "Program log: hi".to_string()]));
        assert_eq!(format!("{copy:?}"), format!("[{success:?}, \"Program log: hi\"]"));
        assert_eq!(Vec::from(copy), logs.to_vec());
    }
}
