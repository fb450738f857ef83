use alloc::vec;
use super::{state::*, *};
use crate::{hash::Hash, sysvar::slot_hashes::SlotHashes};

fn key(byte: u8) -> Pubkey {
    Pubkey::new_from_array([byte; 32])
}

#[test]
fn instruction_data_and_accounts() {
    let (ix, table) = create_lookup_table(key(1), key(2), 300);
    let (derived, bump) = derive_lookup_table_address(&key(1), 300);
    assert_eq!(table, derived);
    let mut data = vec![0, 0, 0, 0];
    data.extend(300u64.to_le_bytes());
    data.push(bump);
    assert_eq!(ix.data, data);
    assert_eq!(ix.accounts.len(), 4);
    assert!(!ix.accounts[1].is_signer && ix.accounts[2].is_signer && ix.accounts[2].is_writable);
    let ix = extend_lookup_table(table, key(1), Some(key(2)), vec![key(7), key(8)]);
    assert_eq!(ix.data[..12], [2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(ix.data[12..44], [7; 32]);
    assert_eq!(ix.accounts.len(), 4);
    assert_eq!(extend_lookup_table(table, key(1), None, vec![]).accounts.len(), 2);
    assert_eq!(freeze_lookup_table(table, key(1)).data, [1, 0, 0, 0]);
    assert_eq!(deactivate_lookup_table(table, key(1)).data, [3, 0, 0, 0]);
    let close = close_lookup_table(table, key(1), key(3));
    assert_eq!(close.data, [4, 0, 0, 0]);
    assert!(close.accounts[2].is_writable && !close.accounts[2].is_signer);
}

#[test]
fn state_round_trips() {
    let table = AddressLookupTable {
        meta: LookupTableMeta { deactivation_slot: 9, last_extended_slot: 4, last_extended_slot_start_index: 1, authority: Some(key(5)) },
        addresses: vec![key(1), key(2)],
    };
    let data = table.serialize();
    assert_eq!(data.len(), 56 + 64);
    assert_eq!(data[..4], [1, 0, 0, 0]);
    assert_eq!(data[21], 1);
    assert_eq!(AddressLookupTable::deserialize(&data), Ok(table.clone()));
    let frozen = AddressLookupTable { meta: LookupTableMeta { authority: None, ..table.meta }, addresses: vec![] };
    let data = frozen.serialize();
    assert!(data[21..].iter().all(|b| *b == 0));
    assert_eq!(AddressLookupTable::deserialize(&data), Ok(frozen));
    for bad in [&[0u8; 56][..], &[1, 0, 0, 0, 0][..], &data[..55]] {
        assert_eq!(AddressLookupTable::deserialize(bad), Err(AddressLookupError::InvalidAccountData));
    }
    let mut ragged = table.serialize();
    ragged.push(0);
    assert_eq!(AddressLookupTable::deserialize(&ragged), Err(AddressLookupError::InvalidAccountData));
    let mut bad_option = table.serialize();
    bad_option[21] = 2;
    assert_eq!(AddressLookupTable::deserialize(&bad_option), Err(AddressLookupError::InvalidAccountData));
}

#[test]
fn lookup_rules() {
    let hashes = SlotHashes::new(&[(10, Hash::default()), (8, Hash::default())]);
    let mut table = AddressLookupTable { meta: LookupTableMeta::new(key(9)), addresses: vec![key(1), key(2), key(3)] };
    table.meta.last_extended_slot = 11;
    table.meta.last_extended_slot_start_index = 2;
    // Addresses added in the current slot are not usable yet.
    assert_eq!(table.lookup(11, &[1, 0], &hashes), Ok(vec![key(2), key(1)]));
    assert_eq!(table.lookup(11, &[2], &hashes), Err(AddressLookupError::InvalidLookupIndex));
    assert_eq!(table.lookup(12, &[2], &hashes), Ok(vec![key(3)]));
    // Deactivating while the deactivation slot is current or in SlotHashes.
    table.meta.deactivation_slot = 12;
    assert_eq!(table.meta.status(12, &hashes), LookupTableStatus::Deactivating { remaining_blocks: 513 });
    table.meta.deactivation_slot = 8;
    assert_eq!(table.meta.status(12, &hashes), LookupTableStatus::Deactivating { remaining_blocks: 511 });
    assert_eq!(table.lookup(12, &[0], &hashes), Ok(vec![key(1)]));
    table.meta.deactivation_slot = 9;
    assert_eq!(table.meta.status(12, &hashes), LookupTableStatus::Deactivated);
    assert_eq!(table.lookup(12, &[0], &hashes), Err(AddressLookupError::LookupTableAccountNotFound));
}
