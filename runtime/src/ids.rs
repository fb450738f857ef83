//! Well-known account addresses the runtime treats specially.

use lamport_sdk::{pubkey, pubkey::Pubkey};

/// The system program, `11111111111111111111111111111111` (the SDK's id).
pub const SYSTEM_PROGRAM_ID: Pubkey = lamport_sdk::system::ID;

/// The deprecated BPF loader, `BPFLoader1111111111111111111111111111111111`
/// (programs use the unaligned input layout).
pub const BPF_LOADER_DEPRECATED_ID: Pubkey = pubkey!("BPFLoader1111111111111111111111111111111111");

/// BPF loader 2, `BPFLoader2111111111111111111111111111111111`.
pub const BPF_LOADER_ID: Pubkey = pubkey!("BPFLoader2111111111111111111111111111111111");

/// The upgradeable BPF loader, `BPFLoaderUpgradeab1e11111111111111111111111`.
pub const BPF_LOADER_UPGRADEABLE_ID: Pubkey = pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");

/// The native loader, `NativeLoader1111111111111111111111111111111`, owner of builtin programs.
pub const NATIVE_LOADER_ID: Pubkey = pubkey!("NativeLoader1111111111111111111111111111111");

/// Owner of sysvar accounts, `Sysvar1111111111111111111111111111111111111` (the SDK's id).
pub const SYSVAR_OWNER_ID: Pubkey = lamport_sdk::sysvar::ID;

/// The Clock sysvar, `SysvarC1ock11111111111111111111111111111111` (the SDK's id).
pub const SYSVAR_CLOCK_ID: Pubkey = lamport_sdk::sysvar::clock::ID;

/// The Rent sysvar, `SysvarRent111111111111111111111111111111111` (the SDK's id).
pub const SYSVAR_RENT_ID: Pubkey = lamport_sdk::sysvar::rent::ID;

/// The SlotHashes sysvar, `SysvarS1otHashes111111111111111111111111111` (the SDK's id).
pub const SYSVAR_SLOT_HASHES_ID: Pubkey = lamport_sdk::sysvar::slot_hashes::ID;

/// The Address Lookup Table program, `AddressLookupTab1e1111111111111111111111111` (the SDK's id).
pub const ADDRESS_LOOKUP_TABLE_PROGRAM_ID: Pubkey = lamport_sdk::address_lookup_table::ID;

/// The incinerator, `1nc1nerator11111111111111111111111111111111`: exempt from the rent-state rule.
pub const INCINERATOR_ID: Pubkey = pubkey!("1nc1nerator11111111111111111111111111111111");

/// The Instructions sysvar, `Sysvar1nstructions1111111111111111111111111` (the SDK's id).
pub const SYSVAR_INSTRUCTIONS_ID: Pubkey = lamport_sdk::sysvar::instructions::ID;

pub use crate::compute_budget::COMPUTE_BUDGET_PROGRAM_ID;

/// The config program, `Config1111111111111111111111111111111111111`.
pub const CONFIG_PROGRAM_ID: Pubkey = pubkey!("Config1111111111111111111111111111111111111");

/// The feature program, `Feature111111111111111111111111111111111111`, owner of feature accounts.
pub const FEATURE_PROGRAM_ID: Pubkey = pubkey!("Feature111111111111111111111111111111111111");

/// Loader v4, `LoaderV411111111111111111111111111111111111`.
pub const LOADER_V4_ID: Pubkey = pubkey!("LoaderV411111111111111111111111111111111111");

/// The stake program, `Stake11111111111111111111111111111111111111`.
pub const STAKE_PROGRAM_ID: Pubkey = pubkey!("Stake11111111111111111111111111111111111111");

/// The deprecated stake config account, `StakeConfig11111111111111111111111111111111`.
pub const STAKE_CONFIG_ID: Pubkey = pubkey!("StakeConfig11111111111111111111111111111111");

/// The vote program, `Vote111111111111111111111111111111111111111`.
pub const VOTE_PROGRAM_ID: Pubkey = pubkey!("Vote111111111111111111111111111111111111111");

/// The ZK ElGamal proof program, `ZkE1Gama1Proof11111111111111111111111111111`.
pub const ZK_ELGAMAL_PROOF_PROGRAM_ID: Pubkey = pubkey!("ZkE1Gama1Proof11111111111111111111111111111");

/// The retired ZK token proof program, `ZkTokenProof1111111111111111111111111111111`.
pub const ZK_TOKEN_PROOF_PROGRAM_ID: Pubkey = pubkey!("ZkTokenProof1111111111111111111111111111111");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_their_base58_names() {
        for (id, name) in [
            (SYSTEM_PROGRAM_ID, "11111111111111111111111111111111"),
            (BPF_LOADER_DEPRECATED_ID, "BPFLoader1111111111111111111111111111111111"),
            (BPF_LOADER_ID, "BPFLoader2111111111111111111111111111111111"),
            (BPF_LOADER_UPGRADEABLE_ID, "BPFLoaderUpgradeab1e11111111111111111111111"),
            (NATIVE_LOADER_ID, "NativeLoader1111111111111111111111111111111"),
            (SYSVAR_OWNER_ID, "Sysvar1111111111111111111111111111111111111"),
            (SYSVAR_CLOCK_ID, "SysvarC1ock11111111111111111111111111111111"),
            (SYSVAR_RENT_ID, "SysvarRent111111111111111111111111111111111"),
            (INCINERATOR_ID, "1nc1nerator11111111111111111111111111111111"),
            (SYSVAR_INSTRUCTIONS_ID, "Sysvar1nstructions1111111111111111111111111"),
            (SYSVAR_SLOT_HASHES_ID, "SysvarS1otHashes111111111111111111111111111"),
            (ADDRESS_LOOKUP_TABLE_PROGRAM_ID, "AddressLookupTab1e1111111111111111111111111"),
        ] {
            assert_eq!(bs58::encode(id.as_ref()).into_string(), name);
        }
    }
}
