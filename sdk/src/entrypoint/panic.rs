//! What the default panic handler does.

use core::panic::PanicInfo;

/// Logs `info`'s message (`Program log: <message>`), then aborts through
/// `sol_panic_(file, len, line, column)`.
pub fn report_panic(info: &PanicInfo<'_>) -> ! {
    crate::log::log_fmt(format_args!("{}", info.message()));
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
