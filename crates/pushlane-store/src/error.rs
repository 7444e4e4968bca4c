//! What can go wrong with a store.
//!
//! Every message names the store (its file path, or `:memory:`) and the operation, e.g.
//! `store /tmp/x.db: cannot write token: database is locked`. No message ever carries a token
//! value: only what kind of data was being read or written.

use std::error::Error as StdError;
use std::path::{Path, PathBuf};

/// The underlying cause of a [`StoreError`] (a SQLite error, an I/O error, an invalid value, or
/// a failure injected by [`MemoryStore`](crate::MemoryStore)).
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// A store operation that failed.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or configured.
    #[error("store {}: cannot open: {source}", .path.display())]
    Open {
        /// The store's file.
        path: PathBuf,
        /// What SQLite said.
        source: Cause,
    },

    /// The file's schema is newer than this build knows; it is not read (nor written).
    #[error(
        "store {}: schema version {found} is newer than the newest this build knows ({known})",
        .path.display()
    )]
    NewerSchema {
        /// The store's file.
        path: PathBuf,
        /// The file's schema version (`PRAGMA user_version`).
        found: i64,
        /// The newest schema version this build knows.
        known: u32,
    },

    /// Bringing the schema up to date failed (nothing of the failed step is applied).
    #[error("store {}: cannot migrate schema from version {from} to {to}: {source}", .path.display())]
    Migrate {
        /// The store's file.
        path: PathBuf,
        /// The schema version before the failed step.
        from: u32,
        /// The schema version the failed step leads to.
        to: u32,
        /// What went wrong.
        source: Cause,
    },

    /// Reading failed, or what was read is not valid.
    #[error("store {}: cannot read {what}: {source}", .path.display())]
    Read {
        /// The store's file.
        path: PathBuf,
        /// What was being read (`tokens`, `upload record`, …; never a value).
        what: &'static str,
        /// What went wrong.
        source: Cause,
    },

    /// A write failed; nothing of it was applied.
    #[error("store {}: cannot write {what}: {source}", .path.display())]
    Write {
        /// The store's file.
        path: PathBuf,
        /// What was being written (`token`, `upload record`, `push preference`; never a value).
        what: &'static str,
        /// What went wrong.
        source: Cause,
    },

    /// The store cannot be used now for a reason outside the file (a lock, a full disk, a
    /// read-only or unreadable file, a missing directory, an I/O error). The file and
    /// everything beside it are left exactly as they were; opening it again once the cause is
    /// gone finds everything it held. (Only when a damaged file had been moved aside before a
    /// fresh store could not be made does `source` say so, and where it went.)
    #[error(
        "store {}: {cause}: {source}; {}",
        .path.display(), .cause.advice()
    )]
    Unavailable {
        /// The store's file (a `-wal`/`-shm`/`-journal` beside it that is the problem is named
        /// in `source`).
        path: PathBuf,
        /// What kind of obstacle it is.
        cause: UnavailableCause,
        /// What the file system or SQLite said.
        source: Cause,
    },

    /// The path is not a regular file (a directory, a FIFO, a device…): refused before SQLite
    /// touches it.
    #[error(
        "store {}: is a {kind}, not a regular file; give the path of a store file (it is created if missing)",
        .path.display()
    )]
    NotAFile {
        /// The path given (or the `-wal`/`-shm`/`-journal` path beside it).
        path: PathBuf,
        /// What it is (`directory`, `FIFO`, `socket`, `block device`, `character device`).
        kind: &'static str,
    },

    /// The file is an SQLite database of another application: it is neither read nor changed.
    #[error(
        "store {}: not a pushlane store ({found}); it was left as it is: give another path for the store",
        .path.display()
    )]
    Foreign {
        /// The store's file.
        path: PathBuf,
        /// What it holds instead (its `application_id`, `user_version` and tables).
        found: String,
    },

    /// An unreadable store file could not be moved aside.
    #[error("store {}: cannot move aside to {}: {source}", .path.display(), .to.display())]
    MoveAside {
        /// The file being moved.
        path: PathBuf,
        /// Where it was to go.
        to: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

/// Why a store is [unavailable](StoreError::Unavailable): something around the file, which
/// moving the file aside would not cure.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnavailableCause {
    /// Another connection or process holds a lock on it.
    Locked,
    /// Its file system is full.
    DiskFull,
    /// Its file system is mounted read-only.
    ReadOnly,
    /// This process may not read or write the file, a `-wal`/`-shm`/`-journal` file beside it,
    /// or its directory.
    PermissionDenied,
    /// Its directory does not exist (or is not a directory).
    MissingDirectory,
    /// Another I/O error (a failing device, no memory…).
    Io,
}

impl UnavailableCause {
    /// What to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            UnavailableCause::Locked => {
                "close the other program using it (or wait for it to finish), then try again"
            }
            UnavailableCause::DiskFull => "free some space on its file system, then try again",
            UnavailableCause::ReadOnly => {
                "make its file system writable (or give another path), then try again"
            }
            UnavailableCause::PermissionDenied => {
                "let this process read and write the file, the -wal, -shm and -journal files \
                 beside it and their directory, then try again"
            }
            UnavailableCause::MissingDirectory => {
                "create the directory (or mount its volume), then try again"
            }
            UnavailableCause::Io => "check the device and its file system, then try again",
        }
    }
}

impl std::fmt::Display for UnavailableCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UnavailableCause::Locked => "locked by another connection",
            UnavailableCause::DiskFull => "disk full",
            UnavailableCause::ReadOnly => "read-only file system",
            UnavailableCause::PermissionDenied => "permission denied",
            UnavailableCause::MissingDirectory => "no such directory",
            UnavailableCause::Io => "I/O error",
        })
    }
}

impl StoreError {
    /// The store file (or `:memory:`) the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Open { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Migrate { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::Write { path, .. }
            | StoreError::MoveAside { path, .. }
            | StoreError::Unavailable { path, .. }
            | StoreError::NotAFile { path, .. }
            | StoreError::Foreign { path, .. } => path,
        }
    }

    /// The message without its `store <path>: ` prefix (what was being done, and why it
    /// failed).
    pub(crate) fn detail(&self) -> String {
        let message = self.to_string();
        let prefix = format!("store {}: ", self.path().display());
        match message.strip_prefix(&prefix) {
            Some(detail) => detail.to_string(),
            None => message,
        }
    }

    /// The SQLite error behind this one, if any.
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            StoreError::Open { source, .. }
            | StoreError::Migrate { source, .. }
            | StoreError::Read { source, .. }
            | StoreError::Write { source, .. }
            | StoreError::Unavailable { source, .. } => source.downcast_ref::<rusqlite::Error>(),
            StoreError::NewerSchema { .. }
            | StoreError::MoveAside { .. }
            | StoreError::NotAFile { .. }
            | StoreError::Foreign { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_path_and_the_operation() {
        let err = StoreError::Write {
            path: PathBuf::from("/tmp/x.db"),
            what: "token",
            source: "database is locked".into(),
        };
        assert_eq!(
            err.to_string(),
            "store /tmp/x.db: cannot write token: database is locked"
        );
        assert_eq!(err.path(), Path::new("/tmp/x.db"));

        let err = StoreError::NewerSchema {
            path: PathBuf::from("/tmp/x.db"),
            found: 7,
            known: 1,
        };
        assert_eq!(
            err.to_string(),
            "store /tmp/x.db: schema version 7 is newer than the newest this build knows (1)"
        );
    }

    #[test]
    fn an_unavailable_store_says_the_cause_and_what_to_do() {
        let err = StoreError::Unavailable {
            path: PathBuf::from("/data/push.db"),
            cause: UnavailableCause::DiskFull,
            source: "cannot write token: database or disk is full".into(),
        };
        assert_eq!(
            err.to_string(),
            "store /data/push.db: disk full: cannot write token: database or disk is full; \
             free some space on its file system, then try again"
        );
        assert_eq!(
            err.detail(),
            "disk full: cannot write token: database or disk is full; \
             free some space on its file system, then try again"
        );
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<StoreError>();
    }
}
