//! Lamport SDK (work in progress).
#![no_std]
