//! Moving a damaged store file aside: `<file>.corrupt-<unix seconds>[-<n>]`, with its `-wal`,
//! `-shm` and `-journal` siblings. Nothing is ever deleted.

use crate::StoreError;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The SQLite files that belong with a database file.
pub(super) const SIBLINGS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `suffix` appended to its file name (`push.db` → `push.db-wal`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether anything (a file, a dangling link…) is at `path`.
pub(super) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

pub(super) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// How many `.corrupt-<unix>[-<n>]` names to try.
const MAX_ASIDE: u32 = 10_000;

/// Renames `path` to `<path>.corrupt-<unix>` (or `…-<n>` if taken), with its siblings; returns
/// the new name.
pub(super) fn move_aside(path: &Path, unix: u64) -> Result<PathBuf, StoreError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
