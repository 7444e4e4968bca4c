//! lifecycle.md §4 "Startup (region `init`)": one or more example tests per rule, named after it.

mod support;
use support::*;

use pushlane::{AppLifecycle, DeviceInfo, Effect, Event, Input, Output, StoreWrite, TimerName};
use serde_json::json;

fn vendor_error(h: &mut Harness, at_ms: u64, reason: &str) -> Vec<Output> {
    h.at(
        at_ms,
        Input::VendorError {
            reason: reason.to_string(),
        },
    )
}

fn selected(vendor: &str, reason: &str) -> Event {
    Event::VendorSelected {
        vendor: vendor.to_string(),
        reason: reason.to_string(),
    }
}

fn channel(id: &str, name: &str, description: &str) -> Effect {
    Effect::CreateChannel {
        channel_id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
    }
}

fn register(vendor: &str) -> Effect {
    Effect::RegisterVendor {
        vendor: vendor.to_string(),
    }
}

fn arm(timer: TimerName, deadline_ms: u64) -> Effect {
    Effect::ArmTimer { timer, deadline_ms }
}

/// Only the vendors given (TOML entries), with package and launcher set.
fn only(entries: &str) -> pushlane::PluginConfig {
    config(&format!(
        "package_name = \"com.example.chat\"\nlauncher_class = \"com.example.chat.MainActivity\"\n{entries}"
    ))
}

const OPPO_WITHOUT_CHANNEL: &str = r#"
[[vendors]]
vendor = "oppo"
business_id = 1006
app_key = "oppo-key"
app_secret = "oppo-secret"
"#;

// ---- plugin_init before sdk_initialized ------------------------------------------------------

/// What init does on the Redmi with the Xiaomi channel configured: `vendor_selected`, then
/// `register_vendor`, token polling from `fetch_deadline`, and the Xiaomi channel.
fn assert_xiaomi_init_steps(out: &[Output], fetch_deadline: u64) {
    assert_eq!(plain_events(out), vec![selected("xiaomi", "manufacturer")]);
    assert_eq!(
        effects(out),
        vec![
            register("xiaomi"),
            arm(TimerName::TokenFetch, fetch_deadline),
            channel("im_channel", "message push", "push new messages"),
        ]
    );
}

#[test]
fn plugin_init_before_sdk_is_deferred_with_warning() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    let out = h.at(0, Input::PluginInit);
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::PluginInitBeforeSdk]
    );
    assert!(effects(&out).is_empty(), "nothing runs yet: {out:?}");
    assert_eq!(h.machine.status().init, "new");
    assert_eq!(h.machine.status().vendor, None);

    // The init runs when the Chat SDK is ready, and counts from then.
    let out = h.at(40, Input::SdkInitialized);
    assert_xiaomi_init_steps(&out, 2040);
    assert_eq!(
        state_changes(&out),
        vec![("init".to_string(), "new".to_string(), "ready".to_string())]
    );
    h.login(100, "alice");
    h.token(200, "xiaomi", "mi-token");
    assert_eq!(armed(&h, TimerName::TokenUpload), Some(5040));
}

#[test]
fn plugin_init_twice_before_sdk_runs_the_init_once() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.at(0, Input::PluginInit);
    let out = h.at(10, Input::PluginInit);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "plugin_init".into(),
            reason: "already_initialized".into()
        }]
    );
    let out = h.at(20, Input::SdkInitialized);
    assert_eq!(
        effect_kinds(&out)
            .iter()
            .filter(|k| **k == "register_vendor")
            .count(),
        1
    );
}

// ---- on init ---------------------------------------------------------------------------------

#[test]
fn init_selects_vendor_registers_it_and_polls_for_token() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    let out = h.at(0, Input::SdkInitialized);
    assert_eq!(
        state_changes(&out),
        vec![(
            "init".to_string(),
            "new".to_string(),
            "sdk_ready".to_string()
        )]
    );
    let out = h.at(100, Input::PluginInit);
    assert_xiaomi_init_steps(&out, 2100);
    assert_eq!(
        state_changes(&out),
        vec![(
            "init".to_string(),
            "sdk_ready".to_string(),
            "ready".to_string()
        )]
    );
    assert_eq!(h.machine.status().init, "ready");
}

#[test]
fn local_vendor_is_not_registered_and_gets_the_local_channel() {
    // An uncertified phone (no family), API 30.
    let mut h = Harness::new(config(ALL_VENDORS), devices::uncertified());
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("local", "no_family")]);
    assert_eq!(
        effects(&out),
        vec![channel("new_message", "message push", "push new messages")]
    );
    assert_eq!(armed(&h, TimerName::TokenFetch), None);
}

#[test]
fn selected_vendor_channel_uses_configured_name_and_description() {
    let cfg = only(
        r#"
[[vendors]]
vendor = "xiaomi"
business_id = 1005
app_id = "2882303761517000000"
app_key = "5731700000000"
channel_id = "im"
channel_name = "Chats"
channel_description = "Messages from your contacts"
"#,
    );
    let mut h = Harness::new(cfg, devices::redmi_miui14());
    let out = h.init(100);
    assert_eq!(
        effects(&out)
            .into_iter()
            .filter(|e| e.kind() == "create_channel")
            .collect::<Vec<_>>(),
        vec![channel("im", "Chats", "Messages from your contacts")]
    );
}

#[test]
fn only_the_selected_vendors_channel_is_created() {
    // ALL_VENDORS configures channels for Xiaomi and OPPO; a vivo phone creates neither.
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("vivo", "manufacturer")]);
    assert!(!effect_kinds(&out).contains(&"create_channel"), "{out:?}");
}

#[test]
fn local_notifications_always_creates_the_local_channel_too() {
    let cfg = all_vendors_with(
        r#"
local_notifications = "always"
local_channel = { channel_id = "online", channel_name = "Online messages" }
"#,
    );
    let mut h = Harness::new(cfg, devices::redmi_miui14());
    let out = h.init(100);
    let channels: Vec<Effect> = effects(&out)
        .into_iter()
        .filter(|e| e.kind() == "create_channel")
        .collect();
    assert_eq!(
        channels,
        vec![
            channel("im_channel", "message push", "push new messages"),
            channel("online", "Online messages", "push new messages"),
        ]
    );
}

#[test]
fn oppo_without_channel_id_warns_oppo_channel_missing() {
    let mut h = Harness::new(only(OPPO_WITHOUT_CHANNEL), devices::oppo());
    let out = h.init(100);
    assert_eq!(plain_events(&out)[0], selected("oppo", "manufacturer"));
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::OppoChannelMissing]
    );
    assert!(!effect_kinds(&out).contains(&"create_channel"), "{out:?}");
    assert_eq!(effect_kinds(&out), vec!["register_vendor", "arm_timer"]);
}

#[test]
fn no_channels_below_api_26() {
    let old_xiaomi = DeviceInfo::android("Xiaomi")
        .with_api(25)
        .with_prop("ro.miui.ui.version.name", "V9");
    let mut h = Harness::new(
        all_vendors_with("local_notifications = \"always\""),
        old_xiaomi,
    );
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("xiaomi", "manufacturer")]);
    assert!(!effect_kinds(&out).contains(&"create_channel"), "{out:?}");

    // No channel at all below API 26, so OPPO's missing channel id is no concern there either.
    let old_oppo = DeviceInfo::android("OPPO").with_api(25);
    let mut h = Harness::new(only(OPPO_WITHOUT_CHANNEL), old_oppo);
    let out = h.init(100);
    assert!(!effect_kinds(&out).contains(&"create_channel"), "{out:?}");
    assert!(warnings(&events(&out)).is_empty(), "{out:?}");

    // Nor on iOS.
    let mut h = Harness::new(
        all_vendors_with("local_notifications = \"always\""),
        devices::iphone(),
    );
    let out = h.init(100);
    assert!(!effect_kinds(&out).contains(&"create_channel"), "{out:?}");
}

#[test]
fn unknown_android_api_counts_as_current_for_channels() {
    let no_api = DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V140");
    let mut h = Harness::new(config(ALL_VENDORS), no_api);
    let out = h.init(100);
    assert!(effects(&out).contains(&channel("im_channel", "message push", "push new messages")));
}

#[test]
fn ios_app_manages_badge_sends_disable_sdk_badge() {
    let mut h = Harness::new(
        all_vendors_with("app_manages_badge = true"),
        devices::iphone(),
    );
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("apns", "platform")]);
    assert_eq!(
        effects(&out),
        vec![
            register("apns"),
            arm(TimerName::TokenFetch, 2100),
            Effect::DisableSdkBadge
        ]
    );

    let mut h = Harness::new(config(ALL_VENDORS), devices::iphone());
    let out = h.init(100);
    assert!(
        !effect_kinds(&out).contains(&"disable_sdk_badge"),
        "{out:?}"
    );

    // Android never gets it, even with the flag.
    let mut h = Harness::new(
        all_vendors_with("app_manages_badge = true"),
        devices::huawei(),
    );
    let out = h.init(100);
    assert!(
        !effect_kinds(&out).contains(&"disable_sdk_badge"),
        "{out:?}"
    );
}

// ---- second plugin_init ----------------------------------------------------------------------

#[test]
fn second_plugin_init_is_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    let out = h.at(200, Input::PluginInit);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "plugin_init".into(),
            reason: "already_initialized".into()
        }]
    );
    assert!(effects(&out).is_empty());
    // The init time stays the first one.
    h.login(300, "alice");
    h.token(400, "xiaomi", "mi-token");
    assert_eq!(armed(&h, TimerName::TokenUpload), Some(5100));
}

// ---- the stored token ------------------------------------------------------------------------

#[test]
fn stored_token_counts_as_known_from_init() {
    let state = stored("xiaomi", "stored-token", 1005, None);
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::redmi_miui14(), state);
    let out = h.init(100);
    assert_eq!(
        effects(&out),
        vec![
            register("xiaomi"),
            channel("im_channel", "message push", "push new messages")
        ],
        "no token_fetch while a token is known"
    );
    assert_eq!(h.machine.status().token.as_deref(), Some("stored-token"));
    h.login(200, "alice");
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(
        effects(&out),
        vec![Effect::UploadToken {
            effect_id: 1,
            vendor: "xiaomi".into(),
            business_id: 1005,
            token: "stored-token".into()
        }]
    );
    assert_eq!(h.now, 5100);
}

#[test]
fn stored_token_is_replaced_when_the_vendor_reports_another() {
    let state = stored("xiaomi", "old-token", 1005, None);
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::redmi_miui14(), state);
    h.init(100);
    h.login(200, "alice");
    let out = h.token(300, "xiaomi", "new-token");
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "new-token".into()
        })
    );
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5100, 1, "new-token".to_string())]);
}

#[test]
fn stored_token_of_another_vendor_does_not_count() {
    let state = stored("huawei", "hw-token", 1003, None);
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::redmi_miui14(), state);
    h.init(100);
    assert_eq!(armed(&h, TimerName::TokenFetch), Some(2100));
    assert_eq!(h.machine.status().token, None);
}

// ---- token_fetch -----------------------------------------------------------------------------

#[test]
fn token_fetch_polls_ten_times_then_warns_token_unavailable() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    for n in 1..=10u64 {
        let out = h.fire(TimerName::TokenFetch);
        assert_eq!(h.now, 100 + 2000 * n);
        assert_eq!(
            effects(&out),
            vec![
                Effect::FetchToken {
                    vendor: "xiaomi".into()
                },
                arm(TimerName::TokenFetch, 100 + 2000 * (n + 1)),
            ],
            "fetch {n}"
        );
        assert!(h.warnings().is_empty());
    }
    // The timer fires again after the 10th fetch with still no token: warn and stop.
    let out = h.fire(TimerName::TokenFetch);
    assert_eq!(h.now, 22_100);
    assert!(effects(&out).is_empty(), "{out:?}");
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::TokenUnavailable]
    );
    assert_eq!(armed(&h, TimerName::TokenFetch), None);
    assert_eq!(
        h.effects()
            .iter()
            .filter(|e| e.kind() == "fetch_token")
            .count(),
        10
    );

    // A later vendor_token still works.
    h.login(30_000, "alice");
    let out = h.token(31_000, "xiaomi", "late-token");
    assert_eq!(
        effects(&out),
        vec![Effect::UploadToken {
            effect_id: 1,
            vendor: "xiaomi".into(),
            business_id: 1005,
            token: "late-token".into()
        }]
    );
}

#[test]
fn token_arriving_cancels_token_fetch() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    h.fire(TimerName::TokenFetch);
    let out = h.token(2500, "xiaomi", "mi-token");
    assert!(effects(&out).contains(&Effect::CancelTimer {
        timer: TimerName::TokenFetch
    }));
    assert_eq!(armed(&h, TimerName::TokenFetch), None);
}

#[test]
fn empty_vendor_token_means_not_available_yet() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    let out = h.token(500, "xiaomi", "");
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "vendor_token".into(),
            reason: "token_not_available_yet".into()
        }]
    );
    assert_eq!(
        armed(&h, TimerName::TokenFetch),
        Some(2100),
        "polling goes on"
    );
}

// ---- vendor_error ----------------------------------------------------------------------------

#[test]
fn fcm_error_falls_back_to_family_vendor() {
    // A Huawei phone with Google services: FCM is preferred, then fails (blocked).
    let device = devices::huawei().with_gms(true);
    let mut h = Harness::new(config(ALL_VENDORS), device);
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("fcm", "gms_available")]);
    h.login(200, "alice");
    let out = vendor_error(&mut h, 1000, "SERVICE_NOT_AVAILABLE");
    let evs = plain_events(&out);
    assert_eq!(
        evs[0],
        Event::VendorFailed {
            vendor: "fcm".into(),
            reason: "SERVICE_NOT_AVAILABLE".into()
        }
    );
    assert_eq!(warnings(&evs), vec![pushlane::WarningCode::FcmUnavailable]);
    assert_eq!(evs.last(), Some(&selected("huawei", "fallback")));
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            register("huawei"),
            arm(TimerName::TokenFetch, 3000),
        ]
    );
    assert_eq!(h.machine.status().vendor.as_deref(), Some("huawei"));

    // The upload delay still counts from the original init (100 + 5000).
    h.token(1500, "huawei", "hw-token");
    assert_eq!(armed(&h, TimerName::TokenUpload), Some(5100));
    h.fire(TimerName::TokenUpload);
    assert_eq!(
        h.effects().last(),
        Some(&Effect::UploadToken {
            effect_id: 1,
            vendor: "huawei".into(),
            business_id: 1003,
            token: "hw-token".into()
        })
    );
}

#[test]
fn fcm_fallback_reruns_init_steps_for_the_new_vendor() {
    // An OPPO phone with Google services and a stored OPPO token: the switch brings OPPO's
    // channel, the permission rule (OPPO asks on every API) and the stored token.
    let device = devices::oppo().with_gms(true);
    let state = stored("oppo", "oppo-stored", 1006, None);
    let mut h = Harness::with_state(config(ALL_VENDORS), device, state);
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("fcm", "gms_available")]);
    let out = h.login(200, "alice");
    assert!(
        !effect_kinds(&out).contains(&"request_permission"),
        "FCM on API 31 does not ask"
    );
    let out = vendor_error(&mut h, 6000, "blocked");
    assert_eq!(
        plain_events(&out).last(),
        Some(&selected("oppo", "fallback"))
    );
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            register("oppo"),
            channel("im_oppo", "message push", "push new messages"),
            Effect::RequestPermission,
            Effect::UploadToken {
                effect_id: 1,
                vendor: "oppo".into(),
                business_id: 1006,
                token: "oppo-stored".into()
            },
        ]
    );
}

#[test]
fn fcm_error_without_a_family_falls_back_to_local() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::pixel());
    h.init(100);
    let out = vendor_error(&mut h, 1000, "blocked");
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::FcmUnavailable]
    );
    assert_eq!(
        plain_events(&out).last(),
        Some(&selected("local", "fallback"))
    );
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            channel("new_message", "message push", "push new messages"),
        ]
    );
    assert_eq!(
        armed(&h, TimerName::VendorRetry),
        None,
        "FCM is not retried"
    );
}

#[test]
fn non_fcm_vendor_error_serves_local_and_retries_with_backoff() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    let out = vendor_error(&mut h, 1000, "register failed: 22022");
    let evs = plain_events(&out);
    assert_eq!(
        evs[0],
        Event::VendorFailed {
            vendor: "xiaomi".into(),
            reason: "register failed: 22022".into()
        }
    );
    assert_eq!(
        warnings(&evs),
        vec![pushlane::WarningCode::VendorUnavailable]
    );
    assert_eq!(evs.last(), Some(&selected("local", "fallback")));
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            channel("new_message", "message push", "push new messages"),
            arm(TimerName::VendorRetry, 2000),
        ]
    );

    // Local serves meanwhile: local notifications while alive, no uploads.
    let out = h.at(
        1100,
        Input::MessageReceived {
            message: serde_json::from_value(json!({
                "msg_id": "m1", "sender": "bob", "elem_type": "text", "text": "hi"
            }))
            .unwrap(),
        },
    );
    assert_eq!(effect_kinds(&out), vec!["show_notification"]);
    h.at(
        1200,
        Input::VendorToken {
            token: "t".into(),
            vendor: None,
        },
    );
    assert!(h.uploads().is_empty());

    // The retry registers the failed vendor again after 1 s …
    let out = h.fire(TimerName::VendorRetry);
    assert_eq!(h.now, 2000);
    assert_eq!(effects(&out), vec![register("xiaomi")]);
    // … then after each further error with the upload backoff: 2 s, 4 s … 60 s.
    let mut expected = Vec::new();
    let mut got = Vec::new();
    for (n, delay) in [2000u64, 4000, 8000, 16_000, 32_000, 60_000, 60_000]
        .into_iter()
        .enumerate()
    {
        let at = h.now + 10;
        let out = vendor_error(&mut h, at, "again");
        assert_eq!(
            plain_events(&out)[0],
            Event::VendorFailed {
                vendor: "xiaomi".into(),
                reason: "again".into()
            },
            "error {n}"
        );
        assert!(
            !plain_events(&out)
                .iter()
                .any(|e| e.kind() == "vendor_selected"),
            "local keeps serving, no new selection"
        );
        expected.push(at + delay);
        got.push(armed(&h, TimerName::VendorRetry).unwrap());
        let out = h.fire(TimerName::VendorRetry);
        assert_eq!(effects(&out), vec![register("xiaomi")]);
    }
    assert_eq!(got, expected);
}

#[test]
fn token_from_failed_vendor_restores_it() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    vendor_error(&mut h, 1000, "timeout");
    h.fire(TimerName::VendorRetry);
    let out = h.token(6000, "xiaomi", "mi-token");
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "mi-token".into()
        })
    );
    assert_eq!(plain_events(&out), vec![selected("xiaomi", "recovered")]);
    assert_eq!(
        effects(&out),
        vec![Effect::UploadToken {
            effect_id: 1,
            vendor: "xiaomi".into(),
            business_id: 1005,
            token: "mi-token".into()
        }]
    );
    assert_eq!(h.machine.status().vendor.as_deref(), Some("xiaomi"));

    // While the retry timer is still armed, the token cancels it.
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    vendor_error(&mut h, 1000, "timeout");
    let out = h.token(1500, "xiaomi", "mi-token");
    assert!(effects(&out).contains(&Effect::CancelTimer {
        timer: TimerName::VendorRetry
    }));
    assert_eq!(armed(&h, TimerName::VendorRetry), None);
}

#[test]
fn token_without_vendor_while_local_serves_is_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    vendor_error(&mut h, 1000, "timeout");
    let out = h.at(
        1500,
        Input::VendorToken {
            token: "mi-token".into(),
            vendor: None,
        },
    );
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "vendor_token".into(),
            reason: "local_has_no_token".into()
        }]
    );
    assert!(out.iter().all(|o| !matches!(o, Output::Persist(_))));
    assert_eq!(h.machine.status().vendor.as_deref(), Some("local"));
}

#[test]
fn token_of_another_vendor_is_stored_and_uploads_nothing() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    let out = h.token(300, "huawei", "hw-token");
    assert_eq!(
        out,
        vec![Output::Persist(StoreWrite::Token {
            vendor: "huawei".into(),
            token: "hw-token".into()
        })]
    );
    assert_eq!(
        armed(&h, TimerName::TokenFetch),
        Some(2100),
        "still polling xiaomi"
    );
    h.at(20_000, Input::UiReady);
    assert!(h.uploads().is_empty());
    assert_eq!(
        h.machine
            .persisted()
            .tokens
            .get("huawei")
            .map(String::as_str),
        Some("hw-token")
    );
}

#[test]
fn vendor_error_before_init_is_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.at(0, Input::SdkInitialized);
    let out = vendor_error(&mut h, 50, "early");
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "vendor_error".into(),
            reason: "before_init".into()
        }]
    );
    assert!(effects(&out).is_empty());
    let out = h.at(100, Input::PluginInit);
    assert_eq!(plain_events(&out), vec![selected("xiaomi", "manufacturer")]);
}

// ---- vendor selection warnings (vendors.md §1, emitted at init) -------------------------------

#[test]
fn family_vendor_not_configured_serves_local_with_vendor_not_configured() {
    let cfg = only(
        r#"
[[vendors]]
vendor = "huawei"
business_id = 1003
"#,
    );
    let mut h = Harness::new(cfg, devices::redmi_miui14());
    let out = h.init(100);
    let evs = plain_events(&out);
    assert_eq!(
        warnings(&evs),
        vec![pushlane::WarningCode::VendorNotConfigured]
    );
    assert_eq!(
        evs.last(),
        Some(&selected("local", "family_not_configured"))
    );
    assert_eq!(
        effects(&out),
        vec![channel("new_message", "message push", "push new messages")]
    );
}

#[test]
fn fcm_not_configured_warns_and_uses_the_family() {
    let cfg = only(
        r#"
[[vendors]]
vendor = "huawei"
business_id = 1003
"#,
    );
    let mut h = Harness::new(cfg, devices::huawei().with_gms(true));
    let out = h.init(100);
    let evs = plain_events(&out);
    assert_eq!(
        warnings(&evs),
        vec![pushlane::WarningCode::VendorNotConfigured]
    );
    assert_eq!(evs.last(), Some(&selected("huawei", "manufacturer")));
}

#[test]
fn recovered_vendor_reruns_the_permission_rule() {
    // OPPO asks on every API; it fails before alice logs in, so `local` (API 31: no request)
    // is serving at login. When OPPO recovers, the permission rule runs for it.
    let mut h = Harness::new(config(ALL_VENDORS), devices::oppo());
    h.init(100);
    vendor_error(&mut h, 150, "timeout");
    let out = h.login(200, "alice");
    assert!(
        !effect_kinds(&out).contains(&"request_permission"),
        "{out:?}"
    );
    let out = h.token(6000, "oppo", "oppo-token");
    assert_eq!(plain_events(&out), vec![selected("oppo", "recovered")]);
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::VendorRetry
            },
            Effect::RequestPermission,
            Effect::UploadToken {
                effect_id: 1,
                vendor: "oppo".into(),
                business_id: 1006,
                token: "oppo-token".into()
            },
        ]
    );
}

#[test]
fn token_reported_before_init_counts_at_init() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    h.at(0, Input::SdkInitialized);
    let out = h.token(50, "xiaomi", "early-token");
    assert_eq!(
        out,
        vec![Output::Persist(StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "early-token".into()
        })]
    );
    let out = h.at(100, Input::PluginInit);
    assert!(!effect_kinds(&out).contains(&"arm_timer"), "{out:?}");
    // Early tokens without a vendor name, and the whole rule: tests/rules_early_token.rs.
}

#[test]
fn fcm_fallback_to_an_unconfigured_family_serves_local() {
    let cfg = only(
        r#"
[[vendors]]
vendor = "fcm"
business_id = 1002
"#,
    );
    let mut h = Harness::new(cfg, devices::huawei().with_gms(true));
    h.init(100);
    let out = vendor_error(&mut h, 1000, "blocked");
    assert_eq!(
        warnings(&events(&out)),
        vec![
            pushlane::WarningCode::FcmUnavailable,
            pushlane::WarningCode::VendorNotConfigured
        ]
    );
    assert_eq!(
        plain_events(&out).last(),
        Some(&selected("local", "fallback"))
    );
}

#[test]
fn duplicate_vendor_entries_are_rejected() {
    let text = r#"
[[vendors]]
vendor = "huawei"
business_id = 1003
[[vendors]]
vendor = "huawei"
business_id = 1004
"#;
    let err = pushlane::parse_config_toml(text).unwrap_err();
    assert!(err.to_string().contains("huawei"), "{err}");
}

// ---- iOS: the platform decides (vendors.md §1 step 1) ----------------------------------------

#[test]
fn ios_vendor_selected_reason_is_platform() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::iphone());
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("apns", "platform")]);
    // Whatever else the device reports, an iPhone is never another family's.
    let odd = DeviceInfo {
        manufacturer: "HUAWEI".to_string(),
        ..DeviceInfo::ios()
    }
    .with_gms(true)
    .with_prop("ro.build.version.emui", "EmotionUI_12.0.0");
    let mut h = Harness::new(config(ALL_VENDORS), odd);
    let out = h.init(100);
    assert_eq!(plain_events(&out), vec![selected("apns", "platform")]);
}

#[test]
fn ios_without_apns_entry_is_local_with_reason_platform_and_vendor_not_configured() {
    let mut h = Harness::new(only(OPPO_WITHOUT_CHANNEL), devices::iphone());
    let out = h.init(100);
    let evs = plain_events(&out);
    assert_eq!(
        warnings(&evs),
        vec![pushlane::WarningCode::VendorNotConfigured]
    );
    assert_eq!(evs.last(), Some(&selected("local", "platform")));
    assert!(!effect_kinds(&out).contains(&"register_vendor"), "{out:?}");
}
