//! The upgradeable BPF loader as a builtin: a program deployed through
//! transactions (buffer, writes, `DeployWithMaxDataLen`), invoked from the
//! next slot, upgraded to another ELF, given a new authority and closed,
//! with Agave 4.3's logs, errors and compute units at every step; and
//! `Runtime::deploy_upgradeable`.

mod common;

use common::{fixture, funded_payer, memo, programs::test_program, transaction};
use lamport_runtime::{
    upgradeable_loader::DEFAULT_COMPUTE_UNITS, DeployStep, InstructionError, Runtime, TransactionError,
    TransactionResult, UpgradeableDeployError,
};
use lamport_sdk::{
    bpf_loader_upgradeable::{self as loader, UpgradeableLoaderState},
    instruction::Instruction,
    pubkey::Pubkey,
    signer::Keypair,
};

const SYSTEM: &str = "11111111111111111111111111111111";
const LOADER: &str = "BPFLoaderUpgradeab1e11111111111111111111111";
/// Compute units of `system::create_account`.
const SYSTEM_UNITS: u64 = 150;
/// What SPL Memo 4.0.0 consumes for `hello` (as under BPF loader 2).
const MEMO_UNITS: u64 = 274;
/// What the `log_units` test program consumes.
const LOG_UNITS_UNITS: u64 = 204;

fn memo_elf() -> Vec<u8> {
    fixture("spl_memo-4.0.0.so")
}

fn send(runtime: &mut Runtime, payer: &Keypair, instructions: &[Instruction], signers: &[&Keypair]) -> TransactionResult {
    let tx = transaction(runtime, instructions, payer, signers);
    let result = runtime.send_transaction(tx);
    // Steps may repeat a transaction: each gets a fresh blockhash.
    runtime.expire_blockhash();
    result
}

fn logs(result: &TransactionResult) -> &[String] {
    match result {
        Ok(meta) => &meta.logs,
        Err(failed) => &failed.meta.logs,
    }
}

fn error(result: &TransactionResult) -> TransactionError {
    match result {
        Ok(meta) => panic!("expected a failure, got success: {:#?}", meta.logs),
        Err(failed) => failed.err.clone(),
    }
}

fn ok(result: TransactionResult) -> lamport_runtime::TransactionMeta {
    result.unwrap_or_else(|failed| panic!("{failed}"))
}

/// Creates a buffer holding `elf` written by `authority` (which pays);
/// returns its keypair.
fn write_buffer(runtime: &mut Runtime, authority: &Keypair, elf: &[u8]) -> Keypair {
    let buffer = Keypair::new();
    let lamports = runtime.minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_buffer(elf.len()));
    let create = loader::create_buffer(&authority.pubkey(), &buffer.pubkey(), &authority.pubkey(), lamports, elf.len());
    ok(send(runtime, authority, &create, &[&buffer]));
    for (index, chunk) in elf.chunks(900).enumerate() {
        let write = loader::write(&buffer.pubkey(), &authority.pubkey(), (index * 900) as u32, chunk.to_vec());
        ok(send(runtime, authority, &[write], &[]));
    }
    buffer
}

fn deploy_instructions(runtime: &Runtime, authority: &Keypair, program: &Keypair, buffer: &Pubkey, max_len: usize) -> Vec<Instruction> {
    let lamports = runtime.minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_program());
    loader::deploy_with_max_program_len(&authority.pubkey(), &program.pubkey(), buffer, &authority.pubkey(), lamports, max_len)
}

fn state(runtime: &Runtime, address: &Pubkey) -> UpgradeableLoaderState {
    let account = runtime.get_account(address).expect("the account exists");
    UpgradeableLoaderState::deserialize(&account.data).expect("a loader state")
}

fn next_slot(runtime: &mut Runtime) {
    let slot = runtime.clock().slot + 1;
    runtime.warp_to_slot(slot);
}

fn not_deployed_logs(program: &Pubkey) -> Vec<String> {
    vec![
        format!("Program {program} invoke [1]"),
        "Program is not deployed".to_string(),
        format!("Program {program} failed: Unsupported program id"),
    ]
}

#[test]
fn a_program_is_deployed_invoked_upgraded_and_closed_through_transactions() {
    let mut runtime = Runtime::new();
    runtime.warp_to_slot(10);
    let authority = funded_payer(&mut runtime);
    let program = Keypair::new();
    let program_id = program.pubkey();
    let programdata = loader::get_program_data_address(&program_id);
    let memo_elf = memo_elf();
    let second_elf = test_program("log_units");
    let max_len = memo_elf.len().max(second_elf.len());

    // Deploy: the program account is created, the buffer's ELF moves into
    // a new program-data account and the buffer is emptied.
    let buffer = write_buffer(&mut runtime, &authority, &memo_elf);
    let deploy = deploy_instructions(&runtime, &authority, &program, &buffer.pubkey(), max_len);
    let meta = ok(send(&mut runtime, &authority, &deploy, &[&program]));
    assert_eq!(
        meta.logs,
        [
            format!("Program {SYSTEM} invoke [1]"),
            format!("Program {SYSTEM} success"),
            format!("Program {LOADER} invoke [1]"),
            format!("Program {SYSTEM} invoke [2]"),
            format!("Program {SYSTEM} success"),
            format!("Deployed program {program_id}"),
            format!("Program {LOADER} success"),
        ]
    );
    assert_eq!(meta.compute_units_consumed, SYSTEM_UNITS + DEFAULT_COMPUTE_UNITS + SYSTEM_UNITS);
    assert_eq!(state(&runtime, &program_id), UpgradeableLoaderState::Program { programdata_address: programdata });
    assert!(runtime.get_account(&program_id).unwrap().executable);
    let data = runtime.get_account(&programdata).unwrap();
    assert_eq!(data.data.len(), UpgradeableLoaderState::size_of_programdata(max_len));
    assert_eq!(data.lamports, runtime.minimum_balance_for_rent_exemption(data.data.len()));
    assert_eq!(
        state(&runtime, &programdata),
        UpgradeableLoaderState::ProgramData { slot: 10, upgrade_authority_address: Some(authority.pubkey()) }
    );
    assert_eq!(&data.data[45..45 + memo_elf.len()], memo_elf.as_slice());
    assert!(runtime.get_account(&buffer.pubkey()).is_none(), "the emptied buffer is gone");

    // Delayed visibility: not invocable in the slot of its deployment.
    let same_slot = send(&mut runtime, &authority, &[memo(program_id, b"hello")], &[]);
    assert_eq!(error(&same_slot), TransactionError::InstructionError(0, InstructionError::UnsupportedProgramId));
    assert_eq!(logs(&same_slot), not_deployed_logs(&program_id));

    next_slot(&mut runtime);
    let meta = ok(send(&mut runtime, &authority, &[memo(program_id, b"hello")], &[]));
    assert_eq!(meta.logs[0], format!("Program {program_id} invoke [1]"));
    assert!(meta.logs.iter().any(|line| line == "Program log: hello"), "{:#?}", meta.logs);
    assert_eq!(meta.compute_units_consumed, MEMO_UNITS);

    // Upgrade to a second ELF; the buffer's lamports beyond the program
    // data's rent exemption go to the spill account.
    let buffer = write_buffer(&mut runtime, &authority, second_elf);
    let buffer_lamports = runtime.get_balance(&buffer.pubkey());
    let spill = Pubkey::new_unique();
    let upgrade = loader::upgrade(&program_id, &buffer.pubkey(), &authority.pubkey(), &spill);
    let meta = ok(send(&mut runtime, &authority, &[upgrade], &[]));
    assert_eq!(
        meta.logs,
        [format!("Program {LOADER} invoke [1]"), format!("Upgraded program {program_id}"), format!("Program {LOADER} success")]
    );
    assert_eq!(meta.compute_units_consumed, DEFAULT_COMPUTE_UNITS);
    assert_eq!(runtime.get_balance(&spill), buffer_lamports);
    let data = runtime.get_account(&programdata).unwrap();
    assert_eq!(&data.data[45..45 + second_elf.len()], second_elf);
    assert!(data.data[45 + second_elf.len()..].iter().all(|byte| *byte == 0), "the rest is zeroed");

    // Not invocable in the slot of the upgrade; the new ELF runs from the next.
    let same_slot = send(&mut runtime, &authority, &[memo(program_id, b"hello")], &[]);
    assert_eq!(logs(&same_slot), not_deployed_logs(&program_id));
    // Nor can it be closed in the slot of its deployment.
    let close = loader::close_any(&programdata, &authority.pubkey(), Some(&authority.pubkey()), Some(&program_id));
    let too_early = send(&mut runtime, &authority, std::slice::from_ref(&close), &[]);
    assert_eq!(error(&too_early), TransactionError::InstructionError(0, InstructionError::InvalidArgument));
    assert_eq!(logs(&too_early)[1], "Program was deployed in this block already");
    next_slot(&mut runtime);
    let meta = ok(send(&mut runtime, &authority, &[memo(program_id, b"")], &[]));
    assert_eq!(meta.compute_units_consumed, LOG_UNITS_UNITS);
    assert!(meta.logs[1].starts_with("Program consumption: "), "{:#?}", meta.logs);

    // A new authority, which must sign too.
    let new_authority = funded_payer(&mut runtime);
    let checked = loader::set_upgrade_authority_checked(&program_id, &authority.pubkey(), &new_authority.pubkey());
    let meta = ok(send(&mut runtime, &authority, &[checked], &[&new_authority]));
    assert_eq!(meta.logs[1], format!("New authority {}", new_authority.pubkey()));
    assert_eq!(
        state(&runtime, &programdata),
        UpgradeableLoaderState::ProgramData { slot: 11, upgrade_authority_address: Some(new_authority.pubkey()) }
    );

    // The old authority can no longer close it; the new one can.
    let wrong = send(&mut runtime, &authority, &[close], &[]);
    assert_eq!(error(&wrong), TransactionError::InstructionError(0, InstructionError::IncorrectAuthority));
    assert_eq!(logs(&wrong)[1], "Incorrect authority provided");
    let recipient = Pubkey::new_unique();
    let programdata_lamports = runtime.get_balance(&programdata);
    let close = loader::close_any(&programdata, &recipient, Some(&new_authority.pubkey()), Some(&program_id));
    let meta = ok(send(&mut runtime, &new_authority, &[close], &[]));
    assert_eq!(meta.logs[1], format!("Closed Program {program_id}"));
    assert_eq!(runtime.get_balance(&recipient), programdata_lamports);
    assert!(runtime.get_account(&programdata).is_none());
    assert!(runtime.get_account(&program_id).unwrap().executable, "the program account stays, its id spent");

    // A closed program cannot be invoked, in this slot or any later one.
    next_slot(&mut runtime);
    let closed = send(&mut runtime, &authority, &[memo(program_id, b"hello")], &[]);
    assert_eq!(error(&closed), TransactionError::InstructionError(0, InstructionError::UnsupportedProgramId));
    assert_eq!(logs(&closed), not_deployed_logs(&program_id));
}

#[test]
fn deploying_with_a_too_small_max_len_or_a_bad_elf_fails_like_agave() {
    let mut runtime = Runtime::new();
    let authority = funded_payer(&mut runtime);
    let elf = memo_elf();
    let buffer = write_buffer(&mut runtime, &authority, &elf);

    let program = Keypair::new();
    let deploy = deploy_instructions(&runtime, &authority, &program, &buffer.pubkey(), elf.len() - 1);
    let small = send(&mut runtime, &authority, &deploy, &[&program]);
    assert_eq!(error(&small), TransactionError::InstructionError(1, InstructionError::AccountDataTooSmall));
    assert_eq!(logs(&small)[3], "Max data length is too small to hold Buffer data");
    assert!(runtime.get_account(&program.pubkey()).is_none(), "a failed transaction writes nothing");

    // An ELF the loader refuses: the deployment logs the loader's reason.
    let mut broken = elf.clone();
    broken[0] = 0;
    let bad_buffer = write_buffer(&mut runtime, &authority, &broken);
    let deploy = deploy_instructions(&runtime, &authority, &program, &bad_buffer.pubkey(), elf.len());
    let bad = send(&mut runtime, &authority, &deploy, &[&program]);
    assert_eq!(error(&bad), TransactionError::InstructionError(1, InstructionError::InvalidAccountData));
    assert_eq!(logs(&bad)[5], "Failed to parse ELF file: invalid file header");
    assert!(runtime.get_account(&program.pubkey()).is_none());
    let invoke = send(&mut runtime, &authority, &[memo(program.pubkey(), b"hello")], &[]);
    assert_eq!(error(&invoke), TransactionError::InvalidProgramForExecution);
}

#[test]
fn upgrades_need_the_authority_and_a_mutable_program() {
    let mut runtime = Runtime::new();
    runtime.warp_to_slot(3);
    let authority = funded_payer(&mut runtime);
    let program = Keypair::new();
    let program_id = program.pubkey();
    runtime.deploy_upgradeable(&program, &authority, &memo_elf()).unwrap();
    next_slot(&mut runtime);

    let intruder = funded_payer(&mut runtime);
    let buffer = write_buffer(&mut runtime, &intruder, &memo_elf());
    let spill = intruder.pubkey();
    let upgrade = loader::upgrade(&program_id, &buffer.pubkey(), &intruder.pubkey(), &spill);
    let wrong = send(&mut runtime, &intruder, &[upgrade], &[]);
    assert_eq!(error(&wrong), TransactionError::InstructionError(0, InstructionError::IncorrectAuthority));
    assert_eq!(logs(&wrong)[1], "Incorrect upgrade authority provided");
    assert_eq!(wrong.as_ref().unwrap_err().meta.compute_units_consumed, DEFAULT_COMPUTE_UNITS);

    // Made final, the program can no longer be upgraded by anyone.
    let finalize = loader::set_upgrade_authority(&program_id, &authority.pubkey(), None);
    let meta = ok(send(&mut runtime, &authority, &[finalize], &[]));
    assert_eq!(meta.logs[1], "New authority None");
    let own_buffer = write_buffer(&mut runtime, &authority, &memo_elf());
    let upgrade = loader::upgrade(&program_id, &own_buffer.pubkey(), &authority.pubkey(), &authority.pubkey());
    let immutable = send(&mut runtime, &authority, &[upgrade], &[]);
    assert_eq!(error(&immutable), TransactionError::InstructionError(0, InstructionError::Immutable));
    assert_eq!(logs(&immutable)[1], "Program not upgradeable");

    // The program still runs.
    let meta = ok(send(&mut runtime, &authority, &[memo(program_id, b"hello")], &[]));
    assert_eq!(meta.compute_units_consumed, MEMO_UNITS);
}

#[test]
fn buffers_have_authorities_and_can_be_closed() {
    let mut runtime = Runtime::new();
    let authority = funded_payer(&mut runtime);
    let buffer = write_buffer(&mut runtime, &authority, &memo_elf());
    let other = Keypair::new();

    let write = loader::write(&buffer.pubkey(), &other.pubkey(), 0, vec![1]);
    let wrong = send(&mut runtime, &authority, &[write], &[&other]);
    assert_eq!(error(&wrong), TransactionError::InstructionError(0, InstructionError::IncorrectAuthority));
    assert_eq!(logs(&wrong)[1], "Incorrect buffer authority provided");

    let overflow = loader::write(&buffer.pubkey(), &authority.pubkey(), memo_elf().len() as u32, vec![1]);
    let too_far = send(&mut runtime, &authority, &[overflow], &[]);
    assert_eq!(error(&too_far), TransactionError::InstructionError(0, InstructionError::AccountDataTooSmall));
    let len = UpgradeableLoaderState::size_of_buffer(memo_elf().len());
    assert_eq!(logs(&too_far)[1], format!("Write overflow: {len} < {}", len + 1));

    let handover = loader::set_buffer_authority(&buffer.pubkey(), &authority.pubkey(), &other.pubkey());
    let meta = ok(send(&mut runtime, &authority, &[handover], &[]));
    assert_eq!(meta.logs[1], format!("New authority Some({})", other.pubkey()));
    assert_eq!(state(&runtime, &buffer.pubkey()), UpgradeableLoaderState::Buffer { authority_address: Some(other.pubkey()) });

    let recipient = Pubkey::new_unique();
    let lamports = runtime.get_balance(&buffer.pubkey());
    let meta = ok(send(&mut runtime, &authority, &[loader::close(&buffer.pubkey(), &recipient, &other.pubkey())], &[&other]));
    assert_eq!(meta.logs[1], format!("Closed Buffer {}", buffer.pubkey()));
    assert_eq!(runtime.get_balance(&recipient), lamports);
    assert!(runtime.get_account(&buffer.pubkey()).is_none());
}

#[test]
fn deploy_upgradeable_runs_the_deployment_transactions() {
    let mut runtime = Runtime::new();
    runtime.warp_to_slot(7);
    let authority = funded_payer(&mut runtime);
    let program = Keypair::new();
    let elf = test_program("log_units");
    runtime.deploy_upgradeable(&program, &authority, elf).unwrap();

    let programdata = loader::get_program_data_address(&program.pubkey());
    assert_eq!(
        state(&runtime, &programdata),
        UpgradeableLoaderState::ProgramData { slot: 7, upgrade_authority_address: Some(authority.pubkey()) }
    );
    assert_eq!(&runtime.get_account(&programdata).unwrap().data[45..], elf);
    let same_slot = send(&mut runtime, &authority, &[memo(program.pubkey(), b"")], &[]);
    assert_eq!(logs(&same_slot), not_deployed_logs(&program.pubkey()));
    next_slot(&mut runtime);
    let meta = ok(send(&mut runtime, &authority, &[memo(program.pubkey(), b"")], &[]));
    assert_eq!(meta.compute_units_consumed, LOG_UNITS_UNITS);

    // The same program id cannot be deployed twice; the error names the step.
    let again = runtime.deploy_upgradeable(&program, &authority, elf).unwrap_err();
    match &again {
        UpgradeableDeployError::Transaction { step, failed, .. } => {
            assert_eq!(*step, DeployStep::Deploy);
            assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::Custom(0)));
        }
        other => panic!("unexpected {other}"),
    }
    let broke = Keypair::new();
    let unfunded = runtime.deploy_upgradeable(&Keypair::new(), &broke, elf).unwrap_err();
    assert!(matches!(unfunded, UpgradeableDeployError::Transaction { step: DeployStep::CreateBuffer, .. }), "{unfunded}");
    assert!(unfunded.to_string().contains("creating the buffer failed"), "{unfunded}");
}

#[test]
fn failed_and_simulated_deployments_leave_the_program_cache_alone() {
    let mut runtime = Runtime::new();
    let authority = funded_payer(&mut runtime);
    let buffer = write_buffer(&mut runtime, &authority, &memo_elf());
    let program = Keypair::new();
    let deploy = deploy_instructions(&runtime, &authority, &program, &buffer.pubkey(), memo_elf().len());
    let simulated = runtime.simulate_transaction(transaction(&runtime, &deploy, &authority, &[&program]));
    assert!(simulated.is_ok(), "{simulated:?}");
    next_slot(&mut runtime);
    // Nothing was committed: the program account does not exist.
    let invoke = send(&mut runtime, &authority, &[memo(program.pubkey(), b"hello")], &[]);
    assert_eq!(error(&invoke), TransactionError::InvalidProgramForExecution);
    ok(send(&mut runtime, &authority, &deploy, &[&program]));
    next_slot(&mut runtime);
    ok(send(&mut runtime, &authority, &[memo(program.pubkey(), b"hello")], &[]));
}

#[test]
fn send_transactions_orders_upgrades_and_invocations() {
    let mut runtime = Runtime::new().with_threads(2);
    let authority = funded_payer(&mut runtime);
    let program = Keypair::new();
    let program_id = program.pubkey();
    let memo = memo_elf();
    let second = test_program("log_units");
    let buffer = write_buffer(&mut runtime, &authority, &memo);
    let deploy = deploy_instructions(&runtime, &authority, &program, &buffer.pubkey(), second.len().max(memo.len()));
    ok(send(&mut runtime, &authority, &deploy, &[&program]));
    next_slot(&mut runtime);
    let next = write_buffer(&mut runtime, &authority, second);

    // Before the upgrade the old ELF runs; after it, in the same slot, none.
    let before = transaction(&runtime, &[common::memo(program_id, b"hello")], &authority, &[]);
    let upgrade = transaction(&runtime, &[loader::upgrade(&program_id, &next.pubkey(), &authority.pubkey(), &authority.pubkey())], &authority, &[]);
    let after = transaction(&runtime, &[common::memo(program_id, b"bye")], &authority, &[]);
    let results = runtime.send_transactions(vec![before, upgrade, after]);
    assert_eq!(results[0].as_ref().unwrap().compute_units_consumed, MEMO_UNITS);
    assert!(results[1].is_ok(), "{:?}", results[1]);
    assert_eq!(logs(&results[2]), not_deployed_logs(&program_id));
}

#[test]
fn invoking_an_upgradeable_program_loads_its_program_data() {
    let mut runtime = Runtime::new();
    let authority = funded_payer(&mut runtime);
    let program = Keypair::new();
    let elf = memo_elf();
    runtime.deploy_upgradeable(&program, &authority, &elf).unwrap();
    next_slot(&mut runtime);

    // SIMD-0186: every account of the transaction (64 bytes each plus its
    // data), and the program-data account the program account points at.
    let compute_budget_name = "compute_budget_program".len();
    let keys = 64 + (64 + compute_budget_name) + (64 + UpgradeableLoaderState::size_of_program());
    let programdata = 64 + UpgradeableLoaderState::size_of_programdata(elf.len());
    let limited = |bytes: usize| {
        [lamport_sdk::compute_budget::set_loaded_accounts_data_size_limit(bytes as u32), memo(program.pubkey(), b"hello")]
    };
    let short = send(&mut runtime, &authority, &limited(keys + programdata - 1), &[]);
    assert_eq!(error(&short), TransactionError::MaxLoadedAccountsDataSizeExceeded);
    ok(send(&mut runtime, &authority, &limited(keys + programdata), &[]));
}

#[test]
fn programs_may_set_authorities_through_cpi_but_not_manage_buffers() {
    let mut runtime = Runtime::new();
    let authority = funded_payer(&mut runtime);
    let invoker = Pubkey::new_unique();
    runtime.add_program(invoker, test_program("invoker")).unwrap();
    let program = Keypair::new();
    runtime.deploy_upgradeable(&program, &authority, &memo_elf()).unwrap();
    next_slot(&mut runtime);
    // The invoker's op 7 invokes `ix` with the accounts as passed.
    let forward = |ix: &Instruction| {
        let mut accounts = vec![lamport_sdk::instruction::AccountMeta::new_readonly(ix.program_id, false)];
        accounts.extend(ix.accounts.iter().copied());
        let mut data = vec![7];
        data.extend_from_slice(&ix.data);
        Instruction { program_id: invoker, accounts, data }
    };

    let new_authority = Pubkey::new_unique();
    let set = loader::set_upgrade_authority(&program.pubkey(), &authority.pubkey(), Some(&new_authority));
    let meta = ok(send(&mut runtime, &authority, &[forward(&set)], &[]));
    assert!(meta.logs.contains(&format!("New authority Some({new_authority})")), "{:#?}", meta.logs);
    assert!(meta.logs.contains(&format!("Program {LOADER} invoke [2]")), "{:#?}", meta.logs);
    let programdata = loader::get_program_data_address(&program.pubkey());
    assert_eq!(
        state(&runtime, &programdata),
        UpgradeableLoaderState::ProgramData { slot: 0, upgrade_authority_address: Some(new_authority) }
    );

    // Writing a buffer is not among the loader instructions programs may invoke.
    let buffer = write_buffer(&mut runtime, &authority, &memo_elf());
    let refused = send(&mut runtime, &authority, &[forward(&loader::write(&buffer.pubkey(), &authority.pubkey(), 0, vec![1]))], &[]);
    assert_eq!(error(&refused), TransactionError::InstructionError(0, InstructionError::ProgramFailedToComplete));
    let last = logs(&refused).last().unwrap();
    assert!(last.ends_with(&format!("failed: Program {LOADER} not supported by inner instructions")), "{last}");
}
