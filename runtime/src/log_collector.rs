//! Program logs, with Solana's exact wording and its 10,000-byte cap.

/// Total bytes of log messages kept for one transaction; beyond it a single
/// `Log truncated` line is added and further messages are dropped.
pub const LOG_BYTES_LIMIT: usize = 10_000;

/// Collects the log lines of one transaction.
#[derive(Debug, Default, Clone)]
pub struct LogCollector {
    messages: Vec<String>,
    bytes_written: usize,
    truncated: bool,
}

impl LogCollector {
    /// Appends one line, honouring the byte cap.
    pub fn log(&mut self, message: String) {
        let bytes_written = self.bytes_written.saturating_add(message.len());
        if bytes_written >= LOG_BYTES_LIMIT {
            if !self.truncated {
                self.truncated = true;
                self.messages.push(String::from("Log truncated"));
            }
        } else {
            self.bytes_written = bytes_written;
            self.messages.push(message);
        }
    }

    /// The collected lines.
    pub fn into_messages(self) -> Vec<String> {
        self.messages
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
        let messages = logs.into_messages();
        assert_eq!(messages.len(), 100);
        assert_eq!(messages.last().map(String::as_str), Some("Log truncated"));
    }
}
