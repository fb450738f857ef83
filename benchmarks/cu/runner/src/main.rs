//! `bench-cu`: builds the benchmark programs and prints the compute units
//! of the account-reading program for 1 and 10 accounts, and of single
//! operations.

use std::process::ExitCode;

use lamport_cu_bench::{build_programs, measure, measure_op, Framework, ACCOUNT_COUNTS, OPERATIONS};

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
    println!();
    println!("Compute units of one operation in a program (programs/cu-ops, net of the loop around it)");
    println!();
    println!("| operation | compute units |");
    println!("|---|---:|");
    for op in &OPERATIONS {
        match measure_op(&programs.ops, op) {
            Ok(units) => println!("| {} | {units:.1} |", op.name),
            Err(err) => {
                eprintln!("error: {}: {err}", op.name);
                println!("| {} | failed |", op.name);
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
