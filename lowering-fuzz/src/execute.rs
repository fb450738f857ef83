//! Runs a built batch: natively, and in lamport-runtime's interpreter and
//! JIT, collecting every function's checksum on every input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use lamport_runtime::Runtime;
use lamport_sdk::{
    compute_budget::set_compute_unit_limit, hash::Hash, instruction::Instruction, pubkey::Pubkey, signer::Keypair,
    transaction::Transaction,
};

use crate::program::{INPUT_WORDS, MAX_PER_INSTRUCTION};

/// Functions run per instruction (their checksums fill the return data;
/// a failing group is run again one function at a time).
pub const GROUP: usize = 8;

/// Compute units each transaction may use (the most Agave allows).
pub const COMPUTE_LIMIT: u32 = 1_400_000;

/// One input of a batch's functions.
pub type Input = [u64; INPUT_WORDS];

/// Why a batch could not be run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The native driver failed (a panic is a generator bug).
    #[error("the native build of {program} failed: {detail}")]
    Native {
        /// The batch.
        program: String,
        /// What went wrong.
        detail: String,
    },
    /// The runtime refused the program.
    #[error("lamport-runtime could not load {program}: {detail}")]
    Load {
        /// The batch.
        program: String,
        /// The loader's error.
        detail: String,
    },
}

/// Checksums of every function on every input, from the native build:
/// `[input][function]`.
pub fn native(program: &str, exe: &Path, inputs: &[Input], functions: usize) -> Result<Vec<Vec<u64>>, RunError> {
    let fail = |detail: String| RunError::Native { program: program.to_string(), detail };
    let mut child = Command::new(exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("{}: {e}", exe.display())))?;
    let mut bytes = Vec::with_capacity(inputs.len() * 64);
    for input in inputs {
        for w in input {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
    }
    child.stdin.take().expect("piped").write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    let output = child.wait_with_output().map_err(|e| fail(e.to_string()))?;
    if !output.status.success() {
        return Err(fail(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<Vec<u64>> = text
        .lines()
        .map(|line| line.split(' ').filter_map(|w| u64::from_str_radix(w, 16).ok()).collect())
        .collect();
    if rows.len() != inputs.len() || rows.iter().any(|r| r.len() != functions) {
        return Err(fail(format!("expected {} lines of {functions} checksums, got:\n{text}", inputs.len())));
    }
    Ok(rows)
}

/// One instruction's outcome: the functions it ran, their checksums (or
/// why the instruction failed) and the compute units it consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRun {
    /// Index of the input.
    pub input: usize,
    /// First function run.
    pub first: usize,
    /// Functions run.
    pub count: usize,
    /// The checksums, or the failure's log.
    pub result: Result<Vec<u64>, String>,
    /// Compute units the transaction consumed.
    pub compute_units: u64,
}

/// A program loaded in one runtime (interpreter or JIT).
pub struct Vm {
    runtime: Runtime,
    payer: Keypair,
    program: Pubkey,
    sent: u64,
}

impl Vm {
    /// Loads `elf` in a runtime running programs in the JIT when `jit`,
    /// else in the interpreter.
    pub fn new(name: &str, elf: &[u8], jit: bool) -> Result<Self, RunError> {
        let mut runtime = Runtime::new().with_jit(jit).with_blockhash_check(false);
        let program = Pubkey::new_from_array([0x4c; 32]);
        runtime
            .add_program(program, elf)
            .map_err(|e| RunError::Load { program: name.to_string(), detail: e.to_string() })?;
        let payer = Keypair::new_from_array([0x11; 32]);
        runtime
            .airdrop(&payer.pubkey(), 1_000_000_000_000)
            .map_err(|e| RunError::Load { program: name.to_string(), detail: e.to_string() })?;
        Ok(Vm { runtime, payer, program, sent: 0 })
    }

    /// Runs functions `first..first + count` on `input` in one instruction.
    pub fn run(&mut self, index: usize, input: &Input, first: usize, count: usize) -> GroupRun {
        assert!(count <= MAX_PER_INSTRUCTION);
        let mut data = Vec::with_capacity(8 + 8 * INPUT_WORDS);
        data.extend_from_slice(&(first as u32).to_le_bytes());
        data.extend_from_slice(&(count as u32).to_le_bytes());
        for w in input {
            data.extend_from_slice(&w.to_le_bytes());
        }
        let instructions = [set_compute_unit_limit(COMPUTE_LIMIT), Instruction::new_with_bytes(self.program, &data, vec![])];
        // A distinct blockhash per transaction keeps signatures distinct.
        self.sent += 1;
        let mut hash = [0u8; 32];
        hash[..8].copy_from_slice(&self.sent.to_le_bytes());
        let tx = Transaction::new_signed_with_payer(&instructions, Some(&self.payer.pubkey()), &[&self.payer], Hash::new_from_array(hash));
        let (result, compute_units) = match self.runtime.send_transaction(tx) {
            Ok(meta) => {
                let words = meta.return_data.data.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")));
                let checksums: Vec<u64> = words.collect();
                if checksums.len() == count {
                    (Ok(checksums), meta.compute_units_consumed)
                } else {
                    (Err(format!("returned {} bytes for {count} functions", meta.return_data.data.len())), meta.compute_units_consumed)
                }
            }
            Err(failed) => (Err(failed.to_string()), failed.meta.compute_units_consumed),
        };
        GroupRun { input: index, first, count, result, compute_units }
    }

    /// Runs every function on every input, [`GROUP`] per instruction; a
    /// failed group runs again one function at a time, so each failure
    /// names its function.
    pub fn run_all(&mut self, inputs: &[Input], functions: usize) -> Vec<GroupRun> {
        let mut runs = Vec::new();
        for (index, input) in inputs.iter().enumerate() {
            let mut first = 0;
            while first < functions {
                let count = GROUP.min(functions - first);
                let run = self.run(index, input, first, count);
                let failed = run.result.is_err();
                runs.push(run);
                if failed && count > 1 {
                    for k in first..first + count {
                        runs.push(self.run(index, input, k, 1));
                    }
                }
                first += count;
            }
        }
        runs
    }
}
