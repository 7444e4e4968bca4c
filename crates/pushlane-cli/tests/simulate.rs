//! `pushlane simulate`: the happy path, the trace formats, the store, and bad input (exit codes
//! and messages).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The example of scenario.md, word for word.
const SPEC_EXAMPLE: &str = r#"
name = "Redmi phone, China edition: token reaches the Chat server 5 s after init"

[device]
platform = "android"            # android | ios
manufacturer = "Xiaomi"         # Build.MANUFACTURER
brand = "Redmi"                 # optional
android_api = 34                # optional
gms = false                     # Google Play services usable
honor_push = false              # optional
[device.props]                  # optional system properties
"ro.miui.ui.version.name" = "V140"

[config]                        # plugin config, lifecycle.md and vendors.md §2
edition = "china"
upload_delay_ms = 5000
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"

[[config.vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"

[host]                          # how the simulated host answers effects (all optional)
token = "mi-token-1"            # reported as vendor_token {token, vendor} after register_vendor / fetch_token
token_after_ms = 300            # ... this long after the effect; omit `token` to send tokens by hand
fail_uploads = 0                # the first N upload_token effects fail
fail_clears = 0                 # the first N clear_token effects fail
effect_latency_ms = 0           # delay before effect_done is answered
grant_permission = true         # answer to request_permission

[[step]]
at_ms = 0
input = "sdk_initialized"

[[step]]
at_ms = 100
input = "plugin_init"

[[step]]
at_ms = 200
input = "login"
user_id = "alice"

[[step]]
at_ms = 9000
input = "app_state"
state = "paused"

[[step]]
at_ms = 12000
input = "restart"               # simulator only: the process dies; a new engine opens the same store
"#;

/// The part of a scenario before its steps.
const XIAOMI_HEAD: &str = r#"
[device]
platform = "android"
manufacturer = "Xiaomi"
[device.props]
"ro.miui.ui.version.name" = "V140"

[config]
edition = "china"
[[config.vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"

[host]
token = "mi-token-1"
token_after_ms = 300
"#;

const INIT_AND_LOGIN: &str = r#"
[[step]]
at_ms = 0
input = "sdk_initialized"

[[step]]
at_ms = 100
input = "plugin_init"

[[step]]
at_ms = 200
input = "login"
user_id = "alice"
"#;

fn pushlane(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("pushlane runs")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn simulate(file: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["simulate".as_ref(), file.as_os_str()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    pushlane(&args)
}

fn jsonl(output: &Output) -> Vec<Value> {
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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a malformed scenario: exit 2, nothing on stdout, the message on stderr.
fn refused(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "bad-scenario.toml", text);
    let output = simulate(&file, &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "nothing runs before the scenario is checked"
    );
    let message = stderr(&output);
    assert!(message.contains("bad-scenario.toml"), "{message}");
    message
}

#[test]
fn the_spec_example_uploads_at_5100_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "redmi.toml", SPEC_EXAMPLE);
    let lines = jsonl(&simulate(&file, &["--format", "jsonl"]));

    assert_eq!(
        lines[0],
        serde_json::json!({"at_ms":0,"kind":"input","type":"sdk_initialized"})
    );
    for line in &lines {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["at_ms", "kind", "type"], "{line}");
        assert!(["input", "effect", "event"].contains(&line["kind"].as_str().unwrap()));
    }
    let find = |kind: &str, ty: &str| {
        lines
            .iter()
            .find(|l| l["kind"] == kind && l["type"] == ty)
            .unwrap_or_else(|| panic!("no {kind} {ty} in {lines:#?}"))
    };
    assert_eq!(
        *find("event", "vendor_selected"),
        serde_json::json!({"at_ms":100,"kind":"event","type":"vendor_selected","vendor":"xiaomi","reason":"manufacturer"})
    );
    assert_eq!(
        *find("effect", "register_vendor"),
        serde_json::json!({"at_ms":100,"kind":"effect","type":"register_vendor","vendor":"xiaomi"})
    );
    assert_eq!(
        *find("effect", "upload_token"),
        serde_json::json!({"at_ms":5100,"kind":"effect","type":"upload_token","effect_id":1,"vendor":"xiaomi","business_id":10001,"token":"mi-token-1"})
    );
    // The host's answers are inputs too.
    assert_eq!(find("input", "vendor_token")["at_ms"], 400);
    assert_eq!(find("input", "vendor_token")["vendor"], "xiaomi");
    assert_eq!(find("input", "effect_done")["effect_id"], 1);
    assert_eq!(find("input", "timer")["timer"], "token_upload");
    assert_eq!(
        *lines.last().unwrap(),
        serde_json::json!({"at_ms":12000,"kind":"input","type":"restart"})
    );
    // The virtual clock never goes back.
    let times: Vec<u64> = lines.iter().map(|l| l["at_ms"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

#[test]
fn a_restart_opens_the_same_store_and_does_not_upload_again() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{XIAOMI_HEAD}{INIT_AND_LOGIN}
[[step]]
at_ms = 12000
input = \"restart\"
[[step]]
at_ms = 12100
input = \"sdk_initialized\"
[[step]]
at_ms = 12200
input = \"plugin_init\"
[[step]]
at_ms = 12300
input = \"login\"
user_id = \"alice\"
"
    );
    let file = write(dir.path(), "restart.toml", &text);
    let lines = jsonl(&simulate(&file, &["--format", "jsonl"]));
    let restart = lines
        .iter()
        .position(|l| l["type"] == "restart")
        .expect("restart line");
    assert_eq!(lines[restart]["kind"], "input");
    assert_eq!(lines[restart]["at_ms"], 12000);
    let after = &lines[restart + 1..];
    assert!(
        after.iter().all(|l| l["type"] != "upload_token"),
        "{after:#?}"
    );
    assert!(after
        .iter()
        .any(|l| l["type"] == "upload_skipped" && l["reason"] == "already_uploaded"));
    // The stored token counts as known: no polling after the restart.
    assert!(after.iter().all(|l| l["type"] != "fetch_token"));
    // The one upload went out 5 s after init, host answers are inputs too, and time never
    // goes backwards across the restart.
    let uploads: Vec<_> = lines
        .iter()
        .filter(|l| l["type"] == "upload_token")
        .collect();
    assert_eq!(uploads.len(), 1, "{lines:#?}");
    assert_eq!(uploads[0]["at_ms"], 5100);
    assert!(lines
        .iter()
        .any(|l| l["kind"] == "input" && l["type"] == "effect_done"));
    let times: Vec<u64> = lines.iter().map(|l| l["at_ms"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn effect_ids_start_again_after_a_restart_and_failure_counters_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let head = XIAOMI_HEAD.replace(
        "token_after_ms = 300",
        "token_after_ms = 300\nfail_uploads = 1",
    );
    let text = format!(
        "{head}{INIT_AND_LOGIN}
[[step]]
at_ms = 5500
input = \"restart\"
[[step]]
at_ms = 6000
input = \"sdk_initialized\"
[[step]]
at_ms = 6000
input = \"plugin_init\"
[[step]]
at_ms = 6000
input = \"login\"
user_id = \"alice\"
"
    );
    let file = write(dir.path(), "ids.toml", &text);
    let lines = jsonl(&simulate(&file, &["--format", "jsonl"]));
    let uploads: Vec<&Value> = lines
        .iter()
        .filter(|l| l["type"] == "upload_token")
        .collect();
    // First process: upload 1 fails at 5100 and its retry (due 6100) dies with the process.
    // Second process: upload at 11000 (init at 6000 + 5000) is effect 1 again, and succeeds.
    assert_eq!(uploads.len(), 2, "{lines:#?}");
    assert_eq!(uploads[0]["at_ms"], 5100);
    assert_eq!(uploads[1]["at_ms"], 11000);
    assert_eq!(uploads[1]["effect_id"], 1);
    let done: Vec<&Value> = lines
        .iter()
        .filter(|l| l["type"] == "effect_done")
        .collect();
    assert_eq!(done[0]["ok"], false);
    assert_eq!(done[1]["ok"], true);
    assert!(lines
        .iter()
        .all(|l| !(l["type"] == "timer" && l["at_ms"] == 6100)));
}

#[test]
fn answers_and_timers_due_at_a_step_come_before_it() {
    let dir = tempfile::tempdir().unwrap();
    // The token is due at 400; a step at 400 comes after it.
    let text = format!(
        "{XIAOMI_HEAD}{INIT_AND_LOGIN}
[[step]]
at_ms = 400
input = \"unread\"
count = 1
"
    );
    let file = write(dir.path(), "order.toml", &text);
    let lines = jsonl(&simulate(&file, &["--format", "jsonl"]));
    let token = lines
        .iter()
        .position(|l| l["type"] == "vendor_token")
        .unwrap();
    let unread = lines.iter().position(|l| l["type"] == "unread").unwrap();
    assert!(token < unread);
    // After the last step the clock runs on to the upload timer.
    assert!(lines
        .iter()
        .any(|l| l["type"] == "upload_token" && l["at_ms"] == 5100));
}

#[test]
fn the_clock_stops_10_minutes_after_the_last_step() {
    let dir = tempfile::tempdir().unwrap();
    // Uploads fail forever: retries back off to 60 s and go on, but not past 10 minutes.
    let head = XIAOMI_HEAD.replace(
        "token_after_ms = 300",
        "token_after_ms = 300\nfail_uploads = 1000",
    );
    let file = write(
        dir.path(),
        "forever.toml",
        &format!("{head}{INIT_AND_LOGIN}"),
    );
    let lines = jsonl(&simulate(&file, &["--format", "jsonl"]));
    let last = lines.last().unwrap()["at_ms"].as_u64().unwrap();
    assert!(last <= 200 + 600_000, "{last}");
    assert!(last > 500_000, "{last}");
    let retry_in: Vec<u64> = lines
        .iter()
        .filter(|l| l["type"] == "upload_failed")
        .map(|l| l["retry_in_ms"].as_u64().unwrap())
        .collect();
    assert_eq!(retry_in[..7], [1000, 2000, 4000, 8000, 16000, 32000, 60000]);
}

#[test]
fn store_flag_keeps_the_file_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("device.db");
    let file = write(
        dir.path(),
        "s.toml",
        &format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}"),
    );

    let first = jsonl(&simulate(
        &file,
        &["--format", "jsonl", "--store", store.to_str().unwrap()],
    ));
    assert!(first.iter().any(|l| l["type"] == "upload_token"));
    assert!(store.exists(), "the store file is kept");

    // A second run over the same store: the token is already on the server.
    let second = jsonl(&simulate(
        &file,
        &["--format", "jsonl", "--store", store.to_str().unwrap()],
    ));
    assert!(
        second.iter().all(|l| l["type"] != "upload_token"),
        "{second:#?}"
    );
    assert!(second
        .iter()
        .any(|l| l["type"] == "upload_skipped" && l["reason"] == "already_uploaded"));

    // Without --store every run starts empty.
    let third = jsonl(&simulate(&file, &["--format", "jsonl"]));
    assert!(third.iter().any(|l| l["type"] == "upload_token"));
}

#[test]
fn a_corrupt_store_is_moved_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("device.db");
    std::fs::write(&store, b"this is not an SQLite database, not at all").unwrap();
    let file = write(
        dir.path(),
        "s.toml",
        &format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}"),
    );
    let lines = jsonl(&simulate(
        &file,
        &["--format", "jsonl", "--store", store.to_str().unwrap()],
    ));
    assert_eq!(lines[0]["at_ms"], 0);
    assert_eq!(lines[0]["kind"], "event");
    assert_eq!(lines[0]["type"], "warning");
    assert_eq!(lines[0]["code"], "store_reset");
    assert_eq!(lines[1]["type"], "sdk_initialized");
    let moved = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
    assert!(moved, "the corrupt file is kept beside the new store");
}

#[test]
fn pretty_output_is_plain_off_a_terminal_and_hides_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let head = XIAOMI_HEAD.replace("mi-token-1", "mi-token-0123456789abcdef");
    let file = write(dir.path(), "s.toml", &format!("{head}{INIT_AND_LOGIN}"));
    let output = simulate(&file, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        !text.contains('\x1b'),
        "no ANSI codes when stdout is not a terminal"
    );
    assert!(!text.contains("mi-token-0123456789abcdef"), "{text}");
    assert!(text.contains("   5.100s  effect  upload_token"), "{text}");
    assert!(text.contains("token=mi-t…[fp:"), "{text}");
    assert!(
        text.contains("   0.000s  input   sdk_initialized"),
        "{text}"
    );

    let explicit = simulate(&file, &["--format", "pretty"]);
    assert_eq!(String::from_utf8(explicit.stdout).unwrap(), text);
}

/// Pretty output with these colour variables (stdout is a pipe here, not a terminal).
fn pretty_with_env(file: &Path, env: &[(&str, &str)]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args([
            "simulate".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            "pretty".as_ref(),
        ])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .expect("pushlane runs");
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn colour_is_forced_by_clicolor_force_and_turned_off_by_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "s.toml",
        &format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}"),
    );
    let plain = pretty_with_env(&file, &[]);
    assert!(!plain.contains('\x1b'), "{plain:?}");

    let forced = pretty_with_env(&file, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\x1b["), "{forced:?}");
    assert_ne!(forced, plain);
    // The same text once the styles are taken out.
    let mut stripped = String::new();
    let mut rest = forced.as_str();
    while let Some(at) = rest.find('\x1b') {
        stripped.push_str(&rest[..at]);
        let end = rest[at..].find('m').expect("an SGR sequence ends with m");
        rest = &rest[at + end + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);

    let refused = pretty_with_env(&file, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(refused, plain, "NO_COLOR wins");
}

#[test]
fn unknown_input_gets_a_suggestion() {
    let message = refused(&format!(
        "{XIAOMI_HEAD}
[[step]]
at_ms = 0
input = \"sdk_initialized\"
[[step]]
at_ms = 100
input = \"lgoin\"
user_id = \"alice\"
"
    ));
    assert!(message.contains("step 2"), "{message}");
    assert!(message.contains("lgoin"), "{message}");
    assert!(message.contains("did you mean `login`"), "{message}");
}

#[test]
fn missing_manufacturer_is_refused() {
    let text = format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}").replace("manufacturer = \"Xiaomi\"\n", "");
    let message = refused(&text);
    assert!(message.contains("[device]"), "{message}");
    assert!(message.contains("manufacturer"), "{message}");
}

#[test]
fn missing_platform_is_refused() {
    let text = format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}").replace("platform = \"android\"\n", "");
    let message = refused(&text);
    assert!(message.contains("platform"), "{message}");
}

#[test]
fn unknown_keys_are_refused_everywhere() {
    let message = refused(&format!(
        "{}{INIT_AND_LOGIN}",
        XIAOMI_HEAD.replace("token_after_ms", "token_after")
    ));
    assert!(
        message.contains("[host]") && message.contains("token_after"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `token_after_ms`"),
        "{message}"
    );

    let message = refused(&format!(
        "{}{INIT_AND_LOGIN}",
        XIAOMI_HEAD.replace(
            "platform = \"android\"",
            "platform = \"android\"\nmodel = \"Redmi Note 12\""
        )
    ));
    assert!(
        message.contains("[device]") && message.contains("model"),
        "{message}"
    );

    let message = refused(&format!(
        "{}{INIT_AND_LOGIN}",
        XIAOMI_HEAD.replace("app_key = ", "chanel_id = \"x\"\napp_key = ")
    ));
    assert!(
        message.contains("key `config.vendors[0]`: xiaomi: unknown field chanel_id"),
        "{message}"
    );

    let message = refused(&format!("title = \"x\"\n{XIAOMI_HEAD}{INIT_AND_LOGIN}"));
    assert!(message.contains("unknown key `title`"), "{message}");

    let message = refused(&format!(
        "{XIAOMI_HEAD}{INIT_AND_LOGIN}[[step]]\nat_ms = 300\ninput = \"login\"\nuser = \"bob\"\n"
    ));
    assert!(
        message.contains("step 4 (login)") && message.contains("user"),
        "{message}"
    );
}

#[test]
fn decreasing_at_ms_is_refused() {
    let message = refused(&format!(
        "{XIAOMI_HEAD}
[[step]]
at_ms = 500
input = \"sdk_initialized\"
[[step]]
at_ms = 400
input = \"plugin_init\"
"
    ));
    assert!(message.contains("step 2"), "{message}");
    assert!(message.contains("non-decreasing"), "{message}");
}

#[test]
fn wrong_values_name_the_step_and_what_was_expected() {
    let message = refused(&format!(
        "{XIAOMI_HEAD}[[step]]\nat_ms = 0\ninput = \"app_state\"\nstate = \"sleeping\"\n"
    ));
    assert!(
        message.contains("step 1 (app_state)") && message.contains("resumed"),
        "{message}"
    );

    let message = refused(&format!(
        "{XIAOMI_HEAD}[[step]]\nat_ms = \"soon\"\ninput = \"ui_ready\"\n"
    ));
    assert!(
        message.contains("step 1") && message.contains("at_ms"),
        "{message}"
    );

    let message = refused(&format!("{XIAOMI_HEAD}[[step]]\nat_ms = 0\n"));
    assert!(
        message.contains("step 1") && message.contains("missing key `input`"),
        "{message}"
    );

    let message = refused(XIAOMI_HEAD);
    assert!(message.contains("[[step]]"), "{message}");

    let message = refused("[device\nplatform = 1");
    assert!(message.contains("TOML"), "{message}");
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = simulate(&dir.path().join("no-such-scenario.toml"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-scenario.toml"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "s.toml",
        &format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}"),
    );
    let output = simulate(&file, &["--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("xml"), "{}", stderr(&output));
    assert!(stderr(&output).contains("jsonl"), "{}", stderr(&output));
}

#[test]
fn a_store_that_cannot_be_created_is_an_engine_failure() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "s.toml",
        &format!("{XIAOMI_HEAD}{INIT_AND_LOGIN}"),
    );
    let store = dir.path().join("no-such-directory").join("device.db");
    let output = simulate(&file, &["--store", store.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no-such-directory"),
        "{}",
        stderr(&output)
    );
}
