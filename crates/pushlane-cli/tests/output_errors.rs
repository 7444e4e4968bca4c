//! Every command with its standard output on a full disk (`/dev/full`) or on a pipe nobody
//! reads any more (`pushlane vendors | head -1` after `head` has gone): never a panic. A closed
//! pipe ends the output quietly with the command's own status; a full disk is an error naming
//! standard output and the cause, with exit status 1.

mod common;

use common::fixture;
use std::fs::File;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A journal of a short Xiaomi session (the runtime's format).
const JOURNAL: &str = r#"{"type":"header","version":1,"device":{"platform":"android","manufacturer":"Xiaomi","props":{"ro.miui.ui.version.name":"V140"}},"config":{"edition":"china","vendors":[{"vendor":"xiaomi","business_id":10001,"app_id":"2882303761517000000","app_key":"fp:00000000"}]},"persisted":{}}
{"at_ms":0,"type":"sdk_initialized"}
{"at_ms":100,"type":"plugin_init"}
{"at_ms":200,"type":"login","user_id":"alice"}
"#;

/// One command line of each kind, and its exit status when its output is read in full.
fn commands(dir: &Path) -> Vec<(Vec<String>, i32)> {
    let journal = dir.join("engine.journal");
    std::fs::write(&journal, JOURNAL).unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/02-restart-does-not-upload-again.toml");
    let path = |p: &Path| p.display().to_string();
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (args(&["vendors"]), 0),
        (
            args(&["detect", "--device", &fixture("redmi_note_12.toml")]),
            0,
        ),
        (
            args(&[
                "detect",
                "--device",
                &fixture("redmi_note_12.toml"),
                "--format",
                "json",
            ]),
            0,
        ),
        (args(&["doctor", &fixture("clean.toml")]), 0),
        // doctor's verdict (errors found: 1) does not depend on anyone reading it.
        (args(&["doctor", &fixture("everything_wrong.toml")]), 1),
        (args(&["simulate", &path(&scenario)]), 0),
        (
            args(&["simulate", &path(&scenario), "--format", "jsonl"]),
            0,
        ),
        (args(&["replay", &path(&journal)]), 0),
        (args(&["replay", &path(&journal), "--format", "jsonl"]), 0),
        (args(&["--help"]), 0),
        (args(&["simulate", "--help"]), 0),
        (args(&["--version"]), 0),
    ]
}

struct Ran {
    code: Option<i32>,
    stderr: String,
}

fn run(args: &[String], stdout: Stdio) -> Ran {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .env_remove("RUST_LOG")
        .output()
        .expect("pushlane runs");
    Ran {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The write end of a pipe whose read end is already closed: every write fails with
/// `EPIPE`, as after `| head -1` has exited.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe` writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe()");
    // SAFETY: both descriptors were just created and are owned by nobody else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

fn dev_full() -> Stdio {
    Stdio::from(
        File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

fn temp_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_its_own_status() {
    let (_keep, dir) = temp_dir();
    for (args, code) in commands(&dir) {
        let ran = run(&args, closed_pipe());
        assert!(
            !ran.stderr.contains("panicked"),
            "pushlane {args:?} panicked:\n{}",
            ran.stderr
        );
        assert_eq!(
            ran.code,
            Some(code),
            "pushlane {args:?} into a closed pipe:\n{}",
            ran.stderr
        );
        assert_eq!(
            ran.stderr, "",
            "pushlane {args:?}: a reader that stopped reading is not an error"
        );
    }
}

#[test]
fn a_full_disk_is_an_error_naming_standard_output_for_every_command() {
    let (_keep, dir) = temp_dir();
    for (args, _) in commands(&dir) {
        let ran = run(&args, dev_full());
        assert!(
            !ran.stderr.contains("panicked"),
            "pushlane {args:?} panicked:\n{}",
            ran.stderr
        );
        assert_eq!(ran.code, Some(1), "pushlane {args:?} into /dev/full");
        assert_eq!(
            ran.stderr.trim_end(),
            "pushlane: cannot write to standard output: No space left on device (os error 28)",
            "pushlane {args:?}"
        );
    }
}

#[test]
fn errors_are_reported_even_when_stderr_is_gone_without_a_panic() {
    // A bad scenario with stderr on a full disk: the message cannot be shown, the status
    // still says what happened.
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(["simulate", "/nonexistent/scenario.toml"])
        .stdout(Stdio::piped())
        .stderr(dev_full())
        .output()
        .expect("pushlane runs");
    assert_eq!(output.status.code(), Some(2));
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(["simulate", "/nonexistent/scenario.toml"])
        .stdout(Stdio::piped())
        .stderr(closed_pipe())
        .output()
        .expect("pushlane runs");
    assert_eq!(output.status.code(), Some(2));
}
