//! Reading a store file as the crash left it, without touching it: the file and its `-wal`,
//! `-shm` and `-journal` siblings are copied aside and the copy is opened (SQLite recovers the
//! copy), so the next engine opens the original exactly as the crash left it.

use pushlane::{fingerprint, PersistedState, UploadRecord};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// What a store file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `PRAGMA integrity_check`, its rows joined by `; ` (`ok` when sound).
    pub integrity: String,
    /// Everything stored, tokens in full.
    pub state: PersistedState,
}

const SIBLINGS: [&str; 3] = ["-wal", "-shm", "-journal"];

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Reads the store at `path` through a copy in the directory `scratch` (emptied first).
/// `Ok(None)` when there is no store file (the child died before creating it).
pub fn read(path: &Path, scratch: &Path) -> Result<Option<Snapshot>, String> {
    if !path.exists() {
        return Ok(None);
    }
    if scratch.exists() {
        std::fs::remove_dir_all(scratch)
            .map_err(|e| format!("cannot empty {}: {e}", scratch.display()))?;
    }
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let copy = scratch.join("store.db");
    let copy_file = |from: &Path, to: &Path| {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))
    };
    copy_file(path, &copy)?;
    for suffix in SIBLINGS {
        let sibling = with_suffix(path, suffix);
        if sibling.exists() {
            copy_file(&sibling, &with_suffix(&copy, suffix))?;
        }
    }
    let conn = Connection::open(&copy).map_err(|e| format!("cannot open the copy: {e}"))?;
    let integrity = integrity_check(&conn)?;
    let state = load(&conn).map_err(|e| format!("cannot read the copy: {e}"))?;
    Ok(Some(Snapshot { integrity, state }))
}

fn integrity_check(conn: &Connection) -> Result<String, String> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| format!("integrity_check: {e}"))?;
    let rows = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("integrity_check: {e}"))?;
    Ok(rows.join("; "))
}

/// What lifecycle §10 lists, read with plain SQL (not through the store's code). A file without
/// pushlane's tables (created, not yet migrated) holds the empty state; one of schema version 1
/// has no pending upload.
fn load(conn: &Connection) -> rusqlite::Result<PersistedState> {
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |row| row.get(0),
    )?;
    if tables == 0 {
        return Ok(PersistedState::default());
    }
    let mut stmt = conn.prepare("SELECT vendor, token FROM tokens")?;
    let tokens = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let upload_record = record(conn, "upload_record")?;
    let has_pending: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'upload_pending'",
        [],
        |row| row.get(0),
    )?;
    let upload_pending = match has_pending {
        0 => None,
        _ => record(conn, "upload_pending")?,
    };
    let push: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'push_enabled'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(PersistedState {
        tokens,
        upload_record,
        upload_pending,
        push_enabled: push.as_deref() != Some("false"),
    })
}

/// The row of `upload_record` or `upload_pending`.
fn record(conn: &Connection, table: &str) -> rusqlite::Result<Option<UploadRecord>> {
    conn.query_row(
        &format!("SELECT user_id, vendor, business_id, token FROM {table}"),
        [],
        |row| {
            Ok(UploadRecord {
                user_id: row.get(0)?,
                vendor: row.get(1)?,
                business_id: row.get(2)?,
                token: row.get(3)?,
            })
        },
    )
    .optional()
}

/// The state with every token replaced by its fingerprint (what the child's report shows).
pub fn fingerprinted(state: &PersistedState) -> PersistedState {
    PersistedState {
        tokens: state
            .tokens
            .iter()
            .map(|(vendor, token)| (vendor.clone(), fingerprint(token)))
            .collect(),
        upload_record: state.upload_record.as_ref().map(fingerprinted_record),
        upload_pending: state.upload_pending.as_ref().map(fingerprinted_record),
        push_enabled: state.push_enabled,
    }
}

fn fingerprinted_record(record: &UploadRecord) -> UploadRecord {
    UploadRecord {
        token: fingerprint(&record.token),
        ..record.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::StoreWrite;
    use pushlane_store::{SqliteStore, Store};

    #[test]
    fn a_store_is_read_through_a_copy_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("push.db");
        assert_eq!(read(&path, &dir.path().join("scratch")).unwrap(), None);
        let mut store = SqliteStore::open(&path).unwrap().store;
        let record = UploadRecord {
            user_id: "alice".into(),
            vendor: "fcm".into(),
            business_id: 20001,
            token: "t1".into(),
        };
        for write in [
            StoreWrite::Token {
                vendor: "fcm".into(),
                token: "t1".into(),
            },
            StoreWrite::UploadRecord {
                record: Some(record.clone()),
            },
            StoreWrite::PushEnabled { enabled: false },
            StoreWrite::UploadPending {
                record: Some(UploadRecord {
                    token: "t2".into(),
                    ..record.clone()
                }),
            },
        ] {
            store.apply(&write).unwrap();
        }
        // The store is still open (its WAL not checkpointed) while the copy is read.
        let before = std::fs::read(&path).unwrap();
        let snapshot = read(&path, &dir.path().join("scratch")).unwrap().unwrap();
        assert_eq!(snapshot.integrity, "ok");
        assert_eq!(snapshot.state.tokens["fcm"], "t1");
        assert_eq!(snapshot.state.upload_record, Some(record));
        assert_eq!(
            snapshot
                .state
                .upload_pending
                .as_ref()
                .map(|p| p.token.as_str()),
            Some("t2")
        );
        assert!(!snapshot.state.push_enabled);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let fp = fingerprinted(&snapshot.state);
        assert_eq!(fp.tokens["fcm"], fingerprint("t1"));
        assert_eq!(fp.upload_record.unwrap().token, fingerprint("t1"));
        assert_eq!(fp.upload_pending.unwrap().token, fingerprint("t2"));
    }
}
