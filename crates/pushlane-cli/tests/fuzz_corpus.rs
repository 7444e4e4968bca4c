//! The `scenario` fuzz target's corpus as a plain test on stable: every file of
//! `fuzz/corpus/scenario/` runs through the target's body (`fuzz/src/scenario.rs`, included
//! here by path). The other targets' corpora run in the root's `tests/fuzz_corpus.rs`.

#[path = "../../../fuzz/src/corpus.rs"]
mod corpus;
#[path = "../../../fuzz/src/scenario.rs"]
mod scenario;

use std::path::Path;

#[test]
fn scenario_corpus() {
    let fuzz_dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz"));
    corpus::run(fuzz_dir, "scenario", scenario::check);
}
