//! vivo clicks (vendors.md §4), two forms for one tap:
//!
//! - the in-app activity: a flat map of the intent's string extras, `ext` under key `ext` (or
//!   TUIKit's `entity`);
//! - the receiver (`OpenClientPushMessageReceiver.onNotificationMessageClicked`):
//!   `{title, content, msgId, ext}` built from `UPSNotificationMessage`, whose `getParams()`
//!   holds `ext`. Hosts that forward the params map as it is send `{…, params: {ext: …}}`
//!   instead; that map may also arrive as its JSON text.
//!
//! vivo fires the receiver **and** opens the activity for one tap, in no fixed order, so the
//! same click arrives twice; the engine's duplicate rule (lifecycle.md §8) drops the second.
//!
//! Source for the `params` form: vivo "Android PUSH-SDK 集成指南" (vivo open platform,
//! dev.vivo.com.cn, push service documents): `UPSNotificationMessage.getParams()` is the
//! notification's custom key-value map; its release notes for SDK 3.0.0.0 move custom params to
//! the intent of the activity the tap opens, and 3.0.0.2 restores `onNotificationMessageClicked`
//! for compatibility, which is why both forms arrive.

use pushlane_plugin::click::{object_in, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    if click.ext.is_none() {
        // Only `ext` (or `entity`) is taken from the params map: its other keys are the app's
        // own custom params, not the notification's title or body.
        click.ext = map
            .get("params")
            .and_then(object_in)
            .and_then(|params| read_flat(&params).ext);
    }
    Ok(click)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";
    /// `EXT` percent-encoded.
    const EXT_ENCODED: &str = "%7B%22conversationID%22%3A%22c2c_bob%22%7D";

    #[test]
    fn activity_flat_extras_with_ext() {
        let click = normalise(&json!({"ext": EXT, "title": "Bob"})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        let object = normalise(&json!({"ext": {"conversationID": "c2c_bob"}})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn activity_extras_with_tuikit_entity() {
        let click = normalise(&json!({"entity": "{\"chatType\":1,\"sender\":\"bob\"}"})).unwrap();
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 1, "sender": "bob"}}));
    }

    #[test]
    fn receiver_form_with_numeric_or_string_msg_id() {
        let click = normalise(&json!({
            "title": "Bob", "content": "hello", "msgId": 1234567890123_i64, "ext": EXT
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hello"));
        assert_eq!(click.msg_id.as_deref(), Some("1234567890123"));
        let string_id = normalise(&json!({"title": "Bob", "msgId": "77", "ext": EXT})).unwrap();
        assert_eq!(string_id.msg_id.as_deref(), Some("77"));
    }

    #[test]
    fn receiver_form_with_ext_inside_params_object_or_text() {
        let object = normalise(&json!({
            "title": "Bob", "content": "hello", "msgId": "77",
            "params": {"ext": EXT, "title": "not the title"}
        }))
        .unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
        assert_eq!(object.title.as_deref(), Some("Bob"));
        assert_eq!(object.msg_id.as_deref(), Some("77"));
        let text =
            normalise(&json!({"msgId": "77", "params": json!({"ext": EXT}).to_string()})).unwrap();
        assert_eq!(text.ext.as_deref(), Some(EXT));
        let decoded =
            normalise(&json!({"params": {"ext": {"conversationID": "c2c_bob"}}})).unwrap();
        assert_eq!(decoded.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn top_level_ext_wins_over_params() {
        let click = normalise(&json!({"ext": EXT, "params": {"ext": "{\"other\":1}"}})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn receiver_and_activity_forms_of_one_tap_read_the_same_ext() {
        let receiver = normalise(
            &json!({"title": "Bob", "content": "hi", "msgId": 9, "params": {"ext": EXT}}),
        )
        .unwrap();
        let activity = normalise(&json!({"ext": EXT})).unwrap();
        assert_eq!(receiver.ext, activity.ext);
    }

    #[test]
    fn params_without_ext_or_unreadable_params_leave_a_plain_click() {
        assert_eq!(normalise(&json!({"params": {"k": "v"}})).unwrap().ext, None);
        assert_eq!(normalise(&json!({"params": "not json"})).unwrap().ext, None);
        assert_eq!(normalise(&json!({"params": 3})).unwrap().ext, None);
        assert_eq!(normalise(&json!({"title": "t"})).unwrap().ext, None);
    }

    #[test]
    fn intent_uri_string() {
        let uri = format!(
            "tencent_im_push://com.example.app/message?ext={EXT_ENCODED}#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext={EXT_ENCODED};end"
        );
        assert_eq!(normalise(&json!(uri)).unwrap().ext.as_deref(), Some(EXT));
        let extras_only = format!(
            "intent://message#Intent;scheme=tencent_im_push;S.ext={EXT_ENCODED};S.msgId=m2;end"
        );
        let click = normalise(&json!(extras_only)).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("m2"));
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        for payload in [
            json!(42),
            json!(null),
            json!([1, 2]),
            json!("garbage"),
            json!("{\"ext\":"),
            json!("tencent_im_push://h/p?ext=%zz"),
        ] {
            assert!(normalise(&payload).is_err(), "{payload}");
        }
    }
}
