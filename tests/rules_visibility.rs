//! lifecycle.md §7 "Foreground and background (region `visibility`)" with the badge calls of
//! vendors.md §3: one or more example tests per rule, named after it.

mod support;
use support::*;

use pushlane::{AppLifecycle, DeviceInfo, Effect, Input, Output, WarningCode};
use serde_json::{json, Value};

const BACKGROUND: [AppLifecycle; 4] = [
    AppLifecycle::Inactive,
    AppLifecycle::Paused,
    AppLifecycle::Hidden,
    AppLifecycle::Detached,
];

/// `set_badge` with the call given as its JSON (vendors.md §3).
fn badge(count: u32, call: Value) -> Effect {
    Effect::SetBadge {
        count,
        call: serde_json::from_value(call).expect("a badge call of vendors.md §3"),
    }
}

fn launcher_call(uri: &str, count: u32) -> Value {
    json!({
        "kind": "content_provider",
        "uri": uri,
        "method": "change_badge",
        "extras": {"package": "com.example.chat", "class": "com.example.chat.MainActivity", "badgenumber": count}
    })
}

fn huawei_call(count: u32) -> Value {
    launcher_call(
        "content://com.huawei.android.launcher.settings/badge/",
        count,
    )
}

fn unread(h: &mut Harness, at_ms: u64, count: u32) -> Vec<Output> {
    h.at(at_ms, Input::Unread { count })
}

/// Init at 100, `alice` logged in at 200, the app in foreground.
fn logged_in(device: DeviceInfo) -> Harness {
    logged_in_with(config(ALL_VENDORS), device)
}

fn logged_in_with(cfg: pushlane::PluginConfig, device: DeviceInfo) -> Harness {
    let mut h = Harness::new(cfg, device);
    h.init(100);
    h.login(200, "alice");
    h
}

fn badges(h: &Harness) -> Vec<Effect> {
    h.effects()
        .into_iter()
        .filter(|e| e.kind() == "set_badge")
        .collect()
}

// ---- foreground and background ---------------------------------------------------------------

#[test]
fn process_starts_in_foreground() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    assert!(h.machine.status().foreground);
    h.init(100);
    let out = h.login(200, "alice");
    assert!(
        !effect_kinds(&out).iter().any(|k| k.starts_with("report_")),
        "{out:?}"
    );
    // `resumed` while already in foreground changes nothing.
    let out = h.app(300, AppLifecycle::Resumed);
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn inactive_paused_hidden_and_detached_are_background() {
    for state in BACKGROUND {
        let mut h = logged_in(devices::huawei());
        let out = h.app(1000, state);
        assert_eq!(effect_kinds(&out)[0], "report_background", "{state:?}");
        assert_eq!(
            state_changes(&out),
            vec![(
                "visibility".to_string(),
                "foreground".to_string(),
                "background".to_string()
            )]
        );
        let out = h.app(2000, AppLifecycle::Resumed);
        assert_eq!(effect_kinds(&out)[0], "report_foreground", "{state:?}");
    }
}

#[test]
fn reports_go_out_only_while_logged_in() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    let out = h.app(200, AppLifecycle::Paused);
    assert!(effects(&out).is_empty(), "{out:?}");
    unread(&mut h, 250, 4);
    let out = h.app(300, AppLifecycle::Resumed);
    assert!(
        !effect_kinds(&out).contains(&"report_foreground"),
        "{out:?}"
    );
    assert!(badges(&h).is_empty());

    // After a logout too.
    let mut h = logged_in(devices::huawei());
    h.at(300, Input::Logout);
    let out = h.app(400, AppLifecycle::Paused);
    assert!(effects(&out).is_empty(), "{out:?}");
}

#[test]
fn login_in_background_reports_background_then_sets_badge() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.app(150, AppLifecycle::Paused);
    unread(&mut h, 160, 4);
    let out = h.login(200, "alice");
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 4 },
            badge(4, huawei_call(4))
        ]
    );
}

#[test]
fn foreground_to_background_reports_background_then_sets_badge() {
    let mut h = logged_in(devices::huawei());
    unread(&mut h, 300, 7);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 7 },
            badge(7, huawei_call(7))
        ]
    );
}

#[test]
fn background_to_foreground_reports_foreground_then_clears_notifications() {
    let mut h = logged_in(devices::huawei());
    h.app(1000, AppLifecycle::Paused);
    let out = h.app(2000, AppLifecycle::Resumed);
    assert_eq!(
        effects(&out),
        vec![Effect::ReportForeground, Effect::ClearNotifications]
    );
}

#[test]
fn clear_on_foreground_false_skips_clear_notifications() {
    let mut h = logged_in_with(
        all_vendors_with("clear_on_foreground = false"),
        devices::huawei(),
    );
    h.app(1000, AppLifecycle::Paused);
    let out = h.app(2000, AppLifecycle::Resumed);
    assert_eq!(effects(&out), vec![Effect::ReportForeground]);
}

#[test]
fn clear_notifications_on_foreground_even_when_logged_out() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.app(200, AppLifecycle::Paused);
    let out = h.app(300, AppLifecycle::Resumed);
    assert_eq!(effects(&out), vec![Effect::ClearNotifications]);
}

#[test]
fn background_twice_reports_once() {
    let mut h = logged_in(devices::huawei());
    let first = h.app(1000, AppLifecycle::Inactive);
    assert_eq!(effect_kinds(&first), vec!["report_background", "set_badge"]);
    for (at, state) in [
        (1100, AppLifecycle::Paused),
        (1200, AppLifecycle::Hidden),
        (1300, AppLifecycle::Detached),
    ] {
        let out = h.app(at, state);
        assert!(out.is_empty(), "{state:?}: {out:?}");
    }
    let count = h
        .effects()
        .iter()
        .filter(|e| e.kind() == "report_background")
        .count();
    assert_eq!(count, 1);
}

#[test]
fn reports_alternate_across_transitions() {
    let mut h = logged_in(devices::huawei());
    for (i, state) in [
        AppLifecycle::Inactive,
        AppLifecycle::Paused,
        AppLifecycle::Resumed,
        AppLifecycle::Resumed,
        AppLifecycle::Hidden,
        AppLifecycle::Resumed,
    ]
    .into_iter()
    .enumerate()
    {
        h.app(1000 + i as u64 * 100, state);
    }
    let reports: Vec<&str> = h
        .effects()
        .iter()
        .map(|e| e.kind())
        .filter(|k| k.starts_with("report_"))
        .collect();
    assert_eq!(
        reports,
        vec![
            "report_background",
            "report_foreground",
            "report_background",
            "report_foreground"
        ]
    );
}

// ---- unread and badges -----------------------------------------------------------------------

#[test]
fn unread_in_background_sets_badge_when_it_changes() {
    let mut h = logged_in(devices::huawei());
    h.app(1000, AppLifecycle::Paused); // badge 0
    let out = unread(&mut h, 1100, 3);
    assert_eq!(effects(&out), vec![badge(3, huawei_call(3))]);
    let out = unread(&mut h, 1200, 3);
    assert!(effects(&out).is_empty(), "same count: {out:?}");
    let out = unread(&mut h, 1300, 9);
    assert_eq!(effects(&out), vec![badge(9, huawei_call(9))]);
}

#[test]
fn no_badge_calls_in_foreground() {
    let mut h = logged_in(devices::huawei());
    let out = unread(&mut h, 300, 5);
    assert!(effects(&out).is_empty(), "{out:?}");
    h.app(1000, AppLifecycle::Paused);
    h.app(2000, AppLifecycle::Resumed);
    let out = unread(&mut h, 2100, 8);
    assert!(effects(&out).is_empty(), "{out:?}");
    // The report carries the latest count when the app goes to background.
    let out = h.app(3000, AppLifecycle::Paused);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 8 },
            badge(8, huawei_call(8))
        ]
    );
}

#[test]
fn no_badge_while_logged_out() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.app(200, AppLifecycle::Paused);
    let out = unread(&mut h, 300, 5);
    assert!(effects(&out).is_empty(), "{out:?}");
}

#[test]
fn badge_follows_family_not_channel_huawei_on_fcm() {
    let mut h = logged_in(devices::huawei().with_gms(true));
    assert_eq!(h.machine.status().vendor.as_deref(), Some("fcm"));
    assert_eq!(h.machine.status().device_family.as_deref(), Some("huawei"));
    unread(&mut h, 300, 2);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 2 },
            badge(2, huawei_call(2))
        ]
    );
}

#[test]
fn badge_follows_family_when_its_vendor_is_not_configured() {
    // Huawei family served by FCM with no huawei entry in the config: the launcher call stands.
    let cfg = config(
        r#"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "fcm"
business_id = 1002
"#,
    );
    let mut h = logged_in_with(cfg, devices::huawei().with_gms(true));
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(effect_kinds(&out), vec!["report_background", "set_badge"]);
    assert_eq!(badges(&h), vec![badge(0, huawei_call(0))]);
}

#[test]
fn honor_badge_uses_the_hihonor_launcher() {
    let mut h = logged_in(devices::honor_magic());
    unread(&mut h, 300, 4);
    h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        badges(&h),
        vec![badge(
            4,
            launcher_call("content://com.hihonor.android.launcher.settings/badge/", 4)
        )]
    );
}

#[test]
fn vivo_badge_is_a_broadcast() {
    let mut h = logged_in(devices::vivo());
    unread(&mut h, 300, 6);
    h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        badges(&h),
        vec![badge(
            6,
            json!({
                "kind": "broadcast",
                "action": "launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM",
                "extras": {"packageName": "com.example.chat", "className": "com.example.chat.MainActivity", "notificationNum": 6}
            })
        )]
    );
}

#[test]
fn oppo_badge_only_with_badge_enabled() {
    let mut h = logged_in(devices::oppo()); // ALL_VENDORS: badge_enabled = true
    unread(&mut h, 300, 2);
    h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        badges(&h),
        vec![badge(
            2,
            json!({"kind":"content_provider","uri":"content://com.android.badge/badge","method":"setAppBadgeCount","extras":{"app_badge_count":2}})
        )]
    );

    let cfg = config(
        r#"
[[vendors]]
vendor = "oppo"
business_id = 1006
app_key = "oppo-key"
app_secret = "oppo-secret"
channel_id = "im_oppo"
"#,
    );
    let mut h = logged_in_with(cfg, devices::oppo());
    unread(&mut h, 300, 2);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(effects(&out), vec![Effect::ReportBackground { unread: 2 }]);
    assert_eq!(warnings(&events(&out)), vec![WarningCode::BadgeUnsupported]);
}

#[test]
fn miui_v10_badge_vs_hyperos() {
    // MIUI 10: Xiaomi's message count call.
    let mut h = logged_in(devices::xiaomi_miui10());
    unread(&mut h, 300, 3);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 3 },
            badge(3, json!({"kind": "xiaomi_message_count", "count": 3}))
        ]
    );

    // HyperOS (reports V816 beside ro.mi.os.version.name): no badge call.
    let hyperos = DeviceInfo::android("Xiaomi")
        .with_api(34)
        .with_prop("ro.miui.ui.version.name", "V816")
        .with_prop("ro.mi.os.version.name", "OS2.0");
    let mut h = logged_in(hyperos);
    unread(&mut h, 300, 3);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(effects(&out), vec![Effect::ReportBackground { unread: 3 }]);
    assert_eq!(warnings(&events(&out)), vec![WarningCode::BadgeUnsupported]);

    // MIUI 14 (V140) is newer than 11: none either.
    let mut h = logged_in(devices::redmi_miui14());
    h.app(1000, AppLifecycle::Paused);
    assert!(badges(&h).is_empty());
}

#[test]
fn ios_set_badge_only_with_app_manages_badge() {
    let mut h = logged_in(devices::iphone());
    unread(&mut h, 300, 5);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(effects(&out), vec![Effect::ReportBackground { unread: 5 }]);
    assert!(
        warnings(&events(&out)).is_empty(),
        "the Chat SDK owns the iOS badge: no warning"
    );
    unread(&mut h, 1100, 6);
    assert!(badges(&h).is_empty());

    let mut h = logged_in_with(
        all_vendors_with("app_manages_badge = true"),
        devices::iphone(),
    );
    unread(&mut h, 300, 5);
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ReportBackground { unread: 5 },
            badge(5, json!({"kind": "ios_badge", "count": 5}))
        ]
    );
}

#[test]
fn no_badge_family_warns_badge_unsupported_once() {
    for device in [devices::meizu(), devices::uncertified()] {
        let name = device.manufacturer.clone();
        let mut h = logged_in(device);
        let out = h.app(1000, AppLifecycle::Paused);
        assert_eq!(effect_kinds(&out), vec!["report_background"], "{name}");
        assert_eq!(warnings(&events(&out)), vec![WarningCode::BadgeUnsupported]);
        unread(&mut h, 1100, 3);
        h.app(1200, AppLifecycle::Resumed);
        h.app(1300, AppLifecycle::Paused);
        unread(&mut h, 1400, 4);
        assert!(badges(&h).is_empty(), "{name}");
        assert_eq!(
            h.warnings()
                .iter()
                .filter(|w| **w == WarningCode::BadgeUnsupported)
                .count(),
            1,
            "{name}: once per process"
        );
    }
}

#[test]
fn badge_unsupported_is_warned_only_when_a_badge_would_be_set() {
    let mut h = logged_in(devices::meizu());
    unread(&mut h, 300, 3); // foreground: no badge would be set
    assert!(h.warnings().is_empty());
}

#[test]
fn badge_config_missing_warned_once_and_no_badge() {
    let cfg = config(
        r#"
package_name = "com.example.chat"
[[vendors]]
vendor = "huawei"
business_id = 1003
"#,
    );
    let mut h = logged_in_with(cfg, devices::huawei());
    let out = h.app(1000, AppLifecycle::Paused);
    assert_eq!(effect_kinds(&out), vec!["report_background"]);
    assert_eq!(
        warnings(&events(&out)),
        vec![WarningCode::BadgeConfigMissing]
    );
    unread(&mut h, 1100, 2);
    h.app(1200, AppLifecycle::Resumed);
    h.app(1300, AppLifecycle::Paused);
    assert!(badges(&h).is_empty());
    assert_eq!(h.warnings(), vec![WarningCode::BadgeConfigMissing]);
}
