//! The differential harness: every scenario of `lamport_agave_compat::scenarios`
//! runs through lamport-runtime (default `FeatureSet`, Agave 4.3's rules) and
//! through LiteSVM 0.17 (Agave 4.3's SVM with mainnet features); any
//! difference in result, error, compute units, fee, log lines, return data
//! or written accounts fails the test unless the table of deliberate
//! differences below lists it with its reason.

use std::path::Path;

use lamport_runtime::FeatureSet;
use lamport_agave_compat::{
    differential::{self, Difference},
    programs::Elfs,
    scenarios,
};

/// Known differences: (scenario, step label prefix — empty for every step,
/// field — `*` for every field, reason). Each row must still match a
/// difference: a row that no longer does fails the test, so it is removed
/// as soon as the difference is gone. For the default `FeatureSet` the goal
/// is an empty table.
const KNOWN: &[(&str, &str, &str, &str)] = &[];

fn known_row(difference: &Difference) -> Option<usize> {
    KNOWN.iter().position(|(scenario, step, field, _)| {
        difference.scenario == *scenario
            && difference.step.split_once(' ').is_some_and(|(_, label)| label.starts_with(step))
            && (*field == "*" || difference.field == *field)
    })
}

#[test]
fn lamport_runtime_behaves_like_agave_in_every_scenario() {
    let elfs = Elfs::load(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential"));
    let scenarios = scenarios::all(&elfs);
    let mut unexpected = Vec::new();
    let mut rows_used = vec![false; KNOWN.len()];
    let mut steps = 0;
    for scenario in &scenarios {
        steps += scenario.steps.len();
        let lamport = differential::run_lamport(scenario, FeatureSet::default());
        let agave = differential::run_agave(scenario);
        for (step, observed) in scenario.steps.iter().zip(&agave) {
            println!("{} / {}: {} ({} CU, fee {})", scenario.name, step.label, observed.result, observed.compute_units, observed.fee);
        }
        for difference in differential::compare(scenario, &lamport, &agave) {
            match known_row(&difference) {
                Some(row) => rows_used[row] = true,
                None => unexpected.push(difference),
            }
        }
    }
    println!("{} scenarios, {steps} transactions compared", scenarios.len());
    let report: Vec<String> = unexpected.iter().map(ToString::to_string).collect();
    assert!(unexpected.is_empty(), "{} differences from Agave:\n{}", unexpected.len(), report.join("\n"));
    for (row, used) in KNOWN.iter().zip(rows_used) {
        assert!(used, "the known difference {row:?} no longer occurs: remove its row");
    }
}

/// The harness sees a real difference: under `FeatureSet::documented()`
/// (compute-budget instructions free, 200,000 units per instruction)
/// lamport-runtime departs from Agave exactly where those rules differ.
#[test]
fn documented_rules_differ_from_agave_where_the_rules_differ() {
    use lamport_agave_compat::{
        differential::{Scenario, Step},
        scenarios::MEMO_V4_ID,
    };
    use lamport_runtime::LoaderKind;
    use lamport_sdk::{compute_budget::set_compute_unit_limit, instruction::Instruction, system};

    let memo = std::fs::read(lamport_agave_compat::repository().join("runtime/tests/fixtures/spl_memo-4.0.0.so")).unwrap();
    let mut scenario = Scenario::new("documented rules", 1_000_000_000);
    scenario.program(differential::Program { id: MEMO_V4_ID, elf: memo, loader: LoaderKind::V2 });
    let payer = scenario.payer();
    let to = lamport_sdk::pubkey::Pubkey::new_from_array([4; 32]);
    scenario.step(Step::new("memo alone", vec![Instruction::new(MEMO_V4_ID, b"same".to_vec(), Vec::new())]));
    scenario.step(Step::new("limit + memo", vec![set_compute_unit_limit(10_000), Instruction::new(MEMO_V4_ID, b"x".to_vec(), Vec::new())]));
    scenario.step(Step::new("transfer", vec![system::transfer(&payer, &to, 1_000_000_000 / 2)]));

    let agave = differential::run_agave(&scenario);
    let documented = differential::compare(&scenario, &differential::run_lamport(&scenario, FeatureSet::documented()), &agave);
    let fields: Vec<(&str, &str)> = documented.iter().map(|d| (d.step.as_str(), d.field.as_str())).collect();
    // A memo alone: the same under both rule sets.
    assert!(!fields.iter().any(|(step, _)| step.starts_with("#0")), "{fields:?}");
    // The compute-budget instruction costs 150 units in Agave, nothing here; the memo's limit line differs too.
    assert!(fields.contains(&("#1 limit + memo", "compute_units")), "{fields:?}");
    assert!(fields.contains(&("#1 limit + memo", "logs")), "{fields:?}");
    // A lone transfer gets 3,000 units in Agave and 200,000 here: same result, same units.
    assert!(!fields.iter().any(|(step, _)| step.starts_with("#2")), "{fields:?}");
    assert!(differential::compare(&scenario, &differential::run_lamport(&scenario, FeatureSet::default()), &agave).is_empty());
}
