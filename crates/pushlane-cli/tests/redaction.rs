//! No secret reaches a person (issue 10 §4): over every example scenario and a scenario that
//! quotes secrets in free text, run as `pushlane simulate` runs them with a `tracing`
//! subscriber at TRACE, no device token, `app_key` or `app_secret` appears in any log line or in
//! the pretty trace. The JSONL trace keeps its exact fields (scenario.md); its events carry
//! fingerprints where a secret was quoted.

use pushlane::fingerprint;
use pushlane_cli::scenario::{load, run};
use pushlane_cli::trace::TraceWriter;
use pushlane_cli::Format;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

/// Everything written to it, for the trace and for the log lines.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

const SECRET_KEYS: [&str; 4] = ["app_key", "app_secret", "master_secret", "client_secret"];

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    files
}

fn free_text_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secrets_in_free_text.toml")
}

/// The pretty trace, the JSONL trace and every log line (TRACE level) of one run.
struct Run {
    pretty: String,
    jsonl: Vec<Value>,
    logs: String,
}

fn simulate(file: &Path) -> Run {
    let scenario = load(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let logs = Capture::default();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish()
        .set_default();
    let trace = |format| {
        let dir = tempfile::tempdir().unwrap();
        let mut out: Vec<u8> = Vec::new();
        let mut writer = TraceWriter::new(anstream::AutoStream::never(&mut out), format);
        run(&scenario, &dir.path().join("pushlane.db"), &mut writer)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        writer.flush().unwrap();
        drop(writer);
        String::from_utf8(out).unwrap()
    };
    let pretty = trace(Format::Pretty);
    let jsonl = trace(Format::Jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Run {
        pretty,
        jsonl,
        logs: logs.text(),
    }
}

/// The secrets of a scenario: its config's keys and secrets, its host's token, the tokens its
/// steps send and every token its JSONL trace shows.
fn secrets_of(file: &Path, jsonl: &[Value]) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let scenario: toml::Value = toml::from_str(&text).unwrap();
    let mut secrets = Vec::new();
    let mut add = |value: Option<&str>| {
        if let Some(secret) = value.filter(|s| !s.is_empty()) {
            if !secrets.iter().any(|s| s == secret) {
                secrets.push(secret.to_string());
            }
        }
    };
    let vendors = scenario
        .get("config")
        .and_then(|c| c.get("vendors"))
        .and_then(toml::Value::as_array);
    for entry in vendors.into_iter().flatten() {
        for key in SECRET_KEYS {
            add(entry.get(key).and_then(toml::Value::as_str));
        }
    }
    add(scenario
        .get("host")
        .and_then(|h| h.get("token"))
        .and_then(toml::Value::as_str));
    for step in scenario
        .get("step")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        add(step.get("token").and_then(toml::Value::as_str));
    }
    for line in jsonl {
        add(line.get("token").and_then(Value::as_str));
    }
    secrets
}

fn assert_no_secret(file: &Path, run: &Run, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !run.pretty.contains(secret.as_str()),
            "{}: {secret} appears in the pretty trace:\n{}",
            file.display(),
            run.pretty
        );
        for line in run.logs.lines() {
            assert!(
                !line.contains(secret.as_str()),
                "{}: {secret} appears in a log line: {line}",
                file.display()
            );
        }
    }
}

#[test]
fn no_secret_in_the_logs_or_the_pretty_trace_of_any_example() {
    let mut log_lines = 0;
    for file in examples() {
        let run = simulate(&file);
        let secrets = secrets_of(&file, &run.jsonl);
        assert!(!secrets.is_empty() || file.ends_with("12-uncertified-phone-local.toml"));
        assert_no_secret(&file, &run, &secrets);
        log_lines += run.logs.lines().count();
    }
    assert!(log_lines > 0, "no log line was captured");
}

#[test]
fn secrets_quoted_in_free_text_are_fingerprints_in_logs_pretty_trace_and_events() {
    let file = free_text_fixture();
    let run = simulate(&file);
    let token = "mi-token-quoted-everywhere";
    let app_key = "5731700000000";
    let secrets = secrets_of(&file, &run.jsonl);
    assert!(
        secrets.iter().any(|s| s == token) && secrets.iter().any(|s| s == app_key),
        "{secrets:?}"
    );
    assert!(run.logs.contains("store write"), "{}", run.logs);
    assert_no_secret(&file, &run, &secrets);
    // The pretty trace shows the fingerprints where the secrets were quoted.
    for quoted in [
        "input   vendor_error",
        "event   vendor_failed",
        "effect  show_notification",
        "effect  deliver_click",
        "effect_done             effect_id=99",
    ] {
        let line = run
            .pretty
            .lines()
            .find(|l| l.contains(quoted))
            .unwrap_or_else(|| panic!("no {quoted} line:\n{}", run.pretty));
        assert!(line.contains(&fingerprint(token)), "{line}");
    }
    // The engine's own events carry fingerprints, in the JSONL trace too.
    let event = |kind: &str| -> &Value {
        run.jsonl
            .iter()
            .find(|l| l["kind"] == "event" && l["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} event"))
    };
    let reason = event("vendor_failed")["reason"].as_str().unwrap();
    assert_eq!(
        reason,
        format!(
            "register failed: token {} rejected for app_key {} (code 10013)",
            fingerprint(token),
            fingerprint(app_key)
        )
    );
    let detail = run
        .jsonl
        .iter()
        .filter(|l| l["type"] == "warning" && l["code"] == "vendor_unavailable")
        .map(|l| l["detail"].as_str().unwrap())
        .collect::<Vec<_>>();
    assert!(
        detail.len() == 1 && !detail[0].contains(token) && detail[0].contains(&fingerprint(token)),
        "{detail:?}"
    );
    // Exact fields stay exact in JSONL: the upload still carries the token the host must send.
    assert!(
        run.jsonl
            .iter()
            .any(|l| l["type"] == "upload_token" && l["token"] == token),
        "{:?}",
        run.jsonl
    );
}

#[test]
fn the_command_with_rust_log_at_trace_shows_no_secret_on_stdout_or_stderr() {
    let mut files = examples();
    files.push(free_text_fixture());
    let mut logged = 0;
    for file in files {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pushlane"))
            .arg("simulate")
            .arg(&file)
            .env("RUST_LOG", "trace")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", file.display());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        logged += stderr.lines().count();
        for secret in secrets_of(&file, &simulate(&file).jsonl) {
            assert!(
                !stdout.contains(&secret) && !stderr.contains(&secret),
                "{}: {secret} shown:\n{stdout}\n{stderr}",
                file.display()
            );
        }
    }
    assert!(logged > 0, "RUST_LOG=trace logged nothing");
}
