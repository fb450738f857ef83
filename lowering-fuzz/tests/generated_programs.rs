//! The generated-program differential on a fixed seed: 2,048 generated
//! functions in 8 programs, each built natively and with `cargo lamport
//! build`, run on 3 inputs natively, in the interpreter and in the JIT.
//! Every checksum must agree three ways, and the interpreter and the JIT
//! must consume the same compute units. A failure prints the seed and the
//! smallest disagreeing function (`cargo run -p lamport-lowering-fuzz --
//! --show <spec> --seed <seed>` prints it again).

use std::path::Path;

use lamport_lowering_fuzz::build::Builder;
use lamport_lowering_fuzz::campaign::{self, Finding, Shape};

/// The seed of `make test`; `make fuzz` runs random ones.
const SEED: u64 = 0x1a3b_5c7d;

const SHAPE: Shape = Shape { programs: 8, functions: 256, statements: 3, depth: 3, inputs: 3 };

#[test]
fn generated_functions_agree_natively_in_the_interpreter_and_in_the_jit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let builder = Builder::new(root, &Path::new(env!("CARGO_TARGET_TMPDIR")).join("lowering-fuzz"));
    let batches = campaign::batches(SEED, SHAPE);
    let (coverage, findings) = campaign::check(&builder, &batches, &campaign::inputs(SEED, SHAPE.inputs));
    let mut report = Vec::new();
    for finding in &findings {
        report.push(format!("seed {SEED}: {finding}"));
        if let Finding::Mismatch(m) = finding {
            let smallest = campaign::reduce(&builder, m, &mut |line| eprintln!("{line}"));
            report.push(format!("smallest disagreeing function {smallest}:\n{}", smallest.generate("f")));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(coverage.functions, SHAPE.programs * SHAPE.functions);
    assert_eq!(coverage.executions, coverage.functions * SHAPE.inputs);
    assert!(coverage.compute_units > coverage.executions as u64 * 100, "{coverage:?}");
    println!("{coverage:?}");
}
