//! `Engine`: the tokio runtime of pushlane (docs/runtime.md) with its SQLite store and its own
//! timers, behind blocking calls for the foreign side.

use crate::convert;
use crate::error::{HostCallError, PushlaneError};
use pushlane::runtime::{
    async_trait, EngineHandle, HostEffect, HostError, InputSender, StoreChoice,
};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::runtime::Runtime;
use tokio::sync::broadcast::error::RecvError;

/// The embedding app, implemented in Kotlin, Swift or Python: it performs the effects of
/// lifecycle.md §2 except `arm_timer` / `cancel_timer`, which the engine runs itself.
///
/// `effect_json` is the effect as `{"type":…, fields…}` (its trace line without `at_ms`,
/// `kind` and `effect_id`; the engine answers `upload_token` / `clear_token` itself from what
/// `perform` returns). Returning is success; raising (throwing) `HostCallError` or any other
/// exception is a failed call.
///
/// `perform` is called on a thread of the engine's blocking pool, never on the engine's own
/// loop: it may call `Engine.send` and `Engine.status` (e.g. a `vendor_token` after
/// `register_vendor`), and the engine handles inputs while it runs. `upload_token` /
/// `clear_token` may run concurrently with the one other call in progress. Return once the call
/// is made: answers that come later (a permission dialog, a token) are inputs sent with
/// `Engine.send`.
#[uniffi::export(callback_interface)]
pub trait Host: Send + Sync {
    fn perform(&self, effect_json: String) -> Result<(), HostCallError>;
}

/// A subscriber: gets every input, effect and event of the engine from the moment it
/// subscribed, as its trace line (`{"at_ms","kind","type",…}`; kind `input`, `effect`,
/// `event` or `host_failed`), on a thread of its own, in the engine's order.
#[uniffi::export(callback_interface)]
pub trait EventListener: Send + Sync {
    fn on_item(&self, item_json: String);
}

/// The engine of docs/runtime.md over a SQLite store file, with its own timers on real time
/// (`at_ms` counts from the constructor), performing effects through the foreign [`Host`].
///
/// Every method may be called from any thread, including from inside `Host.perform`. Call
/// `shutdown()` when done: it finishes the host calls already asked for (up to 2 s) and drops
/// the host, which the engine otherwise keeps.
#[derive(uniffi::Object)]
pub struct Engine {
    handle: Mutex<Option<EngineHandle>>,
    runtime: Mutex<Option<Runtime>>,
    tokio: tokio::runtime::Handle,
}

#[uniffi::export]
impl Engine {
    /// Starts an engine for this plugin config (TOML, vendors.md §2) on this device (the
    /// scenario `[device]` table as JSON) over the SQLite file at `store_path` (created if
    /// missing; a corrupt one is moved aside and the first item is warning `store_reset`).
    #[uniffi::constructor]
    pub fn new(
        config_toml: String,
        device_json: String,
        store_path: String,
        host: Box<dyn Host>,
    ) -> Result<Self, PushlaneError> {
        let config = convert::parse_config(&config_toml)?;
        let device = convert::parse_device(&device_json)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("pushlane-engine")
            .enable_time()
            .build()
            .map_err(|e| PushlaneError::Engine(format!("cannot start the engine's thread: {e}")))?;
        let handle = {
            let _entered = runtime.enter();
            pushlane::engine(config, device)
                .store(StoreChoice::Sqlite(store_path.into()))
                .start(Arc::new(ForeignHost {
                    host: Arc::from(host),
                }))
                .map_err(convert::runtime_error)?
        };
        Ok(Engine {
            handle: Mutex::new(Some(handle)),
            tokio: runtime.handle().clone(),
            runtime: Mutex::new(Some(runtime)),
        })
    }

    /// Queues an input (a trace input line without `at_ms` and `kind`, e.g.
    /// `{"type":"login","user_id":"alice"}`). Never blocks; inputs are handled in the order they
    /// reach the engine. The engine runs its timers and answers `effect_done` itself, so a host
    /// does not send `timer` or `effect_done`.
    pub fn send(&self, input_json: String) -> Result<(), PushlaneError> {
        let input = convert::parse_input(&input_json)?;
        self.handle()?.send(input).map_err(convert::runtime_error)
    }

    /// The status snapshot as JSON (as `Machine.status()`), after every input sent before it.
    pub fn status(&self) -> Result<String, PushlaneError> {
        let handle = self.handle()?;
        let status = self.wait(async move { handle.status().await })?;
        status
            .map(|s| convert::to_json(&s))
            .map_err(convert::runtime_error)
    }

    /// Calls `listener.on_item` with every item from now on (see [`EventListener`]). The
    /// listener's thread ends after `shutdown()`.
    pub fn subscribe(&self, listener: Box<dyn EventListener>) -> Result<(), PushlaneError> {
        let mut items = self.handle()?.subscribe();
        std::thread::Builder::new()
            .name("pushlane-subscriber".into())
            .spawn(move || loop {
                match items.blocking_recv() {
                    Ok(item) => listener.on_item(convert::item_json(&item)),
                    // A listener too slow for the engine loses the oldest items.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => break,
                }
            })
            .map(|_| ())
            .map_err(|e| PushlaneError::Engine(format!("cannot start a subscriber thread: {e}")))
    }

    /// Stops the engine after the inputs already sent (docs/runtime.md, "Shutdown") and returns
    /// when it has stopped. Later calls are refused with `PushlaneError.Closed`; a second
    /// shutdown does nothing.
    pub fn shutdown(&self) {
        let Some(handle) = lock(&self.handle).take() else {
            return;
        };
        let _ = self.wait(async move { handle.shutdown().await });
        if let Some(runtime) = lock(&self.runtime).take() {
            runtime.shutdown_background();
        }
    }

    /// Whether the engine has stopped.
    pub fn is_closed(&self) -> bool {
        lock(&self.handle).as_ref().is_none_or(|h| h.is_closed())
    }
}

impl Engine {
    fn handle(&self) -> Result<EngineHandle, PushlaneError> {
        lock(&self.handle).clone().ok_or(PushlaneError::Closed)
    }

    /// Runs `future` on the engine's runtime and blocks the calling (foreign) thread until it
    /// is done. Works from any thread, the host's `perform` included.
    fn wait<T: Send + 'static>(
        &self,
        future: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Result<T, PushlaneError> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.tokio.spawn(async move {
            let _ = tx.send(future.await);
        });
        rx.recv().map_err(|_| PushlaneError::Closed)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // Dropping the last handle stops the engine; the runtime is not waited for (this may
        // run on any thread, one of the runtime's own included).
        lock(&self.handle).take();
        if let Some(runtime) = lock(&self.runtime).take() {
            runtime.shutdown_background();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The runtime's host over a foreign one: each call is a blocking foreign call on the
/// blocking pool, so the engine loop never waits for it.
struct ForeignHost {
    host: Arc<dyn Host>,
}

#[async_trait]
impl pushlane::runtime::Host for ForeignHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        let json = convert::host_effect_json(&effect);
        let host = Arc::clone(&self.host);
        match tokio::task::spawn_blocking(move || host.perform(json)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(HostError::new(error.to_string())),
            Err(join) => Err(HostError::new(format!("the host's perform failed: {join}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    const CONFIG: &str = r#"
        edition = "china"
        upload_delay_ms = 300
        [[vendors]]
        vendor = "xiaomi"
        business_id = 10001
        app_id = "2882303761517000000"
        app_key = "5731700000000"
    "#;
    const DEVICE: &str = r#"{"platform":"android","manufacturer":"Xiaomi"}"#;

    /// Records effects; answers `register_vendor` with a token through the engine, from inside
    /// `perform`; fails the first upload.
    #[derive(Default)]
    struct Recorder {
        engine: Mutex<Option<Arc<Engine>>>,
        effects: Mutex<Vec<Value>>,
    }

    struct TestHost(Arc<Recorder>);

    impl Host for TestHost {
        fn perform(&self, effect_json: String) -> Result<(), HostCallError> {
            let effect: Value = serde_json::from_str(&effect_json).unwrap();
            let kind = effect["type"].as_str().unwrap().to_string();
            let uploads = {
                let mut effects = self.0.effects.lock().unwrap();
                effects.push(effect.clone());
                effects
                    .iter()
                    .filter(|e| e["type"] == "upload_token")
                    .count()
            };
            let engine = self.0.engine.lock().unwrap().clone().unwrap();
            match kind.as_str() {
                "register_vendor" => {
                    let vendor = effect["vendor"].as_str().unwrap();
                    engine
                        .send(
                            json!({"type": "vendor_token", "token": "mi-token-1", "vendor": vendor})
                                .to_string(),
                        )
                        .unwrap();
                    // status() from inside perform does not deadlock.
                    engine.status().unwrap();
                }
                "upload_token" if uploads == 1 => {
                    return Err(HostCallError::Failed {
                        message: "network down".into(),
                    })
                }
                _ => {}
            }
            Ok(())
        }
    }

    struct Items(Arc<Mutex<Vec<Value>>>);

    impl EventListener for Items {
        fn on_item(&self, item_json: String) {
            self.0
                .lock()
                .unwrap()
                .push(serde_json::from_str(&item_json).unwrap());
        }
    }

    fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn upload_state(engine: &Engine) -> Value {
        let status: Value = serde_json::from_str(&engine.status().unwrap()).unwrap();
        status["upload"]["state"].clone()
    }

    #[test]
    fn an_engine_over_sqlite_uploads_once_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("push.db").to_string_lossy().into_owned();
        let recorder = Arc::new(Recorder::default());
        let engine = Arc::new(
            Engine::new(
                CONFIG.into(),
                DEVICE.into(),
                store.clone(),
                Box::new(TestHost(recorder.clone())),
            )
            .unwrap(),
        );
        *recorder.engine.lock().unwrap() = Some(engine.clone());
        let items = Arc::new(Mutex::new(Vec::new()));
        engine.subscribe(Box::new(Items(items.clone()))).unwrap();

        for input in [
            json!({"type": "sdk_initialized"}),
            json!({"type": "plugin_init"}),
            json!({"type": "login", "user_id": "alice"}),
        ] {
            engine.send(input.to_string()).unwrap();
        }
        // The first upload fails, the retry (1 s later) succeeds.
        wait_for("the upload", || upload_state(&engine) == "uploaded");
        let effects = recorder.effects.lock().unwrap().clone();
        let uploads: Vec<&Value> = effects
            .iter()
            .filter(|e| e["type"] == "upload_token")
            .collect();
        assert_eq!(uploads.len(), 2, "{effects:?}");
        assert_eq!(
            *uploads[0],
            json!({"type": "upload_token", "vendor": "xiaomi", "business_id": 10001, "token": "mi-token-1"})
        );
        let err = engine.send(r#"{"type":"logn"}"#.into()).unwrap_err();
        assert!(matches!(err, PushlaneError::Input(_)), "{err:?}");

        engine.shutdown();
        assert!(engine.is_closed());
        assert_eq!(
            engine.send(r#"{"type":"ui_ready"}"#.into()),
            Err(PushlaneError::Closed)
        );
        assert_eq!(engine.status(), Err(PushlaneError::Closed));
        engine.shutdown();
        *recorder.engine.lock().unwrap() = None;

        let items = items.lock().unwrap().clone();
        let kinds: Vec<String> = items
            .iter()
            .map(|i| {
                format!(
                    "{}:{}",
                    i["kind"].as_str().unwrap(),
                    i["type"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(kinds[0], "input:sdk_initialized");
        assert!(
            kinds.contains(&"event:upload_failed".to_string()),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&"input:vendor_token".to_string()),
            "{kinds:?}"
        );
        assert!(items.iter().all(|i| i["at_ms"].is_u64()));

        // A new engine over the same file: logged in again, nothing is uploaded.
        let recorder = Arc::new(Recorder::default());
        let engine = Arc::new(
            Engine::new(
                CONFIG.into(),
                DEVICE.into(),
                store,
                Box::new(TestHost(recorder.clone())),
            )
            .unwrap(),
        );
        *recorder.engine.lock().unwrap() = Some(engine.clone());
        for input in [
            json!({"type": "sdk_initialized"}),
            json!({"type": "plugin_init"}),
            json!({"type": "login", "user_id": "alice"}),
        ] {
            engine.send(input.to_string()).unwrap();
        }
        wait_for("uploaded", || upload_state(&engine) == "uploaded");
        std::thread::sleep(Duration::from_millis(400));
        assert!(!recorder
            .effects
            .lock()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "upload_token"));
        engine.shutdown();
        *recorder.engine.lock().unwrap() = None;
    }

    #[test]
    fn a_store_that_cannot_be_opened_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        // A directory is no SQLite file: refused. (A missing directory is only unavailable: the
        // engine runs in memory and retries.)
        let path = dir.path().join("a-dir.db");
        std::fs::create_dir(&path).unwrap();
        let err = Engine::new(
            CONFIG.into(),
            DEVICE.into(),
            path.to_string_lossy().into_owned(),
            Box::new(TestHost(Arc::new(Recorder::default()))),
        )
        .err()
        .unwrap();
        assert!(matches!(err, PushlaneError::Store(_)), "{err:?}");
        assert!(err.to_string().contains("a-dir.db"), "{err}");
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
    }
}
