//! Sysvars as accounts and through syscalls: a fresh runtime has
//! LiteSVM's set (Clock, Rent, EpochSchedule, EpochRewards, LastRestartSlot,
//! StakeHistory); `set_sysvar`, `set_account` on a sysvar and
//! `warp_to_slot` change the account and what programs read through
//! `sol_get_sysvar` and `sol_get_<name>_sysvar` together; setting Rent
//! changes the rent the runtime applies.

mod common;

use base64::Engine;
use common::{programs::test_program, *};
use lamport_runtime::{Clock, Rent, Runtime};
use lamport_sdk::{
    hash::Hash,
    instruction::Instruction,
    pubkey::Pubkey,
    sysvar::{
        self,
        epoch_rewards::EpochRewards,
        epoch_schedule::EpochSchedule,
        last_restart_slot::LastRestartSlot,
        stake_history::{StakeHistory, StakeHistoryEntry},
        Sysvar,
    },
};

const SYSCALLS: Pubkey = Pubkey::new_from_array([0x5C; 32]);

fn runtime() -> Runtime {
    let mut runtime = Runtime::new();
    runtime.add_program(SYSCALLS, test_program("syscalls")).expect("the syscalls program loads");
    runtime
}

/// Runs operation `op` of the `syscalls` test program; returns the
/// syscall's return code and the bytes it wrote.
fn call(runtime: &mut Runtime, op: u8, args: &[u8]) -> (u64, Vec<u8>) {
    let payer = funded_payer(runtime);
    let ix = Instruction { program_id: SYSCALLS, accounts: vec![], data: [&[op][..], args].concat() };
    let result = runtime.send_transaction(transaction(runtime, &[ix], &payer, &[]));
    let logs = &Check::success(&result).logs;
    let rc_line = logs.iter().find(|l| l.starts_with("Program log: 0x")).expect("the return code is logged");
    let rc = u64::from_str_radix(rc_line.trim_start_matches("Program log: 0x").split(',').next().unwrap(), 16).unwrap();
    let data = logs
        .iter()
        .find_map(|l| l.strip_prefix("Program data: "))
        .map(|field| base64::engine::general_purpose::STANDARD.decode(field).unwrap())
        .unwrap_or_default();
    (rc, data)
}

/// `sol_get_sysvar` of the whole account data of `id` (at most 256 bytes).
fn get_sysvar(runtime: &mut Runtime, id: &Pubkey, length: u64) -> (u64, Vec<u8>) {
    call(runtime, 11, &[id.as_ref(), &0u64.to_le_bytes(), &length.to_le_bytes()].concat())
}

fn assert_account_holds<T: Sysvar + std::fmt::Debug + PartialEq>(runtime: &Runtime, expected: &T) {
    let account = runtime.get_account(&T::ID).expect("the sysvar account exists");
    assert_eq!(account.owner, sysvar::ID);
    assert_eq!(account.data, expected.to_account_data());
    assert_eq!(account.lamports, runtime.minimum_balance_for_rent_exemption(account.data.len()));
    assert_eq!(runtime.get_sysvar::<T>().as_ref(), Some(expected));
}

#[test]
fn a_fresh_runtime_has_a_fresh_clusters_sysvars() {
    let runtime = Runtime::new();
    assert_account_holds(&runtime, &Clock::default());
    assert_account_holds(&runtime, &lamport_runtime::FeatureSet::default().rent());
    assert_account_holds(&runtime, &EpochSchedule::default());
    assert_account_holds(&runtime, &EpochRewards::default());
    assert_account_holds(&runtime, &LastRestartSlot::default());
    assert_account_holds(&runtime, &StakeHistory::default());
    assert_eq!(runtime.get_account(&sysvar::STAKE_HISTORY_ID).unwrap().data, [0u8; 8]);
}

#[test]
fn set_sysvar_changes_the_account_and_every_syscall_view() {
    let mut runtime = runtime();

    let schedule = EpochSchedule::with_warmup(8_192);
    runtime.set_sysvar(&schedule);
    assert_account_holds(&runtime, &schedule);
    assert_eq!(call(&mut runtime, 8, &[]), (0, schedule.to_syscall_bytes().to_vec()));
    assert_eq!(get_sysvar(&mut runtime, &sysvar::epoch_schedule::ID, 33), (0, schedule.to_bytes().to_vec()));

    let rewards = EpochRewards {
        distribution_starting_block_height: 7,
        num_partitions: 3,
        parent_blockhash: Hash::new_from_array([9; 32]),
        total_points: 1 << 70,
        total_rewards: 1_000,
        distributed_rewards: 250,
        active: true,
    };
    runtime.set_sysvar(&rewards);
    assert_account_holds(&runtime, &rewards);
    assert_eq!(call(&mut runtime, 9, &[]), (0, rewards.to_syscall_bytes().to_vec()));
    assert_eq!(get_sysvar(&mut runtime, &sysvar::epoch_rewards::ID, 81), (0, rewards.to_bytes().to_vec()));

    let restart = LastRestartSlot { last_restart_slot: 123_456 };
    runtime.set_sysvar(&restart);
    assert_eq!(call(&mut runtime, 10, &[]), (0, restart.to_bytes().to_vec()));

    let mut history = StakeHistory::default();
    history.add(4, StakeHistoryEntry { effective: 10, activating: 2, deactivating: 1 });
    history.add(5, StakeHistoryEntry { effective: 11, activating: 0, deactivating: 3 });
    runtime.set_sysvar(&history);
    assert_account_holds(&runtime, &history);
    let (rc, bytes) = get_sysvar(&mut runtime, &sysvar::STAKE_HISTORY_ID, 72);
    assert_eq!((rc, bytes), (0, history.to_bytes()));
    // One byte past the end of its 72 bytes.
    assert_eq!(get_sysvar(&mut runtime, &sysvar::STAKE_HISTORY_ID, 73).0, 1);
}

#[test]
fn set_account_on_a_sysvar_changes_the_sysvar() {
    let mut runtime = runtime();
    let restart = LastRestartSlot { last_restart_slot: 77 };
    let mut account = runtime.get_account(&sysvar::last_restart_slot::ID).unwrap();
    account.data = restart.to_bytes().to_vec();
    runtime.set_account(sysvar::last_restart_slot::ID, account);
    assert_eq!(runtime.get_sysvar::<LastRestartSlot>(), Some(restart));
    assert_eq!(call(&mut runtime, 10, &[]), (0, restart.to_bytes().to_vec()));
}

#[test]
fn warp_to_slot_moves_only_the_clocks_slot() {
    let mut runtime = runtime();
    runtime.set_clock(Clock { unix_timestamp: 1_700_000_000, epoch: 3, ..Clock::default() });
    runtime.warp_to_slot(1_000_000);
    let clock = Clock { slot: 1_000_000, unix_timestamp: 1_700_000_000, epoch: 3, ..Clock::default() };
    assert_eq!(runtime.clock(), clock);
    assert_account_holds(&runtime, &clock);
    assert_eq!(get_sysvar(&mut runtime, &sysvar::clock::ID, 40), (0, clock.to_bytes().to_vec()));
    assert_eq!(runtime.get_sysvar::<EpochSchedule>(), Some(EpochSchedule::default()));
}

#[test]
fn setting_rent_changes_the_rent_the_runtime_applies() {
    let mut runtime = runtime();
    let rent = Rent { lamports_per_byte_year: 10, exemption_threshold: 1.0, burn_percent: 0 };
    runtime.set_sysvar(&rent);
    assert_eq!(runtime.rent(), rent);
    assert_eq!(runtime.minimum_balance_for_rent_exemption(0), 1_280);
    assert_account_holds(&runtime, &rent);
    assert_eq!(get_sysvar(&mut runtime, &sysvar::rent::ID, 17), (0, rent.to_bytes().to_vec()));

    // A new account just above the new minimum is rent-exempt.
    let payer = funded_payer(&mut runtime);
    let to = Pubkey::new_unique();
    let transfer = lamport_sdk::system::transfer(&payer.pubkey(), &to, 1_280);
    Check::success(&runtime.send_transaction(transaction(&runtime, &[transfer], &payer, &[])));
    let below = lamport_sdk::system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1_279);
    let result = runtime.send_transaction(transaction(&runtime, &[below], &payer, &[]));
    assert!(matches!(result, Err(ref failed) if matches!(failed.err, lamport_runtime::TransactionError::InsufficientFundsForRent { .. })));
}

#[test]
fn a_program_reads_the_same_bytes_from_accounts_and_sol_get_sysvar() {
    const READER: Pubkey = Pubkey::new_from_array([0x5D; 32]);
    let mut runtime = Runtime::new();
    runtime.add_program(READER, test_program("sysvars")).expect("the sysvars program loads");
    let mut history = StakeHistory::default();
    history.add(9, StakeHistoryEntry { effective: 1, activating: 2, deactivating: 3 });
    runtime.set_sysvar(&history);
    runtime.set_sysvar(&LastRestartSlot { last_restart_slot: 5 });
    runtime.warp_to_slot(42);
    let ids = [
        sysvar::clock::ID,
        sysvar::rent::ID,
        sysvar::epoch_schedule::ID,
        sysvar::epoch_rewards::ID,
        sysvar::last_restart_slot::ID,
        sysvar::STAKE_HISTORY_ID,
    ];
    let accounts = ids.iter().map(|id| lamport_sdk::instruction::AccountMeta::new_readonly(*id, false)).collect();
    let payer = funded_payer(&mut runtime);
    let ix = Instruction { program_id: READER, accounts, data: vec![] };
    let result = runtime.send_transaction(transaction(&runtime, &[ix], &payer, &[]));
    let logs = &Check::success(&result).logs;
    let fields: Vec<Vec<Vec<u8>>> = logs
        .iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .map(|l| l.split(' ').map(|f| base64::engine::general_purpose::STANDARD.decode(f).unwrap()).collect())
        .collect();
    assert_eq!(fields.len(), ids.len() + 5);
    for (id, logged) in ids.iter().zip(&fields) {
        assert_eq!(logged[0], id.as_ref());
        assert_eq!(logged[1], runtime.get_account(id).unwrap().data);
    }
    assert_eq!(fields[ids.len()][0], runtime.clock().to_bytes());
    assert_eq!(fields[ids.len() + 4][0], 5u64.to_le_bytes());
}
