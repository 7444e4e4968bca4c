//! `RUST_LOG` turns on the engine's log lines, on standard error only; without it the output
//! is exactly what it was.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/01-xiaomi-china-edition.toml")
}

fn simulate(rust_log: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pushlane"));
    command
        .arg("simulate")
        .arg(example())
        .args(["--format", "jsonl"])
        .env_remove("RUST_LOG");
    if let Some(value) = rust_log {
        command.env("RUST_LOG", value);
    }
    command.output().expect("pushlane runs")
}

#[test]
fn rust_log_shows_the_engine_logs_on_stderr_and_leaves_the_trace_alone() {
    let quiet = simulate(None);
    assert!(quiet.status.success());
    assert_eq!(
        String::from_utf8_lossy(&quiet.stderr),
        "",
        "no RUST_LOG: no logs"
    );

    let logged = simulate(Some("info"));
    assert!(logged.status.success());
    assert_eq!(logged.stdout, quiet.stdout, "logs never go into the trace");
    let stderr = String::from_utf8_lossy(&logged.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("INFO") && l.contains("store write")),
        "RUST_LOG=info shows the store writes:\n{stderr}"
    );

    let filtered = simulate(Some("pushlane_runtime=off"));
    assert_eq!(String::from_utf8_lossy(&filtered.stderr), "");
    let empty = simulate(Some(""));
    assert_eq!(
        String::from_utf8_lossy(&empty.stderr),
        "",
        "empty RUST_LOG is off"
    );
}

#[test]
fn a_filter_that_cannot_be_read_is_a_usage_error_naming_the_variable() {
    let run = simulate(Some("pushlane_runtime=loud"));
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("pushlane: RUST_LOG=\"pushlane_runtime=loud\": "),
        "{stderr}"
    );
}

#[test]
fn logs_to_a_closed_stderr_are_dropped_without_a_panic() {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .arg("simulate")
        .arg(example())
        .env("RUST_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        ))
        .output()
        .expect("pushlane runs");
    assert_eq!(output.status.code(), Some(0));
}
