//! Running the benchmark program in lamport-runtime.

use lamport_runtime::{FailedTransaction, ProgramLoadError, Runtime, TransactionResult};
use lamport_sdk::{signer::Keypair, transaction::Transaction};

use crate::{Framework, Programs, Scenario};

/// Why a measurement has no figure.
#[derive(Debug)]
pub enum MeasureError {
    /// The runtime refused the ELF.
    Load(ProgramLoadError),
    /// The transaction failed (logs and compute units inside).
    Failed(Box<FailedTransaction>),
}

impl std::fmt::Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Load(err) => write!(f, "the program does not load: {err}"),
            Self::Failed(failed) => write!(f, "{failed}"),
        }
    }
}

impl std::error::Error for MeasureError {}

/// Runs `scenario`'s instruction with `data` against `elf` in a fresh
/// lamport-runtime (sigverify on, default compute budget) and returns the
/// transaction's result: its compute units are the program's alone, as
/// the transaction has no other instruction.
pub fn run(elf: &[u8], scenario: &Scenario, data: Vec<u8>) -> Result<TransactionResult, ProgramLoadError> {
    let mut runtime = Runtime::new();
    runtime.add_program(scenario.program_id, elf)?;
    runtime.airdrop(&scenario.payer.pubkey(), Scenario::PAYER_LAMPORTS).expect("a fresh payer has room");
    for (keypair, account) in &scenario.accounts {
        runtime.set_account(keypair.pubkey(), account.clone());
    }
    let mut signers: Vec<&Keypair> = vec![&scenario.payer];
    signers.extend(scenario.accounts.iter().map(|(keypair, _)| keypair));
    let tx = Transaction::new_signed_with_payer(
        &[scenario.instruction(data)],
        Some(&scenario.payer.pubkey()),
        &signers,
        runtime.latest_blockhash(),
    );
    Ok(runtime.send_transaction(tx))
}

/// Compute units `framework`'s program consumes reading `count` accounts
/// (with the correct expectations, so it succeeds).
pub fn measure(programs: &Programs, framework: Framework, count: u8) -> Result<u64, MeasureError> {
    let scenario = Scenario::new(framework, count);
    let data = scenario.instruction_data();
    match run(framework.elf(programs), &scenario, data).map_err(MeasureError::Load)? {
        Ok(meta) => Ok(meta.compute_units_consumed),
        Err(failed) => Err(MeasureError::Failed(Box::new(failed))),
    }
}
