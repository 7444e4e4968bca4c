//! lifecycle.md §9 "Local notifications (online push)": one or more example tests per rule,
//! named after it.

mod support;
use support::*;

use pushlane::{AppLifecycle, DeviceInfo, Effect, ElemType, Event, Input, Message, Output};
use pushlane::{OfflinePushInfo, PluginConfig};

fn msg(msg_id: &str, sender: &str, elem_type: ElemType) -> Message {
    Message {
        msg_id: msg_id.into(),
        sender: sender.into(),
        nick_name: None,
        group_id: None,
        elem_type,
        text: None,
        is_self: false,
        offline_push_info: None,
    }
}

fn text(msg_id: &str, sender: &str, body: &str) -> Message {
    Message {
        text: Some(body.into()),
        ..msg(msg_id, sender, ElemType::Text)
    }
}

fn push_info(title: Option<&str>, desc: Option<&str>, ext: Option<&str>) -> OfflinePushInfo {
    OfflinePushInfo {
        title: title.map(str::to_string),
        desc: desc.map(str::to_string),
        ext: ext.map(str::to_string),
        disable_push: false,
    }
}

fn received(h: &mut Harness, at_ms: u64, message: Message) -> Vec<Output> {
    h.at(at_ms, Input::MessageReceived { message })
}

fn notification(channel: &str, title: &str, body: &str, ext: &str) -> Effect {
    Effect::ShowNotification {
        channel_id: channel.into(),
        title: title.into(),
        body: body.into(),
        ext: ext.into(),
    }
}

fn suppressed(reason: &str) -> Vec<Event> {
    vec![Event::NotificationSuppressed {
        reason: reason.into(),
    }]
}

/// The one `show_notification` of these outputs.
fn shown(out: &[Output]) -> Effect {
    let effects = effects(out);
    assert_eq!(effects.len(), 1, "{out:?}");
    assert_eq!(effects[0].kind(), "show_notification", "{out:?}");
    effects[0].clone()
}

/// `local` serves (an uncertified phone), alice logged in, the app in background.
fn local_background_with(cfg: PluginConfig) -> Harness {
    let mut h = Harness::new(cfg, devices::uncertified());
    h.init(100);
    assert_eq!(h.machine.status().vendor.as_deref(), Some("local"));
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    h
}

fn local_background() -> Harness {
    local_background_with(config(ALL_VENDORS))
}

// ---- when ------------------------------------------------------------------------------------

#[test]
fn local_vendor_in_background_shows_a_notification() {
    let mut h = local_background();
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(
        effects(&out),
        vec![notification(
            "new_message",
            "bob",
            "hello",
            r#"{"conversationID":"c2c_bob"}"#
        )]
    );
    assert!(plain_events(&out).is_empty());
}

#[test]
fn vendor_channel_serving_shows_no_local_notification_by_default() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert!(out.is_empty(), "the vendor pushes offline: {out:?}");
}

#[test]
fn local_notifications_always_shows_beside_a_vendor_channel() {
    let mut h = Harness::new(
        all_vendors_with("local_notifications = \"always\""),
        devices::huawei(),
    );
    h.init(100);
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "hello",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
}

#[test]
fn no_local_notification_while_logged_out() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::uncertified());
    h.init(100);
    h.app(300, AppLifecycle::Paused);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert!(effects(&out).is_empty());
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "message_received".into(),
            reason: "not_logged_in".into()
        }]
    );
}

// ---- suppression -----------------------------------------------------------------------------

#[test]
fn own_message_is_suppressed_self() {
    let mut h = local_background();
    let out = received(
        &mut h,
        1000,
        Message {
            is_self: true,
            ..text("m1", "alice", "mine")
        },
    );
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("self"));
}

#[test]
fn disable_push_is_suppressed_disable_push() {
    let mut h = local_background();
    let out = received(
        &mut h,
        1000,
        Message {
            offline_push_info: Some(OfflinePushInfo {
                disable_push: true,
                ..push_info(Some("T"), Some("D"), None)
            }),
            ..text("m1", "bob", "quiet")
        },
    );
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("disable_push"));
}

#[test]
fn custom_without_desc_is_suppressed_custom_without_desc() {
    let mut h = local_background();
    let out = received(&mut h, 1000, msg("m1", "bob", ElemType::Custom));
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("custom_without_desc"));
    // An empty desc is no desc.
    let out = received(
        &mut h,
        1100,
        Message {
            offline_push_info: Some(push_info(None, Some(""), None)),
            ..msg("m2", "bob", ElemType::Custom)
        },
    );
    assert_eq!(plain_events(&out), suppressed("custom_without_desc"));
    // With a desc it notifies, with the desc as body.
    let out = received(
        &mut h,
        1200,
        Message {
            offline_push_info: Some(push_info(None, Some("[Red packet]"), None)),
            ..msg("m3", "bob", ElemType::Custom)
        },
    );
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "[Red packet]",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
}

#[test]
fn group_tips_are_suppressed_group_tips() {
    let mut h = local_background();
    let out = received(
        &mut h,
        1000,
        Message {
            group_id: Some("g42".into()),
            ..msg("m1", "admin", ElemType::GroupTips)
        },
    );
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("group_tips"));
}

#[test]
fn msg_id_already_notified_is_suppressed_duplicate() {
    let mut h = local_background();
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(effect_kinds(&out), vec!["show_notification"]);
    let out = received(&mut h, 2000, text("m1", "bob", "hello"));
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("duplicate"));
}

#[test]
fn foreground_is_suppressed_foreground() {
    let mut h = local_background();
    h.app(900, AppLifecycle::Resumed);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert!(effects(&out).is_empty(), "nothing but the event: {out:?}");
    assert_eq!(plain_events(&out), suppressed("foreground"));
    // Not counted as notified: the same message may notify once the app is in background.
    h.app(1100, AppLifecycle::Paused);
    let out = received(&mut h, 1200, text("m1", "bob", "hello"));
    assert_eq!(effect_kinds(&out), vec!["show_notification"]);
}

#[test]
fn foreground_notifications_true_shows_in_foreground() {
    let mut h = local_background_with(all_vendors_with("foreground_notifications = true"));
    h.app(900, AppLifecycle::Resumed);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "hello",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
    // The other reasons still apply there.
    let out = received(
        &mut h,
        1100,
        Message {
            is_self: true,
            ..text("m2", "alice", "mine")
        },
    );
    assert_eq!(plain_events(&out), suppressed("self"));
}

// ---- title, body, ext, channel ---------------------------------------------------------------

#[test]
fn local_notification_title_body_ext_defaults() {
    let mut h = local_background();
    // No push info, no nick name: the sender, the text, the c2c conversation.
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "hello",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
    // A group message: the group conversation.
    let out = received(
        &mut h,
        1100,
        Message {
            group_id: Some("g42".into()),
            ..text("m2", "bob", "hi all")
        },
    );
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "hi all",
            r#"{"conversationID":"group_g42"}"#
        )
    );
}

#[test]
fn local_notification_title_prefers_push_title_then_nick_name_then_sender() {
    let mut h = local_background();
    let cases = [
        (Some("Push title"), Some("Bobby"), "Push title"),
        (None, Some("Bobby"), "Bobby"),
        (Some(""), Some("Bobby"), "Bobby"),
        (None, None, "bob"),
    ];
    for (i, (title, nick, expected)) in cases.into_iter().enumerate() {
        let out = received(
            &mut h,
            1000 + i as u64,
            Message {
                nick_name: nick.map(str::to_string),
                offline_push_info: title.map(|t| push_info(Some(t), None, None)),
                ..text(&format!("m{i}"), "bob", "hello")
            },
        );
        let Effect::ShowNotification { title, .. } = shown(&out) else {
            unreachable!()
        };
        assert_eq!(title, expected, "case {i}");
    }
}

#[test]
fn local_notification_body_prefers_desc_then_text_then_summary() {
    let mut h = local_background();
    let body_of = |h: &mut Harness, at: u64, m: Message| -> String {
        let out = received(h, at, m);
        let Effect::ShowNotification { body, .. } = shown(&out) else {
            unreachable!()
        };
        body
    };
    let with_desc = Message {
        offline_push_info: Some(push_info(None, Some("You have a message"), None)),
        ..text("m1", "bob", "secret")
    };
    assert_eq!(body_of(&mut h, 1000, with_desc), "You have a message");
    assert_eq!(body_of(&mut h, 1100, text("m2", "bob", "hello")), "hello");
    assert_eq!(
        body_of(&mut h, 1200, msg("m3", "bob", ElemType::Image)),
        "[Image]"
    );
    // A text message without text falls back to the summary too.
    assert_eq!(
        body_of(&mut h, 1300, msg("m4", "bob", ElemType::Text)),
        "[Message]"
    );
}

#[test]
fn local_notification_default_summaries_per_elem_type() {
    let mut h = local_background();
    let cases = [
        (ElemType::Image, "[Image]"),
        (ElemType::Sound, "[Voice]"),
        (ElemType::Video, "[Video]"),
        (ElemType::File, "[File]"),
        (ElemType::Location, "[Location]"),
        (ElemType::Face, "[Sticker]"),
        (ElemType::Merger, "[Chat History]"),
    ];
    for (i, (elem, summary)) in cases.into_iter().enumerate() {
        let out = received(&mut h, 1000 + i as u64, msg(&format!("m{i}"), "bob", elem));
        let Effect::ShowNotification { body, .. } = shown(&out) else {
            unreachable!()
        };
        assert_eq!(body, summary, "{elem:?}");
    }
}

#[test]
fn summaries_config_overrides_the_defaults() {
    let cfg = all_vendors_with(r#"summaries = { image = "[Photo]", sound = "[Audio]" }"#);
    let mut h = local_background_with(cfg);
    let out = received(&mut h, 1000, msg("m1", "bob", ElemType::Image));
    assert_eq!(
        shown(&out),
        notification(
            "new_message",
            "bob",
            "[Photo]",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
    let out = received(&mut h, 1100, msg("m2", "bob", ElemType::Sound));
    let Effect::ShowNotification { body, .. } = shown(&out) else {
        unreachable!()
    };
    assert_eq!(body, "[Audio]");
    // Types not overridden keep the default.
    let out = received(&mut h, 1200, msg("m3", "bob", ElemType::Video));
    let Effect::ShowNotification { body, .. } = shown(&out) else {
        unreachable!()
    };
    assert_eq!(body, "[Video]");
}

#[test]
fn local_notification_ext_prefers_push_ext() {
    let mut h = local_background();
    let out = received(
        &mut h,
        1000,
        Message {
            group_id: Some("g42".into()),
            offline_push_info: Some(push_info(None, None, Some("custom-ext"))),
            ..text("m1", "bob", "hello")
        },
    );
    assert_eq!(
        shown(&out),
        notification("new_message", "bob", "hello", "custom-ext")
    );
}

#[test]
fn local_notification_uses_the_configured_local_channel() {
    let cfg = all_vendors_with(r#"local_channel = { channel_id = "online_push" }"#);
    let mut h = Harness::new(cfg, devices::uncertified());
    let out = h.init(100);
    assert_eq!(
        effects(&out),
        vec![Effect::CreateChannel {
            channel_id: "online_push".into(),
            name: "message push".into(),
            description: "push new messages".into()
        }]
    );
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(
        shown(&out),
        notification(
            "online_push",
            "bob",
            "hello",
            r#"{"conversationID":"c2c_bob"}"#
        )
    );
}

#[test]
fn local_notification_on_ios_without_apns_configured() {
    // iOS with no apns entry: `local` serves (vendor_not_configured), no channels on iOS.
    let cfg = config(
        r#"
[[vendors]]
vendor = "fcm"
business_id = 1002
"#,
    );
    let mut h = Harness::new(cfg, DeviceInfo::ios());
    let out = h.init(100);
    assert_eq!(
        warnings(&events(&out)),
        vec![pushlane::WarningCode::VendorNotConfigured]
    );
    h.login(200, "alice");
    h.app(300, AppLifecycle::Paused);
    let out = received(&mut h, 1000, text("m1", "bob", "hello"));
    assert_eq!(effect_kinds(&out), vec!["show_notification"]);
}

#[test]
fn content_reasons_come_before_foreground() {
    // In foreground nothing is shown; a message that would never notify says why.
    let mut h = local_background();
    h.app(900, AppLifecycle::Resumed);
    let out = received(
        &mut h,
        1000,
        Message {
            is_self: true,
            ..text("m1", "alice", "mine")
        },
    );
    assert!(effects(&out).is_empty());
    assert_eq!(plain_events(&out), suppressed("self"));
    let out = received(&mut h, 1100, msg("m2", "bob", ElemType::GroupTips));
    assert_eq!(plain_events(&out), suppressed("group_tips"));
}
