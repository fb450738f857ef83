//! The generator: random, well-defined Rust functions, each returning a
//! checksum of everything it computed.
//!
//! A function is a list of independent statements; each statement is a
//! block of its own (a chain of `let`s over expression trees, a loop, or
//! slice copies of computed lengths) that returns a `u64` the function
//! folds into its checksum. Each statement is generated from its own seed
//! (the function's seed and the statement's index) and a depth, so any
//! subset of a function's statements, at any smaller depth, can be
//! generated again exactly: that is how a failure is reduced.
//!
//! Every program the generator writes is free of undefined and
//! unspecified behaviour, and of panics: divisors are made non-zero, shift
//! amounts are taken modulo the width, arithmetic is `wrapping_*`,
//! `checked_*` (with a fallback), `saturating_*` or `overflowing_*`, slice
//! ranges are computed in bounds, and float bits are read with NaN made
//! canonical.

use std::fmt::{self, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::types::{Scalar, ValueType, STRUCTS};

/// How one statement is generated: its index in the function (which, with
/// the function's seed, seeds it) and its expression depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementSpec {
    /// Index of the statement in the function it was generated for.
    pub index: u32,
    /// Maximum expression depth.
    pub depth: u32,
}

/// How one function is generated; [`FunctionSpec::generate`] gives the same
/// source for the same spec on every machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    /// The function's seed.
    pub seed: u64,
    /// The statements, in order.
    pub statements: Vec<StatementSpec>,
}

impl FunctionSpec {
    /// A function of `statements` statements of depth `depth`.
    pub fn new(seed: u64, statements: u32, depth: u32) -> Self {
        FunctionSpec { seed, statements: (0..statements).map(|index| StatementSpec { index, depth }).collect() }
    }

    /// Generates the function as `pub fn <name>(x: &[u64; 8]) -> u64`,
    /// preceded by the helper functions it calls.
    pub fn generate(&self, name: &str) -> String {
        let mut helpers = String::new();
        let mut body = String::new();
        for statement in &self.statements {
            let mut g = Generator::new(self.seed, *statement, name);
            let block = g.statement();
            helpers.push_str(&g.helpers);
            let _ = writeln!(body, "    h = mix(h, {block});");
        }
        format!(
            "{helpers}pub fn {name}(x: &[u64; 8]) -> u64 {{\n    let mut h: u64 = {:#x};\n{body}    h\n}}\n",
            self.seed
        )
    }

    /// The specs one step smaller than this one: each statement alone, and
    /// each statement alone at every smaller depth.
    pub fn reductions(&self) -> Vec<FunctionSpec> {
        let mut out = Vec::new();
        for statement in &self.statements {
            if self.statements.len() > 1 {
                out.push(FunctionSpec { seed: self.seed, statements: vec![*statement] });
            }
        }
        if self.statements.len() == 1 {
            let s = self.statements[0];
            for depth in 0..s.depth {
                out.push(FunctionSpec { seed: self.seed, statements: vec![StatementSpec { index: s.index, depth }] });
            }
        }
        out
    }
}

impl fmt::Display for FunctionSpec {
    /// `seed:index@depth,index@depth,…`, the form `--function` reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}:", self.seed)?;
        for (k, s) in self.statements.iter().enumerate() {
            if k > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}@{}", s.index, s.depth)?;
        }
        Ok(())
    }
}

/// A malformed function spec (`seed:index@depth,…`).
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a function spec: write `seed:index@depth,index@depth,…`, e.g. `0x2a:0@3,4@1`")]
pub struct SpecError(String);

impl std::str::FromStr for FunctionSpec {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, SpecError> {
        let bad = || SpecError(text.to_string());
        let (seed, rest) = text.split_once(':').ok_or_else(bad)?;
        let seed = match seed.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => seed.parse(),
        }
        .map_err(|_| bad())?;
        let statements = rest
            .split(',')
            .map(|s| {
                let (index, depth) = s.split_once('@').ok_or_else(bad)?;
                Ok(StatementSpec { index: index.parse().map_err(|_| bad())?, depth: depth.parse().map_err(|_| bad())? })
            })
            .collect::<Result<Vec<_>, SpecError>>()?;
        if statements.is_empty() {
            return Err(bad());
        }
        Ok(FunctionSpec { seed, statements })
    }
}

/// Names in scope in a block: scalar and struct locals, and whether the
/// function's input `x` is visible (it is not inside helpers).
#[derive(Clone, Default)]
struct Scope {
    scalars: Vec<(String, Scalar)>,
    structs: Vec<(String, usize)>,
    has_input: bool,
}

/// Generates one statement (and the helpers it calls).
struct Generator {
    rng: ChaCha8Rng,
    /// Helper functions, emitted before the function.
    helpers: String,
    /// Prefix of helper names, unique per statement.
    prefix: String,
    helper_count: u32,
    local_count: u32,
    /// Expression nodes left to generate in this statement.
    budget: u32,
    depth: u32,
}

const MIX_SALT: u64 = 0x5851_f42d_4c95_7f2d;

impl Generator {
    fn new(seed: u64, spec: StatementSpec, function: &str) -> Self {
        let salted = seed ^ u64::from(spec.index).wrapping_add(1).wrapping_mul(MIX_SALT);
        Generator {
            rng: ChaCha8Rng::seed_from_u64(salted),
            helpers: String::new(),
            prefix: format!("{function}_s{}", spec.index),
            helper_count: 0,
            local_count: 0,
            budget: 6 + 10 * spec.depth,
            depth: spec.depth,
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn local(&mut self) -> String {
        self.local_count += 1;
        format!("v{}", self.local_count)
    }

    fn scalar(&mut self) -> Scalar {
        // Integers more often than floats; every width.
        if self.chance(0.2) {
            self.pick(&[Scalar::F32, Scalar::F64])
        } else {
            self.pick(&Scalar::INTS)
        }
    }

    /// A block returning `u64`.
    fn statement(&mut self) -> String {
        let scope = Scope { has_input: true, ..Scope::default() };
        match self.rng.gen_range(0..10) {
            0..=5 => self.let_chain(scope),
            6 | 7 => self.buffer(scope),
            _ => self.loop_block(scope),
        }
    }

    /// `{ let v1: T = …; let v2: U = …; …; checksum }`.
    fn let_chain(&mut self, mut scope: Scope) -> String {
        let mut out = String::from("{\n");
        let count = self.rng.gen_range(1..=4);
        let mut fold = String::from("0u64");
        for _ in 0..count {
            if self.chance(0.2) {
                // A struct, built or returned by a helper, then read.
                let index = self.rng.gen_range(0..STRUCTS.len());
                let value = self.struct_expr(index, self.depth, &scope);
                let name = self.local();
                let _ = writeln!(out, "        let {name}: {} = {value};", STRUCTS[index].name);
                for (field, ty, len) in STRUCTS[index].fields {
                    match len {
                        Some(n) => {
                            for k in 0..*n {
                                fold = ty.fold(&fold, &format!("{name}.{field}[{k}]"));
                            }
                        }
                        None => fold = ty.fold(&fold, &format!("{name}.{field}")),
                    }
                }
                scope.structs.push((name, index));
            } else {
                let ty = self.scalar();
                let value = self.expr(ty, self.depth, &scope);
                let name = self.local();
                let _ = writeln!(out, "        let {name}: {} = {value};", ty.name());
                fold = ty.fold(&fold, &name);
                scope.scalars.push((name, ty));
            }
        }
        let _ = write!(out, "        {fold}\n    }}");
        out
    }

    /// A bounded loop updating an accumulator.
    fn loop_block(&mut self, mut scope: Scope) -> String {
        let ty = self.scalar();
        let init = self.expr(ty, self.depth.min(2), &scope);
        let acc = self.local();
        let trips = self.rng.gen_range(2..9);
        let word = self.rng.gen_range(0..8);
        scope.scalars.push((acc.clone(), ty));
        scope.scalars.push(("(i as u8)".into(), Scalar::U8));
        let step = self.expr(ty, self.depth, &scope);
        let fold = ty.fold("0u64", &acc);
        format!(
            "{{\n        let mut {acc}: {t} = {init};\n        for i in 0..(x[{word}] % {trips}) {{\n            {acc} = {step};\n        }}\n        {fold}\n    }}",
            t = ty.name()
        )
    }

    /// Slice operations of computed lengths on two local arrays: fills,
    /// `copy_within` (memmove), `copy_from_slice` (memcpy), `fill` (memset),
    /// comparisons (memcmp), reversal and rotation; then a checksum of both.
    fn buffer(&mut self, scope: Scope) -> String {
        let elem = self.pick(&[Scalar::U8, Scalar::U8, Scalar::U16, Scalar::U32, Scalar::U64, Scalar::U128, Scalar::I64]);
        let len = self.pick(&[7usize, 16, 24, 33, 48, 64]);
        let e = elem.name();
        let s0 = self.expr(elem, self.depth.min(2), &scope);
        let s1 = self.expr(elem, self.depth.min(2), &scope);
        let mut out = format!(
            "{{\n        let mut a = [0{e}; {len}];\n        let mut b = [0{e}; {len}];\n        let s0: {e} = {s0};\n        let s1: {e} = {s1};\n        let mut i = 0usize;\n        while i < {len} {{\n            a[i] = s0.wrapping_mul(i as {e} | 1) ^ s1;\n            b[i] = s1.wrapping_add(i as {e}).rotate_left(i as u32);\n            i += 1;\n        }}\n"
        );
        let ops = self.rng.gen_range(1..=4);
        let mut k = 0;
        for _ in 0..ops {
            k += 1;
            let n = format!("n{k}");
            let from = format!("p{k}");
            let to = format!("q{k}");
            let ne = self.expr(Scalar::U64, self.depth.min(2), &scope);
            let fe = self.expr(Scalar::U64, self.depth.min(1), &scope);
            let te = self.expr(Scalar::U64, self.depth.min(1), &scope);
            let _ = writeln!(
                out,
                "        let {n} = ({ne} % {}) as usize;\n        let {from} = ({fe} % ({len} - {n} as u64 + 1)) as usize;\n        let {to} = ({te} % ({len} - {n} as u64 + 1)) as usize;",
                len + 1
            );
            let (x, y) = if self.chance(0.5) { ("a", "b") } else { ("b", "a") };
            match self.rng.gen_range(0..7) {
                0 | 1 => {
                    let _ = writeln!(out, "        {x}.copy_within({from}..{from} + {n}, {to});");
                }
                2 | 3 => {
                    let _ = writeln!(out, "        {x}[{to}..{to} + {n}].copy_from_slice(&{y}[{from}..{from} + {n}]);");
                }
                4 => {
                    let v = self.expr(elem, self.depth.min(1), &scope);
                    let _ = writeln!(out, "        {x}[{from}..{from} + {n}].fill({v});");
                }
                5 => {
                    let _ = writeln!(
                        out,
                        "        if {x}[{from}..{from} + {n}] == {y}[{to}..{to} + {n}] {{ {x}[0] = {x}[0].wrapping_add(1); }}"
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "        {x}[{from}..{from} + {n}].reverse();\n        {x}[{to}..{to} + {n}].rotate_left({from} % {n}.max(1));"
                    );
                }
            }
        }
        let fold = elem.fold("h", "*v");
        let _ = write!(
            out,
            "        let mut h = 0u64;\n        for v in a.iter().chain(b.iter()) {{\n            h = {fold};\n        }}\n        h\n    }}"
        );
        out
    }

    /// An expression of type `ty`, at most `depth` deep.
    fn expr(&mut self, ty: Scalar, depth: u32, scope: &Scope) -> String {
        if depth == 0 || self.budget == 0 || self.chance(0.15) {
            return self.leaf(ty, scope);
        }
        self.budget -= 1;
        let d = depth - 1;
        if ty.is_float() {
            self.float_expr(ty, d, scope)
        } else {
            self.int_expr(ty, d, scope)
        }
    }

    fn int_expr(&mut self, ty: Scalar, d: u32, scope: &Scope) -> String {
        let t = ty.name();
        let bits = ty.bits();
        match self.rng.gen_range(0..24) {
            0 => {
                let op = self.pick(&["add", "sub", "mul"]);
                format!("{}.wrapping_{op}({})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            1 => {
                let op = self.pick(&["&", "|", "^"]);
                format!("({} {op} {})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            2 => {
                let op = self.pick(&["add", "sub", "mul", "div", "rem"]);
                let fallback = self.literal(ty);
                format!("{}.checked_{op}({}).unwrap_or({fallback})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            3 => {
                let op = self.pick(&["add", "sub", "mul"]);
                format!("{}.saturating_{op}({})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            4 => {
                let op = self.pick(&["add", "sub", "mul"]);
                format!(
                    "({{ let (v, o) = {}.overflowing_{op}({}); v ^ (o as {t}) }})",
                    self.expr(ty, d, scope),
                    self.expr(ty, d, scope)
                )
            }
            5 | 6 => {
                // Division and remainder by a divisor made non-zero.
                let a = self.expr(ty, d, scope);
                let b = self.expr(ty, d, scope);
                let divisor = format!("{{ let d: {t} = {b}; if d == 0 {{ 1 }} else {{ d }} }}");
                if ty.is_signed() {
                    let op = self.pick(&["wrapping_div", "wrapping_rem", "wrapping_div_euclid", "wrapping_rem_euclid", "saturating_div"]);
                    format!("{a}.{op}({divisor})")
                } else {
                    let op = self.pick(&["/", "%"]);
                    if self.chance(0.5) {
                        format!("({a} {op} {divisor})")
                    } else {
                        format!("({a} {op} {b}.max(1))")
                    }
                }
            }
            7 | 8 => {
                // Shifts by an amount in range (or checked/wrapping forms).
                let a = self.expr(ty, d, scope);
                let n = self.expr(Scalar::U32, d, scope);
                match self.rng.gen_range(0..6) {
                    0 => format!("({a} << ({n} % {bits}))"),
                    1 => format!("({a} >> ({n} & {}))", bits - 1),
                    2 => format!("{a}.wrapping_shl({n})"),
                    3 => format!("{a}.wrapping_shr({n})"),
                    4 => format!("{a}.checked_shl({n}).unwrap_or({})", self.literal(ty)),
                    _ => {
                        let op = self.pick(&["rotate_left", "rotate_right"]);
                        format!("{a}.{op}({n})")
                    }
                }
            }
            9 => {
                let a = self.expr(ty, d, scope);
                let mut ops = vec!["!", "wrapping_neg", "swap_bytes", "reverse_bits"];
                if ty.is_signed() {
                    ops.extend(["wrapping_abs", "signum"]);
                } else {
                    ops.push("isqrt");
                }
                match self.pick(&ops) {
                    "!" => format!("(!{a})"),
                    op => format!("{a}.{op}()"),
                }
            }
            10 | 11 => {
                // A cast from any other type.
                let from = self.pick(&Scalar::ALL);
                format!("({} as {t})", self.expr(from, d, scope))
            }
            12 | 13 => self.select(ty, d, scope),
            14 => {
                let op = self.pick(&["min", "max"]);
                format!("{}.{op}({})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            15 if !ty.is_signed() => {
                // abs_diff of a signed or unsigned pair gives this type.
                let from = if self.chance(0.5) { ty.signed() } else { ty };
                format!("{}.abs_diff({})", self.expr(from, d, scope), self.expr(from, d, scope))
            }
            16 if ty == Scalar::U32 => {
                let from = self.pick(&Scalar::INTS);
                let op = self.pick(&["count_ones", "leading_zeros", "trailing_zeros", "count_zeros", "leading_ones"]);
                let a = self.expr(from, d, scope);
                if self.chance(0.3) {
                    format!("{a}.checked_ilog2().unwrap_or(0)")
                } else {
                    format!("{a}.{op}()")
                }
            }
            17 => {
                let e = self.expr(Scalar::U32, d, scope);
                format!("{}.wrapping_pow({e} % 70)", self.expr(ty, d, scope))
            }
            18 | 19 if self.depth > 0 => self.call(ValueType::Scalar(ty), d, scope),
            20 if ty == Scalar::U64 => format!("fb64({})", self.expr(Scalar::F64, d, scope)),
            20 if ty == Scalar::U32 => format!("fb32({})", self.expr(Scalar::F32, d, scope)),
            21 => self.field(ty, d, scope).unwrap_or_else(|| self.leaf(ty, scope)),
            _ => {
                let op = self.pick(&["add", "sub", "mul"]);
                format!("{}.wrapping_{op}({})", self.expr(ty, d, scope), self.leaf(ty, scope))
            }
        }
    }

    fn float_expr(&mut self, ty: Scalar, d: u32, scope: &Scope) -> String {
        let t = ty.name();
        match self.rng.gen_range(0..14) {
            0..=4 => {
                let op = self.pick(&["+", "-", "*", "/", "%", "+", "*"]);
                format!("({} {op} {})", self.expr(ty, d, scope), self.expr(ty, d, scope))
            }
            5 => format!("(-{})", self.expr(ty, d, scope)),
            6 => format!("{}.abs()", self.expr(ty, d, scope)),
            7 | 8 => {
                let from = self.pick(&Scalar::ALL);
                format!("({} as {t})", self.expr(from, d, scope))
            }
            9 | 10 => self.select(ty, d, scope),
            11 if self.depth > 0 => self.call(ValueType::Scalar(ty), d, scope),
            12 => self.field(ty, d, scope).unwrap_or_else(|| self.leaf(ty, scope)),
            _ => {
                let bits = if ty == Scalar::F64 { Scalar::U64 } else { Scalar::U32 };
                format!("{t}::from_bits({})", self.expr(bits, d, scope))
            }
        }
    }

    /// `if a <cmp> b { … } else { … }` over a comparison of any type, or a
    /// float classification.
    fn select(&mut self, ty: Scalar, d: u32, scope: &Scope) -> String {
        let from = self.pick(&Scalar::ALL);
        let cond = if from.is_float() && self.chance(0.25) {
            let test = self.pick(&["is_nan", "is_finite", "is_infinite", "is_normal"]);
            format!("{}.{test}()", self.expr(from, d, scope))
        } else {
            let cmp = self.pick(&["<", "<=", "==", "!=", ">", ">="]);
            format!("{} {cmp} {}", self.expr(from, d, scope), self.expr(from, d, scope))
        };
        format!("(if {cond} {{ {} }} else {{ {} }})", self.expr(ty, d, scope), self.expr(ty, d, scope))
    }

    /// A struct value: a literal of field expressions, or a helper's result.
    fn struct_expr(&mut self, index: usize, depth: u32, scope: &Scope) -> String {
        if depth > 0 && self.chance(0.5) {
            return self.call(ValueType::Struct(index), depth - 1, scope);
        }
        if let Some((name, _)) = scope.structs.iter().find(|(_, i)| *i == index) {
            if self.chance(0.3) {
                return name.clone();
            }
        }
        let d = depth.saturating_sub(1);
        let def = STRUCTS[index];
        let fields: Vec<String> = def
            .fields
            .iter()
            .map(|(field, ty, len)| match len {
                Some(n) => {
                    let items: Vec<String> = (0..*n).map(|_| self.expr(*ty, d.min(1), scope)).collect();
                    format!("{field}: [{}]", items.join(", "))
                }
                None => format!("{field}: {}", self.expr(*ty, d, scope)),
            })
            .collect();
        format!("{} {{ {} }}", def.name, fields.join(", "))
    }

    /// A field of a struct in scope, or of a struct built here, of type `ty`.
    fn field(&mut self, ty: Scalar, d: u32, scope: &Scope) -> Option<String> {
        let candidates: Vec<(usize, &str, Option<usize>)> = STRUCTS
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.fields.iter().filter(|f| f.1 == ty).map(move |f| (i, f.0, f.2)))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let (index, field, len) = self.pick(&candidates);
        let value = self.struct_expr(index, d, scope);
        Some(match len {
            Some(n) => format!("({value}).{field}[{}]", self.rng.gen_range(0..n)),
            None => format!("({value}).{field}"),
        })
    }

    /// A call of a new helper taking 6–8 arguments (scalars and structs by
    /// value), returning `ret`.
    fn call(&mut self, ret: ValueType, d: u32, scope: &Scope) -> String {
        self.helper_count += 1;
        let name = format!("{}_h{}", self.prefix, self.helper_count);
        let arity = self.rng.gen_range(6..=8);
        let params: Vec<ValueType> = (0..arity)
            .map(|_| {
                if self.chance(0.2) {
                    ValueType::Struct(self.rng.gen_range(0..STRUCTS.len()))
                } else {
                    ValueType::Scalar(self.scalar())
                }
            })
            .collect();
        let args: Vec<String> = params
            .iter()
            .map(|p| match p {
                ValueType::Scalar(s) => self.expr(*s, d, scope),
                ValueType::Struct(i) => self.struct_expr(*i, d, scope),
            })
            .collect();
        // The helper's body sees only its parameters.
        let mut inner = Scope::default();
        let mut signature = Vec::new();
        for (k, p) in params.iter().enumerate() {
            let pname = format!("a{k}");
            signature.push(format!("{pname}: {}", p.name()));
            match p {
                ValueType::Scalar(s) => inner.scalars.push((pname, *s)),
                ValueType::Struct(i) => inner.structs.push((pname, *i)),
            }
        }
        let body = match ret {
            ValueType::Scalar(s) => self.expr(s, d + 1, &inner),
            ValueType::Struct(i) => self.struct_expr(i, d + 1, &inner),
        };
        let inline = if self.chance(0.75) { "#[inline(never)]\n" } else { "" };
        let _ = write!(
            self.helpers,
            "{inline}fn {name}({}) -> {} {{\n    {body}\n}}\n\n",
            signature.join(", "),
            ret.name()
        );
        format!("{name}({})", args.join(", "))
    }

    /// A literal, a local, a field of a local struct, or a word of the input.
    fn leaf(&mut self, ty: Scalar, scope: &Scope) -> String {
        let same: Vec<&String> = scope.scalars.iter().filter(|(_, s)| *s == ty).map(|(n, _)| n).collect();
        let roll = self.rng.gen_range(0..10);
        if roll < 3 && !same.is_empty() {
            return same[self.rng.gen_range(0..same.len())].clone();
        }
        if roll < 4 && !scope.scalars.is_empty() {
            let (name, _) = &scope.scalars[self.rng.gen_range(0..scope.scalars.len())];
            return format!("({name} as {})", ty.name());
        }
        if roll < 5 && !scope.structs.is_empty() {
            let (name, index) = scope.structs[self.rng.gen_range(0..scope.structs.len())].clone();
            let fields: Vec<_> = STRUCTS[index].fields.iter().filter(|f| f.1 == ty).collect();
            if let Some((field, _, len)) = fields.first() {
                return match len {
                    Some(n) => format!("{name}.{field}[{}]", self.rng.gen_range(0..*n)),
                    None => format!("{name}.{field}"),
                };
            }
        }
        if roll < 8 && scope.has_input {
            let w = self.rng.gen_range(0..8);
            return match ty {
                Scalar::U128 | Scalar::I128 => {
                    let w2 = self.rng.gen_range(0..8);
                    format!("(((x[{w}] as u128) << 64 | x[{w2}] as u128) as {})", ty.name())
                }
                Scalar::F64 | Scalar::F32 => match self.rng.gen_range(0..3) {
                    0 => format!("(x[{w}] as i32 as {})", ty.name()),
                    1 => format!("(x[{w}] as i64 as {})", ty.name()),
                    _ => format!("(f64::from_bits(x[{w}]) as {})", ty.name()),
                },
                _ => {
                    let shift = self.pick(&[0, 0, 8, 13, 32, 56]);
                    format!("((x[{w}] >> {shift}) as {})", ty.name())
                }
            };
        }
        self.literal(ty)
    }

    /// A literal of type `ty`, often one at an edge (zero, one, minus one,
    /// the extremes, a power of two, ±0.0, infinities, NaN, subnormals).
    fn literal(&mut self, ty: Scalar) -> String {
        let t = ty.name();
        match ty {
            Scalar::F32 | Scalar::F64 => {
                let special = [
                    "0.0", "-0.0", "1.0", "-1.5", "0.1", "3.0e9", "MAX", "MIN", "MIN_POSITIVE", "INFINITY", "NEG_INFINITY",
                    "NAN", "EPSILON",
                ];
                if self.chance(0.6) {
                    let s = self.pick(&special);
                    if s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                        format!("{t}::{s}")
                    } else {
                        format!("({s}{t})")
                    }
                } else if ty == Scalar::F64 {
                    format!("f64::from_bits({:#x})", self.float_bits64())
                } else {
                    format!("f32::from_bits({:#x})", self.float_bits32())
                }
            }
            _ => {
                let edge = self.rng.gen_range(0..8);
                match edge {
                    0 => format!("0{t}"),
                    1 => format!("1{t}"),
                    2 => format!("{t}::MAX"),
                    3 => format!("{t}::MIN"),
                    4 if ty.is_signed() => format!("(-1{t})"),
                    5 => format!("{}{t}", 1u128 << self.rng.gen_range(0..ty.bits() - 1)),
                    _ => {
                        let v: u128 = self.rng.gen();
                        let v = if ty.bits() == 128 { v } else { v & ((1u128 << ty.bits()) - 1) };
                        if ty.is_signed() {
                            // Reinterpret as the signed value of that width.
                            let shift = 128 - ty.bits();
                            let s = ((v << shift) as i128) >> shift;
                            if s == i128::MIN {
                                format!("{t}::MIN")
                            } else {
                                format!("({s}{t})")
                            }
                        } else {
                            format!("{v}{t}")
                        }
                    }
                }
            }
        }
    }

    /// Bits of an f64: mostly ordinary values, some subnormal, some NaN.
    fn float_bits64(&mut self) -> u64 {
        let mantissa: u64 = self.rng.gen::<u64>() & ((1 << 52) - 1);
        let sign: u64 = self.rng.gen::<u64>() & (1 << 63);
        let exponent: u64 = match self.rng.gen_range(0..6) {
            0 => 0,
            1 => 0x7ff,
            _ => self.rng.gen_range(0x3c0..0x440),
        };
        sign | exponent << 52 | mantissa
    }

    /// Bits of an f32: mostly ordinary values, some subnormal, some NaN.
    fn float_bits32(&mut self) -> u32 {
        let mantissa: u32 = self.rng.gen::<u32>() & ((1 << 23) - 1);
        let sign: u32 = self.rng.gen::<u32>() & (1 << 31);
        let exponent: u32 = match self.rng.gen_range(0..6) {
            0 => 0,
            1 => 0xff,
            _ => self.rng.gen_range(0x60..0xa0),
        };
        sign | exponent << 23 | mantissa
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_spec_gives_the_same_source() {
        let spec = FunctionSpec::new(42, 6, 4);
        assert_eq!(spec.generate("f"), spec.generate("f"));
        assert_ne!(spec.generate("f"), FunctionSpec::new(43, 6, 4).generate("f"));
    }

    #[test]
    fn a_statement_alone_is_generated_as_in_its_function() {
        let spec = FunctionSpec::new(7, 5, 3);
        let whole = spec.generate("f");
        let alone = FunctionSpec { seed: 7, statements: vec![spec.statements[2]] }.generate("f");
        // The helpers and the block of statement 2 appear verbatim.
        let block = alone.lines().find(|l| l.starts_with("    h = mix(h, ")).unwrap();
        assert!(whole.contains(block.trim_start()));
    }

    #[test]
    fn specs_print_and_parse() {
        let spec: FunctionSpec = "0x2a:0@3,4@1".parse().unwrap();
        assert_eq!(spec, FunctionSpec { seed: 42, statements: vec![StatementSpec { index: 0, depth: 3 }, StatementSpec { index: 4, depth: 1 }] });
        assert_eq!(spec.to_string(), "0x2a:0@3,4@1");
        assert!("42".parse::<FunctionSpec>().is_err());
        assert!("42:x@1".parse::<FunctionSpec>().is_err());
    }

    #[test]
    fn reductions_shrink() {
        let spec = FunctionSpec::new(1, 3, 2);
        let r = spec.reductions();
        assert_eq!(r.len(), 3);
        assert!(r.iter().all(|s| s.statements.len() == 1));
        let single = &r[1];
        let deeper = single.reductions();
        assert_eq!(deeper.iter().map(|s| s.statements[0].depth).collect::<Vec<_>>(), vec![0, 1]);
    }
}
