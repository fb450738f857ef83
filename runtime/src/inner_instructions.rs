//! A transaction's inner instructions: the cross-program invocations each
//! top-level instruction made, as Agave records them in a transaction's
//! metadata (`InnerInstructionsList`).

use lamport_sdk::{message::CompiledInstruction, pubkey::Pubkey};

use crate::invoke_context::TracedInstruction;

/// One cross-program invocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InnerInstruction {
    /// The instruction, its program and accounts as indexes into the
    /// transaction's account keys.
    pub instruction: CompiledInstruction,
    /// Its invocation depth: 2 for an instruction a top-level instruction
    /// invoked, 3 for one that instruction invoked, and so on.
    pub stack_height: u8,
}

/// Per top-level instruction (one entry for each instruction of the
/// message, empty for those that invoked nothing or did not run), its
/// inner instructions in the order they started.
pub type InnerInstructionsList = Vec<Vec<InnerInstruction>>;

/// The inner instructions of a transaction with `top_level` instructions,
/// from its instruction trace (top-level and invoked instructions in the
/// order they started) and its account keys.
pub(crate) fn from_trace(trace: &[TracedInstruction], keys: &[Pubkey], top_level: usize) -> InnerInstructionsList {
    let mut list: InnerInstructionsList = vec![Vec::new(); top_level];
    if trace.iter().all(|traced| traced.caller.is_none()) {
        return list;
    }
    // Per trace entry: its top-level ancestor (an index into `list`) and
    // its stack height. Callers precede callees in the trace.
    let mut ancestry: Vec<(usize, u8)> = Vec::with_capacity(trace.len());
    let mut next_top_level = 0usize;
    for traced in trace {
        let Some(caller) = traced.caller else {
            ancestry.push((next_top_level, 1));
            next_top_level = next_top_level.saturating_add(1);
            continue;
        };
        let (ancestor, caller_height) = ancestry.get(caller).copied().unwrap_or((usize::MAX, 1));
        let stack_height = caller_height.saturating_add(1);
        ancestry.push((ancestor, stack_height));
        let Some(inner) = list.get_mut(ancestor) else { continue };
        let index_of = |key: &Pubkey| keys.iter().position(|k| k == key).unwrap_or_default();
        let instruction = CompiledInstruction {
            program_id_index: u8::try_from(index_of(&traced.program_id)).unwrap_or(u8::MAX),
            accounts: traced
                .accounts
                .iter()
                .map(|account| u8::try_from(account.index_in_transaction).unwrap_or(u8::MAX))
                .collect(),
            data: traced.data.clone(),
        };
        inner.push(InnerInstruction { instruction, stack_height });
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoke_context::InstructionAccount;

    fn traced(caller: Option<usize>, program: u8, accounts: &[usize], data: &[u8]) -> TracedInstruction {
        TracedInstruction {
            caller,
            program_id: Pubkey::new_from_array([program; 32]),
            data: data.to_vec(),
            accounts: accounts
                .iter()
                .map(|&index_in_transaction| InstructionAccount { index_in_transaction, is_signer: false, is_writable: true })
                .collect(),
        }
    }

    #[test]
    fn groups_invocations_under_their_top_level_instruction() {
        let keys: Vec<Pubkey> = (0..4).map(|n| Pubkey::new_from_array([n; 32])).collect();
        let trace = [
            traced(None, 2, &[0], b"a"),
            traced(Some(0), 3, &[0, 1], b"b"),
            traced(Some(1), 1, &[1], b"c"),
            traced(Some(0), 1, &[0], b"d"),
            traced(None, 3, &[1], b"e"),
        ];
        let list = from_trace(&trace, &keys, 3);
        assert_eq!(list.len(), 3);
        let summary: Vec<(u8, Vec<u8>, Vec<u8>, u8)> = list[0]
            .iter()
            .map(|inner| {
                let ix = &inner.instruction;
                (ix.program_id_index, ix.accounts.clone(), ix.data.clone(), inner.stack_height)
            })
            .collect();
        assert_eq!(
            summary,
            [(3, vec![0, 1], b"b".to_vec(), 2), (1, vec![1], b"c".to_vec(), 3), (1, vec![0], b"d".to_vec(), 2)]
        );
        assert!(list[1].is_empty());
        assert!(list[2].is_empty());
    }
}
