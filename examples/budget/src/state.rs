//! A plan account's data.

use lamport_sdk::pubkey::Pubkey;

/// Size of a plan: sender, recipient, witness (32 each), unlock_at, amount (8 each).
pub const PLAN_LEN: usize = 112;

/// A payment plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Who locked the lamports (and gets the rent deposit back).
    pub sender: Pubkey,
    /// Who is paid.
    pub recipient: Pubkey,
    /// Who may release early (all zeros: nobody).
    pub witness: Pubkey,
    /// Unix time from which anyone may release, and until which the sender may cancel.
    pub unlock_at: i64,
    /// Lamports to pay.
    pub amount: u64,
}

impl Plan {
    /// Reads a plan from account data (`None` if too short or never written).
    pub fn read(data: &[u8]) -> Option<Self> {
        let data = data.get(..PLAN_LEN)?;
        let key = |i: usize| data[i..i + 32].try_into().ok().map(Pubkey::new_from_array);
        let plan = Self {
            sender: key(0)?,
            recipient: key(32)?,
            witness: key(64)?,
            unlock_at: i64::from_le_bytes(data[96..104].try_into().ok()?),
            amount: u64::from_le_bytes(data[104..112].try_into().ok()?),
        };
        (plan.sender != Pubkey::default()).then_some(plan)
    }

    /// Writes the plan into account data of at least [`PLAN_LEN`] bytes.
    pub fn write(&self, data: &mut [u8]) {
        data[..32].copy_from_slice(self.sender.as_ref());
        data[32..64].copy_from_slice(self.recipient.as_ref());
        data[64..96].copy_from_slice(self.witness.as_ref());
        data[96..104].copy_from_slice(&self.unlock_at.to_le_bytes());
        data[104..112].copy_from_slice(&self.amount.to_le_bytes());
    }
}
