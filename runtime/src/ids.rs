//! Well-known account addresses the runtime treats specially.

use lamport_sdk::pubkey::Pubkey;

/// The system program, `11111111111111111111111111111111`.
pub const SYSTEM_PROGRAM_ID: Pubkey = Pubkey::new_from_array([0; 32]);

/// The deprecated BPF loader, `BPFLoader1111111111111111111111111111111111`
/// (programs use the unaligned input layout).
pub const BPF_LOADER_DEPRECATED_ID: Pubkey = Pubkey::new_from_array([
    2, 168, 246, 145, 78, 136, 161, 107, 189, 35, 149, 133, 95, 100, 4, 217, 180, 244, 86, 183,
    130, 27, 176, 20, 87, 73, 66, 140, 0, 0, 0, 0,
]);

/// BPF loader 2, `BPFLoader2111111111111111111111111111111111`.
pub const BPF_LOADER_ID: Pubkey = Pubkey::new_from_array([
    2, 168, 246, 145, 78, 136, 161, 110, 57, 90, 225, 40, 148, 143, 250, 105, 86, 147, 55, 104,
    24, 221, 71, 67, 82, 33, 243, 198, 0, 0, 0, 0,
]);

/// The upgradeable BPF loader, `BPFLoaderUpgradeab1e11111111111111111111111`.
pub const BPF_LOADER_UPGRADEABLE_ID: Pubkey = Pubkey::new_from_array([
    2, 168, 246, 145, 78, 136, 161, 176, 226, 16, 21, 62, 247, 99, 174, 43, 0, 194, 185, 61, 22,
    193, 36, 210, 192, 83, 122, 16, 4, 128, 0, 0,
]);

/// The native loader, `NativeLoader1111111111111111111111111111111`, owner of builtin programs.
pub const NATIVE_LOADER_ID: Pubkey = Pubkey::new_from_array([
    5, 135, 132, 191, 20, 139, 164, 40, 47, 176, 18, 87, 72, 136, 169, 241, 83, 160, 125, 173,
    247, 101, 192, 69, 92, 154, 151, 3, 128, 0, 0, 0,
]);

/// Owner of sysvar accounts, `Sysvar1111111111111111111111111111111111111`.
pub const SYSVAR_OWNER_ID: Pubkey = Pubkey::new_from_array([
    6, 167, 213, 23, 24, 117, 247, 41, 199, 61, 147, 64, 143, 33, 97, 32, 6, 126, 216, 140, 118,
    224, 140, 40, 127, 193, 148, 96, 0, 0, 0, 0,
]);

/// The Clock sysvar, `SysvarC1ock11111111111111111111111111111111`.
pub const SYSVAR_CLOCK_ID: Pubkey = Pubkey::new_from_array([
    6, 167, 213, 23, 24, 199, 116, 201, 40, 86, 99, 152, 105, 29, 94, 182, 139, 94, 184, 163, 155,
    75, 109, 92, 115, 85, 91, 33, 0, 0, 0, 0,
]);

/// The Rent sysvar, `SysvarRent111111111111111111111111111111111`.
pub const SYSVAR_RENT_ID: Pubkey = Pubkey::new_from_array([
    6, 167, 213, 23, 25, 44, 92, 81, 33, 140, 201, 76, 61, 74, 241, 127, 88, 218, 238, 8, 155,
    161, 253, 68, 227, 219, 217, 138, 0, 0, 0, 0,
]);

/// The incinerator, `1nc1nerator11111111111111111111111111111111`: exempt from the rent-state rule.
pub const INCINERATOR_ID: Pubkey = Pubkey::new_from_array([
    0, 51, 144, 114, 141, 52, 17, 96, 121, 189, 201, 17, 191, 255, 0, 219, 212, 77, 46, 205, 204,
    247, 156, 166, 225, 0, 56, 225, 0, 0, 0, 0,
]);

pub use crate::compute_budget::COMPUTE_BUDGET_PROGRAM_ID;

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
        ] {
            assert_eq!(bs58::encode(id.as_ref()).into_string(), name);
        }
    }
}
