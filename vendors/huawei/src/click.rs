//! Huawei clicks (vendors.md §4), three forms:
//!
//! 1. the notification's intent extras with `ext` (or a top-level `entity`);
//! 2. with the server's `ExtAsHuaweiIntentParam = 1`, the keys of `ext` arrive as intent extras
//!    themselves: a map without `ext` that has `conversationID` or `entity` is read as the
//!    `ext` object (Tencent's `AndroidInfo.ExtAsHuaweiIntentParam`, pointing at Huawei's
//!    "custom click action" guide, intent parameters:
//!    <https://developer.huawei.com/consumer/cn/doc/development/HMSCore-Guides/andorid-basic-clickaction-0000001087554076#section20203190121410>);
//! 3. `{data}` where `data` is `RemoteMessage.getData()`, a JSON string (or object) holding
//!    `ext` (the same guide: a message's `data` is handed to the app on tap, NC 9.1.1 and later).
//!
//! Huawei's notification centre adds its own extras to the click intent: `_push_msgid`,
//! `_push_cmd_type`, `_push_notifyid` (HMS-Core/hms-push-clientdemo-android,
//! `Java/app/src/main/java/com/huawei/codelabpush/Deeplink2Activity.java`, `getIntentData`).
//! `_push_msgid` is the click's `msg_id` when the map has no `msgId` of its own, and the
//! `_push_` keys are never part of `ext`.

use pushlane_plugin::click::{entity_value, fill_from, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::{Map, Value};

/// Prefix of the extras HMS adds to the click intent.
const HMS_EXTRA_PREFIX: &str = "_push_";
/// HMS's message id extra.
const HMS_MSG_ID: &str = "_push_msgid";
/// Keys that mark an intent-parameter `ext` (TUIKit / Chat's business JSON).
const EXT_MARKERS: &[&str] = &["conversationID", "entity"];

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    if is_ext_as_intent_params(&map) {
        click.ext = Some(ext_from_intent_params(&map));
    } else if click.ext.is_none() {
        // `{data}`: read only when the extras carry no `ext` of their own; a `data` that is
        // not JSON is noted as unreadable.
        if let Some(data) = click.nested(&map, "data", "data") {
            click = fill_from(click, read_flat(&data));
        }
    }
    if click.msg_id.is_none() {
        click.msg_id = match map.get(HMS_MSG_ID) {
            Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        };
    }
    Ok(click)
}

fn is_ext_as_intent_params(map: &Map<String, Value>) -> bool {
    !map.contains_key("ext") && EXT_MARKERS.iter().any(|key| map.contains_key(*key))
}

/// The `ext` object rebuilt from intent extras.
///
/// Choice: every extra except HMS's own `_push_*` keys is kept, `title` / `content` / `msgId`
/// included. In this mode the server turns each key of `ext` into an extra and the
/// notification's title and body are not extras, so a `title` here is a key of the app's
/// business JSON; dropping it would lose data the app put there, while keeping a stray host
/// key only adds a field `conversation_id` parsing ignores (it reads `conversationID` /
/// `entity`). Such keys are still also read as the click's title/body/msg_id, as from every
/// flat map.
///
/// Extras are strings, so an object value of `ext` (TUIKit's `entity`) arrives as its JSON
/// text. The `entity` extra is decoded by [`entity_value`], exactly as a top-level `entity`
/// from every other source (vendors.md §4); another value that is JSON object or array text
/// is decoded back too.
fn ext_from_intent_params(map: &Map<String, Value>) -> String {
    let ext: Map<String, Value> = map
        .iter()
        .filter(|(key, _)| !key.starts_with(HMS_EXTRA_PREFIX))
        .filter_map(|(key, value)| {
            let value = if key == "entity" {
                entity_value(value)?
            } else {
                decode_nested(value)
            };
            Some((key.clone(), value))
        })
        .collect();
    Value::Object(ext).to_string()
}

fn decode_nested(value: &Value) -> Value {
    match value {
        Value::String(text) if text.trim_start().starts_with(['{', '[']) => {
            serde_json::from_str(text).unwrap_or_else(|_| value.clone())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"c2c_bob\"}";

    fn ext_of(click: &NormalisedClick) -> Value {
        serde_json::from_str(click.ext.as_deref().expect("an ext")).unwrap()
    }

    #[test]
    fn extras_map_with_ext_string_or_object() {
        let click = normalise(&json!({"ext": EXT, "title": "Bob", "content": "hi", "msgId": "m1"}))
            .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Bob"));
        assert_eq!(click.body.as_deref(), Some("hi"));
        assert_eq!(click.msg_id.as_deref(), Some("m1"));
        let object = normalise(&json!({"ext": {"conversationID": "c2c_bob"}})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn hms_message_id_extra_is_the_msg_id() {
        let click = normalise(&json!({
            "ext": EXT, "_push_msgid": "0123456789", "_push_cmd_type": "CMD", "_push_notifyid": 7
        }))
        .unwrap();
        assert_eq!(click.msg_id.as_deref(), Some("0123456789"));
        let own = normalise(&json!({"ext": EXT, "msgId": "m1", "_push_msgid": "x"})).unwrap();
        assert_eq!(own.msg_id.as_deref(), Some("m1"));
    }

    #[test]
    fn ext_as_intent_params_with_conversation_id() {
        let click = normalise(&json!({
            "conversationID": "c2c_bob",
            "_push_msgid": "0123456789", "_push_cmd_type": "CMD", "_push_notifyid": 7
        }))
        .unwrap();
        assert_eq!(ext_of(&click), json!({"conversationID": "c2c_bob"}));
        assert_eq!(click.msg_id.as_deref(), Some("0123456789"));
    }

    #[test]
    fn ext_as_intent_params_with_entity_text_and_more_keys() {
        let click = normalise(&json!({
            "entity": "{\"chatType\":2,\"sender\":\"grp1\",\"action\":1}",
            "version": "1",
            "list": "[1,2]",
            "note": "{not json"
        }))
        .unwrap();
        assert_eq!(
            ext_of(&click),
            json!({
                "entity": {"chatType": 2, "sender": "grp1", "action": 1},
                "version": "1",
                "list": [1, 2],
                "note": "{not json"
            })
        );
    }

    #[test]
    fn ext_as_intent_params_decodes_entity_like_a_top_level_entity() {
        // The same entity text, as intent params and as a top-level `entity` of a flat map:
        // the same `entity` value, whitespace and all.
        for entity in [
            json!(" {\"chatType\":1,\"sender\":\"bob\"}"),
            json!("{\"chatType\":2,\"sender\":\"g1\",\"action\":2}"),
            json!({"chatType": 1, "sender": "bob"}),
            json!("42"),
            json!("plain"),
        ] {
            let params = normalise(&json!({ "entity": entity.clone() })).unwrap();
            let flat = pushlane_plugin::click::normalise_flat(&json!({ "entity": entity.clone() }))
                .unwrap();
            assert_eq!(params.ext, flat.ext, "{entity}");
        }
    }

    #[test]
    fn ext_as_intent_params_keeps_business_title_and_reads_it_too() {
        let click = normalise(&json!({"conversationID": "group_g1", "title": "Team"})).unwrap();
        assert_eq!(
            ext_of(&click),
            json!({"conversationID": "group_g1", "title": "Team"})
        );
        assert_eq!(click.title.as_deref(), Some("Team"));
    }

    #[test]
    fn ext_key_wins_over_intent_params() {
        let click = normalise(&json!({"ext": EXT, "conversationID": "c2c_other"})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn remote_message_data_as_json_string_or_object() {
        let data = json!({"ext": EXT, "msgId": "m2"}).to_string();
        let click = normalise(&json!({ "data": data })).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.msg_id.as_deref(), Some("m2"));
        let object = normalise(&json!({"data": {"ext": {"conversationID": "c2c_bob"}}})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
        let outer =
            normalise(&json!({"data": {"ext": EXT, "title": "in"}, "title": "out"})).unwrap();
        assert_eq!(outer.title.as_deref(), Some("out"));
    }

    #[test]
    fn data_that_is_not_a_json_object_gives_a_plain_click_noted_unreadable() {
        let click = normalise(&json!({"data": "not json", "_push_msgid": "9"})).unwrap();
        assert_eq!(click.ext, None);
        assert_eq!(click.msg_id.as_deref(), Some("9"));
        assert_eq!(
            click.unreadable,
            ["`data` is not a JSON object (a string: not json)"]
        );
        let number = normalise(&json!({"data": 3})).unwrap();
        assert_eq!(number.ext, None);
        assert_eq!(number.unreadable.len(), 1);
    }

    #[test]
    fn data_beside_ext_or_intent_params_is_not_read() {
        for payload in [
            json!({"ext": EXT, "data": "the app's own extra"}),
            json!({"conversationID": "c2c_bob", "data": "a key of ext"}),
            json!({"data": ""}),
        ] {
            let click = normalise(&payload).unwrap();
            assert!(click.unreadable.is_empty(), "{payload}: {click:?}");
        }
    }

    #[test]
    fn intent_uri_strings_in_both_ext_forms() {
        let with_ext = normalise(&json!(
            "intent://com.example.app/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;S.ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D;end"
        ))
        .unwrap();
        assert_eq!(with_ext.ext.as_deref(), Some(EXT));
        let as_params = normalise(&json!(
            "intent://com.example.app/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;S.conversationID=c2c_bob;end"
        ))
        .unwrap();
        assert_eq!(ext_of(&as_params), json!({"conversationID": "c2c_bob"}));
    }

    #[test]
    fn plain_notification_has_no_ext() {
        let click = normalise(&json!({"_push_msgid": "1", "_push_cmd_type": "CMD"})).unwrap();
        assert_eq!(click.ext, None);
        assert_eq!(normalise(&json!({})).unwrap(), NormalisedClick::default());
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        assert!(normalise(&json!(42)).is_err());
        assert!(normalise(&json!("garbage")).is_err());
        assert!(normalise(&json!("{\"data\":")).is_err());
        assert!(normalise(&json!(null)).is_err());
        assert!(normalise(&json!("intent://h/p#Intent;S.ext=%4;end")).is_err());
    }
}
