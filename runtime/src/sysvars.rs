//! The Clock and Rent sysvars: their values, their syscall layout and the
//! data of their accounts.

use lamport_sdk::account::Account;

use crate::ids;

/// Bytes of account overhead counted by the rent formula.
pub const ACCOUNT_STORAGE_OVERHEAD: u64 = 128;

/// The Clock sysvar (`repr(C)`, 40 bytes, as `sol_get_clock_sysvar` writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C)]
pub struct Clock {
    /// Current slot.
    pub slot: u64,
    /// Timestamp of the first slot of the epoch.
    pub epoch_start_timestamp: i64,
    /// Current epoch.
    pub epoch: u64,
    /// Epoch for which the leader schedule has been generated.
    pub leader_schedule_epoch: u64,
    /// Estimated wall-clock Unix timestamp.
    pub unix_timestamp: i64,
}

impl Clock {
    /// The 40-byte little-endian encoding (account data and syscall output).
    pub fn to_bytes(&self) -> [u8; 40] {
        let mut out = [0u8; 40];
        for (chunk, value) in out.chunks_exact_mut(8).zip([
            self.slot,
            self.epoch_start_timestamp as u64,
            self.epoch,
            self.leader_schedule_epoch,
            self.unix_timestamp as u64,
        ]) {
            chunk.copy_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// The Clock sysvar account.
    pub fn to_account(&self) -> Account {
        sysvar_account(self.to_bytes().to_vec())
    }
}

/// The Rent sysvar. Defaults are Solana's: 3,480 lamports per byte-year,
/// exemption threshold 2 years, 50% burn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rent {
    /// Rental rate in lamports per byte-year.
    pub lamports_per_byte_year: u64,
    /// Years of rent that make an account exempt.
    pub exemption_threshold: f64,
    /// Percentage of collected rent that is burned.
    pub burn_percent: u8,
}

impl Default for Rent {
    fn default() -> Self {
        Self { lamports_per_byte_year: 3480, exemption_threshold: 2.0, burn_percent: 50 }
    }
}

impl Rent {
    /// Smallest balance that makes an account of `data_len` bytes rent-exempt.
    pub fn minimum_balance(&self, data_len: usize) -> u64 {
        let bytes = ACCOUNT_STORAGE_OVERHEAD.saturating_add(data_len as u64);
        (bytes.saturating_mul(self.lamports_per_byte_year) as f64 * self.exemption_threshold) as u64
    }

    /// Whether `lamports` make an account of `data_len` bytes rent-exempt.
    pub fn is_exempt(&self, lamports: u64, data_len: usize) -> bool {
        lamports >= self.minimum_balance(data_len)
    }

    /// The `repr(C)` layout `sol_get_rent_sysvar` writes (24 bytes, 7 bytes of padding).
    pub fn to_syscall_bytes(&self) -> [u8; 24] {
        let mut out = [0u8; 24];
        out[..8].copy_from_slice(&self.lamports_per_byte_year.to_le_bytes());
        out[8..16].copy_from_slice(&self.exemption_threshold.to_le_bytes());
        out[16] = self.burn_percent;
        out
    }

    /// The bincode encoding of the account data (17 bytes).
    pub fn to_account_data(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(17);
        out.extend_from_slice(&self.lamports_per_byte_year.to_le_bytes());
        out.extend_from_slice(&self.exemption_threshold.to_le_bytes());
        out.push(self.burn_percent);
        out
    }

    /// The Rent sysvar account.
    pub fn to_account(&self) -> Account {
        sysvar_account(self.to_account_data())
    }
}

fn sysvar_account(data: Vec<u8>) -> Account {
    let lamports = Rent::default().minimum_balance(data.len()).max(1);
    Account { lamports, data, owner: ids::SYSVAR_OWNER_ID, executable: false, rent_epoch: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rent_exempt_minimums_match_solana() {
        let rent = Rent::default();
        assert_eq!(rent.minimum_balance(0), 890_880);
        assert_eq!(rent.minimum_balance(82), 1_461_600);
        assert_eq!(rent.minimum_balance(165), 2_039_280);
    }
}
