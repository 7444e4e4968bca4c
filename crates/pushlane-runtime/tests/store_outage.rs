//! A SQLite store that is unavailable at start (an environment problem, issue 10 §1): the
//! engine runs in memory and says so (`store_unavailable`), resets nothing, retries with
//! backoff, and once the store is back writes what changed and restores a stored push-off.
//! Or, when the host asks for it, refuses to start.

mod support;

use pushlane::{Event, Input, StoreWrite, WarningCode};
use pushlane_runtime::{Item, RuntimeError, StoreChoice, WhenStoreUnavailable};
use pushlane_store::{SqliteStore, Store, StoreError};
use std::path::{Path, PathBuf};
use support::{engine, Scene, TOKEN_A};

/// A store with push switched off (and an older token) in `dir/data/push.db`.
fn stored_push_off(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    let path = data.join("push.db");
    let mut store = SqliteStore::open(&path).unwrap().store;
    store
        .apply(&StoreWrite::PushEnabled { enabled: false })
        .unwrap();
    store
        .apply(&StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "older-token".into(),
        })
        .unwrap();
    path
}

/// The store's volume is gone (not mounted, not unlocked yet): its directory is elsewhere.
fn unmount(dir: &Path) {
    std::fs::rename(dir.join("data"), dir.join("away")).unwrap();
}

fn mount(dir: &Path) {
    std::fs::rename(dir.join("away"), dir.join("data")).unwrap();
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `(at_ms, retry_in_ms, cause)` of every `store_unavailable` item.
async fn unavailable(scene: &mut Scene, path: &Path) -> Vec<(u64, u64, String)> {
    scene
        .collect()
        .await
        .iter()
        .filter_map(|i| match &i.item {
            Item::StoreUnavailable {
                path: p,
                cause,
                retry_in_ms,
            } => {
                assert_eq!(p, path);
                Some((i.at_ms, *retry_in_ms, cause.clone()))
            }
            _ => None,
        })
        .collect()
}

async fn recovered_at(scene: &mut Scene) -> Vec<u64> {
    scene
        .collect()
        .await
        .iter()
        .filter(|i| matches!(i.item, Item::StoreRecovered { .. }))
        .map(|i| i.at_ms)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn an_unavailable_store_runs_in_memory_then_writes_through_and_clears_the_token_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = stored_push_off(dir.path());
    unmount(dir.path());
    let stored = std::fs::read(dir.path().join("away/push.db")).unwrap();

    let mut scene = Scene::start(engine().store(StoreChoice::Sqlite(path.clone())));
    scene.boot();
    scene.at(6_000).await;

    // It said so at once, and at every retry (1 s, 2 s, 4 s …); nothing was reset.
    let said = unavailable(&mut scene, &path).await;
    let times: Vec<(u64, u64)> = said.iter().map(|(at, retry, _)| (*at, *retry)).collect();
    assert_eq!(times, vec![(0, 1_000), (1_000, 2_000), (3_000, 4_000)]);
    assert!(said[0].2.contains("no such directory"), "{}", said[0].2);
    assert!(said[0].2.contains("create the directory"), "{}", said[0].2);
    let first = scene.collect().await[0].clone();
    assert!(first.item == said_item(&path, &said[0]));
    let line = first.trace_line();
    assert_eq!(line["kind"], "engine");
    assert_eq!(line["type"], "store_unavailable");
    assert_eq!(line["path"], path.display().to_string());
    assert_eq!(line["retry_in_ms"], 1_000);
    assert!(scene.events("warning").await.iter().all(
        |(_, e)| !matches!(e, Event::Warning { code, .. } if *code == WarningCode::StoreReset)
    ));
    // In memory the preference is unknown (on): the token went up at 5 s.
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
    assert_eq!(
        std::fs::read(dir.path().join("away/push.db")).unwrap(),
        stored,
        "the store is untouched while unavailable"
    );
    assert_eq!(file_names(&dir.path().join("away")), vec!["push.db"]);

    // The volume comes back; the retry at 7 s opens the store.
    mount(dir.path());
    scene.at(10_000).await;
    assert_eq!(recovered_at(&mut scene).await, vec![7_000]);
    let recovered = scene
        .collect()
        .await
        .iter()
        .find(|i| matches!(i.item, Item::StoreRecovered { .. }))
        .unwrap()
        .trace_line();
    assert_eq!(recovered["type"], "store_recovered");
    // The token and the upload record made in memory were written.
    assert_eq!(recovered["writes"], 2);
    // The stored push-off is fed back to the machine, which clears the token it uploaded.
    let fed = scene.inputs("push_enabled").await;
    assert_eq!(fed, vec![(7_000, Input::PushEnabled { enabled: false })]);
    assert_eq!(scene.host.times_of("clear_token"), vec![7_000]);
    assert_eq!(scene.events("token_cleared").await.len(), 1);
    scene.handle.shutdown().await;

    let state = SqliteStore::open(&path).unwrap().store.load().unwrap();
    assert!(!state.push_enabled, "the stored push-off survives");
    assert_eq!(
        state.tokens["xiaomi"], TOKEN_A,
        "the outage's token was written"
    );
    assert_eq!(state.upload_record, None, "uploaded, then cleared");
    assert!(file_names(&dir.path().join("data"))
        .iter()
        .all(|n| !n.contains("corrupt")));
}

fn said_item(path: &Path, said: &(u64, u64, String)) -> Item {
    Item::StoreUnavailable {
        path: path.to_path_buf(),
        cause: said.2.clone(),
        retry_in_ms: said.1,
    }
}

#[tokio::test(start_paused = true)]
async fn a_preference_set_during_the_outage_is_written_over_the_stored_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = stored_push_off(dir.path());
    unmount(dir.path());
    let mut scene = Scene::start(engine().store(StoreChoice::Sqlite(path.clone())));
    scene.boot();
    // The user switches push on while the store is away (the machine's preference is on
    // already: nothing to persist, but it is the user's choice now).
    scene.at(500).await;
    assert!(scene.handle.push_enabled(true));
    mount(dir.path());
    scene.at(6_000).await;
    assert_eq!(recovered_at(&mut scene).await, vec![1_000]);
    assert_eq!(
        scene.inputs("push_enabled").await,
        vec![(500, Input::PushEnabled { enabled: true })],
        "no stored push-off fed back over the user's choice"
    );
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
    assert!(scene.host.calls_of("clear_token").is_empty());
    scene.handle.shutdown().await;
    let state = SqliteStore::open(&path).unwrap().store.load().unwrap();
    assert!(state.push_enabled);
    assert_eq!(state.upload_record.unwrap().token, TOKEN_A);
}

#[tokio::test(start_paused = true)]
async fn a_host_may_refuse_to_start_without_its_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = stored_push_off(dir.path());
    unmount(dir.path());
    let err = engine()
        .store(StoreChoice::Sqlite(path.clone()))
        .when_store_unavailable(WhenStoreUnavailable::Refuse)
        .start(support::RecordingHost::new())
        .unwrap_err();
    assert!(
        matches!(err, RuntimeError::Store(StoreError::Unavailable { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
    assert!(!dir.path().join("data").exists(), "nothing created");
}
