//! lifecycle.md §8 "Clicks (region `click`)" with the payload forms of vendors.md §4: one or more
//! example tests per rule, named after it.

mod support;
use support::*;

use pushlane::{Effect, Event, Input, Output, WarningCode};
use serde_json::{json, Value};

const BOB_EXT: &str = r#"{"conversationID":"c2c_bob"}"#;
const GROUP_EXT: &str = r#"{"conversationID":"group_g42"}"#;

fn deliver(ext: &str, conversation: Option<&str>) -> Effect {
    Effect::DeliverClick {
        ext: ext.into(),
        conversation_id: conversation.map(str::to_string),
        title: None,
        body: None,
    }
}

fn deliver_titled(ext: &str, conversation: Option<&str>, title: &str, body: &str) -> Effect {
    Effect::DeliverClick {
        ext: ext.into(),
        conversation_id: conversation.map(str::to_string),
        title: Some(title.into()),
        body: Some(body.into()),
    }
}

fn ignored(reason: &str) -> Event {
    Event::ClickIgnored {
        reason: reason.into(),
    }
}

/// Huawei phone, init at 100, `alice` logged in at 200, UI ready at 300: clicks deliver.
fn ready() -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.at(300, Input::UiReady);
    h
}

/// The `deliver_click` effect of these outputs (and checks `clear_notifications` came first).
fn delivered(out: &[Output]) -> Effect {
    let effects = effects(out);
    assert_eq!(
        effects.len(),
        2,
        "clear_notifications then deliver_click: {out:?}"
    );
    assert_eq!(effects[0], Effect::ClearNotifications);
    effects[1].clone()
}

fn deliveries(h: &Harness) -> Vec<Effect> {
    h.effects()
        .into_iter()
        .filter(|e| e.kind() == "deliver_click")
        .collect()
}

fn shown(h: &mut Harness, at_ms: u64, conversation: Option<&str>) {
    h.at(
        at_ms,
        Input::ConversationShown {
            conversation_id: conversation.map(str::to_string),
        },
    );
}

// ---- normalising and conversation_id ---------------------------------------------------------

#[test]
fn click_conversation_id_from_the_conversation_id_key() {
    let mut h = ready();
    let out = h.click(1000, "huawei", json!({ "ext": BOB_EXT }));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
    let out = h.click(5000, "fcm", json!({ "ext": GROUP_EXT }));
    assert_eq!(delivered(&out), deliver(GROUP_EXT, Some("group_g42")));
}

#[test]
fn click_ext_as_a_decoded_object_is_accepted() {
    let mut h = ready();
    let out = h.click(1000, "fcm", json!({ "ext": {"conversationID": "c2c_bob"} }));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn click_conversation_id_from_tuikit_entity() {
    let mut h = ready();
    let c2c = r#"{"entity":{"chatType":1,"sender":"bob","action":1}}"#;
    let out = h.click(1000, "vivo", json!({ "ext": c2c }));
    assert_eq!(delivered(&out), deliver(c2c, Some("c2c_bob")));

    let group = r#"{"entity":{"chatType":2,"sender":"g42","action":1}}"#;
    let out = h.click(5000, "vivo", json!({ "ext": group }));
    assert_eq!(delivered(&out), deliver(group, Some("group_g42")));

    // OPPO pushes built by TUIKit: the entity as a JSON string under key `entity`.
    let out = h.click(
        9000,
        "oppo",
        json!({ "entity": r#"{"chatType":1,"sender":"carol","action":1}"# }),
    );
    let Effect::DeliverClick {
        ext,
        conversation_id,
        ..
    } = delivered(&out)
    else {
        unreachable!()
    };
    assert_eq!(conversation_id.as_deref(), Some("c2c_carol"));
    let ext: Value = serde_json::from_str(&ext).unwrap();
    assert_eq!(
        ext,
        json!({"entity": {"chatType": 1, "sender": "carol", "action": 1}})
    );
}

#[test]
fn click_read_by_the_source_vendors_normaliser() {
    let mut h = ready();
    // Xiaomi: the serialized MiPushMessage under key_message.
    let out = h.click(
        1000,
        "xiaomi",
        json!({"key_message": {"messageId": "sdm1", "title": "Bob", "description": "hello", "content": "", "extra": {"ext": BOB_EXT}}}),
    );
    assert_eq!(
        delivered(&out),
        deliver_titled(BOB_EXT, Some("c2c_bob"), "Bob", "hello")
    );
    // Huawei: RemoteMessage.getData() as a JSON string under `data`.
    let out = h.click(
        5000,
        "huawei",
        json!({"data": format!("{{\"ext\":{}}}", json!(GROUP_EXT))}),
    );
    assert_eq!(delivered(&out), deliver(GROUP_EXT, Some("group_g42")));
    // APNs: ext top-level, title and body in aps.alert.
    let out = h.click(
        9000,
        "apns",
        json!({"aps": {"alert": {"title": "Carol", "body": "hey"}}, "ext": r#"{"conversationID":"c2c_carol"}"#}),
    );
    assert_eq!(
        delivered(&out),
        deliver_titled(
            r#"{"conversationID":"c2c_carol"}"#,
            Some("c2c_carol"),
            "Carol",
            "hey"
        )
    );
    // Any source: an intent URI string with percent-encoded extras.
    let out = h.click(
        13_000,
        "honor",
        json!("tencent_im_push://com.example.app/message#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext=%7B%22conversationID%22%3A%22c2c_dave%22%7D;end"),
    );
    assert_eq!(
        delivered(&out),
        deliver(r#"{"conversationID":"c2c_dave"}"#, Some("c2c_dave"))
    );
}

#[test]
fn click_without_ext_delivers_empty_ext_and_null_conversation() {
    let mut h = ready();
    let out = h.click(1000, "fcm", json!({"title": "Bob", "body": "hi"}));
    assert_eq!(delivered(&out), deliver_titled("", None, "Bob", "hi"));
    assert!(warnings(&events(&out)).is_empty());
}

#[test]
fn click_with_non_json_ext_is_delivered_unchanged_with_warning() {
    let mut h = ready();
    let out = h.click(1000, "huawei", json!({"ext": "open:settings"}));
    assert_eq!(delivered(&out), deliver("open:settings", None));
    assert_eq!(
        warnings(&events(&out)),
        vec![WarningCode::ClickPayloadUnreadable]
    );
}

#[test]
fn unreadable_click_payload_is_delivered_with_empty_ext_and_warning() {
    let mut h = ready();
    for (at, payload) in [
        (1000, json!(42)),
        (5000, json!("not an intent uri")),
        (9000, json!("{broken json")),
        (13_000, json!([1, 2])),
    ] {
        let out = h.click(at, "vivo", payload.clone());
        assert_eq!(delivered(&out), deliver("", None), "{payload}");
        assert_eq!(
            warnings(&events(&out)),
            vec![WarningCode::ClickPayloadUnreadable],
            "{payload}"
        );
    }
}

#[test]
fn unknown_click_source_is_read_as_flat_extras() {
    let mut h = ready();
    let out = h.click(1000, "samsung", json!({ "ext": BOB_EXT }));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

// ---- hold until logged in ∧ ui_ready ---------------------------------------------------------

#[test]
fn held_click_delivered_after_login_and_ui_ready() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    let out = h.click(300, "huawei", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    assert!(effects(&out).is_empty());
    assert_eq!(
        state_changes(&out),
        vec![("click".to_string(), "idle".to_string(), "held".to_string())]
    );
    let out = h.at(400, Input::UiReady);
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
    assert_eq!(
        state_changes(&out),
        vec![("click".to_string(), "held".to_string(), "idle".to_string())]
    );
}

#[test]
fn cold_start_click_before_login_delivered_after_login_and_ui_ready() {
    // The tap launched the app: the click arrives before the Chat SDK is even up.
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    let out = h.click(0, "huawei", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    h.at(10, Input::SdkInitialized);
    h.at(20, Input::PluginInit);
    let out = h.login(500, "alice");
    assert!(
        !effect_kinds(&out).contains(&"deliver_click"),
        "UI not ready yet"
    );
    let out = h.at(800, Input::UiReady);
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
    assert_eq!(deliveries(&h).len(), 1);
}

#[test]
fn click_with_ui_ready_but_logged_out_is_held_until_login() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.at(150, Input::UiReady);
    let out = h.click(200, "huawei", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![Event::ClickDeferred]);
    let out = h.login(300, "alice");
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn newest_held_click_wins() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.click(200, "huawei", json!({ "ext": BOB_EXT }));
    let out = h.click(5000, "huawei", json!({ "ext": GROUP_EXT }));
    assert_eq!(
        plain_events(&out),
        vec![Event::ClickSuperseded, Event::ClickDeferred]
    );
    let third = r#"{"conversationID":"c2c_carol"}"#;
    let out = h.click(9000, "huawei", json!({ "ext": third }));
    assert_eq!(
        plain_events(&out),
        vec![Event::ClickSuperseded, Event::ClickDeferred]
    );
    h.login(9100, "alice");
    h.at(9200, Input::UiReady);
    assert_eq!(deliveries(&h), vec![deliver(third, Some("c2c_carol"))]);
}

#[test]
fn click_is_delivered_exactly_once_clear_notifications_then_deliver_click() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.click(150, "huawei", json!({ "ext": BOB_EXT }));
    h.login(200, "alice");
    let out = h.at(300, Input::UiReady);
    assert_eq!(
        effects(&out),
        vec![
            Effect::ClearNotifications,
            deliver(BOB_EXT, Some("c2c_bob"))
        ]
    );
    // Nothing delivers it again.
    h.at(400, Input::UiReady);
    h.at(500, Input::Logout);
    h.login(600, "alice");
    assert_eq!(deliveries(&h).len(), 1);
    assert_eq!(h.machine.status().held_click, None);
}

// ---- already open ----------------------------------------------------------------------------

#[test]
fn click_for_open_conversation_is_ignored() {
    let mut h = ready();
    shown(&mut h, 500, Some("c2c_bob"));
    let out = h.click(1000, "huawei", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![ignored("already_open")]);
    assert!(effects(&out).is_empty(), "nothing else: {out:?}");
    // Another conversation still opens.
    let out = h.click(5000, "huawei", json!({ "ext": GROUP_EXT }));
    assert_eq!(delivered(&out), deliver(GROUP_EXT, Some("group_g42")));
    // After leaving the conversation, a click for it delivers again.
    shown(&mut h, 8000, None);
    let out = h.click(
        9000,
        "huawei",
        json!({ "ext": BOB_EXT, "msgId": "other-message" }),
    );
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn held_click_for_the_conversation_open_at_release_is_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.click(300, "huawei", json!({ "ext": BOB_EXT }));
    shown(&mut h, 350, Some("c2c_bob"));
    let out = h.at(400, Input::UiReady);
    assert_eq!(plain_events(&out), vec![ignored("already_open")]);
    assert!(effects(&out).is_empty());
}

// ---- duplicates ------------------------------------------------------------------------------

#[test]
fn same_msg_id_at_any_time_is_a_duplicate() {
    let mut h = ready();
    let out = h.click(1000, "xiaomi", json!({"msgId": "m1", "ext": BOB_EXT}));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
    let out = h.click(600_000, "xiaomi", json!({"msgId": "m1", "ext": GROUP_EXT}));
    assert_eq!(plain_events(&out), vec![ignored("duplicate")]);
    assert!(effects(&out).is_empty());
}

#[test]
fn vivo_double_click_within_2000ms_is_duplicate() {
    // Receiver first, activity 2000 ms later (inclusive).
    let mut h = ready();
    let out = h.click(
        1000,
        "vivo",
        json!({"title": "Bob", "content": "hello", "msgId": "77", "ext": BOB_EXT}),
    );
    assert_eq!(
        delivered(&out),
        deliver_titled(BOB_EXT, Some("c2c_bob"), "Bob", "hello")
    );
    let out = h.click(3000, "vivo", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![ignored("duplicate")]);
    assert!(effects(&out).is_empty());

    // Activity first, receiver second.
    let mut h = ready();
    h.click(1000, "vivo", json!({ "ext": BOB_EXT }));
    let out = h.click(
        1500,
        "vivo",
        json!({"title": "Bob", "content": "hello", "msgId": "77", "ext": BOB_EXT}),
    );
    assert_eq!(plain_events(&out), vec![ignored("duplicate")]);
    assert_eq!(deliveries(&h).len(), 1);
}

#[test]
fn same_ext_after_2000ms_is_a_new_click() {
    let mut h = ready();
    h.click(1000, "vivo", json!({ "ext": BOB_EXT }));
    let out = h.click(3001, "vivo", json!({ "ext": BOB_EXT }));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn same_ext_with_two_different_msg_ids_is_not_a_duplicate() {
    // Two messages of one conversation, tapped one after the other.
    let mut h = ready();
    h.click(1000, "xiaomi", json!({"msgId": "m1", "ext": BOB_EXT}));
    let out = h.click(1500, "xiaomi", json!({"msgId": "m2", "ext": BOB_EXT}));
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
}

#[test]
fn clicks_without_ext_are_never_duplicates_by_ext() {
    let mut h = ready();
    h.click(1000, "fcm", json!({"title": "A"}));
    let out = h.click(1100, "fcm", json!({"title": "A"}));
    assert_eq!(
        delivered(&out),
        Effect::DeliverClick {
            ext: String::new(),
            conversation_id: None,
            title: Some("A".into()),
            body: None,
        }
    );
}

#[test]
fn duplicate_of_a_held_click_does_not_supersede_it() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::vivo());
    h.init(100);
    h.click(150, "vivo", json!({"msgId": "77", "ext": BOB_EXT}));
    let out = h.click(200, "vivo", json!({ "ext": BOB_EXT }));
    assert_eq!(plain_events(&out), vec![ignored("duplicate")]);
    h.login(300, "alice");
    h.at(400, Input::UiReady);
    assert_eq!(deliveries(&h), vec![deliver(BOB_EXT, Some("c2c_bob"))]);
}

// ---- payload forms the contract states explicitly (vendors.md §4) ---------------------------

#[test]
fn apns_click_title_and_body_come_only_from_aps_alert() {
    let mut h = ready();
    let out = h.click(
        1000,
        "apns",
        json!({
            "aps": {"alert": {"title": "Bob", "body": "hi"}},
            "title": "custom", "content": "custom", "ext": BOB_EXT
        }),
    );
    assert_eq!(
        delivered(&out),
        deliver_titled(BOB_EXT, Some("c2c_bob"), "Bob", "hi")
    );
    // A silent userInfo whose custom keys are named title/content: no alert text at all.
    let out = h.click(
        5000,
        "apns",
        json!({"aps": {"content-available": 1}, "title": "t", "content": "c", "ext": GROUP_EXT}),
    );
    assert_eq!(delivered(&out), deliver(GROUP_EXT, Some("group_g42")));
}

#[test]
fn honor_title_content_ext_without_msg_id_is_the_data_message_form() {
    let mut h = ready();
    // No msgId key: title is the message id, content the data; neither is alert text.
    let out = h.click(
        1000,
        "honor",
        json!({"title": "1300001", "content": json!({"ext": BOB_EXT}).to_string(), "ext": BOB_EXT}),
    );
    assert_eq!(delivered(&out), deliver(BOB_EXT, Some("c2c_bob")));
    // The message id counts for the duplicate rule.
    let out = h.click(
        9000,
        "honor",
        json!({"title": "1300001", "content": "{}", "ext": GROUP_EXT}),
    );
    assert_eq!(plain_events(&out), vec![ignored("duplicate")]);
    // With a msgId key, title and content are the alert text.
    let out = h.click(
        20_000,
        "honor",
        json!({"msgId": "1300002", "title": "Team", "content": "hello", "ext": GROUP_EXT}),
    );
    assert_eq!(
        delivered(&out),
        deliver_titled(GROUP_EXT, Some("group_g42"), "Team", "hello")
    );
}

#[test]
fn huawei_ext_as_intent_params_decodes_the_entity_string_like_every_source() {
    // ExtAsHuaweiIntentParam = 1: the keys of ext arrive as extras; TUIKit's entity is its
    // JSON text. The conversation is found exactly as from a top-level entity elsewhere.
    let entity = r#"{"chatType":2,"sender":"g42","action":1}"#;
    let mut h = ready();
    let out = h.click(
        1000,
        "huawei",
        json!({"entity": entity, "_push_msgid": "77"}),
    );
    let from_params = delivered(&out);
    let mut other = ready();
    let out = other.click(1000, "oppo", json!({ "entity": entity }));
    assert_eq!(from_params, delivered(&out));
    match from_params {
        Effect::DeliverClick {
            ext,
            conversation_id,
            ..
        } => {
            assert_eq!(conversation_id.as_deref(), Some("group_g42"));
            let ext: Value = serde_json::from_str(&ext).unwrap();
            assert_eq!(
                ext,
                json!({"entity": {"chatType": 2, "sender": "g42", "action": 1}})
            );
        }
        other => panic!("{other:?}"),
    }
}
