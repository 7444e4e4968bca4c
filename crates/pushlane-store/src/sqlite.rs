//! The SQLite store: an embedded database file in WAL mode with a versioned schema.
//!
//! The schema version is `PRAGMA user_version`; [`MIGRATIONS`] lists the steps from each version
//! to the next, each run in one transaction together with the version bump. A file that cannot be
//! opened, read or migrated (garbage, a schema newer than this build, invalid values…) is moved
//! aside to `<file name>.corrupt-<unix seconds>` with its `-wal`/`-shm`/`-journal` siblings, and
//! a fresh database is created in its place ([`OpenOutcome::reset`]). Nothing is ever deleted.

use crate::error::Cause;
use crate::memory::MEMORY_PATH;
use crate::{Store, StoreError};
use pushlane_core::{PersistedState, StoreWrite, UploadRecord};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Schema steps: `MIGRATIONS[i]` takes a database from version `i` to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // v1: the three things lifecycle.md §10 lists.
    "CREATE TABLE tokens (
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
     ) STRICT;",
];

/// The schema version this build creates and reads.
const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long to wait for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The `settings` key of the push preference.
const PUSH_ENABLED: &str = "push_enabled";

/// What [`SqliteStore::open`] gives: the store, and whether the old file had to be moved aside.
#[derive(Debug)]
pub struct OpenOutcome {
    /// The open store.
    pub store: SqliteStore,
    /// `Some(detail)` when the existing file could not be opened, read or migrated: it was moved
    /// aside (the detail says why, and names where it went) and this store starts empty. The
    /// runtime reports it as warning `store_reset`.
    pub reset: Option<String>,
}

/// A [`Store`] in an SQLite file (WAL mode, `synchronous=FULL`, one transaction per write).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// The schema version (`PRAGMA user_version`) this build creates and reads; a file with a
    /// newer one is moved aside by [`SqliteStore::open`].
    pub const SCHEMA_VERSION: u32 = SCHEMA_VERSION;

    /// Opens (or creates) the store at `path`, bringing its schema up to date and reading
    /// everything once to make sure it is readable.
    ///
    /// A file that cannot be opened, read or migrated is moved aside to
    /// `<file name>.corrupt-<unix seconds>` (a `-<n>` suffix is added if that name is taken; the
    /// `-wal`, `-shm` and `-journal` siblings go along, as `<new name>-wal` …) and a fresh store
    /// is created: [`OpenOutcome::reset`] then says what happened. A 0-byte file is a new, empty
    /// database, not a corrupt one.
    ///
    /// Returns `Err` when the store cannot be created at all (e.g. the directory is missing or
    /// not writable), when the old file cannot be moved aside, and when the database is only
    /// busy or locked by another connection, or the disk is full (the file is fine then, and is
    /// left where it is). Never panics.
    pub fn open(path: &Path) -> Result<OpenOutcome, StoreError> {
        open_with(path, BUSY_TIMEOUT)
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
        store.migrate()?;
        store.load()?;
        Ok(store)
    }

    /// The store's file (`:memory:` for [`SqliteStore::open_in_memory`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens, migrates and validates the database at `path` (the file only; no renaming).
    fn try_open(path: &Path, busy: Duration) -> Result<SqliteStore, StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            source: e.into(),
        };
        // SQLite takes a short file without its header for an empty database and overwrites
        // it, and opening a garbage file may replay or delete a `-wal` next to it: so anything
        // that is not empty and does not start like an SQLite database is refused untouched.
        check_header(path)?;
        // No URI flag: the path is a plain file name, even if it starts with `file:`.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(busy).map_err(open_err)?;
        // WAL with synchronous=NORMAL may lose the last commits on power loss; §10 says a
        // crash loses nothing. (A per-connection setting: it writes nothing.)
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        // Everything is read and checked before the file is switched to WAL (which rewrites
        // its header), so that a file found unreadable is moved aside as it was. A failed
        // migration is rolled back.
        store.migrate()?;
        store.check_integrity()?;
        store.load()?;
        let mode: String = store
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                source: format!("journal_mode is {mode}, not wal").into(),
            });
        }
        Ok(store)
    }

    /// The file's schema version; an error if it is newer than this build's.
    fn schema_version(&self) -> Result<u32, StoreError> {
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.read_err("schema version", e))?;
        match u32::try_from(found) {
            Ok(v) if v <= SCHEMA_VERSION => Ok(v),
            _ => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                known: SCHEMA_VERSION,
            }),
        }
    }

    /// Runs the migrations the file lacks, each in one transaction with its version bump.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let mut version = self.schema_version()?;
        while version < SCHEMA_VERSION {
            let to = version + 1;
            let path = self.path.clone();
            let migrate_err = |e: rusqlite::Error| StoreError::Migrate {
                path: path.clone(),
                from: version,
                to,
                source: e.into(),
            };
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(migrate_err)?;
            // Re-read inside the write lock: another connection may have migrated meanwhile.
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |row| row.get(0))
                .map_err(migrate_err)?;
            if now == i64::from(version) {
                tx.execute_batch(MIGRATIONS[version as usize])
                    .map_err(migrate_err)?;
                tx.pragma_update(None, "user_version", to)
                    .map_err(migrate_err)?;
            }
            tx.commit().map_err(migrate_err)?;
            version = self.schema_version()?;
        }
        Ok(())
    }

    /// `PRAGMA quick_check`: damage in pages `load` would not notice.
    fn check_integrity(&self) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA quick_check")
            .map_err(|e| self.read_err("database pages", e))?;
        let problems: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.read_err("database pages", e))?;
        if problems.len() == 1 && problems[0] == "ok" {
            return Ok(());
        }
        Err(StoreError::Read {
            path: self.path.clone(),
            what: "database pages",
            source: problems.join("; ").into(),
        })
    }

    fn read_err(&self, what: &'static str, e: impl Into<Cause>) -> StoreError {
        StoreError::Read {
            path: self.path.clone(),
            what,
            source: e.into(),
        }
    }
}

fn open_with(path: &Path, busy: Duration) -> Result<OpenOutcome, StoreError> {
    let err = match SqliteStore::try_open(path, busy) {
        Ok(store) => return Ok(OpenOutcome { store, reset: None }),
        Err(err) => err,
    };
    // Only a regular file that exists and is unreadable for reasons of its own is moved aside.
    let is_file = std::fs::metadata(path)
        .map(|m| m.is_file())
        .unwrap_or(false);
    if !is_file || !is_the_files_fault(&err) {
        return Err(err);
    }
    let moved = move_aside(path, unix_now())?;
    let store = SqliteStore::try_open(path, busy)?;
    Ok(OpenOutcome {
        store,
        reset: Some(format!("{err}; moved aside to {}", moved.display())),
    })
}

/// Whether `err` says the file itself is bad, rather than something around it (another
/// connection's lock, a full disk, no memory) which moving it aside would not cure.
fn is_the_files_fault(err: &StoreError) -> bool {
    let Some(code) = err.sqlite().and_then(rusqlite::Error::sqlite_error_code) else {
        return true;
    };
    !matches!(
        code,
        ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::DiskFull
            | ErrorCode::OutOfMemory
            | ErrorCode::OperationInterrupted
    )
}

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a file that exists, is not empty, and does not start with [`SQLITE_HEADER`].
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        // Missing (SQLite creates it), or not openable: SQLite will say what is wrong.
        Err(_) => return Ok(()),
    };
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Ok(());
    }
    let mut head = Vec::with_capacity(SQLITE_HEADER.len());
    let read = (&mut file)
        .take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut head);
    match read {
        Err(e) => Err(StoreError::Read {
            path: path.to_path_buf(),
            what: "header",
            source: e.into(),
        }),
        Ok(_) if head.is_empty() || head == SQLITE_HEADER => Ok(()),
        Ok(_) => Err(StoreError::Read {
            path: path.to_path_buf(),
            what: "header",
            source: "file is not a database (no SQLite header)".into(),
        }),
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The SQLite files that belong with a database file.
const SIBLINGS: [&str; 3] = ["-wal", "-shm", "-journal"];

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// How many `.corrupt-<unix>[-<n>]` names to try.
const MAX_ASIDE: u32 = 10_000;

/// Renames `path` to `<path>.corrupt-<unix>` (or `…-<n>` if taken), with its siblings; returns
/// the new name.
fn move_aside(path: &Path, unix: u64) -> Result<PathBuf, StoreError> {
    let base = format!(".corrupt-{unix}");
    let candidate = |n: u32| match n {
        0 => with_suffix(path, &base),
        n => with_suffix(path, &format!("{base}-{n}")),
    };
    let free = |t: &PathBuf| !exists(t) && SIBLINGS.iter().all(|s| !exists(&with_suffix(t, s)));
    let Some(target) = (0..MAX_ASIDE).map(candidate).find(free) else {
        return Err(StoreError::MoveAside {
            path: path.to_path_buf(),
            to: candidate(MAX_ASIDE - 1),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "every candidate name is taken",
            ),
        });
    };
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|source| StoreError::MoveAside {
            path: from.to_path_buf(),
            to: to.to_path_buf(),
            source,
        })
    };
    // Siblings first: a `-wal` left behind next to a fresh database would be replayed into it.
    for sibling in SIBLINGS {
        let from = with_suffix(path, sibling);
        if exists(&from) {
            rename(&from, &with_suffix(&target, sibling))?;
        }
    }
    rename(path, &target)?;
    Ok(target)
}

/// What a write is about, for error messages (never a value).
pub(crate) fn what_of(write: &StoreWrite) -> &'static str {
    match write {
        StoreWrite::Token { .. } => "token",
        StoreWrite::UploadRecord { .. } => "upload record",
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
        // One read transaction: a consistent snapshot of all three.
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

        let upload_record = tx
            .query_row(
                "SELECT user_id, vendor, business_id, token FROM upload_record WHERE id = 1",
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
            .map_err(read_err("upload record"))?;

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
            StoreWrite::UploadRecord {
                record: Some(record),
            } => tx.execute(
                "INSERT INTO upload_record (id, user_id, vendor, business_id, token)
                 VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id,
                     vendor = excluded.vendor, business_id = excluded.business_id,
                     token = excluded.token",
                params![
                    record.user_id,
                    record.vendor,
                    record.business_id,
                    record.token
                ],
            ),
            StoreWrite::UploadRecord { record: None } => {
                tx.execute("DELETE FROM upload_record", [])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn token(vendor: &str, token: &str) -> StoreWrite {
        StoreWrite::Token {
            vendor: vendor.into(),
            token: token.into(),
        }
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
    fn a_locked_database_is_an_error_and_is_not_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("push.db");
        // A valid database in rollback-journal mode, so that a writer's lock blocks readers.
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch("CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);")
            .unwrap();
        let err = open_with(&path, Duration::from_millis(20)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("locked") || message.contains("busy"),
            "{message}"
        );
        assert!(message.contains(&*path.to_string_lossy()), "{message}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("corrupt")), "{names:?}");
        other.execute_batch("COMMIT").unwrap();
        drop(other);
        // Once free, the (foreign but valid) file is migrated in place.
        let outcome = SqliteStore::open(&path).unwrap();
        assert!(outcome.reset.is_none());
    }

    #[test]
    fn a_taken_corrupt_name_gets_a_suffix_and_siblings_go_along() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("push.db");
        std::fs::write(&path, b"db").unwrap();
        std::fs::write(with_suffix(&path, "-wal"), b"wal").unwrap();
        std::fs::write(dir.path().join("push.db.corrupt-42"), b"older").unwrap();
        let moved = move_aside(&path, 42).unwrap();
        assert_eq!(moved, dir.path().join("push.db.corrupt-42-1"));
        assert_eq!(std::fs::read(&moved).unwrap(), b"db");
        assert_eq!(
            std::fs::read(dir.path().join("push.db.corrupt-42-1-wal")).unwrap(),
            b"wal"
        );
        assert_eq!(
            std::fs::read(dir.path().join("push.db.corrupt-42")).unwrap(),
            b"older"
        );
        assert!(!path.exists());
        assert!(!with_suffix(&path, "-wal").exists());
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
}
