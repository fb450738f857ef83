//! A program on `std` with no SDK, shaped like what `solana-program`'s
//! entrypoint macro expands to: `entrypoint(input)` and a `custom_panic`
//! hook that std's panic handler calls.
//!
//! Instruction data: empty, it greets with words counted in a `HashMap`;
//! `[1]` panics with a formatted message (the hook logs it).

use std::collections::HashMap;

#[cfg(target_os = "solana")]
extern "C" {
    fn sol_log_(message: *const u8, len: u64);
}

/// Logs `message`.
pub fn log(message: &str) {
    #[cfg(target_os = "solana")]
    // SAFETY: `message` is `len` readable bytes.
    unsafe {
        sol_log_(message.as_ptr(), message.len() as u64)
    };
    #[cfg(not(target_os = "solana"))]
    println!("Program log: {message}");
}

/// Counts the words of `text` and describes the counts, most frequent first.
pub fn describe(text: &str) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_default() += 1;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let words: Vec<String> = sorted.iter().map(|(w, n)| format!("{w}={n}")).collect();
    format!("Hello from std: {}", words.join(", "))
}

/// The program: greets, or panics when asked to.
pub fn process(data: &[u8]) -> u64 {
    if data.first() == Some(&1) {
        let limit = 3;
        panic!("asked to panic with {} > {limit}", data.len() + 3);
    }
    log(&describe("to be or not to be"));
    0
}

/// The program's entrypoint: the instruction data follows the accounts.
///
/// # Safety
///
/// `input` is the runtime's input buffer; this program takes no accounts.
#[cfg(target_os = "solana")]
#[no_mangle]
pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
    // SAFETY: with no accounts the buffer is: 8-byte account count (0),
    // 8-byte data length, the data.
    let data = unsafe {
        let len = (input.add(8) as *const u64).read_unaligned() as usize;
        std::slice::from_raw_parts(input.add(16), len)
    };
    process(data)
}

/// What `solana-program`'s entrypoint macro defines: std calls it with
/// every panic.
#[cfg(target_os = "solana")]
#[no_mangle]
fn custom_panic(info: &core::panic::PanicInfo<'_>) {
    log(&format!("custom_panic: {info}"));
}
