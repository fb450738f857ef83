//! The types generated programs compute with: every integer width, both
//! float widths, and a few structs passed and returned by value.

/// A scalar type of a generated expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `i128`
    I128,
    /// `f32`
    F32,
    /// `f64`
    F64,
}

impl Scalar {
    /// Every scalar type.
    pub const ALL: [Scalar; 12] = [
        Scalar::U8,
        Scalar::U16,
        Scalar::U32,
        Scalar::U64,
        Scalar::U128,
        Scalar::I8,
        Scalar::I16,
        Scalar::I32,
        Scalar::I64,
        Scalar::I128,
        Scalar::F32,
        Scalar::F64,
    ];

    /// The integer types.
    pub const INTS: [Scalar; 10] = [
        Scalar::U8,
        Scalar::U16,
        Scalar::U32,
        Scalar::U64,
        Scalar::U128,
        Scalar::I8,
        Scalar::I16,
        Scalar::I32,
        Scalar::I64,
        Scalar::I128,
    ];

    /// The type's Rust name.
    pub fn name(self) -> &'static str {
        match self {
            Scalar::U8 => "u8",
            Scalar::U16 => "u16",
            Scalar::U32 => "u32",
            Scalar::U64 => "u64",
            Scalar::U128 => "u128",
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::I128 => "i128",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
        }
    }

    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            Scalar::U8 | Scalar::I8 => 8,
            Scalar::U16 | Scalar::I16 => 16,
            Scalar::U32 | Scalar::I32 | Scalar::F32 => 32,
            Scalar::U64 | Scalar::I64 | Scalar::F64 => 64,
            Scalar::U128 | Scalar::I128 => 128,
        }
    }

    /// Whether this is `f32` or `f64`.
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64)
    }

    /// Whether this is a signed integer.
    pub fn is_signed(self) -> bool {
        matches!(self, Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 | Scalar::I128)
    }

    /// The unsigned integer of the same width (integers only).
    pub fn unsigned(self) -> Scalar {
        match self.bits() {
            8 => Scalar::U8,
            16 => Scalar::U16,
            32 => Scalar::U32,
            64 => Scalar::U64,
            _ => Scalar::U128,
        }
    }

    /// The signed integer of the same width (integers only).
    pub fn signed(self) -> Scalar {
        match self.bits() {
            8 => Scalar::I8,
            16 => Scalar::I16,
            32 => Scalar::I32,
            64 => Scalar::I64,
            _ => Scalar::I128,
        }
    }

    /// An expression folding a value of this type (named `v`) into the
    /// checksum `h`. NaN is folded as one canonical pattern: its payload and
    /// sign are not specified by IEEE 754 arithmetic.
    pub fn fold(self, h: &str, v: &str) -> String {
        match self {
            Scalar::F32 => format!("mix({h}, fb32({v}) as u64)"),
            Scalar::F64 => format!("mix({h}, fb64({v}))"),
            Scalar::U128 | Scalar::I128 => format!("mix(mix({h}, {v} as u64), ({v} >> 64) as u64)"),
            _ => format!("mix({h}, {v} as u64)"),
        }
    }
}

/// A struct type that generated helpers take and return by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructDef {
    /// The struct's name.
    pub name: &'static str,
    /// Fields: name, element type, array length (`None` for a scalar field).
    pub fields: &'static [(&'static str, Scalar, Option<usize>)],
}

/// The structs every generated program defines (in [`PRELUDE`]).
pub const STRUCTS: [StructDef; 4] = [
    StructDef { name: "Pair", fields: &[("a", Scalar::U64, None), ("b", Scalar::I32, None)] },
    StructDef { name: "Wide", fields: &[("x", Scalar::U128, None), ("y", Scalar::I8, None), ("z", Scalar::F64, None)] },
    StructDef {
        name: "Mixed",
        fields: &[("p", Scalar::U16, None), ("q", Scalar::F32, None), ("r", Scalar::I64, None), ("s", Scalar::U8, Some(5))],
    },
    StructDef { name: "Big", fields: &[("v", Scalar::U64, Some(6)), ("w", Scalar::I128, None), ("t", Scalar::U16, Some(3))] },
];

/// Definitions shared by every generated module: the checksum mixer, NaN-
/// canonical float bits and the structs of [`STRUCTS`].
pub const PRELUDE: &str = r#"#![allow(warnings, clippy::all)]

/// Folds `v` into the checksum `h`.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// The bits of `v`, with every NaN as the one quiet NaN.
#[inline]
pub fn fb64(v: f64) -> u64 {
    if v.is_nan() { 0x7ff8_0000_0000_0000 } else { v.to_bits() }
}

/// The bits of `v`, with every NaN as the one quiet NaN.
#[inline]
pub fn fb32(v: f32) -> u32 {
    if v.is_nan() { 0x7fc0_0000 } else { v.to_bits() }
}

#[derive(Clone, Copy)]
pub struct Pair { pub a: u64, pub b: i32 }
#[derive(Clone, Copy)]
pub struct Wide { pub x: u128, pub y: i8, pub z: f64 }
#[derive(Clone, Copy)]
pub struct Mixed { pub p: u16, pub q: f32, pub r: i64, pub s: [u8; 5] }
#[derive(Clone, Copy)]
pub struct Big { pub v: [u64; 6], pub w: i128, pub t: [u16; 3] }
"#;

/// A value type a generated helper takes or returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A scalar.
    Scalar(Scalar),
    /// One of [`STRUCTS`], by index.
    Struct(usize),
}

impl ValueType {
    /// The type's Rust name.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Scalar(s) => s.name(),
            ValueType::Struct(i) => STRUCTS[i].name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_signedness() {
        assert_eq!(Scalar::I128.unsigned(), Scalar::U128);
        assert_eq!(Scalar::U16.signed(), Scalar::I16);
        assert!(Scalar::I8.is_signed() && !Scalar::U8.is_signed() && !Scalar::F32.is_signed());
        assert_eq!(Scalar::ALL.iter().filter(|s| s.is_float()).count(), 2);
    }

    #[test]
    fn prelude_defines_every_struct() {
        for s in STRUCTS {
            assert!(PRELUDE.contains(&format!("pub struct {} {{", s.name)), "{}", s.name);
            for (field, ty, len) in s.fields {
                let decl = match len {
                    Some(n) => format!("pub {field}: [{}; {n}]", ty.name()),
                    None => format!("pub {field}: {}", ty.name()),
                };
                assert!(PRELUDE.contains(&decl), "{decl}");
            }
        }
    }
}
