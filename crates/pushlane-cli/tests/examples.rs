//! Golden test of `examples/scenarios/`: every `*.toml` there is run with
//! `pushlane simulate FILE --format jsonl` and its trace compared with the checked-in
//! `<name>.jsonl` beside it, so the examples never rot.
//!
//! To regenerate the expected traces on purpose (after a deliberate change of behaviour):
//!
//! ```text
//! PUSHLANE_BLESS=1 cargo test -p pushlane-cli --test examples
//! ```
//!
//! and review the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios")
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("examples/scenarios exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn simulate_jsonl(file: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .arg("simulate")
        .arg(file)
        .args(["--format", "jsonl"])
        .output()
        .expect("pushlane runs");
    assert!(
        output.status.success(),
        "{}: exit {:?}\n{}",
        file.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 trace")
}

fn bless() -> bool {
    std::env::var_os("PUSHLANE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn there_are_at_least_twelve_examples_each_saying_what_it_shows() {
    let files = scenario_files();
    assert!(files.len() >= 12, "only {} example scenarios", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# "),
            "{} must open with a comment saying what it shows",
            file.display()
        );
    }
}

#[test]
fn every_vendor_appears_in_some_example() {
    let mut seen = std::collections::BTreeSet::new();
    for file in scenario_files() {
        let trace = simulate_jsonl(&file);
        for line in trace.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            if value["type"] == "vendor_selected" {
                seen.insert(value["vendor"].as_str().unwrap().to_string());
            }
        }
    }
    for vendor in [
        "apns", "fcm", "huawei", "honor", "xiaomi", "oppo", "vivo", "meizu", "local",
    ] {
        assert!(
            seen.contains(vendor),
            "no example selects {vendor}: {seen:?}"
        );
    }
}

#[test]
fn every_example_matches_its_expected_trace() {
    let mut failures = Vec::new();
    for file in scenario_files() {
        let actual = simulate_jsonl(&file);
        for line in actual.lines() {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("{}: not JSON: {line}: {e}", file.display()));
        }
        let expected_path = file.with_extension("jsonl");
        if bless() {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = match std::fs::read_to_string(&expected_path) {
            Ok(text) => text,
            Err(_) => {
                failures.push(format!(
                    "{}: no expected trace; run with PUSHLANE_BLESS=1 to create it",
                    expected_path.display()
                ));
                continue;
            }
        };
        if actual != expected {
            failures.push(first_difference(&expected_path, &expected, &actual));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n(if the change is deliberate: PUSHLANE_BLESS=1 cargo test -p pushlane-cli --test examples)",
        failures.join("\n\n")
    );
}

fn first_difference(path: &Path, expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let at = e
        .iter()
        .zip(a.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    format!(
        "{}: trace differs at line {} ({} expected lines, {} actual)\n  expected: {}\n  actual:   {}",
        path.display(),
        at + 1,
        e.len(),
        a.len(),
        e.get(at).unwrap_or(&"<end of trace>"),
        a.get(at).unwrap_or(&"<end of trace>")
    )
}

#[test]
fn early_fcm_token_example_uploads_five_seconds_after_init_without_polling() {
    // lifecycle.md §4: a vendor_token before init is never dropped. The golden trace pins the
    // whole run; this says what the example is there to show.
    let trace = simulate_jsonl(&scenarios_dir().join("16-early-fcm-token.toml"));
    let lines: Vec<serde_json::Value> = trace
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of_type =
        |t: &str| -> Vec<&serde_json::Value> { lines.iter().filter(|l| l["type"] == t).collect() };
    let init_at = of_type("plugin_init")[0]["at_ms"].as_u64().unwrap();
    assert!(of_type("vendor_token")[0]["at_ms"].as_u64().unwrap() < init_at);
    assert_eq!(of_type("vendor_selected")[0]["vendor"], "fcm");
    let uploads = of_type("upload_token");
    assert_eq!(uploads.len(), 1, "{trace}");
    assert_eq!(uploads[0]["at_ms"].as_u64(), Some(init_at + 5000));
    assert_eq!(uploads[0]["token"], "fcm-token-pixel8-autoinit");
    assert!(of_type("fetch_token").is_empty(), "no polling: {trace}");
    assert!(
        !lines
            .iter()
            .any(|l| l["type"] == "arm_timer" && l["timer"] == "token_fetch"),
        "{trace}"
    );
    assert_eq!(of_type("token_uploaded").len(), 1);
}
