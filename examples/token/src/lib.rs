//! A fungible token: mints, token accounts, `MintTo`, `Transfer` and
//! `Burn`, with SPL Token's account layouts (82-byte mints, 165-byte
//! accounts) and instruction tags.
//!
//! `Transfer` — the instruction a token spends its life on — has a fast
//! path ([`fast_path`]) that runs before the entrypoint parses anything:
//! when the input has the usual shape (three distinct accounts, two token
//! accounts and a data-less authority), it checks and moves the amount in
//! place, reading the input buffer at fixed offsets. Everything else,
//! including unusual transfers, goes through the general [`processor`].
//!
//! ```text
//! $ cargo lamport build -p token
//! $ cargo lamport test -p token -- --nocapture    # prints Transfer's compute units
//! ```
#![cfg_attr(not(test), no_std)]

pub mod error;
pub mod fast_path;
pub mod instruction;
pub mod processor;
pub mod state;

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::on_chain! {
    /// The program's entrypoint: the Transfer fast path, else the general
    /// processor.
    ///
    /// # Safety
    ///
    /// `input` must be the runtime's input buffer.
    #[no_mangle]
    pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
        // SAFETY: the runtime passes its input buffer, which both paths
        // require; the fast path returns `None` without writing anything
        // unless the buffer has the shape it reads.
        unsafe {
            match fast_path::transfer(input) {
                Some(code) => code,
                None => lamport_sdk::entrypoint::process_entrypoint::<8>(input, processor::process_instruction),
            }
        }
    }
}
#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::no_allocator!();
#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::default_panic_handler!();
