//! `pushlane replay JOURNAL`: replays a runtime journal on a fresh machine and prints the trace;
//! a journal line that cannot be read is refused with the file and the line number.

use pushlane::{fingerprint, DeviceInfo, Input, Output, PersistedState};
use pushlane_runtime::{Driver, Journal, JournalHeader};
use pushlane_store::MemoryStore;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output as ProcessOutput};

const HEADER: &str = r#"{"type":"header","version":1,"device":{"platform":"android","manufacturer":"Xiaomi","props":{"ro.miui.ui.version.name":"V140"}},"config":{"edition":"china","vendors":[{"vendor":"xiaomi","business_id":10001,"app_id":"2882303761517000000","app_key":"fp:00000000"}]},"persisted":{}}"#;

fn replay(journal: &Path, extra: &[&str]) -> ProcessOutput {
    Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .arg("replay")
        .arg(journal)
        .args(extra)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("pushlane runs")
}

fn lines(output: &ProcessOutput) -> Vec<Value> {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

fn hand_written_journal(dir: &Path) -> std::path::PathBuf {
    let token = fingerprint("mi-token-1");
    let text = format!(
        "{HEADER}
{{\"at_ms\":0,\"type\":\"sdk_initialized\"}}
{{\"at_ms\":100,\"type\":\"plugin_init\"}}
{{\"at_ms\":200,\"type\":\"login\",\"user_id\":\"alice\"}}
{{\"at_ms\":400,\"type\":\"vendor_token\",\"token\":\"{token}\",\"vendor\":\"xiaomi\"}}
{{\"at_ms\":5100,\"type\":\"timer\",\"timer\":\"token_upload\"}}
{{\"at_ms\":5150,\"type\":\"effect_done\",\"effect_id\":1,\"ok\":true}}
"
    );
    let path = dir.join("engine.journal");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn replays_a_journal_as_a_jsonl_trace() {
    let dir = tempfile::tempdir().unwrap();
    let journal = hand_written_journal(dir.path());
    let trace = lines(&replay(&journal, &["--format", "jsonl"]));
    assert_eq!(
        trace[0],
        serde_json::json!({"at_ms":0,"kind":"input","type":"sdk_initialized"})
    );
    let upload = trace
        .iter()
        .find(|l| l["type"] == "upload_token")
        .expect("upload_token");
    assert_eq!(upload["kind"], "effect");
    assert_eq!(upload["at_ms"], 5100);
    assert_eq!(upload["effect_id"], 1);
    assert_eq!(upload["token"], fingerprint("mi-token-1"));
    assert!(trace
        .iter()
        .any(|l| l["type"] == "token_uploaded" && l["at_ms"] == 5150));
    for line in &trace {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["at_ms", "kind", "type"], "{line}");
    }
}

#[test]
fn replaying_a_runtime_journal_gives_what_the_engine_did() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("written.journal");
    let config = pushlane::parse_config_toml(
        r#"
        edition = "china"
        [[vendors]]
        vendor = "xiaomi"
        business_id = 10001
        app_id = "2882303761517000000"
        app_key = "5731700000000"
        "#,
    )
    .unwrap();
    let device = DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V140");
    let machine = pushlane::machine(config, device, PersistedState::default()).unwrap();
    let header = JournalHeader::for_machine(&machine, None);
    let journal = Journal::create(&path, &header).unwrap();
    let mut driver = Driver::new(machine, MemoryStore::new()).with_journal(journal);

    let inputs = [
        (0, Input::SdkInitialized),
        (100, Input::PluginInit),
        (
            200,
            Input::Login {
                user_id: "alice".into(),
            },
        ),
        (
            400,
            Input::VendorToken {
                token: "mi-token-1".into(),
                vendor: Some("xiaomi".into()),
            },
        ),
        (
            5100,
            Input::Timer {
                timer: pushlane::TimerName::TokenUpload,
            },
        ),
        (
            5100,
            Input::EffectDone {
                effect_id: 1,
                ok: false,
                error: Some("network".into()),
            },
        ),
    ];
    let mut original = Vec::new();
    for (at, input) in inputs {
        original.push(("input".to_string(), input.kind().to_string()));
        for output in driver.handle(at, input).outputs {
            match output {
                Output::Effect(e) => original.push(("effect".into(), e.kind().into())),
                Output::Event(e) => original.push(("event".into(), e.kind().into())),
                Output::Persist(_) => {}
            }
        }
    }
    drop(driver);

    let trace = lines(&replay(&path, &["--format", "jsonl"]));
    let replayed: Vec<(String, String)> = trace
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap().to_string(),
                l["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(replayed, original);
    // Tokens never appear in the clear.
    let text = serde_json::to_string(&trace).unwrap();
    assert!(!text.contains("mi-token-1"), "{text}");
    assert!(trace
        .iter()
        .any(|l| l["type"] == "upload_failed" && l["retry_in_ms"] == 1000));
}

#[test]
fn pretty_replay_is_plain_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = hand_written_journal(dir.path());
    let output = replay(&journal, &[]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\x1b'));
    assert!(text.contains("   5.100s  effect  upload_token"), "{text}");
    assert!(text.contains(&fingerprint("mi-token-1")), "{text}");
}

#[test]
fn a_bad_line_is_refused_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.journal");
    std::fs::write(
        &path,
        format!(
            "{HEADER}\n{{\"at_ms\":0,\"type\":\"sdk_initialized\"}}\n{{\"at_ms\":1,\"type\":\"lgoin\"}}\n"
        ),
    )
    .unwrap();
    let output = replay(&path, &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("broken.journal"), "{message}");
    assert!(message.contains("line 3"), "{message}");

    std::fs::write(&path, "{\"at_ms\":0,\"type\":\"sdk_initialized\"}\n").unwrap();
    let output = replay(&path, &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("line 1"), "{message}");

    std::fs::write(&path, "").unwrap();
    let output = replay(&path, &[]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_header_with_an_unusable_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.journal");
    let header = HEADER.replace("\"vendor\":\"xiaomi\"", "\"vendor\":\"nokia\"");
    std::fs::write(&path, format!("{header}\n")).unwrap();
    let output = replay(&path, &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("config.journal") && message.contains("nokia"),
        "{message}"
    );
}

#[test]
fn a_missing_journal_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = replay(&dir.path().join("nowhere.journal"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere.journal"));
}

#[test]
fn a_bad_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let journal = hand_written_journal(dir.path());
    let output = replay(&journal, &["--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn times_that_run_backwards_are_refused_naming_both_lines_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backwards.journal");
    std::fs::write(
        &path,
        format!(
            "{HEADER}\n{{\"at_ms\":0,\"type\":\"sdk_initialized\"}}\n\
             {{\"at_ms\":5000,\"type\":\"plugin_init\"}}\n\
             {{\"at_ms\":5000,\"type\":\"ui_ready\"}}\n\
             {{\"at_ms\":200,\"type\":\"login\",\"user_id\":\"alice\"}}\n"
        ),
    )
    .unwrap();
    let output = replay(&path, &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        message.trim_end(),
        format!(
            "pushlane: {}: line 5: at_ms 200 is earlier than line 4's at_ms 5000; \
             a journal's times never run backwards",
            path.display()
        )
    );
}

#[test]
fn invalid_utf8_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bytes.journal");
    let mut bytes = format!(
        "{HEADER}\n{{\"at_ms\":0,\"type\":\"sdk_initialized\"}}\n{{\"at_ms\":1,\"type\":\"login\",\"user_id\":\""
    )
    .into_bytes();
    bytes.extend_from_slice(b"al\xffice\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let output = replay(&path, &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        message.trim_end(),
        format!(
            "pushlane: {}: line 3: not valid UTF-8 (at byte 40 of the line)",
            path.display()
        )
    );
}
