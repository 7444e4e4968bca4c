//! lifecycle.md §8 with vendors.md §4's nested forms: a nested payload the vendor's form says
//! holds JSON (Huawei/Honor `data`, Honor's data-message `content`, Xiaomi `customMessage`,
//! `key_message` and its `extra`) that is not a JSON object is unreadable. The click is still
//! delivered with what the rest of the payload gave, with warning `click_payload_unreadable`.

mod support;
use support::*;

use pushlane::{Effect, Event, Input, Output, WarningCode};
use serde_json::{json, Value};

const BOB_EXT: &str = r#"{"conversationID":"c2c_bob"}"#;

/// A phone, logged in and UI ready: clicks deliver at once.
fn ready() -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h.at(300, Input::UiReady);
    h
}

/// The click delivered by these outputs, and the detail of their one warning.
fn delivered_with_warning(out: &[Output], payload: &Value) -> (Effect, String) {
    let delivered: Vec<Effect> = effects(out)
        .into_iter()
        .filter(|e| matches!(e, Effect::DeliverClick { .. }))
        .collect();
    assert_eq!(delivered.len(), 1, "{payload}: {out:?}");
    let warnings: Vec<(WarningCode, String)> = events(out)
        .into_iter()
        .filter_map(|e| match e {
            Event::Warning { code, detail } => Some((code, detail)),
            _ => None,
        })
        .collect();
    assert_eq!(
        warnings.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        vec![WarningCode::ClickPayloadUnreadable],
        "{payload}: {out:?}"
    );
    (delivered[0].clone(), warnings[0].1.clone())
}

fn plain(ext: &str) -> Effect {
    Effect::DeliverClick {
        ext: ext.into(),
        conversation_id: None,
        title: None,
        body: None,
    }
}

#[test]
fn huawei_data_that_is_not_a_json_object_warns_and_delivers_a_plain_click() {
    for (at, data) in [
        (1000, json!("not json")),
        (5000, json!(3)),
        (9000, json!([1])),
    ] {
        let mut h = ready();
        let payload = json!({ "data": data, "_push_msgid": "9" });
        let out = h.click(at, "huawei", payload.clone());
        let (click, detail) = delivered_with_warning(&out, &payload);
        assert_eq!(click, plain(""), "{payload}");
        assert!(
            detail.contains("huawei") && detail.contains("`data`"),
            "{detail}"
        );
        // The msg_id HMS gave is still read: the same click again is a duplicate.
        let again = h.click(at + 5000, "huawei", payload.clone());
        assert!(
            events(&again).contains(&Event::ClickIgnored {
                reason: "duplicate".into()
            }),
            "{again:?}"
        );
    }
}

#[test]
fn honor_data_that_is_not_a_json_object_warns_and_keeps_the_msg_id() {
    let mut h = ready();
    let payload = json!({"msgId": "1300002", "data": "plain words", "ext": BOB_EXT});
    let out = h.click(1000, "honor", payload.clone());
    let (click, detail) = delivered_with_warning(&out, &payload);
    assert!(
        matches!(&click, Effect::DeliverClick { ext, conversation_id: Some(c), .. } if ext == BOB_EXT && c == "c2c_bob"),
        "{click:?}"
    );
    assert!(
        detail.contains("honor") && detail.contains("`data`"),
        "{detail}"
    );
}

#[test]
fn honor_data_message_content_that_is_not_a_json_object_warns() {
    let mut h = ready();
    let payload = json!({"title": "1300003", "content": "hello"});
    let out = h.click(1000, "honor", payload.clone());
    let (click, detail) = delivered_with_warning(&out, &payload);
    assert_eq!(click, plain(""));
    assert!(detail.contains("`content`"), "{detail}");
}

#[test]
fn xiaomi_custom_message_that_is_not_a_json_object_warns() {
    for custom in [json!("{broken"), json!(7), json!(["ext"])] {
        let mut h = ready();
        let payload =
            json!({"title": "Bob", "content": "hi", "msgId": "m1", "customMessage": custom});
        let out = h.click(1000, "xiaomi", payload.clone());
        let (click, detail) = delivered_with_warning(&out, &payload);
        assert_eq!(
            click,
            Effect::DeliverClick {
                ext: String::new(),
                conversation_id: None,
                title: Some("Bob".into()),
                body: Some("hi".into()),
            },
            "{payload}"
        );
        assert!(
            detail.contains("xiaomi") && detail.contains("`customMessage`"),
            "{detail}"
        );
    }
}

#[test]
fn xiaomi_key_message_that_is_not_a_json_object_warns() {
    for message in [json!("MiPushMessage{messageId=sdm1}"), json!(true)] {
        let mut h = ready();
        let payload = json!({ "key_message": message });
        let out = h.click(1000, "xiaomi", payload.clone());
        let (click, detail) = delivered_with_warning(&out, &payload);
        assert_eq!(click, plain(""), "{payload}");
        assert!(detail.contains("`key_message`"), "{detail}");
    }
}

#[test]
fn xiaomi_key_message_extra_that_is_not_a_json_object_warns() {
    let mut h = ready();
    let message =
        json!({"messageId": "sdm1", "title": "Bob", "description": "hello", "extra": "ext=1"});
    let payload = json!({ "key_message": message.to_string() });
    let out = h.click(1000, "xiaomi", payload.clone());
    let (click, detail) = delivered_with_warning(&out, &payload);
    assert_eq!(
        click,
        Effect::DeliverClick {
            ext: String::new(),
            conversation_id: None,
            title: Some("Bob".into()),
            body: Some("hello".into()),
        }
    );
    assert!(detail.contains("`key_message.extra`"), "{detail}");
}

#[test]
fn nested_payloads_that_are_absent_or_empty_are_no_warning() {
    let mut h = ready();
    for (at, source, payload) in [
        (1000, "huawei", json!({"data": "", "_push_msgid": "1"})),
        (5000, "honor", json!({"msgId": "2", "data": null})),
        (9000, "xiaomi", json!({"msgId": "3", "customMessage": ""})),
        (13_000, "xiaomi", json!({"msgId": "4", "ext": BOB_EXT})),
        // Huawei's extras with `ext`: a `data` extra beside it is the app's, not read.
        (
            17_000,
            "huawei",
            json!({"ext": BOB_EXT, "data": "app's own"}),
        ),
    ] {
        let out = h.click(at, source, payload.clone());
        assert!(warnings(&events(&out)).is_empty(), "{payload}: {out:?}");
        assert_eq!(
            effects(&out)
                .iter()
                .filter(|e| matches!(e, Effect::DeliverClick { .. }))
                .count(),
            1,
            "{payload}: {out:?}"
        );
    }
}
