//! A `const fn` base58 decoder for 32-byte values, so program ids can be
//! written as text and still cost nothing at run time.

/// Value of each ASCII byte in the base58 alphabet, or `0xFF`.
const DIGIT_VALUE: [u8; 128] = {
    let alphabet = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut table = [0xFFu8; 128];
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes the base58 text of exactly 32 bytes.
///
/// Each leading `'1'` stands for one leading zero byte, as in Bitcoin's
/// base58; the rest is a big-endian number. The text must describe exactly
/// 32 bytes (leading ones + significant bytes).
///
/// # Panics
///
/// On a character outside the alphabet, or a length other than 32 bytes.
/// Meant for `const` items, where the panic is a compile error.
pub const fn decode_32_const(s: &str) -> [u8; 32] {
    let text = s.as_bytes();
    let mut leading_ones = 0;
    while leading_ones < text.len() && text[leading_ones] == b'1' {
        leading_ones += 1;
    }
    // Big-endian accumulator: value = value * 58 + digit.
    let mut value = [0u8; 32];
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c >= 128 || DIGIT_VALUE[c as usize] == 0xFF {
            panic!("invalid base58 character");
        }
        let mut carry = DIGIT_VALUE[c as usize] as u32;
        let mut j = 32;
        while j > 0 {
            j -= 1;
            let x = value[j] as u32 * 58 + carry;
            value[j] = x as u8;
            carry = x >> 8;
        }
        if carry != 0 {
            panic!("base58 value longer than 32 bytes");
        }
        i += 1;
    }
    let mut zero_prefix = 0;
    while zero_prefix < 32 && value[zero_prefix] == 0 {
        zero_prefix += 1;
    }
    if leading_ones + (32 - zero_prefix) != 32 {
        panic!("base58 text does not encode exactly 32 bytes");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pubkey::Pubkey;

    #[test]
    fn agrees_with_bs58_on_many_keys() {
        for _ in 0..200 {
            let key = Pubkey::new_unique();
            let text = alloc::string::ToString::to_string(&key);
            assert_eq!(decode_32_const(&text), key.to_bytes());
        }
        let mut bytes = [0u8; 32];
        bytes[31] = 1;
        assert_eq!(decode_32_const("11111111111111111111111111111112"), bytes);
        assert_eq!(decode_32_const("11111111111111111111111111111111"), [0; 32]);
        assert_eq!(
            decode_32_const("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG"),
            [0xFF; 32]
        );
    }

    #[test]
    #[should_panic(expected = "exactly 32 bytes")]
    fn rejects_short_text() {
        decode_32_const("2");
    }

    #[test]
    #[should_panic(expected = "invalid base58 character")]
    fn rejects_zero_digit() {
        decode_32_const("0");
    }

    #[test]
    #[should_panic(expected = "longer than 32 bytes")]
    fn rejects_overflow() {
        decode_32_const("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFH");
    }
}
