//! Meizu clicks (vendors.md §4): `{title, content, ext}`, or
//! `{title, content, selfDefineContentString: "{\"ext\":…}"}` where the self-defined content
//! (`MzPushMessage.getSelfDefineContentString()`) is a JSON string holding `ext`; it may also
//! arrive already decoded as an object.

use pushlane_plugin::click::{ext_text, object_in, payload_map, read_flat};
use pushlane_plugin::{NormalisedClick, UnreadableClick};
use serde_json::Value;

/// Key of the self-defined content in the click payload.
const SELF_DEFINED: &str = "selfDefineContentString";

pub(crate) fn normalise(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    let mut click = read_flat(&map);
    if click.ext.is_none() {
        click.ext = map.get(SELF_DEFINED).and_then(self_defined_ext);
    }
    Ok(click)
}

/// `ext` from the self-defined content: `{"ext": …}` (or TUIKit's `{"entity": …}`) as an object
/// or its JSON text. Any other content is taken as `ext` itself, unchanged, so an app's own
/// content is never lost: Meizu documents the self-defined content as the message's extension
/// content (MEIZUPUSH/PushDemo README, `MzPushMessageReceiver.onNotificationClicked`,
/// https://github.com/MEIZUPUSH/PushDemo; Tencent Cloud IM "Offline Push (Meizu)",
/// https://intl.cloud.tencent.com/document/product/1047/34342, reads `ext` from
/// `getSelfDefineContentString()`).
fn self_defined_ext(value: &Value) -> Option<String> {
    match object_in(value) {
        Some(content) if content.contains_key("ext") || content.contains_key("entity") => {
            read_flat(&content).ext
        }
        _ => ext_text(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "{\"conversationID\":\"group_g1\"}";
    /// `EXT` percent-encoded.
    const EXT_ENCODED: &str = "%7B%22conversationID%22%3A%22group_g1%22%7D";

    #[test]
    fn title_content_ext() {
        let click = normalise(&json!({"title": "Team", "content": "hi all", "ext": EXT})).unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Team"));
        assert_eq!(click.body.as_deref(), Some("hi all"));
        assert_eq!(click.msg_id, None);
        let object = normalise(&json!({"ext": {"conversationID": "group_g1"}})).unwrap();
        assert_eq!(object.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn self_defined_content_as_json_string_holding_ext() {
        let self_defined = json!({ "ext": EXT }).to_string();
        let click = normalise(&json!({
            "title": "Team", "content": "hi all", "selfDefineContentString": self_defined
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
        assert_eq!(click.title.as_deref(), Some("Team"));
        assert_eq!(click.body.as_deref(), Some("hi all"));
    }

    #[test]
    fn self_defined_content_as_object_holding_ext_string_or_object() {
        let string_ext = normalise(&json!({"selfDefineContentString": {"ext": EXT}})).unwrap();
        assert_eq!(string_ext.ext.as_deref(), Some(EXT));
        let object_ext =
            normalise(&json!({"selfDefineContentString": {"ext": {"conversationID": "group_g1"}}}))
                .unwrap();
        assert_eq!(object_ext.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn self_defined_content_holding_tuikit_entity() {
        let self_defined = json!({"entity": {"chatType": 2, "sender": "g1"}}).to_string();
        let click = normalise(&json!({"selfDefineContentString": self_defined})).unwrap();
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 2, "sender": "g1"}}));
    }

    #[test]
    fn other_self_defined_content_is_ext_unchanged() {
        let plain = normalise(&json!({"selfDefineContentString": "open:inbox"})).unwrap();
        assert_eq!(plain.ext.as_deref(), Some("open:inbox"));
        let bare = normalise(&json!({"selfDefineContentString": EXT})).unwrap();
        assert_eq!(bare.ext.as_deref(), Some(EXT));
        let empty = normalise(&json!({"title": "t", "selfDefineContentString": ""})).unwrap();
        assert_eq!(empty.ext, None);
    }

    #[test]
    fn top_level_ext_wins_over_self_defined_content() {
        let click = normalise(&json!({
            "ext": EXT, "selfDefineContentString": "{\"ext\":\"other\"}"
        }))
        .unwrap();
        assert_eq!(click.ext.as_deref(), Some(EXT));
    }

    #[test]
    fn intent_uri_string() {
        let uri = format!(
            "tencent_im_push://com.example.app/message?ext={EXT_ENCODED}#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext={EXT_ENCODED};end"
        );
        assert_eq!(normalise(&json!(uri)).unwrap().ext.as_deref(), Some(EXT));
        let self_defined = format!(
            "tencent_im_push://com.example.app/message#Intent;S.selfDefineContentString=%7B%22ext%22%3A%22{}%22%7D;end",
            "%7B%5C%22conversationID%5C%22%3A%5C%22group_g1%5C%22%7D"
        );
        assert_eq!(
            normalise(&json!(self_defined)).unwrap().ext.as_deref(),
            Some(EXT)
        );
    }

    #[test]
    fn plain_notification_has_no_ext() {
        assert_eq!(
            normalise(&json!({"title": "t", "content": "c"}))
                .unwrap()
                .ext,
            None
        );
    }

    #[test]
    fn unreadable_payloads_are_errors_not_panics() {
        for payload in [
            json!(7),
            json!(null),
            json!(false),
            json!("garbage"),
            json!("{broken"),
            json!("app://h/p?ext=%4"),
        ] {
            assert!(normalise(&payload).is_err(), "{payload}");
        }
    }
}
