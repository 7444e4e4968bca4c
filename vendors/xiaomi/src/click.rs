//! Xiaomi clicks (vendors.md §4): `{title, content, msgId, ext, customMessage:{…}}` where `ext`
//! may only be inside `customMessage`, or the serialized `MiPushMessage` under `key_message`
//! (`{messageId, title, description, content, extra:{ext,…}}`).

use pushlane_plugin::click::{fill_from, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    // Each nested part that is not JSON is noted as unreadable; the rest is still read.
    if let Some(custom) = click.nested(&map, "customMessage", "customMessage") {
        click = fill_from(click, read_flat(&custom));
    }
    if let Some(message) = click.nested(&map, "key_message", "key_message") {
        let mut inner = read_flat(&message);
        if let Some(extra) = click.nested(&message, "extra", "key_message.extra") {
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
    fn nested_parts_that_are_not_json_objects_are_noted_unreadable() {
        let custom =
            normalise(&json!({"title": "Bob", "msgId": "m1", "customMessage": "{broken"})).unwrap();
        assert_eq!(custom.title.as_deref(), Some("Bob"));
        assert_eq!(custom.msg_id.as_deref(), Some("m1"));
        assert_eq!(
            custom.unreadable,
            ["`customMessage` is not a JSON object (a string: {broken)"]
        );
        let message = normalise(&json!({"key_message": 5})).unwrap();
        assert_eq!(
            message.unreadable,
            ["`key_message` is not a JSON object (a number)"]
        );
        let extra = json!({"messageId": "sdm1", "title": "Bob", "extra": ["ext"]}).to_string();
        let extra = normalise(&json!({ "key_message": extra })).unwrap();
        assert_eq!(extra.msg_id.as_deref(), Some("sdm1"));
        assert_eq!(extra.title.as_deref(), Some("Bob"));
        assert_eq!(
            extra.unreadable,
            ["`key_message.extra` is not a JSON object (an array)"]
        );
        let readable =
            normalise(&json!({"customMessage": {"ext": EXT}, "key_message": ""})).unwrap();
        assert!(readable.unreadable.is_empty(), "{readable:?}");
    }

    #[test]
    fn plain_notification_has_no_ext() {
        assert_eq!(normalise(&json!({"title": "t"})).unwrap().ext, None);
        assert!(normalise(&json!(12)).is_err());
    }
}
