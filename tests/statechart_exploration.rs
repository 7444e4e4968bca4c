mod model;
mod statechart_targeted;
mod support;

// The statechart table (`pushlane::statechart::TRANSITIONS`, printed by `pushlane statechart`
// and shown in lifecycle.md §4–§8) is exactly what the machine does.
//
// Random worlds (device, config, stored state) and random input sequences from the model of
// `tests/invariants.rs`, drawn from a fixed seed so every run explores the same cases, plus the
// targeted sequences of `tests/statechart_targeted` for changes the random ones reach rarely,
// are fed to the machine (the model checks the invariants of lifecycle.md §11 on the way). Every
// `state_changed` it emits is recorded as (region, from, to, trigger of the input), and the
// recorded set must equal the table expanded to one entry per trigger, both ways. Each run also
// checks that a region's first `state_changed` leaves its initial state and that every later one
// leaves the state the previous one entered.
//
// Not explored: a restart is a new machine, and a new machine starts in every region's initial
// state whatever the store holds (checked here for every stored state the model generates), so
// it makes no transition. Inputs that only code can build (an empty `user_id` or `vendor`) are
// ignored by the machine and change no state.
//
// When the machine changes: `STATECHART_SHOW="token: known --> none : vendor_error"` prints the
// first run that makes a change, `STATECHART_CASES` and `STATECHART_SEED` explore longer or
// elsewhere (use `--release -- --nocapture` to see the figures).

use model::{run, steps, world, Step, Trace, World};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use pushlane::statechart::{trigger, Region, TRANSITIONS};
use pushlane::Event;
use std::collections::BTreeMap;
use std::time::Instant;

/// The exploration's seed: the same cases every run.
const SEED: [u8; 32] = *b"pushlane statechart exploration.";
/// Random cases explored (about 13 s in a debug build). With this seed, after the targeted
/// sequences, the last change is first reached at case 497; sixteen other seeds reached it
/// between case 172 and case 1138 (median 410). Without the targeted sequences, the rarest
/// changes (a change of vendor while logged in) took up to 450 000 cases, and two of them were
/// not reached in 1.6 million.
const CASES: usize = 2_000;
/// Steps per random sequence, at most (after the model's optional prelude).
const MAX_STEPS: usize = 60;

/// `STATECHART_CASES` changes the number of random cases (to measure how soon the exploration
/// saturates).
fn cases() -> usize {
    std::env::var("STATECHART_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES)
}

/// `STATECHART_SEED` (up to 32 characters) explores other cases, to hunt for changes the table
/// lacks.
fn seed() -> [u8; 32] {
    let mut seed = SEED;
    if let Ok(text) = std::env::var("STATECHART_SEED") {
        seed = [b'.'; 32];
        for (byte, given) in seed.iter_mut().zip(text.bytes()) {
            *byte = given;
        }
    }
    seed
}

/// (region, from, to, trigger).
type Change = (String, String, String, String);

/// Where a change was first seen: the case number (targeted sequences count as case 0).
#[derive(Default)]
struct Explored {
    first_seen: BTreeMap<Change, usize>,
    /// `STATECHART_SHOW="token: known --> none : vendor_error"`: print the first run that makes
    /// this change, to see how the machine gets there.
    show: Option<String>,
}

impl Explored {
    /// Runs `steps` in `world`, records its changes of state and returns them.
    fn explore(&mut self, case: usize, world: &World, steps: &[Step]) -> Vec<Change> {
        let trace = run(world, steps).unwrap_or_else(|v| {
            panic!(
                "case {case}: invariant {} broken at step {}: {}\n{world:?}",
                v.invariant, v.step, v.detail
            )
        });
        let made = changes_of(case, world, &trace);
        for change in &made {
            if !self.first_seen.contains_key(change) && self.show.as_deref() == Some(&show(change))
            {
                eprintln!("{} first made in case {case}:\n{world:?}", show(change));
                for (at, input, outputs) in &trace.steps {
                    eprintln!("  t={at} {input:?}");
                    for output in outputs {
                        eprintln!("      {output:?}");
                    }
                }
            }
            self.first_seen.entry(change.clone()).or_insert(case);
        }
        made
    }
}

/// The changes of state of a run. Each region starts in its initial state, and each
/// `state_changed` leaves the state the region is in.
fn changes_of(case: usize, world: &World, trace: &Trace) -> Vec<Change> {
    let mut current: BTreeMap<&str, String> = Region::ALL
        .iter()
        .map(|r| (r.name(), r.initial().to_string()))
        .collect();
    let mut made = Vec::new();
    for (at, input, outputs) in &trace.steps {
        for output in outputs {
            let Some(Event::StateChanged { region, from, to }) = output.as_event() else {
                continue;
            };
            let Some(state) = current.get_mut(region.as_str()) else {
                panic!("case {case}: state_changed of an unknown region {region}");
            };
            assert_eq!(
                state, from,
                "case {case}, t={at}, {input:?}: region {region} left {from}, but it was in \
                 {state} (a machine starts in each region's initial state)\n{world:?}"
            );
            *state = to.clone();
            made.push((
                region.clone(),
                from.clone(),
                to.clone(),
                trigger(input).into(),
            ));
        }
    }
    made
}

/// The table, one entry per trigger.
fn table() -> Vec<Change> {
    TRANSITIONS
        .iter()
        .flat_map(|t| {
            t.on.iter().map(|on| {
                (
                    t.region.name().to_string(),
                    t.from.to_string(),
                    t.to.to_string(),
                    on.to_string(),
                )
            })
        })
        .collect()
}

fn show((region, from, to, on): &Change) -> String {
    format!("{region}: {from} --> {to} : {on}")
}

#[test]
fn the_machine_makes_exactly_the_transitions_of_the_table() {
    let started = Instant::now();
    let mut explored = Explored {
        show: std::env::var("STATECHART_SHOW").ok(),
        ..Explored::default()
    };
    for targeted in statechart_targeted::all() {
        let made = explored.explore(0, &targeted.world, &targeted.steps);
        assert!(
            made.iter().any(|change| show(change) == targeted.makes),
            "the targeted sequence for `{}` no longer makes it; it made:\n  {}",
            targeted.makes,
            made.iter().map(show).collect::<Vec<_>>().join("\n  ")
        );
    }
    let strategy = (world(), steps(MAX_STEPS));
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed()),
    );
    let cases = cases();
    for case in 1..=cases {
        let (world, steps) = strategy
            .new_tree(&mut runner)
            .expect("the model's strategies always generate")
            .current();
        explored.explore(case, &world, &steps);
    }
    let last = explored.first_seen.values().max().copied().unwrap_or(0);
    let mut latest: Vec<(&Change, &usize)> = explored.first_seen.iter().collect();
    latest.sort_by_key(|(_, case)| std::cmp::Reverse(**case));
    eprintln!(
        "{} changes of state (region, from, to, trigger) in {cases} cases and {:.1} s; the last \
         first seen at case {last}; the latest found:",
        explored.first_seen.len(),
        started.elapsed().as_secs_f64()
    );
    for (change, case) in latest.iter().take(12) {
        eprintln!("  case {case:>6}  {}", show(change));
    }

    let table = table();
    let lacking: Vec<String> = explored
        .first_seen
        .keys()
        .filter(|c| !table.contains(c))
        .map(show)
        .collect();
    let unreached: Vec<String> = table
        .iter()
        .filter(|c| !explored.first_seen.contains_key(*c))
        .map(show)
        .collect();
    let mut problems = Vec::new();
    if !lacking.is_empty() {
        problems.push(format!(
            "the machine made these changes, which the table lacks:\n  {}",
            lacking.join("\n  ")
        ));
    }
    if !unreached.is_empty() {
        problems.push(format!(
            "the table lists these changes, which no exploration reached:\n  {}",
            unreached.join("\n  ")
        ));
    }
    assert!(
        problems.is_empty(),
        "pushlane::statechart::TRANSITIONS is not what the machine does \
         (crates/pushlane-core/src/statechart.rs):\n{}",
        problems.join("\n")
    );
    assert!(
        last * 2 <= cases,
        "the last change was first seen at case {last} of {cases}: raise CASES so that the \
         exploration keeps a margin"
    );
}
