//! Durable nonces: the state a nonce account holds, and the nonce value a
//! durable-nonce transaction uses in place of a recent blockhash.
//!
//! A nonce account is a system-owned account of [`STATE_SIZE`] bytes. Its
//! data is Solana's bincode encoding of `Versions`:
//!
//! ```text
//! u32 version (0 legacy, 1 current) ‖ u32 state (0 uninitialized, 1 initialized)
//! initialized: [32] authority ‖ [32] durable nonce ‖ u64 lamports per signature
//! ```
//!
//! Writing a state writes only its encoding (8 bytes for an uninitialized
//! one): the bytes after it keep their values, as in Solana.
//!
//! A transaction whose first instruction is the system program's
//! `AdvanceNonceAccount` may name the stored durable nonce as its
//! "recent blockhash"; see the system program's builders
//! ([`crate::system::advance_nonce_account`]).

use crate::{
    hash::{hashv, Hash},
    pubkey::Pubkey,
};

/// Size of a nonce account's data: the encoding of an initialized state.
pub const STATE_SIZE: usize = 80;

const DURABLE_NONCE_HASH_PREFIX: &[u8] = b"DURABLE_NONCE";

/// A durable nonce: the SHA-256 of `"DURABLE_NONCE" ‖ blockhash`, so that
/// it can never equal a blockhash a transaction could otherwise use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DurableNonce(Hash);

impl DurableNonce {
    /// The durable nonce derived from `blockhash`.
    pub fn from_blockhash(blockhash: &Hash) -> Self {
        Self(hashv(&[DURABLE_NONCE_HASH_PREFIX, blockhash.as_ref()]))
    }

    /// The value a transaction names as its recent blockhash.
    pub fn as_hash(&self) -> &Hash {
        &self.0
    }
}

/// What an initialized nonce account holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NonceData {
    /// Who may advance, withdraw from or re-authorize the account.
    pub authority: Pubkey,
    /// The nonce a transaction must name to use the account.
    pub durable_nonce: DurableNonce,
    /// The fee per signature when the nonce was stored.
    pub lamports_per_signature: u64,
}

/// A nonce account's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NonceState {
    /// Not (or no longer) a usable nonce.
    #[default]
    Uninitialized,
    /// A usable nonce.
    Initialized(NonceData),
}

/// A nonce account's data: its state, in the legacy layout (whose stored
/// value is a blockhash, not a durable nonce) or the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonceVersions {
    /// Written before durable nonces were separated from blockhashes;
    /// `UpgradeNonceAccount` turns it into [`Current`](Self::Current).
    Legacy(NonceState),
    /// The current layout.
    Current(NonceState),
}

/// Why a state could not be written into an account's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataTooSmall;

impl NonceVersions {
    /// A state in the current layout.
    pub fn new(state: NonceState) -> Self {
        Self::Current(state)
    }

    /// The state, whatever the layout.
    pub fn state(&self) -> &NonceState {
        match self {
            Self::Legacy(state) | Self::Current(state) => state,
        }
    }

    /// Reads an account's data; `None` when it is not a nonce state (too
    /// short, or an unknown tag). Bytes after the state are ignored.
    pub fn decode(data: &[u8]) -> Option<Self> {
        let word = |at: usize| data.get(at..at.checked_add(4)?).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let state = match word(4)? {
            0 => NonceState::Uninitialized,
            1 => {
                let fields = data.get(8..STATE_SIZE)?;
                let (authority, rest) = fields.split_at(32);
                let (nonce, fee) = rest.split_at(32);
                let mut lamports = [0u8; 8];
                lamports.copy_from_slice(fee);
                NonceState::Initialized(NonceData {
                    authority: Pubkey::try_from(authority).ok()?,
                    durable_nonce: DurableNonce(Hash::new_from_array(nonce.try_into().ok()?)),
                    lamports_per_signature: u64::from_le_bytes(lamports),
                })
            }
            _ => return None,
        };
        match word(0)? {
            0 => Some(Self::Legacy(state)),
            1 => Some(Self::Current(state)),
            _ => None,
        }
    }

    /// Writes the encoding over the start of `data`, leaving the bytes
    /// after it as they are.
    pub fn encode_into(&self, data: &mut [u8]) -> Result<(), DataTooSmall> {
        let (version, state) = match self {
            Self::Legacy(state) => (0u32, state),
            Self::Current(state) => (1u32, state),
        };
        let len = match state {
            NonceState::Uninitialized => 8,
            NonceState::Initialized(_) => STATE_SIZE,
        };
        let out = data.get_mut(..len).ok_or(DataTooSmall)?;
        out[..4].copy_from_slice(&version.to_le_bytes());
        match state {
            NonceState::Uninitialized => out[4..8].copy_from_slice(&0u32.to_le_bytes()),
            NonceState::Initialized(nonce) => {
                out[4..8].copy_from_slice(&1u32.to_le_bytes());
                out[8..40].copy_from_slice(nonce.authority.as_ref());
                out[40..72].copy_from_slice(nonce.durable_nonce.as_hash().as_ref());
                out[72..80].copy_from_slice(&nonce.lamports_per_signature.to_le_bytes());
            }
        }
        Ok(())
    }

    /// The stored nonce data, if this is a current, initialized state whose
    /// durable nonce is `recent_blockhash` (what a durable-nonce
    /// transaction names).
    pub fn verify_recent_blockhash(&self, recent_blockhash: &Hash) -> Option<&NonceData> {
        match self {
            Self::Current(NonceState::Initialized(data)) if data.durable_nonce.as_hash() == recent_blockhash => Some(data),
            _ => None,
        }
    }

    /// The current layout of a legacy initialized state (its stored
    /// blockhash turned into a durable nonce); `None` for anything else.
    pub fn upgrade(self) -> Option<Self> {
        match self {
            Self::Legacy(NonceState::Initialized(mut data)) => {
                data.durable_nonce = DurableNonce::from_blockhash(data.durable_nonce.as_hash());
                Some(Self::Current(NonceState::Initialized(data)))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn initialized() -> NonceData {
        NonceData {
            authority: Pubkey::new_from_array([7; 32]),
            durable_nonce: DurableNonce::from_blockhash(&Hash::new_from_array([9; 32])),
            lamports_per_signature: 5000,
        }
    }

    #[test]
    fn states_round_trip_in_solana_layout() {
        let data = initialized();
        let mut bytes = [0xAAu8; STATE_SIZE];
        NonceVersions::new(NonceState::Initialized(data)).encode_into(&mut bytes).unwrap();
        assert_eq!(bytes[..8], [1, 0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(bytes[8..40], [7; 32]);
        assert_eq!(bytes[72..], 5000u64.to_le_bytes());
        assert_eq!(NonceVersions::decode(&bytes), Some(NonceVersions::Current(NonceState::Initialized(data))));
        // An uninitialized state overwrites the tags only.
        NonceVersions::new(NonceState::Uninitialized).encode_into(&mut bytes).unwrap();
        assert_eq!(bytes[..8], [1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(bytes[8..40], [7; 32]);
        assert_eq!(NonceVersions::decode(&bytes), Some(NonceVersions::Current(NonceState::Uninitialized)));
        assert_eq!(NonceVersions::decode(&[0; 8]), Some(NonceVersions::Legacy(NonceState::Uninitialized)));
    }

    #[test]
    fn malformed_data_is_not_a_state() {
        assert_eq!(NonceVersions::decode(&[]), None);
        assert_eq!(NonceVersions::decode(&[1, 0, 0, 0, 1, 0, 0, 0]), None);
        assert_eq!(NonceVersions::decode(&[2, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(NonceVersions::decode(&[1, 0, 0, 0, 2, 0, 0, 0]), None);
        let state = NonceVersions::new(NonceState::Initialized(initialized()));
        assert_eq!(state.encode_into(&mut [0; STATE_SIZE - 1]), Err(DataTooSmall));
    }

    #[test]
    fn durable_nonces_are_not_blockhashes() {
        let blockhash = Hash::new_from_array([3; 32]);
        let nonce = DurableNonce::from_blockhash(&blockhash);
        assert_ne!(nonce.as_hash(), &blockhash);
        assert_eq!(*nonce.as_hash(), hashv(&[b"DURABLE_NONCE", &[3; 32]]));
    }

    #[test]
    fn only_current_initialized_states_verify_and_only_legacy_ones_upgrade() {
        let data = initialized();
        let current = NonceVersions::new(NonceState::Initialized(data));
        assert_eq!(current.verify_recent_blockhash(data.durable_nonce.as_hash()), Some(&data));
        assert_eq!(current.verify_recent_blockhash(&Hash::default()), None);
        assert_eq!(current.upgrade(), None);
        let legacy = NonceVersions::Legacy(NonceState::Initialized(data));
        assert_eq!(legacy.verify_recent_blockhash(data.durable_nonce.as_hash()), None);
        let upgraded = legacy.upgrade().unwrap();
        let expected = DurableNonce::from_blockhash(data.durable_nonce.as_hash());
        assert_eq!(upgraded, NonceVersions::new(NonceState::Initialized(NonceData { durable_nonce: expected, ..data })));
        assert_eq!(NonceVersions::Legacy(NonceState::Uninitialized).upgrade(), None);
    }
}
