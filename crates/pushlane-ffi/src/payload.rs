//! The sending side for servers and tools in Kotlin, Swift or Python: build a message's
//! offline-push info the TUIKit way and lint it against the linked vendors' rules. JSON in,
//! JSON out, in the snake_case shapes of `pushlane::payload` (the same as `pushlane lint`
//! files and its `--format json` output).

use crate::error::PushlaneError;
use pushlane::payload::{lint, ExtForm, Message, OfflinePushInfo, PushBuilder};
use serde::de::DeserializeOwned;

fn parse<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, PushlaneError> {
    serde_json::from_str(json).map_err(|err| PushlaneError::Payload(format!("{what}: {err}")))
}

/// The offline-push info TUIKit would attach to `message_json` (a sending-side message:
/// `{"sender":"alice","elem_type":"image","group_id":"g1"}`), as JSON: `ext` names the
/// conversation (`{"conversationID":"group_g1"}`, or TUIKit's `{"entity":{…}}` with
/// `entity_ext`), `desc` is the text or the element summary, `title` is left to the server.
#[uniffi::export]
pub fn build_push_info(message_json: String, entity_ext: bool) -> Result<String, PushlaneError> {
    let message: Message = parse("message", &message_json)?;
    let form = if entity_ext {
        ExtForm::Entity
    } else {
        ExtForm::ConversationId
    };
    Ok(crate::convert::to_json(
        &PushBuilder::new(&message).ext_form(form).build(),
    ))
}

/// Lints a push before it is sent: `info_json` is the offline-push info (snake_case fields),
/// `message_json` the message it belongs to, `targets` the vendor names to check (empty: every
/// linked vendor). Returns a JSON array of findings (`code`, `severity` `error`|`warning`,
/// `vendor` or null, `why`, `fix`); any `error` means the push will not arrive.
#[uniffi::export]
pub fn lint_push(
    info_json: String,
    message_json: String,
    targets: Vec<String>,
) -> Result<String, PushlaneError> {
    let info: OfflinePushInfo = parse("offline_push_info", &info_json)?;
    let message: Message = parse("message", &message_json)?;
    let targets = pushlane::sending_targets(&targets)
        .map_err(|err| PushlaneError::Payload(format!("targets: {err}")))?;
    Ok(crate::convert::to_json(&lint(&info, &message, &targets)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn a_built_push_lints_clean_and_a_bad_ext_is_an_oppo_error() {
        let message = r#"{"sender":"alice","elem_type":"image","group_id":"g1"}"#;
        let info = build_push_info(message.into(), false).unwrap();
        let info_value: Value = serde_json::from_str(&info).unwrap();
        assert_eq!(info_value["ext"], json!(r#"{"conversationID":"group_g1"}"#));
        let with_channel = json!({
            "desc": info_value["desc"],
            "ext": "not json",
            "android_oppo_channel_id": "im",
            "android_xiaomi_channel_id": "im",
            "android_huawei_category": "IM",
        });
        let findings: Value = serde_json::from_str(
            &lint_push(
                with_channel.to_string(),
                message.into(),
                vec!["oppo".into()],
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(findings[0]["code"], json!("ext_not_json"));
        assert_eq!(findings[0]["severity"], json!("error"));
        assert_eq!(findings[0]["vendor"], json!("oppo"));
    }

    #[test]
    fn bad_json_and_unknown_vendors_are_refused_by_name() {
        let err = lint_push("{}".into(), r#"{"sender":"a"}"#.into(), vec![]).unwrap_err();
        assert!(
            err.to_string()
                .contains("message: missing field `elem_type`"),
            "{err}"
        );
        let err = lint_push(
            r#"{"android_oppo_chanel_id":"x"}"#.into(),
            r#"{"sender":"a","elem_type":"text"}"#.into(),
            vec![],
        )
        .unwrap_err();
        assert!(err.to_string().contains("android_oppo_chanel_id"), "{err}");
        let err = lint_push(
            "{}".into(),
            r#"{"sender":"a","elem_type":"text"}"#.into(),
            vec!["nokia".into()],
        )
        .unwrap_err();
        assert!(err.to_string().contains("nokia"), "{err}");
    }
}
