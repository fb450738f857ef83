//! The program's own errors, returned as `ProgramError::Custom(code)`.
//! `custom_errors!` also names each code, so a failing test shows
//! `custom program error: 0x1 (NotOwned)` rather than a bare number.

lamport_sdk::custom_errors! {
    /// What can go wrong in this program.
    pub enum Error {
        /// The signer is not the account's authority.
        WrongAuthority = 0,
        /// The value account is not owned by this program.
        NotOwned = 1,
        /// The value account is too small for [`crate::state::Value`].
        AccountTooSmall = 2,
    }
}
