//! File-system faults for the store's tests: a size-limited or read-only tmpfs, files that may
//! not be written or read, and snapshots of a directory to show nothing in it changed.
//!
//! Tests run as root here, and root ignores file modes: a write is denied with `chattr +i`
//! (root) or `chmod` (anyone else), a read-only file system is a tmpfs remounted `ro` (root
//! only). Where a mechanism is impossible the helper says why, and the test prints it and
//! skips that part.
#![allow(dead_code)]

use pushlane_core::StoreWrite;
use pushlane_store::{SqliteStore, Store, StoreError};
use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tests run as root (the owner of a file they create is uid 0).
pub fn is_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"").unwrap();
    std::fs::metadata(&probe).unwrap().uid() == 0
}

/// Runs a command; `Err` with what it said when it fails or cannot run.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    match Command::new(program).args(args).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("cannot run {program}: {e}")),
    }
}

/// Prints why part of a test does not run (shown with `--nocapture`, and in a failing test's
/// output).
pub fn skip(test: &str, why: &str) {
    println!("SKIPPED {test}: {why}");
}

/// A tmpfs mounted on a fresh directory, unmounted when dropped.
pub struct Tmpfs {
    _dir: tempfile::TempDir,
    mount: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB (root only).
    pub fn mount(kib: u32) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mount = dir.path().join("mnt");
        std::fs::create_dir(&mount).map_err(|e| e.to_string())?;
        let size = format!("size={kib}k");
        run(
            "mount",
            &["-t", "tmpfs", "-o", &size, "tmpfs", mount.to_str().unwrap()],
        )?;
        Ok(Tmpfs { _dir: dir, mount })
    }

    pub fn path(&self) -> &Path {
        &self.mount
    }

    /// Remounts it read-only (`true`) or read-write.
    pub fn set_read_only(&self, read_only: bool) -> Result<(), String> {
        let opts = if read_only {
            "remount,ro"
        } else {
            "remount,rw"
        };
        run("mount", &["-o", opts, self.mount.to_str().unwrap()])
    }

    /// Fills it: a file `filler` grows until the file system says it is full.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.mount.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0xA5u8; 4096];
        loop {
            match file.write_all(&block) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
                Err(e) => panic!("filling the tmpfs: {e}"),
            }
        }
        // Whatever still fits byte by byte.
        while file.write_all(&[0]).is_ok() {}
        filler
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = run("umount", &["-l", self.mount.to_str().unwrap()]);
    }
}

/// Undoes a denial when dropped.
pub struct Denied {
    path: PathBuf,
    undo: Undo,
}

enum Undo {
    Chattr,
    Mode(u32),
}

impl Denied {
    /// Lifts the denial now.
    pub fn lift(self) {}
}

impl Drop for Denied {
    fn drop(&mut self) {
        match self.undo {
            Undo::Chattr => {
                let _ = run("chattr", &["-i", self.path.to_str().unwrap()]);
            }
            Undo::Mode(mode) => {
                let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(mode));
            }
        }
    }
}

/// Makes `path` (a file or directory) impossible to write to, as root (`chattr +i`) or not
/// (`chmod a-w`).
pub fn deny_write(path: &Path) -> Result<Denied, String> {
    if is_root() {
        run("chattr", &["+i", path.to_str().unwrap()])?;
        return Ok(Denied {
            path: path.to_path_buf(),
            undo: Undo::Chattr,
        });
    }
    let mode = std::fs::metadata(path).map_err(|e| e.to_string())?.mode() & 0o7777;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o222))
        .map_err(|e| e.to_string())?;
    Ok(Denied {
        path: path.to_path_buf(),
        undo: Undo::Mode(mode),
    })
}

/// Makes `path` impossible to read (not as root: root reads every file whatever its mode).
pub fn deny_read(path: &Path) -> Result<Denied, String> {
    if is_root() {
        return Err("running as root, which may read any file whatever its mode".into());
    }
    let mode = std::fs::metadata(path).map_err(|e| e.to_string())?.mode() & 0o7777;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000))
        .map_err(|e| e.to_string())?;
    Ok(Denied {
        path: path.to_path_buf(),
        undo: Undo::Mode(mode),
    })
}

/// Every entry of `dir` (not recursive): name → contents (`None` for what is not a regular
/// file: a directory, a FIFO…).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().unwrap().is_file();
            // A file this process may not read is told by its size and modification time.
            let bytes = is_file.then(|| {
                std::fs::read(entry.path()).unwrap_or_else(|_| {
                    let meta = entry.metadata().unwrap();
                    format!(
                        "unreadable: {} bytes, {:?}",
                        meta.len(),
                        meta.modified().unwrap()
                    )
                    .into_bytes()
                })
            });
            (name, bytes)
        })
        .collect()
}

/// Creates the store at `path` with push switched off and a token, then closes it.
pub fn store_with_push_off(path: &Path) {
    let mut store = SqliteStore::open(path).unwrap().store;
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    store
        .apply(&StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "stored-token".into(),
        })
        .unwrap();
}

/// The refusal a fault must give: an error (not a reset) that names `path` and contains each
/// of `words` (the cause and what to do), with `dir` exactly as it was before (`before`).
pub fn assert_refused(
    result: Result<pushlane_store::OpenOutcome, StoreError>,
    path: &Path,
    words: &[&str],
    dir: &Path,
    before: &BTreeMap<String, Option<Vec<u8>>>,
) -> StoreError {
    let err = match result {
        Ok(outcome) => panic!(
            "opened (reset: {:?}) instead of refusing; {:?}",
            outcome.reset,
            snapshot(dir).keys().collect::<Vec<_>>()
        ),
        Err(err) => err,
    };
    let message = err.to_string();
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    for word in words {
        assert!(message.contains(word), "{word:?} not in: {message}");
    }
    let after = snapshot(dir);
    assert!(
        after.keys().all(|n| !n.contains(".corrupt-")),
        "moved aside: {:?}",
        after.keys()
    );
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "files created or removed"
    );
    assert!(after == *before, "the files' bytes changed");
    err
}

/// After the fault is gone: the store opens without a reset and push is still off.
pub fn assert_push_still_off(path: &Path) {
    let outcome = SqliteStore::open(path).unwrap();
    assert_eq!(outcome.reset, None);
    let state = { outcome.store }.load().unwrap();
    assert!(!state.push_enabled, "the push-off preference was lost");
    assert_eq!(state.tokens["xiaomi"], "stored-token");
}
