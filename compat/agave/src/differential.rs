//! The differential harness: one [`Scenario`] runs through lamport-runtime
//! and through LiteSVM (Agave 4.3's SVM), and every observable of every
//! transaction is compared — result and error, compute units, fee, each log
//! line, return data, and each account the transaction could write
//! (lamports, data, owner, executable, rent_epoch).

use std::fmt;

use lamport_runtime::{FeatureSet, LoaderKind, Runtime, TransactionResult};
use lamport_sdk::{
    account::Account,
    instruction::Instruction,
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};
use litesvm::LiteSVM;
use solana_address::Address;

use crate::{address, keypair};

/// A program a scenario deploys, under the same address and loader in both runtimes.
#[derive(Clone)]
pub struct Program {
    /// Its address.
    pub id: Pubkey,
    /// The ELF.
    pub elf: Vec<u8>,
    /// The loader that owns it.
    pub loader: LoaderKind,
}

/// One transaction of a scenario: its instructions, paid by the scenario's
/// payer (keypair 0) and signed by the listed keypairs as well.
#[derive(Clone)]
pub struct Step {
    /// What the transaction does, in a few words.
    pub label: String,
    /// Its instructions.
    pub instructions: Vec<Instruction>,
    /// Indices into [`Scenario::keypairs`] of the other signers.
    pub signers: Vec<usize>,
}

impl Step {
    /// A step signed by the payer alone.
    pub fn new(label: impl Into<String>, instructions: Vec<Instruction>) -> Self {
        Self { label: label.into(), instructions, signers: Vec::new() }
    }

    /// Adds signers (indices into [`Scenario::keypairs`]).
    pub fn signed_by(mut self, signers: &[usize]) -> Self {
        self.signers.extend_from_slice(signers);
        self
    }
}

/// Programs, starting accounts and transactions, run alike in both runtimes.
pub struct Scenario {
    /// A unique name.
    pub name: String,
    /// Programs deployed before the first transaction.
    pub programs: Vec<Program>,
    /// Accounts set before the first transaction (the payer's included).
    pub accounts: Vec<(Pubkey, Account)>,
    /// Keypairs that sign; keypair 0 pays every fee.
    pub keypairs: Vec<Keypair>,
    /// The transactions, in order.
    pub steps: Vec<Step>,
}

impl Scenario {
    /// A scenario whose payer (keypair 0) holds `payer_lamports`.
    pub fn new(name: impl Into<String>, payer_lamports: u64) -> Self {
        let payer = Keypair::new();
        let account = system_account(payer_lamports);
        Self { name: name.into(), programs: Vec::new(), accounts: vec![(payer.pubkey(), account)], keypairs: vec![payer], steps: Vec::new() }
    }

    /// The payer's address.
    pub fn payer(&self) -> Pubkey {
        self.keypairs[0].pubkey()
    }

    /// Adds a keypair and returns its index and address.
    pub fn keypair(&mut self) -> (usize, Pubkey) {
        let keypair = Keypair::new();
        let key = keypair.pubkey();
        self.keypairs.push(keypair);
        (self.keypairs.len() - 1, key)
    }

    /// Adds a keypair holding a system account of `lamports`; returns its index and address.
    pub fn funded_keypair(&mut self, lamports: u64) -> (usize, Pubkey) {
        let (index, key) = self.keypair();
        self.accounts.push((key, system_account(lamports)));
        (index, key)
    }

    /// Deploys `program`.
    pub fn program(&mut self, program: Program) -> &mut Self {
        self.programs.push(program);
        self
    }

    /// Sets `account` at `key` before the first transaction.
    pub fn account(&mut self, key: Pubkey, account: Account) -> &mut Self {
        self.accounts.push((key, account));
        self
    }

    /// Appends a transaction.
    pub fn step(&mut self, step: Step) -> &mut Self {
        self.steps.push(step);
        self
    }
}

/// A system account holding `lamports`, as a transfer leaves it (`rent_epoch` u64::MAX).
pub fn system_account(lamports: u64) -> Account {
    Account { lamports, data: Vec::new(), owner: Pubkey::default(), executable: false, rent_epoch: u64::MAX }
}

/// An account's state as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    /// Lamports.
    pub lamports: u64,
    /// Data.
    pub data: Vec<u8>,
    /// Owner.
    pub owner: [u8; 32],
    /// Executable flag.
    pub executable: bool,
    /// Rent epoch.
    pub rent_epoch: u64,
}

/// Everything observed of one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// `Ok` or the error in Solana's debug form.
    pub result: String,
    /// Compute units consumed.
    pub compute_units: u64,
    /// Fee reported.
    pub fee: u64,
    /// Log lines.
    pub logs: Vec<String>,
    /// Return data: the program that set it and the bytes.
    pub return_data: ([u8; 32], Vec<u8>),
    /// Every account the transaction could write, after it (absent: `None`).
    pub accounts: Vec<([u8; 32], Option<AccountState>)>,
}

/// One field that differs between the runtimes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The scenario.
    pub scenario: String,
    /// Index and label of the transaction.
    pub step: String,
    /// What differs: `result`, `compute_units`, `fee`, `logs`, `return_data`
    /// or `account <address>`.
    pub field: String,
    /// lamport-runtime's value.
    pub lamport: String,
    /// Agave's value.
    pub agave: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} / {}: {} differs\n  lamport-runtime: {}\n  agave:           {}",
            self.scenario, self.step, self.field, self.lamport, self.agave
        )
    }
}

/// The accounts a step can write: every writable account meta and the payer.
fn writable_keys(scenario: &Scenario, step: &Step) -> Vec<Pubkey> {
    let mut keys = vec![scenario.payer()];
    for ix in &step.instructions {
        for meta in &ix.accounts {
            if meta.is_writable && !keys.contains(&meta.pubkey) {
                keys.push(meta.pubkey);
            }
        }
    }
    keys
}

fn signers<'a>(scenario: &'a Scenario, step: &Step) -> Vec<&'a Keypair> {
    let mut signers = vec![&scenario.keypairs[0]];
    signers.extend(step.signers.iter().map(|&index| &scenario.keypairs[index]));
    signers
}

/// lamport-runtime under `features`, set up for `scenario`: the Clock at
/// LiteSVM's first slot, the scenario's programs and accounts.
pub fn lamport_runtime(scenario: &Scenario, features: FeatureSet) -> Runtime {
    let mut runtime = Runtime::new().with_feature_set(features);
    runtime.warp_to_slot(litesvm::MAINNET_DEFAULT_SLOT);
    for program in &scenario.programs {
        runtime
            .add_program_with_loader(program.id, &program.elf, program.loader)
            .unwrap_or_else(|err| panic!("{}: lamport-runtime refuses {}: {err}", scenario.name, program.id));
    }
    for (key, account) in &scenario.accounts {
        runtime.set_account(*key, account.clone());
    }
    runtime
}

/// Sends `step` of `scenario` in `runtime` and observes it; then a fresh
/// blockhash, since steps may repeat a transaction.
pub fn send_lamport(runtime: &mut Runtime, scenario: &Scenario, step: &Step) -> Observation {
    let tx = Transaction::new_signed_with_payer(
        &step.instructions,
        Some(&scenario.payer()),
        &signers(scenario, step),
        runtime.latest_blockhash(),
    );
    let result: TransactionResult = runtime.send_transaction(tx);
    let (outcome, meta) = match &result {
        Ok(meta) => ("Ok".to_string(), meta),
        Err(failed) => (format!("{:?}", failed.err), &failed.meta),
    };
    let accounts = writable_keys(scenario, step)
        .into_iter()
        .map(|key| {
            let state = runtime.get_account(&key).map(|a| AccountState {
                lamports: a.lamports,
                data: a.data,
                owner: a.owner.to_bytes(),
                executable: a.executable,
                rent_epoch: a.rent_epoch,
            });
            (key.to_bytes(), state)
        })
        .collect();
    runtime.expire_blockhash();
    Observation {
        result: outcome,
        compute_units: meta.compute_units_consumed,
        fee: meta.fee,
        logs: meta.logs.to_vec(),
        return_data: (meta.return_data.program_id.to_bytes(), meta.return_data.data.clone()),
        accounts,
    }
}

/// Runs `scenario` in lamport-runtime under `features`.
pub fn run_lamport(scenario: &Scenario, features: FeatureSet) -> Vec<Observation> {
    let mut runtime = lamport_runtime(scenario, features);
    scenario.steps.iter().map(|step| send_lamport(&mut runtime, scenario, step)).collect()
}

fn agave_loader(loader: LoaderKind) -> Address {
    address(&loader.id())
}

/// `ix` in Agave's types.
pub fn agave_instruction(ix: &Instruction) -> solana_instruction::Instruction {
    solana_instruction::Instruction {
        program_id: address(&ix.program_id),
        accounts: ix
            .accounts
            .iter()
            .map(|meta| solana_instruction::AccountMeta {
                pubkey: address(&meta.pubkey),
                is_signer: meta.is_signer,
                is_writable: meta.is_writable,
            })
            .collect(),
        data: ix.data.clone(),
    }
}

/// LiteSVM (Agave 4.3's SVM with mainnet features) set up for a scenario,
/// with the scenario's keypairs as Agave's.
pub struct Agave {
    /// The SVM.
    pub svm: LiteSVM,
    keypairs: Vec<solana_keypair::Keypair>,
}

impl Agave {
    /// LiteSVM with `scenario`'s programs and accounts.
    pub fn new(scenario: &Scenario) -> Self {
        let mut svm = LiteSVM::new();
        for program in &scenario.programs {
            svm.add_program_with_loader(address(&program.id), &program.elf, agave_loader(program.loader))
                .unwrap_or_else(|err| panic!("{}: LiteSVM refuses {}: {err:?}", scenario.name, program.id));
        }
        for (key, account) in &scenario.accounts {
            let account = solana_account::Account {
                lamports: account.lamports,
                data: account.data.clone(),
                owner: address(&account.owner),
                executable: account.executable,
                rent_epoch: account.rent_epoch,
            };
            svm.set_account(address(key), account)
                .unwrap_or_else(|err| panic!("{}: set_account {key}: {err:?}", scenario.name));
        }
        Self { svm, keypairs: scenario.keypairs.iter().map(keypair).collect() }
    }

    /// Sends `step` of `scenario` and observes it; then a fresh blockhash.
    pub fn send(&mut self, scenario: &Scenario, step: &Step) -> Observation {
        use solana_signer::Signer;

        let instructions: Vec<_> = step.instructions.iter().map(agave_instruction).collect();
        let mut signing: Vec<&solana_keypair::Keypair> = vec![&self.keypairs[0]];
        signing.extend(step.signers.iter().map(|&index| &self.keypairs[index]));
        let message = solana_message::Message::new(&instructions, Some(&self.keypairs[0].pubkey()));
        let tx = solana_transaction::Transaction::new(&signing, message, self.svm.latest_blockhash());
        let (outcome, meta) = match self.svm.send_transaction(tx) {
            Ok(meta) => ("Ok".to_string(), meta),
            Err(failed) => (format!("{:?}", failed.err), failed.meta),
        };
        let accounts = writable_keys(scenario, step)
            .into_iter()
            .map(|key| {
                let state = self.svm.get_account(&address(&key)).filter(|a| a.lamports > 0).map(|a| AccountState {
                    lamports: a.lamports,
                    data: a.data,
                    owner: a.owner.to_bytes(),
                    executable: a.executable,
                    rent_epoch: a.rent_epoch,
                });
                (key.to_bytes(), state)
            })
            .collect();
        self.svm.expire_blockhash();
        Observation {
            result: outcome,
            compute_units: meta.compute_units_consumed,
            fee: meta.fee,
            logs: meta.logs,
            return_data: (meta.return_data.program_id.to_bytes(), meta.return_data.data),
            accounts,
        }
    }
}

/// Runs `scenario` in LiteSVM (Agave 4.3's SVM with mainnet features).
pub fn run_agave(scenario: &Scenario) -> Vec<Observation> {
    let mut agave = Agave::new(scenario);
    scenario.steps.iter().map(|step| agave.send(scenario, step)).collect()
}

fn b58(bytes: &[u8; 32]) -> String {
    Pubkey::new_from_array(*bytes).to_string()
}

/// Every difference between the two runs of `scenario`.
pub fn compare(scenario: &Scenario, lamport: &[Observation], agave: &[Observation]) -> Vec<Difference> {
    let mut differences = Vec::new();
    for (index, ((ours, theirs), step)) in lamport.iter().zip(agave).zip(&scenario.steps).enumerate() {
        let mut differ = |field: String, lamport: String, agave: String| {
            differences.push(Difference {
                scenario: scenario.name.clone(),
                step: format!("#{index} {}", step.label),
                field,
                lamport,
                agave,
            });
        };
        if ours.result != theirs.result {
            differ("result".into(), ours.result.clone(), theirs.result.clone());
        }
        if ours.compute_units != theirs.compute_units {
            differ("compute_units".into(), ours.compute_units.to_string(), theirs.compute_units.to_string());
        }
        if ours.fee != theirs.fee {
            differ("fee".into(), ours.fee.to_string(), theirs.fee.to_string());
        }
        if ours.logs != theirs.logs {
            differ("logs".into(), format!("{:#?}", ours.logs), format!("{:#?}", theirs.logs));
        }
        if ours.return_data != theirs.return_data {
            let show = |(program, data): &([u8; 32], Vec<u8>)| format!("{} {:?}", b58(program), data);
            differ("return_data".into(), show(&ours.return_data), show(&theirs.return_data));
        }
        for ((key, mine), (_, other)) in ours.accounts.iter().zip(&theirs.accounts) {
            if mine != other {
                differ(format!("account {}", b58(key)), format!("{mine:?}"), format!("{other:?}"));
            }
        }
    }
    differences
}

/// Runs `scenario` in both runtimes (lamport-runtime under the default
/// [`FeatureSet`]) and returns every difference.
pub fn differences(scenario: &Scenario) -> Vec<Difference> {
    let lamport = run_lamport(scenario, FeatureSet::default());
    let agave = run_agave(scenario);
    compare(scenario, &lamport, &agave)
}
