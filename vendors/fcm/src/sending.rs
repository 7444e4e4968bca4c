//! The fcm sending-side rules (vendors.md §5): the FCM message the Chat server sends
//! ([`fcm_message`]) against Firebase's payload limit (`fcm_data_too_large`).
//!
//! There is no `title_too_long` or `desc_too_long` for FCM: Firebase documents no length
//! limit for the notification's title or body, only the 4096-byte payload, which
//! `fcm_data_too_large` checks.
//!
//! A push with `disable_push` is not sent at all, so the rule does not apply to it.

use pushlane_plugin::sending::{Finding, OfflinePushInfo, Push};
use serde_json::{json, Map, Value};

/// FCM refuses a message whose payload is over 4096 bytes: "Maximum payload for both message
/// types is 4096 bytes, except when sending messages from the Firebase console, which
/// enforces a 1000 character limit." Firebase, "Firebase Cloud Messaging message types",
/// <https://firebase.google.com/docs/cloud-messaging/customize-messages/set-message-type>
/// (formerly "About FCM messages",
/// <https://firebase.google.com/docs/cloud-messaging/concept-options>).
const MAX_PAYLOAD: usize = 4096;

/// The FCM message (HTTP v1 `message`, without the device token) the Chat server sends for
/// `push`, as far as it is documented (field names from the HTTP v1 reference,
/// <https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages>):
///
/// - `notification`: `title` (the effective title, [`Push::title`]), `body` (the effective
///   body, [`Push::desc`]; absent when the server has none) and `image`
///   (`android_fcm_image`, when set);
/// - `android.notification.channel_id`: `android_fcm_channel_id`, when set;
/// - `data`: `ext`, when set, as the string it was sent as (the receiving app reads it from
///   the data map, see the FCM click reader).
///
/// The server's own bookkeeping keys are not public and not rendered, so this is a lower
/// bound of the real size.
///
/// ```
/// use pushlane_plugin::sending::{Message, OfflinePushInfo, Push};
///
/// let message = Message::text("alice", "hi");
/// let info = OfflinePushInfo { ext: r#"{"conversationID":"c2c_alice"}"#.into(), ..Default::default() };
/// let summaries = Default::default();
/// let fcm = pushlane_fcm::fcm_message(&Push::new(&info, &message, &summaries));
/// assert_eq!(fcm["notification"]["body"], "hi");
/// assert_eq!(fcm["data"]["ext"], r#"{"conversationID":"c2c_alice"}"#);
/// ```
pub fn fcm_message(push: &Push<'_>) -> Value {
    let info = push.info;
    let mut notification = Map::new();
    notification.insert("title".into(), json!(push.title()));
    if let Some(body) = push.desc() {
        notification.insert("body".into(), json!(body));
    }
    if let Some(image) = OfflinePushInfo::set(&info.android_fcm_image) {
        notification.insert("image".into(), json!(image));
    }
    let mut message = Map::new();
    message.insert("notification".into(), Value::Object(notification));
    if let Some(channel_id) = OfflinePushInfo::set(&info.android_fcm_channel_id) {
        message.insert(
            "android".into(),
            json!({ "notification": { "channel_id": channel_id } }),
        );
    }
    if !info.ext.is_empty() {
        message.insert("data".into(), json!({ "ext": info.ext }));
    }
    Value::Object(message)
}

/// `fcm_data_too_large` (error) when the rendered message is over 4096 bytes: FCM refuses it.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if push.info.disable_push {
        return;
    }
    let size = fcm_message(push).to_string().len();
    if size > MAX_PAYLOAD {
        findings.push(
            Finding::error("fcm_data_too_large", "fcm")
                .why(format!(
                    "the FCM message (notification and data) is {size} bytes; FCM refuses a payload over {MAX_PAYLOAD} bytes"
                ))
                .fix(format!(
                    "shorten desc, or keep only an id in ext and fetch the rest when the app opens, so the message fits in {MAX_PAYLOAD} bytes"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::sending::{ElemType, Message};

    #[test]
    fn the_message_is_rendered_compactly_in_the_documented_shape() {
        let message = Message::text("alice", "hi").with_nick_name("Alice");
        let info = OfflinePushInfo {
            ext: r#"{"conversationID":"c2c_alice"}"#.to_string(),
            android_fcm_image: Some("https://example.com/a.png".to_string()),
            android_fcm_channel_id: Some("im".to_string()),
            ..OfflinePushInfo::default()
        };
        let summaries = Default::default();
        let fcm = fcm_message(&Push::new(&info, &message, &summaries));
        assert_eq!(
            fcm.to_string(),
            r#"{"notification":{"title":"Alice","body":"hi","image":"https://example.com/a.png"},"android":{"notification":{"channel_id":"im"}},"data":{"ext":"{\"conversationID\":\"c2c_alice\"}"}}"#
        );
    }

    #[test]
    fn no_body_no_ext_no_image_no_channel() {
        let message = Message::new("alice", ElemType::Custom);
        let info = OfflinePushInfo {
            android_fcm_image: Some(String::new()),
            android_fcm_channel_id: Some(String::new()),
            ..OfflinePushInfo::default()
        };
        let summaries = Default::default();
        let fcm = fcm_message(&Push::new(&info, &message, &summaries));
        assert_eq!(fcm.to_string(), r#"{"notification":{"title":"alice"}}"#);
    }
}
