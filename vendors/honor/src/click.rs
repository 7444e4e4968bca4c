//! Honor clicks (vendors.md §4):
//!
//! - in-app activity: a flat map of the intent's string extras, `ext` under `ext` (or the
//!   business JSON under `entity`);
//! - data message: `{title: msgId, content: data, ext}`, or `{msgId, data}` where `data` is the
//!   JSON string of `HonorPushDataMsg.getData()` holding `ext`.
//!
//! The first data-message form is told from the flat map by its keys: `title` and `content`
//! without a `msgId` key. `title` then holds the message id and `content` the data (which may
//! hold `ext`), not the alert text. With a `msgId` key, `title` / `content` are the alert text.

use pushlane_plugin::click::{fill_from, payload_map, read_flat, scalar_text};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut flat = read_flat(&map);
    // `{msgId, data}`: what is missing at the top comes from the data (a `data` that is not
    // JSON is noted as unreadable).
    if let Some(data) = flat.nested(&map, "data", "data") {
        return Ok(fill_from(flat, read_flat(&data)));
    }
    // `{title: msgId, content: data, ext}`: no `msgId` key of its own.
    if !map.contains_key("msgId") && map.contains_key("title") && map.contains_key("content") {
        let inner = flat
            .nested(&map, "content", "content")
            .map(|data| read_flat(&data))
            .unwrap_or_default();
        return Ok(NormalisedClick {
            ext: flat.ext.or(inner.ext),
            title: inner.title,
            body: inner.body,
            msg_id: map.get("title").and_then(scalar_text).or(inner.msg_id),
            unreadable: flat.unreadable,
        });
    }
    Ok(flat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";

    #[test]
    fn in_app_activity_extras_with_ext() {
        let click = normalise(&json!({"ext": EXT})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        let object =
            normalise(&json!({"ext": {"conversationID": "c2c_bob"}, "title": "Bob"})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
        assert_eq!(object.title.as_deref(), Some("Bob"));
    }

    #[test]
    fn in_app_activity_extras_with_entity() {
        let click = normalise(&json!({"entity": "{\"chatType\":1,\"sender\":\"bob\"}"})).unwrap();
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 1, "sender": "bob"}}));
    }

    #[test]
    fn data_message_title_msg_id_content_data_ext() {
        let data = json!({"ext": EXT}).to_string();
        let click = normalise(&json!({"title": "1300001", "content": data, "ext": EXT})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("1300001"));
        assert_eq!(click.title, None, "title carried the message id");
        assert_eq!(click.body, None, "content carried the data");
        let numeric = normalise(&json!({"title": 1300001, "content": data})).unwrap();
        assert_eq!(numeric.msg_id.as_deref(), Some("1300001"));
        assert_eq!(numeric.ext.as_deref(), Some(EXT), "ext from the data alone");
    }

    #[test]
    fn data_message_msg_id_and_data_string() {
        let data = json!({"ext": EXT, "title": "Bob", "desc": "hi"}).to_string();
        let click = normalise(&json!({"msgId": "1300002", "data": data})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("1300002"));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        let object =
            normalise(&json!({"msgId": 7, "data": {"ext": {"conversationID": "c2c_bob"}}}))
                .unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
        assert_eq!(object.msg_id.as_deref(), Some("7"));
    }

    #[test]
    fn data_that_is_not_json_gives_a_click_without_ext_noted_unreadable() {
        let click = normalise(&json!({"msgId": "1", "data": "plain words"})).unwrap();
        assert_eq!(click.ext, None);
        assert_eq!(click.msg_id.as_deref(), Some("1"));
        assert_eq!(
            click.unreadable,
            ["`data` is not a JSON object (a string: plain words)"]
        );
        // The data-message form with data that is not JSON: still no alert text.
        let text = normalise(&json!({"title": "1300003", "content": "hello"})).unwrap();
        assert_eq!(text.msg_id.as_deref(), Some("1300003"));
        assert_eq!(text.title, None);
        assert_eq!(text.body, None);
        assert_eq!(text.ext, None);
        assert_eq!(
            text.unreadable,
            ["`content` is not a JSON object (a string: hello)"]
        );
    }

    #[test]
    fn readable_or_absent_data_is_no_note() {
        let data = json!({"ext": EXT}).to_string();
        for payload in [
            json!({"msgId": "1", "data": data}),
            json!({"title": "1300001", "content": data}),
            json!({"msgId": "1", "title": "Bob", "content": "alert text"}),
            json!({"msgId": "1", "data": ""}),
            json!({"ext": EXT}),
        ] {
            let click = normalise(&payload).unwrap();
            assert!(click.unreadable.is_empty(), "{payload}: {click:?}");
        }
    }

    #[test]
    fn title_content_ext_without_msg_id_key_is_the_data_message_form() {
        // Even when `content` does not look like JSON: the keys decide, not the values.
        let click = normalise(&json!({"title": "1300004", "content": "x", "ext": EXT})).unwrap();
        assert_eq!(click.msg_id.as_deref(), Some("1300004"));
        assert_eq!(click.title, None, "title is the message id");
        assert_eq!(click.body, None, "content is the data");
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn title_content_ext_with_msg_id_key_is_alert_text() {
        let click = normalise(&json!({
            "msgId": "1300005", "title": "Bob", "content": "hello", "ext": EXT
        }))
        .unwrap();
        assert_eq!(click.msg_id.as_deref(), Some("1300005"));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hello"));
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn intent_uri_string() {
        let click = normalise(&json!(
            "tencent_im_push://com.example.app/message?ext=%7B%7D#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D;end"
        ))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT), "extras win over the query");
    }

    #[test]
    fn plain_notification_has_no_ext() {
        assert_eq!(normalise(&json!({"title": "t"})).unwrap().ext, None);
        assert_eq!(normalise(&json!({})).unwrap(), NormalisedClick::default());
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        assert!(normalise(&json!(42)).is_err());
        assert!(normalise(&json!("garbage")).is_err());
        assert!(normalise(&json!("{\"msgId\":")).is_err());
        assert!(normalise(&json!([{"ext": EXT}])).is_err());
        assert!(normalise(&json!("app://h/p?ext=%")).is_err());
    }
}
