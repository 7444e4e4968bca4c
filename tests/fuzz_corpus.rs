//! The fuzz targets' corpora as plain tests on stable: every file of `fuzz/corpus/<target>/`
//! runs through the same body the libFuzzer target runs (`fuzz/src/<target>.rs`, included
//! here by path). Findings of the fuzzers are kept in the corpora, so this is also their
//! regression test. `scenario` runs in `crates/pushlane-cli/tests/fuzz_corpus.rs` (it needs
//! the CLI's library). `scripts/fuzz.sh` runs the fuzzers themselves (nightly).

mod model;
mod support;

#[path = "../fuzz/src/click.rs"]
mod click;
#[path = "../fuzz/src/config.rs"]
mod config;
#[path = "../fuzz/src/corpus.rs"]
mod corpus;
#[path = "../fuzz/src/journal.rs"]
mod journal;
#[path = "../fuzz/src/machine.rs"]
mod machine;

use std::path::Path;

fn fuzz_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz"))
}

#[test]
fn click_corpus() {
    corpus::run(fuzz_dir(), "click", click::check);
}

#[test]
fn config_corpus() {
    corpus::run(fuzz_dir(), "config", config::check);
}

#[test]
fn journal_corpus() {
    corpus::run(fuzz_dir(), "journal", journal::check);
}

#[test]
fn machine_corpus() {
    corpus::run(fuzz_dir(), "machine", machine::check);
}

// ---- regression tests of the fuzzers' findings (each input also kept in its corpus) ----------

/// Found by `journal`: a number that is not an integer (in a click payload, or in the header's
/// config) read back from a journal one step off (serde_json's default float parsing is not
/// exact), so a journal written back from a replay differed from the original. Fixed by
/// serde_json's `float_roundtrip` feature (root `Cargo.toml`).
#[test]
fn journal_numbers_read_back_exactly() {
    use pushlane::runtime::{input_line, parse_journal};
    let header = r#"{"type":"header","version":1,"device":{"platform":"ios","manufacturer":"Apple"},"config":{},"persisted":{}}"#;
    for number in [
        "1000111111111111111111111111111",
        "1.0001111111111112e30",
        "0.30000000000000004",
    ] {
        let line = format!(
            r#"{{"at_ms":7,"type":"notification_clicked","source":"fcm","payload":{{"n":{number}}}}}"#
        );
        let first = parse_journal(&format!("{header}\n{line}\n")).unwrap();
        let read = first.entries[0].input.clone();
        let exact: f64 = number.parse().unwrap();
        let pushlane::Input::NotificationClicked { payload, .. } = &read else {
            unreachable!()
        };
        assert_eq!(
            payload["n"].as_f64(),
            Some(exact),
            "{number} read as {}",
            payload["n"]
        );
        let written = input_line(7, &read);
        let again = parse_journal(&format!("{header}\n{written}\n")).unwrap();
        assert_eq!(
            again.entries[0].input, read,
            "{number} written back as {written}"
        );
    }
}
