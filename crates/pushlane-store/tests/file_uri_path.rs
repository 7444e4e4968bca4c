//! A store path that starts with `file:` is a plain relative path, not a SQLite URI. Alone in
//! its test binary: it changes the current directory.

use pushlane_core::StoreWrite;
use pushlane_store::{SqliteStore, Store};

#[test]
fn a_path_starting_with_file_colon_is_a_file_of_that_name() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let path = std::path::Path::new("file:x.db?mode=ro");
    let mut store = SqliteStore::open(path).unwrap().store;
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    drop(store);
    assert!(dir.path().join("file:x.db?mode=ro").is_file());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["file:x.db?mode=ro".to_string()],
        "no other file"
    );
    assert!(
        !SqliteStore::open(path)
            .unwrap()
            .store
            .load()
            .unwrap()
            .push_enabled
    );
}
