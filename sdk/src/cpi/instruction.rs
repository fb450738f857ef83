//! The borrowed, heap-free instruction of a cross-program invocation.

use core::marker::PhantomData;

use super::abi::{SolAccountMeta, SolSignerSeed, SolSignerSeeds};
use crate::{account_info::AccountInfo, pubkey::Pubkey};

/// One account of a callee instruction. Same layout as the runtime's
/// `SolAccountMeta` (`{pubkey*, is_writable, is_signer}`, 16 bytes), so a
/// slice of them is passed to the runtime without conversion.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountMeta<'a> {
    /// The account's address.
    pub pubkey: &'a Pubkey,
    /// Whether the callee may write the account.
    pub is_writable: bool,
    /// Whether the account signs (as a transaction signer or a PDA of the
    /// caller).
    pub is_signer: bool,
}

const _: () = {
    assert!(core::mem::size_of::<AccountMeta<'static>>() == core::mem::size_of::<SolAccountMeta>());
    assert!(core::mem::offset_of!(AccountMeta<'static>, is_writable) == 8);
    assert!(core::mem::offset_of!(AccountMeta<'static>, is_signer) == 9);
};

impl<'a> AccountMeta<'a> {
    /// An account with the given rights.
    pub const fn new(pubkey: &'a Pubkey, is_writable: bool, is_signer: bool) -> Self {
        Self {
            pubkey,
            is_writable,
            is_signer,
        }
    }

    /// Read-only, not signing.
    pub const fn readonly(pubkey: &'a Pubkey) -> Self {
        Self::new(pubkey, false, false)
    }

    /// Writable, not signing.
    pub const fn writable(pubkey: &'a Pubkey) -> Self {
        Self::new(pubkey, true, false)
    }

    /// Read-only, signing.
    pub const fn readonly_signer(pubkey: &'a Pubkey) -> Self {
        Self::new(pubkey, false, true)
    }

    /// Writable, signing.
    pub const fn writable_signer(pubkey: &'a Pubkey) -> Self {
        Self::new(pubkey, true, true)
    }
}

impl<'a> From<&'a AccountInfo> for AccountMeta<'a> {
    /// The account with the rights it has in this instruction.
    fn from(info: &'a AccountInfo) -> Self {
        Self::new(info.key(), info.is_writable(), info.is_signer())
    }
}

/// A callee instruction: program, accounts, data — all borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "an instruction does nothing until it is invoked (`cpi::invoke`, `cpi::invoke_signed`)"]
pub struct Instruction<'a> {
    /// The program to invoke.
    pub program_id: &'a Pubkey,
    /// Its accounts, in the order it expects.
    pub accounts: &'a [AccountMeta<'a>],
    /// Its input.
    pub data: &'a [u8],
}

/// One seed of a PDA signer, laid out as the runtime reads it
/// (`{addr, len}`).
#[repr(transparent)]
#[derive(Clone, Copy, Debug)]
pub struct Seed<'a> {
    raw: SolSignerSeed,
    marker: PhantomData<&'a [u8]>,
}

impl<'a> From<&'a [u8]> for Seed<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Self {
            raw: SolSignerSeed::new(bytes),
            marker: PhantomData,
        }
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for Seed<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        Self::from(&bytes[..])
    }
}

impl Seed<'_> {
    /// The seed's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: built from a slice that outlives 'a.
        unsafe { core::slice::from_raw_parts(self.raw.addr, self.raw.len as usize) }
    }
}

/// A PDA signer: the seeds (bump included) that derive it from the
/// calling program's id. Laid out as the runtime reads it.
#[repr(transparent)]
#[derive(Clone, Copy, Debug)]
pub struct Signer<'a, 'b> {
    raw: SolSignerSeeds,
    marker: PhantomData<&'b [Seed<'a>]>,
}

impl<'a, 'b> From<&'b [Seed<'a>]> for Signer<'a, 'b> {
    fn from(seeds: &'b [Seed<'a>]) -> Self {
        Self {
            raw: SolSignerSeeds {
                addr: seeds.as_ptr().cast(),
                len: seeds.len() as u64,
            },
            marker: PhantomData,
        }
    }
}

impl<'a, 'b, const N: usize> From<&'b [Seed<'a>; N]> for Signer<'a, 'b> {
    fn from(seeds: &'b [Seed<'a>; N]) -> Self {
        Self::from(&seeds[..])
    }
}
