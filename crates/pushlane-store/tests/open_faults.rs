//! Opening a store under environment faults (issue 10 §1): a full disk, a read-only file or
//! file system, an unreadable file, stale `-wal`/`-shm` files that cannot be opened, a path that
//! is not a regular file, a missing or unwritable directory, a foreign database. Each is refused
//! with an error naming the path, the cause and what to do; nothing is moved aside, created or
//! changed; once the fault is gone the next open finds the push-off preference.
//!
//! The lock held by another connection and the full disk by `PRAGMA max_page_count` are unit
//! tests in `src/sqlite/tests.rs` (they need a short busy timeout and a page limit).

mod support;

use pushlane_store::{SqliteStore, Store, StoreError};
use std::path::Path;
use support::{
    assert_push_still_off, assert_refused, deny_read, deny_write, skip, snapshot,
    store_with_push_off, Tmpfs,
};

#[test]
fn a_full_file_system_is_refused_and_the_store_left_alone() {
    let fs = match Tmpfs::mount(512) {
        Ok(fs) => fs,
        Err(why) => {
            return skip(
                "a_full_file_system_is_refused_and_the_store_left_alone",
                &format!("cannot mount a tmpfs ({why}); the PRAGMA max_page_count variant runs in the unit tests"),
            )
        }
    };
    let dir = fs.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("push.db");
    store_with_push_off(&path);
    let filler = fs.fill();

    let before = snapshot(&dir);
    let err = assert_refused(
        SqliteStore::open(&path),
        &path,
        &["disk full", "free some space"],
        &dir,
        &before,
    );
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");

    // A new store on the full disk is refused too, and leaves no (0-byte) file behind.
    let fresh = dir.join("fresh.db");
    assert_refused(
        SqliteStore::open(&fresh),
        &fresh,
        &["free some space"],
        &dir,
        &before,
    );

    std::fs::remove_file(filler).unwrap();
    assert_push_still_off(&path);
}

#[test]
fn a_read_only_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    let denied = match deny_write(&path) {
        Ok(denied) => denied,
        Err(why) => return skip("a_read_only_file_is_refused_and_left_alone", &why),
    };
    let before = snapshot(dir.path());
    let err = assert_refused(
        SqliteStore::open(&path),
        &path,
        &["permission denied", "read and write"],
        dir.path(),
        &before,
    );
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
    denied.lift();
    assert_push_still_off(&path);
}

#[test]
fn a_read_only_file_system_is_refused_and_left_alone() {
    let fs = match Tmpfs::mount(1024) {
        Ok(fs) => fs,
        Err(why) => {
            return skip(
                "a_read_only_file_system_is_refused_and_left_alone",
                &format!("cannot mount a tmpfs to remount read-only ({why})"),
            )
        }
    };
    let path = fs.path().join("push.db");
    store_with_push_off(&path);
    fs.set_read_only(true).unwrap();
    let before = snapshot(fs.path());
    assert_refused(
        SqliteStore::open(&path),
        &path,
        &["read-only", "writable"],
        fs.path(),
        &before,
    );
    // Nor is a new store created there.
    let fresh = fs.path().join("fresh.db");
    assert_refused(
        SqliteStore::open(&fresh),
        &fresh,
        &["read-only"],
        fs.path(),
        &before,
    );
    fs.set_read_only(false).unwrap();
    assert_push_still_off(&path);
}

#[test]
fn an_unreadable_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    let denied = match deny_read(&path) {
        Ok(denied) => denied,
        Err(why) => return skip("an_unreadable_file_is_refused_and_left_alone", &why),
    };
    let before = snapshot(dir.path());
    assert_refused(
        SqliteStore::open(&path),
        &path,
        &["permission denied", "read and write"],
        dir.path(),
        &before,
    );
    denied.lift();
    assert_push_still_off(&path);
}

/// A store whose last commit (push switched off) is still in its `-wal`, as a crash leaves it.
fn crashed_store_with_push_off(dir: &Path) -> std::path::PathBuf {
    let live = tempfile::tempdir().unwrap();
    let live_path = live.path().join("push.db");
    let mut store = SqliteStore::open(&live_path).unwrap().store;
    store
        .apply(&pushlane_core::StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "stored-token".into(),
        })
        .unwrap();
    store
        .apply(&pushlane_core::StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    // Copied while open: the file, its -wal (holding the commits) and its -shm.
    for suffix in ["", "-wal", "-shm"] {
        let name = format!("push.db{suffix}");
        std::fs::copy(live.path().join(&name), dir.join(&name)).unwrap();
    }
    drop(store);
    dir.join("push.db")
}

#[test]
fn stale_wal_and_shm_files_that_cannot_be_opened_are_left_alone() {
    for sibling in ["-shm", "-wal"] {
        let dir = tempfile::tempdir().unwrap();
        let path = crashed_store_with_push_off(dir.path());
        let stale = dir.path().join(format!("push.db{sibling}"));
        let denied = match deny_write(&stale) {
            Ok(denied) => denied,
            Err(why) => {
                return skip(
                    "stale_wal_and_shm_files_that_cannot_be_opened_are_left_alone",
                    &why,
                )
            }
        };
        let before = snapshot(dir.path());
        assert!(before.contains_key("push.db-wal"), "{:?}", before.keys());
        assert_refused(
            SqliteStore::open(&path),
            &path,
            &[&format!("push.db{sibling}"), "permission denied"],
            dir.path(),
            &before,
        );
        denied.lift();
        assert_push_still_off(&path);
    }
}

#[test]
fn a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        return skip("a_fifo_is_refused_at_once", "mkfifo is not available");
    }
    let before = snapshot(dir.path());
    // SQLite blocks forever opening a FIFO: a watchdog turns that hang into a failure.
    let (tx, rx) = std::sync::mpsc::channel();
    let opened = path.clone();
    std::thread::spawn(move || {
        let _ = tx.send(SqliteStore::open(&opened));
    });
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("opening a FIFO hangs");
    let err = assert_refused(
        result,
        &path,
        &["FIFO", "not a regular file"],
        dir.path(),
        &before,
    );
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
}

#[test]
fn a_directory_or_a_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("inside"), b"kept").unwrap();
    let before = snapshot(dir.path());
    let err = assert_refused(
        SqliteStore::open(&path),
        &path,
        &["directory", "not a regular file"],
        dir.path(),
        &before,
    );
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
    assert_eq!(std::fs::read(path.join("inside")).unwrap(), b"kept");

    let null = Path::new("/dev/null");
    if null.exists() {
        let err = SqliteStore::open(null).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("/dev/null"), "{message}");
        assert!(message.contains("character device"), "{message}");
        assert!(!Path::new("/dev/null-wal").exists());
    }
}

#[test]
fn a_missing_directory_leaves_no_debris() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("push.db");
    let before = snapshot(dir.path());
    let err = assert_refused(
        SqliteStore::open(&path),
        &path,
        &["directory", "create"],
        dir.path(),
        &before,
    );
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
}

#[test]
fn an_unwritable_directory_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let path = data.join("push.db");
    store_with_push_off(&path);
    let denied = match deny_write(&data) {
        Ok(denied) => denied,
        Err(why) => return skip("an_unwritable_directory_is_refused_and_left_alone", &why),
    };
    let before = snapshot(&data);
    // The existing store cannot get its -wal and -shm; a new one cannot be created.
    assert_refused(
        SqliteStore::open(&path),
        &path,
        &["permission denied"],
        &data,
        &before,
    );
    let fresh = data.join("fresh.db");
    assert_refused(
        SqliteStore::open(&fresh),
        &fresh,
        &["permission denied"],
        &data,
        &before,
    );
    denied.lift();
    assert_push_still_off(&path);
}

#[test]
fn a_foreign_database_is_refused_not_migrated_into() {
    let cases: [(&str, &str); 4] = [
        (
            "another app's tables",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);",
        ),
        (
            "our table names but a foreign user_version",
            "CREATE TABLE tokens (vendor TEXT, token TEXT); PRAGMA user_version = 42;",
        ),
        (
            "a foreign application_id",
            "PRAGMA application_id = 1234; CREATE TABLE t (x);",
        ),
        (
            "tables beside ours at version 1",
            "CREATE TABLE tokens (vendor TEXT NOT NULL PRIMARY KEY, token TEXT NOT NULL) STRICT;
             CREATE TABLE settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT;
             CREATE TABLE other (x); PRAGMA user_version = 1;",
        ),
    ];
    for (case, sql) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("push.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let before = snapshot(dir.path());
        let err = assert_refused(
            SqliteStore::open(&path),
            &path,
            &["not a pushlane store", "another path"],
            dir.path(),
            &before,
        );
        assert!(matches!(err, StoreError::Foreign { .. }), "{case}: {err:?}");
    }
}

#[test]
fn a_newer_pushlane_store_is_refused_with_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let before = snapshot(dir.path());
    let newer = format!(
        "schema version 99 is newer than the newest this build knows ({})",
        SqliteStore::SCHEMA_VERSION
    );
    let err = assert_refused(
        SqliteStore::open(&path),
        &path,
        &[newer.as_str()],
        dir.path(),
        &before,
    );
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
}

#[test]
fn a_store_made_before_the_application_id_is_ours_and_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    // What pushlane wrote before it set an application_id: schema version 1, without the
    // table version 2 added.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE upload_pending; PRAGMA user_version = 1; PRAGMA application_id = 0;",
    )
    .unwrap();
    drop(conn);
    assert_push_still_off(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_ne!(id, 0, "stamped with pushlane's application_id");
    let fresh = dir.path().join("fresh.db");
    drop(SqliteStore::open(&fresh).unwrap());
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    let fresh_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(fresh_id, id, "a new store has it from the start");
}

#[test]
fn damage_to_a_pushlane_store_is_still_moved_aside() {
    // Ours (application_id) but a table gone: malformed, moved aside as before.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE tokens;").unwrap();
    drop(conn);
    let outcome = SqliteStore::open(&path).unwrap();
    let detail = outcome.reset.expect("moved aside");
    assert!(detail.contains("tokens"), "{detail}");
    assert!(snapshot(dir.path()).keys().any(|n| n.contains(".corrupt-")));
}
