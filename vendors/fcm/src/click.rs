//! FCM clicks (vendors.md §4): the message's data map with `ext`, as a JSON object or as the
//! launcher intent's extras (or an intent URI string).
//!
//! Tapping a notification while the app is in the background delivers the data payload "in
//! the extras of the intent of your launcher Activity" (Firebase, "Receive messages in an
//! Android app", <https://firebase.google.com/docs/cloud-messaging/android/receive#handling_messages>),
//! beside FCM's own keys; the message id is under `google.message_id`, or `message_id` as the
//! server names it (firebase-android-sdk, `Constants.MessagePayloadKeys.MSGID` /
//! `MSGID_SERVER`, read by `RemoteMessage.getMessageId()`). It serves as the click's `msg_id`
//! when the map has none of its own.

use pushlane_plugin::click::{first_text, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

/// FCM's message id keys, in `RemoteMessage.getMessageId()` order.
const FCM_MSG_ID_KEYS: &[&str] = &["google.message_id", "message_id"];

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    if click.msg_id.is_none() {
        click.msg_id = first_text(&map, FCM_MSG_ID_KEYS);
    }
    Ok(click)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";

    #[test]
    fn data_map_with_ext_string_or_object() {
        let click = normalise(&json!({"ext": EXT, "title": "Bob", "body": "hi"})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        let object = normalise(&json!({"ext": {"conversationID": "c2c_bob"}})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn launcher_intent_extras_give_the_fcm_message_id() {
        let click = normalise(&json!({
            "ext": EXT,
            "from": "123456789",
            "google.message_id": "0:1575594729695%abc",
            "google.sent_time": 1575594729695_u64,
            "collapse_key": "com.example.app"
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("0:1575594729695%abc"));
        let server = normalise(&json!({"ext": EXT, "message_id": "m9"})).unwrap();
        assert_eq!(server.msg_id.as_deref(), Some("m9"));
        let own = normalise(&json!({"ext": EXT, "msgId": "m1", "google.message_id": "g"})).unwrap();
        assert_eq!(own.msg_id.as_deref(), Some("m1"));
    }

    #[test]
    fn top_level_entity_is_read_as_ext_entity() {
        let click = normalise(&json!({"entity": "{\"chatType\":2,\"sender\":\"grp1\"}"})).unwrap();
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 2, "sender": "grp1"}}));
    }

    #[test]
    fn intent_uri_string() {
        let click = normalise(&json!(
            "tencent_im_push://com.example.app/message?ext=x#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D;S.google.message_id=g1;end"
        ))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("g1"));
    }

    #[test]
    fn data_map_as_json_text() {
        let click = normalise(&Value::String(json!({"ext": EXT}).to_string())).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn plain_notification_has_no_ext() {
        let click = normalise(&json!({"from": "1", "collapse_key": "k"})).unwrap();
        assert_eq!(click.ext, None);
        assert_eq!(normalise(&json!({})).unwrap(), NormalisedClick::default());
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        assert!(normalise(&json!(42)).is_err());
        assert!(normalise(&json!("garbage")).is_err());
        assert!(normalise(&json!("{\"ext\":")).is_err());
        assert!(normalise(&json!(true)).is_err());
        assert!(normalise(&json!("app://h/p?ext=%E0%A4")).is_err());
    }
}
