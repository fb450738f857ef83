//! Runs the generated-program differential: given seeds, or random seeds
//! for a bounded time; prints the smallest disagreeing function found.
//!
//! ```text
//! lamport-lowering-fuzz --seed 1 --seed 2          # fixed seeds
//! lamport-lowering-fuzz --seconds 600              # random seeds for ten minutes
//! lamport-lowering-fuzz --show 0x2a:0@3,4@1        # print one function's source
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use lamport_lowering_fuzz::build::Builder;
use lamport_lowering_fuzz::campaign::{self, Finding, Shape};
use lamport_lowering_fuzz::generate::FunctionSpec;
use lamport_lowering_fuzz::program::Batch;

#[derive(Parser)]
#[command(about = "Generated Rust programs, natively vs cargo lamport build (interpreter and JIT)")]
struct Args {
    /// A seed to run (repeatable).
    #[arg(long)]
    seed: Vec<u64>,
    /// Run random seeds until this many seconds have passed.
    #[arg(long)]
    seconds: Option<u64>,
    /// Programs per seed.
    #[arg(long, default_value_t = Shape::default().programs)]
    programs: usize,
    /// Functions per program.
    #[arg(long, default_value_t = Shape::default().functions)]
    functions: usize,
    /// Statements per function.
    #[arg(long, default_value_t = Shape::default().statements)]
    statements: u32,
    /// Expression depth.
    #[arg(long, default_value_t = Shape::default().depth)]
    depth: u32,
    /// Inputs per function.
    #[arg(long, default_value_t = Shape::default().inputs)]
    inputs: usize,
    /// Print the source of one function spec (`seed:index@depth,…`) and,
    /// with --seed, check it alone on that seed's inputs.
    #[arg(long)]
    show: Option<FunctionSpec>,
    /// Build directory [default: <repository>/target/lowering-fuzz].
    #[arg(long)]
    dir: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().context("the repository root")?.to_path_buf();
    let dir = args.dir.clone().unwrap_or_else(|| root.join("target/lowering-fuzz"));
    let builder = Builder::new(&root, &dir);
    let shape = Shape {
        programs: args.programs,
        functions: args.functions,
        statements: args.statements,
        depth: args.depth,
        inputs: args.inputs,
    };
    if let Some(spec) = &args.show {
        println!("{}", spec.generate("f"));
        for seed in &args.seed {
            let batch = Batch { name: "lowering_show".into(), functions: vec![spec.clone()] };
            let (_, findings) = campaign::check(&builder, &[batch], &campaign::inputs(*seed, shape.inputs));
            println!("// inputs of seed {seed}: {}", if findings.is_empty() { "agrees" } else { "DISAGREES" });
            for f in findings {
                println!("{f}");
            }
        }
        return Ok(());
    }
    let started = Instant::now();
    let deadline = args.seconds.map(|s| started + Duration::from_secs(s));
    let mut seeds = args.seed.clone().into_iter();
    let mut total = campaign::Coverage::default();
    let mut failures = 0usize;
    let mut runs = 0usize;
    loop {
        let seed = match (seeds.next(), deadline) {
            (Some(seed), _) => seed,
            (None, Some(deadline)) if Instant::now() < deadline => rand::random::<u64>(),
            _ => break,
        };
        runs += 1;
        let batches = campaign::batches(seed, shape);
        let inputs = campaign::inputs(seed, shape.inputs);
        let t = Instant::now();
        let (coverage, findings) = campaign::check(&builder, &batches, &inputs);
        total.functions += coverage.functions;
        total.executions += coverage.executions;
        total.compute_units += coverage.compute_units;
        println!(
            "seed {seed}: {} functions, {} executions, {} compute units, {} finding(s) in {:.0?}",
            coverage.functions,
            coverage.executions,
            coverage.compute_units,
            findings.len(),
            t.elapsed()
        );
        failures += findings.len();
        report(&builder, seed, &batches, findings);
    }
    println!(
        "{runs} seed(s), {} functions, {} executions compared natively, in the interpreter and in the JIT; {failures} finding(s); {:.0?}",
        total.functions,
        total.executions,
        started.elapsed()
    );
    println!("executions: {}", total.executions);
    if failures > 0 {
        // The findings are printed above; the exit status says so too.
        std::process::exit(1);
    }
    Ok(())
}

fn report(builder: &Builder, seed: u64, batches: &[Batch], findings: Vec<Finding>) {
    let mut log = |line: &str| println!("{line}");
    for finding in findings {
        println!("seed {seed}: {finding}");
        match &finding {
            Finding::Mismatch(m) => {
                let smallest = campaign::reduce(builder, m, &mut log);
                println!("seed {seed}: smallest disagreeing function {smallest}:\n{}", smallest.generate("f"));
            }
            Finding::Build(_) => {
                if let Some((smallest, error)) = campaign::reduce_build_failure(builder, batches, &mut log) {
                    println!("seed {seed}: smallest function that fails to build {smallest}:\n{}\n{error}", smallest.generate("f"));
                }
            }
            _ => {}
        }
    }
}
