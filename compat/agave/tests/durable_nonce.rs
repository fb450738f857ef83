//! Durable-nonce accounts, lamport-runtime beside LiteSVM (Agave 4.3's
//! SVM): nonce accounts created, advanced, authorized, withdrawn from and
//! upgraded through the system program, the errors of each instruction
//! (wrong state, missing signature or account, wrong sysvar, a nonce that
//! cannot advance yet, insufficient funds), a transfer from a nonce
//! account, and a nonce account paying fees. Each step sends the same
//! instructions to both runtimes and compares result, compute units, fee,
//! logs and the accounts involved.
//!
//! The two runtimes have different blockhashes, so a stored durable nonce
//! differs too: a nonce account is compared with its nonce replaced by
//! whether it is the nonce of that runtime's blockhash when the step ran
//! (decoded with `lamport_sdk::nonce`, which also checks that layout
//! against the bytes Agave writes).
//!
//! Durable-nonce *transactions* are checked in lamport-runtime's own
//! tests (`runtime/tests/durable_nonce.rs`), not here: LiteSVM runs their
//! instructions with the transaction's recent blockhash (the stored nonce)
//! as the blockhash, where Agave's bank uses its last blockhash, so the
//! nonce LiteSVM stores when advancing one is not Agave's.

use lamport_agave_compat::{address, differential::agave_instruction, keypair};
use lamport_runtime::{Runtime, TransactionResult};
use lamport_sdk::{
    hash::Hash,
    instruction::{AccountMeta, Instruction},
    nonce::{DurableNonce, NonceState, NonceVersions, STATE_SIZE},
    pubkey::Pubkey,
    signer::Keypair,
    system,
    sysvar::{rent, RECENT_BLOCKHASHES_ID},
    transaction::Transaction,
};
use litesvm::LiteSVM;
use solana_signer::Signer;

const SOL: u64 = 1_000_000_000;

/// What one runtime showed for a step.
#[derive(Debug, PartialEq)]
struct Observed {
    result: String,
    compute_units: u64,
    fee: u64,
    logs: Vec<String>,
    /// Lamports, owner and data of each account involved; a nonce
    /// account's data decoded, its nonce replaced by whether it is the
    /// nonce of the blockhash the step ran under.
    accounts: Vec<Option<(u64, [u8; 32], String)>>,
}

fn describe(data: &[u8], blockhash: &Hash) -> String {
    match NonceVersions::decode(data) {
        Some(versions) if data.len() == STATE_SIZE => {
            let (layout, state) = match versions {
                NonceVersions::Legacy(state) => ("legacy", state),
                NonceVersions::Current(state) => ("current", state),
            };
            match state {
                NonceState::Uninitialized => format!("{layout} uninitialized, then {:?}", &data[8..]),
                NonceState::Initialized(nonce) => format!(
                    "{layout} initialized: authority {}, nonce of the current blockhash: {}, {} lamports per signature",
                    nonce.authority,
                    nonce.durable_nonce == DurableNonce::from_blockhash(blockhash),
                    nonce.lamports_per_signature
                ),
            }
        }
        _ => format!("{data:?}"),
    }
}

trait Side {
    fn blockhash(&self) -> Hash;
    fn account(&self, key: &Pubkey) -> Option<(u64, Pubkey, Vec<u8>)>;
    fn send(&mut self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair], blockhash: Hash) -> (String, u64, u64, Vec<String>);
    fn expire(&mut self);

    fn step(&mut self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair], involved: &[Pubkey]) -> Observed {
        let blockhash = self.blockhash();
        let (result, compute_units, fee, logs) = self.send(instructions, payer, signers, blockhash);
        let accounts = involved
            .iter()
            .map(|key| self.account(key).map(|(lamports, owner, data)| (lamports, owner.to_bytes(), describe(&data, &blockhash))))
            .collect();
        Observed { result, compute_units, fee, logs, accounts }
    }
}

impl Side for Runtime {
    fn blockhash(&self) -> Hash {
        self.latest_blockhash()
    }

    fn account(&self, key: &Pubkey) -> Option<(u64, Pubkey, Vec<u8>)> {
        self.get_account(key).map(|account| (account.lamports, account.owner, account.data))
    }

    fn send(&mut self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair], blockhash: Hash) -> (String, u64, u64, Vec<String>) {
        let mut all = vec![payer];
        all.extend(signers.iter().copied().filter(|signer| signer.pubkey() != payer.pubkey()));
        let tx = Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), &all, blockhash);
        let result: TransactionResult = self.send_transaction(tx);
        match result {
            Ok(meta) => ("Ok".into(), meta.compute_units_consumed, meta.fee, meta.logs.to_vec()),
            Err(failed) => (format!("{:?}", failed.err), failed.meta.compute_units_consumed, failed.meta.fee, failed.meta.logs.to_vec()),
        }
    }

    fn expire(&mut self) {
        self.expire_blockhash();
    }
}

impl Side for LiteSVM {
    fn blockhash(&self) -> Hash {
        Hash::new_from_array(self.latest_blockhash().to_bytes())
    }

    fn account(&self, key: &Pubkey) -> Option<(u64, Pubkey, Vec<u8>)> {
        self.get_account(&address(key))
            .filter(|account| account.lamports > 0)
            .map(|account| (account.lamports, Pubkey::new_from_array(account.owner.to_bytes()), account.data))
    }

    fn send(&mut self, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair], blockhash: Hash) -> (String, u64, u64, Vec<String>) {
        let instructions: Vec<_> = instructions.iter().map(agave_instruction).collect();
        let payer = keypair(payer);
        let others: Vec<_> = signers.iter().map(|signer| keypair(signer)).filter(|signer| signer.pubkey() != payer.pubkey()).collect();
        let mut all = vec![&payer];
        all.extend(others.iter());
        let message = solana_message::Message::new(&instructions, Some(&payer.pubkey()));
        let tx = solana_transaction::Transaction::new(&all, message, solana_hash::Hash::new_from_array(blockhash.to_bytes()));
        match self.send_transaction(tx) {
            Ok(meta) => ("Ok".into(), meta.compute_units_consumed, meta.fee, meta.logs),
            Err(failed) => (format!("{:?}", failed.err), failed.meta.compute_units_consumed, failed.meta.fee, failed.meta.logs),
        }
    }

    fn expire(&mut self) {
        self.expire_blockhash();
    }
}

fn withdraw(nonce: &Pubkey, authority: &Pubkey, to: &Pubkey, lamports: u64) -> Instruction {
    system::withdraw_nonce_account(nonce, authority, to, lamports)
}

/// `AdvanceNonceAccount` with its accounts as given (to name the wrong
/// sysvar, or leave accounts out).
fn advance_with(accounts: Vec<AccountMeta>) -> Instruction {
    Instruction::new(system::ID, system::SystemInstruction::AdvanceNonceAccount.encode(), accounts)
}

#[test]
fn durable_nonces_behave_as_in_agave() {
    let payer = Keypair::new_from_array([1; 32]);
    let authority = Keypair::new_from_array([2; 32]);
    let new_authority = Keypair::new_from_array([3; 32]);
    let nonce = Keypair::new_from_array([4; 32]);
    let self_paying = Keypair::new_from_array([5; 32]);
    let destination = Pubkey::new_from_array([6; 32]);
    let (n, a, p) = (nonce.pubkey(), authority.pubkey(), payer.pubkey());
    let rent_exempt = lamport_runtime::FeatureSet::default().rent().minimum_balance(STATE_SIZE);

    let mut lamport = Runtime::new();
    let mut agave = LiteSVM::new();
    for key in [p, a, new_authority.pubkey(), self_paying.pubkey()] {
        lamport.airdrop(&key, 10 * SOL).unwrap();
        agave.airdrop(&address(&key), 10 * SOL).unwrap();
    }
    let create = |key: &Pubkey, authority: &Pubkey| {
        vec![
            system::create_account(&p, key, rent_exempt + SOL, STATE_SIZE as u64, &system::ID),
            system::initialize_nonce_account(key, authority),
        ]
    };
    let involved = [p, n, a, destination, self_paying.pubkey()];
    let advance = system::advance_nonce_account(&n, &a);
    // (label, instructions, payer, signers, expire the blockhash before)
    type StepSpec<'a> = (&'a str, Vec<Instruction>, &'a Keypair, Vec<&'a Keypair>, bool);
    let steps: Vec<StepSpec> = vec![
        ("create and initialize a nonce account", create(&n, &a), &payer, vec![&nonce], false),
        ("initialize it again", vec![system::initialize_nonce_account(&n, &a)], &payer, vec![], false),
        ("advance it under the blockhash it was stored under", vec![advance.clone()], &payer, vec![&authority], false),
        ("advance without its accounts", vec![advance_with(vec![])], &payer, vec![], true),
        ("advance with the wrong sysvar", vec![advance_with(vec![AccountMeta::new(n, false), AccountMeta::new_readonly(rent::ID, false), AccountMeta::new_readonly(a, true)])], &payer, vec![&authority], true),
        ("advance a read-only nonce account", vec![advance_with(vec![AccountMeta::new_readonly(n, false), AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false), AccountMeta::new_readonly(a, true)])], &payer, vec![&authority], true),
        ("transfer from the nonce account", vec![system::transfer(&n, &destination, 1)], &payer, vec![&nonce], true),
        ("authorize without the authority", vec![system::authorize_nonce_account(&n, &p, &new_authority.pubkey())], &payer, vec![], true),
        ("authorize a new authority", vec![system::authorize_nonce_account(&n, &a, &new_authority.pubkey())], &payer, vec![&authority], false),
        ("the old authority no longer advances it", vec![advance.clone()], &payer, vec![&authority], true),
        ("the new one does", vec![system::advance_nonce_account(&n, &new_authority.pubkey())], &payer, vec![&new_authority], false),
        ("upgrade a current nonce account", vec![system::upgrade_nonce_account(&n)], &payer, vec![], true),
        ("withdraw below the rent-exempt minimum", vec![withdraw(&n, &new_authority.pubkey(), &destination, SOL + 1)], &payer, vec![&new_authority], true),
        ("withdraw what is above it", vec![withdraw(&n, &new_authority.pubkey(), &destination, SOL)], &payer, vec![&new_authority], false),
        ("advance it again", vec![system::advance_nonce_account(&n, &new_authority.pubkey())], &payer, vec![&new_authority], true),
        ("withdraw everything under the blockhash it was stored under", vec![withdraw(&n, &new_authority.pubkey(), &destination, rent_exempt)], &payer, vec![&new_authority], false),
        ("withdraw everything", vec![withdraw(&n, &new_authority.pubkey(), &destination, rent_exempt)], &payer, vec![&new_authority], true),
    ];
    let self_key = self_paying.pubkey();
    let mut differences = Vec::new();
    let mut run = |label: &str, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair], expire: bool, differences: &mut Vec<String>| {
        if expire {
            lamport.expire();
            agave.expire();
        }
        let ours = lamport.step(instructions, payer, signers, &involved);
        let theirs = agave.step(instructions, payer, signers, &involved);
        if ours != theirs {
            let mut fields = Vec::new();
            let mut field = |name: &str, a: String, b: String| {
                if a != b {
                    fields.push(format!("  {name}:\n    lamport-runtime: {a}\n    Agave:           {b}"));
                }
            };
            field("result", ours.result.clone(), theirs.result.clone());
            field("compute units", ours.compute_units.to_string(), theirs.compute_units.to_string());
            field("fee", ours.fee.to_string(), theirs.fee.to_string());
            field("logs", format!("{:?}", ours.logs), format!("{:?}", theirs.logs));
            for (key, (a, b)) in involved.iter().zip(ours.accounts.iter().zip(&theirs.accounts)) {
                field(&format!("account {key}"), format!("{a:?}"), format!("{b:?}"));
            }
            differences.push(format!("{label}:\n{}", fields.join("\n")));
        }
        ours
    };
    let results: Vec<String> =
        steps.iter().map(|(label, instructions, payer, signers, expire)| run(label, instructions, payer, signers, *expire, &mut differences).result).collect();
    // What Agave decides at each step (the comparison above checks the rest).
    let expected = [
        "Ok",
        "InstructionError(0, InvalidAccountData)",
        "InstructionError(0, Custom(7))",
        "InstructionError(0, MissingAccount)",
        "InstructionError(0, InvalidArgument)",
        "InstructionError(0, InvalidArgument)",
        "InstructionError(0, InvalidArgument)",
        "InstructionError(0, MissingRequiredSignature)",
        "Ok",
        "InstructionError(0, MissingRequiredSignature)",
        "Ok",
        "InstructionError(0, InvalidArgument)",
        "InstructionError(0, InsufficientFunds)",
        "Ok",
        "Ok",
        "InstructionError(0, Custom(7))",
        "Ok",
    ];
    assert_eq!(results, expected);
    // A funded system account made a nonce account (allocated: it stays
    // system-owned), which then pays its own fees, for a transaction that
    // fails and one that succeeds.
    let allocate = vec![system::allocate(&self_key, STATE_SIZE as u64), system::initialize_nonce_account(&self_key, &self_key)];
    run("a system account becomes a nonce account", &allocate, &self_paying, &[], true, &mut differences);
    let fee_paying = vec![system::advance_nonce_account(&self_key, &self_key), system::transfer(&self_key, &destination, 1)];
    let paid = run("it pays for a transaction that fails", &fee_paying, &self_paying, &[], true, &mut differences);
    assert!(paid.result.contains("InstructionError(1"), "{paid:?}");
    let ok = run("and for one that succeeds", &fee_paying[..1], &self_paying, &[], true, &mut differences);
    assert_eq!(ok.result, "Ok");
    assert!(differences.is_empty(), "{} step(s) differ:\n{}", differences.len(), differences.join("\n"));
}
