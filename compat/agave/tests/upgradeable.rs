//! The upgradeable loader against Agave's (LiteSVM 0.17 on Agave 4.3): a
//! program is deployed through transactions (buffer, chunked writes,
//! `DeployWithMaxDataLen`), invoked, upgraded to a second ELF, invoked
//! again, handed to a new authority and closed; every transaction — and
//! the failures along the way (wrong authority, too small a program-data
//! account, a second deployment in the same slot, invoking a closed
//! program) — gives the same result, logs, compute units, fee and written
//! accounts in lamport-runtime and in LiteSVM.
//!
//! Slots advance between deployment, upgrade and close, as they do on a
//! cluster (a program cannot be upgraded or closed in its deployment's
//! slot). Both runtimes start at LiteSVM's default slot.

use std::path::Path;

use lamport_agave_compat::{
    build,
    differential::{self, Observation, Program, Scenario, Step},
    repository,
};
use lamport_runtime::{FeatureSet, LoaderKind, Runtime};
use lamport_sdk::{
    bpf_loader_upgradeable::{self as loader, UpgradeableLoaderState},
    instruction::Instruction,
    pubkey::Pubkey,
};

/// One thing a run does: a transaction (a scenario step) or moving to the next slot.
enum Action {
    Send(usize),
    NextSlot,
}

/// The scenario and its actions, built step by step.
struct Plan {
    scenario: Scenario,
    actions: Vec<Action>,
}

impl Plan {
    fn send(&mut self, step: Step) {
        self.actions.push(Action::Send(self.scenario.steps.len()));
        self.scenario.steps.push(step);
    }

    fn next_slot(&mut self) {
        self.actions.push(Action::NextSlot);
    }

    /// Steps creating a buffer (paid and written by the payer, signed by
    /// keypair `buffer`) holding `elf`.
    fn buffer(&mut self, label: &str, buffer: (usize, Pubkey), elf: &[u8]) {
        let payer = self.scenario.payer();
        let lamports = rent_exempt(UpgradeableLoaderState::size_of_buffer(elf.len()));
        let create = loader::create_buffer(&payer, &buffer.1, &payer, lamports, elf.len());
        self.send(Step::new(format!("{label}: create buffer"), create).signed_by(&[buffer.0]));
        for (index, chunk) in elf.chunks(CHUNK).enumerate() {
            let write = loader::write(&buffer.1, &payer, (index * CHUNK) as u32, chunk.to_vec());
            self.send(Step::new(format!("{label}: write at {}", index * CHUNK), vec![write]));
        }
    }
}

/// ELF bytes per `Write` transaction.
const CHUNK: usize = 900;

fn rent_exempt(len: usize) -> u64 {
    Runtime::new().minimum_balance_for_rent_exemption(len)
}

fn run_lamport(plan: &Plan) -> Vec<Observation> {
    let scenario = &plan.scenario;
    let mut runtime = differential::lamport_runtime(scenario, FeatureSet::default());
    let mut observations = Vec::new();
    for action in &plan.actions {
        match action {
            Action::NextSlot => runtime.warp_to_slot(runtime.clock().slot + 1),
            Action::Send(index) => observations.push(differential::send_lamport(&mut runtime, scenario, &scenario.steps[*index])),
        }
    }
    observations
}

fn run_agave(plan: &Plan) -> Vec<Observation> {
    let scenario = &plan.scenario;
    let mut agave = differential::Agave::new(scenario);
    let mut slot = litesvm::MAINNET_DEFAULT_SLOT;
    let mut observations = Vec::new();
    for action in &plan.actions {
        match action {
            Action::NextSlot => {
                slot += 1;
                agave.svm.warp_to_slot(slot);
            }
            Action::Send(index) => observations.push(agave.send(scenario, &scenario.steps[*index])),
        }
    }
    observations
}

fn invoke(program: &Pubkey, data: &[u8]) -> Vec<Instruction> {
    vec![Instruction { program_id: *program, accounts: vec![], data: data.to_vec() }]
}

#[test]
fn deploy_invoke_upgrade_invoke_close_match_agave() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upgradeable");
    let first = std::fs::read(repository().join("runtime/tests/fixtures/spl_memo-4.0.0.so")).expect("the memo fixture");
    let second = build(&repository().join("examples/hello/Cargo.toml"), &out_dir.join("hello"), "hello");
    let max_len = first.len().max(second.len());

    let mut plan = Plan { scenario: Scenario::new("upgradeable loader", 100_000_000_000), actions: Vec::new() };
    let payer = plan.scenario.payer();
    // LiteSVM reloads a closed program from the accounts of the closing
    // transaction in message order (sorted by address): when the program
    // account comes before its program-data account, it reloads the old
    // ELF and keeps running a closed program. Agave's bank never does; the
    // program id is chosen so that LiteSVM behaves as Agave.
    let (program_index, program) = loop {
        let (index, program) = plan.scenario.keypair();
        if loader::get_program_data_address(&program).to_bytes() < program.to_bytes() {
            break (index, program);
        }
    };
    let programdata = loader::get_program_data_address(&program);
    let first_buffer = plan.scenario.keypair();
    let second_buffer = plan.scenario.keypair();
    let (intruder_index, intruder) = plan.scenario.funded_keypair(1_000_000_000);
    let (new_authority_index, new_authority) = plan.scenario.keypair();
    let program_lamports = rent_exempt(UpgradeableLoaderState::size_of_program());

    // Deployment: a program-data account too small for the ELF fails; the
    // right size deploys.
    plan.buffer("memo", first_buffer, &first);
    let too_small = loader::deploy_with_max_program_len(&payer, &program, &first_buffer.1, &payer, program_lamports, first.len() - 1);
    plan.send(Step::new("deploy with too small a max len", too_small).signed_by(&[program_index]));
    let deploy = loader::deploy_with_max_program_len(&payer, &program, &first_buffer.1, &payer, program_lamports, max_len);
    plan.send(Step::new("deploy", deploy).signed_by(&[program_index]));
    plan.next_slot();
    plan.send(Step::new("invoke the first ELF", invoke(&program, b"hello")));

    // Upgrade: the intruder cannot; the authority can.
    plan.buffer("hello", second_buffer, &second);
    let stolen = loader::upgrade(&program, &second_buffer.1, &intruder, &intruder);
    plan.send(Step::new("upgrade by another authority", vec![stolen]).signed_by(&[intruder_index]));
    plan.send(Step::new("upgrade", vec![loader::upgrade(&program, &second_buffer.1, &payer, &payer)]));
    let early_close = loader::close_any(&programdata, &payer, Some(&payer), Some(&program));
    plan.send(Step::new("close in the upgrade's slot", vec![early_close]));
    plan.next_slot();
    plan.send(Step::new("invoke the second ELF", invoke(&program, b"")));

    // A new authority (signing), then closing by the old and the new one.
    let handover = loader::set_upgrade_authority_checked(&program, &payer, &new_authority);
    plan.send(Step::new("set the upgrade authority (checked)", vec![handover]).signed_by(&[new_authority_index]));
    let old_close = loader::close_any(&programdata, &payer, Some(&payer), Some(&program));
    plan.send(Step::new("close by the old authority", vec![old_close]));
    let close = loader::close_any(&programdata, &payer, Some(&new_authority), Some(&program));
    plan.send(Step::new("close", vec![close]).signed_by(&[new_authority_index]));
    plan.next_slot();
    plan.send(Step::new("invoke the closed program", invoke(&program, b"hello")));

    let lamport = run_lamport(&plan);
    let agave = run_agave(&plan);
    for (step, observed) in plan.scenario.steps.iter().zip(&agave) {
        println!("{}: {} ({} CU)", step.label, observed.result, observed.compute_units);
    }
    let differences = differential::compare(&plan.scenario, &lamport, &agave);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} differences from Agave:\n{}", differences.len(), report.join("\n"));

    // The steps did what their labels say.
    let result = |label: &str| {
        let index = plan.scenario.steps.iter().position(|step| step.label == label).expect("a step");
        (lamport[index].result.clone(), lamport[index].logs.clone())
    };
    assert_eq!(result("deploy").0, "Ok");
    assert!(result("deploy").1.contains(&format!("Deployed program {program}")));
    assert!(result("invoke the first ELF").1.contains(&"Program log: hello".to_string()));
    assert_eq!(result("upgrade").0, "Ok");
    assert!(result("invoke the second ELF").1.contains(&"Program log: Hello, Lamport!".to_string()));
    assert!(result("close").1.contains(&format!("Closed Program {program}")));
    assert_eq!(result("invoke the closed program").0, "InstructionError(0, UnsupportedProgramId)");
    assert_eq!(result("upgrade by another authority").0, "InstructionError(0, IncorrectAuthority)");
    assert_eq!(result("deploy with too small a max len").0, "InstructionError(1, AccountDataTooSmall)");
}

/// Runs `plan` in both runtimes and returns lamport-runtime's observations
/// with every difference.
fn run_both(plan: &Plan) -> (Vec<Observation>, Vec<differential::Difference>) {
    let lamport = run_lamport(plan);
    let agave = run_agave(plan);
    for (step, observed) in plan.scenario.steps.iter().zip(&agave) {
        println!("{}: {} ({} CU)", step.label, observed.result, observed.compute_units);
    }
    let differences = differential::compare(&plan.scenario, &lamport, &agave);
    (lamport, differences)
}

fn step_result<'a>(plan: &Plan, observations: &'a [Observation], label: &str) -> &'a Observation {
    let index = plan.scenario.steps.iter().position(|step| step.label == label).expect("a step with this label");
    &observations[index]
}

#[test]
fn buffer_authorities_extension_and_failures_match_agave() {
    let elf = std::fs::read(repository().join("runtime/tests/fixtures/spl_memo-4.0.0.so")).expect("the memo fixture");
    let mut broken = elf.clone();
    broken[0] = 0;

    let mut plan = Plan { scenario: Scenario::new("upgradeable loader: buffers and extension", 100_000_000_000), actions: Vec::new() };
    let payer = plan.scenario.payer();
    let (program_index, program) = plan.scenario.keypair();
    let programdata = loader::get_program_data_address(&program);
    let buffer = plan.scenario.keypair();
    let bad_buffer = plan.scenario.keypair();
    let (other_index, other) = plan.scenario.funded_keypair(1_000_000_000);
    let program_lamports = rent_exempt(UpgradeableLoaderState::size_of_program());

    plan.buffer("memo", buffer, &elf);
    let foreign = loader::write(&buffer.1, &other, 0, vec![1, 2, 3]);
    plan.send(Step::new("write by another authority", vec![foreign]).signed_by(&[other_index]));
    plan.send(Step::new("write past the end", vec![loader::write(&buffer.1, &payer, elf.len() as u32, vec![1])]));
    plan.send(Step::new("hand the buffer over", vec![loader::set_buffer_authority(&buffer.1, &payer, &other)]));
    let back = loader::set_buffer_authority_checked(&buffer.1, &other, &payer);
    plan.send(Step::new("hand the buffer back (checked)", vec![back]).signed_by(&[other_index]));

    // A buffer whose ELF the loader refuses cannot be deployed; it can be closed.
    plan.buffer("broken", bad_buffer, &broken);
    let deploy_bad = loader::deploy_with_max_program_len(&payer, &program, &bad_buffer.1, &payer, program_lamports, elf.len());
    plan.send(Step::new("deploy a broken ELF", deploy_bad).signed_by(&[program_index]));
    plan.send(Step::new("close the broken buffer", vec![loader::close(&bad_buffer.1, &payer, &payer)]));

    let deploy = loader::deploy_with_max_program_len(&payer, &program, &buffer.1, &payer, program_lamports, elf.len());
    plan.send(Step::new("deploy", deploy).signed_by(&[program_index]));
    plan.send(Step::new("extend in the deployment's slot", vec![loader::extend_program(&program, Some(&payer), 10_240)]));
    plan.next_slot();
    plan.send(Step::new("extend by too little", vec![loader::extend_program(&program, Some(&payer), 100)]));
    plan.send(Step::new("extend", vec![loader::extend_program(&program, Some(&payer), 10_240)]));
    plan.next_slot();
    plan.send(Step::new("invoke", invoke(&program, b"hello")));

    // Made final: no more upgrades, extensions or closing.
    plan.send(Step::new("make final", vec![loader::set_upgrade_authority(&program, &payer, None)]));
    plan.next_slot();
    let immutable_extend = loader::extend_program(&program, Some(&payer), 10_240);
    plan.send(Step::new("extend a final program", vec![immutable_extend]));
    let close = loader::close_any(&programdata, &payer, Some(&payer), Some(&program));
    plan.send(Step::new("close a final program", vec![close]));
    plan.send(Step::new("invoke the final program", invoke(&program, b"bye")));

    let (lamport, differences) = run_both(&plan);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} differences from Agave:\n{}", differences.len(), report.join("\n"));

    let expect = |label: &str, result: &str, log: &str| {
        let observed = step_result(&plan, &lamport, label);
        assert_eq!(observed.result, result, "{label}");
        assert!(observed.logs.iter().any(|line| line == log), "{label}: {:#?}", observed.logs);
    };
    expect("write by another authority", "InstructionError(0, IncorrectAuthority)", "Incorrect buffer authority provided");
    expect("hand the buffer over", "Ok", &format!("New authority Some({other})"));
    expect("hand the buffer back (checked)", "Ok", &format!("New authority {payer}"));
    expect("deploy a broken ELF", "InstructionError(1, InvalidAccountData)", "Failed to parse ELF file: invalid file header");
    expect("close the broken buffer", "Ok", &format!("Closed Buffer {}", bad_buffer.1));
    expect("extend in the deployment's slot", "InstructionError(0, InvalidArgument)", "Program was extended in this block already");
    expect("extend", "Ok", "Extended ProgramData account by 10240 bytes");
    expect("invoke", "Ok", "Program log: hello");
    expect("make final", "Ok", "New authority None");
    expect("extend a final program", "InstructionError(0, Immutable)", "Cannot extend ProgramData accounts that are not upgradeable");
    expect("close a final program", "InstructionError(0, Immutable)", "Account is immutable");
    expect("invoke the final program", "Ok", "Program log: bye");
}

/// The one deliberate difference: LiteSVM reloads a program at commit as
/// effective from the current slot, so it runs a program in the slot it
/// was deployed in; Agave's bank (and lamport-runtime) delays visibility
/// to the next slot. Everything else about these transactions matches.
#[test]
fn invoking_in_the_deployment_slot_is_delayed_unlike_in_litesvm() {
    let elf = std::fs::read(repository().join("runtime/tests/fixtures/spl_memo-4.0.0.so")).expect("the memo fixture");
    let mut plan = Plan { scenario: Scenario::new("upgradeable loader: same slot", 100_000_000_000), actions: Vec::new() };
    let payer = plan.scenario.payer();
    let (program_index, program) = plan.scenario.keypair();
    let buffer = plan.scenario.keypair();
    plan.buffer("memo", buffer, &elf);
    let lamports = rent_exempt(UpgradeableLoaderState::size_of_program());
    let deploy = loader::deploy_with_max_program_len(&payer, &program, &buffer.1, &payer, lamports, elf.len());
    plan.send(Step::new("deploy", deploy).signed_by(&[program_index]));
    plan.send(Step::new("invoke in the same slot", invoke(&program, b"hello")));
    plan.next_slot();
    plan.send(Step::new("invoke in the next slot", invoke(&program, b"hello")));

    let (lamport, differences) = run_both(&plan);
    let fields: Vec<(&str, &str)> = differences.iter().map(|d| (d.step.as_str(), d.field.as_str())).collect();
    let same_slot = format!("#{} invoke in the same slot", plan.scenario.steps.len() - 2);
    assert_eq!(
        fields,
        [(same_slot.as_str(), "result"), (same_slot.as_str(), "compute_units"), (same_slot.as_str(), "logs")],
        "only the same-slot invocation differs"
    );
    let observed = step_result(&plan, &lamport, "invoke in the same slot");
    assert_eq!(observed.result, "InstructionError(0, UnsupportedProgramId)");
    assert_eq!(observed.logs[1], "Program is not deployed");
}

#[test]
fn programs_invoking_the_loader_match_agave() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upgradeable");
    let memo = std::fs::read(repository().join("runtime/tests/fixtures/spl_memo-4.0.0.so")).expect("the memo fixture");
    let invoker_elf = build(&repository().join("runtime/tests/programs/invoker/Cargo.toml"), &out_dir.join("invoker"), "invoker");
    let invoker = Pubkey::new_unique();

    let mut plan = Plan { scenario: Scenario::new("upgradeable loader: invoked by a program", 100_000_000_000), actions: Vec::new() };
    plan.scenario.program(Program { id: invoker, elf: invoker_elf, loader: LoaderKind::V2 });
    let payer = plan.scenario.payer();
    let (program_index, program) = plan.scenario.keypair();
    let buffer = plan.scenario.keypair();
    let second_buffer = plan.scenario.keypair();
    let new_authority = Pubkey::new_unique();
    // The invoker's op 7 invokes an instruction with the accounts as passed.
    let forward = |ix: Instruction| {
        let mut accounts = vec![lamport_sdk::instruction::AccountMeta::new_readonly(ix.program_id, false)];
        accounts.extend(ix.accounts.iter().copied());
        let mut data = vec![7];
        data.extend_from_slice(&ix.data);
        vec![Instruction { program_id: invoker, accounts, data }]
    };

    plan.buffer("memo", buffer, &memo);
    let lamports = rent_exempt(UpgradeableLoaderState::size_of_program());
    let deploy = loader::deploy_with_max_program_len(&payer, &program, &buffer.1, &payer, lamports, memo.len());
    plan.send(Step::new("deploy", deploy).signed_by(&[program_index]));
    plan.next_slot();
    plan.buffer("second", second_buffer, &memo);
    plan.send(Step::new("upgrade through a program", forward(loader::upgrade(&program, &second_buffer.1, &payer, &payer))));
    let set = loader::set_upgrade_authority(&program, &payer, Some(&new_authority));
    plan.send(Step::new("set the authority through a program", forward(set)));
    let refused = loader::write(&buffer.1, &payer, 0, vec![1]);
    plan.send(Step::new("write through a program", forward(refused)));

    let (lamport, differences) = run_both(&plan);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} differences from Agave:\n{}", differences.len(), report.join("\n"));
    assert_eq!(step_result(&plan, &lamport, "upgrade through a program").result, "Ok");
    assert_eq!(step_result(&plan, &lamport, "set the authority through a program").result, "Ok");
    assert_eq!(step_result(&plan, &lamport, "write through a program").result, "InstructionError(0, ProgramFailedToComplete)");
}
