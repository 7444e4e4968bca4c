//! Stores written by older builds open, are brought up to the current schema, and keep what
//! they hold (lifecycle.md §10: nothing stored is lost).

use pushlane_core::UploadRecord;
use pushlane_store::{SqliteStore, Store};
use rusqlite::Connection;
use std::path::Path;

/// Schema version 1 exactly as pushlane created it: three tables.
const V1_TABLES: &str = "
    CREATE TABLE tokens (
        vendor TEXT NOT NULL PRIMARY KEY,
        token  TEXT NOT NULL
    ) STRICT;
    CREATE TABLE upload_record (
        id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        user_id     TEXT    NOT NULL,
        vendor      TEXT    NOT NULL,
        business_id INTEGER NOT NULL CHECK (business_id BETWEEN 0 AND 4294967295),
        token       TEXT    NOT NULL
    ) STRICT;
    CREATE TABLE settings (
        key   TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;";

/// A version 1 store at `path` holding push off, a token and alice's upload record; stamped
/// with pushlane's application id or not (the first builds did not set one).
fn v1_store(path: &Path, stamped: bool) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V1_TABLES).unwrap();
    conn.execute_batch(
        "INSERT INTO tokens (vendor, token) VALUES ('xiaomi', 'mi-token-1');
         INSERT INTO upload_record (id, user_id, vendor, business_id, token)
             VALUES (1, 'alice', 'xiaomi', 10001, 'mi-token-1');
         INSERT INTO settings (key, value) VALUES ('push_enabled', 'false');
         PRAGMA user_version = 1;",
    )
    .unwrap();
    if stamped {
        conn.pragma_update(None, "application_id", 0x5055_5348)
            .unwrap();
    }
}

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
}

fn tables(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let rows = stmt.query_map([], |row| row.get(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_version_1_store_migrates_to_version_2_and_keeps_everything() {
    for stamped in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("push.db");
        v1_store(&path, stamped);

        let outcome = SqliteStore::open(&path).unwrap();
        assert_eq!(outcome.reset, None, "stamped {stamped}: not moved aside");
        let state = { outcome.store }.load().unwrap();
        assert!(!state.push_enabled, "stamped {stamped}: push off kept");
        assert_eq!(state.tokens["xiaomi"], "mi-token-1");
        assert_eq!(
            state.upload_record,
            Some(UploadRecord {
                user_id: "alice".into(),
                vendor: "xiaomi".into(),
                business_id: 10001,
                token: "mi-token-1".into(),
            })
        );

        assert_eq!(pragma(&path, "user_version"), 2, "stamped {stamped}");
        assert_eq!(SqliteStore::SCHEMA_VERSION, 2);
        assert_eq!(pragma(&path, "application_id"), 0x5055_5348);
        assert_eq!(
            tables(&path),
            ["settings", "tokens", "upload_pending", "upload_record"]
        );

        // And it opens again as a version 2 store, as it is.
        let outcome = SqliteStore::open(&path).unwrap();
        assert_eq!(outcome.reset, None);
        assert_eq!({ outcome.store }.load().unwrap(), state);
    }
}
