//! The bodies of pushlane's fuzz targets, one module per target (`fuzz_targets/<name>.rs` only
//! calls `<name>::check`). Each `check` takes arbitrary bytes, must never panic on what the
//! product accepts or refuses, and asserts the rules its module names.
//!
//! The same modules are compiled into stable test crates by `#[path]` (`tests/fuzz_corpus.rs`
//! at the root, `crates/pushlane-cli/tests/fuzz_corpus.rs` for `scenario`), which run every file
//! of `corpus/<target>/` through them: CI replays the corpora without a nightly toolchain.

// The reference model of the property tests checks the machine target's runs.
#[path = "../../tests/model/mod.rs"]
mod model;
#[path = "../../tests/support/mod.rs"]
mod support;

pub mod click;
pub mod config;
pub mod corpus;
pub mod journal;
pub mod machine;
pub mod scenario;
