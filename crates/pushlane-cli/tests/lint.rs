//! `pushlane lint`: every payload example in `examples/payloads/` against its golden transcript
//! (both formats, with the exit status), what each example is meant to show, and bad input.
//!
//! To rewrite the golden transcripts after a deliberate change (a new vendor rule), run
//! `UPDATE_GOLDEN=1 cargo test -p pushlane-cli --test lint` and review the diff.

mod common;
use common::{goldens, pushlane, pushlane_at_root, transcript, workspace_root, Run};
use serde_json::Value;

/// The payload examples, as paths relative to the workspace root, sorted.
fn examples() -> Vec<String> {
    let dir = workspace_root().join("examples/payloads");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/payloads exists")
        .map(|e| e.expect("readable directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml") || name.ends_with(".json"))
        .map(|name| format!("examples/payloads/{name}"))
        .collect();
    files.sort();
    files
}

fn lint_json(file: &str) -> (Vec<Value>, i32) {
    let run = pushlane_at_root(&["lint", file, "--format", "json"]);
    let findings: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{file}: --format json is not JSON ({e}):\n{}", run.stdout));
    let findings = findings.as_array().expect("a JSON array").clone();
    (findings, run.code)
}

#[test]
fn every_example_matches_its_golden_transcript_in_both_formats() {
    let files = examples();
    assert!(files.len() >= 8, "only {} payload examples", files.len());
    let transcripts: Vec<(String, String)> = files
        .iter()
        .map(|file| {
            let mut text = transcript(&["lint", file]);
            text.push('\n');
            text.push_str(&transcript(&["lint", file, "--format", "json"]));
            let name = file.trim_start_matches("examples/payloads/");
            (format!("payloads/{name}.lint.txt"), text)
        })
        .collect();
    goldens(&transcripts);
}

#[test]
fn every_toml_example_opens_with_a_comment_saying_what_it_shows() {
    for file in examples().iter().filter(|f| f.ends_with(".toml")) {
        let text = std::fs::read_to_string(workspace_root().join(file)).unwrap();
        assert!(text.starts_with("# "), "{file} must open with a comment");
    }
}

#[test]
fn clean_examples_have_no_findings_and_exit_zero() {
    for file in [
        "examples/payloads/clean.toml",
        "examples/payloads/clean.json",
        "examples/payloads/call_invitation.toml",
    ] {
        let (findings, code) = lint_json(file);
        assert_eq!(findings, Vec::<Value>::new(), "{file}");
        assert_eq!(code, 0, "{file}");
        let run = pushlane_at_root(&["lint", file]);
        assert!(
            run.stdout.starts_with("no findings"),
            "{file}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_json_form_says_the_same_as_the_toml_form() {
    let toml = pushlane_at_root(&["lint", "examples/payloads/clean.toml", "--format", "json"]);
    let json = pushlane_at_root(&["lint", "examples/payloads/clean.json", "--format", "json"]);
    assert_eq!(toml.code, 0, "{}", toml.stderr);
    assert_eq!((toml.code, toml.stdout), (json.code, json.stdout));
}

/// The findings of `file` with this code, for this vendor (`None`: a cross-vendor rule).
fn with_code(findings: &[Value], code: &str, vendor: Option<&str>) -> Vec<Value> {
    findings
        .iter()
        .filter(|f| f["code"] == code && f["vendor"].as_str() == vendor)
        .cloned()
        .collect()
}

#[test]
fn the_oppo_example_shows_ext_not_json_as_an_oppo_error() {
    let (findings, code) = lint_json("examples/payloads/oppo_ext_not_json.toml");
    let oppo = with_code(&findings, "ext_not_json", Some("oppo"));
    assert_eq!(oppo.len(), 1, "{findings:#?}");
    assert_eq!(oppo[0]["severity"], "error");
    assert_eq!(code, 1);
}

#[test]
fn the_custom_example_shows_custom_without_desc_as_an_error() {
    let (findings, code) = lint_json("examples/payloads/custom_without_desc.toml");
    let found = with_code(&findings, "custom_without_desc", None);
    assert_eq!(found.len(), 1, "{findings:#?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(code, 1);
}

/// The vendor-specific examples: each shows a finding of its vendor, with the exit status its
/// severity calls for.
#[test]
fn the_vendor_examples_show_a_finding_of_their_vendor() {
    for (file, vendor, severity, status) in [
        ("examples/payloads/apns_too_large.toml", "apns", "error", 1),
        (
            "examples/payloads/voip_without_call.toml",
            "apns",
            "error",
            1,
        ),
        (
            "examples/payloads/vivo_classification.toml",
            "vivo",
            "warning",
            0,
        ),
    ] {
        let (findings, code) = lint_json(file);
        assert!(
            findings
                .iter()
                .any(|f| f["vendor"] == vendor && f["severity"] == severity),
            "{file}: no {vendor} {severity} in {findings:#?}"
        );
        assert_eq!(code, status, "{file}");
    }
}

#[test]
fn pretty_output_gives_severity_vendor_code_why_fix_and_a_summary() {
    let run = pushlane_at_root(&["lint", "examples/payloads/custom_without_desc.toml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let first = run.stdout.lines().next().unwrap_or_default();
    let words: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(
        words[..3],
        ["error", "all", "custom_without_desc"],
        "{first}"
    );
    assert!(first.contains("never pushed"), "{first}");
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("  fix: "),
        "{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("1 error, 0 warnings"), "{last}");
    // Not a terminal: no colour.
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
}

#[test]
fn colour_can_be_forced_like_the_other_commands() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(["lint", "examples/payloads/custom_without_desc.toml"])
        .current_dir(workspace_root())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
}

#[test]
fn targets_narrow_the_vendors_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(
        &path,
        "targets = [\"fcm\"]\n[message]\nsender = \"alice\"\nelem_type = \"text\"\ntext = \"hi\"\n\
         [offline_push_info]\ndesc = \"hi\"\next = \"not json\"\n",
    )
    .unwrap();
    let run = pushlane(&["lint", path.to_str().unwrap(), "--format", "json"]);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    // OPPO's own error is not there; the cross-vendor warning is.
    assert!(
        findings.iter().all(|f| f["vendor"] != "oppo"),
        "{findings:#?}"
    );
    assert_eq!(with_code(&findings, "ext_not_json", None).len(), 1);
    // Warnings only: the push arrives, the status is 0.
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// Writes `text` to a temporary file `name` and lints it.
fn lint_text(name: &str, text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    pushlane(&["lint", path.to_str().unwrap()])
}

/// Bad input: exit 2, nothing on standard output, and a message naming the file.
fn assert_bad_input(run: &Run, file: &str, parts: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.starts_with("pushlane: "), "{}", run.stderr);
    assert!(run.stderr.contains(file), "{}", run.stderr);
    for part in parts {
        assert!(run.stderr.contains(part), "no {part:?} in: {}", run.stderr);
    }
}

const MESSAGE: &str = "[message]\nsender = \"alice\"\nelem_type = \"text\"\ntext = \"hi\"\n";

#[test]
fn a_missing_file_is_bad_input() {
    let run = pushlane(&["lint", "/nonexistent/push.toml"]);
    assert_bad_input(&run, "/nonexistent/push.toml", &["cannot read"]);
}

#[test]
fn a_toml_syntax_error_names_line_and_column() {
    let run = lint_text("push.toml", "[message\nsender = \"alice\"\n");
    assert_bad_input(&run, "push.toml", &["TOML syntax error", "line 1, column"]);
}

#[test]
fn a_json_syntax_error_names_line_and_column() {
    let run = lint_text("push.json", "{\"message\": {\"sender\": }\n");
    assert_bad_input(&run, "push.json", &["JSON syntax error", "line 1, column"]);
}

#[test]
fn an_unknown_top_level_key_is_refused_with_a_suggestion() {
    let run = lint_text(
        "push.toml",
        &format!("[offline_push]\ndesc = \"x\"\n{MESSAGE}"),
    );
    assert_bad_input(
        &run,
        "push.toml",
        &[
            "unknown key `offline_push`",
            "did you mean `offline_push_info`",
            "expected one of: message, offline_push_info, targets",
        ],
    );
}

#[test]
fn an_unknown_key_in_the_info_is_refused_by_name() {
    let run = lint_text(
        "push.toml",
        &format!("{MESSAGE}[offline_push_info]\nandroid_oppo_chanel_id = \"im\"\n"),
    );
    assert_bad_input(
        &run,
        "push.toml",
        &[
            "[offline_push_info]",
            "unknown field `android_oppo_chanel_id`",
        ],
    );
}

#[test]
fn a_wrong_type_names_the_key_path_and_what_was_expected() {
    let run = lint_text(
        "push.toml",
        &format!("{MESSAGE}[offline_push_info]\nandroid_vivo_classification = \"system\"\n"),
    );
    assert_bad_input(
        &run,
        "push.toml",
        &[
            "key `offline_push_info.android_vivo_classification`",
            "\"system\"",
            "expected i64 (0: operational, 1: system, the default)",
        ],
    );
}

#[test]
fn a_missing_message_or_message_field_is_named() {
    let run = lint_text("push.toml", "[offline_push_info]\ndesc = \"x\"\n");
    assert_bad_input(&run, "push.toml", &["missing table [message]", "sender"]);
    let run = lint_text("push.toml", "[message]\nsender = \"alice\"\n");
    assert_bad_input(&run, "push.toml", &["[message]", "elem_type"]);
    let run = lint_text(
        "push.toml",
        "[message]\nsender = \"alice\"\nelem_type = \"txt\"\n",
    );
    assert_bad_input(
        &run,
        "push.toml",
        &["key `message.elem_type`", "unknown variant `txt`"],
    );
}

#[test]
fn an_unknown_target_vendor_lists_the_linked_ones() {
    let run = lint_text(
        "push.toml",
        &format!("targets = [\"fcm\", \"opo\"]\n{MESSAGE}"),
    );
    assert_bad_input(
        &run,
        "push.toml",
        &[
            "key `targets[1]`",
            "`opo` is not linked",
            "did you mean `oppo`",
            "(linked: apns, fcm, xiaomi, huawei, honor, meizu, oppo, vivo)",
        ],
    );
}

#[test]
fn a_date_time_is_refused_by_its_key_without_its_value() {
    let run = lint_text(
        "push.toml",
        "[message]\nsender = \"alice\"\nelem_type = \"text\"\ntext = 2024-05-01\n",
    );
    assert_bad_input(&run, "push.toml", &["key `message.text`", "date-time"]);
}
