//! The rent-state rule checked at the end of a transaction for every writable
//! account, and for the fee payer when the fee is charged (`ABI-agave.md`
//! §7): an account may end empty or rent-exempt; it may stay rent-paying
//! only under the rule of the [`FeatureSet`](crate::FeatureSet):
//!
//! - before SIMD-0392: if it was rent-paying before, with the same size and
//!   no more lamports;
//! - with SIMD-0392 (`relax_post_exec_min_balance_check`): an existing
//!   account below the minimum counts as exempt before the transaction, and
//!   may end below the minimum only with the same owner, no more data and no
//!   fewer lamports than before.

use lamport_sdk::{account::Account, pubkey::Pubkey};

use crate::sysvars::Rent;

/// Where an account stands with respect to rent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RentState {
    /// No lamports (the account does not exist).
    Uninitialized,
    /// Below the rent-exempt minimum.
    RentPaying {
        /// Its lamports.
        lamports: u64,
        /// Its data size.
        data_size: usize,
    },
    /// At or above the rent-exempt minimum.
    RentExempt,
}

impl RentState {
    /// The state of `account` under `rent`.
    pub fn of(account: &Account, rent: &Rent) -> Self {
        if account.lamports == 0 {
            RentState::Uninitialized
        } else if rent.is_exempt(account.lamports, account.data.len()) {
            RentState::RentExempt
        } else {
            RentState::RentPaying { lamports: account.lamports, data_size: account.data.len() }
        }
    }

    /// Whether moving from `pre` to `self` is allowed.
    pub fn transition_allowed_from(&self, pre: &RentState) -> bool {
        match self {
            RentState::Uninitialized | RentState::RentExempt => true,
            RentState::RentPaying { lamports: post_lamports, data_size: post_size } => match pre {
                RentState::Uninitialized | RentState::RentExempt => false,
                RentState::RentPaying { lamports: pre_lamports, data_size: pre_size } => {
                    post_size == pre_size && post_lamports <= pre_lamports
                }
            },
        }
    }
}

/// An account's rent standing before execution, kept to judge its state after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreRentState {
    state: RentState,
    lamports: u64,
    data_size: usize,
    owner: Pubkey,
    relax: bool,
}

impl PreRentState {
    /// Records `account` before execution; `relax` applies SIMD-0392.
    pub fn new(account: &Account, rent: &Rent, relax: bool) -> Self {
        let state = match RentState::of(account, rent) {
            RentState::RentPaying { .. } if relax => RentState::RentExempt,
            state => state,
        };
        Self { state, lamports: account.lamports, data_size: account.data.len(), owner: account.owner, relax }
    }

    /// Whether `post` (the same account after execution) satisfies the rule.
    pub fn allows(&self, post: &Account, rent: &Rent) -> bool {
        let grandfathered = self.relax
            && self.state == RentState::RentExempt
            && self.owner == post.owner
            && self.data_size >= post.data.len()
            && post.lamports >= self.lamports;
        let post_state = match RentState::of(post, rent) {
            RentState::RentPaying { .. } if grandfathered => RentState::RentExempt,
            state => state,
        };
        post_state.transition_allowed_from(&self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rent_paying_accounts_may_only_shrink_in_balance() {
        let paying = |lamports| RentState::RentPaying { lamports, data_size: 0 };
        assert!(RentState::RentExempt.transition_allowed_from(&paying(5)));
        assert!(RentState::Uninitialized.transition_allowed_from(&RentState::RentExempt));
        assert!(!paying(5).transition_allowed_from(&RentState::Uninitialized));
        assert!(!paying(5).transition_allowed_from(&RentState::RentExempt));
        assert!(paying(4).transition_allowed_from(&paying(5)));
        assert!(!paying(6).transition_allowed_from(&paying(5)));
    }

    fn account(lamports: u64, len: usize, owner: Pubkey) -> Account {
        Account { lamports, data: vec![0; len], owner, executable: false, rent_epoch: 0 }
    }

    #[test]
    fn simd_0392_grandfathers_same_owner_accounts_that_neither_grow_nor_lose_lamports() {
        let rent = crate::FeatureSet::default().rent();
        let owner = Pubkey::new_from_array([1; 32]);
        let half = rent.minimum_balance(64) / 2;
        let pre = PreRentState::new(&account(half, 64, owner), &rent, true);
        assert!(pre.allows(&account(half, 64, owner), &rent));
        assert!(pre.allows(&account(half + 1, 64, owner), &rent));
        assert!(pre.allows(&account(half, 63, owner), &rent));
        assert!(!pre.allows(&account(half - 1, 64, owner), &rent), "fewer lamports");
        assert!(!pre.allows(&account(half, 65, owner), &rent), "grown");
        assert!(!pre.allows(&account(half, 64, Pubkey::new_from_array([2; 32])), &rent), "new owner");
        // The older rule: topping up a rent-paying account without making it exempt fails,
        // paying from it succeeds.
        let legacy = PreRentState::new(&account(half, 64, owner), &rent, false);
        assert!(!legacy.allows(&account(half + 1, 64, owner), &rent));
        assert!(legacy.allows(&account(half - 1, 64, owner), &rent));
        // A new account must be funded to the minimum under both rules.
        let new = PreRentState::new(&account(0, 0, owner), &rent, true);
        assert!(!new.allows(&account(1, 0, owner), &rent));
    }
}
