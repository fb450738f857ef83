//! What the panic handlers do.
//!
//! The default handler reports where the panic happened and nothing else:
//! `sol_panic_(file, len, line, column)` makes the runtime fail the program
//! with `SBF program Panicked in <file> at <line>:<col>`. Formatting the panic
//! message would link `core::fmt` into every program, several kilobytes and
//! many compute units for a path that only runs on failure; programs that
//! want the message use [`verbose_panic_handler!`](crate::verbose_panic_handler).

use core::panic::PanicInfo;

/// Aborts through `sol_panic_(file, len, line, column)`.
pub fn report_panic(info: &PanicInfo<'_>) -> ! {
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

/// Logs `info`'s message (`Program log: <message>`), then aborts like
/// [`report_panic`].
pub fn report_panic_with_message(info: &PanicInfo<'_>) -> ! {
    crate::log::log_fmt(format_args!("{}", info.message()));
    report_panic(info)
}
