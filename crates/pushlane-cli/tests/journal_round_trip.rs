//! `pushlane simulate FILE --journal J` writes the runtime's journal of the run, and
//! `pushlane replay J` prints the same trace again, for every example scenario (restarts
//! included), with tokens as fingerprints.

use pushlane::{fingerprint, is_fingerprint};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("examples/scenarios exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn pushlane(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("pushlane runs")
}

fn ok_stdout(what: &str, output: Output) -> String {
    assert!(
        output.status.success(),
        "{what}: exit {:?}\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The simulated trace as a journal shows it: every device token (a `token` field anywhere in
/// the trace) replaced by its fingerprint, wherever it occurs.
fn fingerprinted(trace: &str) -> String {
    let mut tokens: Vec<String> = trace
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["token"].as_str().map(str::to_string))
        .filter(|t| !t.is_empty() && !is_fingerprint(t))
        .collect();
    // Longer tokens first, so a token inside another is not replaced half-way.
    tokens.sort_by_key(|t| std::cmp::Reverse(t.len()));
    tokens.dedup();
    let mut text = trace.to_string();
    for token in tokens {
        text = text.replace(&token, &fingerprint(&token));
    }
    text
}

#[test]
fn replaying_the_journal_of_every_example_gives_its_trace() {
    let dir = tempfile::tempdir().unwrap();
    let files = scenario_files();
    assert!(files.len() >= 12);
    let mut restarts = 0;
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let journal = dir.path().join(format!("{name}.journal"));
        let simulated = ok_stdout(
            &name,
            pushlane(&[
                "simulate",
                &file.display().to_string(),
                "--format",
                "jsonl",
                "--journal",
                &journal.display().to_string(),
            ]),
        );
        let replayed = ok_stdout(
            &format!("replay of {name}"),
            pushlane(&[
                "replay",
                &journal.display().to_string(),
                "--format",
                "jsonl",
            ]),
        );
        assert_eq!(
            replayed,
            fingerprinted(&simulated),
            "{name}: the replayed trace differs from the simulated one"
        );
        let text = std::fs::read_to_string(&journal).unwrap();
        restarts += text
            .lines()
            .filter(|l| l.contains("\"type\":\"restart\""))
            .count();
    }
    assert!(restarts >= 2, "the examples restart at least twice");
}

#[test]
fn the_journal_holds_no_secret_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/02-restart-does-not-upload-again.toml");
    let journal = dir.path().join("02.journal");
    let store = dir.path().join("02.db");
    let simulated = ok_stdout(
        "02",
        pushlane(&[
            "simulate",
            &file.display().to_string(),
            "--format",
            "jsonl",
            "--journal",
            &journal.display().to_string(),
            "--store",
            &store.display().to_string(),
        ]),
    );
    let text = std::fs::read_to_string(&journal).unwrap();
    let scenario = std::fs::read_to_string(&file).unwrap();
    let scenario: toml::Table = toml::from_str(&scenario).unwrap();
    let app_key = scenario["config"]["vendors"][0]["app_key"]
        .as_str()
        .unwrap();
    let token = scenario["host"]["token"].as_str().unwrap();
    assert!(
        simulated.contains(token),
        "the jsonl trace shows tokens in full"
    );
    assert!(!text.contains(token), "{text}");
    assert!(!text.contains(app_key), "{text}");
    assert!(text.contains(&fingerprint(token)), "{text}");

    // A second run over the kept store: its journal starts from what the store holds.
    let second = dir.path().join("02-again.journal");
    ok_stdout(
        "02 again",
        pushlane(&[
            "simulate",
            &file.display().to_string(),
            "--journal",
            &second.display().to_string(),
            "--store",
            &store.display().to_string(),
        ]),
    );
    let header: Value = serde_json::from_str(
        std::fs::read_to_string(&second)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let persisted = header["persisted"].to_string();
    assert!(persisted.contains(&fingerprint(token)), "{persisted}");
    assert!(!persisted.contains(token), "{persisted}");
}

#[test]
fn a_journal_that_cannot_be_created_fails_the_run_naming_it() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/01-xiaomi-china-edition.toml");
    let output = pushlane(&[
        "simulate",
        &file.display().to_string(),
        "--journal",
        "/nonexistent-dir/run.journal",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing runs without its journal");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("pushlane: /nonexistent-dir/run.journal: cannot write the journal: "),
        "{stderr}"
    );
}

#[test]
fn a_store_moved_aside_at_the_start_replays_with_its_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/02-restart-does-not-upload-again.toml");
    let store = dir.path().join("corrupt.db");
    std::fs::write(&store, vec![0x5a; 8192]).unwrap();
    let journal = dir.path().join("corrupt.journal");
    let simulated = ok_stdout(
        "02 over a corrupt store",
        pushlane(&[
            "simulate",
            &file.display().to_string(),
            "--format",
            "jsonl",
            "--store",
            &store.display().to_string(),
            "--journal",
            &journal.display().to_string(),
        ]),
    );
    assert!(
        simulated.lines().next().unwrap().contains("store_reset"),
        "{simulated}"
    );
    let replayed = ok_stdout(
        "replay",
        pushlane(&[
            "replay",
            &journal.display().to_string(),
            "--format",
            "jsonl",
        ]),
    );
    assert_eq!(replayed, fingerprinted(&simulated));
}
