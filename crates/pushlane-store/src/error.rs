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

impl StoreError {
    /// The store file (or `:memory:`) the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Open { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Migrate { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::Write { path, .. }
            | StoreError::MoveAside { path, .. } => path,
        }
    }

    /// The SQLite error behind this one, if any.
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            StoreError::Open { source, .. }
            | StoreError::Migrate { source, .. }
            | StoreError::Read { source, .. }
            | StoreError::Write { source, .. } => source.downcast_ref::<rusqlite::Error>(),
            StoreError::NewerSchema { .. } | StoreError::MoveAside { .. } => None,
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
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<StoreError>();
    }
}
