//! Declares the on-chain `target_os` value so `cfg(target_os = "solana")`
//! is not reported as unexpected on hosts whose rustc does not know it.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(target_os, values(\"solana\"))");
}
