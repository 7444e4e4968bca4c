//! The handle and the sender: inputs from any thread and from inside `perform`, status,
//! subscribe, shutdown by drop, what happens to inputs after shutdown.

mod support;

use async_trait::async_trait;
use pushlane::{Event, Input, UploadState};
use pushlane_runtime::{
    Engine, EngineHandle, Host, HostEffect, HostError, InputSender, Item, RuntimeError,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{engine, RecordingHost, Scene, TOKEN_A};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::oneshot;

#[tokio::test(start_paused = true)]
async fn dropping_the_last_handle_stops_the_engine() {
    let host = RecordingHost::new();
    let mut builder = engine();
    let mut rx = builder.subscribe();
    let handle = builder.start(host.clone()).unwrap();
    let sender = handle.sender();
    let clone = handle.clone();
    assert!(handle.sdk_initialized());
    drop(handle);
    assert!(!sender.is_closed(), "a clone is still alive");
    drop(clone);
    // The sender does not keep the engine alive.
    assert!(sender.is_closed());
    assert!(!sender.plugin_init());
    assert!(matches!(
        sender.send(Input::PluginInit),
        Err(RuntimeError::Closed)
    ));
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

/// Problem 3 of issue 9: the named inputs need no error handling; `send` still reports
/// `Closed` for callers that care.
#[tokio::test(start_paused = true)]
async fn after_shutdown_inputs_are_dropped_and_send_and_status_report_closed() {
    let scene = Scene::start(engine());
    scene.boot();
    scene.handle.shutdown().await;
    scene.handle.closed().await;
    assert!(scene.handle.is_closed());
    assert!(!scene.handle.logout(), "dropped, with a log line");
    assert!(!scene.handle.sender().logout());
    assert!(matches!(
        scene.handle.send(Input::Logout),
        Err(RuntimeError::Closed)
    ));
    assert!(matches!(
        scene.handle.status().await,
        Err(RuntimeError::Closed)
    ));
    // A second shutdown returns at once.
    scene.handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn status_is_a_snapshot_after_the_inputs_sent_before() {
    let scene = Scene::start(engine());
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
    let handle = rt.block_on(async { engine().start(host.clone()).unwrap() });
    let senders: Vec<_> = (0..4)
        .map(|i| {
            let handle: EngineHandle = handle.clone();
            let sender: InputSender = handle.sender();
            std::thread::spawn(move || {
                for n in 0..25 {
                    assert!(handle.unread(i * 100 + n));
                    assert!(sender.unread(i * 100 + n));
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    let items = rt.block_on(async {
        let mut rx = handle.subscribe();
        assert!(handle.sdk_initialized());
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

/// A host whose first call of one kind panics; it records the kinds of the calls it is asked
/// to perform.
struct PanickyHost {
    panics_on: &'static str,
    performed: Mutex<Vec<&'static str>>,
}

impl PanickyHost {
    fn new(panics_on: &'static str) -> Arc<PanickyHost> {
        Arc::new(PanickyHost {
            panics_on,
            performed: Mutex::new(Vec::new()),
        })
    }

    fn performed(&self) -> Vec<&'static str> {
        self.performed.lock().unwrap().clone()
    }
}

#[async_trait]
impl Host for PanickyHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        let kind = effect.kind();
        let first = {
            let mut performed = self.performed.lock().unwrap();
            performed.push(kind);
            performed.iter().filter(|k| **k == kind).count() == 1
        };
        if kind == self.panics_on && first {
            panic!("host bug");
        }
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_host_call_that_panics_counts_as_failed() {
    let host = PanickyHost::new("upload_token");
    let mut builder = engine();
    let mut rx = builder.subscribe();
    let handle = builder.start(host).unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    handle.login("alice");
    handle.vendor_token(TOKEN_A, Some("xiaomi"));
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

/// A call without a result that panics is a failed call like any other: it is reported, and
/// the calls queued behind it still go out, in order, and the engine goes on.
#[tokio::test(start_paused = true)]
async fn a_call_without_result_that_panics_is_reported_and_the_next_one_goes_out() {
    let host = PanickyHost::new("register_vendor");
    let mut builder = engine();
    let mut rx = builder.subscribe();
    let handle = builder.start(host.clone()).unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    handle.login("alice");
    handle.app_state(pushlane::AppLifecycle::Paused);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut failed = Vec::new();
    while let Ok(item) = rx.try_recv() {
        if let Item::HostFailed { effect, error } = item.item {
            failed.push((item.at_ms, effect, error));
        }
    }
    assert_eq!(
        failed,
        vec![(
            0,
            "register_vendor".to_string(),
            "host call panicked".to_string()
        )]
    );
    let performed = host.performed();
    let panicked = performed.iter().position(|k| *k == "register_vendor");
    let background = performed.iter().position(|k| *k == "report_background");
    assert!(
        matches!((panicked, background), (Some(p), Some(b)) if p < b),
        "{performed:?}"
    );
    handle.app_state(pushlane::AppLifecycle::Resumed);
    handle.status().await.unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(
        host.performed().last(),
        Some(&"clear_notifications"),
        "{:?}",
        host.performed()
    );
}

/// A host as an app writes it, created before the engine and never given a handle: it answers
/// `request_permission` and `register_vendor` through the sender every call receives. Inside
/// `perform` it even waits until the engine has handled its answer, which only works because
/// the engine goes on handling inputs while `perform` runs.
struct AnsweringHost {
    /// Fired by the test when it sees the engine handle the `permission` input.
    permission_handled: Mutex<Option<oneshot::Receiver<()>>>,
    /// The callbacks' thread (a vendor SDK answers on a thread of its own).
    callbacks: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

#[async_trait]
impl Host for AnsweringHost {
    async fn perform(&self, effect: HostEffect, engine: &InputSender) -> Result<(), HostError> {
        match effect {
            HostEffect::RequestPermission => {
                // The user taps "Allow" at once; the dialog returns once the engine has it.
                assert!(engine.permission(true));
                let handled = self.permission_handled.lock().unwrap().take();
                if let Some(handled) = handled {
                    handled
                        .await
                        .map_err(|_| HostError::new("the test went away"))?;
                }
            }
            HostEffect::RegisterVendor { vendor } => {
                // The vendor SDK calls back later, on its own thread.
                let engine = engine.clone();
                let callback = std::thread::spawn(move || {
                    assert!(engine.vendor_token(TOKEN_A, Some(&vendor)));
                });
                self.callbacks.lock().unwrap().push(callback);
            }
            _ => {}
        }
        Ok(())
    }
}

/// Problem 1 of issue 9: inputs sent from inside `perform` (and from a callback thread it
/// starts), with no handle smuggled into the host and no deadlock.
#[tokio::test(start_paused = true)]
async fn a_host_answers_through_the_sender_from_inside_perform() {
    let (handled_tx, handled_rx) = oneshot::channel();
    let host = Arc::new(AnsweringHost {
        permission_handled: Mutex::new(Some(handled_rx)),
        callbacks: Mutex::new(Vec::new()),
    });
    let mut builder = engine().effect_timeout(Duration::from_secs(10));
    let mut rx = builder.subscribe();
    let handle = builder.start(host.clone()).unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    handle.login("alice");

    // Watch for the permission input; tell the host's `perform` about it.
    let mut handled_tx = Some(handled_tx);
    let mut items = Vec::new();
    while handled_tx.is_some() {
        let item = tokio::time::timeout(Duration::from_secs(1), rx.recv())
            .await
            .expect("the permission answer is handled while perform runs")
            .unwrap();
        if let Item::Input(Input::Permission { granted: true }) = &item.item {
            assert_eq!(item.at_ms, 0, "handled at once, not after a timeout");
            let _ = handled_tx.take().map(|tx| tx.send(()));
        }
        items.push(item);
    }
    // The vendor SDK's callback thread has sent the token (real time, not tokio time).
    for callback in host.callbacks.lock().unwrap().drain(..) {
        callback.join().unwrap();
    }
    tokio::time::sleep(Duration::from_secs(6)).await;
    while let Ok(item) = rx.try_recv() {
        items.push(item);
    }

    let status = handle.status().await.unwrap();
    assert_eq!(status.token.as_deref(), Some(TOKEN_A));
    assert_eq!(status.upload, UploadState::Uploaded);
    assert!(
        !items
            .iter()
            .any(|i| matches!(i.item, Item::HostFailed { .. })),
        "no call failed or timed out: {items:?}"
    );
    // The host holds no handle: dropping ours stops the engine and releases the host.
    drop(handle);
    while !matches!(rx.recv().await, Err(RecvError::Closed)) {}
    assert_eq!(Arc::strong_count(&host), 1);
}

/// The builder is the one way in, and `start` needs a runtime.
#[test]
fn start_outside_a_runtime_is_an_error() {
    let plugin = pushlane::parse_config_toml(support::XIAOMI_CONFIG).unwrap();
    let err = Engine::builder(plugin, support::xiaomi_device())
        .plugins(pushlane::link_vendors())
        .start(RecordingHost::new())
        .unwrap_err();
    assert!(matches!(err, RuntimeError::NoRuntime), "{err}");
}
