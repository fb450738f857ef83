//! The layout of a value account: the authority, then the value.

use lamport_sdk::pubkey::Pubkey;

/// Size of a value account's data.
pub const VALUE_LEN: usize = 40;

/// A value account's data, read and written in place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Value {
    /// Who may change the value (all zeros: not set yet, the first signer claims it).
    pub authority: Pubkey,
    /// The value.
    pub value: u64,
}

impl Value {
    /// Reads the first [`VALUE_LEN`] bytes of `data`.
    pub fn read(data: &[u8]) -> Option<Self> {
        let data = data.get(..VALUE_LEN)?;
        let authority = Pubkey::new_from_array(data[..32].try_into().ok()?);
        let value = u64::from_le_bytes(data[32..40].try_into().ok()?);
        Some(Self { authority, value })
    }

    /// Writes into the first [`VALUE_LEN`] bytes of `data`.
    pub fn write(&self, data: &mut [u8]) {
        data[..32].copy_from_slice(self.authority.as_ref());
        data[32..40].copy_from_slice(&self.value.to_le_bytes());
    }
}
