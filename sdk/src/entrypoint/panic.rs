//! What the panic handlers do.
//!
//! The default handler ([`report_panic`]) logs the panic message, then
//! fails the program through `sol_panic_(file, len, line, column)`, which the
//! runtime reports as `SBF program Panicked in <file> at <line>:<col>`. It
//! costs nothing until a panic happens, and adds little code: a message
//! without arguments (`panic!("text")`, `expect("text")`) is logged as the
//! `&str` it is, straight through `sol_log_`; only a program whose panics
//! format arguments (`unwrap()` on an `Err`, bounds checks, `panic!("{x}")`)
//! links `core::fmt` to format them, on the panic path only.

use core::panic::PanicInfo;

/// Logs `info`'s message (`Program log: <message>`), then aborts through
/// `sol_panic_` with its location.
pub fn report_panic(info: &PanicInfo<'_>) -> ! {
    log_message(info);
    report_location(info)
}

/// Same as [`report_panic`] (kept for programs that named the verbose
/// handler explicitly).
pub fn report_panic_with_message(info: &PanicInfo<'_>) -> ! {
    report_panic(info)
}

/// Logs the message of `info`: as is when it is a plain string, formatted
/// otherwise.
pub fn log_message(info: &PanicInfo<'_>) {
    let message = info.message();
    match message.as_str() {
        Some(text) => crate::log::sol_log(text),
        None => crate::log::log_fmt(format_args!("{message}")),
    }
}

/// Aborts through `sol_panic_(file, len, line, column)`, without a message.
pub fn report_location(info: &PanicInfo<'_>) -> ! {
    let (file, line, column) = match info.location() {
        Some(location) => (location.file(), location.line(), location.column()),
        None => ("", 0, 0),
    };
    // SAFETY: `file` is a valid string of `file.len()` bytes.
    unsafe {
        crate::syscalls::sol_panic_(
            file.as_ptr(),
            file.len() as u64,
            u64::from(line),
            u64::from(column),
        )
    }
}
