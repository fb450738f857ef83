//! The rent-state rule checked at the end of a transaction for every writable
//! account (`ABI-agave.md` §7): an account may end empty or rent-exempt; it
//! may stay rent-paying only if it was rent-paying before, with the same
//! size and no more lamports.

use lamport_sdk::account::Account;

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
}
