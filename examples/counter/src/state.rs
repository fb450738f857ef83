//! A counter account's data.

use lamport_sdk::pubkey::Pubkey;

/// Size of a counter account: authority (32), count (8), bump (1), padding.
pub const COUNTER_LEN: usize = 48;

/// A counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    /// Who may increment it (and whose key derives its address).
    pub authority: Pubkey,
    /// The count.
    pub count: u64,
    /// The bump seed of its address.
    pub bump: u8,
}

impl Counter {
    /// Reads a counter from account data.
    pub fn read(data: &[u8]) -> Option<Self> {
        let data = data.get(..COUNTER_LEN)?;
        Some(Self {
            authority: Pubkey::new_from_array(data[..32].try_into().ok()?),
            count: u64::from_le_bytes(data[32..40].try_into().ok()?),
            bump: data[40],
        })
    }

    /// Writes the counter into account data of at least [`COUNTER_LEN`] bytes.
    pub fn write(&self, data: &mut [u8]) {
        data[..32].copy_from_slice(self.authority.as_ref());
        data[32..40].copy_from_slice(&self.count.to_le_bytes());
        data[40] = self.bump;
    }
}
