//! The ordering guarantees of docs/runtime.md on paused tokio time: inputs are handled while
//! host calls run; network calls (`upload_token`, `clear_token`) never delay the other calls;
//! the other calls are performed one at a time in the order emitted; store writes come before
//! the effects of their input; and the host effect type with its typed badge call.

mod support;

use async_trait::async_trait;
use pushlane::plugin::{BadgeCall, BadgeContext};
use pushlane::{AppLifecycle, DeviceInfo, Effect, PersistedState, StoreWrite, TimerName};
use pushlane_runtime::{Host, HostEffect, HostError, InputSender, Item, SetBadgeCall, StoreChoice};
use pushlane_store::{MemoryStore, Store, StoreError};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{engine, RecordingHost, Scene, Script, TOKEN_A, XIAOMI_CONFIG};

fn bob_click() -> serde_json::Value {
    json!({"title": "Bob", "content": "hi", "msgId": "m1", "ext": "{\"conversationID\":\"c2c_bob\"}"})
}

fn position(kinds: &[&str], kind: &str) -> usize {
    kinds
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_else(|| panic!("{kind} not performed: {kinds:?}"))
}

/// Issue 9, problem 2: a phone on a bad network takes 10 s to upload; a click arriving
/// meanwhile is performed (clear_notifications, then deliver_click) long before the upload
/// returns.
#[tokio::test(start_paused = true)]
async fn a_click_during_a_10_s_upload_is_performed_before_the_upload_finishes() {
    let mut scene = Scene::start(engine().effect_timeout(Duration::from_secs(30)));
    scene.host.script(
        "upload_token",
        Script {
            latency: Duration::from_secs(10),
            ..Script::default()
        },
    );
    scene.boot();
    assert!(scene.handle.ui_ready());
    // The upload starts at 5 000 and returns at 15 000.
    scene.at(6_000).await;
    assert!(scene.handle.notification_clicked("xiaomi", bob_click()));
    scene.at(7_000).await;
    assert_eq!(scene.host.times_of("upload_token"), [5_000]);
    assert!(
        scene.host.finished_of("upload_token").is_empty(),
        "the upload is still running"
    );
    assert_eq!(scene.host.times_of("clear_notifications"), [6_000]);
    assert_eq!(scene.host.finished_of("clear_notifications"), [6_000]);
    assert_eq!(scene.host.times_of("deliver_click"), [6_000]);
    assert_eq!(scene.host.finished_of("deliver_click"), [6_000]);
    let kinds = scene.host.kinds();
    assert!(position(&kinds, "clear_notifications") < position(&kinds, "deliver_click"));
    let HostEffect::DeliverClick {
        conversation_id, ..
    } = &scene.host.calls_of("deliver_click")[0].1
    else {
        unreachable!()
    };
    assert_eq!(conversation_id.as_deref(), Some("c2c_bob"));

    scene.at(16_000).await;
    assert_eq!(scene.host.finished_of("upload_token"), [15_000]);
    let uploaded: Vec<u64> = scene
        .events("token_uploaded")
        .await
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    assert_eq!(uploaded, [15_000]);
}

/// A slow call without a result (a vendor SDK taking 8 s to register) holds up neither the
/// inputs sent meanwhile, nor the timers, nor the network calls; only the calls emitted after
/// it wait for their turn, in the order emitted. (Before issue 9 the engine awaited such a
/// call inside its loop: the token sent at 0 was handled at 8 000 and uploaded then.)
#[tokio::test(start_paused = true)]
async fn inputs_timers_and_uploads_go_on_while_a_slow_call_runs() {
    let mut scene = Scene::start(engine().effect_timeout(Duration::from_secs(30)));
    scene.host.script(
        "register_vendor",
        Script {
            latency: Duration::from_secs(8),
            ..Script::default()
        },
    );
    scene.boot();
    assert!(scene.handle.ui_ready());
    scene.at(6_000).await;
    assert!(scene.handle.notification_clicked("xiaomi", bob_click()));
    scene.at(7_000).await;

    let handled = |inputs: Vec<(u64, pushlane::Input)>| -> Vec<u64> {
        inputs.into_iter().map(|(at, _)| at).collect()
    };
    assert_eq!(handled(scene.inputs("vendor_token").await), [0]);
    assert_eq!(handled(scene.inputs("ui_ready").await), [0]);
    assert_eq!(handled(scene.inputs("notification_clicked").await), [6_000]);
    // The upload timer fired on time and the upload went out beside the slow call.
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
    assert_eq!(scene.host.finished_of("upload_token"), [5_000]);
    // The click's calls wait behind register_vendor.
    assert!(scene.host.calls_of("deliver_click").is_empty());

    scene.at(9_000).await;
    assert_eq!(scene.host.finished_of("register_vendor"), [8_000]);
    assert_eq!(scene.host.times_of("clear_notifications"), [8_000]);
    assert_eq!(scene.host.times_of("deliver_click"), [8_000]);
    // Every call without a result was performed in the order the machine emitted it.
    let emitted: Vec<&str> = scene
        .collect()
        .await
        .iter()
        .filter_map(|i| i.effect())
        .filter_map(|e| HostEffect::from_effect(e.clone()))
        .filter(|e| !e.is_network())
        .map(|e| e.kind())
        .collect();
    let performed: Vec<&str> = scene
        .host
        .kinds()
        .into_iter()
        .filter(|k| !matches!(*k, "upload_token" | "clear_token"))
        .collect();
    assert_eq!(performed, emitted);
}

/// `report_background` comes before the `set_badge` of the same input even when it is slow,
/// and a later badge comes after both. The badge call is typed.
#[tokio::test(start_paused = true)]
async fn report_background_is_performed_before_its_set_badge() {
    let plugin = pushlane::parse_config_toml(XIAOMI_CONFIG).unwrap();
    // MIUI 10 takes Xiaomi's message-count badge call.
    let device = DeviceInfo::android("Xiaomi")
        .with_prop("ro.miui.ui.version.name", "V10")
        .with_api(34);
    let builder = pushlane::engine(plugin, device).effect_timeout(Duration::from_secs(30));
    let scene = Scene::start(builder);
    scene.host.script(
        "report_background",
        Script {
            latency: Duration::from_secs(3),
            ..Script::default()
        },
    );
    scene.boot();
    assert!(scene.handle.unread(3));
    scene.at(1_000).await;
    assert!(scene.handle.app_state(AppLifecycle::Paused));
    scene.at(1_500).await;
    assert!(scene.handle.unread(5));
    scene.at(10_000).await;

    assert_eq!(scene.host.times_of("report_background"), [1_000]);
    assert_eq!(scene.host.finished_of("report_background"), [4_000]);
    let badges: Vec<(u64, HostEffect)> = scene.host.calls_of("set_badge");
    assert_eq!(
        badges,
        vec![
            (
                4_000,
                HostEffect::SetBadge {
                    count: 3,
                    call: SetBadgeCall::XiaomiMessageCount { count: 3 }
                }
            ),
            (
                4_000,
                HostEffect::SetBadge {
                    count: 5,
                    call: SetBadgeCall::XiaomiMessageCount { count: 5 }
                }
            ),
        ]
    );
}

/// What the store and the host did, in one log.
type Log = Arc<Mutex<Vec<String>>>;

/// A memory store that logs every write it applies.
struct LoggingStore {
    inner: MemoryStore,
    log: Log,
}

impl Store for LoggingStore {
    fn load(&mut self) -> Result<PersistedState, StoreError> {
        self.inner.load()
    }

    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError> {
        self.inner.apply(write)?;
        let name = serde_json::to_value(write).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_string();
        self.log.lock().unwrap().push(format!("write {name}"));
        Ok(())
    }
}

/// A host that logs every call it starts.
struct LoggingHost {
    log: Log,
}

#[async_trait]
impl Host for LoggingHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        self.log
            .lock()
            .unwrap()
            .push(format!("call {}", effect.kind()));
        Ok(())
    }
}

/// Store writes are applied before the effects of the same input reach the host: switching
/// push off stores the preference before `clear_token` goes out, and a successful upload is
/// recorded in the store.
#[tokio::test(start_paused = true)]
async fn store_writes_come_before_the_effects_of_their_input() {
    let log: Log = Arc::default();
    let store = LoggingStore {
        inner: MemoryStore::new(),
        log: log.clone(),
    };
    let handle = engine()
        .store(StoreChoice::custom(store))
        .start(Arc::new(LoggingHost { log: log.clone() }))
        .unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    handle.login("alice");
    handle.vendor_token(TOKEN_A, Some("xiaomi"));
    tokio::time::sleep(Duration::from_secs(6)).await;
    handle.push_enabled(false);
    tokio::time::sleep(Duration::from_secs(1)).await;
    handle.shutdown().await;

    let log = log.lock().unwrap().clone();
    let at = |entry: &str| {
        log.iter()
            .position(|l| l == entry)
            .unwrap_or_else(|| panic!("{entry} missing from {log:?}"))
    };
    assert!(at("write token") < at("call upload_token"), "{log:?}");
    assert!(at("write push_enabled") < at("call clear_token"), "{log:?}");
    assert!(
        at("call upload_token") < at("write upload_record"),
        "{log:?}"
    );
}

/// Issue 9, problem 3: the host's effect type has no timers; every other effect converts,
/// keeping its JSON (without the `effect_id` the engine answers itself); the badge call is
/// typed and serialises to the JSON of vendors.md §3, byte for byte.
#[test]
fn host_effects_have_no_timers_and_keep_the_json_of_the_effects() {
    for timer in [
        Effect::ArmTimer {
            timer: TimerName::UploadRetry,
            deadline_ms: 6_000,
        },
        Effect::CancelTimer {
            timer: TimerName::TokenFetch,
        },
    ] {
        assert_eq!(HostEffect::from_effect(timer.clone()), None);
        assert_eq!(HostEffect::try_from(timer.clone()), Err(timer));
    }

    let effects: Vec<serde_json::Value> = vec![
        json!({"type":"register_vendor","vendor":"xiaomi"}),
        json!({"type":"fetch_token","vendor":"xiaomi"}),
        json!({"type":"create_channel","channel_id":"new_message","name":"Messages","description":"New messages"}),
        json!({"type":"request_permission"}),
        json!({"type":"disable_sdk_badge"}),
        json!({"type":"upload_token","effect_id":7,"vendor":"xiaomi","business_id":10001,"token":"t"}),
        json!({"type":"clear_token","effect_id":8,"vendor":"xiaomi","business_id":10001}),
        json!({"type":"report_foreground"}),
        json!({"type":"report_background","unread":3}),
        json!({"type":"set_badge","count":3,"call":{"kind":"content_provider","uri":"content://com.huawei.android.launcher.settings/badge/","method":"change_badge","extras":{"package":"com.example.chat","class":"com.example.chat.MainActivity","badgenumber":3}}}),
        json!({"type":"set_badge","count":3,"call":{"kind":"broadcast","action":"launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM","extras":{"packageName":"p","className":"p.Main","notificationNum":3}}}),
        json!({"type":"set_badge","count":3,"call":{"kind":"xiaomi_message_count","count":3}}),
        json!({"type":"set_badge","count":3,"call":{"kind":"ios_badge","count":3}}),
        json!({"type":"clear_notifications"}),
        json!({"type":"show_notification","channel_id":"new_message","title":"Bob","body":"hi","ext":"{}"}),
        json!({"type":"deliver_click","ext":"{}","conversation_id":"c2c_bob","title":"Bob"}),
        json!({"type":"deliver_click","ext":"","conversation_id":null}),
    ];
    let mut kinds = Vec::new();
    for json in effects {
        let effect: Effect = serde_json::from_value(json.clone()).unwrap();
        let host = HostEffect::try_from(effect.clone()).unwrap();
        assert_eq!(host.kind(), effect.kind());
        assert_eq!(host.is_network(), effect.effect_id().is_some());
        let mut expected = json.clone();
        expected.as_object_mut().unwrap().shift_remove("effect_id");
        assert_eq!(
            serde_json::to_string(&host).unwrap(),
            expected.to_string(),
            "{json}"
        );
        // The effect itself serialises as before, badge call included.
        assert_eq!(serde_json::to_string(&effect).unwrap(), json.to_string());
        kinds.push(effect.kind());
    }
    kinds.sort_unstable();
    kinds.dedup();
    // Every effect of lifecycle.md §2 but the two timers has its host form.
    assert_eq!(kinds.len(), 13);
}

/// The badge call of every family, produced by the linked vendor plugins, serialises exactly as
/// vendors.md §3 writes it (and as it did when the call was an untyped JSON value).
#[test]
fn every_vendor_badge_call_serialises_to_the_json_of_vendors_md() {
    let config = pushlane::parse_config_toml(
        r#"
        edition = "china"
        package_name = "com.example.chat"
        launcher_class = "com.example.chat.MainActivity"
        app_manages_badge = true
        [[vendors]]
        vendor = "oppo"
        business_id = 1
        app_key = "k"
        app_secret = "s"
        badge_enabled = true
        "#,
    )
    .unwrap();
    let cases = [
        (
            "huawei",
            DeviceInfo::android("HUAWEI"),
            r#"{"kind":"content_provider","uri":"content://com.huawei.android.launcher.settings/badge/","method":"change_badge","extras":{"package":"com.example.chat","class":"com.example.chat.MainActivity","badgenumber":4}}"#,
        ),
        (
            "honor",
            DeviceInfo::android("HONOR"),
            r#"{"kind":"content_provider","uri":"content://com.hihonor.android.launcher.settings/badge/","method":"change_badge","extras":{"package":"com.example.chat","class":"com.example.chat.MainActivity","badgenumber":4}}"#,
        ),
        (
            "oppo",
            DeviceInfo::android("OPPO"),
            r#"{"kind":"content_provider","uri":"content://com.android.badge/badge","method":"setAppBadgeCount","extras":{"app_badge_count":4}}"#,
        ),
        (
            "vivo",
            DeviceInfo::android("vivo"),
            r#"{"kind":"broadcast","action":"launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM","extras":{"packageName":"com.example.chat","className":"com.example.chat.MainActivity","notificationNum":4}}"#,
        ),
        (
            "xiaomi",
            DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V10"),
            r#"{"kind":"xiaomi_message_count","count":4}"#,
        ),
        (
            "apns",
            DeviceInfo::ios(),
            r#"{"kind":"ios_badge","count":4}"#,
        ),
    ];
    let plugins = pushlane::link_vendors();
    for (vendor, device, expected) in cases {
        let plugin = plugins.iter().find(|p| p.name() == vendor).unwrap();
        let ctx = BadgeContext {
            device: &device,
            config: &config,
            vendor_config: config.vendor(vendor),
        };
        let BadgeCall::Call(call) = plugin.badge(4, &ctx) else {
            panic!("{vendor}: expected a badge call");
        };
        assert_eq!(serde_json::to_string(&call).unwrap(), expected, "{vendor}");
        let round_trip: SetBadgeCall = serde_json::from_str(expected).unwrap();
        assert_eq!(round_trip, call, "{vendor}");
        let host = HostEffect::SetBadge { count: 4, call };
        assert_eq!(
            serde_json::to_string(&host).unwrap(),
            format!(r#"{{"type":"set_badge","count":4,"call":{expected}}}"#)
        );
    }
}

/// The engine runs the timers itself (the host type cannot even hold one); a failed call
/// without a result is reported and the lane goes on with the next call.
#[tokio::test(start_paused = true)]
async fn a_failed_call_is_reported_and_the_next_one_goes_out() {
    let mut scene = Scene::start_with(engine(), RecordingHost::new());
    scene.host.script(
        "clear_notifications",
        Script {
            fail: 1,
            ..Script::default()
        },
    );
    scene.boot();
    assert!(scene.handle.ui_ready());
    assert!(scene.handle.notification_clicked("xiaomi", bob_click()));
    scene.at(6_000).await;
    let items = scene.collect().await.to_vec();
    assert!(items
        .iter()
        .any(|i| matches!(i.effect(), Some(Effect::ArmTimer { .. }))));
    let failed = scene.host_failures().await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].1, "clear_notifications");
    assert_eq!(scene.host.times_of("deliver_click"), [0]);
    assert!(items
        .iter()
        .all(|i| !matches!(&i.item, Item::HostFailed { effect, .. } if effect == "arm_timer")));
}
