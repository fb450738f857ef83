//! A short counter scenario, printed with logs and compute units
//! (`cargo run -p counter --example counter-demo` after `cargo lamport build`).

use counter::{client, state::Counter};
use lamport_runtime::{Runtime, TransactionResult};
use lamport_sdk::{instruction::Instruction, signer::Keypair, transaction::Transaction};

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
    let program = runtime.add_program_from_deploy_dir("counter")?;
    let alice = Keypair::new();
    runtime.airdrop(&alice.pubkey(), 1_000_000_000)?;
    let send = |runtime: &mut Runtime, step: &str, ix: Instruction| {
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&alice.pubkey()), &[&alice], runtime.latest_blockhash());
        let result = runtime.send_transaction(tx);
        show(step, &result);
    };
    let (address, _) = client::counter_address(&program, &alice.pubkey());
    send(&mut runtime, "Initialize: the program creates its PDA with invoke_signed", client::initialize(&program, &alice.pubkey()));
    send(&mut runtime, "Increment by 1", client::increment(&program, &address, &alice.pubkey(), 1));
    send(&mut runtime, "Increment by 41", client::increment(&program, &address, &alice.pubkey(), 41));
    let counter = Counter::read(&runtime.get_account(&address).ok_or("no counter")?.data).ok_or("bad counter")?;
    println!("counter {address}: count {}", counter.count);
    Ok(())
}
