//! The sysvars the runtime keeps: the SDK's [`Clock`] and [`Rent`] (one
//! definition of each layout), and the accounts that hold them.

use lamport_sdk::account::Account;
pub use lamport_sdk::sysvar::{clock::Clock, rent::Rent, slot_hashes::SlotHashes};

use crate::ids;

/// The Clock sysvar account under `rent`.
pub fn clock_account(clock: &Clock, rent: &Rent) -> Account {
    sysvar_account(clock.to_bytes().to_vec(), rent)
}

/// The Rent sysvar account (its 17-byte account form).
pub fn rent_account(rent: &Rent) -> Account {
    sysvar_account(rent.to_bytes().to_vec(), rent)
}

/// The deprecated stake config account (LiteSVM keeps it for programs
/// that still pass it to the Stake program): owned by the config program,
/// no config keys, a warmup/cooldown rate of 0.25 and a slash penalty of
/// 12 (5% of 255); rent-exempt under `rent`.
pub fn stake_config_account(rent: &Rent) -> Account {
    let mut data = vec![0u8; 17];
    data[8..16].copy_from_slice(&0.25f64.to_le_bytes());
    data[16] = 12;
    let lamports = rent.minimum_balance(data.len()).max(1);
    Account { lamports, data, owner: ids::CONFIG_PROGRAM_ID, executable: false, rent_epoch: 0 }
}

/// The account of a sysvar holding `data`: owned by the sysvar owner,
/// rent-exempt under `rent`.
pub fn sysvar_account(data: Vec<u8>, rent: &Rent) -> Account {
    let lamports = rent.minimum_balance(data.len()).max(1);
    Account { lamports, data, owner: ids::SYSVAR_OWNER_ID, executable: false, rent_epoch: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rent_exempt_minimums_match_solana() {
        let rent = crate::FeatureSet::default().rent();
        assert_eq!(rent.minimum_balance(0), 890_880);
        assert_eq!(rent.minimum_balance(82), 1_461_600);
        assert_eq!(rent.minimum_balance(165), 2_039_280);
    }

    #[test]
    fn sysvar_accounts_hold_the_sdk_layouts() {
        let rent = crate::FeatureSet::default().rent();
        let account = rent_account(&rent);
        assert_eq!(account.data.len(), lamport_sdk::sysvar::rent::RENT_ACCOUNT_LEN);
        assert_eq!(Rent::from_bytes(&account.data), Some(rent));
        assert_eq!(account.owner, lamport_sdk::sysvar::ID);
        let clock = Clock { slot: 7, unix_timestamp: -3, ..Clock::default() };
        let account = clock_account(&clock, &rent);
        assert_eq!(account.data.len(), lamport_sdk::sysvar::clock::CLOCK_LEN);
        assert_eq!(Clock::from_bytes(&account.data), Some(clock));
    }
}
