//! Meizu's sending-side rules: a title or body longer than Flyme push takes.
//!
//! Meizu's document, cited next to each limit: the push HTTP API, notification message by
//! pushId (`noticeBarInfo.title`, `noticeBarInfo.content`):
//! <https://github.com/MEIZUPUSH/PushAPI#VarnishedMessage_push_index>. A request outside a
//! field's range is answered with code 1005, "parameter error": refused.

use pushlane_plugin::sending::{Field, Finding, LengthLimit, Push, Severity};

const VENDOR: &str = "meizu";

/// `title`: "required, 1 to 32 characters"
/// (<https://github.com/MEIZUPUSH/PushAPI#VarnishedMessage_push_index>). Longer is refused:
/// error.
const TITLE: LengthLimit = LengthLimit::chars_refused(Field::Title, 32);

/// `content`: "required, 1 to 100 characters"
/// (<https://github.com/MEIZUPUSH/PushAPI#VarnishedMessage_push_index>). Longer is refused:
/// error.
const DESC: LengthLimit = LengthLimit::chars_refused(Field::Desc, 100);

/// Meizu's rules, in this order: `title_too_long`, `desc_too_long`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    TITLE.check(VENDOR, push, Severity::Error, findings);
    DESC.check(VENDOR, push, Severity::Error, findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::{Message, OfflinePushInfo};

    /// `(code, severity)` of the Meizu findings.
    fn meizu(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        (PushBuilder::new(&message).build(), message)
    }

    #[test]
    fn a_chat_push_has_no_meizu_findings() {
        let (info, message) = chat();
        assert_eq!(meizu(&info, &message), []);
    }

    #[test]
    fn a_title_of_32_chinese_characters_passes_and_33_is_refused() {
        let (mut info, message) = chat();
        info.title = "标".repeat(32);
        assert_eq!(meizu(&info, &message), []);
        info.title.push('题');
        assert_eq!(
            meizu(&info, &message),
            [("title_too_long", Severity::Error)]
        );
    }

    #[test]
    fn a_desc_of_100_characters_passes_and_101_is_refused() {
        let (mut info, message) = chat();
        info.desc = "字".repeat(100);
        assert_eq!(meizu(&info, &message), []);
        info.desc.push('a');
        assert_eq!(meizu(&info, &message), [("desc_too_long", Severity::Error)]);
    }

    #[test]
    fn the_senders_nickname_is_the_title_measured_when_none_is_set() {
        let message = Message::text("alice", "hi").with_nick_name("名".repeat(33));
        let info = PushBuilder::new(&message).build();
        assert_eq!(
            meizu(&info, &message),
            [("title_too_long", Severity::Error)]
        );
    }
}
