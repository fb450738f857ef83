//! A report exercising std: collections (`HashMap`, `HashSet`, `BTreeMap`,
//! `BTreeSet`, `VecDeque`), `String` and `format!`, floats through std's
//! methods (libm), trait objects, `Rc<RefCell<_>>`, `Arc` with atomics, and
//! `std::io` over byte buffers. Every value depends on the input, so nothing
//! folds away at compile time. Iteration orders that depend on hash keys are
//! sorted before printing (the platform's keys differ from the host's).
//! Transcendental functions are printed at 1e-9 (the host's libm and
//! compiler-builtins' may differ in the last bit); the correctly rounded
//! operations (`sqrt`, `mul_add`, `floor`, `round`, `powi`) are printed as bits.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::io::{BufRead, Read, Write as _};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// The report of `input`, one feature per line.
pub fn report(input: &[u8]) -> String {
    let mut out = String::with_capacity(2048);
    let seed = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    collections(&mut out, input, seed);
    strings(&mut out, seed);
    floats(&mut out, seed);
    shapes(&mut out, seed);
    shared(&mut out, seed);
    atomics(&mut out, seed);
    io(&mut out, input, seed);
    out
}

/// FNV-1a of the report.
pub fn checksum(report: &str) -> u64 {
    report.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn collections(out: &mut String, input: &[u8], seed: u64) {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for i in 0..48u64 {
        *counts.entry((seed ^ i.wrapping_mul(0x9e37_79b9)) % 11).or_default() += 1;
    }
    let mut sorted: Vec<(u64, u32)> = counts.iter().map(|(k, v)| (*k, *v)).collect();
    sorted.sort_unstable();
    let _ = writeln!(out, "hashmap {} {:?}", counts.len(), sorted);

    let set: HashSet<u8> = input.iter().map(|b| b % 17).collect();
    let mut members: Vec<u8> = set.iter().copied().collect();
    members.sort_unstable();
    let _ = writeln!(out, "hashset {} {:?} {}", set.len(), members, set.contains(&3));

    let text = format!("the {} quick brown {} fox jumps over the lazy dog the end {}", seed % 7, seed % 3, seed % 7);
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    for word in text.split(' ') {
        *words.entry(word).or_insert(0) += 1;
    }
    let first = words.iter().next().map(|(w, n)| format!("{w}:{n}"));
    let _ = writeln!(out, "btreemap {} {:?} {:?}", words.len(), first, words.range("l".."r").collect::<Vec<_>>());

    let ordered: BTreeSet<u64> = (0..20).map(|i| (seed >> i) % 50).collect();
    let mut ring: VecDeque<u64> = ordered.iter().copied().collect();
    ring.rotate_left((seed % 5) as usize);
    ring.push_front(seed % 1000);
    let _ = writeln!(out, "btreeset {:?} ring {:?}", ordered.iter().rev().take(5).collect::<Vec<_>>(), ring.iter().take(6).collect::<Vec<_>>());

    let mut values: Vec<u64> = (0..30).map(|i| (seed.rotate_left(i) ^ u64::from(i)) % 97).collect();
    values.sort_by_key(|v| std::cmp::Reverse(*v));
    values.dedup();
    let found = values.binary_search_by(|v| 50u64.cmp(v));
    let windows: u64 = values.windows(2).map(|w| w[0] - w[1]).max().unwrap_or(0);
    let _ = writeln!(out, "vec {} {:?} {} {:?}", values.len(), &values[..4], windows, found.is_ok());
}

fn strings(out: &mut String, seed: u64) {
    let name = format!("Lamport-{:x}-{:>6}-{:<4}|{:+.3e}", seed & 0xffff, seed % 1000, seed % 10, (seed % 10_000) as f64 / 3.0);
    let upper = name.to_uppercase();
    let digits: u64 = upper.chars().filter_map(|c| c.to_digit(16)).map(u64::from).sum();
    let parsed: Result<i64, _> = format!("-{}", seed % 100_000).parse::<i64>();
    let bad = "12x".parse::<u32>().map_err(|e| e.to_string());
    let reversed: String = name.chars().rev().filter(|c| c.is_alphanumeric()).collect();
    let _ = writeln!(out, "string {name} {upper} {digits} {parsed:?} {bad:?} {reversed} {}", name.replace('-', "_").len());
    let unicode = format!("héllo wörld {}", seed % 9);
    let _ = writeln!(out, "unicode {} {} {:?}", unicode.len(), unicode.chars().count(), unicode.char_indices().nth(2));
}

fn quantized(x: f64) -> i64 {
    (x * 1e9).round() as i64
}

fn floats(out: &mut String, seed: u64) {
    let x = (seed % 10_000) as f64 / 7.0 + 0.25;
    let y = -(((seed >> 20) % 1000) as f64) / 3.0;
    let f = (seed % 997) as f32 / 13.0;
    let _ = writeln!(
        out,
        "exact {:x} {:x} {} {} {} {} {:x} {:x} {:x} {} {}",
        x.sqrt().to_bits(),
        x.powi(5).to_bits(),
        (x * 3.3).floor(),
        (y * 2.5).round(),
        y.ceil(),
        (x - 0.5).trunc(),
        x.mul_add(1.5, y).to_bits(),
        f.sqrt().to_bits(),
        f.mul_add(2.0, 1.0).to_bits(),
        x.abs().max(y.abs()),
        (y % 7.0).to_bits() as u32,
    );
    let _ = writeln!(
        out,
        "libm {} {} {} {} {} {} {} {} {}",
        quantized(x.sin()),
        quantized(y.cos()),
        quantized(x.ln()),
        quantized((x / 1000.0).exp()),
        quantized(x.powf(0.3)),
        quantized(y.atan2(x)),
        quantized(x.cbrt()),
        quantized(x.hypot(y)),
        quantized(f64::from(f.sin())),
    );
    let _ = writeln!(out, "float text {x:.4} {y:e} {f:?} {}", x / y);
}

trait Shape {
    fn area(&self) -> f64;
    fn name(&self) -> String {
        "shape".to_string()
    }
}

struct Square(f64);
struct Rect(f64, f64);
struct Tri {
    base: f64,
    height: f64,
}

impl Shape for Square {
    fn area(&self) -> f64 {
        self.0 * self.0
    }
    fn name(&self) -> String {
        format!("square {}", self.0)
    }
}

impl Shape for Rect {
    fn area(&self) -> f64 {
        self.0 * self.1
    }
}

impl Shape for Tri {
    fn area(&self) -> f64 {
        self.base * self.height / 2.0
    }
    fn name(&self) -> String {
        "triangle".into()
    }
}

fn shapes(out: &mut String, seed: u64) {
    let mut shapes: Vec<Box<dyn Shape>> = Vec::new();
    for i in 0..6u64 {
        let v = ((seed >> (i * 4)) % 16) as f64 + 1.0;
        shapes.push(match (seed + i) % 3 {
            0 => Box::new(Square(v)),
            1 => Box::new(Rect(v, v / 2.0)),
            _ => Box::new(Tri { base: v, height: 3.0 }),
        });
    }
    shapes.sort_by(|a, b| a.area().total_cmp(&b.area()));
    let names: Vec<String> = shapes.iter().map(|s| s.name()).collect();
    let total: f64 = shapes.iter().map(|s| s.area()).sum();
    let _ = writeln!(out, "dyn {total} {names:?}");
    let describe: &dyn Fn(u64) -> String = &|n| format!("<{n}>");
    let _ = writeln!(out, "closure {}", describe(seed % 123));
}

#[derive(Debug)]
struct Node {
    value: u64,
    children: Vec<Rc<RefCell<Node>>>,
}

fn shared(out: &mut String, seed: u64) {
    let root = Rc::new(RefCell::new(Node { value: seed % 100, children: Vec::new() }));
    let mut handles = Vec::new();
    for i in 0..4 {
        let child = Rc::new(RefCell::new(Node { value: i * 10, children: Vec::new() }));
        root.borrow_mut().children.push(Rc::clone(&child));
        handles.push(child);
    }
    for (i, h) in handles.iter().enumerate() {
        h.borrow_mut().value += (seed >> i) % 7;
    }
    let sum: u64 = root.borrow().children.iter().map(|c| c.borrow().value).sum();
    let counts: Vec<usize> = handles.iter().map(Rc::strong_count).collect();
    let busy = {
        let _guard = root.borrow_mut();
        root.try_borrow().is_err()
    };
    let weak = Rc::downgrade(&handles[0]);
    drop(handles);
    let _ = writeln!(out, "rc {} {sum} {counts:?} {busy} {}", root.borrow().value, weak.upgrade().is_some());
}

fn atomics(out: &mut String, seed: u64) {
    let counter = Arc::new(AtomicU64::new(seed % 1000));
    let other = Arc::clone(&counter);
    let before = other.fetch_add(5, Ordering::SeqCst);
    counter.fetch_max(seed % 2000, Ordering::AcqRel);
    let swapped = counter.compare_exchange(before + 5, 1, Ordering::SeqCst, Ordering::Relaxed);
    other.fetch_xor(0b1010, Ordering::Relaxed);
    let flag = Arc::new(AtomicBool::new(seed % 2 == 0));
    let was = flag.swap(true, Ordering::SeqCst);
    let toggled = flag.fetch_nand(was, Ordering::SeqCst);
    let small = AtomicUsize::new(3);
    small.fetch_sub(1, Ordering::Relaxed);
    let updated = small.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v * 7));
    let strong = Arc::strong_count(&counter);
    drop(other);
    let _ = writeln!(
        out,
        "atomic {} {before} {swapped:?} {was} {toggled} {} {updated:?} {strong} {}",
        counter.load(Ordering::SeqCst),
        flag.load(Ordering::Relaxed),
        Arc::strong_count(&counter),
    );
    let shared: Arc<Vec<String>> = Arc::new((0..3).map(|i| format!("{i}:{}", seed % (i + 2))).collect());
    let copy = Arc::clone(&shared);
    let _ = writeln!(out, "arc {:?} {}", copy, Arc::ptr_eq(&shared, &copy));
}

fn io(out: &mut String, input: &[u8], seed: u64) {
    let mut buffer: Vec<u8> = Vec::new();
    let _ = write!(buffer, "io {} ", seed % 4096);
    let _ = buffer.write_all(&input[..input.len().min(8)]);
    let _ = buffer.flush();
    let mut cursor = std::io::Cursor::new(&buffer);
    let mut head = [0u8; 3];
    let read = cursor.read(&mut head).unwrap_or(0);
    let mut rest = Vec::new();
    let _ = cursor.read_to_end(&mut rest);
    let lines: Vec<String> = "alpha\nbeta\n\ngamma".as_bytes().lines().map_while(Result::ok).collect();
    let err = std::io::Error::new(std::io::ErrorKind::InvalidData, format!("bad byte {}", seed % 256));
    let _ = writeln!(out, "io {} {read} {:?} {} {lines:?} {err} {:?}", buffer.len(), head, rest.len(), err.kind());
}
