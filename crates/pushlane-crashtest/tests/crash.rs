//! Crash at any point loses nothing (lifecycle §10): real child processes killed with SIGKILL.
//!
//! CI runs 60 runs. The long run (≥ 1000 runs, in release it takes a few minutes):
//!
//! ```text
//! PUSHLANE_CRASH_RUNS=1000 cargo test -p pushlane-crashtest --release --test crash -- --nocapture
//! ```
//!
//! `PUSHLANE_CRASH_SEED` picks the runs (default 1); `PUSHLANE_CRASH_VERBOSE=1` prints one line
//! per child. A failing run names its seed and keeps its directory.
#![cfg(unix)]

use pushlane::{Input, PersistedState};
use pushlane_crashtest::harness::{self, Settings};
use pushlane_crashtest::kill::{run_child, Kill};
use pushlane_crashtest::protocol::{HostCall, Line};
use pushlane_crashtest::{restart, snapshot};
use std::path::PathBuf;

fn child() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pushlane-crashtest"))
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?}: expected a number")),
        Err(_) => default,
    }
}

#[test]
fn sigkill_at_random_points_loses_nothing() {
    let settings = Settings {
        child: child(),
        runs: env_number("PUSHLANE_CRASH_RUNS", 60),
        seed: env_number("PUSHLANE_CRASH_SEED", 1),
        verbose: std::env::var_os("PUSHLANE_CRASH_VERBOSE").is_some(),
    };
    let summary = harness::run(&settings);
    eprintln!("{summary}");
    assert!(summary.failures.is_empty(), "{summary}");
    // The harness itself works: children were killed, at many points, and the store-write
    // checkpoint was heard (a run that never killed or never saw a write checks nothing).
    assert!(summary.kills * 3 > summary.children, "{summary}");
    // (Distinct points level off in long runs: a third of the runs, at most 100.)
    assert!(
        summary.kill_points.len() as u64 * 3 > summary.runs.min(300),
        "{summary}"
    );
    assert!(summary.writes_seen > summary.runs, "{summary}");
    assert!(
        summary.phases.keys().any(|p| p.starts_with("write")),
        "no kill landed right after an announced write: {summary}"
    );
}

/// Push is switched off while an upload is in flight; the server accepts the upload, and the
/// app is killed before the engine hears of it. The server now holds the token and the store
/// has no upload record, but it has the pending upload written before the upload went out
/// (lifecycle §10): the restarted engine clears it, so the user who switched notifications off
/// stops getting them. (Found by this harness: without the pending upload nothing cleared it.)
#[test]
fn push_off_during_an_upload_then_a_crash_still_clears_the_token_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("push.db");
    let run = run_child(
        &child(),
        &store,
        "xiaomi",
        7,
        &Default::default(),
        &["--script", "push-off-during-upload"],
        Some(Kill::HeldUploadOk(1)),
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert!(run.killed);
    let accepted = run
        .lines
        .iter()
        .any(|l| matches!(l, Line::Host(HostCall::Upload { ok: true, .. })));
    assert!(accepted, "the server accepted the upload before the kill");
    let crashed = snapshot::read(&store, &dir.path().join("copy"))
        .unwrap()
        .unwrap()
        .state;
    assert!(!crashed.push_enabled, "push off was stored: {crashed:?}");

    let restarted = restart::run(&store, "xiaomi", "alice", &[]).unwrap();
    let clears = restarted
        .calls
        .iter()
        .filter(|c| c.kind() == "clear_token")
        .count();
    assert_eq!(
        clears,
        1,
        "the server holds alice's token and push is off, so the restarted engine must clear it; \
         the store it restarted from: {:?}",
        snapshot::fingerprinted(&crashed)
    );
}

/// The same script without a kill: the upload is recorded, then cleared (lifecycle §6).
#[test]
fn push_off_during_an_upload_without_a_crash_records_then_clears() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("push.db");
    let run = run_child(
        &child(),
        &store,
        "xiaomi",
        7,
        &Default::default(),
        &["--script", "push-off-during-upload"],
        None,
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert!(!run.killed);
    let kinds: Vec<String> = run
        .lines
        .iter()
        .filter(|l| matches!(l, Line::Host(_) | Line::Event(_)))
        .map(Line::to_string)
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert!(kinds[0].starts_with("H upload xiaomi 10001 fp:") && kinds[0].ends_with(" ok"));
    assert!(kinds[1].starts_with("E uploaded alice xiaomi 10001 fp:"));
    assert_eq!(kinds[2], "H clear xiaomi 10001 ok");
    assert_eq!(kinds[3], "E cleared xiaomi 10001");
    let stored = snapshot::read(&store, &dir.path().join("copy"))
        .unwrap()
        .unwrap()
        .state;
    assert_eq!(stored.upload_record, None);
    assert_eq!(stored.upload_pending, None);
    assert!(!stored.push_enabled);
}

/// The restart check itself: over a store with push off and alice's record it expects the clear,
/// and it notices when the engine re-uploads a record already on the server.
#[test]
fn the_restart_check_expects_the_clear_and_no_re_upload() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("push.db");
    let run = run_child(
        &child(),
        &store,
        "xiaomi",
        7,
        &Default::default(),
        &["--script", "push-off-during-upload"],
        Some(Kill::HeldWrite(4)),
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    let before = snapshot::read(&store, &dir.path().join("copy"))
        .unwrap()
        .unwrap()
        .state;
    // Writes: the token, the pending upload, push off, then the record (held before it is
    // applied).
    assert!(
        before.upload_record.is_none() && before.upload_pending.is_some() && !before.push_enabled,
        "{before:?}"
    );

    // After the restart the pending upload is cleared at login (push is still off); switching
    // push on then uploads the stored token once, and records it.
    let on = restart::run(
        &store,
        "xiaomi",
        "alice",
        &[Input::PushEnabled { enabled: true }],
    )
    .unwrap();
    let uploads = on
        .calls
        .iter()
        .filter(|c| c.kind() == "upload_token")
        .count();
    assert_eq!(uploads, 1);
    let kinds: Vec<&str> = on
        .calls
        .iter()
        .map(|c| c.kind())
        .filter(|k| matches!(*k, "clear_token" | "upload_token"))
        .collect();
    assert_eq!(kinds, ["clear_token", "upload_token"]);
    let recorded = snapshot::read(&store, &dir.path().join("copy"))
        .unwrap()
        .unwrap()
        .state;
    assert!(recorded.upload_record.is_some());
    assert_eq!(recorded.upload_pending, None);

    // The check passes on what a restart over that store does …
    let again = restart::run(&store, "xiaomi", "alice", &[]).unwrap();
    let after = snapshot::read(&store, &dir.path().join("copy"))
        .unwrap()
        .unwrap()
        .state;
    let found = restart::check("xiaomi", "alice", &recorded, &again, &after);
    assert_eq!(found, Vec::<String>::new());
    // … and fails on a re-upload of the record already on the server.
    let found = restart::check("xiaomi", "alice", &recorded, &on, &after);
    assert!(found.iter().any(|f| f.contains("re-upload")), "{found:?}");
    // … and on a store whose push preference was lost.
    let lost = PersistedState {
        push_enabled: false,
        ..recorded.clone()
    };
    let found = restart::check("xiaomi", "alice", &lost, &again, &after);
    assert!(!found.is_empty());
}
