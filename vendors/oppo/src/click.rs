//! OPPO clicks (vendors.md §4): the in-app activity receives a flat map of the intent's string
//! extras with `ext` under key `ext`; pushes built by TUIKit may carry the business JSON under
//! `entity` instead (a JSON string, read as `ext = {"entity": …}`), which the shared flat
//! reader already does.

use pushlane_plugin::click::normalise_flat;
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    normalise_flat(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";
    /// `EXT` percent-encoded.
    const EXT_ENCODED: &str = "%7B%22conversationID%22%3A%22c2c_bob%22%7D";

    fn ext_json(click: &NormalisedClick) -> Value {
        serde_json::from_str(click.ext.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn flat_extras_with_ext_string() {
        let click = normalise(&json!({"title": "Bob", "content": "hi", "msgId": "m1", "ext": EXT}))
            .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        assert_eq!(click.msg_id.as_deref(), Some("m1"));
    }

    #[test]
    fn ext_as_decoded_object_gives_the_same_text() {
        let click = normalise(&json!({"ext": {"conversationID": "c2c_bob"}})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn tuikit_entity_string_is_read_as_ext_entity() {
        let entity = json!({"chatType": 1, "sender": "bob", "action": 1, "version": 1});
        let click = normalise(&json!({"entity": entity.to_string()})).unwrap();
        assert_eq!(ext_json(&click), json!({ "entity": entity }));
        let object = normalise(&json!({"entity": entity})).unwrap();
        assert_eq!(ext_json(&object), json!({ "entity": entity }));
    }

    #[test]
    fn ext_wins_over_entity() {
        let click = normalise(&json!({"ext": EXT, "entity": "{\"chatType\":2}"})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn intent_uri_string_with_query_and_typed_extras() {
        let uri = format!(
            "tencent_im_push://com.example.app/message?ext={EXT_ENCODED}#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext={EXT_ENCODED};S.title=Bob;end"
        );
        let click = normalise(&json!(uri)).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        let query_only = format!("tencent_im_push://com.example.app/message?ext={EXT_ENCODED}");
        assert_eq!(
            normalise(&json!(query_only)).unwrap().ext.as_deref(),
            Some(EXT)
        );
    }

    #[test]
    fn intent_uri_carrying_entity() {
        let uri = "tencent_im_push://com.example.app/message#Intent;scheme=tencent_im_push;S.entity=%7B%22chatType%22%3A2%2C%22sender%22%3A%22group1%22%7D;end";
        let click = normalise(&json!(uri)).unwrap();
        assert_eq!(
            ext_json(&click),
            json!({"entity": {"chatType": 2, "sender": "group1"}})
        );
    }

    #[test]
    fn plain_notification_has_no_ext() {
        let click = normalise(&json!({"title": "t", "content": "c"})).unwrap();
        assert_eq!(click.ext, None);
        assert_eq!(normalise(&json!({})).unwrap(), NormalisedClick::default());
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        for payload in [
            json!(12),
            json!(null),
            json!(true),
            json!(["ext"]),
            json!("garbage"),
            json!("{not json"),
            json!("app://h/p?ext=%G1"),
            json!("app://h/p#Intent;S.ext=%E2%82;end"),
        ] {
            assert!(normalise(&payload).is_err(), "{payload}");
        }
    }
}
