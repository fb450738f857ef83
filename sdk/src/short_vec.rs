//! `short_vec`: the compact-u16 length prefix of Solana's wire format.
//!
//! A length is written 7 bits per byte, least significant first, with bit
//! `0x80` meaning "another byte follows". At most 3 bytes; the third must
//! not continue; a zero byte after the first is an alias (non-canonical)
//! and rejected; the value must fit in a `u16`. So `0x80` is `80 01` and
//! `0xFFFF` is `ff ff 03`.

use alloc::vec::Vec;
use core::fmt;

/// Most bytes a compact-u16 takes.
pub const MAX_ENCODING_LENGTH: usize = 3;

/// Why bytes are not a valid compact-u16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortVecError {
    /// The input ended inside the length.
    UnexpectedEnd,
    /// A zero byte after the first: a non-canonical encoding.
    Alias,
    /// The third byte has its continuation bit set.
    ByteThreeContinues,
    /// The value does not fit in 16 bits.
    Overflow(u32),
}

impl fmt::Display for ShortVecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedEnd => f.write_str("compact-u16 length: unexpected end of input"),
            Self::Alias => f.write_str("compact-u16 length: non-canonical zero byte"),
            Self::ByteThreeContinues => {
                f.write_str("compact-u16 length: third byte has the continuation bit")
            }
            Self::Overflow(v) => write!(f, "compact-u16 length: {v} does not fit in 16 bits"),
        }
    }
}

impl core::error::Error for ShortVecError {}

/// Appends the compact-u16 encoding of `len`.
pub fn encode_len(len: u16, out: &mut Vec<u8>) {
    let mut rest = len;
    loop {
        let byte = (rest & 0x7F) as u8;
        rest >>= 7;
        if rest == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Number of bytes [`encode_len`] writes for `len`.
pub const fn encoded_len(len: u16) -> usize {
    if len < 0x80 {
        1
    } else if len < 0x4000 {
        2
    } else {
        3
    }
}

/// Decodes a compact-u16 at the start of `bytes`: the value and how many
/// bytes it took.
pub fn decode_len(bytes: &[u8]) -> Result<(u16, usize), ShortVecError> {
    let mut value: u32 = 0;
    for nth in 0..MAX_ENCODING_LENGTH {
        let byte = *bytes.get(nth).ok_or(ShortVecError::UnexpectedEnd)?;
        if byte == 0 && nth != 0 {
            return Err(ShortVecError::Alias);
        }
        let done = byte & 0x80 == 0;
        if nth == MAX_ENCODING_LENGTH - 1 && !done {
            return Err(ShortVecError::ByteThreeContinues);
        }
        value |= u32::from(byte & 0x7F) << (7 * nth);
        if value > u32::from(u16::MAX) {
            return Err(ShortVecError::Overflow(value));
        }
        if done {
            return Ok((value as u16, nth + 1));
        }
    }
    unreachable!("the third byte either ends the value or is rejected")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(len: u16) -> Vec<u8> {
        let mut out = Vec::new();
        encode_len(len, &mut out);
        out
    }

    #[test]
    fn known_encodings() {
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(5), [5]);
        assert_eq!(enc(0x7F), [0x7F]);
        assert_eq!(enc(0x80), [0x80, 0x01]);
        assert_eq!(enc(0xFF), [0xFF, 0x01]);
        assert_eq!(enc(0x100), [0x80, 0x02]);
        assert_eq!(enc(0x3FFF), [0xFF, 0x7F]);
        assert_eq!(enc(0x4000), [0x80, 0x80, 0x01]);
        assert_eq!(enc(0xFFFF), [0xFF, 0xFF, 0x03]);
    }

    #[test]
    fn every_value_round_trips() {
        for len in 0..=u16::MAX {
            let bytes = enc(len);
            assert_eq!(bytes.len(), encoded_len(len));
            assert_eq!(decode_len(&bytes), Ok((len, bytes.len())));
        }
    }

    #[test]
    fn strict_rules() {
        assert_eq!(decode_len(&[]), Err(ShortVecError::UnexpectedEnd));
        assert_eq!(decode_len(&[0x80]), Err(ShortVecError::UnexpectedEnd));
        assert_eq!(decode_len(&[0x80, 0x00]), Err(ShortVecError::Alias));
        assert_eq!(decode_len(&[0x80, 0x80, 0x00]), Err(ShortVecError::Alias));
        assert_eq!(decode_len(&[0x80, 0x80, 0x80]), Err(ShortVecError::ByteThreeContinues));
        assert_eq!(decode_len(&[0xFF, 0xFF, 0x04]), Err(ShortVecError::Overflow(0x1_3FFF)));
        // Trailing bytes are not part of the length.
        assert_eq!(decode_len(&[0x05, 0xAA]), Ok((5, 1)));
    }
}
