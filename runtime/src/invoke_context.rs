//! The state of one executing transaction: its accounts, the stack of
//! instructions being executed (top-level and cross-program), the compute
//! meter, logs and return data.
//!
//! [`InvokeContext`] is also the VM's context object: the VM charges one
//! compute unit per executed instruction through it, and every syscall gets
//! it to charge costs, write logs and invoke other programs.

use std::{collections::HashMap, hash::BuildHasherDefault, ptr::NonNull, sync::Arc};

use lamport_sdk::{account::Account, pubkey::Pubkey};
use solana_sbpf::{memory_region::MemoryMapping, program::BuiltinProgram, vm::ContextObject};

use crate::{
    accounts::PubkeyHasher,
    compute_budget::{ComputeBudget, COMPUTE_BUDGET_PROGRAM_ID},
    default_programs::DefaultPrograms,
    error::InstructionError,
    feature_set::FeatureSet,
    ids,
    loader::LoadedProgram,
    log_collector::{LogCollector, LogRecord, LoggedProgram, Logs},
    meta::ProgramFault,
    policy::{self, Actor},
    profile::{Profiler, TransactionProfile},
    serialization::SerializedAccount,
    syscalls::BumpAllocator,
    sysvar_cache::SysvarCache,
    sysvars::{Clock, Rent},
    system_program,
    upgradeable_loader::{self, ProgramUpdate},
};

/// What the runtime shares with every transaction: programs, sysvars, costs.
#[derive(Clone)]
pub(crate) struct Environment {
    pub budget: ComputeBudget,
    pub loader: Arc<BuiltinProgram<InvokeContext>>,
    pub programs: HashMap<Pubkey, Arc<LoadedProgram>, BuildHasherDefault<PubkeyHasher>>,
    /// The shipped programs, loaded on first use; `None` without them.
    pub default_programs: Option<Arc<DefaultPrograms>>,
    /// Account data of every sysvar (what `sol_get_sysvar` reads).
    pub sysvars: SysvarCache,
    pub clock: Clock,
    pub rent: Rent,
    /// The SlotHashes sysvar.
    pub slot_hashes: lamport_sdk::sysvar::slot_hashes::SlotHashes,
    /// The blockhash transactions must name (or, durable-nonce transactions,
    /// the nonce stored before it).
    pub blockhash: lamport_sdk::hash::Hash,
    /// Bytes of log messages a transaction keeps (`None`: all).
    pub log_bytes_limit: Option<usize>,
    pub use_jit: bool,
    pub features: FeatureSet,
    /// Whether transactions are profiled (see [`crate::profile`]).
    pub profiling: bool,
}

impl Environment {
    /// The program at `program_id`: one added to the runtime, else a
    /// default program (loaded on first use). Borrowed: the programs are
    /// shared by every worker thread, and counting references to them from
    /// each transaction would make the threads contend for the counts.
    pub fn program(&self, program_id: &Pubkey) -> Option<&Arc<LoadedProgram>> {
        match self.programs.get(program_id) {
            Some(program) => Some(program),
            None => self.default_programs.as_ref()?.get(program_id),
        }
    }
}

/// One account of an instruction, as the instruction sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InstructionAccount {
    /// Index into the transaction's accounts.
    pub index_in_transaction: usize,
    /// Whether the instruction may treat the account as a signer.
    pub is_signer: bool,
    /// Whether the instruction may write the account.
    pub is_writable: bool,
}

/// The accounts a transaction loaded, by message index.
#[derive(Debug, Clone, Default)]
pub(crate) struct TransactionAccounts {
    pub keys: Vec<Pubkey>,
    pub accounts: Vec<Account>,
    /// Net data growth so far, in bytes.
    pub resize_delta: i64,
}

/// Per-frame state of a program running in the VM.
pub(crate) struct VmFrame {
    /// Where each instruction account lives in the program's input buffer.
    pub serialized: Vec<SerializedAccount>,
    /// `sol_alloc_free_` state.
    pub allocator: BumpAllocator,
    /// Whether syscalls check pointer alignment (not for the deprecated loader).
    pub check_aligned: bool,
    /// The program's memory map. It is owned by the `vm::execute` call that
    /// runs this frame and outlives the frame's VM.
    pub memory_mapping: NonNull<MemoryMapping>,
}

/// An instruction of the transaction that was started, in execution order
/// (top-level and cross-program), as `sol_get_processed_sibling_instruction`
/// reports it.
#[derive(Debug, Clone)]
pub(crate) struct TracedInstruction {
    /// Index in the trace of the instruction that invoked it; `None` at top level.
    pub caller: Option<usize>,
    pub program_id: Pubkey,
    pub data: Vec<u8>,
    pub accounts: Vec<InstructionAccount>,
}

/// One entry of the instruction stack.
pub(crate) struct Frame {
    /// Index of this instruction in the transaction's instruction trace.
    pub trace_index: usize,
    pub program_id: Pubkey,
    /// The program id as logs print it.
    pub program_name: LoggedProgram,
    pub accounts: Vec<InstructionAccount>,
    pub lamport_sum: u128,
    pub vm: Option<VmFrame>,
}

/// Data a program returned with `sol_set_return_data`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReturnData {
    pub program_id: Pubkey,
    pub data: Vec<u8>,
}

/// How an instruction failed: the error, and the text of its `failed:` log
/// line when that differs from the error's own message.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: InstructionError,
    pub message: Option<String>,
}

impl From<InstructionError> for Failure {
    fn from(error: InstructionError) -> Self {
        Failure { error, message: None }
    }
}

/// The executing transaction (see the module docs).
pub struct InvokeContext {
    pub(crate) accounts: TransactionAccounts,
    pub(crate) frames: Vec<Frame>,
    meter: u64,
    pub(crate) logs: LogCollector,
    pub(crate) return_data: ReturnData,
    pub(crate) env: Arc<Environment>,
    pub(crate) heap_size: u32,
    /// Every instruction started so far, in order.
    pub(crate) trace: Vec<TracedInstruction>,
    /// The profile being recorded, when the runtime profiles.
    pub(crate) profiler: Option<Profiler>,
    /// The first (innermost) program failure, with its location.
    pub(crate) fault: Option<ProgramFault>,
    /// Programs deployed, upgraded, extended or closed by this transaction,
    /// in order: the program cache takes them when the transaction commits.
    pub(crate) program_updates: Vec<(Pubkey, ProgramUpdate)>,
}

impl ContextObject for InvokeContext {
    fn consume(&mut self, amount: u64) {
        self.meter = self.meter.saturating_sub(amount);
    }

    fn get_remaining(&self) -> u64 {
        self.meter
    }

    fn active_mapping_ptr(&mut self) -> NonNull<MemoryMapping> {
        self.memory_mapping().expect("a VM is created only for a frame whose memory map is set")
    }
}

impl InvokeContext {
    pub(crate) fn new(
        accounts: TransactionAccounts,
        env: Arc<Environment>,
        compute_unit_limit: u64,
        heap_size: u32,
    ) -> Self {
        let env_profiling = env.profiling;
        Self {
            accounts,
            frames: Vec::with_capacity(env.budget.max_invoke_stack_height),
            meter: compute_unit_limit,
            logs: LogCollector::with_limit(env.log_bytes_limit),
            return_data: ReturnData::default(),
            env,
            heap_size,
            trace: Vec::new(),
            profiler: env_profiling.then(Profiler::default),
            fault: None,
            program_updates: Vec::new(),
        }
    }

    /// Compute units left in the transaction's meter.
    pub fn remaining(&self) -> u64 {
        self.meter
    }

    /// Charges `amount` compute units; on a shortfall the meter is emptied
    /// and `ComputationalBudgetExceeded` returned.
    pub(crate) fn consume_checked(&mut self, amount: u64) -> Result<(), InstructionError> {
        if let Some(profiler) = self.profiler.as_mut() {
            profiler.charge(amount, self.meter);
        }
        let exceeded = self.meter < amount;
        self.meter = self.meter.saturating_sub(amount);
        if exceeded {
            return Err(InstructionError::ComputationalBudgetExceeded);
        }
        Ok(())
    }

    /// Empties the meter (a program failed in the VM).
    pub(crate) fn deplete(&mut self) {
        self.meter = 0;
    }

    pub(crate) fn budget(&self) -> &ComputeBudget {
        &self.env.budget
    }

    pub(crate) fn log(&mut self, message: String) {
        self.logs.log(message);
    }

    /// Logs a line kept unformatted until read (see [`crate::log_collector`]).
    pub(crate) fn log_record(&mut self, record: LogRecord) {
        self.logs.record(record);
    }

    /// Invoke stack height: 1 for a top-level instruction.
    pub(crate) fn stack_height(&self) -> usize {
        self.frames.len()
    }

    /// The memory map of the program executing in the current frame.
    pub(crate) fn memory_mapping(&self) -> Result<NonNull<MemoryMapping>, InstructionError> {
        self.current_frame()?
            .vm
            .as_ref()
            .map(|vm| vm.memory_mapping)
            .ok_or(InstructionError::ProgramEnvironmentSetupFailure)
    }

    pub(crate) fn current_frame(&self) -> Result<&Frame, InstructionError> {
        self.frames.last().ok_or(InstructionError::CallDepth)
    }

    pub(crate) fn current_frame_mut(&mut self) -> Result<&mut Frame, InstructionError> {
        self.frames.last_mut().ok_or(InstructionError::CallDepth)
    }

    /// The transaction's profile (when profiling) and its first program
    /// failure, taken before [`Self::into_parts`].
    pub(crate) fn take_diagnostics(&mut self) -> (Option<TransactionProfile>, Option<ProgramFault>) {
        let meter = self.meter;
        (self.profiler.take().map(|p| p.finish(meter)), self.fault.take())
    }

    /// Starts the profile of the program an instruction invokes.
    #[cold]
    #[inline(never)]
    fn begin_profiled_program(&mut self, program_id: &Pubkey) {
        let label = self.profile_label(program_id);
        let meter = self.meter;
        if let Some(profiler) = self.profiler.as_mut() {
            profiler.begin_program(label, meter);
        }
    }

    /// The name a program's frame has in profiles: its deploy name when
    /// known, the builtin's name, else its id.
    fn profile_label(&self, program_id: &Pubkey) -> String {
        if *program_id == ids::SYSTEM_PROGRAM_ID {
            return "system_program".to_string();
        }
        if *program_id == COMPUTE_BUDGET_PROGRAM_ID {
            return "compute_budget".to_string();
        }
        if *program_id == ids::BPF_LOADER_UPGRADEABLE_ID {
            return "bpf_loader_upgradeable".to_string();
        }
        match self.env.program(program_id) {
            Some(program) => program.label.clone(),
            None => program_id.to_string(),
        }
    }

    pub(crate) fn into_parts(self) -> (TransactionAccounts, Logs, ReturnData, u64) {
        (self.accounts, self.logs.into_logs(), self.return_data, self.meter)
    }

    fn lamport_sum(&self, accounts: &[InstructionAccount]) -> Result<u128, InstructionError> {
        let mut sum: u128 = 0;
        for (position, account) in accounts.iter().enumerate() {
            let first = accounts
                .iter()
                .position(|a| a.index_in_transaction == account.index_in_transaction)
                .unwrap_or(position);
            if first != position {
                continue;
            }
            let lamports = self
                .accounts
                .accounts
                .get(account.index_in_transaction)
                .ok_or(InstructionError::NotEnoughAccountKeys)?
                .lamports;
            sum = sum.checked_add(u128::from(lamports)).ok_or(InstructionError::ArithmeticOverflow)?;
        }
        Ok(sum)
    }

    fn push(&mut self, program_id: Pubkey, accounts: Vec<InstructionAccount>, data: &[u8]) -> Result<(), InstructionError> {
        if let Some(caller) = self.frames.last() {
            let reentrant = self.frames.iter().any(|frame| frame.program_id == program_id);
            if reentrant && caller.program_id != program_id {
                return Err(InstructionError::ReentrancyNotAllowed);
            }
            policy::check_balanced(caller.lamport_sum, self.lamport_sum(&caller.accounts)?)?;
        }
        let lamport_sum = self.lamport_sum(&accounts)?;
        if self.trace.len() >= self.env.budget.max_instruction_trace_length {
            return Err(InstructionError::MaxInstructionTraceLengthExceeded);
        }
        let trace_index = self.trace.len();
        self.trace.push(TracedInstruction {
            caller: self.frames.last().map(|caller| caller.trace_index),
            program_id,
            data: data.to_vec(),
            accounts: accounts.clone(),
        });
        if self.frames.len() >= self.env.budget.max_invoke_stack_height {
            return Err(InstructionError::CallDepth);
        }
        let program_name = match self.env.program(&program_id) {
            Some(program) => program.name,
            None => LoggedProgram::new(program_id),
        };
        self.frames.push(Frame { trace_index, program_id, program_name, accounts, lamport_sum, vm: None });
        Ok(())
    }

    fn pop(&mut self) -> Result<(), InstructionError> {
        let frame = self.frames.pop().ok_or(InstructionError::CallDepth)?;
        policy::check_balanced(frame.lamport_sum, self.lamport_sum(&frame.accounts)?)
    }

    /// Runs one instruction (top-level or CPI) of `program_id` with the given
    /// accounts and data, logging Solana's `invoke` / `success` / `failed` lines.
    pub(crate) fn process_instruction(
        &mut self,
        program_id: Pubkey,
        accounts: Vec<InstructionAccount>,
        data: &[u8],
    ) -> Result<(), InstructionError> {
        self.push(program_id, accounts, data)?;
        if self.profiler.is_some() {
            self.begin_profiled_program(&program_id);
        }
        let result = self.process_executable(data);
        let meter = self.meter;
        if let Some(profiler) = self.profiler.as_mut() {
            profiler.end_program(meter);
        }
        let popped = self.pop();
        result.and(popped)
    }

    /// Runs a top-level precompile instruction (see [`crate::precompiles`]):
    /// it enters the instruction trace like any instruction, but logs
    /// nothing and consumes no compute units.
    pub(crate) fn process_precompile(
        &mut self,
        program_id: Pubkey,
        accounts: Vec<InstructionAccount>,
        data: &[u8],
        instruction_datas: &[&[u8]],
    ) -> Result<(), InstructionError> {
        self.push(program_id, accounts, data)?;
        let verified = crate::precompiles::verify(&program_id, data, instruction_datas).map_err(InstructionError::from);
        let popped = self.pop();
        verified.and(popped)
    }

    fn process_executable(&mut self, data: &[u8]) -> Result<(), InstructionError> {
        let frame = self.current_frame()?;
        let program_id = frame.program_id;
        let name = frame.program_name;
        let height = self.stack_height();
        // Every invocation starts with empty return data owned by the invoked program.
        self.return_data = ReturnData { program_id, data: Vec::new() };
        self.log_record(LogRecord::Invoke { program: name, height });
        let result = if program_id == ids::SYSTEM_PROGRAM_ID {
            system_program::process(self, data).map_err(Failure::from)
        } else if program_id == COMPUTE_BUDGET_PROGRAM_ID {
            // Compute-budget instructions were applied before execution;
            // running one only costs its compute units.
            let units = self.env.features.compute_budget_instruction_units();
            self.consume_checked(units).map_err(Failure::from)
        } else if program_id == ids::BPF_LOADER_UPGRADEABLE_ID {
            upgradeable_loader::process(self, data).map_err(Failure::from)
        } else {
            match self.invocable_program(&program_id) {
                Ok(program) => crate::vm::execute(self, &program, data),
                Err(error) => Err(Failure::from(error)),
            }
        };
        match result {
            Ok(()) => {
                self.log_record(LogRecord::Success { program: name });
                Ok(())
            }
            Err(failure) => Err(self.log_failure(name, failure)),
        }
    }

    /// Solana's `Program <id> failed: <message>` line; the failure's error.
    #[cold]
    #[inline(never)]
    fn log_failure(&mut self, name: LoggedProgram, Failure { error, message }: Failure) -> InstructionError {
        let message = message.unwrap_or_else(|| error.to_string());
        self.log(format!("Program {name} failed: {message}"));
        error
    }

    /// The program to run for `program_id`. An upgradeable program runs
    /// from the slot after its deployment (or upgrade); before, or once
    /// closed, or when this transaction changed it, it is "not deployed",
    /// as Agave's program cache answers.
    fn invocable_program(&mut self, program_id: &Pubkey) -> Result<Arc<LoadedProgram>, InstructionError> {
        let changed_here = self.program_updates.iter().any(|(key, _)| key == program_id);
        match self.env.program(program_id) {
            Some(program) if !changed_here && program.is_visible_at(self.env.clock.slot) => Ok(Arc::clone(program)),
            _ => {
                let upgradeable = self
                    .accounts
                    .keys
                    .iter()
                    .position(|key| key == program_id)
                    .and_then(|index| self.accounts.accounts.get(index))
                    .is_some_and(|account| account.owner == ids::BPF_LOADER_UPGRADEABLE_ID);
                if upgradeable {
                    self.log("Program is not deployed".to_string());
                }
                Err(InstructionError::UnsupportedProgramId)
            }
        }
    }

    fn actor_parts(&self, position: usize) -> Result<(Pubkey, InstructionAccount), InstructionError> {
        let frame = self.current_frame()?;
        let account = *frame.accounts.get(position).ok_or(InstructionError::NotEnoughAccountKeys)?;
        Ok((frame.program_id, account))
    }

    /// The transaction account behind instruction account `position`.
    pub(crate) fn instruction_account(&self, position: usize) -> Result<&Account, InstructionError> {
        let (_, account) = self.actor_parts(position)?;
        self.accounts.accounts.get(account.index_in_transaction).ok_or(InstructionError::NotEnoughAccountKeys)
    }

    /// Key of instruction account `position`.
    pub(crate) fn instruction_account_key(&self, position: usize) -> Result<Pubkey, InstructionError> {
        let (_, account) = self.actor_parts(position)?;
        self.accounts.keys.get(account.index_in_transaction).copied().ok_or(InstructionError::NotEnoughAccountKeys)
    }

    /// The transaction account behind an instruction account.
    fn transaction_account_mut(&mut self, meta: &InstructionAccount) -> Result<&mut Account, InstructionError> {
        self.accounts.accounts.get_mut(meta.index_in_transaction).ok_or(InstructionError::NotEnoughAccountKeys)
    }

    /// Sets the lamports of instruction account `position`, enforcing the policy.
    pub(crate) fn set_lamports(&mut self, position: usize, lamports: u64) -> Result<(), InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let account = self.transaction_account_mut(&meta)?;
        let actor = Actor::new(&program_id, meta.is_writable, account);
        policy::check_lamports_change(actor, account.lamports, lamports)?;
        account.lamports = lamports;
        Ok(())
    }

    /// Replaces the data of instruction account `position` (resizing it),
    /// enforcing the policy. Unchanged data is accepted from anyone.
    pub(crate) fn set_data(&mut self, position: usize, data: &[u8]) -> Result<(), InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let resize_delta = self.accounts.resize_delta;
        let account = self.transaction_account_mut(&meta)?;
        let actor = Actor::new(&program_id, meta.is_writable, account);
        let allowed = policy::check_data_resize(actor, account.data.len(), data.len(), resize_delta)
            .and_then(|()| policy::check_data_change(actor));
        match allowed {
            Ok(()) => {
                let delta = (data.len() as i64).saturating_sub(account.data.len() as i64);
                if account.data.as_slice() != data {
                    account.data.clear();
                    account.data.extend_from_slice(data);
                }
                self.accounts.resize_delta = resize_delta.saturating_add(delta);
                Ok(())
            }
            Err(_) if account.data.as_slice() == data => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// Resizes the data of instruction account `position`, zero-filling growth.
    pub(crate) fn set_data_length(&mut self, position: usize, len: usize) -> Result<(), InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let resize_delta = self.accounts.resize_delta;
        let account = self.transaction_account_mut(&meta)?;
        let actor = Actor::new(&program_id, meta.is_writable, account);
        policy::check_data_resize(actor, account.data.len(), len, resize_delta)?;
        if account.data.len() == len {
            return Ok(());
        }
        policy::check_data_change(actor)?;
        let delta = (len as i64).saturating_sub(account.data.len() as i64);
        account.data.resize(len, 0);
        self.accounts.resize_delta = resize_delta.saturating_add(delta);
        Ok(())
    }

    /// Sets the owner of instruction account `position`, enforcing the policy.
    pub(crate) fn set_owner(&mut self, position: usize, owner: &Pubkey) -> Result<(), InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let account = self.transaction_account_mut(&meta)?;
        let actor = Actor::new(&program_id, meta.is_writable, account);
        policy::check_owner_change(actor, &account.data)?;
        account.owner = *owner;
        Ok(())
    }
    /// The data of instruction account `position`, to change in place
    /// (not resize), when the policy lets the current program change it.
    pub(crate) fn data_mut(&mut self, position: usize) -> Result<&mut [u8], InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let account = self.transaction_account_mut(&meta)?;
        policy::check_data_change(Actor::new(&program_id, meta.is_writable, account))?;
        Ok(account.data.as_mut_slice())
    }

    /// Marks instruction account `position` executable (or not): it must
    /// be rent-exempt (`ExecutableAccountNotRentExempt`), owned by the
    /// current program and writable (`ExecutableModified`).
    pub(crate) fn set_executable(&mut self, position: usize, executable: bool) -> Result<(), InstructionError> {
        let (program_id, meta) = self.actor_parts(position)?;
        let rent = self.env.rent;
        let account = self.transaction_account_mut(&meta)?;
        if !rent.is_exempt(account.lamports, account.data.len()) {
            return Err(InstructionError::ExecutableAccountNotRentExempt);
        }
        if account.owner != program_id || !meta.is_writable {
            return Err(InstructionError::ExecutableModified);
        }
        account.executable = executable;
        Ok(())
    }
}
