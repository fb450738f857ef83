//! Logs a greeting.
#![no_std]
