//! Xiaomi's sending-side rules: what makes Xiaomi refuse a push, or send it on the default
//! channel (one a day per device).
//!
//! Xiaomi's documents, cited next to each rule:
//! - server SDK and API (`title`, `description`):
//!   <https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1558>
//! - push limits (default, public and private channels):
//!   <https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1656>
//! - message classification announcement: <https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1654>

use pushlane_plugin::sending::{
    Field, Finding, LengthLimit, OfflinePushInfo, Push, Severity, Unit,
};

const VENDOR: &str = "xiaomi";

/// `title`: "length less than 50, a Chinese or English character counts 1", so at most 49
/// (<https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1558>). Longer is refused:
/// error.
const TITLE: LengthLimit = LengthLimit {
    field: Field::Title,
    max: 49,
    unit: Unit::Chars,
    effect: "refuses the push (its limit is \"less than 50\")",
};

/// `description`: "length less than 128, a Chinese or English character counts 1", so at most
/// 127 (<https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1558>). Longer is refused:
/// error.
const DESC: LengthLimit = LengthLimit {
    field: Field::Desc,
    max: 127,
    unit: Unit::Chars,
    effect: "refuses the push (its limit is \"less than 128\")",
};

/// Xiaomi's rules, in this order: `xiaomi_channel_missing`, `title_too_long`, `desc_too_long`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if OfflinePushInfo::set(&push.info.android_xiaomi_channel_id).is_none() {
        // Without a channel the push goes to the default channel: one message per app per
        // device a day; chat belongs on a private-message (私信) channel, which has no cap
        // (<https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1656>). An app Xiaomi has
        // moved fully to the new classification has no default channel at all.
        findings.push(
            Finding::warning("xiaomi_channel_missing", VENDOR)
                .why(
                    "no android_xiaomi_channel_id: Xiaomi sends the push on its default channel, \
                     which delivers one message per app per device a day (and none for an app \
                     moved fully to Xiaomi's new message classification)",
                )
                .fix(
                    "apply for a private-message channel for chat in Xiaomi's push console and set \
                     offline_push_info.android_xiaomi_channel_id to its id",
                ),
        );
    }
    TITLE.check(VENDOR, push, Severity::Error, findings);
    DESC.check(VENDOR, push, Severity::Error, findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::Message;

    /// `(code, severity)` of the Xiaomi findings.
    fn xiaomi(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        let info = OfflinePushInfo {
            android_xiaomi_channel_id: Some("im".into()),
            ..PushBuilder::new(&message).build()
        };
        (info, message)
    }

    #[test]
    fn a_chat_push_on_a_private_channel_has_no_xiaomi_findings() {
        let (info, message) = chat();
        assert_eq!(xiaomi(&info, &message), []);
    }

    #[test]
    fn without_a_channel_the_push_goes_to_the_default_channel() {
        let (mut info, message) = chat();
        for channel in [None, Some(String::new())] {
            info.android_xiaomi_channel_id = channel;
            assert_eq!(
                xiaomi(&info, &message),
                [("xiaomi_channel_missing", Severity::Warning)]
            );
        }
    }

    #[test]
    fn a_title_of_49_chinese_characters_passes_and_50_is_refused() {
        let (mut info, message) = chat();
        info.title = "标".repeat(49);
        assert_eq!(xiaomi(&info, &message), []);
        info.title.push('题');
        assert_eq!(
            xiaomi(&info, &message),
            [("title_too_long", Severity::Error)]
        );
    }

    #[test]
    fn a_desc_of_127_characters_passes_and_128_is_refused() {
        let (mut info, message) = chat();
        info.desc = "字".repeat(127);
        assert_eq!(xiaomi(&info, &message), []);
        info.desc.push('a');
        assert_eq!(
            xiaomi(&info, &message),
            [("desc_too_long", Severity::Error)]
        );
    }
}
