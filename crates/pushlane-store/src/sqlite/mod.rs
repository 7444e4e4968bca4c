//! The SQLite store: an embedded database file in WAL mode with a versioned schema.
//!
//! The schema version is `PRAGMA user_version` and a pushlane store carries
//! `PRAGMA application_id` [`APPLICATION_ID`](schema::APPLICATION_ID) ([`schema`]). Opening
//! ([`open`]) tells a damaged file from an obstacle around it: a file SQLite reports as not a
//! database or malformed, or that fails `PRAGMA quick_check`, is moved aside to
//! `<file name>.corrupt-<unix seconds>` with its `-wal`/`-shm`/`-journal` siblings ([`aside`])
//! and a fresh database is created in its place ([`OpenOutcome::reset`]); a lock, a full disk,
//! a permission, an I/O error, another application's database, a newer schema or a path that
//! is not a regular file is an error and the file is left exactly as it was. Nothing is ever
//! deleted.

mod aside;
mod open;
mod schema;
#[cfg(test)]
mod tests;

use crate::error::Cause;
use crate::memory::MEMORY_PATH;
use crate::{Store, StoreError};
use open::{open_with, Settings};
use pushlane_core::{PersistedState, StoreWrite, UploadRecord};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `settings` key of the push preference.
const PUSH_ENABLED: &str = "push_enabled";

/// What [`SqliteStore::open`] gives: the store, and whether the old file had to be moved aside.
#[derive(Debug)]
pub struct OpenOutcome {
    /// The open store.
    pub store: SqliteStore,
    /// `Some(detail)` when the existing file was damaged (not a database, malformed, failing
    /// `PRAGMA quick_check`, or a pushlane store holding what pushlane never writes): it was
    /// moved aside (the detail says why, and names where it went) and this store starts empty.
    /// The runtime reports it as warning `store_reset`.
    pub reset: Option<String>,
}

/// A [`Store`] in an SQLite file (WAL mode, `synchronous=FULL`, one transaction per write).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// The schema version (`PRAGMA user_version`) this build creates and reads; a pushlane
    /// store with a newer one is refused by [`SqliteStore::open`]
    /// ([`StoreError::NewerSchema`]).
    pub const SCHEMA_VERSION: u32 = schema::SCHEMA_VERSION;

    /// Opens (or creates) the store at `path`, bringing its schema up to date and reading
    /// everything once to make sure it is readable. `path` is a file name, never an SQLite URI
    /// (`file:x.db` is the file `./file:x.db`).
    ///
    /// A damaged file (SQLite says it is not a database or is malformed, `PRAGMA quick_check`
    /// finds problems, or a pushlane store lacks its tables or holds an invalid value) is moved
    /// aside to `<file name>.corrupt-<unix seconds>` (a `-<n>` suffix is added if that name is
    /// taken; the `-wal`, `-shm` and `-journal` siblings go along, as `<new name>-wal` …) and a
    /// fresh store is created: [`OpenOutcome::reset`] then says what happened. A 0-byte file is
    /// a new, empty database, not a damaged one.
    ///
    /// Everything else is an error, and the file and its siblings are left exactly as they were
    /// (a file this call created is removed again):
    /// - [`StoreError::Unavailable`]: another connection holds a lock, the disk is full, the
    ///   file system is read-only, this process may not read or write the file, its
    ///   `-wal`/`-shm`/`-journal` or its directory, the directory is missing, an I/O error;
    /// - [`StoreError::NotAFile`]: the path is a directory, a FIFO, a device…;
    /// - [`StoreError::Foreign`]: another application's SQLite database;
    /// - [`StoreError::NewerSchema`]: a pushlane store from a newer build;
    /// - [`StoreError::MoveAside`]: a damaged file could not be moved aside.
    ///
    /// Never panics.
    pub fn open(path: &Path) -> Result<OpenOutcome, StoreError> {
        open_with(path, Settings::DEFAULT)
    }

    /// A fresh store in memory (same schema and code paths, except WAL, which an in-memory
    /// database does not have). For tests.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let path = PathBuf::from(MEMORY_PATH);
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: path.clone(),
            source: e.into(),
        })?;
        let mut store = SqliteStore { conn, path };
        store.migrate(schema::MIGRATIONS)?;
        store.load()?;
        Ok(store)
    }

    /// The store's file (`:memory:` for [`SqliteStore::open_in_memory`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_err(&self, what: &'static str, e: impl Into<Cause>) -> StoreError {
        StoreError::Read {
            path: self.path.clone(),
            what,
            source: e.into(),
        }
    }
}

/// What a write is about, for error messages (never a value).
pub(crate) fn what_of(write: &StoreWrite) -> &'static str {
    match write {
        StoreWrite::Token { .. } => "token",
        StoreWrite::UploadRecord { .. } => "upload record",
        StoreWrite::UploadPending { .. } => "pending upload",
        StoreWrite::PushEnabled { .. } => "push preference",
    }
}

impl Store for SqliteStore {
    fn load(&mut self) -> Result<PersistedState, StoreError> {
        let path = self.path.clone();
        let read_err = |what: &'static str| {
            let path = path.clone();
            move |e: rusqlite::Error| StoreError::Read {
                path: path.clone(),
                what,
                source: e.into(),
            }
        };
        // One read transaction: a consistent snapshot of everything.
        let tx = self.conn.transaction().map_err(read_err("state"))?;

        let tokens = {
            let mut stmt = tx
                .prepare("SELECT vendor, token FROM tokens ORDER BY vendor")
                .map_err(read_err("tokens"))?;
            let rows = stmt
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(read_err("tokens"))?;
            rows.collect::<Result<BTreeMap<String, String>, _>>()
                .map_err(read_err("tokens"))?
        };

        let upload_record = read_record(&tx, "upload_record").map_err(read_err("upload record"))?;
        let upload_pending =
            read_record(&tx, "upload_pending").map_err(read_err("pending upload"))?;

        let push_enabled: Option<String> = tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [PUSH_ENABLED],
                |row| row.get(0),
            )
            .optional()
            .map_err(read_err("push preference"))?;
        let push_enabled = match push_enabled.as_deref() {
            None | Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(StoreError::Read {
                    path: self.path.clone(),
                    what: "push preference",
                    source: format!("invalid value {other:?} (expected true or false)").into(),
                })
            }
        };

        tx.commit().map_err(read_err("state"))?;
        Ok(PersistedState {
            tokens,
            upload_record,
            upload_pending,
            push_enabled,
        })
    }

    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError> {
        let path = self.path.clone();
        let what = what_of(write);
        let write_err = |e: rusqlite::Error| StoreError::Write {
            path: path.clone(),
            what,
            source: e.into(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(write_err)?;
        match write {
            StoreWrite::Token { vendor, token } => tx.execute(
                "INSERT INTO tokens (vendor, token) VALUES (?1, ?2)
                 ON CONFLICT (vendor) DO UPDATE SET token = excluded.token",
                params![vendor, token],
            ),
            // The result of the pending upload: recorded and no longer pending, in one commit.
            StoreWrite::UploadRecord {
                record: Some(record),
            } => write_record(&tx, "upload_record", record)
                .and_then(|_| tx.execute("DELETE FROM upload_pending", [])),
            StoreWrite::UploadRecord { record: None } => {
                tx.execute("DELETE FROM upload_record", [])
            }
            StoreWrite::UploadPending {
                record: Some(record),
            } => write_record(&tx, "upload_pending", record),
            StoreWrite::UploadPending { record: None } => {
                tx.execute("DELETE FROM upload_pending", [])
            }
            StoreWrite::PushEnabled { enabled } => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![PUSH_ENABLED, if *enabled { "true" } else { "false" }],
            ),
        }
        .map_err(write_err)?;
        tx.commit().map_err(write_err)
    }
}

/// The one row of `table` (`upload_record` or `upload_pending`, which have the same columns).
fn read_record(conn: &Connection, table: &str) -> rusqlite::Result<Option<UploadRecord>> {
    conn.query_row(
        &format!("SELECT user_id, vendor, business_id, token FROM {table} WHERE id = 1"),
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

/// Sets the one row of `table` (`upload_record` or `upload_pending`).
fn write_record(conn: &Connection, table: &str, record: &UploadRecord) -> rusqlite::Result<usize> {
    conn.execute(
        &format!(
            "INSERT INTO {table} (id, user_id, vendor, business_id, token)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id,
                 vendor = excluded.vendor, business_id = excluded.business_id,
                 token = excluded.token"
        ),
        params![
            record.user_id,
            record.vendor,
            record.business_id,
            record.token
        ],
    )
}
