//! The token program, built by `cargo lamport build`, in the runtime:
//! mint → transfer → burn, every failure path, and Transfer's compute
//! units beside SPL Token 3.5.0's.

use lamport_runtime::{InstructionError, LoaderKind, Runtime, TransactionError, TransactionMeta};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};
use token::{
    error::TokenError,
    instruction::client,
    state::{Mint, TokenAccount, ACCOUNT_LEN, MINT_LEN},
};

/// Compute units of Solana's optimized p-token for `Transfer`: the bar.
const P_TOKEN_TRANSFER_CU: u64 = 76;
/// Compute units of SPL Token 3.5.0's `Transfer`, as Agave charges them.
const SPL_TOKEN_TRANSFER_CU: u64 = 4_644;

struct Env {
    runtime: Runtime,
    token: Pubkey,
    payer: Keypair,
    mint: Pubkey,
    mint_authority: Keypair,
}

fn send(runtime: &mut Runtime, payer: &Keypair, ix: Instruction, signers: &[&Keypair]) -> Result<TransactionMeta, (TransactionError, Vec<String>)> {
    let mut all = vec![payer];
    all.extend_from_slice(signers);
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &all, runtime.latest_blockhash());
    runtime.send_transaction(tx).map_err(|f| (f.err, f.meta.logs.into_vec()))
}

fn custom(e: TokenError) -> TransactionError {
    TransactionError::InstructionError(0, InstructionError::Custom(e as u32))
}

impl Env {
    /// A runtime with the token program and an initialized mint.
    fn new() -> Self {
        let mut runtime = Runtime::new();
        let token = runtime.add_program_from_deploy_dir("token").unwrap_or_else(|e| panic!("{e}"));
        let payer = Keypair::new();
        runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
        let mint_authority = Keypair::new();
        let mut env = Env { runtime, token, payer, mint: Pubkey::default(), mint_authority };
        env.mint = env.blank(MINT_LEN, env.token);
        let ix = client::initialize_mint(&env.token, &env.mint, &env.mint_authority.pubkey(), 6);
        env.send(ix, &[]).unwrap();
        env
    }

    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> Result<TransactionMeta, TransactionError> {
        send(&mut self.runtime, &self.payer, ix, signers).map_err(|(e, _)| e)
    }

    /// A zeroed, rent-exempt account of `len` bytes owned by `owner`.
    fn blank(&mut self, len: usize, owner: Pubkey) -> Pubkey {
        let address = Pubkey::new_unique();
        let lamports = self.runtime.minimum_balance_for_rent_exemption(len);
        self.runtime.set_account(address, Account { lamports, data: vec![0; len], owner, executable: false, rent_epoch: 0 });
        address
    }

    /// An initialized token account of the mint, owned by `owner`, holding `amount` (minted).
    fn account(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let account = self.blank(ACCOUNT_LEN, self.token);
        self.send(client::initialize_account(&self.token, &account, &self.mint, owner), &[]).unwrap();
        if amount > 0 {
            let authority = self.mint_authority.insecure_clone();
            self.send(client::mint_to(&self.token, &self.mint, &account, &authority.pubkey(), amount), &[&authority])
                .unwrap();
        }
        account
    }

    fn balance(&self, account: &Pubkey) -> u64 {
        TokenAccount::load(&self.runtime.get_account(account).unwrap().data).unwrap().amount()
    }

    fn supply(&self) -> u64 {
        Mint::load(&self.runtime.get_account(&self.mint).unwrap().data).unwrap().supply()
    }
}

#[test]
fn mint_transfer_burn() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let bob = Keypair::new();
    let a = env.account(&alice.pubkey(), 1_000);
    let b = env.account(&bob.pubkey(), 0);
    assert_eq!(env.supply(), 1_000);

    env.send(client::transfer(&env.token, &a, &b, &alice.pubkey(), 300), &[&alice]).unwrap();
    assert_eq!((env.balance(&a), env.balance(&b)), (700, 300));

    env.send(client::burn(&env.token, &b, &env.mint, &bob.pubkey(), 100), &[&bob]).unwrap();
    assert_eq!(env.balance(&b), 200);
    assert_eq!(env.supply(), 900);
}

#[test]
fn transfer_costs_no_more_than_p_token() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 1_000);
    let b = env.account(&Pubkey::new_unique(), 0);
    // Alice pays the fee, as in SPL Token's measured setup (one signature).
    env.runtime.airdrop(&alice.pubkey(), 1_000_000_000).unwrap();
    let ix = client::transfer(&env.token, &a, &b, &alice.pubkey(), 250);
    let meta = send(&mut env.runtime, &alice, ix, &[]).unwrap();
    let ours = meta.compute_units_consumed;

    let spl = spl_token_transfer_cu();
    println!("Transfer: {ours} compute units (SPL Token 3.5.0: {spl}, p-token: {P_TOKEN_TRANSFER_CU})");
    assert_eq!(spl, SPL_TOKEN_TRANSFER_CU, "SPL Token's Transfer as Agave charges it");
    assert!(ours <= P_TOKEN_TRANSFER_CU, "Transfer took {ours} compute units, more than p-token's {P_TOKEN_TRANSFER_CU}: {:#?}", meta.logs);
    assert_eq!((env.balance(&a), env.balance(&b)), (750, 250));
}

/// SPL Token 3.5.0's Transfer measured in the same runtime.
fn spl_token_transfer_cu() -> u64 {
    const SPL_TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    let elf_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../runtime/tests/fixtures/spl_token-3.5.0.so");
    let elf = std::fs::read(elf_path).unwrap_or_else(|e| panic!("{elf_path}: {e}"));
    let mut runtime = Runtime::new();
    runtime.add_program_with_loader(SPL_TOKEN, &elf, LoaderKind::V2).unwrap();
    let owner = Keypair::new();
    runtime.airdrop(&owner.pubkey(), 1_000_000_000).unwrap();
    let mint = Pubkey::new_unique();
    let spl_account = |owner: &Pubkey, amount: u64| {
        let data = lamport_sdk::token::account_data(&mint, owner, amount).to_vec();
        Account { lamports: runtime.minimum_balance_for_rent_exemption(ACCOUNT_LEN), data, owner: SPL_TOKEN, executable: false, rent_epoch: 0 }
    };
    let (source, destination) = (Pubkey::new_unique(), Pubkey::new_unique());
    let (sa, da) = (spl_account(&owner.pubkey(), 1_000), spl_account(&Pubkey::new_unique(), 0));
    runtime.set_account(source, sa);
    runtime.set_account(destination, da);
    let mut data = vec![3];
    data.extend_from_slice(&250u64.to_le_bytes());
    let ix = Instruction {
        program_id: SPL_TOKEN,
        accounts: vec![AccountMeta::new(source, false), AccountMeta::new(destination, false), AccountMeta::new_readonly(owner.pubkey(), true)],
        data,
    };
    send(&mut runtime, &owner, ix, &[]).unwrap().compute_units_consumed
}

#[test]
fn transfer_needs_the_owners_signature() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    let b = env.account(&Pubkey::new_unique(), 0);
    let mallory = Keypair::new();
    let err = env.send(client::transfer(&env.token, &a, &b, &mallory.pubkey(), 5), &[&mallory]).unwrap_err();
    assert_eq!(err, custom(TokenError::OwnerMismatch));
    let mut ix = client::transfer(&env.token, &a, &b, &alice.pubkey(), 5);
    ix.accounts[2].is_signer = false;
    let err = env.send(ix, &[]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
    assert_eq!(env.balance(&a), 10);
}

#[test]
fn transfer_beyond_the_balance_fails() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    let b = env.account(&Pubkey::new_unique(), 0);
    let err = env.send(client::transfer(&env.token, &a, &b, &alice.pubkey(), 11), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::InsufficientFunds));
    assert_eq!((env.balance(&a), env.balance(&b)), (10, 0));
}

#[test]
fn transfer_between_mints_fails() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    let other_mint_env_account = {
        let other = env.blank(MINT_LEN, env.token);
        env.send(client::initialize_mint(&env.token, &other, &Pubkey::new_unique(), 0), &[]).unwrap();
        let account = env.blank(ACCOUNT_LEN, env.token);
        env.send(client::initialize_account(&env.token, &account, &other, &Pubkey::new_unique()), &[]).unwrap();
        account
    };
    let err = env.send(client::transfer(&env.token, &a, &other_mint_env_account, &alice.pubkey(), 1), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::MintMismatch));
}

#[test]
fn transfer_from_an_account_of_another_program_is_refused() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let b = env.account(&Pubkey::new_unique(), 0);
    // A look-alike of a token account holding 1000, owned by someone else.
    let fake = Pubkey::new_unique();
    let data = lamport_sdk::token::account_data(&env.mint, &alice.pubkey(), 1_000).to_vec();
    let lamports = env.runtime.minimum_balance_for_rent_exemption(ACCOUNT_LEN);
    env.runtime.set_account(fake, Account { lamports, data, owner: Pubkey::new_unique(), executable: false, rent_epoch: 0 });
    let err = env.send(client::transfer(&env.token, &fake, &b, &alice.pubkey(), 500), &[&alice]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::ExternalAccountDataModified));
    assert_eq!(env.balance(&b), 0);
}

#[test]
fn self_transfer_takes_the_general_path_and_changes_nothing() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    env.send(client::transfer(&env.token, &a, &a, &alice.pubkey(), 4), &[&alice]).unwrap();
    assert_eq!(env.balance(&a), 10);
    let err = env.send(client::transfer(&env.token, &a, &a, &alice.pubkey(), 11), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::InsufficientFunds));
}

#[test]
fn frozen_or_uninitialized_accounts_cannot_move_tokens() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    let uninitialized = env.blank(ACCOUNT_LEN, env.token);
    let err = env.send(client::transfer(&env.token, &a, &uninitialized, &alice.pubkey(), 1), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::UninitializedState));
    let mut account = env.runtime.get_account(&a).unwrap();
    account.data[token::state::ACCOUNT_STATE_OFFSET] = 2; // frozen
    env.runtime.set_account(a, account);
    let b = env.account(&Pubkey::new_unique(), 0);
    let err = env.send(client::transfer(&env.token, &a, &b, &alice.pubkey(), 1), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::AccountFrozen));
}

#[test]
fn only_the_mint_authority_mints() {
    let mut env = Env::new();
    let a = env.account(&Pubkey::new_unique(), 0);
    let mallory = Keypair::new();
    let err = env.send(client::mint_to(&env.token, &env.mint, &a, &mallory.pubkey(), 5), &[&mallory]).unwrap_err();
    assert_eq!(err, custom(TokenError::OwnerMismatch));
    assert_eq!(env.supply(), 0);
}

#[test]
fn burn_checks_owner_and_balance() {
    let mut env = Env::new();
    let alice = Keypair::new();
    let a = env.account(&alice.pubkey(), 10);
    let mallory = Keypair::new();
    let err = env.send(client::burn(&env.token, &a, &env.mint, &mallory.pubkey(), 1), &[&mallory]).unwrap_err();
    assert_eq!(err, custom(TokenError::OwnerMismatch));
    let err = env.send(client::burn(&env.token, &a, &env.mint, &alice.pubkey(), 11), &[&alice]).unwrap_err();
    assert_eq!(err, custom(TokenError::InsufficientFunds));
    assert_eq!((env.balance(&a), env.supply()), (10, 10));
}

#[test]
fn initializing_twice_or_a_foreign_account_fails() {
    let mut env = Env::new();
    let ix = client::initialize_mint(&env.token, &env.mint, &Pubkey::new_unique(), 0);
    assert_eq!(env.send(ix, &[]).unwrap_err(), custom(TokenError::AlreadyInUse));
    let foreign = env.blank(ACCOUNT_LEN, Pubkey::new_unique());
    let ix = client::initialize_account(&env.token, &foreign, &env.mint, &Pubkey::new_unique());
    assert_eq!(env.send(ix, &[]).unwrap_err(), TransactionError::InstructionError(0, InstructionError::IncorrectProgramId));
}
