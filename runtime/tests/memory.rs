//! 100,000 accounts of 165 bytes fit in under 100 MB (resident memory,
//! measured from `/proc/self/statm`; skipped where that file is missing).

use lamport_runtime::Runtime;
use lamport_sdk::{account::Account, pubkey::Pubkey};

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[test]
fn a_hundred_thousand_token_sized_accounts_take_under_100_mb() {
    let Some(before) = resident_bytes() else { return };
    let mut runtime = Runtime::new();
    let owner = Pubkey::new_unique();
    for i in 0..100_000u32 {
        let mut data = vec![0u8; 165];
        data[..4].copy_from_slice(&i.to_le_bytes());
        runtime.set_account(Pubkey::new_unique(), Account { lamports: 2_039_280, data, owner, executable: false, rent_epoch: 0 });
    }
    let after = resident_bytes().unwrap();
    let used = after.saturating_sub(before);
    println!("100,000 accounts: {} MB resident", used / 1_000_000);
    assert!(runtime.account_count() >= 100_000);
    assert!(used < 100_000_000, "{used} bytes");
}
