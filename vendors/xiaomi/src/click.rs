//! Xiaomi clicks (vendors.md §4): `{title, content, msgId, ext, customMessage:{…}}` where `ext`
//! may only be inside `customMessage`, or the serialized `MiPushMessage` under `key_message`
//! (`{messageId, title, description, content, extra:{ext,…}}`).

use pushlane_plugin::click::{fill_from, object_in, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    if let Some(custom) = map.get("customMessage").and_then(object_in) {
        click = fill_from(click, read_flat(&custom));
    }
    if let Some(message) = map.get("key_message").and_then(object_in) {
        let mut inner = read_flat(&message);
        if let Some(extra) = message.get("extra").and_then(object_in) {
            inner = fill_from(read_flat(&extra), inner);
            // `extra` carries ext; title and body of the message itself come first.
            inner.title = read_flat(&message).title.or(inner.title);
            inner.body = read_flat(&message).body.or(inner.body);
        }
        click = fill_from(click, inner);
    }
    Ok(click)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";

    #[test]
    fn top_level_ext() {
        let click = normalise(&json!({"title": "Bob", "content": "hi", "msgId": "m1", "ext": EXT}))
            .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        assert_eq!(click.msg_id.as_deref(), Some("m1"));
    }

    #[test]
    fn ext_only_inside_custom_message_as_object_or_string() {
        let object =
            normalise(&json!({"title": "Bob", "msgId": "m1", "customMessage": {"ext": EXT}}))
                .unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
        let string =
            normalise(&json!({"customMessage": format!("{{\"ext\":{}}}", json!(EXT))})).unwrap();
        assert_eq!(string.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn serialized_mipush_message_under_key_message() {
        let message = json!({
            "messageId": "sdm1", "title": "Bob", "description": "hello", "content": "",
            "extra": {"ext": EXT, "notify_effect": "1"}
        });
        let click = normalise(&json!({"key_message": message.to_string()})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("sdm1"));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hello"));
    }

    #[test]
    fn intent_uri_string() {
        let click = normalise(&json!(
            "tencent_im_push://com.example.app/message#Intent;scheme=tencent_im_push;S.ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D;end"
        ))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn plain_notification_has_no_ext() {
        assert_eq!(normalise(&json!({"title": "t"})).unwrap().ext, None);
        assert!(normalise(&json!(12)).is_err());
    }
}
