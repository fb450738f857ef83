//! The vault driving the real SPL Token 3.5.0 (built by Solana's own
//! toolchain) through the SDK's token CPI builders.

use lamport_runtime::{Runtime, TransactionMeta, TransactionOutcome as _, TransactionResult};
use lamport_sdk::{
    account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair, token, transaction::Transaction,
};
use vault::{client, VaultError};

const SPL_TOKEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../runtime/tests/fixtures/spl_token-3.5.0.so");
const DECIMALS: u8 = 6;

struct Env {
    runtime: Runtime,
    program_id: Pubkey,
    payer: Keypair,
    mint: Pubkey,
}

/// A mint in SPL Token's layout: mint authority, supply, decimals, initialized, no freeze authority.
fn mint_data(authority: &Pubkey, supply: u64) -> Vec<u8> {
    let mut data = vec![0u8; token::MINT_LEN];
    data[..4].copy_from_slice(&1u32.to_le_bytes());
    data[4..36].copy_from_slice(authority.as_ref());
    data[36..44].copy_from_slice(&supply.to_le_bytes());
    data[44] = DECIMALS;
    data[45] = 1;
    data
}

/// An initialized token account in SPL Token's layout.
fn token_account_data(mint: &Pubkey, owner: &Pubkey, amount: u64) -> Vec<u8> {
    token::account_data(mint, owner, amount).to_vec()
}

fn amount_of(data: &[u8]) -> u64 {
    u64::from_le_bytes(data[64..72].try_into().unwrap())
}

impl Env {
    fn new() -> Self {
        let mut runtime = Runtime::new();
        let program_id = runtime.add_program_from_deploy_dir("vault").unwrap_or_else(|e| panic!("{e}"));
        runtime.add_program_from_file(token::ID, SPL_TOKEN).unwrap();
        let payer = Keypair::new();
        runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
        let mint = Pubkey::new_unique();
        let (_, authority) = client::addresses(&program_id, &mint);
        let lamports = runtime.minimum_balance_for_rent_exemption(token::MINT_LEN);
        runtime.set_account(mint, Account { lamports, data: mint_data(&authority, 1_000), owner: token::ID, executable: false, rent_epoch: 0 });
        Env { runtime, program_id, payer, mint }
    }

    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> TransactionResult {
        let mut all = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.payer.pubkey()), &all, self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx)
    }

    fn succeed(&mut self, ix: Instruction, signers: &[&Keypair]) -> TransactionMeta {
        self.send(ix, signers).unwrap_or_else(|failed| panic!("{}", failed.explain::<VaultError>()))
    }

    /// A token account of the mint owned by `owner`, holding `amount`.
    fn token_account(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let address = Pubkey::new_unique();
        let lamports = self.runtime.minimum_balance_for_rent_exemption(token::ACCOUNT_LEN);
        let data = token_account_data(&self.mint, owner, amount);
        self.runtime.set_account(address, Account { lamports, data, owner: token::ID, executable: false, rent_epoch: 0 });
        address
    }

    fn amount(&self, account: &Pubkey) -> u64 {
        amount_of(&self.runtime.get_account(account).unwrap().data)
    }
}

#[test]
fn open_deposit_withdraw_and_reward_through_spl_token() {
    let mut env = Env::new();
    let (vault, authority) = client::addresses(&env.program_id, &env.mint);

    // Open: System CreateAccount signed by the vault PDA, then InitializeAccount3.
    let meta = env.succeed(client::open(&env.program_id, &env.payer.pubkey(), &env.mint), &[]);
    assert!(meta.logs.iter().any(|l| l == "Program log: Instruction: InitializeAccount3"), "{:#?}", meta.logs);
    let account = env.runtime.get_account(&vault).unwrap();
    assert_eq!(account.owner, token::ID);
    assert_eq!(account.data, token_account_data(&env.mint, &authority, 0));
    println!("Open: {} compute units", meta.compute_units_consumed);

    // Deposit: TransferChecked signed by the user.
    let alice = Keypair::new();
    let alice_tokens = env.token_account(&alice.pubkey(), 500);
    let meta = env.succeed(client::deposit(&env.program_id, &env.mint, &alice_tokens, &alice.pubkey(), 200), &[&alice]);
    assert!(meta.logs.iter().any(|l| l == "Program log: Instruction: TransferChecked"), "{:#?}", meta.logs);
    assert_eq!((env.amount(&alice_tokens), env.amount(&vault)), (300, 200));

    // Withdraw: TransferChecked signed by the authority PDA.
    let bob_tokens = env.token_account(&Pubkey::new_unique(), 0);
    env.succeed(client::withdraw(&env.program_id, &env.mint, &bob_tokens, 150), &[]);
    assert_eq!((env.amount(&vault), env.amount(&bob_tokens)), (50, 150));

    // Reward: MintToChecked signed by the authority PDA, the mint authority.
    let meta = env.succeed(client::reward(&env.program_id, &env.mint, &bob_tokens, 25), &[]);
    assert!(meta.logs.iter().any(|l| l == "Program log: Instruction: MintToChecked"), "{:#?}", meta.logs);
    assert_eq!(env.amount(&bob_tokens), 175);
    let supply = u64::from_le_bytes(env.runtime.get_account(&env.mint).unwrap().data[36..44].try_into().unwrap());
    assert_eq!(supply, 1_025);
}

#[test]
fn token_program_errors_come_back_through_the_cpi() {
    let mut env = Env::new();
    let (vault, _) = client::addresses(&env.program_id, &env.mint);
    env.succeed(client::open(&env.program_id, &env.payer.pubkey(), &env.mint), &[]);
    let alice = Keypair::new();
    let alice_tokens = env.token_account(&alice.pubkey(), 10);
    // More than the balance: SPL Token's InsufficientFunds (Custom(1)).
    let failed = env.send(client::deposit(&env.program_id, &env.mint, &alice_tokens, &alice.pubkey(), 11), &[&alice]).expect_failure();
    assert_eq!(failed.custom_code(), Some((0, 1)), "{failed}");
    assert!(failed.meta.logs.iter().any(|l| l.contains("Error: insufficient funds")), "{failed}");
    assert_eq!((env.amount(&alice_tokens), env.amount(&vault)), (10, 0));
}

#[test]
fn a_wrong_vault_is_refused_by_name() {
    let mut env = Env::new();
    let mut ix = client::open(&env.program_id, &env.payer.pubkey(), &env.mint);
    ix.accounts[1].pubkey = Pubkey::new_unique();
    env.send(ix, &[]).expect_failure().assert_custom(0, VaultError::WrongVault);
    let mut ix = client::reward(&env.program_id, &env.mint, &Pubkey::new_unique(), 1);
    ix.accounts[3].pubkey = Pubkey::new_unique();
    env.send(ix, &[]).expect_failure().assert_custom(0, VaultError::NotTokenProgram);
}
