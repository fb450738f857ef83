//! The differential scenarios: one list, each run through lamport-runtime
//! and LiteSVM by `tests/differential.rs`.

use lamport_runtime::LoaderKind;
use lamport_sdk::{
    account::Account,
    compute_budget::{
        request_heap_frame, set_compute_unit_limit, set_compute_unit_price, set_loaded_accounts_data_size_limit,
    },
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    system,
};

use crate::{
    differential::{system_account, Program, Scenario, Step},
    programs::Elfs,
};

const SOL: u64 = 1_000_000_000;
/// SPL Token's program id, also p-token's.
pub const TOKEN_ID: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Token-2022's program id.
pub const TOKEN_2022_ID: Pubkey = Pubkey::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/// The Associated Token Account program's id.
pub const ATA_ID: Pubkey = Pubkey::from_str_const("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
/// SPL Memo 4's id.
pub const MEMO_V4_ID: Pubkey = Pubkey::from_str_const("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
/// SPL Memo 1's id.
pub const MEMO_V1_ID: Pubkey = Pubkey::from_str_const("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
const RENT_SYSVAR: Pubkey = lamport_sdk::sysvar::rent::ID;
const MINT_LEN: usize = 82;
const TOKEN_ACCOUNT_LEN: usize = 165;

/// Rent-exempt minimum of `len` bytes (both runtimes agree on it).
fn exempt(len: usize) -> u64 {
    lamport_runtime::FeatureSet::default().rent().minimum_balance(len)
}

fn program(id: Pubkey, elf: &[u8], loader: LoaderKind) -> Program {
    Program { id, elf: elf.to_vec(), loader }
}

fn owned(owner: Pubkey, len: usize) -> Account {
    Account { lamports: exempt(len), data: vec![0; len], owner, executable: false, rent_epoch: u64::MAX }
}

/// SPL Token instruction encodings (shared by SPL Token, p-token and Token-2022).
mod token {
    use super::*;

    pub fn initialize_mint(program: Pubkey, mint: Pubkey, authority: Pubkey) -> Instruction {
        let mut data = vec![0, 6];
        data.extend_from_slice(authority.as_ref());
        data.push(0);
        Instruction::new(program, data, vec![AccountMeta::new(mint, false), AccountMeta::new_readonly(RENT_SYSVAR, false)])
    }

    pub fn initialize_mint2(program: Pubkey, mint: Pubkey, authority: Pubkey) -> Instruction {
        let mut data = vec![20, 6];
        data.extend_from_slice(authority.as_ref());
        data.push(0);
        Instruction::new(program, data, vec![AccountMeta::new(mint, false)])
    }

    pub fn initialize_account3(program: Pubkey, account: Pubkey, mint: Pubkey, owner: Pubkey) -> Instruction {
        let mut data = vec![18];
        data.extend_from_slice(owner.as_ref());
        Instruction::new(program, data, vec![AccountMeta::new(account, false), AccountMeta::new_readonly(mint, false)])
    }

    pub fn mint_to(program: Pubkey, mint: Pubkey, to: Pubkey, authority: Pubkey, amount: u64) -> Instruction {
        let mut data = vec![7];
        data.extend_from_slice(&amount.to_le_bytes());
        Instruction::new(
            program,
            data,
            vec![AccountMeta::new(mint, false), AccountMeta::new(to, false), AccountMeta::new_readonly(authority, true)],
        )
    }

    pub fn transfer(program: Pubkey, from: Pubkey, to: Pubkey, owner: Pubkey, amount: u64) -> Instruction {
        let mut data = vec![3];
        data.extend_from_slice(&amount.to_le_bytes());
        Instruction::new(
            program,
            data,
            vec![AccountMeta::new(from, false), AccountMeta::new(to, false), AccountMeta::new_readonly(owner, true)],
        )
    }

    pub fn transfer_checked(program: Pubkey, from: Pubkey, mint: Pubkey, to: Pubkey, owner: Pubkey, amount: u64) -> Instruction {
        let mut data = vec![12];
        data.extend_from_slice(&amount.to_le_bytes());
        data.push(6);
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

    pub fn burn(program: Pubkey, account: Pubkey, mint: Pubkey, owner: Pubkey, amount: u64) -> Instruction {
        let mut data = vec![8];
        data.extend_from_slice(&amount.to_le_bytes());
        Instruction::new(
            program,
            data,
            vec![AccountMeta::new(account, false), AccountMeta::new(mint, false), AccountMeta::new_readonly(owner, true)],
        )
    }

    pub fn close_account(program: Pubkey, account: Pubkey, destination: Pubkey, owner: Pubkey) -> Instruction {
        Instruction::new(
            program,
            vec![9],
            vec![AccountMeta::new(account, false), AccountMeta::new(destination, false), AccountMeta::new_readonly(owner, true)],
        )
    }

    /// p-token's `Batch` (tag 255): each inner instruction is prefixed by
    /// its account count and data length; the accounts follow one another.
    pub fn batch(program: Pubkey, inner: &[Instruction]) -> Instruction {
        let mut data = vec![255];
        let mut accounts = Vec::new();
        for ix in inner {
            data.push(ix.accounts.len() as u8);
            data.push(ix.data.len() as u8);
            data.extend_from_slice(&ix.data);
            accounts.extend(ix.accounts.iter().cloned());
        }
        Instruction::new(program, data, accounts)
    }
}

/// A mint, two token accounts and their owner, set up by the token program
/// at `program`; returns the scenario and (mint, source, destination, owner index).
fn token_setup(name: &str, elf: &[u8], program_id: Pubkey, loader: LoaderKind, mint_len: usize) -> (Scenario, [Pubkey; 3], usize) {
    let mut scenario = Scenario::new(name, 10 * SOL);
    scenario.program(program(program_id, elf, loader));
    let (owner_index, _) = scenario.keypair();
    let (mint, source, destination) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
    scenario.account(mint, owned(program_id, mint_len));
    scenario.account(source, owned(program_id, TOKEN_ACCOUNT_LEN));
    scenario.account(destination, owned(program_id, TOKEN_ACCOUNT_LEN));
    (scenario, [mint, source, destination], owner_index)
}

fn token_lifecycle(name: &str, elf: &[u8], program_id: Pubkey, loader: LoaderKind, with_batch: bool) -> Scenario {
    let (mut s, [mint, source, destination], owner_index) = token_setup(name, elf, program_id, loader, MINT_LEN);
    let owner = s.keypairs[owner_index].pubkey();
    let payer = s.payer();
    s.step(Step::new("InitializeMint", vec![token::initialize_mint(program_id, mint, owner)]));
    s.step(Step::new("InitializeAccount3 source", vec![token::initialize_account3(program_id, source, mint, owner)]));
    s.step(Step::new("InitializeAccount3 destination", vec![token::initialize_account3(program_id, destination, mint, owner)]));
    s.step(Step::new("MintTo", vec![token::mint_to(program_id, mint, source, owner, 1_000_000)]).signed_by(&[owner_index]));
    s.step(Step::new("Transfer", vec![token::transfer(program_id, source, destination, owner, 250)]).signed_by(&[owner_index]));
    s.step(
        Step::new("TransferChecked", vec![token::transfer_checked(program_id, source, mint, destination, owner, 100)])
            .signed_by(&[owner_index]),
    );
    s.step(
        Step::new("Transfer more than held", vec![token::transfer(program_id, source, destination, owner, 10_000_000)])
            .signed_by(&[owner_index]),
    );
    s.step(Step::new("Transfer unsigned", vec![{
        let mut ix = token::transfer(program_id, source, destination, owner, 1);
        ix.accounts[2].is_signer = false;
        ix
    }]));
    s.step(Step::new("Burn", vec![token::burn(program_id, source, mint, owner, 50)]).signed_by(&[owner_index]));
    if with_batch {
        s.step(
            Step::new(
                "Batch MintTo + Transfer",
                vec![token::batch(
                    program_id,
                    &[token::mint_to(program_id, mint, source, owner, 10), token::transfer(program_id, source, destination, owner, 5)],
                )],
            )
            .signed_by(&[owner_index]),
        );
    }
    s.step(Step::new("Burn the rest of destination", vec![token::burn(program_id, destination, mint, owner, if with_batch { 355 } else { 350 })]).signed_by(&[owner_index]));
    s.step(Step::new("CloseAccount", vec![token::close_account(program_id, destination, payer, owner)]).signed_by(&[owner_index]));
    s
}

fn p_token(elfs: &Elfs) -> Scenario {
    let program_id = TOKEN_ID;
    let (mut s, [mint, source, destination], owner_index) =
        token_setup("p-token", &elfs.p_token, program_id, LoaderKind::Upgradeable, MINT_LEN);
    let owner = s.keypairs[owner_index].pubkey();
    let payer = s.payer();
    s.step(Step::new("InitializeMint", vec![token::initialize_mint(program_id, mint, owner)]));
    let mint2 = Pubkey::new_unique();
    s.account(mint2, owned(program_id, MINT_LEN));
    s.step(Step::new("InitializeMint2", vec![token::initialize_mint2(program_id, mint2, owner)]));
    s.step(Step::new("InitializeAccount3 source", vec![token::initialize_account3(program_id, source, mint, owner)]));
    s.step(Step::new("InitializeAccount3 destination", vec![token::initialize_account3(program_id, destination, mint, owner)]));
    s.step(Step::new("MintTo", vec![token::mint_to(program_id, mint, source, owner, 1_000_000)]).signed_by(&[owner_index]));
    s.step(Step::new("Transfer", vec![token::transfer(program_id, source, destination, owner, 250)]).signed_by(&[owner_index]));
    s.step(
        Step::new("TransferChecked", vec![token::transfer_checked(program_id, source, mint, destination, owner, 100)])
            .signed_by(&[owner_index]),
    );
    s.step(
        Step::new("Transfer more than held", vec![token::transfer(program_id, source, destination, owner, 10_000_000)])
            .signed_by(&[owner_index]),
    );
    s.step(Step::new("Burn", vec![token::burn(program_id, source, mint, owner, 50)]).signed_by(&[owner_index]));
    s.step(
        Step::new(
            "Batch MintTo + Transfer",
            vec![token::batch(
                program_id,
                &[token::mint_to(program_id, mint, source, owner, 10), token::transfer(program_id, source, destination, owner, 5)],
            )],
        )
        .signed_by(&[owner_index]),
    );
    s.step(Step::new("Burn destination", vec![token::burn(program_id, destination, mint, owner, 355)]).signed_by(&[owner_index]));
    s.step(Step::new("CloseAccount", vec![token::close_account(program_id, destination, payer, owner)]).signed_by(&[owner_index]));
    s
}

/// Token-2022 with the mint-close-authority extension, a transfer, and
/// `GetAccountDataSize`, which answers in return data.
fn token_2022(elfs: &Elfs) -> Scenario {
    let program_id = TOKEN_2022_ID;
    // Base account (165) + account type (1) + TLV header (4) + close authority (32).
    const MINT_WITH_CLOSE_AUTHORITY_LEN: usize = 202;
    let (mut s, [mint, source, destination], owner_index) =
        token_setup("Token-2022 with extensions", &elfs.token_2022, program_id, LoaderKind::Upgradeable, MINT_WITH_CLOSE_AUTHORITY_LEN);
    let owner = s.keypairs[owner_index].pubkey();
    // InitializeMintCloseAuthority: tag 25, then COption<Pubkey> as a flag byte and the key.
    let mut close_authority = vec![25, 1];
    close_authority.extend_from_slice(owner.as_ref());
    s.step(Step::new(
        "InitializeMintCloseAuthority + InitializeMint2",
        vec![
            Instruction::new(program_id, close_authority, vec![AccountMeta::new(mint, false)]),
            token::initialize_mint2(program_id, mint, owner),
        ],
    ));
    s.step(Step::new("InitializeAccount3 x2", vec![
        token::initialize_account3(program_id, source, mint, owner),
        token::initialize_account3(program_id, destination, mint, owner),
    ]));
    s.step(Step::new("MintTo", vec![token::mint_to(program_id, mint, source, owner, 5_000)]).signed_by(&[owner_index]));
    s.step(
        Step::new("TransferChecked", vec![token::transfer_checked(program_id, source, mint, destination, owner, 1_234)])
            .signed_by(&[owner_index]),
    );
    // GetAccountDataSize for an account with the immutable-owner extension (type 7).
    s.step(Step::new(
        "GetAccountDataSize",
        vec![Instruction::new(program_id, vec![21, 7, 0], vec![AccountMeta::new_readonly(mint, false)])],
    ));
    s.step(
        Step::new("TransferChecked with wrong decimals", vec![{
            let mut ix = token::transfer_checked(program_id, source, mint, destination, owner, 1);
            *ix.data.last_mut().unwrap() = 9;
            ix
        }])
        .signed_by(&[owner_index]),
    );
    s
}

/// ATA: Create (with its CPIs into System and Token), CreateIdempotent, then
/// a memo whose transaction must show no stale return data.
fn ata(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("Associated Token Account", 10 * SOL);
    s.program(program(ATA_ID, &elfs.ata, LoaderKind::V2));
    s.program(program(TOKEN_ID, &elfs.spl_token, LoaderKind::V2));
    s.program(program(MEMO_V4_ID, &elfs.memo_v4, LoaderKind::V2));
    let payer = s.payer();
    let (_, wallet) = s.keypair();
    let mint = Pubkey::new_unique();
    s.account(mint, owned(TOKEN_ID, MINT_LEN));
    let (ata, _) = Pubkey::find_program_address(&[wallet.as_ref(), TOKEN_ID.as_ref(), mint.as_ref()], &ATA_ID);
    let create = |tag: Option<u8>| {
        Instruction::new(
            ATA_ID,
            tag.map(|t| vec![t]).unwrap_or_default(),
            vec![
                AccountMeta::new(payer, true),
                AccountMeta::new(ata, false),
                AccountMeta::new_readonly(wallet, false),
                AccountMeta::new_readonly(mint, false),
                AccountMeta::new_readonly(system::ID, false),
                AccountMeta::new_readonly(TOKEN_ID, false),
            ],
        )
    };
    s.step(Step::new("InitializeMint", vec![token::initialize_mint(TOKEN_ID, mint, wallet)]));
    s.step(Step::new("Create", vec![create(None)]));
    s.step(Step::new("Create again fails", vec![create(None)]));
    s.step(Step::new("CreateIdempotent", vec![create(Some(1))]));
    s.step(Step::new("Create then memo", vec![memo(b"after"), {
        let mut ix = create(Some(1));
        ix.data = vec![1];
        ix
    }, memo(b"last")]));
    s
}

fn memo(text: &[u8]) -> Instruction {
    Instruction::new(MEMO_V4_ID, text.to_vec(), Vec::new())
}

fn memos(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("SPL Memo", 10 * SOL);
    s.program(program(MEMO_V4_ID, &elfs.memo_v4, LoaderKind::V2));
    s.program(program(MEMO_V1_ID, &elfs.memo_v1, LoaderKind::Deprecated));
    let (signer_index, signer) = s.keypair();
    s.step(Step::new("memo 4", vec![memo(b"hello")]));
    s.step(Step::new("memo 4 invalid UTF-8", vec![memo(&[0xff])]));
    s.step(Step::new("memo 1", vec![Instruction::new(MEMO_V1_ID, b"hello".to_vec(), Vec::new())]));
    s.step(
        Step::new("memo 4 with a signer", vec![Instruction::new(MEMO_V4_ID, b"signed".to_vec(), vec![AccountMeta::new_readonly(signer, true)])])
            .signed_by(&[signer_index]),
    );
    s.step(Step::new(
        "memo 4 with a missing signature",
        vec![Instruction::new(MEMO_V4_ID, b"unsigned".to_vec(), vec![AccountMeta::new_readonly(signer, false)])],
    ));
    s
}

fn system_program() -> Scenario {
    let mut s = Scenario::new("System program edge cases", 100 * SOL);
    let payer = s.payer();
    let owner = Pubkey::new_unique();
    let (new_index, new) = s.keypair();
    let (other_index, other) = s.keypair();
    let (holder_index, holder) = s.funded_keypair(5 * SOL);
    let (with_data_index, with_data) = s.keypair();
    s.account(with_data, Account { data: vec![1, 2, 3], ..system_account(SOL) });
    let unsigned = |mut ix: Instruction| {
        for meta in &mut ix.accounts {
            if meta.pubkey != payer {
                meta.is_signer = false;
            }
        }
        ix
    };
    s.step(Step::new("Transfer to a new account", vec![system::transfer(&payer, &Pubkey::new_from_array([7; 32]), exempt(0))]));
    s.step(Step::new("Transfer below the rent-exempt minimum to a new account", vec![system::transfer(&payer, &Pubkey::new_from_array([8; 32]), 1_000)]));
    s.step(Step::new("Transfer more than held", vec![system::transfer(&payer, &new, 1_000 * SOL)]));
    s.step(Step::new("Transfer from an account with data", vec![system::transfer(&with_data, &payer, 1)]).signed_by(&[with_data_index]));
    s.step(Step::new("CreateAccount", vec![system::create_account(&payer, &new, exempt(10), 10, &owner)]).signed_by(&[new_index]));
    s.step(Step::new("CreateAccount already in use", vec![system::create_account(&payer, &new, exempt(10), 10, &owner)]).signed_by(&[new_index]));
    s.step(Step::new("CreateAccount for a funded address", vec![system::create_account(&payer, &holder, exempt(10), 10, &owner)]).signed_by(&[holder_index]));
    s.step(Step::new("CreateAccount without the new account's signature", vec![unsigned(system::create_account(&payer, &other, exempt(10), 10, &owner))]));
    s.step(Step::new("Allocate unsigned", vec![unsigned(system::allocate(&other, 10))]));
    s.step(Step::new("Assign unsigned", vec![unsigned(system::assign(&other, &owner))]));
    s.step(Step::new("Allocate too large", vec![system::allocate(&other, 20 * 1024 * 1024)]).signed_by(&[other_index]));
    s.step(Step::new("CreateAccount underfunded", vec![system::create_account(&payer, &other, 1, 0, &owner)]).signed_by(&[other_index]));
    let seed = "seed";
    let derived = Pubkey::create_with_seed(&payer, seed, &owner).unwrap();
    s.step(Step::new(
        "CreateAccountWithSeed",
        vec![system::create_account_with_seed(&payer, &derived, &payer, seed, exempt(4), 4, &owner)],
    ));
    s.step(Step::new(
        "CreateAccountWithSeed with a wrong address",
        vec![system::create_account_with_seed(&payer, &other, &payer, seed, exempt(4), 4, &owner)],
    ));
    s.step(Step::new("Invalid instruction data", vec![Instruction::new(system::ID, vec![99], vec![AccountMeta::new(payer, true)])]));
    // Reserved addresses are read-only whatever the message asks: crediting
    // one fails.
    for (name, reserved) in [
        ("the feature program", lamport_runtime::ids::FEATURE_PROGRAM_ID),
        ("the config program", lamport_runtime::ids::CONFIG_PROGRAM_ID),
        ("loader v4", lamport_runtime::ids::LOADER_V4_ID),
    ] {
        s.step(Step::new(format!("Transfer to {name} (reserved)"), vec![system::transfer(&payer, &reserved, SOL)]));
    }
    s
}

fn compute_budget(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("Compute-budget combinations", 100 * SOL);
    s.program(program(MEMO_V4_ID, &elfs.memo_v4, LoaderKind::V2));
    let payer = s.payer();
    let to = Pubkey::new_from_array([9; 32]);
    s.step(Step::new("limit + memo", vec![set_compute_unit_limit(50_000), memo(b"a")]));
    s.step(Step::new("price without limit", vec![set_compute_unit_price(1_000_000), memo(b"b")]));
    s.step(Step::new("price without limit, builtin only", vec![set_compute_unit_price(1_000_000), system::transfer(&payer, &to, exempt(0))]));
    s.step(Step::new("limit and price", vec![set_compute_unit_limit(10_001), set_compute_unit_price(3), memo(b"c")]));
    s.step(Step::new("limit below the compute-budget cost", vec![set_compute_unit_limit(100), memo(b"d")]));
    s.step(Step::new("limit just enough for the compute-budget instruction", vec![set_compute_unit_limit(150), memo(b"e")]));
    s.step(Step::new("limit above the maximum", vec![set_compute_unit_limit(5_000_000), memo(b"f")]));
    s.step(Step::new("duplicate limit", vec![set_compute_unit_limit(1_000), memo(b"g"), set_compute_unit_limit(2_000)]));
    s.step(Step::new("truncated data", vec![memo(b"h"), {
        let mut ix = set_compute_unit_limit(1);
        ix.data.truncate(3);
        ix
    }]));
    s.step(Step::new("heap frame 96 KiB", vec![request_heap_frame(96 * 1024), memo(b"i")]));
    s.step(Step::new("heap frame not a multiple of 1 KiB", vec![request_heap_frame(33 * 1000), memo(b"j")]));
    s.step(Step::new("loaded accounts limit 0", vec![set_loaded_accounts_data_size_limit(0), memo(b"k")]));
    // Loaded: payer 64, memo 64 + its ELF, compute-budget program 64 + its name (22 bytes).
    let loaded = (64 + 64 + elfs.memo_v4.len() + 64 + 22) as u32;
    s.step(Step::new("loaded accounts limit too small", vec![set_loaded_accounts_data_size_limit(1_000), memo(b"l")]));
    s.step(Step::new("loaded accounts limit one byte short", vec![set_loaded_accounts_data_size_limit(loaded - 1), memo(b"m")]));
    s.step(Step::new("loaded accounts limit exactly enough", vec![set_loaded_accounts_data_size_limit(loaded), memo(b"m")]));
    s.step(Step::new("several memos", (0..4u8).map(|i| memo(&[b'n', i + b'0'])).collect()));
    s
}

fn fee_payers() -> Vec<Scenario> {
    let transfer_to = Pubkey::new_from_array([3; 32]);
    let mut scenarios = Vec::new();
    let mut add = |name: &str, payer: Option<Account>| {
        let mut s = Scenario::new(format!("fee payer: {name}"), 0);
        match payer {
            Some(account) => s.accounts[0].1 = account,
            None => {
                s.accounts.clear();
            }
        }
        let payer = s.payer();
        s.step(Step::new("transfer", vec![system::transfer(&payer, &transfer_to, exempt(0))]));
        s.step(Step::new("transfer of 1 lamport", vec![system::transfer(&payer, &transfer_to, 1)]));
        scenarios.push(s);
    };
    add("missing", None);
    add("owned by a program", Some(Account { owner: Pubkey::new_from_array([5; 32]), ..system_account(SOL) }));
    add("system account with data", Some(Account { data: vec![0; 8], ..system_account(SOL) }));
    add("cannot pay the fee", Some(system_account(4_999)));
    add("pays exactly the fee", Some(system_account(5_000)));
    add("rent-paying", Some(Account { rent_epoch: 0, ..system_account(100_000) }));
    add("left rent-paying by the fee", Some(system_account(exempt(0) + 4_000)));
    add("left exactly exempt", Some(system_account(exempt(0) + 5_000 + exempt(0))));
    scenarios
}

fn programs_not_runnable(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("invoking what is not a program", 10 * SOL);
    s.program(program(MEMO_V4_ID, &elfs.memo_v4, LoaderKind::V2));
    let data_account = Pubkey::new_unique();
    s.account(data_account, owned(MEMO_V4_ID, 8));
    s.step(Step::new("an address with no account", vec![Instruction::new(Pubkey::new_unique(), vec![1], Vec::new())]));
    s.step(Step::new("a data account", vec![Instruction::new(data_account, vec![1], Vec::new())]));
    s.step(Step::new("a program after a successful memo", vec![memo(b"ok"), Instruction::new(Pubkey::new_unique(), vec![], Vec::new())]));
    s
}

fn cpi(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("CPI depth, reentrancy, privileges, return data", 10 * SOL);
    let invoker = Pubkey::new_unique();
    let second = Pubkey::new_unique();
    s.program(program(invoker, &elfs.invoker, LoaderKind::V2));
    s.program(program(second, &elfs.invoker, LoaderKind::V2));
    let payer = s.payer();
    let chain = |programs: &[Pubkey]| {
        let mut data = vec![1, programs.len() as u8];
        for p in programs {
            data.extend_from_slice(p.as_ref());
        }
        let mut metas = vec![AccountMeta::new_readonly(invoker, false), AccountMeta::new_readonly(second, false)];
        metas.dedup();
        Instruction::new(invoker, data, metas)
    };
    s.step(Step::new("chain to depth 5", vec![chain(&[invoker; 4])]));
    s.step(Step::new("chain to depth 6", vec![chain(&[invoker; 5])]));
    s.step(Step::new("reentrancy A -> B -> A", vec![chain(&[second, invoker])]));
    let target = Pubkey::new_unique();
    s.account(target, owned(invoker, 8));
    s.step(Step::new(
        "escalate writable",
        vec![Instruction::new(invoker, vec![2], vec![AccountMeta::new_readonly(target, false), AccountMeta::new_readonly(second, false)])],
    ));
    s.step(Step::new(
        "escalate signer",
        vec![Instruction::new(invoker, vec![3], vec![AccountMeta::new_readonly(target, false), AccountMeta::new_readonly(second, false)])],
    ));
    let mut call_for_return = vec![6];
    call_for_return.extend_from_slice(b"returned");
    s.step(Step::new(
        "return data through a CPI",
        vec![Instruction::new(invoker, call_for_return, vec![AccountMeta::new_readonly(second, false)])],
    ));
    let mut set_return = vec![5];
    set_return.extend_from_slice(&[1, 2, 3]);
    s.step(Step::new(
        "return data then an instruction that sets none",
        vec![Instruction::new(invoker, set_return.clone(), Vec::new()), Instruction::new(invoker, vec![4], Vec::new())],
    ));
    s.step(Step::new("return data of the last instruction", vec![Instruction::new(invoker, set_return, Vec::new())]));
    let (pda, bump) = Pubkey::find_program_address(&[b"vault", payer.as_ref()], &invoker);
    let mut create = vec![0, bump];
    create.extend_from_slice(&exempt(16).to_le_bytes());
    create.extend_from_slice(&16u64.to_le_bytes());
    s.step(Step::new(
        "CreateAccount for a PDA with invoke_signed",
        vec![Instruction::new(
            invoker,
            create.clone(),
            vec![AccountMeta::new(payer, true), AccountMeta::new(pda, false), AccountMeta::new_readonly(system::ID, false)],
        )],
    ));
    s.step(Step::new(
        "CreateAccount for the PDA again",
        vec![Instruction::new(
            invoker,
            create,
            vec![AccountMeta::new(payer, true), AccountMeta::new(pda, false), AccountMeta::new_readonly(system::ID, false)],
        )],
    ));
    s
}

fn faults(elfs: &Elfs) -> Scenario {
    let mut s = Scenario::new("program faults", 10 * SOL);
    let compute = Pubkey::new_unique();
    s.program(program(compute, &elfs.compute, LoaderKind::V2));
    let target = Pubkey::new_unique();
    s.account(target, owned(compute, 4));
    s.step(Step::new(
        "endless loop runs out of compute units",
        vec![set_compute_unit_limit(30_000), Instruction::new(compute, vec![0], vec![AccountMeta::new(target, false)])],
    ));
    let recurse = |depth: u16| {
        let mut data = vec![1];
        data.extend_from_slice(&depth.to_le_bytes());
        Instruction::new(compute, data, Vec::new())
    };
    s.step(Step::new("recursion 10 deep", vec![recurse(10)]));
    s.step(Step::new("recursion past the call depth", vec![recurse(70)]));
    s.step(Step::new("remaining compute units", vec![Instruction::new(compute, vec![2], Vec::new())]));
    s.step(Step::new("unknown op", vec![Instruction::new(compute, vec![9], Vec::new())]));
    s
}

fn examples(elfs: &Elfs) -> Vec<Scenario> {
    let mut scenarios = Vec::new();

    let mut s = Scenario::new("examples: hello (Rust and C)", 10 * SOL);
    let (hello, hello_c) = (Pubkey::new_unique(), Pubkey::new_unique());
    s.program(program(hello, &elfs.hello, LoaderKind::V2));
    s.program(program(hello_c, &elfs.hello_c, LoaderKind::V2));
    s.step(Step::new("hello", vec![Instruction::new(hello, Vec::new(), Vec::new())]));
    s.step(Step::new("hello in C", vec![Instruction::new(hello_c, Vec::new(), Vec::new())]));
    scenarios.push(s);

    let mut s = Scenario::new("examples: counter", 10 * SOL);
    let counter = Pubkey::new_unique();
    s.program(program(counter, &elfs.counter, LoaderKind::V2));
    let (authority_index, authority) = s.funded_keypair(SOL);
    let (pda, bump) = Pubkey::find_program_address(&[b"counter", authority.as_ref()], &counter);
    let init = Instruction::new(
        counter,
        vec![0, bump],
        vec![AccountMeta::new(authority, true), AccountMeta::new(pda, false), AccountMeta::new_readonly(system::ID, false)],
    );
    let increment = |by: u64| {
        let mut data = vec![1];
        data.extend_from_slice(&by.to_le_bytes());
        Instruction::new(counter, data, vec![AccountMeta::new(pda, false), AccountMeta::new_readonly(authority, true)])
    };
    s.step(Step::new("Initialize", vec![init.clone()]).signed_by(&[authority_index]));
    s.step(Step::new("Initialize again", vec![init]).signed_by(&[authority_index]));
    s.step(Step::new("Increment", vec![increment(5)]).signed_by(&[authority_index]));
    s.step(Step::new("Increment to overflow", vec![increment(u64::MAX)]).signed_by(&[authority_index]));
    scenarios.push(s);

    let mut s = Scenario::new("examples: counter in C", 10 * SOL);
    let counter_c = Pubkey::new_unique();
    s.program(program(counter_c, &elfs.counter_c, LoaderKind::V2));
    let state = Pubkey::new_unique();
    s.account(state, owned(counter_c, 8));
    let foreign = Pubkey::new_unique();
    s.account(foreign, owned(Pubkey::new_unique(), 8));
    s.step(Step::new("add 1", vec![Instruction::new(counter_c, Vec::new(), vec![AccountMeta::new(state, false)])]));
    s.step(Step::new("add 41", vec![Instruction::new(counter_c, 41u64.to_le_bytes().to_vec(), vec![AccountMeta::new(state, false)])]));
    s.step(Step::new("foreign account", vec![Instruction::new(counter_c, Vec::new(), vec![AccountMeta::new(foreign, false)])]));
    s.step(Step::new("bad data", vec![Instruction::new(counter_c, vec![1, 2, 3], vec![AccountMeta::new(state, false)])]));
    scenarios.push(s);

    let mut s = Scenario::new("examples: cpi-caller and cpi-callee", 10 * SOL);
    let (caller, callee) = (Pubkey::new_unique(), Pubkey::new_unique());
    s.program(program(caller, &elfs.cpi_caller, LoaderKind::V2));
    s.program(program(callee, &elfs.cpi_callee, LoaderKind::V2));
    let (user_index, user) = s.keypair();
    let mut data = 20u64.to_le_bytes().to_vec();
    data.extend_from_slice(&22u64.to_le_bytes());
    s.step(
        Step::new(
            "Double",
            vec![Instruction::new(caller, data.clone(), vec![AccountMeta::new_readonly(user, true), AccountMeta::new_readonly(callee, false)])],
        )
        .signed_by(&[user_index]),
    );
    s.step(Step::new(
        "Double without the user's signature",
        vec![Instruction::new(caller, data, vec![AccountMeta::new_readonly(user, false), AccountMeta::new_readonly(callee, false)])],
    ));
    scenarios.push(s);

    let mut s = Scenario::new("examples: budget", 10 * SOL);
    let budget = Pubkey::new_unique();
    s.program(program(budget, &elfs.budget, LoaderKind::V2));
    let payer = s.payer();
    let (plan_index, plan) = s.keypair();
    let recipient = Pubkey::new_unique();
    let mut create = vec![0];
    create.extend_from_slice(&1_000_000u64.to_le_bytes());
    create.extend_from_slice(&i64::MAX.to_le_bytes());
    create.extend_from_slice(recipient.as_ref());
    create.extend_from_slice(&[0; 32]);
    s.step(
        Step::new(
            "Create",
            vec![Instruction::new(
                budget,
                create,
                vec![AccountMeta::new(payer, true), AccountMeta::new(plan, true), AccountMeta::new_readonly(system::ID, false)],
            )],
        )
        .signed_by(&[plan_index]),
    );
    s.step(Step::new(
        "Release before the date",
        vec![Instruction::new(
            budget,
            vec![1],
            vec![AccountMeta::new(plan, false), AccountMeta::new(recipient, false), AccountMeta::new(payer, false)],
        )],
    ));
    s.step(Step::new(
        "Cancel",
        vec![Instruction::new(budget, vec![2], vec![AccountMeta::new(plan, false), AccountMeta::new(payer, true)])],
    ));
    scenarios.push(s);

    scenarios.push(token_example(elfs));
    scenarios
}

/// `examples/token`: SPL Token's layouts and tags for the instructions it has
/// (InitializeMint without the rent sysvar, InitializeAccount with the owner
/// in the data).
fn token_example(elfs: &Elfs) -> Scenario {
    let program_id = Pubkey::new_unique();
    let (mut s, [mint, source, destination], owner_index) =
        token_setup("examples: token", &elfs.token_example, program_id, LoaderKind::V2, MINT_LEN);
    let owner = s.keypairs[owner_index].pubkey();
    let mut init_mint = vec![0, 6];
    init_mint.extend_from_slice(owner.as_ref());
    let init_account = |account: Pubkey| {
        let mut data = vec![1];
        data.extend_from_slice(owner.as_ref());
        Instruction::new(program_id, data, vec![AccountMeta::new(account, false), AccountMeta::new_readonly(mint, false)])
    };
    s.step(Step::new("InitializeMint", vec![Instruction::new(program_id, init_mint, vec![AccountMeta::new(mint, false)])]));
    s.step(Step::new("InitializeAccount x2", vec![init_account(source), init_account(destination)]));
    s.step(Step::new("MintTo", vec![token::mint_to(program_id, mint, source, owner, 1_000)]).signed_by(&[owner_index]));
    s.step(Step::new("Transfer", vec![token::transfer(program_id, source, destination, owner, 250)]).signed_by(&[owner_index]));
    s.step(
        Step::new("Transfer more than held", vec![token::transfer(program_id, source, destination, owner, 10_000)])
            .signed_by(&[owner_index]),
    );
    s.step(Step::new("Transfer unsigned", vec![{
        let mut ix = token::transfer(program_id, source, destination, owner, 1);
        ix.accounts[2].is_signer = false;
        ix
    }]));
    s.step(Step::new("Burn", vec![token::burn(program_id, destination, mint, owner, 50)]).signed_by(&[owner_index]));
    s
}

/// Every scenario, in a fixed order.
pub fn all(elfs: &Elfs) -> Vec<Scenario> {
    let mut scenarios = vec![
        memos(elfs),
        token_lifecycle("SPL Token 3.5.0", &elfs.spl_token, TOKEN_ID, LoaderKind::V2, false),
        p_token(elfs),
        token_2022(elfs),
        ata(elfs),
        system_program(),
        compute_budget(elfs),
        programs_not_runnable(elfs),
        cpi(elfs),
        faults(elfs),
    ];
    scenarios.extend(fee_payers());
    scenarios.extend(examples(elfs));
    scenarios
}
