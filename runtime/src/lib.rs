//! Lamport runtime (work in progress).
