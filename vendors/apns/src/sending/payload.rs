//! The APNs payload the Chat server sends for a push ([`apns_json`]) and its size rules.

use super::VENDOR;
use pushlane_plugin::sending::{Finding, IosPushType, OfflinePushInfo, Push};
use serde_json::{json, Map, Value};

/// APNs refuses a regular remote notification whose payload is over 4 KB: "For all other
/// remote notifications, the maximum payload size is 4 KB (4096 bytes)." Apple, "Generating a
/// remote notification",
/// <https://developer.apple.com/documentation/usernotifications/generating-a-remote-notification>.
const MAX_PAYLOAD: usize = 4096;

/// ... and a VoIP notification over 5 KB: "For Voice over Internet Protocol (VoIP)
/// notifications, the maximum payload size is 5 KB (5120 bytes)." (same page).
const MAX_VOIP_PAYLOAD: usize = 5120;

/// Tencent Cloud Chat's advice for the offline-push info: APNs limits the packet to 4 KB, so
/// leaving room for the other control fields, keep `Desc` and `Ext` together within 3 KB
/// (REST API "Message Formats", `OfflinePushInfo`:
/// <https://cloud.tencent.com/document/product/269/2720>, in English
/// <https://www.tencentcloud.com/document/product/1047/33527>).
const MAX_DESC_EXT: usize = 3072;

/// The badge the server writes is the receiver's unread count, which the lint cannot know;
/// a two-digit count is assumed for the size.
const BADGE_ESTIMATE: u32 = 99;

/// The JSON payload the Chat server sends to APNs for `push`, as far as it is documented:
///
/// - `aps.alert`: `title` (the effective title, [`Push::title`]) and `body` (the effective
///   body, [`Push::desc`]; absent when the server has none);
/// - `aps.sound`: `ios_sound`, else `default`;
/// - `aps.badge`: the unread count (estimated: two digits);
/// - `aps.mutable-content`: 1 when `ios_image` is set, so the app's notification service
///   extension can fetch the image;
/// - `ext` at the top level, as the string it was sent as (the receiving app reads it there,
///   see the APNs click reader), and the image URL under `image`.
///
/// The server's own bookkeeping keys are not public and not rendered: this is a lower bound
/// of the real size, which is why `apns_desc_ext_too_large` keeps a margin.
///
/// ```
/// use pushlane_plugin::sending::{Message, OfflinePushInfo, Push};
///
/// let message = Message::text("alice", "hi");
/// let info = OfflinePushInfo { ext: r#"{"conversationID":"c2c_alice"}"#.into(), ..Default::default() };
/// let summaries = Default::default();
/// let payload = pushlane_apns::apns_json(&Push::new(&info, &message, &summaries));
/// assert_eq!(payload["aps"]["alert"]["body"], "hi");
/// assert_eq!(payload["ext"], r#"{"conversationID":"c2c_alice"}"#);
/// ```
pub fn apns_json(push: &Push<'_>) -> Value {
    let info = push.info;
    let mut alert = Map::new();
    alert.insert("title".into(), json!(push.title()));
    if let Some(body) = push.desc() {
        alert.insert("body".into(), json!(body));
    }
    let image = OfflinePushInfo::set(&info.ios_image);
    let mut aps = Map::new();
    aps.insert("alert".into(), Value::Object(alert));
    let sound = OfflinePushInfo::set(&info.ios_sound).unwrap_or("default");
    aps.insert("sound".into(), json!(sound));
    aps.insert("badge".into(), json!(BADGE_ESTIMATE));
    if image.is_some() {
        aps.insert("mutable-content".into(), json!(1));
    }
    let mut payload = Map::new();
    payload.insert("aps".into(), Value::Object(aps));
    if !info.ext.is_empty() {
        payload.insert("ext".into(), json!(info.ext));
    }
    if let Some(image) = image {
        payload.insert("image".into(), json!(image));
    }
    Value::Object(payload)
}

/// `apns_payload_too_large` (error) when the rendered payload is over Apple's limit for its
/// push type; otherwise `apns_desc_ext_too_large` (warning) when `desc` + `ext` are over
/// Tencent's 3 KB advice.
///
/// The second is a warning, not an error: Tencent words it as advice, and what APNs refuses
/// is the whole payload, which the first rule already checks as far as it is documented. Over
/// 3 KB the push is at risk (the server's undocumented keys may tip it over), not certainly
/// refused. When the payload is already refused, the advice is not repeated: the error's fix
/// says the same.
pub(super) fn check(push: &Push<'_>, findings: &mut Vec<Finding>) {
    let (max, kind) = match push.info.ios_push_type {
        IosPushType::Voip => (MAX_VOIP_PAYLOAD, "a VoIP push"),
        IosPushType::Apns => (MAX_PAYLOAD, "a regular remote notification"),
    };
    let size = apns_json(push).to_string().len();
    if size > max {
        findings.push(
            Finding::error("apns_payload_too_large", VENDOR)
                .why(format!(
                    "the APNs payload is {size} bytes; APNs refuses {kind} over {max} bytes"
                ))
                .fix(format!(
                    "shorten desc or ext (keep desc + ext within {MAX_DESC_EXT} bytes) so the payload fits in {max} bytes"
                )),
        );
        return;
    }
    // The body the server sends in place of `desc` (a text message's text when `desc` is
    // empty) takes the same room, so the effective body is what counts.
    let desc = push.desc().unwrap_or_default().len();
    let ext = push.info.ext.len();
    if desc + ext > MAX_DESC_EXT {
        findings.push(
            Finding::warning("apns_desc_ext_too_large", VENDOR)
                .why(format!(
                    "desc ({desc} bytes) and ext ({ext} bytes) are {} bytes together; the Chat server adds its own keys to the {max}-byte APNs payload, and Tencent advises keeping desc + ext within {MAX_DESC_EXT} bytes",
                    desc + ext
                ))
                .fix(format!(
                    "shorten desc, or keep only an id in ext and fetch the rest when the app opens, to stay within {MAX_DESC_EXT} bytes"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::sending::Message;

    #[test]
    fn the_payload_is_rendered_compactly_in_the_documented_shape() {
        let message = Message::text("alice", "hi").with_nick_name("Alice");
        let info = OfflinePushInfo {
            ext: r#"{"conversationID":"c2c_alice"}"#.to_string(),
            ios_image: Some("https://example.com/a.png".to_string()),
            ..OfflinePushInfo::default()
        };
        let summaries = Default::default();
        let payload = apns_json(&Push::new(&info, &message, &summaries));
        assert_eq!(
            payload.to_string(),
            r#"{"aps":{"alert":{"title":"Alice","body":"hi"},"sound":"default","badge":99,"mutable-content":1},"ext":"{\"conversationID\":\"c2c_alice\"}","image":"https://example.com/a.png"}"#
        );
    }

    #[test]
    fn no_body_no_ext_no_image_and_a_chosen_sound() {
        let message = Message::new("alice", pushlane_plugin::sending::ElemType::Custom);
        let info = OfflinePushInfo {
            ios_sound: Some("push.no_sound".to_string()),
            ios_image: Some(String::new()),
            ..OfflinePushInfo::default()
        };
        let summaries = Default::default();
        let payload = apns_json(&Push::new(&info, &message, &summaries));
        assert_eq!(
            payload.to_string(),
            r#"{"aps":{"alert":{"title":"alice"},"sound":"push.no_sound","badge":99}}"#
        );
    }
}
