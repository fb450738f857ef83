//! The cases. Each covers one lowering of the link stage (or a Rust feature
//! that depends on several): see the table in `run`.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;
use core::hint::black_box;

/// Where the BPF entrypoint writes its result in the input region.
pub const OUTPUT_OFFSET: usize = 8192;
/// Largest result.
pub const OUTPUT_MAX: usize = 4096;

/// Appends bytes to the output.
struct Out<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Out<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = (self.len + bytes.len()).min(self.buf.len());
        let n = end - self.len;
        self.buf[self.len..end].copy_from_slice(&bytes[..n]);
        self.len = end;
    }
    fn u128(&mut self, v: u128) {
        self.put(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.put(&v.to_le_bytes());
    }
    fn flag(&mut self, v: bool) {
        self.put(&[v as u8]);
    }
    fn text(&mut self, s: &str) {
        self.put(s.as_bytes());
        self.put(b"\n");
    }
}

/// Bits of a float with what Rust leaves unspecified made canonical: the
/// sign and payload of a NaN, and which zero `min`/`max` return.
fn canon64(v: f64) -> u64 {
    if v.is_nan() {
        0x7ff8_0000_0000_0000
    } else if v == 0.0 {
        0
    } else {
        v.to_bits()
    }
}

fn canon32(v: f32) -> u32 {
    if v.is_nan() {
        0x7fc0_0000
    } else if v == 0.0 {
        0
    } else {
        v.to_bits()
    }
}

/// Operand reader over the payload (zero past its end).
struct In<'a>(&'a [u8], usize);

impl In<'_> {
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut b = [0u8; N];
        for (i, x) in b.iter_mut().enumerate() {
            *x = self.0.get(self.1 + i).copied().unwrap_or(0);
        }
        self.1 += N;
        b
    }
    fn u128(&mut self) -> u128 {
        u128::from_le_bytes(self.bytes())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes())
    }
    fn f64(&mut self) -> f64 {
        f64::from_bits(self.u64())
    }
    fn f32(&mut self) -> f32 {
        f32::from_bits(u32::from_le_bytes(self.bytes()))
    }
}

/// Number of cases.
pub const CASES: u32 = 13;

/// Runs case `case` on `input`, writing its result to `out`; returns the length.
pub fn run(case: u32, input: &[u8], out: &mut [u8]) -> usize {
    let mut o = Out { buf: out, len: 0 };
    let mut i = In(input, 0);
    match case {
        0 => int128(&mut i, &mut o),
        1 => checked64(&mut i, &mut o),
        2 => signed_division(&mut i, &mut o),
        3 => float64(&mut i, &mut o),
        4 => float32(&mut i, &mut o),
        5 => formatting(&mut i, &mut o),
        6 => collections(&mut i, &mut o),
        7 => trait_objects(&mut i, &mut o),
        8 => many_arguments(&mut i, &mut o),
        9 => big_stack(&mut i, &mut o),
        10 => memory(&mut i, &mut o),
        11 => conversions(&mut i, &mut o),
        12 => division_sweep(&mut i, &mut o),
        _ => o.text("unknown case"),
    }
    o.len
}

/// i128/u128 multiply, divide, remainder, variable shifts, overflow checks.
fn int128(i: &mut In, o: &mut Out) {
    let a = black_box(i.u128());
    let b = black_box(i.u128());
    let s = black_box(i.u64() as u32);
    let (sa, sb) = (a as i128, b as i128);
    o.u128(a.wrapping_mul(b));
    o.u128(sa.wrapping_mul(sb) as u128);
    #[allow(clippy::manual_checked_ops)] // the division itself is under test
    if b != 0 {
        o.u128(a / b);
        o.u128(a % b);
    }
    if sb != 0 && !(sa == i128::MIN && sb == -1) {
        o.u128((sa / sb) as u128);
        o.u128((sa % sb) as u128);
    }
    o.u128(a.wrapping_shl(s));
    o.u128(a.wrapping_shr(s));
    o.u128(sa.wrapping_shr(s) as u128);
    o.u128(a.checked_mul(b).unwrap_or(7));
    o.u128(sa.checked_mul(sb).map_or(9, |v| v as u128));
    o.flag(a.overflowing_mul(b).1);
    o.u128(a.leading_zeros() as u128 + a.count_ones() as u128);
    o.u128((a as u64 as u128) * (b as u64 as u128));
}

/// u64/i64 checked and overflowing multiply (umul/smul.with.overflow.i64).
fn checked64(i: &mut In, o: &mut Out) {
    let a = black_box(i.u64());
    let b = black_box(i.u64());
    o.u64(a.checked_mul(b).unwrap_or(u64::MAX - 1));
    o.flag(a.overflowing_mul(b).1);
    o.u64((a as i64).checked_mul(b as i64).map_or(3, |v| v as u64));
    o.flag((a as i64).overflowing_mul(b as i64).1);
    o.u64(a.saturating_mul(b));
    o.u64(((a as u128 * b as u128) >> 64) as u64);
    o.u64(a.checked_add(b).unwrap_or(0) ^ a.checked_sub(b).unwrap_or(1));
}

/// Signed division and remainder of every width.
fn signed_division(i: &mut In, o: &mut Out) {
    let a = black_box(i.u64());
    let b = black_box(i.u64());
    macro_rules! widths {
        ($($t:ty),*) => {$(
            let (x, y) = (a as $t, b as $t);
            o.u64(x.wrapping_div(if y == 0 { 3 } else { y }) as u64);
            o.u64(x.wrapping_rem(if y == 0 { 3 } else { y }) as u64);
            o.u64(x.div_euclid(if y == 0 || (x == <$t>::MIN && y == -1) { 5 } else { y }) as u64);
            o.u64((x / 7) as u64 ^ (x % -3) as u64);
        )*};
    }
    widths!(i8, i16, i32, i64);
}

/// f64 arithmetic, comparisons and rounding through soft-float.
fn float64(i: &mut In, o: &mut Out) {
    let a = black_box(i.f64());
    let b = black_box(i.f64());
    for v in [a + b, a - b, a * b, a / b, a % b, a.min(b), a.max(b), a.clamp(-1.0e10, 1.0e10)] {
        o.u64(canon64(v));
    }
    for v in [-a, a.abs(), a * 0.5 - b] {
        o.u64(if v.is_nan() { 1 } else { v.to_bits() });
    }
    for f in [a < b, a <= b, a > b, a >= b, a == b, a != b, a.is_nan(), (a + b).is_finite()] {
        o.flag(f);
    }
    o.u64(a.partial_cmp(&b).map_or(9, |c| c as i8 as u64));
    o.u64(a.total_cmp(&b) as i8 as u64);
}

/// f32 arithmetic and f32/f64 conversions.
fn float32(i: &mut In, o: &mut Out) {
    let a = black_box(i.f32());
    let b = black_box(i.f32());
    for v in [a + b, a - b, a * b, a / b, a % b, a.max(b)] {
        o.put(&canon32(v).to_le_bytes());
    }
    o.flag(a < b);
    o.flag(a == b);
    o.u64(canon64(a as f64));
    o.u64(((a as f64) * 3.5) as f32 as f64 as u64);
}

/// core::fmt of integers and floats.
fn formatting(i: &mut In, o: &mut Out) {
    let x = black_box(i.f64());
    let n = black_box(i.u128()) as i128;
    let m = black_box(i.u64());
    o.text(&format!("{x} {x:.3} {x:e} {x:?}"));
    o.text(&format!("{n} {n:x} {n:#b}"));
    o.text(&format!("{m} {m:>20} {:?} {}", m as i32, m as f32));
    let mut s = String::new();
    let _ = write!(s, "{:08.2}|{:+}|{}", x / 3.0, m as i64, 1.0e-7f64);
    o.text(&s);
}

/// alloc: Vec, sorting, BTreeMap, String.
fn collections(i: &mut In, o: &mut Out) {
    let seed = black_box(i.u64());
    let mut v: Vec<u64> = (0..40).map(|k| seed.wrapping_mul(k * 2654435761 + 1) % 1000).collect();
    v.sort_unstable();
    v.dedup();
    let mut map = BTreeMap::new();
    for (k, x) in v.iter().enumerate() {
        *map.entry(x % 17).or_insert(0u64) += k as u64;
    }
    for (k, x) in &map {
        o.u64(k * 1000 + x);
    }
    let words: Vec<String> = v.iter().take(5).map(|x| format!("w{x}")).collect();
    o.text(&words.join(","));
}

trait Shape {
    fn area(&self) -> u64;
    fn scaled(&self, by: u64, extra: u64, more: u64, last: u64) -> u64;
}
struct Rect(u64, u64);
struct Tri(u64, u64);
impl Shape for Rect {
    fn area(&self) -> u64 {
        self.0.wrapping_mul(self.1)
    }
    fn scaled(&self, by: u64, extra: u64, more: u64, last: u64) -> u64 {
        self.area().wrapping_mul(by).wrapping_add(extra).wrapping_sub(more).wrapping_add(last)
    }
}
impl Shape for Tri {
    fn area(&self) -> u64 {
        self.0.wrapping_mul(self.1) / 2
    }
    fn scaled(&self, by: u64, extra: u64, more: u64, last: u64) -> u64 {
        self.area().wrapping_mul(by).wrapping_add(extra).wrapping_add(more.wrapping_mul(last))
    }
}

/// Dynamic dispatch, including a method with six registers of arguments.
fn trait_objects(i: &mut In, o: &mut Out) {
    let a = black_box(i.u64() % 1000);
    let shapes: Vec<Box<dyn Shape>> = alloc::vec![Box::new(Rect(a, 3)), Box::new(Tri(a, 5)), Box::new(Rect(2, a))];
    for s in &shapes {
        o.u64(s.area());
        o.u64(s.scaled(3, a, 1, 7));
    }
}

#[inline(never)]
fn six(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64) -> u64 {
    a.wrapping_mul(1) ^ b.rotate_left(3) ^ c.wrapping_add(d) ^ e.wrapping_sub(f)
}
#[inline(never)]
#[allow(clippy::too_many_arguments)] // the point: eight arguments
fn eight(a: u8, b: u16, c: u32, d: u64, e: i8, f: i16, g: i32, h: i64) -> i64 {
    (a as i64 - b as i64 + c as i64).wrapping_sub(d as i64).wrapping_add(e as i64 * f as i64).wrapping_sub(g as i64).wrapping_add(h)
}
#[inline(never)]
fn wide(a: u128, b: u128, c: u64, d: u64) -> u128 {
    a.wrapping_add(b).wrapping_add((c as u128) << 64 | d as u128)
}
#[inline(never)]
fn pair(a: u64, b: u64) -> (u64, u64) {
    (a.wrapping_add(b), a ^ b)
}

/// Calls with six to eight arguments, i128 arguments, aggregate returns,
/// directly and through function pointers.
fn many_arguments(i: &mut In, o: &mut Out) {
    let a = black_box(i.u64());
    let b = black_box(i.u64());
    o.u64(six(a, b, 3, 4, 5, 6));
    o.u64(eight(a as u8, b as u16, a as u32, b, -3, 300, a as i32, b as i64) as u64);
    o.u128(wide(a as u128, (b as u128) << 3, a, b));
    let p = pair(a, b);
    o.u64(p.0 ^ p.1);
    let f6: fn(u64, u64, u64, u64, u64, u64) -> u64 = black_box(six);
    let f8: fn(u8, u16, u32, u64, i8, i16, i32, i64) -> i64 = black_box(eight);
    let fw: fn(u128, u128, u64, u64) -> u128 = black_box(wide);
    let fp: fn(u64, u64) -> (u64, u64) = black_box(pair);
    o.u64(f6(b, a, 9, 8, 7, 6));
    o.u64(f8(1, 2, 3, 4, 5, 6, 7, 8) as u64);
    o.u128(fw(1, 2, a, b));
    o.u64(fp(b, a).0);
}

#[inline(never)]
fn fill_and_hash(seed: u64) -> u64 {
    let mut buf = [0u8; 3072];
    for (k, b) in buf.iter_mut().enumerate() {
        *b = (seed.wrapping_mul(k as u64 + 1) >> 7) as u8;
    }
    black_box(&mut buf);
    buf.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}

/// A 3 KB array on the stack.
fn big_stack(i: &mut In, o: &mut Out) {
    o.u64(fill_and_hash(black_box(i.u64())));
}

/// Copies, moves, fills and compares of lengths known only at run time.
fn memory(i: &mut In, o: &mut Out) {
    let n = black_box(i.u64() as usize % 200);
    let k = black_box(i.u64() as usize % 50);
    let mut src = [0u8; 256];
    for (j, b) in src.iter_mut().enumerate() {
        *b = (j * 7 + n) as u8;
    }
    let mut dst = [0u8; 256];
    dst[..n].copy_from_slice(&src[..n]);
    dst.copy_within(k..k + n / 2, 3);
    dst[n..n + k].fill(0xAB);
    o.put(&dst[..n + k]);
    o.flag(src[..n] == dst[..n]);
    o.u64(src[..n].cmp(&dst[..n]) as i8 as u64);
    let v: Vec<u8> = src[k..k + n].to_vec();
    o.flag(v.as_slice() == &src[k..k + n]);
}

/// Float/int conversions with Rust's saturating `as`.
fn conversions(i: &mut In, o: &mut Out) {
    let x = black_box(i.f64());
    let n = black_box(i.u64());
    o.u64(x as u8 as u64);
    o.u64(x as i8 as u64);
    o.u64(x as i32 as u64);
    o.u64(x as u64);
    o.u64(x as i64 as u64);
    o.u128(x as u128);
    o.u128(x as i128 as u128);
    o.u64((n as f64).to_bits());
    o.u64((n as i64 as f64).to_bits());
    o.u64((n as u32 as f32).to_bits() as u64);
    o.u64(((n as u128) << 40) as f64 as u64);
    o.u64((x as f32) as u64);
}

/// 128-bit division and remainder over many generated operand pairs: every
/// width of dividend and divisor (1 to 128 significant bits), and divisors
/// whose digits make the quotient-digit estimate of a long division too
/// large (top word just above a power of two, low words all ones), so each
/// correction step of the division routine runs. Writes a digest of all
/// quotients and remainders, and the count of pairs where `q * d + r != n`
/// or `r >= d` (zero when the division is right).
fn division_sweep(i: &mut In, o: &mut Out) {
    let mut state = i.u64() | 1;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut digest: u128 = 0;
    let mut wrong: u64 = 0;
    for k in 0..256u32 {
        let wide = (u128::from(next()) << 64) | u128::from(next());
        let n = black_box(wide >> (k % 128));
        let shape = next();
        let mut d = ((u128::from(next()) << 64) | u128::from(next())) >> ((k * 7 + 3) % 128);
        match shape % 4 {
            0 => d |= 1,
            1 => d = (d | (1u128 << 127 >> (shape as u32 % 96))) | (u128::from(u64::MAX) >> (shape as u32 % 64)),
            2 => d = (1u128 << (64 + shape as u32 % 63)) + 1,
            _ => d = (d & !u128::from(u32::MAX)) | u128::from(u32::MAX),
        }
        let d = black_box(d.max(1));
        let (q, r) = (n / d, n % d);
        if q.wrapping_mul(d).wrapping_add(r) != n || r >= d {
            wrong += 1;
        }
        digest = digest.rotate_left(5) ^ q.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ r;
        let (sn, sd) = (n as i128, black_box(d as i128 | 1));
        if !(sn == i128::MIN && sd == -1) {
            digest ^= (sn / sd) as u128 ^ ((sn % sd) as u128).rotate_left(17);
        }
    }
    o.u128(digest);
    o.u64(wrong);
}
