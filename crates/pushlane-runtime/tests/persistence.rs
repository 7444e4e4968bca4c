//! The store across restarts: a real SQLite file in a temp dir, push disabled with a failing
//! clear, a corrupt file moved aside, failed writes reported.

mod support;

use pushlane::{Event, UploadState, WarningCode};
use pushlane_runtime::{Item, StoreChoice};
use pushlane_store::{MemoryStore, SqliteStore, Store};
use support::{engine, RecordingHost, Scene, Script, TOKEN_A};

fn sqlite(path: &std::path::Path) -> SqliteStore {
    let outcome = SqliteStore::open(path).unwrap();
    assert_eq!(outcome.reset, None);
    outcome.store
}

#[tokio::test(start_paused = true)]
async fn restart_with_the_same_user_and_token_uploads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");

    let scene = Scene::start(engine().store(StoreChoice::Sqlite(db.clone())));
    scene.boot();
    scene.at(6_000).await;
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
    scene.handle.shutdown().await;
    assert!(scene.handle.is_closed());

    // The process restarts: a new engine over the same file; the vendor reports the same token.
    let mut scene = Scene::start(engine().store(StoreChoice::Sqlite(db.clone())));
    scene.boot();
    scene.at(60_000).await;
    assert!(
        scene.host.uploads().is_empty(),
        "{:?}",
        scene.host.uploads()
    );
    let skipped = scene.events("upload_skipped").await;
    assert_eq!(skipped.len(), 1);
    assert!(
        matches!(&skipped[0].1, Event::UploadSkipped { reason } if reason == "already_uploaded")
    );
    let status = scene.handle.status().await.unwrap();
    assert_eq!(status.upload, UploadState::Uploaded);
    assert_eq!(status.token.as_deref(), Some(TOKEN_A));
}

#[tokio::test(start_paused = true)]
async fn a_clear_that_failed_goes_out_at_the_next_login_of_that_user_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");

    let mut scene = Scene::start(engine().store(StoreChoice::Sqlite(db.clone())));
    scene.host.script(
        "clear_token",
        Script {
            fail: u32::MAX,
            ..Script::default()
        },
    );
    scene.boot();
    scene.at(6_000).await;
    assert!(scene.handle.push_enabled(false));
    scene.at(9_500).await;
    // 6000 fails (retry in 1 s), 7000 fails (retry in 2 s), 9000 fails.
    assert_eq!(
        scene.host.times_of("clear_token"),
        vec![6_000, 7_000, 9_000]
    );
    assert_eq!(scene.events("clear_failed").await.len(), 3);
    scene.handle.shutdown().await;

    let stored = sqlite(&db).load().unwrap();
    assert!(!stored.push_enabled);
    assert_eq!(stored.upload_record.as_ref().unwrap().user_id, "alice");

    // Restart: push is still disabled, nothing is uploaded, and the clear goes out as soon as
    // alice is logged in again.
    let mut scene = Scene::start(engine().store(StoreChoice::Sqlite(db.clone())));
    assert!(scene.handle.sdk_initialized());
    assert!(scene.handle.plugin_init());
    scene.at(1_000).await;
    assert!(scene.host.calls_of("clear_token").is_empty());
    assert!(scene.handle.login("alice"));
    scene.at(30_000).await;
    assert_eq!(scene.host.times_of("clear_token"), vec![1_000]);
    assert!(scene.host.uploads().is_empty());
    assert_eq!(scene.events("token_cleared").await.len(), 1);
    scene.handle.shutdown().await;
    assert_eq!(sqlite(&db).load().unwrap().upload_record, None);
}

#[tokio::test(start_paused = true)]
async fn a_corrupt_database_is_moved_aside_with_store_reset() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");
    std::fs::write(
        &db,
        b"this is not an SQLite database, it is garbage ".repeat(200),
    )
    .unwrap();

    let host = RecordingHost::new();
    let mut builder = engine().store(StoreChoice::Sqlite(db.clone()));
    let mut rx = builder.subscribe();
    let handle = builder.start(host.clone()).unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    handle.login("alice");
    handle.vendor_token(TOKEN_A, Some("xiaomi"));
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;

    let first = rx.try_recv().unwrap();
    assert_eq!(first.at_ms, 0);
    let Item::Event(Event::Warning { code, detail }) = &first.item else {
        panic!("store_reset comes first, got {first:?}")
    };
    assert_eq!(*code, WarningCode::StoreReset);
    assert!(detail.contains("corrupt"), "{detail}");
    // The engine works over the fresh store.
    assert_eq!(host.uploads().len(), 1);
    handle.shutdown().await;

    let moved: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("push.db.corrupt-"))
        .collect();
    assert!(!moved.is_empty(), "the corrupt file is kept aside");
    assert_eq!(
        sqlite(&db).load().unwrap().upload_record.unwrap().token,
        TOKEN_A
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_store_write_is_an_error_event_and_the_effect_still_goes_out() {
    let mut store = MemoryStore::new();
    store.fail_next_writes(1);
    let mut scene = Scene::start(engine().store(StoreChoice::custom(store)));
    scene.boot();
    scene.at(6_000).await;
    let errors = scene.events("store_error").await;
    assert_eq!(errors.len(), 1, "the token write failed");
    assert!(
        matches!(&errors[0].1, Event::StoreError { detail } if detail.contains("cannot write token"))
    );
    assert!(!format!("{errors:?}").contains(TOKEN_A));
    // The machine goes on (the write is not durable, the upload still happens).
    assert_eq!(scene.host.uploads().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn shutdown_awaits_an_upload_in_flight_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");
    let host = RecordingHost::new();
    host.script(
        "upload_token",
        Script {
            latency: std::time::Duration::from_secs(1),
            ..Script::default()
        },
    );
    let scene = Scene::start_with(engine().store(StoreChoice::Sqlite(db.clone())), host);
    scene.boot();
    scene.at(5_500).await;
    let before = tokio::time::Instant::now();
    scene.handle.shutdown().await;
    assert_eq!(before.elapsed(), std::time::Duration::from_millis(500));
    let record = sqlite(&db).load().unwrap().upload_record.unwrap();
    assert_eq!(record.token, TOKEN_A);
    assert!(scene.handle.send(pushlane::Input::Logout).is_err());
    assert!(!scene.handle.logout(), "dropped after shutdown");
}

#[tokio::test(start_paused = true)]
async fn shutdown_abandons_host_calls_after_its_bound() {
    let host = RecordingHost::new();
    host.script(
        "upload_token",
        Script {
            hang: 1,
            ..Script::default()
        },
    );
    let engine = engine()
        .shutdown_timeout(std::time::Duration::from_secs(2))
        .effect_timeout(std::time::Duration::from_secs(60));
    let scene = Scene::start_with(engine, host);
    scene.boot();
    scene.at(5_100).await;
    let before = tokio::time::Instant::now();
    scene.handle.shutdown().await;
    assert_eq!(before.elapsed(), std::time::Duration::from_secs(2));
    // The task has dropped the host, hanging call included: only ours is left.
    assert_eq!(std::sync::Arc::strong_count(&scene.host), 1);
    assert_eq!(scene.host.uploads().len(), 1);
}

/// One way to start, whatever the store: the same builder and host code over a SQLite file and
/// over memory. Only the file remembers the upload across a restart.
#[tokio::test(start_paused = true)]
async fn sqlite_and_memory_stores_start_through_the_same_builder() {
    async fn uploads_in_two_runs(store: impl Fn() -> StoreChoice) -> Vec<usize> {
        let mut uploads = Vec::new();
        for _ in 0..2 {
            let scene = Scene::start(engine().store(store()));
            scene.boot();
            scene.at(6_000).await;
            uploads.push(scene.host.uploads().len());
            scene.handle.shutdown().await;
        }
        uploads
    }

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");
    assert_eq!(
        uploads_in_two_runs(|| StoreChoice::Sqlite(db.clone())).await,
        [1, 0]
    );
    assert!(db.exists());
    assert_eq!(uploads_in_two_runs(|| StoreChoice::Memory).await, [1, 1]);
}
