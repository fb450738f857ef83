//! A program on `std` that defines no `custom_panic` hook, so std's default
//! reports its panics: the message in the log, then the location through
//! `sol_panic_`. The first byte of the instruction data picks the panic:
//!
//! | byte | panic |
//! |---|---|
//! | 1 | `panic!` with a plain string |
//! | 2 | `panic!` with formatted arguments |
//! | 3 | `std::panic::panic_any` with a `&str` payload |
//! | 4 | an index out of bounds |
//! | 5 | `unwrap()` on an `Err` |
//! | 6 | none, but an allocation larger than the heap (std logs it and aborts) |
//! | other | none: returns the byte count |

/// Panics as the first byte of `data` asks.
pub fn process(data: &[u8]) -> u64 {
    let limit = data.len() + 7;
    match data.first() {
        Some(1) => panic!("a plain message"),
        Some(2) => panic!("limit {limit} exceeded by {}", data.len() * 2),
        Some(3) => std::panic::panic_any("an arbitrary payload"),
        Some(4) => u64::from(data[limit]),
        Some(5) => "12x".parse::<u64>().unwrap(),
        Some(6) => {
            let mut big: Vec<u8> = Vec::with_capacity(limit * 10_000);
            big.push(1);
            std::hint::black_box(&mut big);
            big.capacity() as u64
        }
        _ => data.len() as u64,
    }
}

/// The program's entrypoint (no accounts; the instruction data follows).
///
/// # Safety
///
/// `input` is the runtime's input buffer.
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
