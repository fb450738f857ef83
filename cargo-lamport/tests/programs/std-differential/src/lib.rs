//! A program on `std`, through `lamport-sdk`'s `entrypoint!` with the SDK's
//! `std` feature: it logs [`report::report`] of its instruction data, line
//! by line, then the report's checksum. The test computes the same report
//! natively (the same source compiled for the host) and compares.
//!
//! Instruction data starting with `0xFF` panics instead, through the SDK's
//! `custom_panic` hook.

pub mod report;

use lamport_sdk::{account_info::AccountInfo, entrypoint, msg, program_error::ProgramResult, pubkey::Pubkey};

entrypoint!(process_instruction);

/// Logs the report of `data` and its checksum.
pub fn process_instruction(_program_id: &Pubkey, _accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    if data.first() == Some(&0xFF) {
        let missing: Option<u8> = data.get(1000).copied();
        missing.expect("instruction data shorter than 1001 bytes");
    }
    let text = report::report(data);
    for line in text.lines() {
        lamport_sdk::log::sol_log(line);
    }
    msg!("checksum {:016x}", report::checksum(&text));
    Ok(())
}
