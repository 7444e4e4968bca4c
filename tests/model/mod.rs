//! The model-based checker behind `tests/invariants.rs` and `tests/invariants_regressions.rs`.
//!
//! A [`World`] (device preset, config variant, stored state) and a list of [`Step`]s (a time
//! advance and an abstract [`Action`]) are turned into concrete inputs at run time, against what
//! the machine has asked for so far: `effect_done` answers an upload or clear that is really
//! outstanding (or, sometimes, a bogus id), `FireTimer` fires a timer that is really armed, at
//! its deadline. A reference [`Model`] built only from the inputs and the outputs checks the ten
//! invariants of lifecycle.md §11 after every step, plus a few liveness rules of §5–§8 that make
//! the invariants bite (a click is never lost, a held-back upload is always scheduled, …).
//! Depends on `support` being declared next to it (`mod support; mod model;`).
#![allow(dead_code)]

use crate::support::{self, devices, Harness};
use proptest::prelude::*;
use pushlane::{
    AppLifecycle, DeviceInfo, Effect, ElemType, Event, Input, Message, OfflinePushInfo, Output,
    PersistedState, PluginConfig, StoreWrite, TimerName, UploadRecord, WarningCode,
};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

// ---- the world ----------------------------------------------------------------------------

/// Device presets (vendors.md §4 "Real devices").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    Iphone,
    PixelGms,
    Huawei,
    HuaweiGms,
    HonorMagic,
    XiaomiMiui10,
    RedmiMiui14,
    Oppo,
    Vivo,
    Meizu,
    Uncertified,
}

impl Device {
    pub const ALL: [Device; 11] = [
        Device::Iphone,
        Device::PixelGms,
        Device::Huawei,
        Device::HuaweiGms,
        Device::HonorMagic,
        Device::XiaomiMiui10,
        Device::RedmiMiui14,
        Device::Oppo,
        Device::Vivo,
        Device::Meizu,
        Device::Uncertified,
    ];

    pub fn info(self) -> DeviceInfo {
        match self {
            Device::Iphone => devices::iphone(),
            Device::PixelGms => devices::pixel(),
            Device::Huawei => devices::huawei(),
            Device::HuaweiGms => devices::huawei().with_gms(true),
            Device::HonorMagic => devices::honor_magic(),
            Device::XiaomiMiui10 => devices::xiaomi_miui10(),
            Device::RedmiMiui14 => devices::redmi_miui14(),
            Device::Oppo => devices::oppo(),
            Device::Vivo => devices::vivo(),
            Device::Meizu => devices::meizu(),
            Device::Uncertified => devices::uncertified(),
        }
    }
}

/// Config variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cfg {
    /// `ALL_VENDORS`: every vendor, package and launcher set, OPPO badge granted.
    AllVendors,
    /// `edition = "china"`: never FCM.
    China,
    /// iOS app owns the badge.
    AppManagesBadge,
    /// Local notifications also next to a vendor channel.
    LocalAlways,
    /// A short upload delay.
    SmallDelay,
    /// No upload delay, no clearing on foreground, notifications in foreground, no FCM.
    Quirky,
    /// Only Huawei, Xiaomi (no channel) and OPPO (no channel, no badge); no package/launcher.
    SomeVendors,
    /// Only FCM, APNs and vivo; package name but no launcher class.
    FcmApnsVivo,
}

const SOME_VENDORS: &str = r#"
[[vendors]]
vendor = "huawei"
business_id = 2003
[[vendors]]
vendor = "xiaomi"
business_id = 2005
app_id = "2882303761517000000"
app_key = "5731700000000"
[[vendors]]
vendor = "oppo"
business_id = 2006
app_key = "oppo-key"
app_secret = "oppo-secret"
"#;

const FCM_APNS_VIVO: &str = r#"
package_name = "com.example.chat"
[[vendors]]
vendor = "fcm"
business_id = 3002
[[vendors]]
vendor = "apns"
business_id = 3001
[[vendors]]
vendor = "vivo"
business_id = 3007
app_id = "105000000"
app_key = "vivo-key"
"#;

impl Cfg {
    pub const ALL: [Cfg; 8] = [
        Cfg::AllVendors,
        Cfg::China,
        Cfg::AppManagesBadge,
        Cfg::LocalAlways,
        Cfg::SmallDelay,
        Cfg::Quirky,
        Cfg::SomeVendors,
        Cfg::FcmApnsVivo,
    ];

    pub fn config(self) -> PluginConfig {
        match self {
            Cfg::AllVendors => support::config(support::ALL_VENDORS),
            Cfg::China => support::all_vendors_with(r#"edition = "china""#),
            Cfg::AppManagesBadge => support::all_vendors_with("app_manages_badge = true"),
            Cfg::LocalAlways => support::all_vendors_with(r#"local_notifications = "always""#),
            Cfg::SmallDelay => support::all_vendors_with("upload_delay_ms = 250"),
            Cfg::Quirky => support::all_vendors_with(
                "upload_delay_ms = 0\nclear_on_foreground = false\nforeground_notifications = true\n\
                 local_notifications = \"always\"\nuse_fcm = false\napp_manages_badge = true",
            ),
            Cfg::SomeVendors => support::config(SOME_VENDORS),
            Cfg::FcmApnsVivo => support::config(FCM_APNS_VIVO),
        }
    }

    /// OPPO is configured with `badge_enabled = true`.
    fn oppo_badge(self) -> bool {
        !matches!(self, Cfg::SomeVendors | Cfg::FcmApnsVivo)
    }
}

/// A stored token's vendor: the one init will select, or a named one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredVendor {
    Selected,
    Named(&'static str),
}

/// The stored upload record (and pending upload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredRecord {
    None,
    /// (user, the stored vendor, its business id, the stored token).
    Same(User),
    /// As `Same`, but with another business id (a console change since).
    OtherBusinessId(User),
    /// As `Same`, but another token.
    OtherToken(User),
    /// No record, but the upload of the stored token was in flight when the last process died
    /// (the pending upload of lifecycle.md §10).
    Pending(User),
    /// `OtherToken`'s record, and the stored token's upload was in flight when the process died.
    OtherTokenThenPending(User),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Initial {
    Empty,
    Stored {
        vendor: StoredVendor,
        token: &'static str,
        record: StoredRecord,
        push_enabled: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    pub device: Device,
    pub config: Cfg,
    pub initial: Initial,
}

impl World {
    pub fn new(device: Device, config: Cfg, initial: Initial) -> World {
        World {
            device,
            config,
            initial,
        }
    }

    /// The vendor init will select (the machine's own selection code, used only to aim the
    /// stored state at it).
    fn expected_vendor(&self) -> String {
        let config = self.config.config();
        pushlane::select::select(&pushlane::link_vendors(), &config, &self.device.info()).vendor
    }

    pub fn persisted(&self) -> PersistedState {
        let Initial::Stored {
            vendor,
            token,
            record,
            push_enabled,
        } = self.initial.clone()
        else {
            return PersistedState::default();
        };
        let vendor = match vendor {
            StoredVendor::Selected => {
                let v = self.expected_vendor();
                if v == "local" {
                    "huawei".to_string()
                } else {
                    v
                }
            }
            StoredVendor::Named(v) => v.to_string(),
        };
        let config = self.config.config();
        let business_id = config.vendor(&vendor).map_or(4242, |c| c.business_id());
        let (user, business_id, rec_token) = match record {
            StoredRecord::None | StoredRecord::Pending(_) => (None, business_id, token),
            StoredRecord::Same(u) => (Some(u), business_id, token),
            StoredRecord::OtherBusinessId(u) => (Some(u), business_id + 1, token),
            StoredRecord::OtherToken(u) | StoredRecord::OtherTokenThenPending(u) => {
                (Some(u), business_id, "tok-old")
            }
        };
        let pending_user = match record {
            StoredRecord::Pending(u) | StoredRecord::OtherTokenThenPending(u) => Some(u),
            _ => None,
        };
        let mut state = support::stored(&vendor, token, business_id, None);
        state.upload_record = user.map(|u| UploadRecord {
            user_id: u.id().to_string(),
            vendor: vendor.clone(),
            business_id,
            token: rec_token.to_string(),
        });
        state.upload_pending = pending_user.map(|u| UploadRecord {
            user_id: u.id().to_string(),
            vendor: vendor.clone(),
            business_id,
            token: token.to_string(),
        });
        state.push_enabled = push_enabled;
        state
    }

    pub fn harness(&self) -> Harness {
        Harness::with_state(self.config.config(), self.device.info(), self.persisted())
    }

    /// The `set_badge.call.kind` this device family uses under this config, `None` when the
    /// family has no badge call (vendors.md §3), computed from the tables, not the plugins.
    pub fn badge_kind(&self) -> Option<&'static str> {
        let config = self.config.config();
        let launcher = config.package_name.is_some() && config.launcher_class.is_some();
        match self.device {
            Device::Iphone => config.app_manages_badge.then_some("ios_badge"),
            Device::Huawei | Device::HuaweiGms | Device::HonorMagic => {
                launcher.then_some("content_provider")
            }
            Device::Vivo => launcher.then_some("broadcast"),
            Device::XiaomiMiui10 => Some("xiaomi_message_count"),
            Device::Oppo => self.config.oppo_badge().then_some("content_provider"),
            Device::RedmiMiui14 | Device::Meizu | Device::PixelGms | Device::Uncertified => None,
        }
    }
}

// ---- the steps ----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum User {
    Alice,
    Bob,
}

impl User {
    pub fn id(self) -> &'static str {
        match self {
            User::Alice => "alice",
            User::Bob => "bob",
        }
    }
}

/// The `vendor` of a `vendor_token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Absent (the selected vendor's).
    Absent,
    /// The vendor selected now (absent before init).
    Selected,
    /// The vendor of the latest `vendor_failed` (else the selected one).
    Failed,
    Named(&'static str),
}

/// What a step does; resolved into an [`Input`] against the run so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SdkInitialized,
    PluginInit,
    Login(User),
    Logout,
    KickedOffline,
    UserSigExpired,
    AppState(AppLifecycle),
    Unread(u32),
    VendorToken {
        token: &'static str,
        vendor: Who,
    },
    VendorError,
    Permission(bool),
    PushEnabled(bool),
    /// Answers outstanding upload/clear number `pick` (modulo their count, oldest first);
    /// `None` or nothing outstanding: a bogus id (the last one answered again, else 9999).
    EffectDone {
        pick: Option<u8>,
        ok: bool,
    },
    /// Fires armed timer number `pick` (modulo their count, by deadline) at its deadline;
    /// nothing armed: `token_upload` now (not armed).
    FireTimer(u8),
    /// A timer input now, armed or not.
    RawTimer(TimerName),
    Click {
        source: &'static str,
        payload: u8,
    },
    /// A click with any payload (the fuzz target `machine` builds them from its bytes).
    ClickPayload {
        source: &'static str,
        payload: Value,
    },
    UiReady,
    ConversationShown(Option<&'static str>),
    Message {
        id: u8,
        elem: ElemType,
        is_self: bool,
        group: bool,
        push_info: u8,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Milliseconds since the previous step (ignored by `FireTimer`, which goes to the deadline).
    pub advance: u64,
    pub action: Action,
}

/// Shorthand for pinned sequences.
pub fn s(advance: u64, action: Action) -> Step {
    Step { advance, action }
}

pub const TOKENS: [&str; 4] = ["", "tok-a", "tok-b", "tok-c"];
pub const VENDOR_NAMES: [&str; 9] = [
    "apns", "fcm", "huawei", "honor", "xiaomi", "oppo", "vivo", "meizu", "local",
];
pub const CLICK_SOURCES: [&str; 10] = [
    "local", "apns", "fcm", "huawei", "honor", "xiaomi", "oppo", "vivo", "meizu", "weird",
];
pub const CONVERSATIONS: [&str; 3] = ["c2c_bob", "group_g1", "c2c_carol"];
pub const CLICK_PAYLOADS: u8 = 20;

/// Raw click payloads as vendors deliver them, and garbage.
pub fn click_payload(index: u8) -> Value {
    match index % CLICK_PAYLOADS {
        0 => json!({"ext": "{\"conversationID\":\"c2c_bob\"}", "msgId": "m1", "title": "bob", "content": "hi"}),
        1 => json!({"ext": "{\"conversationID\":\"group_g1\"}", "msgId": "m1"}),
        2 => json!({"ext": "{\"conversationID\":\"group_g1\"}"}),
        3 => json!({"ext": {"conversationID": "c2c_carol"}, "msgId": "m2"}),
        4 => json!({"title": "plain", "content": "no ext"}),
        5 => json!({"ext": "just a string"}),
        6 => json!({"entity": "{\"chatType\":2,\"sender\":\"g1\",\"action\":1}"}),
        7 => json!("garbage string"),
        8 => json!("{not json"),
        9 => json!(42),
        10 => Value::Null,
        11 => json!("tencent_im_push://com.example.app/message?ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D#Intent;scheme=tencent_im_push;launchFlags=0x4000000;end"),
        12 => json!({"key_message": "{\"messageId\":\"m3\",\"title\":\"t\",\"description\":\"d\",\"extra\":{\"ext\":\"{\\\"conversationID\\\":\\\"c2c_carol\\\"}\"}}"}),
        13 => json!({"data": "{\"ext\":\"{\\\"conversationID\\\":\\\"c2c_bob\\\"}\"}"}),
        14 => json!({"aps": {"alert": {"title": "T", "body": "B"}}, "ext": "{\"conversationID\":\"c2c_carol\"}"}),
        15 => json!({"title": "x", "content": "y", "msgId": "m4", "ext": ""}),
        16 => json!([1, 2, 3]),
        17 => json!({"conversationID": "c2c_bob"}),
        18 => json!({"selfDefineContentString": "{\"ext\":\"{\\\"conversationID\\\":\\\"group_g1\\\"}\"}", "title": "m"}),
        _ => json!({"msgId": 7, "ext": "{\"conversationID\":\"c2c_bob\"}", "customMessage": {"ext": 1}}),
    }
}

fn message(id: u8, elem: ElemType, is_self: bool, group: bool, push_info: u8) -> Message {
    let offline_push_info = match push_info % 6 {
        0 => None,
        1 => Some(OfflinePushInfo {
            desc: Some("a desc".into()),
            ..Default::default()
        }),
        2 => Some(OfflinePushInfo {
            disable_push: true,
            ..Default::default()
        }),
        3 => Some(OfflinePushInfo {
            title: Some("Title".into()),
            ext: Some("{\"conversationID\":\"c2c_bob\"}".into()),
            ..Default::default()
        }),
        4 => Some(OfflinePushInfo {
            ext: Some("not json".into()),
            desc: Some(String::new()),
            ..Default::default()
        }),
        _ => Some(OfflinePushInfo::default()),
    };
    Message {
        msg_id: format!("msg-{}", id % 5),
        sender: match id % 2 {
            0 => "bob",
            _ => "carol",
        }
        .to_string(),
        nick_name: matches!(id % 3, 0).then(|| "Bobby".to_string()),
        group_id: group.then(|| "g1".to_string()),
        elem_type: elem,
        text: (elem == ElemType::Text).then(|| "hello".to_string()),
        is_self,
        offline_push_info,
    }
}

// ---- strategies ---------------------------------------------------------------------------

fn user() -> impl Strategy<Value = User> {
    prop_oneof![Just(User::Alice), Just(User::Bob)]
}

fn stored_record() -> impl Strategy<Value = StoredRecord> {
    prop_oneof![
        2 => Just(StoredRecord::None),
        3 => user().prop_map(StoredRecord::Same),
        1 => user().prop_map(StoredRecord::OtherBusinessId),
        1 => user().prop_map(StoredRecord::OtherToken),
        1 => user().prop_map(StoredRecord::Pending),
        1 => user().prop_map(StoredRecord::OtherTokenThenPending),
    ]
}

fn initial() -> impl Strategy<Value = Initial> {
    prop_oneof![
        2 => Just(Initial::Empty),
        3 => (
            prop_oneof![
                4 => Just(StoredVendor::Selected),
                1 => prop::sample::select(&VENDOR_NAMES[..8]).prop_map(StoredVendor::Named),
            ],
            prop::sample::select(&TOKENS[..]),
            stored_record(),
            prop::bool::weighted(0.75),
        )
            .prop_map(|(vendor, token, record, push_enabled)| Initial::Stored {
                vendor,
                token,
                record,
                push_enabled,
            }),
    ]
}

pub fn world() -> impl Strategy<Value = World> {
    (
        prop::sample::select(&Device::ALL[..]),
        prop::sample::select(&Cfg::ALL[..]),
        initial(),
    )
        .prop_map(|(device, config, initial)| World::new(device, config, initial))
}

fn app_state() -> impl Strategy<Value = AppLifecycle> {
    prop_oneof![
        3 => Just(AppLifecycle::Resumed),
        1 => Just(AppLifecycle::Inactive),
        2 => Just(AppLifecycle::Paused),
        1 => Just(AppLifecycle::Hidden),
        1 => Just(AppLifecycle::Detached),
    ]
}

fn timer_name() -> impl Strategy<Value = TimerName> {
    prop::sample::select(&TimerName::ALL[..])
}

fn elem_type() -> impl Strategy<Value = ElemType> {
    prop::sample::select(&ElemType::ALL[..])
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        2 => Just(Who::Absent),
        4 => Just(Who::Selected),
        1 => Just(Who::Failed),
        3 => prop::sample::select(&VENDOR_NAMES[..]).prop_map(Who::Named),
    ]
}

pub fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => Just(Action::SdkInitialized),
        3 => Just(Action::PluginInit),
        6 => user().prop_map(Action::Login),
        2 => Just(Action::Logout),
        1 => Just(Action::KickedOffline),
        1 => Just(Action::UserSigExpired),
        6 => app_state().prop_map(Action::AppState),
        3 => prop_oneof![4 => 0u32..6, 1 => Just(99u32)].prop_map(Action::Unread),
        8 => (prop::sample::select(&TOKENS[..]), who())
            .prop_map(|(token, vendor)| Action::VendorToken { token, vendor }),
        1 => Just(Action::VendorError),
        2 => any::<bool>().prop_map(Action::Permission),
        3 => prop::bool::weighted(0.6).prop_map(Action::PushEnabled),
        10 => (prop::option::weighted(0.85, 0u8..3), prop::bool::weighted(0.6))
            .prop_map(|(pick, ok)| Action::EffectDone { pick, ok }),
        8 => prop_oneof![4 => Just(0u8), 1 => 1u8..4].prop_map(Action::FireTimer),
        1 => timer_name().prop_map(Action::RawTimer),
        6 => (prop::sample::select(&CLICK_SOURCES[..]), 0..CLICK_PAYLOADS)
            .prop_map(|(source, payload)| Action::Click { source, payload }),
        3 => Just(Action::UiReady),
        2 => prop::option::of(prop::sample::select(&CONVERSATIONS[..]))
            .prop_map(Action::ConversationShown),
        4 => (any::<u8>(), elem_type(), prop::bool::weighted(0.2), any::<bool>(), any::<u8>())
            .prop_map(|(id, elem, is_self, group, push_info)| Action::Message {
                id,
                elem,
                is_self,
                group,
                push_info,
            }),
    ]
}

fn advance() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => Just(0u64),
        3 => 1u64..500,
        3 => 0u64..10_000,
        1 => 10_000u64..200_000,
    ]
}

fn step() -> impl Strategy<Value = Step> {
    (advance(), action()).prop_map(|(advance, action)| Step { advance, action })
}

/// A common start, so that many runs get deep into the token region.
pub fn prelude(kind: u8) -> Vec<Step> {
    let all = [
        s(0, Action::SdkInitialized),
        s(100, Action::PluginInit),
        s(50, Action::Login(User::Alice)),
        s(
            300,
            Action::VendorToken {
                token: "tok-a",
                vendor: Who::Selected,
            },
        ),
    ];
    let n = match kind {
        0 => 0,
        1 => 2,
        2 => 3,
        3 => 4,
        // §4: the vendor SDK hands over its token before the app's code runs.
        _ => {
            let mut early = vec![s(
                0,
                Action::VendorToken {
                    token: "tok-a",
                    vendor: Who::Absent,
                },
            )];
            early.extend_from_slice(&all[..3]);
            return early;
        }
    };
    all[..n].to_vec()
}

pub fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    (0u8..5, prop::collection::vec(step(), 0..max)).prop_map(|(kind, rest)| {
        let mut all = prelude(kind);
        all.extend(rest);
        all
    })
}

// ---- the reference model ------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Upload(UploadRecord),
    /// The user whose token the clear takes off the server.
    Clear(String),
}

#[derive(Debug, Clone)]
struct Outstanding {
    id: u64,
    session: u64,
    kind: Pending,
}

/// What the test knows, from inputs and outputs only.
struct Model {
    badge_kind: Option<&'static str>,
    upload_delay: u64,
    business_ids: BTreeMap<String, u32>,
    local_always: bool,
    foreground_notifications: bool,
    clear_on_foreground: bool,
    /// iOS or Android API ≥ 33: the platform asks for the notification permission (§5).
    platform_asks: bool,

    sdk_seen: bool,
    plugin_init_seen: bool,
    permission_answered: bool,
    permission_requested: bool,
    /// Message ids already shown as local notifications.
    notified: BTreeSet<String>,

    now: u64,
    init_at: Option<u64>,
    selected: Option<String>,
    last_failed: Option<String>,
    user: Option<String>,
    /// Bumped by every login that starts a session.
    session: u64,
    /// The last token per vendor, from `vendor_token` inputs alone (§4, §10).
    tokens: BTreeMap<String, String>,
    /// A `vendor_token` without `vendor` before init: the selected vendor's at init (§4).
    early_token: Option<String>,
    push_enabled: bool,
    /// What is on the Chat server for this device, modelled from inputs: the stored record,
    /// set by a successful upload of the current session, gone at the end of its user's session
    /// (§5) and after a successful clear (§6). The machine's persisted record must equal it.
    record: Option<UploadRecord>,
    /// The upload whose result has not come back, so it may be on the server (§10): from the
    /// store, set by `upload_token`, gone with its result, its user's session end, or a
    /// successful clear for its user. The machine's persisted pending upload must equal it.
    pending_upload: Option<UploadRecord>,
    outstanding: Vec<Outstanding>,
    answered: Vec<u64>,
    /// The upload whose failure the latest `upload_failed` reported.
    failed_upload: Option<UploadRecord>,
    /// Its `attempt`.
    failed_attempt: u32,
    foreground: bool,
    unread: u32,
    /// Last report of this session: `Some(true)` foreground, `Some(false)` background.
    last_report: Option<bool>,
    last_badge: Option<u32>,
    ui_ready: bool,
    /// The user of the latest session of this process.
    last_user: Option<String>,
    /// `conversation_shown`.
    shown: Option<String>,
    /// The owner of the held click (`Some(None)`: held, goes to whoever logs in first).
    held_owner: Option<Option<String>>,
    clicks_in: usize,
    /// `msg_id`s of clicks taken (not duplicates), for the duplicate rule (§8).
    click_ids: BTreeSet<String>,
    /// (at, ext, msg_id) of clicks taken with a non-empty `ext`.
    click_exts: Vec<(u64, String, Option<String>)>,
    deliveries: usize,
    timers: BTreeMap<TimerName, u64>,
}

impl Model {
    fn new(world: &World, persisted: &PersistedState) -> Model {
        let config = world.config.config();
        let business_ids = config
            .vendors
            .iter()
            .map(|v| (v.typetag_name().to_string(), v.business_id()))
            .collect();
        Model {
            badge_kind: world.badge_kind(),
            upload_delay: config.upload_delay_ms,
            business_ids,
            local_always: config.local_notifications == pushlane::LocalNotifications::Always,
            foreground_notifications: config.foreground_notifications,
            clear_on_foreground: config.clear_on_foreground,
            platform_asks: {
                let device = world.device.info();
                device.is_ios() || device.android_api.is_some_and(|api| api >= 33)
            },
            sdk_seen: false,
            plugin_init_seen: false,
            permission_answered: false,
            permission_requested: false,
            notified: Default::default(),
            now: 0,
            init_at: None,
            selected: None,
            last_failed: None,
            user: None,
            session: 0,
            tokens: persisted.tokens.clone(),
            early_token: None,
            push_enabled: persisted.push_enabled,
            record: persisted.upload_record.clone(),
            pending_upload: persisted.upload_pending.clone(),
            outstanding: Vec::new(),
            answered: Vec::new(),
            failed_upload: None,
            failed_attempt: 0,
            foreground: true,
            unread: 0,
            last_report: None,
            last_badge: None,
            ui_ready: false,
            last_user: None,
            shown: None,
            held_owner: None,
            clicks_in: 0,
            click_ids: Default::default(),
            click_exts: Vec::new(),
            deliveries: 0,
            timers: BTreeMap::new(),
        }
    }

    fn token(&self) -> Option<&str> {
        let vendor = self.selected.as_deref()?;
        self.tokens
            .get(vendor)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }

    /// Condition U (lifecycle.md §6).
    fn u_holds(&self) -> bool {
        self.init_at.is_some()
            && self.selected.as_deref().is_some_and(|v| v != "local")
            && self.user.is_some()
            && self.token().is_some()
            && self.push_enabled
    }

    /// Whether `record` is known to be on the server: it is the record, and no later upload of
    /// the same user whose result never came may have replaced it (§6 no upload twice, §10).
    fn known_on_server(&self, record: &UploadRecord) -> bool {
        self.record.as_ref() == Some(record)
            && !self
                .pending_upload
                .as_ref()
                .is_some_and(|p| p.user_id == record.user_id && p != record)
    }

    /// Whether the logged-in user's token is, or may be, on the server.
    fn something_to_clear(&self) -> bool {
        let Some(user) = self.user.as_ref() else {
            return false;
        };
        [&self.record, &self.pending_upload]
            .into_iter()
            .flatten()
            .any(|r| &r.user_id == user)
    }

    /// Forgets that `user`'s token is, or may be, on the server.
    fn forget_uploads_of(&mut self, user: &str) {
        if self.record.as_ref().is_some_and(|r| r.user_id == user) {
            self.record = None;
        }
        if self
            .pending_upload
            .as_ref()
            .is_some_and(|r| r.user_id == user)
        {
            self.pending_upload = None;
        }
    }

    /// The record an upload now would put on the server.
    fn desired(&self) -> Option<UploadRecord> {
        let vendor = self.selected.clone().filter(|v| v != "local")?;
        Some(UploadRecord {
            user_id: self.user.clone()?,
            business_id: *self.business_ids.get(&vendor)?,
            token: self.token()?.to_string(),
            vendor,
        })
    }
}

/// A raw click as the source vendor's normaliser reads it (vendors.md §4; the normalisers have
/// their own tests); an unreadable payload is an empty click (§8).
fn normalise(source: &str, payload: &Value) -> pushlane::plugin::NormalisedClick {
    let read = match pushlane::link_vendors()
        .into_iter()
        .find(|p| p.name() == source)
    {
        Some(plugin) => plugin.normalise_click(payload),
        None => pushlane::plugin::click::normalise_flat(payload),
    };
    read.unwrap_or_default()
}

/// The conversation an `ext` names (§8): `conversationID`, or TUIKit's
/// `entity {chatType: 1|2, sender}`.
fn conversation_of(ext: &str) -> Option<String> {
    let value: Value = serde_json::from_str(ext).ok()?;
    if let Some(id) = value.get("conversationID").and_then(Value::as_str) {
        if !id.is_empty() {
            return Some(id.to_string());
        }
    }
    let entity = match value.get("entity")? {
        Value::String(text) => serde_json::from_str::<Value>(text).ok()?,
        other => other.clone(),
    };
    let sender = match entity.get("sender")? {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    match entity.get("chatType")? {
        Value::Number(n) if n.as_i64() == Some(1) => Some(format!("c2c_{sender}")),
        Value::Number(n) if n.as_i64() == Some(2) => Some(format!("group_{sender}")),
        Value::String(t) if t.trim() == "1" => Some(format!("c2c_{sender}")),
        Value::String(t) if t.trim() == "2" => Some(format!("group_{sender}")),
        _ => None,
    }
}

/// The retry delay after `attempt` failures: 1 s, 2 s, 4 s … capped at 60 s (§6).
fn backoff(attempt: u32) -> u64 {
    (1_000u64 << attempt.saturating_sub(1).min(20)).min(60_000)
}

/// One invariant broken at one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `"1"` … `"10"` for §11, `"model"` when the model lost track of the machine, or the
    /// section of lifecycle.md whose rule broke (`"§4"` … `"§9"`, `"§5/§6"` for the stored
    /// upload record, `"§10"` for the stored pending upload).
    pub invariant: String,
    pub step: usize,
    pub detail: String,
}

macro_rules! check {
    ($cond:expr, $inv:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(($inv.to_string(), format!($($fmt)+)));
        }
    };
}

/// What a run produced: the concrete inputs and their outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub steps: Vec<(u64, Input, Vec<Output>)>,
    pub final_status: pushlane::Status,
}

impl Trace {
    pub fn inputs(&self) -> Vec<(u64, Input)> {
        self.steps.iter().map(|(t, i, _)| (*t, i.clone())).collect()
    }
}

struct Runner {
    harness: Harness,
    model: Model,
    trace: Vec<(u64, Input, Vec<Output>)>,
}

impl Runner {
    fn resolve(&mut self, step: &Step) -> (u64, Input) {
        let m = &self.model;
        let at = m.now + step.advance;
        let input = match &step.action {
            Action::SdkInitialized => Input::SdkInitialized,
            Action::PluginInit => Input::PluginInit,
            Action::Login(u) => Input::Login {
                user_id: u.id().to_string(),
            },
            Action::Logout => Input::Logout,
            Action::KickedOffline => Input::KickedOffline,
            Action::UserSigExpired => Input::UserSigExpired,
            Action::AppState(state) => Input::AppState { state: *state },
            Action::Unread(count) => Input::Unread { count: *count },
            Action::VendorToken { token, vendor } => Input::VendorToken {
                token: token.to_string(),
                vendor: match vendor {
                    Who::Absent => None,
                    Who::Selected => m.selected.clone(),
                    Who::Failed => m.last_failed.clone().or_else(|| m.selected.clone()),
                    Who::Named(v) => Some(v.to_string()),
                },
            },
            Action::VendorError => Input::VendorError {
                reason: "SERVICE_NOT_AVAILABLE".to_string(),
            },
            Action::Permission(granted) => Input::Permission { granted: *granted },
            Action::PushEnabled(enabled) => Input::PushEnabled { enabled: *enabled },
            Action::EffectDone { pick, ok } => {
                let effect_id = match pick {
                    Some(p) if !m.outstanding.is_empty() => {
                        m.outstanding[*p as usize % m.outstanding.len()].id
                    }
                    _ => m.answered.last().copied().unwrap_or(9_999),
                };
                Input::EffectDone {
                    effect_id,
                    ok: *ok,
                    error: (!*ok).then(|| "server said no".to_string()),
                }
            }
            Action::FireTimer(pick) => {
                let mut armed: Vec<(u64, TimerName)> = self
                    .harness
                    .machine
                    .armed_timers()
                    .iter()
                    .map(|(t, d)| (*d, *t))
                    .collect();
                armed.sort();
                if armed.is_empty() {
                    return (
                        m.now,
                        Input::Timer {
                            timer: TimerName::TokenUpload,
                        },
                    );
                }
                let (deadline, timer) = armed[*pick as usize % armed.len()];
                return (deadline.max(m.now), Input::Timer { timer });
            }
            Action::RawTimer(timer) => Input::Timer { timer: *timer },
            Action::Click { source, payload } => Input::NotificationClicked {
                source: source.to_string(),
                payload: click_payload(*payload),
            },
            Action::ClickPayload { source, payload } => Input::NotificationClicked {
                source: source.to_string(),
                payload: payload.clone(),
            },
            Action::UiReady => Input::UiReady,
            Action::ConversationShown(c) => Input::ConversationShown {
                conversation_id: c.map(str::to_string),
            },
            Action::Message {
                id,
                elem,
                is_self,
                group,
                push_info,
            } => Input::MessageReceived {
                message: message(*id, *elem, *is_self, *group, *push_info),
            },
        };
        (at, input)
    }

    /// Feeds one step and checks everything; `Err((invariant, detail))` on a violation.
    fn step(&mut self, step: &Step) -> Result<(), (String, String)> {
        let (at, input) = self.resolve(step);
        let held_before = self.harness.machine.status().held_click;
        let m = &mut self.model;
        m.now = at;

        // ---- the input, as the model sees it ----
        let mut session_end = false;
        let mut timer_was_armed = None;
        let mut answered: Option<Outstanding> = None;
        let badge_before = m.last_badge;
        let held_owner_before = m.held_owner.clone();
        let foreground_before = m.foreground;
        let user_before = m.user.clone();
        let mut session_start = false;
        match &input {
            Input::Login { user_id } if m.user.as_deref() != Some(user_id.as_str()) => {
                session_end = m.user.is_some();
                session_start = true;
                m.user = Some(user_id.clone());
                m.last_user = Some(user_id.clone());
                m.session += 1;
                m.last_report = None;
                if m.held_owner == Some(None) {
                    m.held_owner = Some(Some(user_id.clone()));
                }
            }
            Input::Logout | Input::KickedOffline | Input::UserSigExpired if m.user.is_some() => {
                session_end = true;
                m.user = None;
                m.last_report = None;
            }
            Input::ConversationShown { conversation_id } => m.shown = conversation_id.clone(),
            Input::AppState { state } => m.foreground = state.is_foreground(),
            Input::Unread { count } => m.unread = *count,
            // §4: a token is never dropped. Before init and without `vendor` it is kept for
            // whoever init selects; otherwise it is the named (or selected) vendor's. `local`
            // has no token, and "" means "not available yet".
            Input::VendorToken { token, vendor } if !token.is_empty() => {
                match vendor.clone().or_else(|| m.selected.clone()) {
                    None => m.early_token = Some(token.clone()),
                    Some(v) if v == "local" => {}
                    Some(v) => {
                        m.tokens.insert(v, token.clone());
                    }
                }
            }
            Input::UiReady => m.ui_ready = true,
            Input::SdkInitialized => m.sdk_seen = true,
            Input::PluginInit => m.plugin_init_seen = true,
            Input::Permission { .. } => m.permission_answered = true,
            Input::NotificationClicked { .. } => m.clicks_in += 1,
            Input::Timer { timer } => timer_was_armed = Some(m.timers.remove(timer).is_some()),
            Input::EffectDone { effect_id, ok, .. } => {
                if let Some(pos) = m.outstanding.iter().position(|o| o.id == *effect_id) {
                    let done = m.outstanding.remove(pos);
                    m.answered.push(*effect_id);
                    if m.user.is_some() && done.session == m.session {
                        match (&done.kind, *ok) {
                            (Pending::Upload(up), true) => {
                                m.record = Some(up.clone());
                                m.pending_upload = None;
                            }
                            // A failure: that upload is not on the server.
                            (Pending::Upload(up), false) => {
                                if m.pending_upload.as_ref() == Some(up) {
                                    m.pending_upload = None;
                                }
                            }
                            (Pending::Clear(user), true) => m.forget_uploads_of(&user.clone()),
                            (Pending::Clear(_), false) => {}
                        }
                    }
                    answered = Some(done);
                }
            }
            _ => {}
        }
        if session_end {
            // §5: the ending user's token is no longer on the server (another user's record,
            // left by a clear that never succeeded, stays for that user's next login) and the
            // unread count was theirs.
            if let Some(user) = &user_before {
                m.forget_uploads_of(user);
            }
            m.unread = 0;
        }

        let pending_before_step = self.harness.machine.persisted().upload_pending.clone();
        let outputs = self.harness.at(at, input.clone());
        let m = &mut self.model;

        // ---- the outputs, in order ----
        let mut record_written_at = None;
        // The pending upload in the store as the writes of this step leave it so far.
        let mut pending_written = pending_before_step;
        let mut uploaded_at = None;
        let mut upload_retry_in = None;
        let mut clear_retry_in = None;
        for (i, out) in outputs.iter().enumerate() {
            match out {
                Output::Persist(StoreWrite::Token { vendor, token }) => {
                    check!(
                        m.tokens.get(vendor) == Some(token),
                        "§4",
                        "token {token:?} stored for {vendor}, but the inputs gave it {:?}",
                        m.tokens.get(vendor)
                    );
                }
                Output::Effect(Effect::FetchToken { vendor }) => {
                    check!(
                        m.token().is_none(),
                        "§4",
                        "fetch_token for {vendor} while its token {:?} is known",
                        m.token()
                    );
                }
                Output::Event(Event::Warning {
                    code: WarningCode::TokenUnavailable,
                    ..
                }) => {
                    check!(
                        m.token().is_none(),
                        "§4",
                        "token_unavailable while the token {:?} is known",
                        m.token()
                    );
                }
                Output::Persist(StoreWrite::PushEnabled { enabled }) => m.push_enabled = *enabled,
                Output::Persist(StoreWrite::UploadPending { record }) => {
                    pending_written = record.clone();
                }
                Output::Persist(StoreWrite::UploadRecord { record: Some(r) }) => {
                    pending_written = None;
                    let from_upload = match (&answered, &input) {
                        (
                            Some(Outstanding {
                                kind: Pending::Upload(up),
                                ..
                            }),
                            Input::EffectDone { ok: true, .. },
                        ) => up == r,
                        _ => false,
                    };
                    check!(
                        from_upload,
                        "5",
                        "upload record {r:?} written without a successful upload of it"
                    );
                    record_written_at = Some(i);
                }
                Output::Event(Event::VendorSelected { vendor, .. }) => {
                    m.selected = Some(vendor.clone());
                    if m.init_at.is_none() {
                        // §4: at init the early token is the selected vendor's, ahead of a
                        // stored one (dropped if `local` is selected).
                        if let Some(token) = m.early_token.take() {
                            if vendor != "local" {
                                m.tokens.insert(vendor.clone(), token);
                            }
                        }
                    }
                    m.init_at.get_or_insert(at);
                }
                Output::Event(Event::VendorFailed { vendor, .. }) => {
                    m.last_failed = Some(vendor.clone());
                }
                Output::Event(Event::TokenUploaded {
                    vendor,
                    business_id,
                }) => {
                    let recorded = record_written_at.and_then(|w| match &outputs[w] {
                        Output::Persist(StoreWrite::UploadRecord { record }) => record.as_ref(),
                        _ => None,
                    });
                    check!(
                        record_written_at.is_some_and(|w| w < i)
                            && recorded.is_some_and(
                                |r| &r.vendor == vendor && r.business_id == *business_id
                            ),
                        "5",
                        "token_uploaded ({vendor}, {business_id}) before the upload was recorded"
                    );
                    uploaded_at = Some(i);
                }
                Output::Event(Event::UploadFailed {
                    attempt,
                    retry_in_ms,
                    ..
                }) => {
                    let Some(Outstanding {
                        kind: Pending::Upload(up),
                        ..
                    }) = &answered
                    else {
                        return Err(("§6".into(), "upload_failed without a failed upload".into()));
                    };
                    let same_wanted = m.u_holds() && m.desired().as_ref() == Some(up);
                    match retry_in_ms {
                        Some(delay) => {
                            check!(
                                same_wanted,
                                "§6",
                                "upload of {up:?} retried though U does not hold or another token is wanted ({:?})",
                                m.desired()
                            );
                            check!(
                                *attempt >= 1 && *delay == backoff(*attempt),
                                "§6",
                                "retry in {delay} ms after attempt {attempt}"
                            );
                            upload_retry_in = Some(*delay);
                        }
                        None => check!(
                            !same_wanted,
                            "§6",
                            "upload of {up:?} failed, U holds for it, but no retry"
                        ),
                    }
                    // §6: attempts count consecutive failures of one upload; another token (or
                    // vendor) starts again at 1.
                    let next = if m.failed_upload.as_ref() == Some(up) {
                        m.failed_attempt + 1
                    } else {
                        1
                    };
                    check!(
                        *attempt == 1 || *attempt == next,
                        "§6",
                        "upload_failed attempt {attempt} for {up:?}; the previous failure was attempt {} of {:?}",
                        m.failed_attempt,
                        m.failed_upload
                    );
                    m.failed_upload = Some(up.clone());
                    m.failed_attempt = *attempt;
                }
                Output::Event(Event::ClearFailed {
                    attempt,
                    retry_in_ms: Some(delay),
                    ..
                }) => {
                    check!(
                        *attempt >= 1 && *delay == backoff(*attempt),
                        "§6",
                        "clear retry in {delay} ms after attempt {attempt}"
                    );
                    clear_retry_in = Some(*delay);
                }
                Output::Effect(Effect::UploadToken {
                    effect_id,
                    vendor,
                    business_id,
                    token,
                }) => {
                    check!(
                        upload_retry_in.is_none(),
                        "§6",
                        "upload_token right after an upload_failed that announced a retry"
                    );
                    check!(
                        m.user.is_some(),
                        "2",
                        "upload_token between a session end and the next login"
                    );
                    check!(
                        m.u_holds(),
                        "1",
                        "upload_token while U does not hold (init {:?}, vendor {:?}, user {:?}, token {:?}, push {})",
                        m.init_at,
                        m.selected,
                        m.user,
                        m.token(),
                        m.push_enabled
                    );
                    let init_at = m.init_at.unwrap_or(0);
                    check!(
                        at >= init_at + m.upload_delay,
                        "1",
                        "upload_token at {at} before init_at {init_at} + upload_delay {}",
                        m.upload_delay
                    );
                    let want = m.desired();
                    let this = UploadRecord {
                        user_id: m.user.clone().unwrap_or_default(),
                        vendor: vendor.clone(),
                        business_id: *business_id,
                        token: token.clone(),
                    };
                    check!(
                        want.as_ref() == Some(&this),
                        "1",
                        "upload_token of {this:?} but U is about {want:?}"
                    );
                    check!(
                        !m.outstanding
                            .iter()
                            .any(|o| matches!(o.kind, Pending::Upload(_))),
                        "3",
                        "upload_token {effect_id} while upload {:?} has no result",
                        m.outstanding
                    );
                    check!(
                        !m.known_on_server(&this),
                        "4",
                        "upload_token of {this:?}, which is already on the server"
                    );
                    check!(
                        pending_written.as_ref() == Some(&this),
                        "5",
                        "upload_token of {this:?} before the store knew it may be on the server \
                         (pending upload {pending_written:?})"
                    );
                    m.pending_upload = Some(this.clone());
                    m.outstanding.push(Outstanding {
                        id: *effect_id,
                        session: m.session,
                        kind: Pending::Upload(this),
                    });
                }
                Output::Effect(Effect::ClearToken {
                    effect_id,
                    vendor,
                    business_id,
                }) => {
                    check!(
                        clear_retry_in.is_none(),
                        "§6",
                        "clear_token right after a clear_failed that announced a retry"
                    );
                    check!(m.user.is_some(), "§6", "clear_token while logged out");
                    check!(!m.push_enabled, "§6", "clear_token while push is enabled");
                    // §6/§10: the user's token that is, or may be, on the server: the pending
                    // upload (the later one) before the record.
                    let user = m.user.clone().unwrap_or_default();
                    let target = [&m.pending_upload, &m.record]
                        .into_iter()
                        .flatten()
                        .find(|r| r.user_id == user);
                    check!(
                        target.is_some_and(|t| t.vendor == *vendor && t.business_id == *business_id),
                        "§6",
                        "clear_token ({vendor}, {business_id}) but {user}'s token on the server is \
                         {target:?} (record {:?}, pending {:?})",
                        m.record,
                        m.pending_upload
                    );
                    m.outstanding.push(Outstanding {
                        id: *effect_id,
                        session: m.session,
                        kind: Pending::Clear(user),
                    });
                }
                Output::Effect(Effect::ReportBackground { unread }) => {
                    check!(m.user.is_some(), "6", "report_background while logged out");
                    check!(
                        m.last_report != Some(false),
                        "6",
                        "report_background twice in a row within one session"
                    );
                    check!(!m.foreground, "6", "report_background while in foreground");
                    check!(
                        *unread == m.unread,
                        "6",
                        "report_background {{unread: {unread}}} but the count is {}",
                        m.unread
                    );
                    m.last_report = Some(false);
                }
                Output::Effect(Effect::ReportForeground) => {
                    check!(m.user.is_some(), "6", "report_foreground while logged out");
                    check!(
                        m.last_report == Some(false),
                        "6",
                        "report_foreground not after a report_background (last {:?})",
                        m.last_report
                    );
                    check!(m.foreground, "6", "report_foreground while in background");
                    m.last_report = Some(true);
                }
                Output::Effect(Effect::SetBadge { count, call }) => {
                    let kind = Some(call.kind());
                    check!(
                        m.badge_kind.is_some() && kind == m.badge_kind,
                        "7",
                        "set_badge {call:?} on a family whose badge call is {:?}",
                        m.badge_kind
                    );
                    let logged_in_background = m.user.is_some() && !m.foreground;
                    if *count > 0 {
                        check!(
                            logged_in_background,
                            "7",
                            "set_badge {count} while not (logged in ∧ background)"
                        );
                        check!(
                            *count == m.unread,
                            "7",
                            "set_badge {count} but the unread count is {}",
                            m.unread
                        );
                    } else {
                        check!(
                            logged_in_background || session_end,
                            "7",
                            "set_badge 0 neither in background nor at a session end"
                        );
                    }
                    m.last_badge = Some(*count);
                }
                Output::Event(Event::ClickIgnored { reason }) => match reason.as_str() {
                    "duplicate" => check!(
                        matches!(input, Input::NotificationClicked { .. }),
                        "8",
                        "click_ignored duplicate without a click"
                    ),
                    "other_user" => check!(
                        session_start
                            && matches!(&held_owner_before, Some(Some(owner)) if Some(owner) != m.user.as_ref()),
                        "8",
                        "held click of {held_owner_before:?} dropped as other_user at {input:?}"
                    ),
                    "already_open" => check!(
                        m.shown.is_some()
                            && (matches!(input, Input::NotificationClicked { .. })
                                || held_before
                                    .as_ref()
                                    .is_some_and(|h| h.conversation_id == m.shown)),
                        "8",
                        "click_ignored already_open while {:?} is shown (held {held_before:?})",
                        m.shown
                    ),
                    other => check!(false, "8", "click_ignored with unknown reason {other}"),
                },
                Output::Event(Event::ClickDeferred) => {
                    m.held_owner = Some(m.user.clone().or_else(|| m.last_user.clone()));
                }
                Output::Effect(Effect::DeliverClick { .. }) => {
                    check!(
                        m.user.is_some() && m.ui_ready,
                        "8",
                        "deliver_click before ui_ready ∧ logged in (user {:?}, ui_ready {})",
                        m.user,
                        m.ui_ready
                    );
                    check!(
                        i > 0 && outputs[i - 1] == Output::Effect(Effect::ClearNotifications),
                        "8",
                        "deliver_click not right after clear_notifications"
                    );
                    m.deliveries += 1;
                    check!(
                        m.deliveries <= m.clicks_in,
                        "8",
                        "{} deliveries for {} clicks",
                        m.deliveries,
                        m.clicks_in
                    );
                }
                Output::Effect(Effect::RequestPermission) => {
                    check!(
                        !m.permission_requested,
                        "§5",
                        "request_permission twice in one process"
                    );
                    check!(
                        m.init_at.is_some() && m.user.is_some() && !m.permission_answered,
                        "§5",
                        "request_permission before init ∧ login, or with permission known"
                    );
                    m.permission_requested = true;
                }
                Output::Effect(Effect::RegisterVendor { vendor }) => {
                    let retry = matches!(
                        input,
                        Input::Timer {
                            timer: TimerName::VendorRetry
                        }
                    );
                    check!(
                        vendor != "local"
                            && if retry {
                                m.last_failed.as_ref() == Some(vendor)
                            } else {
                                m.selected.as_ref() == Some(vendor)
                            },
                        "§4",
                        "register_vendor {vendor} (selected {:?}, failed {:?})",
                        m.selected,
                        m.last_failed
                    );
                }
                Output::Effect(Effect::ClearNotifications) => {
                    let before_click = matches!(
                        outputs.get(i + 1),
                        Some(Output::Effect(Effect::DeliverClick { .. }))
                    );
                    let to_foreground = !foreground_before
                        && m.foreground
                        && m.clear_on_foreground
                        && matches!(input, Input::AppState { .. });
                    check!(
                        before_click || to_foreground,
                        "§7",
                        "clear_notifications neither on coming to foreground nor before a click"
                    );
                }
                Output::Effect(Effect::ShowNotification { .. }) => {
                    check!(m.user.is_some(), "§9", "show_notification while logged out");
                    check!(
                        m.selected.as_deref() == Some("local") || m.local_always,
                        "§9",
                        "show_notification while a vendor channel serves"
                    );
                    check!(
                        !m.foreground || m.foreground_notifications,
                        "§9",
                        "show_notification in foreground"
                    );
                }
                Output::Effect(Effect::ArmTimer { timer, deadline_ms }) => {
                    check!(
                        *deadline_ms > at,
                        "9",
                        "arm_timer {timer:?} at {deadline_ms}, not after now {at}"
                    );
                    m.timers.insert(*timer, *deadline_ms);
                }
                Output::Effect(Effect::CancelTimer { timer }) => {
                    m.timers.remove(timer);
                }
                _ => {}
            }
        }

        // ---- after the step ----
        let machine = &self.harness.machine;
        let status = machine.status();
        let count_effects = |f: &dyn Fn(&Effect) -> bool| {
            outputs
                .iter()
                .filter(|o| o.as_effect().is_some_and(f))
                .count()
        };
        let has_event =
            |f: &dyn Fn(&Event) -> bool| outputs.iter().any(|o| o.as_event().is_some_and(f));

        // 5: a successful upload of this session is recorded and announced; a stale one is not.
        if let (
            Some(Outstanding {
                kind: Pending::Upload(up),
                session,
                ..
            }),
            Input::EffectDone { ok: true, .. },
        ) = (&answered, &input)
        {
            if m.user.is_some() && *session == m.session {
                check!(
                    record_written_at.is_some() && uploaded_at.is_some(),
                    "5",
                    "successful upload {up:?} not recorded and announced"
                );
            } else {
                check!(
                    record_written_at.is_none() && uploaded_at.is_none(),
                    "5",
                    "the result of an upload of an ended session was recorded"
                );
            }
        }

        // 6: after every step of a session, the last report matches the visibility.
        if m.user.is_some() {
            check!(
                (m.last_report == Some(false)) != m.foreground,
                "6",
                "logged in, {} but the last report is {:?}",
                if m.foreground {
                    "foreground"
                } else {
                    "background"
                },
                m.last_report
            );
        }

        // 7 (§5, §7): the badge goes back to 0 at a session end; follows unread in background.
        if session_end && m.badge_kind.is_some() && badge_before.is_some_and(|c| c > 0) {
            check!(
                count_effects(&|e| matches!(e, Effect::SetBadge { count: 0, .. })) >= 1,
                "7",
                "session ended with badge {badge_before:?} left on the launcher"
            );
        }
        if let Input::Unread { count } = &input {
            if m.user.is_some()
                && !m.foreground
                && m.badge_kind.is_some()
                && badge_before != Some(*count)
            {
                check!(
                    m.last_badge == Some(*count),
                    "§7",
                    "unread {count} in background but the badge stays at {badge_before:?}"
                );
            }
        }

        // 8 (§8): what becomes of a click, predicted from the vendor's normaliser and the rules:
        // duplicate (same msg_id ever, or same ext within 2000 ms where one has no msg_id),
        // already open, delivered at once, or held.
        if let Input::NotificationClicked { source, payload } = &input {
            let raw = normalise(source, payload);
            let ext = raw.ext.clone().unwrap_or_default();
            let duplicate = raw
                .msg_id
                .as_ref()
                .is_some_and(|id| m.click_ids.contains(id))
                || (!ext.is_empty()
                    && m.click_exts.iter().any(|(t, e, id)| {
                        *e == ext && at - t <= 2_000 && (raw.msg_id.is_none() || id.is_none())
                    }));
            let answer: Vec<&Output> = outputs
                .iter()
                .filter(|o| {
                    matches!(
                        o,
                        Output::Effect(Effect::DeliverClick { .. })
                            | Output::Event(Event::ClickIgnored { .. })
                            | Output::Event(Event::ClickDeferred)
                    )
                })
                .collect();
            let conversation = conversation_of(&ext);
            let expected = if duplicate {
                Output::Event(Event::ClickIgnored {
                    reason: "duplicate".into(),
                })
            } else if m.user.is_some() && m.ui_ready {
                if conversation.is_some() && conversation == m.shown {
                    Output::Event(Event::ClickIgnored {
                        reason: "already_open".into(),
                    })
                } else {
                    Output::Effect(Effect::DeliverClick {
                        ext: ext.clone(),
                        conversation_id: conversation.clone(),
                        title: raw.title.clone(),
                        body: raw.body.clone(),
                    })
                }
            } else {
                Output::Event(Event::ClickDeferred)
            };
            check!(
                answer == [&expected],
                "8",
                "click {payload} from {source} (read as {raw:?}) answered {answer:?}, expected {expected:?}"
            );
            if expected == Output::Event(Event::ClickDeferred) {
                check!(
                    status
                        .held_click
                        .as_ref()
                        .is_some_and(|h| h.ext == ext && h.conversation_id == conversation),
                    "8",
                    "held click {:?}, expected ext {ext:?}",
                    status.held_click
                );
            }
            if !duplicate {
                if let Some(id) = &raw.msg_id {
                    m.click_ids.insert(id.clone());
                }
                if !ext.is_empty() {
                    m.click_exts.push((at, ext, raw.msg_id.clone()));
                }
            }
        }

        // 8: every click is delivered, held, or ignored for a reason; a held one is never lost.
        let delivered = count_effects(&|e| matches!(e, Effect::DeliverClick { .. }));
        check!(
            delivered <= 1,
            "8",
            "{delivered} deliver_click for one input"
        );
        let deferred = has_event(&|e| matches!(e, Event::ClickDeferred));
        let ignored = has_event(&|e| matches!(e, Event::ClickIgnored { .. }));
        if matches!(input, Input::NotificationClicked { .. }) {
            let answers = delivered + usize::from(deferred) + usize::from(ignored);
            check!(
                answers == 1,
                "8",
                "a click got {answers} answers (deliver {delivered}, deferred {deferred}, ignored {ignored})"
            );
            if deferred {
                check!(
                    status.held_click.is_some(),
                    "8",
                    "click_deferred but nothing is held"
                );
            }
        } else if delivered == 1 {
            let Some(held) = &held_before else {
                return Err(("8".into(), "deliver_click of no click".into()));
            };
            let ok = outputs.iter().any(|o| {
                matches!(o, Output::Effect(Effect::DeliverClick { ext, conversation_id, .. })
                    if *ext == held.ext && *conversation_id == held.conversation_id)
            });
            check!(ok, "8", "deliver_click is not the held click {held:?}");
        }
        if has_event(&|e| matches!(e, Event::ClickSuperseded)) {
            check!(
                held_before.is_some(),
                "8",
                "click_superseded with nothing held"
            );
        }
        if held_before.is_some() && status.held_click.is_none() {
            check!(
                delivered == 1 || ignored,
                "8",
                "held click {held_before:?} vanished without delivery"
            );
        }
        if session_start {
            if let Some(Some(owner)) = &held_owner_before {
                if Some(owner) != m.user.as_ref() {
                    check!(
                        status.held_click.is_none() && ignored,
                        "§5",
                        "held click of {owner} not dropped when {:?} logged in",
                        m.user
                    );
                }
            }
        }
        if status.held_click.is_none() {
            m.held_owner = None;
        }
        check!(
            status.held_click.is_some() == m.held_owner.is_some(),
            "model",
            "held click {:?} vs model owner {:?}",
            status.held_click,
            m.held_owner
        );
        if m.user.is_some() && m.ui_ready {
            check!(
                status.held_click.is_none(),
                "8",
                "logged in ∧ ui_ready but a click is still held: {:?}",
                status.held_click
            );
        }

        // 9: the timers the effects armed are the machine's; a timer that was not armed does
        // nothing.
        check!(
            &m.timers == machine.armed_timers(),
            "9",
            "armed timers from effects {:?} ≠ the machine's {:?}",
            m.timers,
            machine.armed_timers()
        );
        if timer_was_armed == Some(false) {
            check!(
                outputs.iter().all(|o| matches!(o, Output::Event(_))),
                "9",
                "a timer that was not armed produced {outputs:?}"
            );
        }

        // §4: init runs once both sdk_initialized and plugin_init have arrived, and selecting a
        // vendor registers it.
        check!(
            m.init_at.is_some() == (m.sdk_seen && m.plugin_init_seen),
            "§4",
            "init {:?} with sdk_initialized {} and plugin_init {}",
            m.init_at,
            m.sdk_seen,
            m.plugin_init_seen
        );
        for out in &outputs {
            if let Output::Event(Event::VendorSelected { vendor, reason }) = out {
                if vendor != "local" && reason != "recovered" {
                    check!(
                        count_effects(
                            &|e| matches!(e, Effect::RegisterVendor { vendor: v } if v == vendor)
                        ) == 1,
                        "§4",
                        "{vendor} selected ({reason}) but not registered"
                    );
                }
            }
        }
        // §7: coming to foreground clears the tray (config clear_on_foreground).
        if !foreground_before && m.foreground && m.clear_on_foreground {
            check!(
                count_effects(&|e| matches!(e, Effect::ClearNotifications)) >= 1,
                "§7",
                "back in foreground but the tray was not cleared"
            );
        }
        // §5: once init and a login have happened and permission is unknown, a platform that
        // asks for it (iOS, Android 13+, or vendor OPPO) has been asked.
        if m.init_at.is_some()
            && m.user.is_some()
            && !m.permission_answered
            && (m.platform_asks || m.selected.as_deref() == Some("oppo"))
        {
            check!(
                m.permission_requested,
                "§5",
                "init and login done, permission unknown, but never requested"
            );
        }
        // §9: a message while logged in and local notifications serve is shown or suppressed
        // for the first reason that applies.
        if let Input::MessageReceived { message } = &input {
            let shown: Vec<&Effect> = outputs
                .iter()
                .filter_map(|o| match o {
                    Output::Effect(e @ Effect::ShowNotification { .. }) => Some(e),
                    _ => None,
                })
                .collect();
            let suppressed: Vec<&str> = outputs
                .iter()
                .filter_map(|o| match o {
                    Output::Event(Event::NotificationSuppressed { reason }) => {
                        Some(reason.as_str())
                    }
                    _ => None,
                })
                .collect();
            let local_serves =
                m.selected.as_deref() == Some("local") || (m.init_at.is_some() && m.local_always);
            if m.user.is_none() || !local_serves {
                check!(
                    shown.is_empty() && suppressed.is_empty(),
                    "§9",
                    "a message with local notifications off was shown or suppressed"
                );
            } else {
                let info = message.offline_push_info.clone().unwrap_or_default();
                let desc = info.desc.clone().filter(|d| !d.is_empty());
                let reason = if message.is_self {
                    Some("self")
                } else if info.disable_push {
                    Some("disable_push")
                } else if message.elem_type == ElemType::Custom && desc.is_none() {
                    Some("custom_without_desc")
                } else if message.elem_type == ElemType::GroupTips {
                    Some("group_tips")
                } else if m.notified.contains(&message.msg_id) {
                    Some("duplicate")
                } else if m.foreground && !m.foreground_notifications {
                    Some("foreground")
                } else {
                    None
                };
                match reason {
                    Some(reason) => check!(
                        shown.is_empty() && suppressed == [reason],
                        "§9",
                        "message should be suppressed ({reason}); got shown {shown:?}, suppressed {suppressed:?}"
                    ),
                    None => {
                        check!(
                            shown.len() == 1 && suppressed.is_empty(),
                            "§9",
                            "message should be shown; got shown {shown:?}, suppressed {suppressed:?}"
                        );
                        let Effect::ShowNotification {
                            channel_id,
                            title,
                            body,
                            ext,
                        } = shown[0]
                        else {
                            unreachable!()
                        };
                        let want_title = info
                            .title
                            .clone()
                            .filter(|t| !t.is_empty())
                            .or_else(|| message.nick_name.clone().filter(|n| !n.is_empty()))
                            .unwrap_or_else(|| message.sender.clone());
                        let want_ext = info.ext.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| {
                            match &message.group_id {
                                Some(g) => json!({"conversationID": format!("group_{g}")}),
                                None => json!({"conversationID": format!("c2c_{}", message.sender)}),
                            }
                            .to_string()
                        });
                        let want_body = desc.clone().or_else(|| {
                            (message.elem_type == ElemType::Text)
                                .then(|| message.text.clone())
                                .flatten()
                        });
                        check!(
                            channel_id == "new_message"
                                && *title == want_title
                                && *ext == want_ext
                                && want_body.as_ref().is_none_or(|b| b == body)
                                && !body.is_empty(),
                            "§9",
                            "notification {:?} for {message:?}",
                            shown[0]
                        );
                        m.notified.insert(message.msg_id.clone());
                    }
                }
            }
        }

        // §4: token_fetch only while no token is known; §6: token_upload only while U holds, at
        // init_at + upload_delay; upload_retry only while U holds.
        let armed = machine.armed_timers();
        if armed.contains_key(&TimerName::TokenFetch) {
            check!(
                m.token().is_none(),
                "§4",
                "token_fetch armed while the token {:?} is known",
                m.token()
            );
        }
        if let Some(deadline) = armed.get(&TimerName::TokenUpload) {
            check!(
                m.u_holds(),
                "§6",
                "token_upload armed while U does not hold"
            );
            check!(
                Some(*deadline) == m.init_at.map(|i| i + m.upload_delay),
                "§6",
                "token_upload armed for {deadline}, not init_at {:?} + {}",
                m.init_at,
                m.upload_delay
            );
        }
        if let Some(deadline) = armed.get(&TimerName::UploadRetry) {
            check!(
                m.u_holds(),
                "§6",
                "upload_retry armed while U does not hold"
            );
            check!(
                m.desired() == m.failed_upload,
                "§6",
                "upload_retry armed for {:?}, but {:?} is wanted now (a new token goes out at once)",
                m.failed_upload,
                m.desired()
            );
            if let Some(delay) = upload_retry_in {
                check!(
                    *deadline == at + delay,
                    "§6",
                    "upload_retry at {deadline}, not {at} + {delay}"
                );
            }
        } else {
            check!(
                upload_retry_in.is_none(),
                "§6",
                "upload retry announced but not armed"
            );
        }
        if let Some(deadline) = armed.get(&TimerName::ClearRetry) {
            check!(
                !m.push_enabled && m.something_to_clear(),
                "§6",
                "clear_retry armed but nothing to clear (push {}, user {:?}, server {:?}, \
                 pending {:?})",
                m.push_enabled,
                m.user,
                m.record,
                m.pending_upload
            );
            if let Some(delay) = clear_retry_in {
                check!(
                    *deadline == at + delay,
                    "§6",
                    "clear_retry at {deadline}, not {at} + {delay}"
                );
            }
        } else {
            check!(
                clear_retry_in.is_none(),
                "§6",
                "clear retry announced but not armed"
            );
        }

        // §6 liveness: when U holds and the server lacks the record, an upload is on its way.
        if m.u_holds()
            && m.outstanding.is_empty()
            && !m.desired().is_some_and(|want| m.known_on_server(&want))
        {
            let armed = machine.armed_timers();
            check!(
                armed.contains_key(&TimerName::TokenUpload)
                    || armed.contains_key(&TimerName::UploadRetry),
                "§6",
                "U holds, nothing in flight, server has {:?} not {:?}, but no upload is scheduled",
                m.record,
                m.desired()
            );
        }
        // §6 liveness: push disabled with this user's token on the server, or maybe on it (a
        // pending upload from a process that died): a clear is on its way.
        if !m.push_enabled && m.outstanding.is_empty() && m.something_to_clear() {
            check!(
                machine.armed_timers().contains_key(&TimerName::ClearRetry),
                "§6",
                "push disabled, {:?} on the server (pending {:?}), but no clear is on its way",
                m.record,
                m.pending_upload
            );
        }

        // The model still describes the machine.
        let persisted = machine.persisted();
        check!(
            persisted.tokens == m.tokens,
            "model",
            "tokens {:?} ≠ {:?}",
            persisted.tokens,
            m.tokens
        );
        check!(
            persisted.upload_record == m.record,
            "§5/§6",
            "the stored upload record {:?} ≠ what is on the server {:?}",
            persisted.upload_record,
            m.record
        );
        check!(
            persisted.upload_pending == m.pending_upload,
            "§10",
            "the stored pending upload {:?} ≠ the upload waiting for its result {:?}",
            persisted.upload_pending,
            m.pending_upload
        );
        check!(
            persisted.push_enabled == m.push_enabled,
            "model",
            "push_enabled differs"
        );
        check!(
            status.user_id == m.user,
            "model",
            "user {:?} ≠ {:?}",
            status.user_id,
            m.user
        );
        check!(
            status.vendor == m.selected,
            "model",
            "vendor {:?} ≠ {:?}",
            status.vendor,
            m.selected
        );
        check!(
            status.foreground == m.foreground,
            "model",
            "foreground differs"
        );

        self.trace.push((at, input, outputs));
        Ok(())
    }
}

/// Runs `steps` in `world`, checking every invariant after every step, then replays the same
/// inputs on a fresh machine (invariant 10).
pub fn run(world: &World, steps: &[Step]) -> Result<Trace, Violation> {
    let persisted = world.persisted();
    let mut runner = Runner {
        harness: world.harness(),
        model: Model::new(world, &persisted),
        trace: Vec::new(),
    };
    for (i, step) in steps.iter().enumerate() {
        runner.step(step).map_err(|(invariant, detail)| Violation {
            invariant,
            step: i,
            detail: format!(
                "{detail}\n  at t={} after {step:?}\n  outputs of that step: {:#?}",
                runner.model.now,
                runner.harness.log[runner.harness.last_start..]
                    .iter()
                    .map(|(_, o)| o)
                    .collect::<Vec<_>>()
            ),
        })?;
    }
    let trace = Trace {
        steps: runner.trace,
        final_status: runner.harness.machine.status(),
    };
    let replayed = replay(world, &trace.inputs());
    if replayed != trace {
        let step = trace
            .steps
            .iter()
            .zip(&replayed.steps)
            .position(|(a, b)| a != b)
            .unwrap_or(trace.steps.len());
        return Err(Violation {
            invariant: "10".into(),
            step,
            detail: "the replay on a fresh machine gave other outputs".into(),
        });
    }
    Ok(trace)
}

/// Feeds concrete inputs to a fresh machine of `world`.
pub fn replay(world: &World, inputs: &[(u64, Input)]) -> Trace {
    let mut harness = world.harness();
    let steps = inputs
        .iter()
        .map(|(at, input)| (*at, input.clone(), harness.at(*at, input.clone())))
        .collect();
    Trace {
        steps,
        final_status: harness.machine.status(),
    }
}
