//! Unit tests of the SQLite store that need its insides: its connection, a short busy timeout,
//! a page limit standing for a full disk, an extra migration.

use super::open::{open_with, Settings};
use super::schema::{MIGRATIONS, SCHEMA_VERSION};
use super::*;
use crate::UnavailableCause;
use std::time::Duration;

fn token(vendor: &str, token: &str) -> StoreWrite {
    StoreWrite::Token {
        vendor: vendor.into(),
        token: token.into(),
    }
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A closed store at `path` with push switched off; its page count.
fn store_with_push_off(path: &Path) -> u32 {
    let mut store = SqliteStore::open(path).unwrap().store;
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    store
        .conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap()
}

fn assert_push_still_off(path: &Path) {
    let outcome = SqliteStore::open(path).unwrap();
    assert_eq!(outcome.reset, None);
    assert!(!{ outcome.store }.load().unwrap().push_enabled);
}

#[test]
fn in_memory_store_starts_empty_and_applies_writes() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.path(), Path::new(":memory:"));
    assert_eq!(store.load().unwrap(), PersistedState::default());
    store.apply(&token("fcm", "a")).unwrap();
    store.apply(&token("fcm", "b")).unwrap();
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    let state = store.load().unwrap();
    assert_eq!(state.tokens.len(), 1);
    assert_eq!(state.tokens["fcm"], "b");
    assert!(!state.push_enabled);
}

#[test]
fn a_file_store_is_in_wal_mode_with_full_sync_and_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let outcome = SqliteStore::open(&path).unwrap();
    assert!(outcome.reset.is_none());
    let conn = &outcome.store.conn;
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, i64::from(SCHEMA_VERSION));
}

#[test]
fn a_store_held_by_another_connection_is_unavailable_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    store_with_push_off(&path);
    // Another connection takes the file for itself (exclusive locking mode, in a write
    // transaction): not even a reader gets in.
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;
             INSERT INTO settings (key, value) VALUES ('other', 'x');",
        )
        .unwrap();
    let before = names(dir.path());
    let settings = Settings {
        busy: Duration::from_millis(20),
        ..Settings::DEFAULT
    };
    let err = open_with(&path, settings).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::Unavailable {
                cause: UnavailableCause::Locked,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    assert!(
        message.contains("locked by another connection"),
        "{message}"
    );
    assert!(message.contains("close the other program"), "{message}");
    assert_eq!(names(dir.path()), before, "no file moved aside or created");
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    assert_push_still_off(&path);
}

#[test]
fn a_full_disk_during_a_migration_is_unavailable_and_changes_nothing() {
    // The disk is full: the file may not grow (PRAGMA max_page_count), and this build has a
    // migration that grows it, after the real ones.
    let mut growing = MIGRATIONS.to_vec();
    growing.push("CREATE TABLE extra (x); INSERT INTO extra VALUES (zeroblob(100000));");
    let growing: &'static [&'static str] = Box::leak(growing.into_boxed_slice());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let pages = store_with_push_off(&path);
    let bytes = std::fs::read(&path).unwrap();
    let before = names(dir.path());
    let settings = Settings {
        migrations: growing,
        max_pages: Some(pages),
        ..Settings::DEFAULT
    };
    let err = open_with(&path, settings).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::Unavailable {
                cause: UnavailableCause::DiskFull,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    let step = format!(
        "cannot migrate schema from version {SCHEMA_VERSION} to {}",
        SCHEMA_VERSION + 1
    );
    assert!(message.contains(&step), "{message}");
    assert!(message.contains("free some space"), "{message}");
    assert_eq!(names(dir.path()), before, "no file moved aside or created");
    assert!(std::fs::read(&path).unwrap() == bytes, "bytes changed");
    assert_push_still_off(&path);

    // A new store on the full disk: refused, and no (0-byte) file is left behind.
    let fresh = dir.path().join("fresh.db");
    let settings = Settings {
        max_pages: Some(1),
        ..Settings::DEFAULT
    };
    let err = open_with(&fresh, settings).unwrap_err();
    assert!(err.to_string().contains("free some space"), "{err}");
    assert_eq!(names(dir.path()), before, "no file created");
}

#[test]
fn an_invalid_push_preference_is_a_read_error() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .conn
        .execute(
            "INSERT INTO settings (key, value) VALUES ('push_enabled', 'maybe')",
            [],
        )
        .unwrap();
    let err = store.load().unwrap_err();
    assert!(
        err.to_string().contains("cannot read push preference"),
        "{err}"
    );
}

#[test]
fn a_failed_write_applies_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.apply(&token("fcm", "old")).unwrap();
    store.conn.execute_batch("DROP TABLE tokens").unwrap();
    let err = store.apply(&token("fcm", "secret-new")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("store :memory:: cannot write token:"),
        "{message}"
    );
    assert!(!message.contains("secret-new"), "{message}");
}

#[test]
fn a_damaged_store_moved_aside_on_a_full_disk_is_named_in_the_error() {
    // The garbage is moved aside, but the fresh store cannot be made: the error says both, so
    // the move is not silent.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::write(&path, b"garbage, not a database at all").unwrap();
    let settings = Settings {
        max_pages: Some(1),
        ..Settings::DEFAULT
    };
    let err = open_with(&path, settings).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("free some space"), "{message}");
    assert!(
        message.contains("the damaged store was moved aside to"),
        "{message}"
    );
    assert!(message.contains("not a database"), "{message}");
    let names = names(dir.path());
    assert_eq!(names.len(), 1, "only the moved file: {names:?}");
    assert!(names[0].starts_with("push.db.corrupt-"), "{names:?}");
}
