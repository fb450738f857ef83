//! A campaign: batches generated from a seed, built both ways, run
//! natively and in the interpreter and the JIT, compared; every
//! disagreement is reduced to the smallest failing function found.

use std::fmt;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::build::{BuildError, Builder, Built};
use crate::execute::{self, GroupRun, Input, RunError, Vm};
use crate::generate::FunctionSpec;
use crate::program::Batch;

/// The size of what a seed generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Programs per seed.
    pub programs: usize,
    /// Functions per program.
    pub functions: usize,
    /// Statements per function.
    pub statements: u32,
    /// Expression depth.
    pub depth: u32,
    /// Inputs each function runs on.
    pub inputs: usize,
}

impl Default for Shape {
    fn default() -> Self {
        Shape { programs: 4, functions: 250, statements: 4, depth: 4, inputs: 3 }
    }
}

/// splitmix64: derives independent seeds from one.
fn derive(seed: u64, a: u64, b: u64) -> u64 {
    let mut z = seed ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.wrapping_mul(0xbf58_476d_1ce4_e5b9).rotate_left(17);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The batches of `seed`.
pub fn batches(seed: u64, shape: Shape) -> Vec<Batch> {
    (0..shape.programs)
        .map(|p| Batch {
            name: format!("lowering_p{p}"),
            functions: (0..shape.functions)
                .map(|k| FunctionSpec::new(derive(seed, p as u64, k as u64), shape.statements, shape.depth))
                .collect(),
        })
        .collect()
}

/// The inputs of `seed`: words at the edges (0, 1, all ones, the sign bit,
/// small negatives, float bit patterns) mixed with random ones.
pub fn inputs(seed: u64, count: usize) -> Vec<Input> {
    let mut rng = ChaCha8Rng::seed_from_u64(derive(seed, u64::MAX, 0));
    const EDGES: [u64; 10] = [
        0,
        1,
        u64::MAX,
        1 << 63,
        (1 << 63) - 1,
        0xffff_ffff,
        0x8000_0000,
        -7i64 as u64,
        0x7ff8_0000_0000_0000,
        0x4059_0000_0000_0000,
    ];
    (0..count)
        .map(|k| {
            let mut input = [0u64; 8];
            for w in input.iter_mut() {
                *w = match (k, rng.gen_range(0..4)) {
                    (0, _) | (_, 0) => EDGES[rng.gen_range(0..EDGES.len())],
                    (_, 1) => rng.gen_range(0..300),
                    _ => rng.gen(),
                };
            }
            input
        })
        .collect()
}

/// A disagreement between the native build, the interpreter and the JIT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The function (its spec regenerates it).
    pub function: FunctionSpec,
    /// The input it ran on.
    pub input: Input,
    /// The native checksum.
    pub native: u64,
    /// The interpreter's checksum or failure.
    pub interpreter: Result<u64, String>,
    /// The JIT's checksum or failure.
    pub jit: Result<u64, String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |r: &Result<u64, String>| match r {
            Ok(v) => format!("{v:#018x}"),
            Err(e) => format!("failed: {e}"),
        };
        write!(
            f,
            "function {} on input {:#x?}\n  native      {:#018x}\n  interpreter {}\n  jit         {}",
            self.function,
            self.input,
            self.native,
            show(&self.interpreter),
            show(&self.jit)
        )
    }
}

/// What a campaign found wrong.
#[derive(Debug)]
pub enum Finding {
    /// Checksums disagree (or a build fails at run time).
    Mismatch(Mismatch),
    /// The interpreter and the JIT consumed different compute units.
    ComputeUnits {
        /// The functions the instruction ran.
        functions: Vec<FunctionSpec>,
        /// Interpreter's, then JIT's units.
        units: (u64, u64),
    },
    /// A batch did not build.
    Build(BuildError),
    /// A batch could not run.
    Run(RunError),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Mismatch(m) => write!(f, "checksums differ: {m}"),
            Finding::ComputeUnits { functions, units } => {
                let names: Vec<String> = functions.iter().map(ToString::to_string).collect();
                write!(f, "interpreter used {} compute units, JIT {}, running {}", units.0, units.1, names.join(" "))
            }
            Finding::Build(e) => write!(f, "{e}"),
            Finding::Run(e) => write!(f, "{e}"),
        }
    }
}

/// Counts of what a run covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Functions generated, built and compared.
    pub functions: usize,
    /// Function × input executions compared three ways.
    pub executions: usize,
    /// Compute units consumed (interpreter, every instruction).
    pub compute_units: u64,
}

/// Builds `batches`, runs them on `inputs` and compares.
pub fn check(builder: &Builder, batches: &[Batch], inputs: &[Input]) -> (Coverage, Vec<Finding>) {
    let mut coverage = Coverage::default();
    let built = match builder.build(batches) {
        Ok(built) => built,
        Err(e) => return (coverage, vec![Finding::Build(e)]),
    };
    let mut findings = Vec::new();
    for (batch, Built { elf, native }) in batches.iter().zip(&built) {
        let n = batch.functions.len();
        let expected = match execute::native(&batch.name, native, inputs, n) {
            Ok(rows) => rows,
            Err(e) => {
                findings.push(Finding::Run(e));
                continue;
            }
        };
        let runs = |jit| Vm::new(&batch.name, elf, jit).map(|mut vm| vm.run_all(inputs, n));
        let (interpreted, jitted) = match (runs(false), runs(true)) {
            (Ok(i), Ok(j)) => (i, j),
            (Err(e), _) | (_, Err(e)) => {
                findings.push(Finding::Run(e));
                continue;
            }
        };
        coverage.functions += n;
        coverage.executions += n * inputs.len();
        coverage.compute_units += interpreted.iter().map(|r| r.compute_units).sum::<u64>();
        findings.extend(compare(batch, inputs, &expected, &interpreted, &jitted));
    }
    (coverage, findings)
}

/// The first disagreement per function.
fn compare(batch: &Batch, inputs: &[Input], expected: &[Vec<u64>], interpreted: &[GroupRun], jitted: &[GroupRun]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut reported = vec![false; batch.functions.len()];
    for (i, j) in interpreted.iter().zip(jitted) {
        if i.compute_units != j.compute_units {
            findings.push(Finding::ComputeUnits {
                functions: batch.functions[i.first..i.first + i.count].to_vec(),
                units: (i.compute_units, j.compute_units),
            });
        }
        for k in 0..i.count {
            let f = i.first + k;
            let native = expected[i.input][f];
            let pick = |r: &GroupRun| r.result.as_ref().map(|v| v[k]).map_err(Clone::clone);
            let (iv, jv) = (pick(i), pick(j));
            // A failed group is followed by its functions one by one;
            // only those single runs name a failure's function.
            if (iv.is_err() || jv.is_err()) && i.count > 1 {
                continue;
            }
            if (iv.as_ref() != Ok(&native) || jv.as_ref() != Ok(&native)) && !reported[f] {
                reported[f] = true;
                findings.push(Finding::Mismatch(Mismatch {
                    function: batch.functions[f].clone(),
                    input: inputs[i.input],
                    native,
                    interpreter: iv,
                    jit: jv,
                }));
            }
        }
    }
    findings
}

/// Whether `spec` still disagrees on `input` (built alone).
fn still_fails(builder: &Builder, specs: &[FunctionSpec], input: Input) -> Vec<FunctionSpec> {
    let batch = Batch { name: "lowering_reduce".into(), functions: specs.to_vec() };
    let (_, findings) = check(builder, std::slice::from_ref(&batch), &[input]);
    let mut failing = Vec::new();
    for finding in findings {
        match finding {
            Finding::Mismatch(m) => failing.push(m.function),
            Finding::ComputeUnits { functions, .. } if functions.len() == 1 => failing.push(functions[0].clone()),
            // A candidate that does not build fails differently: not this failure.
            _ => {}
        }
    }
    failing
}

/// Reduces a disagreeing function: each step builds every one-step
/// reduction (each statement alone, a statement at a smaller depth) in one
/// program and keeps the shortest that still disagrees.
pub fn reduce(builder: &Builder, mismatch: &Mismatch, log: &mut dyn FnMut(&str)) -> FunctionSpec {
    let mut current = mismatch.function.clone();
    loop {
        let candidates = current.reductions();
        if candidates.is_empty() {
            return current;
        }
        let failing = still_fails(builder, &candidates, mismatch.input);
        match failing.into_iter().min_by_key(|s| s.generate("f").len()) {
            Some(smaller) => {
                log(&format!("  reduced to {smaller}"));
                current = smaller;
            }
            None => return current,
        }
    }
}

/// Finds the smallest function of `batches` that alone fails to build:
/// takes the first batch that fails alone, bisects its functions, then
/// tries each one-step reduction in turn.
pub fn reduce_build_failure(builder: &Builder, batches: &[Batch], log: &mut dyn FnMut(&str)) -> Option<(FunctionSpec, String)> {
    let fails = |specs: &[FunctionSpec]| {
        let batch = Batch { name: "lowering_reduce".into(), functions: specs.to_vec() };
        match builder.build(std::slice::from_ref(&batch)) {
            Err(BuildError::Program { stderr }) => Some(stderr),
            _ => None,
        }
    };
    // The first batch that fails alone.
    let (mut specs, mut error) = batches.iter().find_map(|b| fails(&b.functions).map(|e| (b.functions.clone(), e)))?;
    while specs.len() > 1 {
        let half = specs.len() / 2;
        let (left, right) = specs.split_at(half);
        if let Some(e) = fails(left) {
            specs = left.to_vec();
            error = e;
        } else if let Some(e) = fails(right) {
            specs = right.to_vec();
            error = e;
        } else {
            log("  the build fails only with functions from both halves together");
            return None;
        }
        log(&format!("  {} functions still fail to build", specs.len()));
    }
    let mut current = specs.pop()?;
    'outer: loop {
        for candidate in current.reductions() {
            if let Some(e) = fails(std::slice::from_ref(&candidate)) {
                log(&format!("  reduced to {candidate}"));
                current = candidate;
                error = e;
                continue 'outer;
            }
        }
        return Some((current, error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_derive_distinct_functions() {
        let shape = Shape { programs: 2, functions: 3, ..Shape::default() };
        let b = batches(9, shape);
        assert_eq!(b.len(), 2);
        let mut seeds: Vec<u64> = b.iter().flat_map(|b| b.functions.iter().map(|f| f.seed)).collect();
        seeds.sort();
        seeds.dedup();
        assert_eq!(seeds.len(), 6);
        assert_eq!(batches(9, shape), b);
    }

    fn group(first: usize, result: Result<Vec<u64>, String>, compute_units: u64) -> GroupRun {
        let count = result.as_ref().map_or(1, Vec::len);
        GroupRun { input: 0, first, count, result, compute_units }
    }

    fn failed_group(first: usize, count: usize) -> GroupRun {
        GroupRun { input: 0, first, count, result: Err("out of compute units".into()), compute_units: 1_400_000 }
    }

    #[test]
    fn disagreements_are_found_and_name_their_function() {
        let shape = Shape { programs: 1, functions: 3, ..Shape::default() };
        let batch = &batches(5, shape)[0];
        let inputs = inputs(5, 1);
        let expected = vec![vec![10, 11, 12]];
        let agree = vec![group(0, Ok(vec![10, 11, 12]), 900)];
        assert!(compare(batch, &inputs, &expected, &agree, &agree).is_empty());

        // The JIT computes another checksum for f1.
        let jit = vec![group(0, Ok(vec![10, 99, 12]), 900)];
        let findings = compare(batch, &inputs, &expected, &agree, &jit);
        assert_eq!(findings.len(), 1);
        let Finding::Mismatch(m) = &findings[0] else { panic!("{findings:?}") };
        assert_eq!((m.function.clone(), m.native, m.interpreter.clone(), m.jit.clone()), (batch.functions[1].clone(), 11, Ok(11), Ok(99)));

        // Different compute units for the same group.
        let jit = vec![group(0, Ok(vec![10, 11, 12]), 901)];
        let findings = compare(batch, &inputs, &expected, &agree, &jit);
        assert!(matches!(&findings[..], [Finding::ComputeUnits { units: (900, 901), functions }] if functions.len() == 3));

        // A failed group is attributed by the single runs after it.
        let failed = vec![
            failed_group(0, 3),
            group(0, Ok(vec![10]), 300),
            failed_group(1, 1),
            group(2, Ok(vec![12]), 300),
        ];
        let findings = compare(batch, &inputs, &expected, &failed, &failed);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let Finding::Mismatch(m) = &findings[0] else { panic!("{findings:?}") };
        assert_eq!(m.function, batch.functions[1]);
        assert!(m.interpreter.is_err() && m.jit.is_err());
    }

    #[test]
    fn inputs_cover_edges() {
        let i = inputs(3, 3);
        assert_eq!(i.len(), 3);
        assert_eq!(i, inputs(3, 3));
        assert_ne!(i[1], i[2]);
    }
}
