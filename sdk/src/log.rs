//! Program logs: [`msg!`](crate::msg), [`sol_log`], [`sol_log_64`],
//! [`sol_log_data`], [`sol_log_compute_units`].
//!
//! Each ends up as one line of the transaction's log:
//!
//! | call | log line | compute units |
//! |---|---|---|
//! | `sol_log("hi")`, `msg!("hi")` | `Program log: hi` | max(100, len) |
//! | `sol_log_64(1, 2, 3, 4, 5)` | `Program log: 0x1, 0x2, 0x3, 0x4, 0x5` | 100 |
//! | `sol_log_data(&[b"ab"])` | `Program data: YWI=` | 100 + 100·n + Σlen |
//! | `sol_log_compute_units()` | `Program consumption: N units remaining` | 100 |
//! | `key.log()` | `Program log: <base58>` | 100 |
//!
//! `msg!` with format arguments formats into a fixed
//! [`MSG_BUFFER_LEN`]-byte stack buffer — no heap — and cuts longer
//! messages at a character boundary, ending them with `…`.

use core::fmt::{self, Write};

use crate::{pubkey::Pubkey, syscalls};

/// Size of the stack buffer `msg!` formats into.
pub const MSG_BUFFER_LEN: usize = 512;

/// Logs `message` as `Program log: <message>`.
pub fn sol_log(message: &str) {
    // SAFETY: `message` is valid UTF-8 of the given length.
    unsafe { syscalls::sol_log_(message.as_ptr(), message.len() as u64) };
}

/// Logs five numbers in hexadecimal.
pub fn sol_log_64(arg1: u64, arg2: u64, arg3: u64, arg4: u64, arg5: u64) {
    // SAFETY: plain values.
    unsafe { syscalls::sol_log_64_(arg1, arg2, arg3, arg4, arg5) };
}

/// Logs the compute units left.
pub fn sol_log_compute_units() {
    // SAFETY: no arguments.
    unsafe { syscalls::sol_log_compute_units_() };
}

/// Logs an address in base58.
pub fn sol_log_pubkey(key: &Pubkey) {
    // SAFETY: `key` is 32 readable bytes.
    unsafe { syscalls::sol_log_pubkey(key.as_array().as_ptr()) };
}

/// Logs binary fields, each base64-encoded: `Program data: <b64> …`.
/// Up to 16 fields are described on the stack, more on the heap.
pub fn sol_log_data(fields: &[&[u8]]) {
    use syscalls::SolBytes;
    const STACK_FIELDS: usize = 16;
    let log = |list: &[SolBytes]| {
        // SAFETY: `list` holds valid {addr, len} pairs borrowing `fields`.
        unsafe { syscalls::sol_log_data(list.as_ptr().cast(), list.len() as u64) };
    };
    if fields.len() <= STACK_FIELDS {
        let mut list = [SolBytes::EMPTY; STACK_FIELDS];
        for (slot, field) in list.iter_mut().zip(fields) {
            *slot = SolBytes::new(field);
        }
        log(&list[..fields.len()]);
    } else {
        let list: alloc::vec::Vec<SolBytes> = fields.iter().map(|f| SolBytes::new(f)).collect();
        log(&list);
    }
}

/// A `core::fmt` sink over a fixed buffer that keeps whole characters and
/// remembers whether anything was cut.
struct StackWriter {
    buf: [u8; MSG_BUFFER_LEN],
    len: usize,
    truncated: bool,
}

/// What a truncated message ends with.
const ELLIPSIS: &str = "…";

impl Write for StackWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.truncated {
            return Ok(());
        }
        // Keep room for the ellipsis.
        let room = MSG_BUFFER_LEN - ELLIPSIS.len() - self.len;
        let mut take = s.len().min(room);
        if take < s.len() {
            while !s.is_char_boundary(take) {
                take -= 1;
            }
            self.truncated = true;
        }
        self.buf[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

/// Formats `args` on the stack and logs it; what [`msg!`](crate::msg)
/// calls for messages with arguments.
#[inline(never)]
pub fn log_fmt(args: fmt::Arguments<'_>) {
    let mut w = StackWriter {
        buf: [0; MSG_BUFFER_LEN],
        len: 0,
        truncated: false,
    };
    // Formatting into StackWriter cannot fail; a Display impl that returns
    // an error just ends the message early.
    let _ = w.write_fmt(args);
    if w.truncated {
        w.buf[w.len..w.len + ELLIPSIS.len()].copy_from_slice(ELLIPSIS.as_bytes());
        w.len += ELLIPSIS.len();
    }
    // The buffer holds whole UTF-8 characters only.
    let text = core::str::from_utf8(&w.buf[..w.len]).unwrap_or("");
    sol_log(text);
}

/// Logs a message: `msg!("text")` or `msg!("format {}", args)`.
///
/// A message without arguments goes straight to `sol_log_`; one with
/// arguments is formatted into a 512-byte stack buffer (no heap).
///
/// ```
/// use lamport_sdk::{msg, pubkey::Pubkey};
///
/// msg!("plain text");
/// let n = 3;
/// msg!("{n} accounts, first {}", Pubkey::default());
/// # #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
/// assert_eq!(
///     lamport_sdk::syscalls::host::take_logs(),
///     ["Program log: plain text", "Program log: 3 accounts, first 11111111111111111111111111111111"]
/// );
/// ```
#[macro_export]
macro_rules! msg {
    ($($arg:tt)+) => {
        match ::core::format_args!($($arg)+) {
            args => match args.as_str() {
                ::core::option::Option::Some(text) => $crate::log::sol_log(text),
                ::core::option::Option::None => $crate::log::log_fmt(args),
            },
        }
    };
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests {
    use super::*;
    use crate::syscalls::host;
    use alloc::{string::String, vec::Vec};

    #[test]
    fn lines_match_the_runtime() {
        host::reset();
        sol_log("hello");
        crate::msg!("literal {{braces}}");
        crate::msg!("{} + {} = {}", 1, 2, 1 + 2);
        sol_log_64(1, 2, 255, 0, u64::MAX);
        sol_log_data(&[b"ab", b"", &[0xFF; 3]]);
        host::set_remaining_compute_units(1234);
        sol_log_compute_units();
        Pubkey::default().log();
        assert_eq!(
            host::take_logs(),
            [
                "Program log: hello",
                "Program log: literal {braces}",
                "Program log: 1 + 2 = 3",
                "Program log: 0x1, 0x2, 0xff, 0x0, 0xffffffffffffffff",
                "Program data: YWI=  ////",
                "Program consumption: 1234 units remaining",
                "Program log: 11111111111111111111111111111111",
            ]
        );
    }

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        host::reset();
        let long: String = "é".repeat(400); // 800 bytes
        crate::msg!("{long}");
        let many: Vec<&[u8]> = (0..20).map(|_| &b"x"[..]).collect();
        sol_log_data(&many);
        let logs = host::take_logs();
        let line = logs[0].strip_prefix("Program log: ").unwrap();
        assert!(line.len() <= MSG_BUFFER_LEN);
        assert!(line.ends_with('…'));
        assert!(line.starts_with("éé"));
        assert_eq!(logs[1].matches("eA==").count(), 20);
    }
}
