//! Solana's bincode encoding for the loader's state and instructions: fixed
//! little-endian integers, `u64` length before a byte vector, `00`/`01`
//! before an optional value.

use alloc::vec::Vec;

use crate::pubkey::Pubkey;

use super::DecodeError;

/// Reads fields in order from the start of a byte slice.
pub(super) struct Reader<'a> {
    data: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Self { data, offset: 0 }
    }

    /// Bytes read so far.
    pub(super) fn consumed(&self) -> usize {
        self.offset
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.offset.checked_add(len).ok_or(DecodeError::UnexpectedEnd { offset: self.offset })?;
        let bytes = self.data.get(self.offset..end).ok_or(DecodeError::UnexpectedEnd { offset: self.offset })?;
        self.offset = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(super) fn u32(&mut self) -> Result<u32, DecodeError> {
        self.array().map(u32::from_le_bytes)
    }

    pub(super) fn u64(&mut self) -> Result<u64, DecodeError> {
        self.array().map(u64::from_le_bytes)
    }

    pub(super) fn pubkey(&mut self) -> Result<Pubkey, DecodeError> {
        self.array().map(Pubkey::new_from_array)
    }

    pub(super) fn option_pubkey(&mut self) -> Result<Option<Pubkey>, DecodeError> {
        let offset = self.offset;
        match self.array::<1>()?[0] {
            0 => Ok(None),
            1 => self.pubkey().map(Some),
            _ => Err(DecodeError::InvalidOption { offset }),
        }
    }

    /// A `u64` length, then that many bytes.
    pub(super) fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let offset = self.offset;
        let len = usize::try_from(self.u64()?).map_err(|_| DecodeError::UnexpectedEnd { offset })?;
        self.take(len)
    }
}

/// Appends fields in order.
pub(super) struct Writer(Vec<u8>);

impl Writer {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    pub(super) fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn pubkey(&mut self, key: &Pubkey) {
        self.0.extend_from_slice(key.as_ref());
    }

    pub(super) fn option_pubkey(&mut self, key: &Option<Pubkey>) {
        match key {
            Some(key) => {
                self.0.push(1);
                self.pubkey(key);
            }
            None => self.0.push(0),
        }
    }

    pub(super) fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}
