//! Shared test support: a recording host with scripted failures and hangs, configs, and a
//! scene that runs an engine on paused tokio time.
#![allow(dead_code)]

use pushlane::DeviceInfo;
use pushlane_runtime::{
    async_trait, EngineBuilder, EngineHandle, EngineItem, Host, HostEffect, HostError, InputSender,
    Item,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::time::Instant;

pub const TOKEN_A: &str = "mi-token-AAAA-secret-1111";
pub const TOKEN_B: &str = "mi-token-BBBB-secret-2222";
pub const APP_KEY: &str = "5731700000000";

pub const XIAOMI_CONFIG: &str = r#"
edition = "china"
[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"
"#;

pub fn xiaomi_device() -> DeviceInfo {
    DeviceInfo::android("Xiaomi")
        .with_prop("ro.miui.ui.version.name", "V140")
        .with_api(34)
}

/// The Xiaomi engine of these tests (in-memory store unless the test picks one).
pub fn engine() -> EngineBuilder {
    let plugin = pushlane::parse_config_toml(XIAOMI_CONFIG).unwrap();
    pushlane::engine(plugin, xiaomi_device())
}

/// What the recording host does with calls of one kind.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// The first `fail` calls fail.
    pub fail: u32,
    /// The first `hang` calls (after the failing ones) never return.
    pub hang: u32,
    /// Every call takes this long.
    pub latency: Duration,
}

#[derive(Default)]
struct State {
    calls: Vec<(u64, HostEffect)>,
    /// `(at_ms, kind)` of every call that returned (success or failure).
    finished: Vec<(u64, &'static str)>,
    scripts: Vec<(&'static str, Script)>,
    counts: Vec<(&'static str, u32)>,
}

/// A host that records every call (with ms since its creation on tokio time) and when it
/// returned, and fails, hangs or lags as scripted per effect kind.
pub struct RecordingHost {
    start: Instant,
    state: Mutex<State>,
}

impl RecordingHost {
    pub fn new() -> Arc<RecordingHost> {
        Arc::new(RecordingHost {
            start: Instant::now(),
            state: Mutex::new(State::default()),
        })
    }

    pub fn script(&self, kind: &'static str, script: Script) {
        let mut state = self.state.lock().unwrap();
        state.scripts.retain(|(k, _)| *k != kind);
        state.scripts.push((kind, script));
        state.counts.retain(|(k, _)| *k != kind);
    }

    pub fn calls(&self) -> Vec<(u64, HostEffect)> {
        self.state.lock().unwrap().calls.clone()
    }

    /// The calls of one kind, with their times.
    pub fn calls_of(&self, kind: &str) -> Vec<(u64, HostEffect)> {
        self.calls()
            .into_iter()
            .filter(|(_, e)| e.kind() == kind)
            .collect()
    }

    /// `(at_ms, token)` of every `upload_token` call.
    pub fn uploads(&self) -> Vec<(u64, String)> {
        self.calls_of("upload_token")
            .into_iter()
            .map(|(at, e)| match e {
                HostEffect::UploadToken { token, .. } => (at, token),
                _ => unreachable!(),
            })
            .collect()
    }

    pub fn times_of(&self, kind: &str) -> Vec<u64> {
        self.calls_of(kind).into_iter().map(|(at, _)| at).collect()
    }

    /// When the calls of one kind returned.
    pub fn finished_of(&self, kind: &str) -> Vec<u64> {
        let state = self.state.lock().unwrap();
        state
            .finished
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(at, _)| *at)
            .collect()
    }

    /// The kinds of all calls, in the order they were made.
    pub fn kinds(&self) -> Vec<&'static str> {
        self.calls().iter().map(|(_, e)| e.kind()).collect()
    }

    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

impl RecordingHost {
    fn returned(&self, kind: &'static str) {
        let at = self.now_ms();
        self.state.lock().unwrap().finished.push((at, kind));
    }
}

#[async_trait]
impl Host for RecordingHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        let kind = effect.kind();
        let (script, n) = {
            let mut state = self.state.lock().unwrap();
            let at = self.now_ms();
            state.calls.push((at, effect.clone()));
            let script = state
                .scripts
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, s)| s.clone())
                .unwrap_or_default();
            let n = match state.counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    state.counts.push((kind, 1));
                    1
                }
            };
            (script, n)
        };
        if !script.latency.is_zero() {
            tokio::time::sleep(script.latency).await;
        }
        if n <= script.fail {
            let detail = match effect {
                HostEffect::UploadToken { token, .. } => format!("server refused token {token}"),
                _ => "scripted failure".to_string(),
            };
            self.returned(kind);
            return Err(HostError::new(detail));
        }
        if n <= script.fail + script.hang {
            std::future::pending::<()>().await;
        }
        self.returned(kind);
        Ok(())
    }
}

/// A running engine on paused time, its recording host, and a subscriber from the start.
pub struct Scene {
    pub start: Instant,
    pub host: Arc<RecordingHost>,
    pub handle: EngineHandle,
    pub rx: broadcast::Receiver<EngineItem>,
    pub items: Vec<EngineItem>,
}

impl Scene {
    pub fn start(engine: EngineBuilder) -> Scene {
        Scene::start_with(engine, RecordingHost::new())
    }

    pub fn start_with(mut engine: EngineBuilder, host: Arc<RecordingHost>) -> Scene {
        let start = Instant::now();
        let rx = engine.subscribe();
        let handle = engine.start(host.clone()).unwrap();
        Scene {
            start,
            host,
            handle,
            rx,
            items: Vec::new(),
        }
    }

    /// Lets engine time run until `at_ms` (timers due until then fire on the way).
    pub async fn at(&self, at_ms: u64) {
        tokio::time::sleep_until(self.start + Duration::from_millis(at_ms)).await;
    }

    /// `(at_ms, input)` of the inputs of one kind the engine handled.
    pub async fn inputs(&mut self, kind: &str) -> Vec<(u64, pushlane::Input)> {
        self.collect()
            .await
            .iter()
            .filter_map(|i| match &i.item {
                Item::Input(input) if input.kind() == kind => Some((i.at_ms, input.clone())),
                _ => None,
            })
            .collect()
    }

    /// `(at_ms, effect kind, error)` of the failed calls without a result.
    pub async fn host_failures(&mut self) -> Vec<(u64, String, String)> {
        self.collect()
            .await
            .iter()
            .filter_map(|i| match &i.item {
                Item::HostFailed { effect, error } => {
                    Some((i.at_ms, effect.clone(), error.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Sends the usual startup: `sdk_initialized`, `plugin_init`, `login alice`, token A.
    pub fn boot(&self) {
        assert!(self.handle.sdk_initialized());
        assert!(self.handle.plugin_init());
        assert!(self.handle.login("alice"));
        assert!(self.handle.vendor_token(TOKEN_A, Some("xiaomi")));
    }

    /// Every item published so far (after a round trip through the engine).
    pub async fn collect(&mut self) -> &[EngineItem] {
        let _ = self.handle.status().await;
        while let Ok(item) = self.rx.try_recv() {
            self.items.push(item);
        }
        &self.items
    }

    /// `(at_ms, event)` of the events of one kind.
    pub async fn events(&mut self, kind: &str) -> Vec<(u64, pushlane::Event)> {
        self.collect()
            .await
            .iter()
            .filter_map(|i| match &i.item {
                Item::Event(e) if e.kind() == kind => Some((i.at_ms, e.clone())),
                _ => None,
            })
            .collect()
    }
}
