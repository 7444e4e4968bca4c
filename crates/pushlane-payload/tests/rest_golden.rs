//! The Chat REST API bodies, compared as JSON text with the files in `tests/golden/` (field
//! order included: people read these). After an intended change, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test -p pushlane-payload --test rest_golden` and review the diff.

use pushlane_payload::rest::{BatchSend, Outgoing, BATCH_LIMIT, MAX_MSG_LIFETIME};
use pushlane_payload::{ElemType, IosPushType, Message, OfflinePushInfo, PushBuilder};
use serde::Serialize;
use std::path::PathBuf;

/// Compares `value`, pretty-printed, with `tests/golden/<name>.json`; with `UPDATE_GOLDEN=1`
/// writes the file instead.
fn golden(name: &str, value: &impl Serialize) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.json"));
    let actual = serde_json::to_string_pretty(value).expect("REST bodies serialise") + "\n";
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&path, &actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{} differs from the serialised body; if the change is intended, rerun with \
         UPDATE_GOLDEN=1 and review the diff\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

fn text_message() -> Message {
    let mut message = Message::text("alice", "Dinner at 8?");
    message.msg_id = "144115233874815003-1700000000-1234".into();
    message
}

/// An info with every field our model has set, to show where each one lands in the REST body.
fn info_with_every_field() -> OfflinePushInfo {
    OfflinePushInfo {
        title: "Alice".into(),
        desc: "[Order update]".into(),
        ext: r#"{"conversationID":"c2c_alice"}"#.into(),
        disable_push: false,
        ignore_ios_badge: false,
        ios_sound: Some("order.caf".into()),
        ios_push_type: IosPushType::Apns,
        ios_image: Some("https://example.com/order.png".into()),
        android_sound: Some("order".into()),
        android_oppo_channel_id: Some("im_oppo".into()),
        android_oppo_category: Some("IM".into()),
        android_oppo_notify_level: Some(2),
        android_vivo_classification: 0,
        android_vivo_category: Some("IM".into()),
        android_huawei_category: Some("IM".into()),
        android_huawei_importance: Some("NORMAL".into()),
        android_huawei_channel_id: Some("im_huawei".into()),
        android_huawei_image: Some("https://example.com/huawei.png".into()),
        ext_as_huawei_intent_param: true,
        android_honor_image: Some("https://example.com/honor.png".into()),
        android_honor_importance: Some("NORMAL".into()),
        android_fcm_channel_id: Some("im_fcm".into()),
        android_fcm_image: Some("https://example.com/fcm.png".into()),
        android_xiaomi_channel_id: Some("im_xiaomi".into()),
    }
}

#[test]
fn single_text_message() {
    let message = text_message();
    let info = PushBuilder::new(&message).build();
    let outgoing = Outgoing::from_message(&message, &info).expect("a text message has a body");
    golden("single_text", &outgoing.single("bob"));
}

#[test]
fn single_custom_message_with_every_android_and_apns_field() {
    let mut message = Message::new("alice", ElemType::Custom);
    message.text = Some(r#"{"businessID":"order","orderId":7}"#.into());
    message.msg_id = "order-7".into();
    let mut outgoing = Outgoing::from_message(&message, &info_with_every_field())
        .expect("a custom message with data has a body");
    outgoing.msg_lifetime = Some(3600);
    golden("single_custom_all_fields", &outgoing.single("bob"));
}

#[test]
fn batch_of_1201_recipients_is_three_bodies_of_500_500_and_201() {
    let message = text_message();
    let outgoing = Outgoing::from_message(&message, &PushBuilder::new(&message).build())
        .expect("a text message has a body");
    let recipients: Vec<String> = (1..=1201).map(|n| format!("user{n:04}")).collect();
    let bodies: Vec<BatchSend> = outgoing.batch(&recipients).expect("recipients given");
    let sizes: Vec<usize> = bodies.iter().map(|body| body.to_account.len()).collect();
    assert_eq!(sizes, [BATCH_LIMIT, BATCH_LIMIT, 201]);
    golden("batch_1201", &bodies);
}

#[test]
fn push_to_all_keeps_the_message_offline_for_the_longest_time_by_default() {
    let message = Message::text("admin", "The app is down for maintenance at 02:00 UTC.");
    let outgoing = Outgoing::from_message(&message, &PushBuilder::new(&message).build())
        .expect("a text message has a body");
    let push = outgoing.push_to_all();
    assert_eq!(push.msg_life_time, MAX_MSG_LIFETIME);
    golden("push_to_all", &push);
}

#[test]
fn disable_push_is_push_flag_1() {
    let message = text_message();
    let info = OfflinePushInfo {
        disable_push: true,
        ..PushBuilder::new(&message).build()
    };
    let outgoing = Outgoing::from_message(&message, &info).expect("a text message has a body");
    golden("disable_push", &outgoing.single("bob"));
}

#[test]
fn voip_with_ignore_badge_is_badge_mode_1_and_no_voip_field() {
    let message = text_message();
    let info = OfflinePushInfo {
        ios_push_type: IosPushType::Voip,
        ignore_ios_badge: true,
        ios_sound: Some("push.no_sound".into()),
        ..PushBuilder::new(&message).build()
    };
    let outgoing = Outgoing::from_message(&message, &info).expect("a text message has a body");
    golden("voip_ignore_badge", &outgoing.single("bob"));
}
