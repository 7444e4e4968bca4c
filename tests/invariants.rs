mod model;
mod support;

// Model-based property test of the lifecycle machine (lifecycle.md §11).
//
// Random worlds (device preset, config variant, stored state) and random sequences of every
// input of §1 at random times — effect results that succeed or fail, bogus results, timers fired
// at their deadlines and timers that were never armed — are fed to the machine; the reference
// model in `tests/model` checks the ten invariants of §11 after every step, and the run is
// replayed on a fresh machine (invariant 10). Failures are saved in
// `proptest-regressions/invariants.txt` and pinned as plain tests in
// `tests/invariants_regressions.rs`.
//
// `PROPTEST_CASES=100000 PROPTEST_MAX_STEPS=200 cargo test --release --test invariants` hunts
// longer.

use model::{run, steps, world};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Steps per sequence, at most (after an optional prelude of up to 4 steps);
/// `PROPTEST_MAX_STEPS` changes it for longer hunts.
fn max_steps() -> usize {
    std::env::var("PROPTEST_MAX_STEPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/invariants.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_invariant_holds_after_every_step(world in world(), steps in steps(max_steps())) {
        if let Err(v) = run(&world, &steps) {
            prop_assert!(false, "invariant {} broken at step {}: {}", v.invariant, v.step, v.detail);
        }
    }
}
