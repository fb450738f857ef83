//! Mint, transfer and burn, printed with logs and compute units
//! (`cargo run -p token --example token-demo` after `cargo lamport build`).

use lamport_runtime::{Runtime, TransactionResult};
use lamport_sdk::{account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};
use token::{
    instruction::client,
    state::{TokenAccount, ACCOUNT_LEN, MINT_LEN},
};

/// SPL Token 3.5.0's Transfer, as Agave charges it.
const SPL_TOKEN_TRANSFER_CU: u64 = 4_644;

fn show(step: &str, result: &TransactionResult) -> u64 {
    println!("-- {step}");
    let meta = match result {
        Ok(meta) => meta,
        Err(failed) => &failed.meta,
    };
    for line in &meta.logs {
        println!("   {line}");
    }
    match result {
        Ok(meta) => println!("   => ok, {} compute units", meta.compute_units_consumed),
        Err(failed) => println!("   => failed: {} ({} compute units)", failed.err, failed.meta.compute_units_consumed),
    }
    meta.compute_units_consumed
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut runtime = Runtime::new();
    let token = runtime.add_program_from_deploy_dir("token")?;
    let authority = Keypair::new();
    let alice = Keypair::new();
    let bob = Keypair::new();
    for who in [&authority, &alice, &bob] {
        runtime.airdrop(&who.pubkey(), 1_000_000_000)?;
    }
    let blank = |runtime: &mut Runtime, len: usize| {
        let address = Pubkey::new_unique();
        let lamports = runtime.minimum_balance_for_rent_exemption(len);
        runtime.set_account(address, Account { lamports, data: vec![0; len], owner: token, executable: false, rent_epoch: 0 });
        address
    };
    let (mint, a, b) = (blank(&mut runtime, MINT_LEN), blank(&mut runtime, ACCOUNT_LEN), blank(&mut runtime, ACCOUNT_LEN));
    let send = |runtime: &mut Runtime, step: &str, ix: Instruction, signer: &Keypair| {
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&signer.pubkey()), &[signer], runtime.latest_blockhash());
        let result = runtime.send_transaction(tx);
        show(step, &result)
    };
    send(&mut runtime, "InitializeMint", client::initialize_mint(&token, &mint, &authority.pubkey(), 6), &authority);
    send(&mut runtime, "InitializeAccount (alice)", client::initialize_account(&token, &a, &mint, &alice.pubkey()), &alice);
    send(&mut runtime, "InitializeAccount (bob)", client::initialize_account(&token, &b, &mint, &bob.pubkey()), &bob);
    send(&mut runtime, "MintTo alice 1000", client::mint_to(&token, &mint, &a, &authority.pubkey(), 1_000), &authority);
    let cu = send(&mut runtime, "Transfer 250 alice -> bob", client::transfer(&token, &a, &b, &alice.pubkey(), 250), &alice);
    println!("   Transfer: {cu} compute units; SPL Token 3.5.0: {SPL_TOKEN_TRANSFER_CU}");
    send(&mut runtime, "Transfer 5000 alice -> bob (more than she has)", client::transfer(&token, &a, &b, &alice.pubkey(), 5_000), &alice);
    send(&mut runtime, "Burn 100 of bob's", client::burn(&token, &b, &mint, &bob.pubkey(), 100), &bob);
    for (name, account) in [("alice", a), ("bob", b)] {
        let data = runtime.get_account(&account).ok_or("no account")?.data;
        println!("{name}: {} tokens", TokenAccount::load(&data)?.amount());
    }
    Ok(())
}
