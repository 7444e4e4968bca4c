//! APNs clicks (vendors.md §4): the notification's userInfo dictionary, `ext` top-level (string
//! or object), title and body in `aps.alert`.
//!
//! `aps.alert` is either a dictionary (`title`, `subtitle`, `body`, `*-loc-key`…) or a plain
//! string, which is then the alert's body text (Apple, "Payload Key Reference", key `alert`:
//! <https://developer.apple.com/library/archive/documentation/NetworkingInternet/Conceptual/RemoteNotificationsPG/PayloadKeyReference.html>).
//! Localised alerts (`title-loc-key`, `loc-key`) carry no text of their own and are not read.

use pushlane_plugin::click::{object_in, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let alert = map
        .get("aps")
        .and_then(object_in)
        .and_then(|aps| aps.get("alert").map(read_alert))
        .unwrap_or_default();
    // Title and body come only from `aps.alert`: top-level `title` / `content` / `body` keys
    // of a userInfo dictionary are the app's custom data, not what the user saw (vendors.md
    // §4). `ext` (or a top-level `entity`) and a message id come from the userInfo itself.
    let custom = read_flat(&map);
    Ok(NormalisedClick {
        ext: custom.ext,
        msg_id: custom.msg_id,
        ..alert
    })
}

fn read_alert(alert: &Value) -> NormalisedClick {
    match alert {
        Value::String(body) if !body.is_empty() => NormalisedClick {
            body: Some(body.clone()),
            ..NormalisedClick::default()
        },
        other => match object_in(other) {
            Some(dictionary) => {
                let click = read_flat(&dictionary);
                NormalisedClick {
                    title: click.title,
                    body: click.body,
                    ..NormalisedClick::default()
                }
            }
            None => NormalisedClick::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";

    #[test]
    fn user_info_with_alert_dictionary_and_ext_string() {
        let click = normalise(&json!({
            "aps": {"alert": {"title": "Bob", "body": "hi"}, "badge": 1, "sound": "default"},
            "ext": EXT
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        assert_eq!(click.msg_id, None);
    }

    #[test]
    fn ext_as_object_gives_the_same_text() {
        let click = normalise(&json!({
            "aps": {"alert": {"title": "Bob", "body": "hi"}},
            "ext": {"conversationID": "c2c_bob"}
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn alert_as_plain_string_is_the_body() {
        let click = normalise(&json!({"aps": {"alert": "Bob: hi"}, "ext": EXT})).unwrap();
        assert_eq!(click.body.as_deref(), Some("Bob: hi"));
        assert_eq!(click.title, None);
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn alert_wins_over_top_level_title_and_body() {
        let click = normalise(&json!({
            "aps": {"alert": {"title": "Bob", "body": "hi"}},
            "title": "other", "body": "other", "msgId": "m1", "ext": EXT
        }))
        .unwrap();
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        assert_eq!(click.msg_id.as_deref(), Some("m1"));
    }

    #[test]
    fn title_and_body_come_only_from_aps_alert_top_level_keys_are_custom_data() {
        // A userInfo whose custom keys happen to be called title/content/body: without an
        // alert of its own they are not read as alert text.
        let click = normalise(&json!({
            "aps": {"content-available": 1},
            "title": "order #42", "content": "shipped", "body": "x", "ext": EXT
        }))
        .unwrap();
        assert_eq!(click.title, None);
        assert_eq!(click.body, None);
        assert_eq!(click.ext.as_deref(), Some(EXT));
        // An alert with a title only: the body is not filled in from the custom keys.
        let partial = normalise(&json!({
            "aps": {"alert": {"title": "Bob"}}, "content": "custom", "body": "custom"
        }))
        .unwrap();
        assert_eq!(partial.title.as_deref(), Some("Bob"));
        assert_eq!(partial.body, None);
        // A string alert is the body; a top-level title stays custom data.
        let string = normalise(&json!({"aps": {"alert": "hi"}, "title": "custom"})).unwrap();
        assert_eq!(string.title, None);
        assert_eq!(string.body.as_deref(), Some("hi"));
    }

    #[test]
    fn top_level_entity_is_read_as_ext_entity() {
        let click = normalise(&json!({
            "aps": {"alert": {"title": "Bob", "body": "hi"}},
            "entity": "{\"chatType\":1,\"sender\":\"bob\"}"
        }))
        .unwrap();
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 1, "sender": "bob"}}));
    }

    #[test]
    fn user_info_as_json_text_and_aps_as_json_text() {
        let text = json!({"aps": {"alert": {"title": "Bob"}}, "ext": EXT}).to_string();
        let click = normalise(&Value::String(text)).unwrap();
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.ext.as_deref(), Some(EXT));
        let nested = normalise(&json!({"aps": "{\"alert\":\"hi\"}", "ext": EXT})).unwrap();
        assert_eq!(nested.body.as_deref(), Some("hi"));
    }

    #[test]
    fn intent_uri_string_is_read_like_every_source() {
        let click = normalise(&json!(
            "tencent_im_push://com.example.app/message?ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D"
        ))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn plain_or_odd_alerts_have_no_ext_and_do_not_fail() {
        let plain = normalise(&json!({"aps": {"alert": {"title": "t"}}})).unwrap();
        assert_eq!(plain.ext, None);
        assert_eq!(plain.title.as_deref(), Some("t"));
        let localised =
            normalise(&json!({"aps": {"alert": {"loc-key": "MSG", "loc-args": ["a"]}}})).unwrap();
        assert_eq!(localised, NormalisedClick::default());
        let silent = normalise(&json!({"aps": {"content-available": 1}, "ext": EXT})).unwrap();
        assert_eq!(silent.ext.as_deref(), Some(EXT));
        let odd = normalise(&json!({"aps": {"alert": 7}, "aps_extra": null})).unwrap();
        assert_eq!(odd, NormalisedClick::default());
        assert_eq!(normalise(&json!({})).unwrap(), NormalisedClick::default());
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        assert!(normalise(&json!(42)).is_err());
        assert!(normalise(&json!("garbage")).is_err());
        assert!(normalise(&json!("{not json")).is_err());
        assert!(normalise(&json!([1, 2])).is_err());
        assert!(normalise(&Value::Null).is_err());
        assert!(normalise(&json!("app://h/p?ext=%zz")).is_err());
    }
}
