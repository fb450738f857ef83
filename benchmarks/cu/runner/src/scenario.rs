//! The benchmark's accounts and instruction, the same for both programs.

use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
};

/// The program's error for a lamport sum that differs from the expected one.
pub const WRONG_LAMPORTS: u32 = 1;
/// The program's error for a data XOR that differs from the expected one.
pub const WRONG_DATA: u32 = 2;

/// Which build of the benchmark program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    /// `programs/cu-sdk`.
    Sdk,
    /// `programs/cu-pinocchio`.
    Pinocchio,
}

impl Framework {
    /// Both, SDK first.
    pub const ALL: [Framework; 2] = [Framework::Sdk, Framework::Pinocchio];

    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sdk => "lamport-sdk",
            Self::Pinocchio => "pinocchio 0.12",
        }
    }

    /// The program's address (fixed, so runs are reproducible).
    pub fn program_id(self) -> Pubkey {
        match self {
            Self::Sdk => Pubkey::new_from_array([0x5D; 32]),
            Self::Pinocchio => Pubkey::new_from_array([0x9C; 32]),
        }
    }

    /// The ELF of this framework's program.
    pub fn elf(self, programs: &crate::Programs) -> &[u8] {
        match self {
            Self::Sdk => &programs.sdk,
            Self::Pinocchio => &programs.pinocchio,
        }
    }
}

/// `count` accounts owned by the program, each a writable signer with
/// 16 bytes of data, plus a fee payer. Keys are derived from fixed seeds,
/// so every run (and every runtime) sees the same transaction.
#[derive(Debug)]
pub struct Scenario {
    /// The program under test.
    pub program_id: Pubkey,
    /// The fee payer (funded by the runner, owned by the system program).
    pub payer: Keypair,
    /// The accounts the program reads, with their state.
    pub accounts: Vec<(Keypair, Account)>,
}

impl Scenario {
    /// Lamports of the fee payer.
    pub const PAYER_LAMPORTS: u64 = 10_000_000_000;
    /// Data length of each account.
    pub const DATA_LEN: usize = 16;

    /// The accounts of a run with `count` accounts for `framework`.
    pub fn new(framework: Framework, count: u8) -> Self {
        let program_id = framework.program_id();
        let accounts = (0..count)
            .map(|i| {
                let keypair = Keypair::new_from_array(Self::account_seed(i));
                let data: Vec<u8> = (0..Self::DATA_LEN as u8).map(|b| b.wrapping_mul(31).wrapping_add(i)).collect();
                let account = Account {
                    lamports: 1_000_000_000 + u64::from(i) * 1_000,
                    data,
                    owner: program_id,
                    executable: false,
                    rent_epoch: 0,
                };
                (keypair, account)
            })
            .collect();
        Self { program_id, payer: Keypair::new_from_array(Self::PAYER_SEED), accounts }
    }

    /// Secret seed of the fee payer.
    pub const PAYER_SEED: [u8; 32] = [0xFE; 32];

    /// Secret seed of account `i`.
    pub fn account_seed(i: u8) -> [u8; 32] {
        let mut seed = [0xA0; 32];
        seed[0] = i;
        seed
    }

    /// What the program should compute: the lamport sum and the XOR of
    /// each account's first 8 data bytes.
    pub fn expected(&self) -> (u64, u64) {
        self.accounts.iter().fold((0, 0), |(lamports, mix), (_, account)| {
            let head = u64::from_le_bytes(account.data[..8].try_into().expect("8 bytes"));
            (lamports + account.lamports, mix ^ head)
        })
    }

    /// Instruction data claiming the given sum and XOR.
    pub fn instruction_data_with(&self, lamports: u64, mix: u64) -> Vec<u8> {
        let mut data = Vec::with_capacity(17);
        data.push(self.accounts.len() as u8);
        data.extend_from_slice(&lamports.to_le_bytes());
        data.extend_from_slice(&mix.to_le_bytes());
        data
    }

    /// Instruction data with the correct expectations.
    pub fn instruction_data(&self) -> Vec<u8> {
        let (lamports, mix) = self.expected();
        self.instruction_data_with(lamports, mix)
    }

    /// The instruction, with `data`.
    pub fn instruction(&self, data: Vec<u8>) -> Instruction {
        let accounts = self.accounts.iter().map(|(keypair, _)| AccountMeta::new(keypair.pubkey(), true)).collect();
        Instruction::new(self.program_id, data, accounts)
    }
}
