//! Payment plans released by a witness, by the date, or cancelled,
//! printed with logs and compute units (`cargo run -p budget --example
//! budget-demo` after `cargo lamport build`).

use budget::client;
use lamport_runtime::{Clock, Runtime, TransactionResult};
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

const NOW: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

fn show(step: &str, result: &TransactionResult) {
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
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut runtime = Runtime::new();
    let program = runtime.add_program_from_deploy_dir("budget")?;
    runtime.set_clock(Clock { unix_timestamp: NOW, ..runtime.clock() });
    let sender = Keypair::new();
    let witness = Keypair::new();
    let recipient = Pubkey::new_unique();
    runtime.airdrop(&sender.pubkey(), 5_000_000_000)?;
    let send = |runtime: &mut Runtime, step: &str, ix: Instruction, extra: &[&Keypair]| {
        let mut signers = vec![&sender];
        signers.extend_from_slice(extra);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&sender.pubkey()), &signers, runtime.latest_blockhash());
        show(step, &runtime.send_transaction(tx));
        runtime.expire_blockhash();
    };
    let mut plans = Vec::new();
    for _ in 0..3 {
        let plan = Keypair::new();
        let ix = client::create(&program, &sender.pubkey(), &plan.pubkey(), &recipient, Some(&witness.pubkey()), NOW + DAY, 1_000_000_000);
        send(&mut runtime, "Create: 1 SOL for the recipient, unlocked in a day or by the witness", ix, &[&plan]);
        plans.push(plan.pubkey());
    }
    let release = |plan: &Pubkey, witness: Option<&Pubkey>| client::release(&program, plan, &recipient, &sender.pubkey(), witness);
    send(&mut runtime, "Release plan 1 today, no witness", release(&plans[0], None), &[]);
    send(&mut runtime, "Release plan 1 today, signed by the witness", release(&plans[0], Some(&witness.pubkey())), &[&witness]);
    send(&mut runtime, "Cancel plan 2 today", client::cancel(&program, &plans[1], &sender.pubkey()), &[]);
    runtime.set_clock(Clock { unix_timestamp: NOW + DAY, ..runtime.clock() });
    send(&mut runtime, "Cancel plan 3 tomorrow (too late)", client::cancel(&program, &plans[2], &sender.pubkey()), &[]);
    send(&mut runtime, "Release plan 3 tomorrow, no witness", release(&plans[2], None), &[]);
    println!("recipient: {} lamports", runtime.get_balance(&recipient));
    Ok(())
}
