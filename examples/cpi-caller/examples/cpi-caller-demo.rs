//! cpi-caller invoking cpi-callee, printed with logs and compute units
//! (`cargo run -p cpi-caller --example cpi-caller-demo` after `cargo lamport build`).

use lamport_runtime::Runtime;
use lamport_sdk::{signer::Keypair, transaction::Transaction};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut runtime = Runtime::new();
    let caller = runtime.add_program_from_deploy_dir("cpi-caller")?;
    let callee = runtime.add_program_from_deploy_dir("cpi-callee")?;
    let user = Keypair::new();
    runtime.airdrop(&user.pubkey(), 1_000_000_000)?;
    let ix = cpi_caller::client::double(&caller, &callee, &user.pubkey(), 20, 1);
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&user.pubkey()), &[&user], runtime.latest_blockhash());
    println!("-- Double(20, 1): the caller asks the callee for 20 + 1, then doubles it");
    let meta = runtime.send_transaction(tx)?;
    for line in &meta.logs {
        println!("   {line}");
    }
    let data: [u8; 8] = meta.return_data.data.as_slice().try_into()?;
    println!(
        "   => ok, {} compute units; return data {} from {}",
        meta.compute_units_consumed,
        u64::from_le_bytes(data),
        meta.return_data.program_id
    );
    Ok(())
}
