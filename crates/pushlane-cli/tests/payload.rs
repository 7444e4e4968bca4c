//! `pushlane payload FILE --rest single|batch|all [--to FILE]`: the Chat REST API bodies of the
//! payload examples against golden transcripts, recipients from `--to` files and `to = [..]`,
//! batches split at 500, and what is refused.
//!
//! To rewrite the golden transcripts after a deliberate change, run
//! `UPDATE_GOLDEN=1 cargo test -p pushlane-cli --test payload` and review the diff.

mod common;
use common::{goldens, pushlane, pushlane_at_root, transcript, Run};
use serde_json::Value;

const RECIPIENTS: &str = "crates/pushlane-cli/tests/fixtures/recipients.txt";

/// Every line of standard output, read as JSON.
fn bodies(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

#[test]
fn single_batch_and_all_match_their_golden_transcripts() {
    let runs = [
        (
            "clean.toml.single.txt",
            vec![
                "payload",
                "examples/payloads/clean.toml",
                "--rest",
                "single",
            ],
        ),
        (
            "clean.toml.batch.txt",
            vec![
                "payload",
                "examples/payloads/clean.toml",
                "--rest",
                "batch",
                "--to",
                RECIPIENTS,
            ],
        ),
        (
            "clean.toml.all.txt",
            vec!["payload", "examples/payloads/clean.toml", "--rest", "all"],
        ),
        (
            "call_invitation.toml.single.txt",
            vec![
                "payload",
                "examples/payloads/call_invitation.toml",
                "--rest",
                "single",
            ],
        ),
    ];
    let transcripts: Vec<(String, String)> = runs
        .iter()
        .map(|(name, args)| (format!("payloads/{name}"), transcript(args)))
        .collect();
    goldens(&transcripts);
}

#[test]
fn single_sends_the_message_to_the_one_recipient_of_the_file() {
    let run = pushlane_at_root(&[
        "payload",
        "examples/payloads/clean.toml",
        "--rest",
        "single",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bodies = bodies(&run);
    assert_eq!(bodies.len(), 1);
    let body = &bodies[0];
    assert_eq!(body["From_Account"], "alice");
    assert_eq!(body["To_Account"], "bob");
    assert_eq!(body["MsgRandom"], 20240501);
    assert_eq!(
        body["MsgBody"][0]["MsgContent"]["Text"],
        "Are we still on for lunch?"
    );
    assert_eq!(
        body["OfflinePushInfo"]["Ext"],
        r#"{"conversationID":"c2c_alice"}"#
    );
}

#[test]
fn a_to_file_skips_blank_lines_and_comments_and_wins_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("to.txt");
    std::fs::write(
        &to,
        "# first the team\n\nerin\n  frank  \n# and the boss\n\tgrace\n",
    )
    .unwrap();
    let run = pushlane_at_root(&[
        "payload",
        "examples/payloads/clean.toml",
        "--rest",
        "batch",
        "--to",
        to.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bodies = bodies(&run);
    assert_eq!(bodies.len(), 1);
    // `to = ["bob"]` in the file is not used.
    assert_eq!(
        bodies[0]["To_Account"],
        serde_json::json!(["erin", "frank", "grace"])
    );
}

/// A push file with `to` set to `to` (a TOML array), in a temporary folder.
fn push_file(dir: &tempfile::TempDir, to: &str) -> String {
    let path = dir.path().join("push.toml");
    std::fs::write(
        &path,
        format!(
            "to = {to}\n[message]\nsender = \"alice\"\nelem_type = \"text\"\ntext = \"hi\"\n\
             [offline_push_info]\ndesc = \"hi\"\next = '{{\"conversationID\":\"c2c_alice\"}}'\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn twelve_hundred_and_one_recipients_make_three_batches() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(&dir, "[]");
    let to = dir.path().join("to.txt");
    let ids: Vec<String> = (0..1201).map(|n| format!("user{n}")).collect();
    std::fs::write(&to, ids.join("\n")).unwrap();
    let run = pushlane(&[
        "payload",
        &file,
        "--rest",
        "batch",
        "--to",
        to.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bodies = bodies(&run);
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["To_Account"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [500, 500, 201]);
    assert_eq!(bodies[2]["To_Account"][200], "user1200");
    // The same message in every batch.
    assert!(bodies
        .iter()
        .all(|b| b["MsgRandom"] == bodies[0]["MsgRandom"]));
}

#[test]
fn all_goes_to_everyone_and_ignores_to() {
    let with = pushlane_at_root(&[
        "payload",
        "examples/payloads/clean.toml",
        "--rest",
        "all",
        "--to",
        RECIPIENTS,
    ]);
    let without = pushlane_at_root(&["payload", "examples/payloads/clean.toml", "--rest", "all"]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    assert_eq!(with.stdout, without.stdout);
    let bodies = bodies(&with);
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].get("To_Account").is_none(), "{}", with.stdout);
    // Seven days, or the push to all pushes nothing offline.
    assert_eq!(bodies[0]["MsgLifeTime"], 604800);
}

/// Bad input: exit 2, nothing on standard output, a message naming `place` and saying `parts`.
fn assert_refused(run: &Run, place: &str, parts: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.starts_with("pushlane: "), "{}", run.stderr);
    assert!(run.stderr.contains(place), "{}", run.stderr);
    for part in parts {
        assert!(run.stderr.contains(part), "no {part:?} in: {}", run.stderr);
    }
}

#[test]
fn single_with_two_recipients_is_refused_and_points_at_batch() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(&dir, "[\"bob\", \"carol\"]");
    let run = pushlane(&["payload", &file, "--rest", "single"]);
    assert_refused(
        &run,
        "push.toml",
        &["key `to`", "exactly one recipient", "2", "--rest batch"],
    );
    let run = pushlane_at_root(&[
        "payload",
        "examples/payloads/clean.toml",
        "--rest",
        "single",
        "--to",
        RECIPIENTS,
    ]);
    assert_refused(
        &run,
        "recipients.txt",
        &["exactly one recipient", "3", "--rest batch"],
    );
}

#[test]
fn no_recipients_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(&dir, "[]");
    let run = pushlane(&["payload", &file, "--rest", "single"]);
    assert_refused(&run, "push.toml", &["no recipients", "--to FILE", "to = ["]);
    let run = pushlane(&["payload", &file, "--rest", "batch"]);
    assert_refused(&run, "push.toml", &["no recipients"]);
    let empty = dir.path().join("nobody.txt");
    std::fs::write(&empty, "# nobody yet\n\n").unwrap();
    let run = pushlane(&[
        "payload",
        &file,
        "--rest",
        "batch",
        "--to",
        empty.to_str().unwrap(),
    ]);
    assert_refused(&run, "nobody.txt", &["no recipients"]);
}

#[test]
fn a_bad_to_file_is_refused_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = push_file(&dir, "[]");
    let run = pushlane(&[
        "payload",
        &file,
        "--rest",
        "batch",
        "--to",
        "/nonexistent/to.txt",
    ]);
    assert_refused(&run, "/nonexistent/to.txt", &["cannot read"]);
    let to = dir.path().join("to.txt");
    std::fs::write(&to, "bob\ncarol, dave\n").unwrap();
    let run = pushlane(&[
        "payload",
        &file,
        "--rest",
        "batch",
        "--to",
        to.to_str().unwrap(),
    ]);
    assert_refused(&run, "to.txt", &["line 2", "one user id per line"]);
}

#[test]
fn an_image_without_msg_body_is_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.toml");
    std::fs::write(
        &path,
        "to = [\"bob\"]\n[message]\nsender = \"alice\"\nelem_type = \"image\"\n",
    )
    .unwrap();
    let run = pushlane(&["payload", path.to_str().unwrap(), "--rest", "single"]);
    assert_refused(
        &run,
        "image.toml",
        &["message.elem_type", "msg_body", "TIMImageElem"],
    );
}

#[test]
fn msg_body_is_passed_through_and_checked_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.toml");
    let write = |body: &str| {
        std::fs::write(
            &path,
            format!(
                "to = [\"bob\"]\nmsg_body = [{body}]\n[message]\nsender = \"alice\"\nelem_type = \"image\"\n"
            ),
        )
        .unwrap();
        pushlane(&["payload", path.to_str().unwrap(), "--rest", "single"])
    };
    let run =
        write(r#"{ MsgType = "TIMImageElem", MsgContent = { UUID = "img-1", ImageFormat = 1 } }"#);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = &bodies(&run)[0];
    assert_eq!(body["MsgBody"][0]["MsgType"], "TIMImageElem");
    assert_eq!(body["MsgBody"][0]["MsgContent"]["UUID"], "img-1");

    let run = write(r#"{ MsgType = "TIMTextElem", MsgContent = { Txt = "hi" } }"#);
    assert_refused(&run, "image.toml", &["key `msg_body[0]", "Txt"]);
    let run = write(r#"{ MsgType = "TIMPictureElem", MsgContent = {} }"#);
    assert_refused(&run, "image.toml", &["key `msg_body[0]", "TIMPictureElem"]);
}

#[test]
fn msg_random_and_msg_lifetime_come_from_the_file() {
    let run = pushlane_at_root(&[
        "payload",
        "examples/payloads/call_invitation.toml",
        "--rest",
        "single",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = &bodies(&run)[0];
    assert_eq!(body["MsgRandom"], 20240506);
    assert_eq!(body["MsgLifeTime"], 60);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    std::fs::write(
        &path,
        "to = [\"bob\"]\nmsg_lifetime = 700000\n[message]\nsender = \"alice\"\nelem_type = \"text\"\ntext = \"hi\"\n",
    )
    .unwrap();
    let run = pushlane(&["payload", path.to_str().unwrap(), "--rest", "single"]);
    assert_refused(
        &run,
        "long.toml",
        &["key `msg_lifetime`", "700000", "604800"],
    );
}

#[test]
fn rest_is_required_and_checked_by_the_command_line() {
    let run = pushlane_at_root(&["payload", "examples/payloads/clean.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--rest"), "{}", run.stderr);
    let run = pushlane_at_root(&["payload", "examples/payloads/clean.toml", "--rest", "many"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("single"), "{}", run.stderr);
}
