//! Opening a store file, and telling the file's own damage (it is moved aside) from an obstacle
//! around it (it is left exactly as it is).
//!
//! Before SQLite touches anything, the path is checked with the file system: it must be a
//! regular file (a FIFO would block SQLite forever), this process must be able to open it and
//! any `-wal`/`-shm`/`-journal` beside it for reading and writing, and a missing file must be
//! creatable in an existing directory. A missing file is created here (`O_EXCL`), so that the
//! error says why it cannot be; if the open fails later (a full disk), the files this attempt
//! created are removed again.
//!
//! Then SQLite opens it and reads its identity ([`schema`](super::schema)), migrates it, runs
//! `PRAGMA quick_check`, reads everything once, and switches it to WAL. A failure is
//! [damage](Failure::Damaged) only when SQLite says the file is not a database or is malformed
//! (`SQLITE_NOTADB`, `SQLITE_CORRUPT`), when `quick_check` finds problems, or when a pushlane
//! store holds what pushlane never writes (tables missing, an invalid value). Every other
//! failure is [refused](Failure::Refused): locks, a full disk, permissions, I/O errors
//! ([`StoreError::Unavailable`]), another application's database ([`StoreError::Foreign`]),
//! a newer schema, a path that is not a regular file.

use super::aside::{exists, move_aside, unix_now, with_suffix, SIBLINGS};
use super::schema::{Identity, Verdict};
use super::{OpenOutcome, SqliteStore};
use crate::{StoreError, UnavailableCause};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How a store is opened. Tests use a short busy timeout, a page limit (a full disk) and extra
/// migrations.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    /// How long to wait for another connection's lock before giving up.
    pub busy: Duration,
    /// The schema steps ([`MIGRATIONS`](super::schema::MIGRATIONS)).
    pub migrations: &'static [&'static str],
    /// `PRAGMA max_page_count`, if any.
    pub max_pages: Option<u32>,
}

/// Why one attempt to open failed.
#[derive(Debug)]
pub(super) enum Failure {
    /// The file itself is not a database or is malformed: it is moved aside.
    Damaged(StoreError),
    /// Anything else: the error is returned and the file left alone.
    Refused(StoreError),
}

impl Failure {
    fn into_error(self) -> StoreError {
        match self {
            Failure::Damaged(e) | Failure::Refused(e) => e,
        }
    }
}

/// Opens the store; moves a damaged file aside and starts a fresh one in its place.
pub(super) fn open_with(path: &Path, settings: Settings) -> Result<OpenOutcome, StoreError> {
    let err = match attempt(path, settings) {
        Ok(store) => return Ok(OpenOutcome { store, reset: None }),
        Err(Failure::Refused(err)) => return Err(err),
        Err(Failure::Damaged(err)) => err,
    };
    let moved = move_aside(path, unix_now())?;
    let store = attempt(path, settings).map_err(|failure| match failure.into_error() {
        // Say what happened first, or the next start would begin empty without a word.
        StoreError::Unavailable {
            path,
            cause,
            source,
        } => StoreError::Unavailable {
            path,
            cause,
            source: format!(
                "{source} (the damaged store was moved aside to {} first: {})",
                moved.display(),
                err.detail()
            )
            .into(),
        },
        other => other,
    })?;
    Ok(OpenOutcome {
        store,
        reset: Some(format!("{err}; moved aside to {}", moved.display())),
    })
}

/// One attempt; when it fails, the files it created are removed.
fn attempt(path: &Path, settings: Settings) -> Result<SqliteStore, Failure> {
    let created = preflight(path)?;
    let siblings_before = SIBLINGS.map(|s| exists(&with_suffix(path, s)));
    let result = connect(path, settings);
    if result.is_err() {
        // The connection is closed by now: what SQLite left is on disk.
        remove_leftovers(path, created, siblings_before);
    }
    result
}

/// Opens, checks, migrates and reads the database at `path` (the file only; no renaming).
fn connect(path: &Path, settings: Settings) -> Result<SqliteStore, Failure> {
    let open_err = |e: rusqlite::Error| StoreError::Open {
        path: path.to_path_buf(),
        source: e.into(),
    };
    // No URI flag; and since this SQLite is built to take `file:` names as URIs anyway, a
    // relative path starting with `file:` is given as `./file:…`.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(sqlite_name(path), flags).map_err(|e| classify(open_err(e)))?;
    conn.busy_timeout(settings.busy)
        .map_err(|e| classify(open_err(e)))?;
    // WAL with synchronous=NORMAL may lose the last commits on power loss; §10 says a crash
    // loses nothing. (A per-connection setting: it writes nothing.)
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| classify(open_err(e)))?;
    if let Some(pages) = settings.max_pages {
        conn.pragma_update(None, "max_page_count", pages)
            .map_err(|e| classify(open_err(e)))?;
    }
    let mut store = SqliteStore {
        conn,
        path: path.to_path_buf(),
    };
    let identity =
        Identity::read(&store.conn).map_err(|e| classify(store.read_err("schema", e)))?;
    match identity.judge(settings.migrations) {
        Verdict::Ours => {}
        Verdict::Newer(found) => {
            return Err(Failure::Refused(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: settings.migrations.len() as u32,
            }))
        }
        Verdict::Foreign(found) => {
            return Err(Failure::Refused(StoreError::Foreign {
                path: path.to_path_buf(),
                found,
            }))
        }
        Verdict::Damaged(detail) => return Err(Failure::Damaged(store.read_err("schema", detail))),
    }
    // Everything is read and checked before the file is switched to WAL (which rewrites its
    // header), so that a file found damaged is moved aside as it was. A failed migration is
    // rolled back.
    store.migrate(settings.migrations).map_err(classify)?;
    let problems = store
        .integrity_problems()
        .map_err(|e| classify(store.read_err("database pages", e)))?;
    if !problems.is_empty() {
        let detail = problems.join("; ");
        return Err(Failure::Damaged(store.read_err("database pages", detail)));
    }
    crate::Store::load(&mut store).map_err(classify_load)?;
    let mode: String = store
        .conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| classify(open_err(e)))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Failure::Refused(StoreError::Open {
            path: path.to_path_buf(),
            source: format!("journal_mode is {mode}, not wal").into(),
        }));
    }
    Ok(store)
}

/// The name SQLite is given for `path`.
fn sqlite_name(path: &Path) -> PathBuf {
    if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

/// Damage when SQLite says the file is not a database or is malformed; unavailable when the
/// environment is in the way; otherwise refused as it is.
fn classify(err: StoreError) -> Failure {
    let code = err.sqlite().and_then(rusqlite::Error::sqlite_error_code);
    if matches!(
        code,
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    ) {
        return Failure::Damaged(err);
    }
    match err.sqlite().and_then(sqlite_cause) {
        Some(cause) => Failure::Refused(StoreError::Unavailable {
            path: err.path().to_path_buf(),
            cause,
            source: err.detail().into(),
        }),
        None => Failure::Refused(err),
    }
}

/// Reading a pushlane store: what is not the environment's fault is the file's (an invalid
/// value, a column that is not there).
fn classify_load(err: StoreError) -> Failure {
    match classify(err) {
        Failure::Refused(err) if !matches!(err, StoreError::Unavailable { .. }) => {
            Failure::Damaged(err)
        }
        other => other,
    }
}

/// The obstacle an SQLite error stands for, if it is one.
fn sqlite_cause(err: &rusqlite::Error) -> Option<UnavailableCause> {
    let rusqlite::Error::SqliteFailure(failure, _) = err else {
        return None;
    };
    Some(match failure.code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => UnavailableCause::Locked,
        ErrorCode::FileLockingProtocolFailed => UnavailableCause::Locked,
        ErrorCode::DiskFull => UnavailableCause::DiskFull,
        // Growing the -shm file failed: on Linux, a full file system (tmpfs in particular).
        ErrorCode::SystemIoFailure
            if failure.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE =>
        {
            UnavailableCause::DiskFull
        }
        ErrorCode::SystemIoFailure
        | ErrorCode::OutOfMemory
        | ErrorCode::OperationInterrupted
        | ErrorCode::NoLargeFileSupport => UnavailableCause::Io,
        // The file itself was checked before SQLite opened it: what SQLite cannot open or
        // write now is a -wal/-shm/-journal file it must create in the directory.
        ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
            UnavailableCause::PermissionDenied
        }
        _ => return None,
    })
}

/// The obstacle an I/O error stands for.
fn io_cause(err: &std::io::Error) -> UnavailableCause {
    match err.kind() {
        ErrorKind::PermissionDenied => UnavailableCause::PermissionDenied,
        ErrorKind::ReadOnlyFilesystem => UnavailableCause::ReadOnly,
        ErrorKind::StorageFull => UnavailableCause::DiskFull,
        ErrorKind::NotFound | ErrorKind::NotADirectory => UnavailableCause::MissingDirectory,
        ErrorKind::WouldBlock => UnavailableCause::Locked,
        _ => UnavailableCause::Io,
    }
}

fn unavailable(path: &Path, cause: UnavailableCause, detail: String) -> Failure {
    Failure::Refused(StoreError::Unavailable {
        path: path.to_path_buf(),
        cause,
        source: detail.into(),
    })
}

/// Checks `path` before SQLite touches it; creates it when missing. Returns whether it created
/// the file.
fn preflight(path: &Path) -> Result<bool, Failure> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => check_existing(path).map(|()| false),
        Ok(meta) => Err(not_a_file(path, &meta)),
        Err(e) if e.kind() == ErrorKind::NotFound => create(path),
        Err(e) => Err(unavailable(
            path,
            io_cause(&e),
            format!("cannot look at the file: {e}"),
        )),
    }
}

fn not_a_file(path: &Path, meta: &Metadata) -> Failure {
    Failure::Refused(StoreError::NotAFile {
        path: path.to_path_buf(),
        kind: kind_of(meta),
    })
}

/// What a path that is not a regular file is.
fn kind_of(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_block_device() {
            return "block device";
        }
        if file_type.is_char_device() {
            return "character device";
        }
    }
    "special file"
}

/// An existing store: readable and writable, an SQLite header (or empty), and its siblings
/// regular files that are readable and writable too.
fn check_existing(path: &Path) -> Result<(), Failure> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| {
            unavailable(
                path,
                io_cause(&e),
                format!("cannot open it for reading and writing: {e}"),
            )
        })?;
    check_header(path, &mut file)?;
    for suffix in SIBLINGS {
        let sibling = with_suffix(path, suffix);
        match std::fs::metadata(&sibling) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => return Err(not_a_file(&sibling, &meta)),
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(unavailable(
                    path,
                    io_cause(&e),
                    format!("cannot look at {}: {e}", sibling.display()),
                ))
            }
        }
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(&sibling)
            .map_err(|e| {
                unavailable(
                    path,
                    io_cause(&e),
                    format!(
                        "cannot open {} for reading and writing: {e}",
                        sibling.display()
                    ),
                )
            })?;
    }
    Ok(())
}

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A file that is not empty and does not start like an SQLite database is damage. (SQLite
/// would take a short one for an empty database and overwrite it, and opening a garbage file
/// may replay or delete a `-wal` next to it.)
fn check_header(path: &Path, file: &mut File) -> Result<(), Failure> {
    let mut head = Vec::with_capacity(SQLITE_HEADER.len());
    file.take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| unavailable(path, io_cause(&e), format!("cannot read it: {e}")))?;
    if head.is_empty() || head == SQLITE_HEADER {
        return Ok(());
    }
    Err(Failure::Damaged(StoreError::Read {
        path: path.to_path_buf(),
        what: "header",
        source: "file is not a database (no SQLite header)".into(),
    }))
}

/// Creates the missing store file (empty: SQLite makes it a database), in a directory that
/// must exist.
fn create(path: &Path) -> Result<bool, Failure> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            let detail = format!("{} is not a directory", dir.display());
            return Err(unavailable(
                path,
                UnavailableCause::MissingDirectory,
                detail,
            ));
        }
        Err(e) => {
            let detail = format!("directory {}: {e}", dir.display());
            return Err(unavailable(path, io_cause(&e), detail));
        }
    }
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(_) => Ok(true),
        // Made meanwhile by someone else, or a symbolic link to nothing.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => check_existing(path).map(|()| false),
            Ok(meta) => Err(not_a_file(path, &meta)),
            Err(_) => Err(Failure::Refused(StoreError::NotAFile {
                path: path.to_path_buf(),
                kind: "symbolic link to nothing",
            })),
        },
        Err(e) => Err(unavailable(
            path,
            io_cause(&e),
            format!("cannot create it: {e}"),
        )),
    }
}

/// Removes what a failed attempt created: the store file if the attempt created it (with every
/// sibling that appeared); otherwise only new siblings that hold nothing — an empty `-wal` or
/// `-journal`, and a new `-shm` when no `-wal` frames are left to need it.
fn remove_leftovers(path: &Path, created: bool, siblings_before: [bool; 3]) {
    let size = |p: &Path| std::fs::metadata(p).ok().map(|m| m.len());
    let remove = |p: &Path| {
        // Best effort: what cannot be removed stays (it holds nothing of the store's).
        let _ = std::fs::remove_file(p);
    };
    if created {
        for (suffix, existed) in SIBLINGS.iter().zip(siblings_before) {
            if !existed {
                remove(&with_suffix(path, suffix));
            }
        }
        remove(path);
        return;
    }
    let [wal_before, shm_before, journal_before] = siblings_before;
    let wal = with_suffix(path, "-wal");
    if !wal_before && size(&wal) == Some(0) {
        remove(&wal);
    }
    if !shm_before && size(&wal).unwrap_or(0) == 0 {
        remove(&with_suffix(path, "-shm"));
    }
    let journal = with_suffix(path, "-journal");
    if !journal_before && size(&journal) == Some(0) {
        remove(&journal);
    }
}

impl Settings {
    /// What [`SqliteStore::open`] uses.
    pub const DEFAULT: Settings = Settings {
        busy: Duration::from_secs(5),
        migrations: super::schema::MIGRATIONS,
        max_pages: None,
    };
}
