//! The handle: inputs from any thread, status, subscribe, weak handles, shutdown by drop.

mod support;

use async_trait::async_trait;
use pushlane::{Effect, Event, UploadState};
use pushlane_runtime::{Engine, EngineHandle, Host, HostError, RuntimeError};
use pushlane_store::MemoryStore;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{config, RecordingHost, Scene, TOKEN_A};
use tokio::sync::broadcast::error::RecvError;

#[tokio::test(start_paused = true)]
async fn dropping_the_last_handle_stops_the_engine() {
    let host = RecordingHost::new();
    let engine = Engine::new(config(), host.clone(), MemoryStore::new()).unwrap();
    let mut rx = engine.subscribe();
    let handle = engine.spawn().unwrap();
    let weak = handle.downgrade();
    let clone = handle.clone();
    handle.sdk_initialized().unwrap();
    drop(handle);
    assert!(weak.upgrade().is_some(), "a clone is still alive");
    drop(clone);
    assert!(weak.upgrade().is_none());
    // The task ends: the subscriber channel closes and the host is released.
    loop {
        match rx.recv().await {
            Ok(_) => continue,
            Err(RecvError::Closed) => break,
            Err(RecvError::Lagged(_)) => continue,
        }
    }
    assert_eq!(Arc::strong_count(&host), 1);
}

#[tokio::test(start_paused = true)]
async fn after_shutdown_inputs_and_status_report_closed() {
    let scene = Scene::start(config(), MemoryStore::new());
    scene.boot();
    scene.handle.shutdown().await;
    scene.handle.closed().await;
    assert!(scene.handle.is_closed());
    assert!(matches!(scene.handle.logout(), Err(RuntimeError::Closed)));
    assert!(matches!(
        scene.handle.status().await,
        Err(RuntimeError::Closed)
    ));
    // A second shutdown returns at once.
    scene.handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn status_is_a_snapshot_after_the_inputs_sent_before() {
    let scene = Scene::start(config(), MemoryStore::new());
    let status = scene.handle.status().await.unwrap();
    assert_eq!(status.init, "new");
    scene.boot();
    let status = scene.handle.status().await.unwrap();
    assert_eq!(status.init, "ready");
    assert_eq!(status.vendor.as_deref(), Some("xiaomi"));
    assert_eq!(status.business_id, Some(10001));
    assert_eq!(status.user_id.as_deref(), Some("alice"));
    assert_eq!(status.token.as_deref(), Some(TOKEN_A));
    assert_eq!(status.upload, UploadState::ScheduledAt { at_ms: 5_000 });
}

#[test]
fn inputs_can_be_sent_from_other_threads() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let host = RecordingHost::new();
    let handle =
        rt.block_on(async { Engine::start(config(), host.clone(), MemoryStore::new()).unwrap() });
    let senders: Vec<_> = (0..4)
        .map(|i| {
            let handle: EngineHandle = handle.clone();
            std::thread::spawn(move || {
                for n in 0..25 {
                    handle.unread(i * 100 + n).unwrap();
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    let items = rt.block_on(async {
        let mut rx = handle.subscribe();
        handle.sdk_initialized().unwrap();
        let _ = handle.status().await.unwrap();
        handle.shutdown().await;
        let mut n = 0;
        while rx.try_recv().is_ok() {
            n += 1;
        }
        n
    });
    assert!(items > 0);
}

/// A host whose upload call panics once.
struct PanickyHost {
    calls: Mutex<u32>,
}

#[async_trait]
impl Host for PanickyHost {
    async fn perform(&self, effect: &Effect) -> Result<(), HostError> {
        if let Effect::UploadToken { .. } = effect {
            let n = {
                let mut calls = self.calls.lock().unwrap();
                *calls += 1;
                *calls
            };
            if n == 1 {
                panic!("host bug");
            }
        }
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_host_call_that_panics_counts_as_failed() {
    let host = Arc::new(PanickyHost {
        calls: Mutex::new(0),
    });
    let engine = Engine::new(config(), host, MemoryStore::new()).unwrap();
    let mut rx = engine.subscribe();
    let handle = engine.spawn().unwrap();
    handle.sdk_initialized().unwrap();
    handle.plugin_init().unwrap();
    handle.login("alice").unwrap();
    handle.vendor_token(TOKEN_A, Some("xiaomi")).unwrap();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let mut failed = Vec::new();
    let mut uploaded = Vec::new();
    while let Ok(item) = rx.try_recv() {
        match item.event() {
            Some(Event::UploadFailed { error, .. }) => failed.push((item.at_ms, error.clone())),
            Some(Event::TokenUploaded { .. }) => uploaded.push(item.at_ms),
            _ => {}
        }
    }
    assert_eq!(
        failed,
        vec![(5_000, Some("host call panicked".to_string()))]
    );
    assert_eq!(uploaded, vec![6_000]);
}

/// A host that feeds the token back through a weak handle, as a real one does after
/// `register_vendor`.
struct FeedbackHost {
    engine: Mutex<Option<pushlane_runtime::WeakEngineHandle>>,
}

#[async_trait]
impl Host for FeedbackHost {
    async fn perform(&self, effect: &Effect) -> Result<(), HostError> {
        if let Effect::RegisterVendor { vendor } = effect {
            let weak = self.engine.lock().unwrap().clone();
            if let Some(engine) = weak.and_then(|w| w.upgrade()) {
                engine
                    .vendor_token(TOKEN_A, Some(vendor))
                    .map_err(|e| HostError::new(e.to_string()))?;
            }
        }
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_host_can_feed_inputs_back_through_a_weak_handle() {
    let host = Arc::new(FeedbackHost {
        engine: Mutex::new(None),
    });
    let handle = Engine::start(config(), host.clone(), MemoryStore::new()).unwrap();
    *host.engine.lock().unwrap() = Some(handle.downgrade());
    handle.sdk_initialized().unwrap();
    handle.plugin_init().unwrap();
    handle.login("alice").unwrap();
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(handle.status().await.unwrap().upload, UploadState::Uploaded);
    // The weak handle in the host does not keep the engine alive.
    let mut rx = handle.subscribe();
    drop(handle);
    while !matches!(rx.recv().await, Err(RecvError::Closed)) {}
}
