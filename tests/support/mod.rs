//! Shared harness for the root integration tests: real vendor plugins through the facade, a
//! machine, and helpers to feed inputs and look at what came out.
#![allow(dead_code)]

use pushlane::{
    AppLifecycle, DeviceInfo, Effect, Event, Input, Machine, Output, PersistedState, PluginConfig,
    StoreWrite, TimerName, WarningCode,
};
use serde_json::Value;

/// A config with every vendor configured, package and launcher set.
pub const ALL_VENDORS: &str = r#"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "apns"
business_id = 1001
[[vendors]]
vendor = "fcm"
business_id = 1002
[[vendors]]
vendor = "huawei"
business_id = 1003
[[vendors]]
vendor = "honor"
business_id = 1004
app_id = "104000000"
[[vendors]]
vendor = "xiaomi"
business_id = 1005
app_id = "2882303761517000000"
app_key = "5731700000000"
channel_id = "im_channel"
[[vendors]]
vendor = "oppo"
business_id = 1006
app_key = "oppo-key"
app_secret = "oppo-secret"
channel_id = "im_oppo"
badge_enabled = true
[[vendors]]
vendor = "vivo"
business_id = 1007
app_id = "105000000"
app_key = "vivo-key"
[[vendors]]
vendor = "meizu"
business_id = 1008
app_id = "130000"
app_key = "meizu-key"
"#;

pub fn config(toml: &str) -> PluginConfig {
    pushlane::parse_config_toml(toml).unwrap_or_else(|e| panic!("test config: {e}"))
}

/// `ALL_VENDORS` with extra common fields put in front (e.g. `edition = "china"`).
pub fn all_vendors_with(extra: &str) -> PluginConfig {
    config(&format!("{extra}\n{ALL_VENDORS}"))
}

pub mod devices {
    use super::DeviceInfo;

    pub fn redmi_miui14() -> DeviceInfo {
        DeviceInfo::android("Xiaomi")
            .with_brand("Redmi")
            .with_api(34)
            .with_prop("ro.miui.ui.version.name", "V140")
    }
    pub fn xiaomi_miui10() -> DeviceInfo {
        DeviceInfo::android("Xiaomi")
            .with_api(28)
            .with_prop("ro.miui.ui.version.name", "V10")
    }
    pub fn huawei() -> DeviceInfo {
        DeviceInfo::android("HUAWEI")
            .with_api(31)
            .with_prop("ro.build.version.emui", "EmotionUI_12.0.0")
    }
    pub fn honor_magic() -> DeviceInfo {
        DeviceInfo::android("HONOR")
            .with_api(34)
            .with_honor_push(true)
            .with_prop("ro.build.version.emui", "MagicOS_7.1.0")
    }
    pub fn oppo() -> DeviceInfo {
        DeviceInfo::android("OPPO")
            .with_api(31)
            .with_prop("ro.build.version.oplusrom", "V12.1")
    }
    pub fn vivo() -> DeviceInfo {
        DeviceInfo::android("vivo").with_api(33)
    }
    pub fn meizu() -> DeviceInfo {
        DeviceInfo::android("meizu")
            .with_api(29)
            .with_prop("ro.build.display.id", "Flyme 8.1.8.0A")
    }
    pub fn pixel() -> DeviceInfo {
        DeviceInfo::android("Google").with_api(34).with_gms(true)
    }
    pub fn uncertified() -> DeviceInfo {
        DeviceInfo::android("TECNO MOBILE LIMITED").with_api(30)
    }
    pub fn iphone() -> DeviceInfo {
        DeviceInfo::ios()
    }
}

/// A machine plus everything it produced, with the time of each output.
pub struct Harness {
    pub machine: Machine,
    pub now: u64,
    pub log: Vec<(u64, Output)>,
    /// Index into `log` where the last input's outputs start.
    pub last_start: usize,
}

impl Harness {
    pub fn new(config: PluginConfig, device: DeviceInfo) -> Harness {
        Harness::with_state(config, device, PersistedState::default())
    }

    pub fn with_state(config: PluginConfig, device: DeviceInfo, state: PersistedState) -> Harness {
        let machine = pushlane::machine(config, device, state).expect("machine");
        Harness {
            machine,
            now: 0,
            log: Vec::new(),
            last_start: 0,
        }
    }

    /// Feeds an input at `at_ms`; returns what it produced.
    pub fn at(&mut self, at_ms: u64, input: Input) -> Vec<Output> {
        self.now = at_ms;
        let out = self.machine.step(at_ms, input);
        self.last_start = self.log.len();
        self.log.extend(out.iter().cloned().map(|o| (at_ms, o)));
        out
    }

    /// Fires the named timer at its armed deadline (panics if it is not armed).
    pub fn fire(&mut self, timer: TimerName) -> Vec<Output> {
        let deadline = *self
            .machine
            .armed_timers()
            .get(&timer)
            .unwrap_or_else(|| panic!("timer {timer:?} is not armed"));
        self.at(deadline.max(self.now), Input::Timer { timer })
    }

    /// `sdk_initialized` at 0 and `plugin_init` at `at_ms`.
    pub fn init(&mut self, at_ms: u64) -> Vec<Output> {
        self.at(0, Input::SdkInitialized);
        self.at(at_ms, Input::PluginInit)
    }

    pub fn login(&mut self, at_ms: u64, user: &str) -> Vec<Output> {
        self.at(
            at_ms,
            Input::Login {
                user_id: user.to_string(),
            },
        )
    }

    pub fn token(&mut self, at_ms: u64, vendor: &str, token: &str) -> Vec<Output> {
        self.at(
            at_ms,
            Input::VendorToken {
                token: token.to_string(),
                vendor: Some(vendor.to_string()),
            },
        )
    }

    pub fn done(&mut self, at_ms: u64, effect_id: u64, ok: bool) -> Vec<Output> {
        self.at(
            at_ms,
            Input::EffectDone {
                effect_id,
                ok,
                error: (!ok).then(|| "server said no".to_string()),
            },
        )
    }

    pub fn app(&mut self, at_ms: u64, state: AppLifecycle) -> Vec<Output> {
        self.at(at_ms, Input::AppState { state })
    }

    pub fn click(&mut self, at_ms: u64, source: &str, payload: Value) -> Vec<Output> {
        self.at(
            at_ms,
            Input::NotificationClicked {
                source: source.to_string(),
                payload,
            },
        )
    }

    /// Every effect so far.
    pub fn effects(&self) -> Vec<Effect> {
        self.log
            .iter()
            .filter_map(|(_, o)| o.as_effect().cloned())
            .collect()
    }

    /// Every event so far.
    pub fn events(&self) -> Vec<Event> {
        self.log
            .iter()
            .filter_map(|(_, o)| o.as_event().cloned())
            .collect()
    }

    /// Every `upload_token` so far, as (at_ms, effect_id, token).
    pub fn uploads(&self) -> Vec<(u64, u64, String)> {
        self.log
            .iter()
            .filter_map(|(at, o)| match o {
                Output::Effect(Effect::UploadToken {
                    effect_id, token, ..
                }) => Some((*at, *effect_id, token.clone())),
                _ => None,
            })
            .collect()
    }

    /// Every warning code so far, in order.
    pub fn warnings(&self) -> Vec<WarningCode> {
        warnings(&self.events())
    }

    /// The store writes so far.
    pub fn writes(&self) -> Vec<StoreWrite> {
        self.log
            .iter()
            .filter_map(|(_, o)| match o {
                Output::Persist(w) => Some(w.clone()),
                _ => None,
            })
            .collect()
    }

    /// The scenario-style trace of everything so far (one JSON line per effect or event).
    pub fn trace(&self) -> Vec<Value> {
        self.log
            .iter()
            .filter_map(|(at, o)| o.trace_line(*at))
            .collect()
    }
}

/// Effects among outputs.
pub fn effects(out: &[Output]) -> Vec<Effect> {
    out.iter().filter_map(|o| o.as_effect().cloned()).collect()
}

/// Events among outputs.
pub fn events(out: &[Output]) -> Vec<Event> {
    out.iter().filter_map(|o| o.as_event().cloned()).collect()
}

/// The effect kinds (serde tags) among outputs, in order.
pub fn effect_kinds(out: &[Output]) -> Vec<&'static str> {
    out.iter()
        .filter_map(|o| o.as_effect().map(|e| e.kind()))
        .collect()
}

/// The event kinds among outputs, in order (without `state_changed`).
pub fn event_kinds(out: &[Output]) -> Vec<&'static str> {
    out.iter()
        .filter_map(|o| o.as_event().map(|e| e.kind()))
        .filter(|k| *k != "state_changed")
        .collect()
}

pub fn warnings(events: &[Event]) -> Vec<WarningCode> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Warning { code, .. } => Some(*code),
            _ => None,
        })
        .collect()
}

/// Stored state holding a token for `vendor` and, optionally, the upload record of `user`.
pub fn stored(
    vendor: &str,
    token: &str,
    business_id: u32,
    uploaded_for: Option<&str>,
) -> PersistedState {
    let mut state = PersistedState::default();
    state.tokens.insert(vendor.to_string(), token.to_string());
    state.upload_record = uploaded_for.map(|user| pushlane::UploadRecord {
        user_id: user.to_string(),
        vendor: vendor.to_string(),
        business_id,
        token: token.to_string(),
    });
    state
}

// ---- helpers added for the rule tests (tests/rules_*.rs) ---------------------------------------

/// Events among outputs, without `state_changed`.
pub fn plain_events(out: &[Output]) -> Vec<Event> {
    out.iter()
        .filter_map(|o| o.as_event().cloned())
        .filter(|e| !matches!(e, Event::StateChanged { .. }))
        .collect()
}

/// The `state_changed` events among outputs, as (region, from, to).
pub fn state_changes(out: &[Output]) -> Vec<(String, String, String)> {
    out.iter()
        .filter_map(|o| match o.as_event() {
            Some(Event::StateChanged { region, from, to }) => {
                Some((region.clone(), from.clone(), to.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The deadline of an armed timer, if armed.
pub fn armed(h: &Harness, timer: TimerName) -> Option<u64> {
    h.machine.armed_timers().get(&timer).copied()
}

/// The store write that forgets the upload record (nothing of this device on the server).
pub fn record_forgotten() -> Output {
    Output::Persist(StoreWrite::UploadRecord { record: None })
}
