//! What a fresh runtime brings, compared with LiteSVM 0.17's defaults
//! (`LiteSVM::new()`, Agave 4.3 with mainnet features):
//!
//! - the SPL programs and the Stake program at their mainnet ids, called
//!   without deploying anything: the same results, logs, compute units and
//!   accounts;
//! - the sysvars, read by a program from their accounts and through
//!   `sol_get_sysvar` and `sol_get_<name>_sysvar`, initially, after
//!   `warp_to_slot` and after setting each of them: the same bytes;
//! - the inner instructions (CPI tree) of a transaction's metadata;
//! - the log byte cap and `get_program_accounts`.

use std::{path::Path, sync::OnceLock};

use lamport_agave_compat::{
    address, build,
    differential::{self, Scenario, Step},
    keypair, repository,
    scenarios::{ATA_ID, MEMO_V1_ID, MEMO_V4_ID, TOKEN_2022_ID, TOKEN_ID},
};
use lamport_runtime::{Clock, LoaderKind, Rent, Runtime, TransactionResult};
use lamport_sdk::{
    account::Account,
    hash::Hash,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    system,
    sysvar::{
        self,
        epoch_rewards::EpochRewards,
        epoch_schedule::EpochSchedule,
        last_restart_slot::LastRestartSlot,
        recent_blockhashes::RecentBlockhashes,
        slot_history::SlotHistory,
        stake_history::{StakeHistory, StakeHistoryEntry},
        Sysvar,
    },
    transaction::Transaction,
};
use litesvm::LiteSVM;
use solana_signer::Signer;

const SOL: u64 = 1_000_000_000;
const READER: Pubkey = Pubkey::new_from_array([0x5D; 32]);

fn sysvars_elf() -> &'static [u8] {
    static ELF: OnceLock<Vec<u8>> = OnceLock::new();
    ELF.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sysvars");
        build(&repository().join("runtime/tests/programs/sysvars/Cargo.toml"), &out, "sysvars")
    })
}

fn initialize_mint2(program: Pubkey, mint: Pubkey, authority: Pubkey) -> Instruction {
    let data = [&[20u8, 6][..], authority.as_ref(), &[0]].concat();
    Instruction::new(program, data, vec![AccountMeta::new(mint, false)])
}

fn mint_to(program: Pubkey, mint: Pubkey, account: Pubkey, authority: Pubkey, amount: u64) -> Instruction {
    let data = [&[7u8][..], &amount.to_le_bytes()].concat();
    Instruction::new(
        program,
        data,
        vec![AccountMeta::new(mint, false), AccountMeta::new(account, false), AccountMeta::new_readonly(authority, true)],
    )
}

fn transfer_checked(program: Pubkey, from: Pubkey, mint: Pubkey, to: Pubkey, owner: Pubkey, amount: u64) -> Instruction {
    let data = [&[12u8][..], &amount.to_le_bytes(), &[6]].concat();
    Instruction::new(
        program,
        data,
        vec![
            AccountMeta::new(from, false),
            AccountMeta::new_readonly(mint, false),
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(owner, true),
        ],
    )
}

/// ATA `Create` (no data) or `CreateIdempotent` (`[1]`) of `wallet`'s
/// account of `mint` under `token_program`; returns it with the address.
fn create_ata(payer: Pubkey, wallet: Pubkey, mint: Pubkey, token_program: Pubkey, data: Vec<u8>) -> (Instruction, Pubkey) {
    let (ata, _) = Pubkey::find_program_address(&[wallet.as_ref(), token_program.as_ref(), mint.as_ref()], &ATA_ID);
    let ix = Instruction::new(
        ATA_ID,
        data,
        vec![
            AccountMeta::new(payer, true),
            AccountMeta::new(ata, false),
            AccountMeta::new_readonly(wallet, false),
            AccountMeta::new_readonly(mint, false),
            AccountMeta::new_readonly(system::ID, false),
            AccountMeta::new_readonly(token_program, false),
        ],
    );
    (ix, ata)
}

/// p-token and Token-2022 mints, associated token accounts, mints and
/// transfers between them, and both memos, with no program deployed.
#[test]
fn default_programs_behave_as_litesvms_defaults() {
    let mut s = Scenario::new("default programs", 10 * SOL);
    let payer = s.payer();
    let (owner_index, owner) = s.keypair();
    for (token_program, mint_len) in [(TOKEN_ID, 82usize), (TOKEN_2022_ID, 82)] {
        let (mint_index, mint) = s.keypair();
        let lamports = lamport_runtime::FeatureSet::default().rent().minimum_balance(mint_len);
        s.step(
            Step::new(
                format!("{token_program}: create and initialize a mint"),
                vec![
                    system::create_account(&payer, &mint, lamports, mint_len as u64, &token_program),
                    initialize_mint2(token_program, mint, owner),
                ],
            )
            .signed_by(&[mint_index]),
        );
        let (create, source) = create_ata(payer, owner, mint, token_program, Vec::new());
        s.step(Step::new(format!("{token_program}: create the owner's associated account"), vec![create.clone()]));
        s.step(Step::new(format!("{token_program}: create it again fails"), vec![create]));
        let other = Pubkey::new_unique();
        let (create_other, destination) = create_ata(payer, other, mint, token_program, vec![1]);
        s.step(Step::new(format!("{token_program}: CreateIdempotent"), vec![create_other]));
        s.step(
            Step::new(format!("{token_program}: mint"), vec![mint_to(token_program, mint, source, owner, 1_000)])
                .signed_by(&[owner_index]),
        );
        s.step(
            Step::new(
                format!("{token_program}: transfer"),
                vec![transfer_checked(token_program, source, mint, destination, owner, 400)],
            )
            .signed_by(&[owner_index]),
        );
        s.step(
            Step::new(
                format!("{token_program}: transfer more than held"),
                vec![transfer_checked(token_program, source, mint, destination, owner, 4_000)],
            )
            .signed_by(&[owner_index]),
        );
    }
    s.step(Step::new("memo 1", vec![Instruction::new(MEMO_V1_ID, b"hello".to_vec(), Vec::new())]));
    s.step(Step::new("memo 4", vec![Instruction::new(MEMO_V4_ID, b"hello".to_vec(), Vec::new())]));
    s.step(Step::new("memo 4 invalid UTF-8", vec![Instruction::new(MEMO_V4_ID, vec![0xFF], Vec::new())]));

    let lamport = differential::run_lamport(&s, lamport_runtime::FeatureSet::default());
    let agave = differential::run_agave(&s);
    for (step, observed) in s.steps.iter().zip(&agave) {
        println!("{}: {} ({} CU)", step.label, observed.result, observed.compute_units);
    }
    let differences = differential::compare(&s, &lamport, &agave);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} differences from LiteSVM:\n{}", differences.len(), report.join("\n"));
    // The scenario exercised the programs: the transfers succeeded.
    assert_eq!(agave.iter().filter(|o| o.result == "Ok").count(), s.steps.len() - 5);
}

/// Both runtimes, fresh (LiteSVM starts at `MAINNET_DEFAULT_SLOT`; so does
/// lamport-runtime's Clock here), with the sysvars program.
fn fresh_pair() -> (Runtime, LiteSVM) {
    let mut runtime = Runtime::new();
    runtime.warp_to_slot(litesvm::MAINNET_DEFAULT_SLOT);
    runtime.add_program_with_loader(READER, sysvars_elf(), LoaderKind::V2).unwrap();
    let mut svm = LiteSVM::new();
    svm.add_program_with_loader(address(&READER), sysvars_elf(), address(&LoaderKind::V2.id())).unwrap();
    (runtime, svm)
}

/// Sets sysvar `T` in both runtimes: `set_sysvar` here, its account in LiteSVM.
fn set_both<T: Sysvar>(runtime: &mut Runtime, svm: &mut LiteSVM, value: &T) {
    runtime.set_sysvar(value);
    let account = solana_account::Account {
        lamports: 1,
        data: value.to_account_data(),
        owner: address(&sysvar::ID),
        executable: false,
        rent_epoch: 0,
    };
    svm.set_account(address(&T::ID), account).unwrap();
}

/// One transaction in both runtimes, signed by `payer` (funded in both).
fn send_both(
    runtime: &mut Runtime,
    svm: &mut LiteSVM,
    payer: &Keypair,
    instructions: &[Instruction],
) -> (TransactionResult, Vec<Pubkey>, litesvm::types::TransactionResult, Vec<Pubkey>) {
    let ours = Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), &[payer], runtime.latest_blockhash());
    let our_keys = ours.message.account_keys.clone();
    let our_result = runtime.send_transaction(ours);
    let agave_payer = keypair(payer);
    let agave_instructions: Vec<solana_instruction::Instruction> = instructions
        .iter()
        .map(|ix| solana_instruction::Instruction {
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
        })
        .collect();
    let message = solana_message::Message::new(&agave_instructions, Some(&agave_payer.pubkey()));
    let theirs = solana_transaction::Transaction::new(&[&agave_payer], message, svm.latest_blockhash());
    let their_keys = theirs.message.account_keys.iter().map(|key| Pubkey::new_from_array(key.to_bytes())).collect();
    let their_result = svm.send_transaction(theirs);
    (our_result, our_keys, their_result, their_keys)
}

const SYSVAR_IDS: [Pubkey; 6] = [
    sysvar::clock::ID,
    sysvar::rent::ID,
    sysvar::epoch_schedule::ID,
    sysvar::epoch_rewards::ID,
    sysvar::last_restart_slot::ID,
    sysvar::STAKE_HISTORY_ID,
];

/// Runs the sysvars program over every sysvar account in both runtimes and
/// checks the logs (every byte it read), compute units and sysvar
/// account data agree.
fn read_sysvars_in_both(runtime: &mut Runtime, svm: &mut LiteSVM, payer: &Keypair, moment: &str) {
    let accounts = SYSVAR_IDS.iter().map(|id| AccountMeta::new_readonly(*id, false)).collect();
    let ix = Instruction::new(READER, Vec::new(), accounts);
    let (ours, _, theirs, _) = send_both(runtime, svm, payer, &[ix]);
    let ours = ours.unwrap_or_else(|failed| panic!("{moment}: lamport-runtime: {failed}"));
    let theirs = theirs.unwrap_or_else(|failed| panic!("{moment}: LiteSVM: {failed:?}"));
    assert_eq!(ours.logs, theirs.logs, "{moment}: logs");
    assert_eq!(ours.compute_units_consumed, theirs.compute_units_consumed, "{moment}: compute units");
    assert_eq!(ours.logs.iter().filter(|l| l.starts_with("Program data: ")).count(), SYSVAR_IDS.len() + 5);
    for id in SYSVAR_IDS {
        let our_data = runtime.get_account(&id).map(|a| a.data);
        let their_data = svm.get_account(&address(&id)).map(|a| a.data);
        assert_eq!(our_data, their_data, "{moment}: account data of {id}");
    }
    runtime.expire_blockhash();
    svm.expire_blockhash();
}

#[test]
fn sysvars_read_by_a_program_are_litesvms() {
    let (mut runtime, mut svm) = fresh_pair();
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 10 * SOL).unwrap();
    svm.airdrop(&address(&payer.pubkey()), 10 * SOL).unwrap();
    read_sysvars_in_both(&mut runtime, &mut svm, &payer, "fresh");

    runtime.warp_to_slot(litesvm::MAINNET_DEFAULT_SLOT + 123_456);
    svm.warp_to_slot(litesvm::MAINNET_DEFAULT_SLOT + 123_456);
    read_sysvars_in_both(&mut runtime, &mut svm, &payer, "after warp_to_slot");

    let clock = Clock {
        slot: litesvm::MAINNET_DEFAULT_SLOT + 200_000,
        epoch_start_timestamp: 1_690_000_000,
        epoch: 900,
        leader_schedule_epoch: 901,
        unix_timestamp: 1_700_000_000,
    };
    set_both(&mut runtime, &mut svm, &clock);
    set_both(&mut runtime, &mut svm, &Rent { lamports_per_byte_year: 5_000, exemption_threshold: 1.5, burn_percent: 20 });
    set_both(&mut runtime, &mut svm, &EpochSchedule::with_warmup(8_192));
    set_both(
        &mut runtime,
        &mut svm,
        &EpochRewards {
            distribution_starting_block_height: 11,
            num_partitions: 4,
            parent_blockhash: Hash::new_from_array([7; 32]),
            total_points: (1u128 << 90) + 3,
            total_rewards: 5_000_000,
            distributed_rewards: 1_250_000,
            active: true,
        },
    );
    set_both(&mut runtime, &mut svm, &LastRestartSlot { last_restart_slot: 300_000_000 });
    let mut history = StakeHistory::default();
    history.add(899, StakeHistoryEntry { effective: 400 * SOL, activating: 3 * SOL, deactivating: SOL });
    history.add(898, StakeHistoryEntry { effective: 390 * SOL, activating: 10 * SOL, deactivating: 0 });
    set_both(&mut runtime, &mut svm, &history);
    read_sysvars_in_both(&mut runtime, &mut svm, &payer, "after setting every sysvar");
    assert_eq!(runtime.minimum_balance_for_rent_exemption(100), svm.minimum_balance_for_rent_exemption(100));
}

/// Inner instructions as `(program, accounts, data, stack height)` with
/// addresses resolved through the message's keys (each runtime orders its
/// message's keys itself).
type Resolved = Vec<Vec<(Pubkey, Vec<Pubkey>, Vec<u8>, u8)>>;

#[test]
fn inner_instructions_are_litesvms() {
    let mut runtime = Runtime::new();
    let mut svm = LiteSVM::new();
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 10 * SOL).unwrap();
    svm.airdrop(&address(&payer.pubkey()), 10 * SOL).unwrap();
    // Mints of both token programs, set up alike in both runtimes.
    let owner = Pubkey::new_unique();
    let mut mints = Vec::new();
    for token_program in [TOKEN_ID, TOKEN_2022_ID] {
        let mint = Pubkey::new_unique();
        let mut data = vec![0u8; 82];
        data[..4].copy_from_slice(&1u32.to_le_bytes());
        data[4..36].copy_from_slice(owner.as_ref());
        data[44] = 6;
        data[45] = 1;
        let lamports = runtime.minimum_balance_for_rent_exemption(82);
        runtime.set_account(mint, Account { lamports, data: data.clone(), owner: token_program, executable: false, rent_epoch: 0 });
        let account = solana_account::Account { lamports, data, owner: address(&token_program), executable: false, rent_epoch: 0 };
        svm.set_account(address(&mint), account).unwrap();
        mints.push((token_program, mint));
    }
    let wallet = Pubkey::new_unique();
    let instructions = [
        Instruction::new(MEMO_V4_ID, b"first".to_vec(), Vec::new()),
        create_ata(payer.pubkey(), wallet, mints[0].1, mints[0].0, Vec::new()).0,
        create_ata(payer.pubkey(), wallet, mints[1].1, mints[1].0, vec![1]).0,
    ];
    let (ours, our_keys, theirs, their_keys) = send_both(&mut runtime, &mut svm, &payer, &instructions);
    let ours = ours.unwrap_or_else(|failed| panic!("lamport-runtime: {failed}"));
    let theirs = theirs.unwrap_or_else(|failed| panic!("LiteSVM: {failed:?}"));
    let resolved_ours: Resolved = ours
        .inner_instructions
        .iter()
        .map(|list| {
            list.iter()
                .map(|inner| {
                    let ix = &inner.instruction;
                    let key = |index: u8| our_keys[usize::from(index)];
                    (key(ix.program_id_index), ix.accounts.iter().map(|&a| key(a)).collect(), ix.data.clone(), inner.stack_height)
                })
                .collect()
        })
        .collect();
    let resolved_theirs: Resolved = theirs
        .inner_instructions
        .iter()
        .map(|list| {
            list.iter()
                .map(|inner| {
                    let ix = &inner.instruction;
                    let key = |index: u8| their_keys[usize::from(index)];
                    (key(ix.program_id_index), ix.accounts.iter().map(|&a| key(a)).collect(), ix.data.clone(), inner.stack_height)
                })
                .collect()
        })
        .collect();
    assert_eq!(resolved_ours, resolved_theirs);
    assert_eq!(resolved_ours.len(), 3);
    assert!(resolved_ours[0].is_empty());
    assert!(resolved_ours[1].len() >= 3 && resolved_ours[2].len() >= 3, "{resolved_ours:#?}");
    assert_eq!(ours.logs, theirs.logs);
    assert_eq!(ours.compute_units_consumed, theirs.compute_units_consumed);
    // When both runtimes ordered the keys alike, the indices agree too.
    if our_keys == their_keys {
        let raw = |list: &Vec<Vec<lamport_runtime::InnerInstruction>>| -> Vec<Vec<(u8, Vec<u8>, u8)>> {
            list.iter()
                .map(|l| l.iter().map(|i| (i.instruction.program_id_index, i.instruction.accounts.clone(), i.stack_height)).collect())
                .collect()
        };
        let their_raw: Vec<Vec<(u8, Vec<u8>, u8)>> = theirs
            .inner_instructions
            .iter()
            .map(|l| l.iter().map(|i| (i.instruction.program_id_index, i.instruction.accounts.clone(), i.stack_height)).collect())
            .collect();
        assert_eq!(raw(&ours.inner_instructions), their_raw);
    }
}

/// `with_log_bytes_limit`: the same memos, under Solana's cap, a small one
/// and none, log the same lines (truncated the same way) in both runtimes;
/// and `get_program_accounts` lists what LiteSVM's lists.
#[test]
fn log_limits_and_program_accounts_are_litesvms() {
    let payer = Keypair::new_from_array([0x42; 32]);
    let memos: Vec<Instruction> = (0..60u8).map(|i| Instruction::new(MEMO_V4_ID, vec![b'a' + i % 26; 8], Vec::new())).collect();
    for limit in [Some(10_000), Some(300), None] {
        let mut runtime = Runtime::new().with_log_bytes_limit(limit);
        let mut svm = LiteSVM::new().with_log_bytes_limit(limit);
        runtime.airdrop(&payer.pubkey(), 10 * SOL).unwrap();
        svm.airdrop(&address(&payer.pubkey()), 10 * SOL).unwrap();
        let budget = lamport_sdk::compute_budget::set_compute_unit_limit(1_400_000);
        let instructions: Vec<Instruction> = std::iter::once(budget).chain(memos.iter().cloned()).collect();
        let (ours, _, theirs, _) = send_both(&mut runtime, &mut svm, &payer, &instructions);
        let (ours, theirs) = (ours.expect("lamport-runtime sends the memos"), theirs.expect("LiteSVM sends the memos"));
        assert_eq!(ours.logs.to_vec(), theirs.logs, "limit {limit:?}");
        // Past the cap, one `Log truncated` line; shorter lines that still
        // fit are kept after it, as in Solana.
        assert_eq!(ours.logs.iter().any(|line| line == "Log truncated"), limit.is_some(), "limit {limit:?}");
    }

    let mut runtime = Runtime::new();
    let mut svm = LiteSVM::new();
    let owned = Pubkey::new_from_array([0x77; 32]);
    for (index, owner) in [(1u8, owned), (2, owned), (3, system::ID)] {
        let key = Pubkey::new_from_array([index; 32]);
        let account = Account { lamports: SOL, data: vec![index; 3], owner, executable: false, rent_epoch: 0 };
        runtime.set_account(key, account.clone());
        let theirs = solana_account::Account {
            lamports: account.lamports,
            data: account.data,
            owner: address(&account.owner),
            executable: false,
            rent_epoch: 0,
        };
        svm.set_account(address(&key), theirs).unwrap();
    }
    let mut ours: Vec<([u8; 32], Vec<u8>)> =
        runtime.get_program_accounts(&owned).into_iter().map(|(key, account)| (key.to_bytes(), account.data)).collect();
    let mut theirs: Vec<([u8; 32], Vec<u8>)> =
        svm.get_program_accounts(&address(&owned)).into_iter().map(|(key, account)| (key.to_bytes(), account.data)).collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours.len(), 2);
    assert_eq!(ours, theirs);
}

/// The Stake program (Core BPF Stake 5.0.0, shipped by both runtimes at its
/// mainnet id): a stake account created, initialized, re-authorized, split
/// and withdrawn from, with the minimum delegation read back as return
/// data, and the errors of a second initialization, a missing signature
/// and an overdraft — the same results, logs, compute units and accounts.
#[test]
fn the_stake_program_is_litesvms() {
    const STAKE: Pubkey = Pubkey::from_str_const("Stake11111111111111111111111111111111111111");
    const STAKE_STATE_LEN: u64 = 200;
    let stake_ix = |tag: u32, payload: &[u8], accounts: Vec<AccountMeta>| {
        Instruction::new(STAKE, [&tag.to_le_bytes()[..], payload].concat(), accounts)
    };
    let rent = lamport_runtime::FeatureSet::default().rent().minimum_balance(STAKE_STATE_LEN as usize);
    let mut s = Scenario::new("stake program", 20 * SOL);
    let payer = s.payer();
    let (owner_index, owner) = s.keypair();
    let (staker_index, staker) = s.keypair();
    let (stake_index, stake) = s.keypair();
    let (split_index, split) = s.keypair();
    let create = |key: &Pubkey, lamports| system::create_account(&payer, key, lamports, STAKE_STATE_LEN, &STAKE);
    // Initialize(Authorized { staker, withdrawer }, Lockup::default()).
    let initialize = stake_ix(
        0,
        &[owner.as_ref(), owner.as_ref(), &[0u8; 16], &[0u8; 32]].concat(),
        vec![AccountMeta::new(stake, false), AccountMeta::new_readonly(sysvar::rent::ID, false)],
    );
    // Authorize(new, StakeAuthorize::Staker), signed by `authority`.
    let authorize_staker = |authority: Pubkey| {
        stake_ix(
            1,
            &[staker.as_ref(), &0u32.to_le_bytes()[..]].concat(),
            vec![
                AccountMeta::new(stake, false),
                AccountMeta::new_readonly(sysvar::clock::ID, false),
                AccountMeta::new_readonly(authority, true),
            ],
        )
    };
    let withdraw = |lamports: u64| {
        stake_ix(
            4,
            &lamports.to_le_bytes(),
            vec![
                AccountMeta::new(stake, false),
                AccountMeta::new(payer, false),
                AccountMeta::new_readonly(sysvar::clock::ID, false),
                AccountMeta::new_readonly(sysvar::STAKE_HISTORY_ID, false),
                AccountMeta::new_readonly(owner, true),
            ],
        )
    };
    let split_ix = stake_ix(
        3,
        &SOL.to_le_bytes(),
        vec![AccountMeta::new(stake, false), AccountMeta::new(split, false), AccountMeta::new_readonly(staker, true)],
    );
    s.step(Step::new("create and initialize a stake account", vec![create(&stake, rent + 5 * SOL), initialize.clone()]).signed_by(&[stake_index]));
    s.step(Step::new("initialize it again", vec![initialize]));
    s.step(Step::new("read the minimum delegation", vec![stake_ix(13, &[], Vec::new())]));
    s.step(Step::new("authorize a staker without the authority's signature", vec![authorize_staker(staker)]).signed_by(&[staker_index]));
    s.step(Step::new("authorize a staker", vec![authorize_staker(owner)]).signed_by(&[owner_index]));
    s.step(Step::new("split one SOL off", vec![create(&split, rent), split_ix]).signed_by(&[split_index, staker_index]));
    s.step(Step::new("withdraw", vec![withdraw(SOL)]).signed_by(&[owner_index]));
    s.step(Step::new("withdraw more than the account holds", vec![withdraw(10 * SOL)]).signed_by(&[owner_index]));
    let lamport = differential::run_lamport(&s, lamport_runtime::FeatureSet::default());
    let agave = differential::run_agave(&s);
    let results: Vec<&str> = agave.iter().map(|observed| observed.result.as_str()).collect();
    for (step, observed) in s.steps.iter().zip(&agave) {
        println!("{}: {} ({} CU)", step.label, observed.result, observed.compute_units);
    }
    let differences = differential::compare(&s, &lamport, &agave);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} differences from LiteSVM:\n{}", differences.len(), report.join("\n"));
    // The scenario exercised the program: what Agave decided at each step.
    assert_eq!(results[0], "Ok");
    assert_eq!(results[2], "Ok");
    assert_eq!(results[4], "Ok");
    assert_eq!(results[5], "Ok");
    assert_eq!(results[6], "Ok");
    assert!(results[1].starts_with("InstructionError(0") && results[3].starts_with("InstructionError(0") && results[7].starts_with("InstructionError(0"), "{results:?}");
    assert!(!agave[2].return_data.1.is_empty(), "the minimum delegation is returned");
}

/// The deprecated sysvars (Fees, RecentBlockhashes) and SlotHistory, and
/// the stake config account: the same account data and owners as
/// LiteSVM's (RecentBlockhashes compared by its fee, as the blockhashes
/// differ), and, as in Agave, not served through `sol_get_sysvar`.
#[test]
fn the_other_sysvars_and_the_stake_config_are_litesvms() {
    let (mut runtime, mut svm) = fresh_pair();
    runtime.expire_blockhash();
    svm.expire_blockhash();
    let stake_config = Pubkey::from_str_const("StakeConfig11111111111111111111111111111111");
    for id in [sysvar::FEES_ID, sysvar::SLOT_HISTORY_ID, stake_config, sysvar::RECENT_BLOCKHASHES_ID] {
        let ours = runtime.get_account(&id).unwrap_or_else(|| panic!("lamport-runtime has no {id}"));
        let theirs = svm.get_account(&address(&id)).unwrap_or_else(|| panic!("LiteSVM has no {id}"));
        assert_eq!(ours.owner.to_bytes(), theirs.owner.to_bytes(), "{id}");
        if id == sysvar::RECENT_BLOCKHASHES_ID {
            let entries = |data: &[u8]| {
                let entries = RecentBlockhashes::from_account_data(data).expect("RecentBlockhashes");
                entries.entries().iter().map(|entry| entry.lamports_per_signature).collect::<Vec<_>>()
            };
            assert_eq!(entries(&ours.data), entries(&theirs.data));
            assert_eq!(entries(&ours.data), [5_000]);
        } else {
            assert!(ours.data == theirs.data, "{id}: {} bytes here, {} in LiteSVM", ours.data.len(), theirs.data.len());
        }
    }
    let history = SlotHistory::from_account_data(&runtime.get_account(&sysvar::SLOT_HISTORY_ID).unwrap().data).unwrap();
    assert_eq!((history.newest(), history.check(0)), (0, lamport_sdk::sysvar::slot_history::Check::Found));
    // The sysvars program reads an account through `sol_get_sysvar` first:
    // these are not served, in both.
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), SOL).unwrap();
    svm.airdrop(&address(&payer.pubkey()), SOL).unwrap();
    for id in [sysvar::FEES_ID, sysvar::SLOT_HISTORY_ID, sysvar::RECENT_BLOCKHASHES_ID] {
        let read = Instruction::new(READER, Vec::new(), vec![AccountMeta::new_readonly(id, false)]);
        let (ours, _, theirs, _) = send_both(&mut runtime, &mut svm, &payer, &[read]);
        let ours = format!("{:?}", ours.expect_err("not served").err);
        let theirs = format!("{:?}", theirs.expect_err("not served").err);
        assert_eq!(ours, theirs, "{id}");
        assert_eq!(ours, "InstructionError(0, UnsupportedSysvar)", "{id}");
    }
}
