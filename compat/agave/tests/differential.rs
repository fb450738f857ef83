//! The differential harness: every scenario of `lamport_agave_compat::scenarios`
//! runs through lamport-runtime (default `FeatureSet`, Agave 4.3's rules) and
//! through LiteSVM 0.17 (Agave 4.3's SVM with mainnet features); any
//! difference in result, error, compute units, fee, log lines, return data
//! or written accounts fails the test unless the table of deliberate
//! differences below lists it with its reason.

use std::path::Path;

use lamport_agave_compat::{
    differential::{self, Difference},
    programs::Elfs,
    scenarios,
};

/// Deliberate differences: (scenario, step label prefix, field, reason).
/// Empty: under the default `FeatureSet` the goal is zero differences.
const DELIBERATE: &[(&str, &str, &str, &str)] = &[];

fn is_deliberate(difference: &Difference) -> bool {
    DELIBERATE.iter().any(|(scenario, step, field, _)| {
        difference.scenario == *scenario
            && difference.step.split_once(' ').is_some_and(|(_, label)| label.starts_with(step))
            && difference.field == *field
    })
}

#[test]
fn lamport_runtime_behaves_like_agave_in_every_scenario() {
    let elfs = Elfs::load(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential"));
    let scenarios = scenarios::all(&elfs);
    let mut unexpected = Vec::new();
    let mut steps = 0;
    for scenario in &scenarios {
        steps += scenario.steps.len();
        for difference in differential::differences(scenario) {
            if !is_deliberate(&difference) {
                unexpected.push(difference);
            }
        }
    }
    println!("{} scenarios, {steps} transactions compared", scenarios.len());
    let report: Vec<String> = unexpected.iter().map(ToString::to_string).collect();
    assert!(unexpected.is_empty(), "{} differences from Agave:\n{}", unexpected.len(), report.join("\n"));
}
