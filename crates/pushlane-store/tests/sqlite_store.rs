//! The SQLite store through its public API, on real files in a temporary directory.

use pushlane_core::{PersistedState, StoreWrite, UploadRecord};
use pushlane_store::{MemoryStore, OpenOutcome, SqliteStore, Store, StoreError};
use std::path::{Path, PathBuf};

fn open(path: &Path) -> OpenOutcome {
    SqliteStore::open(path).unwrap()
}

/// Opens a store that must not have been reset.
fn open_clean(path: &Path) -> SqliteStore {
    let outcome = open(path);
    assert_eq!(outcome.reset, None);
    outcome.store
}

fn record(token: &str) -> UploadRecord {
    UploadRecord {
        user_id: "alice".into(),
        vendor: "huawei".into(),
        business_id: u32::MAX,
        token: token.into(),
    }
}

/// The file names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The single `<name>.corrupt-<digits>` file in `dir` (siblings such as `…-wal` aside).
fn corrupt_file(dir: &Path, name: &str) -> PathBuf {
    let prefix = format!("{name}.corrupt-");
    let moved: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| {
            n.strip_prefix(&prefix).is_some_and(|digits| {
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            })
        })
        .collect();
    assert_eq!(moved.len(), 1, "{:?}", names(dir));
    dir.join(&moved[0])
}

/// 4 KiB of pseudo-random bytes (a fixed xorshift sequence).
fn garbage() -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Asserts that `file` held unreadable `bytes`, was moved aside intact, and that the store
/// opened in its place is empty and usable.
fn assert_moved_aside(file_bytes: &[u8], expect_in_detail: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::write(&path, file_bytes).unwrap();

    let OpenOutcome { mut store, reset } = open(&path);
    let detail = reset.expect("the store was reset");
    let moved = corrupt_file(dir.path(), "push.db");
    assert!(detail.contains(&*moved.to_string_lossy()), "{detail}");
    assert!(detail.contains(&*path.to_string_lossy()), "{detail}");
    assert!(detail.contains(expect_in_detail), "{detail}");
    assert!(
        std::fs::read(&moved).unwrap() == file_bytes,
        "bytes changed"
    );
    assert_eq!(store.load().unwrap(), PersistedState::default());

    // The fresh store works and keeps what is written to it.
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    drop(store);
    let mut store = open_clean(&path);
    assert!(!store.load().unwrap().push_enabled);
    assert!(
        std::fs::read(&moved).unwrap() == file_bytes,
        "bytes changed"
    );
}

#[test]
fn every_kind_of_write_survives_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let writes = [
        StoreWrite::Token {
            vendor: "huawei".into(),
            token: "h-1".into(),
        },
        StoreWrite::Token {
            vendor: "fcm".into(),
            token: "f-1".into(),
        },
        StoreWrite::Token {
            vendor: "huawei".into(),
            token: "h-2 ✓ with unicode".into(),
        },
        StoreWrite::Token {
            vendor: "apns".into(),
            token: String::new(),
        },
        StoreWrite::UploadRecord {
            record: Some(record("h-2")),
        },
        StoreWrite::PushEnabled { enabled: false },
    ];

    let mut store = open_clean(&path);
    assert_eq!(store.load().unwrap(), PersistedState::default());
    let mut expected = PersistedState::default();
    for write in &writes {
        store.apply(write).unwrap();
        expected.apply(write);
        assert_eq!(store.load().unwrap(), expected);
    }
    drop(store);

    let mut store = open_clean(&path);
    let state = store.load().unwrap();
    assert_eq!(state, expected);
    assert_eq!(state.tokens.len(), 3);
    assert_eq!(state.tokens["huawei"], "h-2 ✓ with unicode");
    assert_eq!(state.upload_record, Some(record("h-2")));
    assert!(!state.push_enabled);

    store
        .apply(&StoreWrite::PushEnabled { enabled: true })
        .unwrap();
    drop(store);
    assert!(open_clean(&path).load().unwrap().push_enabled);
}

#[test]
fn the_upload_record_is_set_replaced_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let mut store = open_clean(&path);
    store
        .apply(&StoreWrite::UploadRecord {
            record: Some(record("t1")),
        })
        .unwrap();
    store
        .apply(&StoreWrite::UploadRecord {
            record: Some(record("t2")),
        })
        .unwrap();
    drop(store);

    let mut store = open_clean(&path);
    assert_eq!(store.load().unwrap().upload_record, Some(record("t2")));
    store
        .apply(&StoreWrite::UploadRecord { record: None })
        .unwrap();
    assert_eq!(store.load().unwrap().upload_record, None);
    drop(store);

    let mut store = open_clean(&path);
    assert_eq!(store.load().unwrap().upload_record, None);
    // Clearing what is not there is fine.
    store
        .apply(&StoreWrite::UploadRecord { record: None })
        .unwrap();
}

#[test]
fn a_pending_upload_survives_reopen_and_its_record_replaces_it_in_one_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let mut store = open_clean(&path);
    store
        .apply(&StoreWrite::UploadRecord {
            record: Some(record("t1")),
        })
        .unwrap();
    store
        .apply(&StoreWrite::UploadPending {
            record: Some(record("t2")),
        })
        .unwrap();
    drop(store);

    // The process died waiting for the result: both are there after a restart.
    let mut store = open_clean(&path);
    let state = store.load().unwrap();
    assert_eq!(state.upload_record, Some(record("t1")));
    assert_eq!(state.upload_pending, Some(record("t2")));

    // The result: the record, and nothing pending any more.
    let write = StoreWrite::UploadRecord {
        record: Some(record("t2")),
    };
    store.apply(&write).unwrap();
    let mut expected = state.clone();
    expected.apply(&write);
    assert_eq!(expected.upload_pending, None);
    assert_eq!(store.load().unwrap(), expected);
    drop(store);
    assert_eq!(open_clean(&path).load().unwrap(), expected);

    // Forgetting the record leaves a pending upload alone, and the other way round.
    let mut store = open_clean(&path);
    store
        .apply(&StoreWrite::UploadPending {
            record: Some(record("t3")),
        })
        .unwrap();
    store
        .apply(&StoreWrite::UploadRecord { record: None })
        .unwrap();
    let state = store.load().unwrap();
    assert_eq!(
        (state.upload_record, state.upload_pending),
        (None, Some(record("t3")))
    );
    store
        .apply(&StoreWrite::UploadPending { record: None })
        .unwrap();
    assert_eq!(store.load().unwrap().upload_pending, None);
}

#[test]
fn the_file_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let store = open_clean(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SqliteStore::SCHEMA_VERSION);
    drop(store);
}

#[test]
fn a_garbage_file_is_moved_aside_and_a_fresh_store_created() {
    assert_moved_aside(&garbage(), "not a database");
}

#[test]
fn a_text_file_is_moved_aside() {
    assert_moved_aside(b"token=abc\nthis is not a database\n", "not a database");
    assert_moved_aside(b"x", "not a database");
}

// A newer schema, another application's database, and a pushlane store missing a table are in
// tests/open_faults.rs: refused, refused, and moved aside.

#[test]
fn an_empty_file_is_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::write(&path, b"").unwrap();
    let mut store = open_clean(&path);
    assert_eq!(store.load().unwrap(), PersistedState::default());
    store
        .apply(&StoreWrite::Token {
            vendor: "vivo".into(),
            token: "v".into(),
        })
        .unwrap();
    drop(store);
    assert_eq!(open_clean(&path).load().unwrap().tokens["vivo"], "v");
    assert!(names(dir.path()).iter().all(|n| !n.contains("corrupt")));
}

#[test]
fn wal_and_shm_siblings_are_moved_aside_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::write(&path, garbage()).unwrap();
    std::fs::write(dir.path().join("push.db-wal"), b"old wal").unwrap();
    std::fs::write(dir.path().join("push.db-shm"), b"old shm").unwrap();
    let outcome = open(&path);
    assert!(outcome.reset.is_some());
    let moved = corrupt_file(dir.path(), "push.db");
    let moved_name = moved.file_name().unwrap().to_string_lossy().into_owned();
    let all = names(dir.path());
    let wal = dir.path().join(format!("{moved_name}-wal"));
    let shm = dir.path().join(format!("{moved_name}-shm"));
    assert_eq!(std::fs::read(&wal).unwrap(), b"old wal", "{all:?}");
    assert_eq!(std::fs::read(&shm).unwrap(), b"old shm", "{all:?}");
    assert!(std::fs::read(&moved).unwrap() == garbage(), "bytes changed");
}

#[test]
fn a_second_reset_does_not_overwrite_the_first_moved_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    std::fs::write(&path, b"first garbage, long enough to be a page").unwrap();
    assert!(open(&path).reset.is_some());
    std::fs::write(&path, b"second garbage, long enough to be a page").unwrap();
    assert!(open(&path).reset.is_some());
    let moved: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("push.db.corrupt-"))
        .collect();
    assert_eq!(moved.len(), 2, "{moved:?}");
    let mut contents: Vec<Vec<u8>> = moved
        .iter()
        .map(|n| std::fs::read(dir.path().join(n)).unwrap())
        .collect();
    contents.sort();
    assert_eq!(
        contents,
        vec![
            b"first garbage, long enough to be a page".to_vec(),
            b"second garbage, long enough to be a page".to_vec(),
        ]
    );
}

#[test]
fn an_unwritable_location_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    // A directory that does not exist.
    let path = dir.path().join("missing").join("push.db");
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
    assert_eq!(err.path(), path);

    // A "directory" that is a regular file.
    let file = dir.path().join("plain");
    std::fs::write(&file, b"not a directory").unwrap();
    let path = file.join("push.db");
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"not a directory");

    // A directory where the file should be is left alone.
    let path = dir.path().join("a-dir.db");
    std::fs::create_dir(&path).unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
    assert!(path.is_dir());
}

#[test]
fn a_failed_memory_write_is_an_error_and_keeps_the_old_state() {
    let mut store = MemoryStore::default();
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    let before = store.load().unwrap();
    store.fail_next_writes(1);
    let err = store
        .apply(&StoreWrite::Token {
            vendor: "fcm".into(),
            token: "never-in-messages".into(),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Write { .. }));
    assert!(!err.to_string().contains("never-in-messages"));
    assert_eq!(store.load().unwrap(), before);
}

#[test]
fn stores_work_behind_a_box_and_across_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.db");
    let stores: Vec<Box<dyn Store>> = vec![
        Box::new(MemoryStore::default()),
        Box::new(SqliteStore::open_in_memory().unwrap()),
        Box::new(open_clean(&path)),
    ];
    for mut store in stores {
        let state = std::thread::spawn(move || {
            store
                .apply(&StoreWrite::Token {
                    vendor: "xiaomi".into(),
                    token: "x".into(),
                })
                .unwrap();
            store.load().unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(state.tokens["xiaomi"], "x");
    }
}

#[test]
fn a_database_with_damaged_pages_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("damaged.db");
    let mut store = open_clean(&source);
    for i in 0..50 {
        store
            .apply(&StoreWrite::Token {
                vendor: format!("vendor-{i}"),
                token: "t".repeat(200),
            })
            .unwrap();
    }
    drop(store);
    let mut bytes = std::fs::read(&source).unwrap();
    assert!(bytes.len() > 8192, "{}", bytes.len());
    // Page 1 (header and schema) intact, every later page overwritten.
    let page = 4096;
    let noise = garbage();
    for (i, b) in bytes[page..].iter_mut().enumerate() {
        *b = noise[i % noise.len()];
    }
    assert_moved_aside(&bytes, "push.db");
}
