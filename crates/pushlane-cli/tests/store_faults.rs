//! `pushlane simulate --store PATH` over a store it cannot use for a reason outside the file
//! (issue 10 §1): exit 1 with a message naming the path, the cause and what to do, and the store
//! left exactly as it was (no `.corrupt-*`, no new file). A corrupt store is still moved aside
//! (tests/simulate.rs).

use pushlane::StoreWrite;
use pushlane_store::{SqliteStore, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCENARIO: &str = r#"
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

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `pushlane simulate SCENARIO --store STORE`. A run still going after 60 s (SQLite
/// blocked on a FIFO) is killed and fails the test instead of hanging it.
fn simulate(dir: &Path, store: &Path) -> Run {
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .arg("simulate")
        .arg(&scenario)
        .arg("--store")
        .arg(store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pushlane runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("pushlane simulate --store {} hangs", store.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    std::fs::remove_file(&scenario).unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// name → bytes (`None` for what is not a regular file) of everything in `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = e
                .file_type()
                .unwrap()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap_or_default());
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn store_with_push_off(path: &Path) {
    let mut store = SqliteStore::open(path).unwrap().store;
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
}

/// Exit 1, a message naming `store` and containing `words`, no trace, `dir` unchanged.
fn assert_refused(dir: &Path, store: &Path, words: &[&str]) {
    let before = snapshot(dir);
    let run = simulate(dir, store);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "no trace: {}", run.stdout);
    assert!(
        run.stderr.contains(&*store.to_string_lossy()),
        "{}",
        run.stderr
    );
    for word in words {
        assert!(run.stderr.contains(word), "{word:?} not in: {}", run.stderr);
    }
    assert!(snapshot(dir) == before, "the store's directory changed");
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::metadata(dir.path()).unwrap().uid() == 0
}

/// Makes `path` unwritable: `chattr +i` as root (root ignores modes), `chmod a-w` otherwise.
/// Returns how to undo it, or why it cannot be done.
fn deny_write(path: &Path) -> Result<Box<dyn FnOnce()>, String> {
    use std::os::unix::fs::PermissionsExt;
    let owned: PathBuf = path.to_path_buf();
    if is_root() {
        let status = Command::new("chattr").arg("+i").arg(path).status();
        if !status.is_ok_and(|s| s.success()) {
            return Err("chattr +i is not available here".into());
        }
        return Ok(Box::new(move || {
            let _ = Command::new("chattr").arg("-i").arg(&owned).status();
        }));
    }
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o222)).unwrap();
    Ok(Box::new(move || {
        let _ = std::fs::set_permissions(&owned, std::fs::Permissions::from_mode(mode));
    }))
}

#[test]
fn a_store_that_may_not_be_written_exits_1_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let store = data.join("device.db");
    store_with_push_off(&store);
    let undo = match deny_write(&store) {
        Ok(undo) => undo,
        Err(why) => return println!("SKIPPED: {why}"),
    };
    assert_refused(&data, &store, &["permission denied", "read and write"]);
    undo();
    let state = SqliteStore::open(&store).unwrap().store.load().unwrap();
    assert!(
        !state.push_enabled,
        "the push-off preference is still there"
    );
}

#[test]
fn a_fifo_a_directory_or_a_missing_directory_exits_1_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();

    let fifo = data.join("fifo.db");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        assert_refused(&data, &fifo, &["is a FIFO, not a regular file"]);
    } else {
        println!("SKIPPED the FIFO: mkfifo is not available");
    }
    let directory = data.join("dir.db");
    std::fs::create_dir(&directory).unwrap();
    assert_refused(&data, &directory, &["is a directory, not a regular file"]);
    let missing = data.join("missing").join("device.db");
    assert_refused(
        &data,
        &missing,
        &["no such directory", "create the directory"],
    );
}

#[test]
fn another_applications_database_exits_1_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("notes.db");
    let conn = rusqlite::Connection::open(&store).unwrap();
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
        .unwrap();
    drop(conn);
    assert_refused(
        dir.path(),
        &store,
        &["not a pushlane store", "another path"],
    );
}
