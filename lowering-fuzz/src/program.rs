//! A batch of generated functions as source: the module both builds
//! compile, the program around it (a `no_std` lamport-sdk program) and the
//! native driver.

use crate::generate::FunctionSpec;
use crate::types::PRELUDE;

/// Words of input each function reads (`x: &[u64; 8]`).
pub const INPUT_WORDS: usize = 8;

/// Most checksums one instruction returns (return data holds 1,024 bytes).
pub const MAX_PER_INSTRUCTION: usize = 128;

/// Functions compiled into one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The program's package name (a Rust identifier).
    pub name: String,
    /// The functions, called `f0`, `f1`, … in this order.
    pub functions: Vec<FunctionSpec>,
}

impl Batch {
    /// The generated module: the prelude, every function and the table
    /// `FUNCTIONS` the program and the native driver call them through.
    pub fn module(&self) -> String {
        let mut out = String::from(PRELUDE);
        out.push('\n');
        for (k, f) in self.functions.iter().enumerate() {
            out.push_str(&format!("// f{k}: {f}\n"));
            out.push_str(&f.generate(&format!("f{k}")));
            out.push('\n');
        }
        out.push_str(&format!("pub static FUNCTIONS: [fn(&[u64; {INPUT_WORDS}]) -> u64; {}] = [", self.functions.len()));
        for k in 0..self.functions.len() {
            out.push_str(&format!("f{k}, "));
        }
        out.push_str("];\n");
        out
    }
}

/// The program's `lib.rs`. Instruction data: `u32 first ‖ u32 count ‖
/// 8 × u64 input`; the program runs functions `first..first + count` on
/// the input and returns their checksums (`count` × u64) as return data.
pub const PROGRAM_LIB: &str = r#"//! Generated functions run on the input words of the instruction data.
#![no_std]

mod generated;

use lamport_sdk::{account_info::AccountInfo, program_error::ProgramError, pubkey::Pubkey, ProgramResult};

lamport_sdk::entrypoint!(process_instruction);

fn process_instruction(_: &Pubkey, _: &[AccountInfo], data: &[u8]) -> ProgramResult {
    if data.len() != 8 + 8 * 8 {
        return Err(ProgramError::InvalidInstructionData);
    }
    let word = |k: usize| u32::from_le_bytes([data[k], data[k + 1], data[k + 2], data[k + 3]]) as usize;
    let (first, count) = (word(0), word(4));
    if count > 128 || first > generated::FUNCTIONS.len() || count > generated::FUNCTIONS.len() - first {
        return Err(ProgramError::InvalidInstructionData);
    }
    let mut x = [0u64; 8];
    for (k, w) in x.iter_mut().enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&data[8 + 8 * k..16 + 8 * k]);
        *w = u64::from_le_bytes(bytes);
    }
    let mut out = [0u8; 1024];
    for k in 0..count {
        let checksum = (generated::FUNCTIONS[first + k])(&x);
        out[8 * k..8 * k + 8].copy_from_slice(&checksum.to_le_bytes());
    }
    lamport_sdk::program::set_return_data(&out[..8 * count]);
    Ok(())
}
"#;

/// The native driver: reads 64-byte inputs from stdin and prints, per
/// input, one line with every function's checksum in hex.
pub const NATIVE_MAIN: &str = r#"#[path = "src/generated.rs"]
mod generated;

use std::io::{Read, Write};

fn main() {
    let mut data = Vec::new();
    std::io::stdin().read_to_end(&mut data).expect("stdin");
    let mut out = String::new();
    for input in data.chunks_exact(64) {
        let mut x = [0u64; 8];
        for (k, w) in x.iter_mut().enumerate() {
            *w = u64::from_le_bytes(input[8 * k..8 * k + 8].try_into().unwrap());
        }
        let line: Vec<String> = generated::FUNCTIONS.iter().map(|f| format!("{:016x}", f(&x))).collect();
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    std::io::stdout().write_all(out.as_bytes()).expect("stdout");
}
"#;

/// The program's manifest.
pub fn manifest(name: &str, sdk: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nlamport-sdk = {{ path = \"{sdk}\" }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_lists_every_function() {
        let batch = Batch { name: "p".into(), functions: vec![FunctionSpec::new(1, 2, 2), FunctionSpec::new(2, 1, 1)] };
        let module = batch.module();
        assert!(module.contains("pub fn f0(x: &[u64; 8]) -> u64"));
        assert!(module.contains("pub fn f1(x: &[u64; 8]) -> u64"));
        assert!(module.contains("[fn(&[u64; 8]) -> u64; 2] = [f0, f1, ]"));
        assert!(module.contains("// f1: 0x2:0@1"));
    }
}
