//! `bench-cu`: builds both benchmark programs and prints their compute
//! units for 1 and 10 accounts.

use std::process::ExitCode;

use lamport_cu_bench::{build_programs, measure, Framework, ACCOUNT_COUNTS};

fn main() -> ExitCode {
    let programs = match build_programs() {
        Ok(programs) => programs,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("Compute units to read N accounts (owner, signer and writable checks, lamport sum, 8 data bytes each)");
    println!();
    println!("| program | size | {} |", ACCOUNT_COUNTS.map(|n| format!("{n} account{}", if n == 1 { "" } else { "s" })).join(" | "));
    println!("|---|---:|{}", "---:|".repeat(ACCOUNT_COUNTS.len()));
    let mut status = ExitCode::SUCCESS;
    for framework in Framework::ALL {
        let mut cells = Vec::new();
        for count in ACCOUNT_COUNTS {
            match measure(&programs, framework, count) {
                Ok(units) => cells.push(units.to_string()),
                Err(err) => {
                    eprintln!("error: {} with {count} accounts: {err}", framework.name());
                    cells.push("failed".to_string());
                    status = ExitCode::FAILURE;
                }
            }
        }
        println!("| {} | {} B | {} |", framework.name(), framework.elf(&programs).len(), cells.join(" | "));
    }
    status
}
