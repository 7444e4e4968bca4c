//! lifecycle.md §5 "Session (region `session`)": one or more example tests per rule, named
//! after it.

mod support;
use support::*;

use pushlane::{AppLifecycle, DeviceInfo, Effect, Event, Input, Output, StoreWrite, TimerName};
use serde_json::{json, Value};

const BOB_EXT: &str = r#"{"conversationID":"c2c_bob"}"#;

fn huawei_badge(count: u32) -> Effect {
    Effect::SetBadge {
        count,
        call: serde_json::from_value(json!({
            "kind": "content_provider",
            "uri": "content://com.huawei.android.launcher.settings/badge/",
            "method": "change_badge",
            "extras": {"package": "com.example.chat", "class": "com.example.chat.MainActivity", "badgenumber": count}
        }))
        .expect("a badge call of vendors.md §3"),
    }
}

fn upload(effect_id: u64, user_token: &str) -> Effect {
    Effect::UploadToken {
        effect_id,
        vendor: "huawei".into(),
        business_id: 1003,
        token: user_token.into(),
    }
}

fn delivered(ext: &str, conversation: Option<&str>) -> Vec<Effect> {
    vec![
        Effect::ClearNotifications,
        Effect::DeliverClick {
            ext: ext.into(),
            conversation_id: conversation.map(str::to_string),
            title: None,
            body: None,
        },
    ]
}

fn local_click(ext: &str) -> Value {
    json!({ "ext": ext })
}

/// A Huawei phone, init at 100, `alice` logged in at 200 with token `hw-token` uploaded
/// (effect 1 at 5100, answered ok at 5200).
fn uploaded_alice() -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    h.done(5200, 1, true);
    assert!(h.machine.persisted().upload_record.is_some());
    h
}

fn session_ends() -> [Input; 3] {
    [Input::Logout, Input::KickedOffline, Input::UserSigExpired]
}

// ---- login while logged in as another user ---------------------------------------------------

#[test]
fn login_as_another_user_ends_the_old_session_first() {
    let mut h = uploaded_alice();
    h.app(6000, AppLifecycle::Paused);
    h.at(6100, Input::Unread { count: 3 });
    let out = h.login(7000, "bob");
    // The old session ends as on logout: the record is forgotten, the badge goes to 0 …
    assert_eq!(out[0], record_forgotten());
    // … then bob's session starts: background report (alice's unread count is not bob's: it
    // starts at 0 until the host reports bob's), badge, upload of the device token.
    assert_eq!(
        effects(&out),
        vec![
            huawei_badge(0),
            Effect::ReportBackground { unread: 0 },
            huawei_badge(0),
            upload(2, "hw-token"),
        ]
    );
    assert_eq!(h.machine.status().user_id.as_deref(), Some("bob"));
    // alice's session is gone: the upload record becomes bob's after the result.
    let out = h.done(7100, 2, true);
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::UploadRecord {
            record: Some(pushlane::UploadRecord {
                user_id: "bob".into(),
                vendor: "huawei".into(),
                business_id: 1003,
                token: "hw-token".into()
            })
        })
    );
}

#[test]
fn login_again_as_the_same_user_is_ignored() {
    let mut h = uploaded_alice();
    let out = h.login(6000, "alice");
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "login".into(),
            reason: "already_logged_in".into()
        }]
    );
    assert!(out
        .iter()
        .all(|o| !matches!(o, Output::Persist(_) | Output::Effect(_))));
}

// ---- logout, kicked_offline, user_sig_expired ------------------------------------------------

#[test]
fn session_end_moves_to_logged_out_for_logout_kicked_offline_and_user_sig_expired() {
    for end in session_ends() {
        let mut h = uploaded_alice();
        let out = h.at(6000, end.clone());
        let session: Vec<_> = state_changes(&out)
            .into_iter()
            .filter(|(region, _, _)| region == "session")
            .collect();
        assert_eq!(
            session,
            vec![(
                "session".to_string(),
                "logged_in".to_string(),
                "logged_out".to_string()
            )],
            "{end:?}"
        );
        assert_eq!(h.machine.status().user_id, None);
    }
}

#[test]
fn kicked_offline_ends_the_session() {
    let mut h = uploaded_alice();
    let out = h.at(6000, Input::KickedOffline);
    assert_eq!(out[0], record_forgotten());
    assert_eq!(h.machine.status().user_id, None);
    // Logged out: no report, no upload.
    h.app(6100, AppLifecycle::Paused);
    assert!(!h.effects().iter().any(|e| e.kind() == "report_background"));
}

#[test]
fn user_sig_expired_ends_the_session_like_kicked_offline() {
    let mut h = uploaded_alice();
    let out = h.at(6000, Input::UserSigExpired);
    assert_eq!(out[0], record_forgotten());
    assert_eq!(h.machine.status().user_id, None);
    let out = h.login(6500, "alice");
    assert_eq!(effects(&out), vec![upload(2, "hw-token")]);
}

#[test]
fn session_end_while_logged_out_is_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    for end in session_ends() {
        let kind = end.kind();
        let out = h.at(200, end);
        assert_eq!(
            plain_events(&out),
            vec![Event::Ignored {
                input: kind.into(),
                reason: "not_logged_in".into()
            }]
        );
    }
}

#[test]
fn session_end_cancels_token_upload_timer() {
    for end in session_ends() {
        let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
        h.init(100);
        h.login(200, "alice");
        h.token(300, "huawei", "hw-token");
        assert_eq!(armed(&h, TimerName::TokenUpload), Some(5100));
        let out = h.at(1000, end);
        assert_eq!(
            effects(&out),
            vec![Effect::CancelTimer {
                timer: TimerName::TokenUpload
            }]
        );
        assert_eq!(h.machine.armed_timers().len(), 0);
    }
}

#[test]
fn session_end_cancels_upload_retry() {
    for end in session_ends() {
        let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
        h.init(100);
        h.login(200, "alice");
        h.token(300, "huawei", "hw-token");
        h.fire(TimerName::TokenUpload);
        h.done(5200, 1, false);
        assert_eq!(armed(&h, TimerName::UploadRetry), Some(6200));
        let out = h.at(5500, end);
        assert_eq!(
            effects(&out),
            vec![Effect::CancelTimer {
                timer: TimerName::UploadRetry
            }]
        );
    }
}

#[test]
fn session_end_cancels_clear_retry_and_drops_the_pending_clear() {
    for end in session_ends() {
        let mut h = uploaded_alice();
        let out = h.at(6000, Input::PushEnabled { enabled: false });
        assert_eq!(
            effects(&out),
            vec![Effect::ClearToken {
                effect_id: 2,
                vendor: "huawei".into(),
                business_id: 1003
            }]
        );
        h.done(6100, 2, false);
        assert_eq!(armed(&h, TimerName::ClearRetry), Some(7100));
        let out = h.at(6500, end);
        assert!(
            out.contains(&record_forgotten()),
            "the server stops pushing to a logged-out device: nothing left to clear"
        );
        assert_eq!(
            effects(&out),
            vec![Effect::CancelTimer {
                timer: TimerName::ClearRetry
            }]
        );
        // The same user again: no clear (dropped) and no upload (push is still off).
        let out = h.login(7000, "alice");
        assert!(effects(&out).is_empty(), "{out:?}");
    }
}

#[test]
fn clear_in_flight_at_session_end_is_dropped() {
    let mut h = uploaded_alice();
    h.at(6000, Input::PushEnabled { enabled: false });
    h.at(6050, Input::Logout);
    let out = h.done(6100, 2, true);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "effect_done".into(),
            reason: "session_ended".into()
        }]
    );
    assert!(!h.events().iter().any(|e| e.kind() == "token_cleared"));
}

#[test]
fn session_end_forgets_that_the_token_is_on_the_server() {
    for end in session_ends() {
        let mut h = uploaded_alice();
        h.at(6000, end);
        assert_eq!(h.machine.persisted().upload_record, None);
        let out = h.login(7000, "alice");
        assert_eq!(effects(&out), vec![upload(2, "hw-token")]);
        assert!(!h.events().iter().any(|e| e.kind() == "upload_skipped"));
    }
}

#[test]
fn session_end_sets_badge_zero_in_any_visibility() {
    for end in session_ends() {
        // In background.
        let mut h = uploaded_alice();
        h.app(6000, AppLifecycle::Paused);
        h.at(6100, Input::Unread { count: 5 });
        let out = h.at(7000, end.clone());
        assert_eq!(
            effects(&out),
            vec![huawei_badge(0)],
            "{end:?} in background"
        );

        // Back in foreground: the launcher still shows 5, so it is reset too.
        let mut h = uploaded_alice();
        h.app(6000, AppLifecycle::Paused);
        h.at(6100, Input::Unread { count: 5 });
        h.app(6200, AppLifecycle::Resumed);
        let out = h.at(7000, end.clone());
        assert_eq!(
            effects(&out),
            vec![huawei_badge(0)],
            "{end:?} in foreground"
        );
    }
}

#[test]
fn session_end_sets_no_badge_when_no_nonzero_badge_was_set() {
    let mut h = uploaded_alice();
    h.app(6000, AppLifecycle::Paused); // badge 0 set with the report
    h.app(6100, AppLifecycle::Resumed);
    let out = h.at(7000, Input::Logout);
    assert!(effects(&out).is_empty(), "{out:?}");
}

// ---- held clicks across sessions -------------------------------------------------------------

#[test]
fn held_click_delivered_if_the_same_user_logs_in_again() {
    // Cold start: alice's session comes back with an expired sig, the tap is held, a fresh
    // login of alice follows and she still lands in the conversation.
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    let out = h.click(300, "local", local_click(BOB_EXT));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    h.at(400, Input::UserSigExpired);
    h.at(450, Input::UiReady);
    let out = h.login(500, "alice");
    let clicks: Vec<Effect> = effects(&out)
        .into_iter()
        .filter(|e| matches!(e, Effect::ClearNotifications | Effect::DeliverClick { .. }))
        .collect();
    assert_eq!(clicks, delivered(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn held_click_dropped_for_other_user() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.click(300, "local", local_click(BOB_EXT));
    h.at(400, Input::Logout);
    let out = h.login(500, "carol");
    assert_eq!(
        plain_events(&out),
        vec![Event::ClickIgnored {
            reason: "other_user".into()
        }]
    );
    let out = h.at(600, Input::UiReady);
    assert!(effects(&out).is_empty(), "{out:?}");
    assert!(!h.effects().iter().any(|e| e.kind() == "deliver_click"));
}

#[test]
fn held_click_dropped_when_another_user_logs_in_over_the_session() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.click(300, "local", local_click(BOB_EXT));
    let out = h.login(500, "carol");
    assert!(plain_events(&out).contains(&Event::ClickIgnored {
        reason: "other_user".into()
    }));
    assert_eq!(h.machine.status().held_click, None);
}

#[test]
fn click_before_any_login_goes_to_whoever_logs_in_first() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.at(150, Input::UiReady);
    let out = h.click(200, "local", local_click(BOB_EXT));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    let out = h.login(300, "dave");
    assert_eq!(effects(&out), delivered(BOB_EXT, Some("c2c_bob")));
}

// ---- permission ------------------------------------------------------------------------------

fn permission_requests(h: &Harness) -> usize {
    h.effects()
        .iter()
        .filter(|e| **e == Effect::RequestPermission)
        .count()
}

#[test]
fn request_permission_on_oppo_at_any_api() {
    for api in [23, 25, 29, 31] {
        let device = DeviceInfo::android("OPPO").with_api(api);
        let mut h = Harness::new(config(ALL_VENDORS), device);
        h.init(100);
        let out = h.login(200, "alice");
        assert_eq!(effect_kinds(&out)[0], "request_permission", "API {api}");
    }
}

#[test]
fn request_permission_on_android_33_and_later() {
    for (device, asks) in [
        (devices::vivo(), true),                           // API 33
        (devices::redmi_miui14(), true),                   // API 34
        (devices::pixel(), true),                          // API 34, FCM
        (devices::huawei(), false),                        // API 31
        (devices::xiaomi_miui10(), false),                 // API 28
        (DeviceInfo::android("vivo").with_api(32), false), // API 32
    ] {
        let name = format!("{device:?}");
        let mut h = Harness::new(config(ALL_VENDORS), device);
        h.init(100);
        h.login(200, "alice");
        assert_eq!(permission_requests(&h), usize::from(asks), "{name}");
    }
}

#[test]
fn request_permission_on_ios() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::iphone());
    h.init(100);
    let out = h.login(200, "alice");
    assert_eq!(effect_kinds(&out), vec!["request_permission"]);
}

#[test]
fn no_request_permission_on_api_30_non_oppo() {
    // The uncertified phone is API 30 and served by `local`.
    let mut h = Harness::new(config(ALL_VENDORS), devices::uncertified());
    h.init(100);
    h.login(200, "alice");
    assert_eq!(permission_requests(&h), 0);
    // A vivo phone at API 30 neither.
    let mut h = Harness::new(
        config(ALL_VENDORS),
        DeviceInfo::android("vivo").with_api(30),
    );
    h.init(100);
    h.login(200, "alice");
    assert_eq!(permission_requests(&h), 0);
}

#[test]
fn unknown_android_api_counts_as_current_for_the_permission_rule() {
    let device = DeviceInfo::android("vivo");
    let mut h = Harness::new(config(ALL_VENDORS), device);
    h.init(100);
    h.login(200, "alice");
    assert_eq!(permission_requests(&h), 1);
}

#[test]
fn request_permission_needs_both_init_and_login() {
    // Login first: asked at init.
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.at(0, Input::SdkInitialized);
    let out = h.login(50, "alice");
    assert!(!effect_kinds(&out).contains(&"request_permission"));
    let out = h.at(100, Input::PluginInit);
    assert!(
        effect_kinds(&out).contains(&"request_permission"),
        "{out:?}"
    );

    // Init first: asked at login.
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    let out = h.init(100);
    assert!(!effect_kinds(&out).contains(&"request_permission"));
    let out = h.login(200, "alice");
    assert_eq!(effect_kinds(&out), vec!["request_permission"]);
}

#[test]
fn request_permission_once_per_process() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.init(100);
    h.login(200, "alice");
    // Not answered; sessions come and go.
    h.at(300, Input::Logout);
    h.login(400, "alice");
    h.at(500, Input::KickedOffline);
    h.login(600, "bob");
    assert_eq!(permission_requests(&h), 1);
}

#[test]
fn no_request_permission_when_permission_is_already_known() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.init(100);
    h.at(150, Input::Permission { granted: true });
    h.login(200, "alice");
    assert_eq!(permission_requests(&h), 0);
    assert_eq!(h.machine.status().permission, Some(true));
}

#[test]
fn notifications_denied_warns_and_upload_still_goes_ahead() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.init(100);
    h.login(200, "alice");
    let out = h.at(300, Input::Permission { granted: false });
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::NotificationsDenied]
    );
    assert!(effects(&out).is_empty());
    h.token(400, "vivo", "vivo-token");
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(
        effects(&out),
        vec![Effect::UploadToken {
            effect_id: 1,
            vendor: "vivo".into(),
            business_id: 1007,
            token: "vivo-token".into()
        }]
    );
    assert_eq!(h.now, 5100);
}

#[test]
fn permission_granted_gives_no_warning() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.init(100);
    h.login(200, "alice");
    let out = h.at(300, Input::Permission { granted: true });
    assert!(plain_events(&out).is_empty(), "{out:?}");
}

#[test]
fn click_after_logout_belongs_to_the_last_user() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.at(150, Input::UiReady);
    h.login(200, "alice");
    h.at(300, Input::Logout);
    let out = h.click(400, "local", local_click(BOB_EXT));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    let out = h.login(500, "carol");
    assert_eq!(
        plain_events(&out),
        vec![Event::ClickIgnored {
            reason: "other_user".into()
        }]
    );

    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.at(150, Input::UiReady);
    h.login(200, "alice");
    h.at(300, Input::Logout);
    h.click(400, "local", local_click(BOB_EXT));
    let out = h.login(500, "alice");
    assert_eq!(effects(&out), delivered(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn request_permission_needs_a_user_logged_in_now() {
    // "init and a login have happened" is read as "init done and logged in now": a user who
    // logged out before the init is not asked on the login screen, but at the next login.
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.at(0, Input::SdkInitialized);
    h.login(50, "alice");
    h.at(60, Input::Logout);
    let out = h.at(100, Input::PluginInit);
    assert!(
        !effect_kinds(&out).contains(&"request_permission"),
        "{out:?}"
    );
    let out = h.login(200, "alice");
    assert_eq!(effect_kinds(&out), vec!["request_permission"]);
}

#[test]
fn request_permission_needs_a_user_logged_in_now_also_when_a_vendor_recovers() {
    // A vendor that recovers while nobody is logged in re-runs the permission rule, which
    // waits for the next login.
    let mut h = Harness::new(config(ALL_VENDORS), devices::oppo());
    h.init(100);
    h.login(150, "alice");
    h.at(160, Input::Logout);
    // Permission was asked at alice's login; a fresh process asks at login only.
    assert_eq!(permission_requests(&h), 1);
    let mut h = Harness::new(config(ALL_VENDORS), devices::oppo());
    h.init(100);
    h.at(
        200,
        Input::VendorError {
            reason: "register failed".into(),
        },
    );
    let out = h.token(300, "oppo", "oppo-token");
    assert!(plain_events(&out).contains(&Event::VendorSelected {
        vendor: "oppo".into(),
        reason: "recovered".into()
    }));
    assert_eq!(permission_requests(&h), 0, "nobody is logged in");
    let out = h.login(400, "alice");
    assert!(
        effect_kinds(&out).contains(&"request_permission"),
        "{out:?}"
    );
}

// ---- what one login emits, in order ----------------------------------------------------------

#[test]
fn login_emits_session_change_background_report_badge_permission_click_then_upload() {
    // An OPPO phone (asks for permission, badge granted), in background with 3 unread and a
    // held click when alice logs in after the upload delay.
    let mut h = Harness::new(config(ALL_VENDORS), devices::oppo());
    h.init(100);
    h.token(300, "oppo", "oppo-token");
    h.app(400, AppLifecycle::Paused);
    h.at(450, Input::Unread { count: 3 });
    h.click(500, "oppo", local_click(BOB_EXT));
    h.at(600, Input::UiReady);
    let out = h.login(6000, "alice");
    let order: Vec<String> = out
        .iter()
        .filter_map(|o| match o {
            Output::Effect(e) => Some(e.kind().to_string()),
            Output::Event(Event::StateChanged { region, to, .. }) if region == "session" => {
                Some(format!("session:{to}"))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        order,
        vec![
            "session:logged_in",
            "report_background",
            "set_badge",
            "request_permission",
            "clear_notifications",
            "deliver_click",
            "upload_token",
        ]
    );
    assert!(effects(&out).contains(&Effect::ReportBackground { unread: 3 }));
}

#[test]
fn login_over_another_user_ends_that_session_before_the_new_one_starts() {
    let mut h = uploaded_alice();
    let out = h.login(7000, "bob");
    let sessions: Vec<(String, String)> = state_changes(&out)
        .into_iter()
        .filter(|(region, _, _)| region == "session")
        .map(|(_, from, to)| (from, to))
        .collect();
    assert_eq!(
        sessions,
        vec![
            ("logged_in".to_string(), "logged_out".to_string()),
            ("logged_out".to_string(), "logged_in".to_string())
        ]
    );
    // alice's record is forgotten before bob's upload goes out.
    let forgotten = out.iter().position(|o| *o == record_forgotten()).unwrap();
    let upload = out
        .iter()
        .position(|o| matches!(o.as_effect(), Some(Effect::UploadToken { .. })))
        .unwrap();
    assert!(forgotten < upload, "{out:?}");
}

// ---- what a session end resets -----------------------------------------------------------------

#[test]
fn unread_count_resets_to_zero_at_session_end() {
    for end in session_ends() {
        let mut h = uploaded_alice();
        h.at(6000, Input::Unread { count: 7 });
        h.at(6100, end.clone());
        // bob logs in with the app in background: he is reported with 0, not alice's 7.
        h.app(6200, AppLifecycle::Paused);
        let out = h.login(6300, "bob");
        assert!(
            effects(&out).contains(&Effect::ReportBackground { unread: 0 }),
            "{end:?}: {out:?}"
        );
        assert!(effects(&out).contains(&huawei_badge(0)), "{out:?}");
        assert!(!effects(&out).contains(&huawei_badge(7)), "{out:?}");
    }
}

#[test]
fn session_end_forgets_the_upload_record_only_when_it_is_the_ending_users() {
    // The store holds bob's record (a clear of his that never succeeded); alice's session
    // ends: bob's record stays, so his clear goes out at his next login.
    let state = stored("huawei", "hw-token", 1003, Some("bob"));
    for end in session_ends() {
        let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state.clone());
        h.init(100);
        h.login(200, "alice");
        let out = h.at(300, end.clone());
        assert!(!out.contains(&record_forgotten()), "{end:?}: {out:?}");
        assert_eq!(
            h.machine.persisted().upload_record,
            state.upload_record,
            "{end:?}"
        );
    }
    // Her own record is forgotten.
    let mut h = uploaded_alice();
    let out = h.at(6000, Input::Logout);
    assert!(out.contains(&record_forgotten()), "{out:?}");
}
