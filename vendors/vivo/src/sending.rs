//! vivo's sending-side rules: what makes vivo refuse a push, or count it against the small
//! daily quota of operational messages.
//!
//! vivo's documents, cited next to each rule:
//! - push server API (`/message/send`: title, content, classification, category):
//!   <https://dev.vivo.com.cn/documentCenter/doc/362>
//! - message classification (system / operational, the second-level categories):
//!   <https://dev.vivo.com.cn/documentCenter/doc/359>
//! - push limits (daily quota of each class): <https://dev.vivo.com.cn/documentCenter/doc/695>

use pushlane_plugin::sending::{Field, Finding, LengthLimit, OfflinePushInfo, Push, Severity};

const VENDOR: &str = "vivo";

/// `title`: "at most 40 characters, Chinese and English alike"
/// (<https://dev.vivo.com.cn/documentCenter/doc/362>; earlier revisions counted a Chinese
/// character as two, the current one counts every character as one). Longer is refused: error.
const TITLE: LengthLimit = LengthLimit::chars_refused(Field::Title, 40);

/// `content`: "at most 100 characters, Chinese and English alike"
/// (<https://dev.vivo.com.cn/documentCenter/doc/362>). Longer is refused: error.
const DESC: LengthLimit = LengthLimit::chars_refused(Field::Desc, 100);

/// `classification`: 0 an operational message, 1 a system message
/// (<https://dev.vivo.com.cn/documentCenter/doc/362>).
const OPERATIONAL: i64 = 0;
const SYSTEM: i64 = 1;

/// The operational second-level categories; the others (IM, ACCOUNT, TODO, DEVICE_REMINDER,
/// ORDER, SUBSCRIPTION) are system messages
/// (<https://dev.vivo.com.cn/documentCenter/doc/359>).
const OPERATIONAL_CATEGORIES: [&str; 4] = ["NEWS", "CONTENT", "MARKETING", "SOCIAL"];

/// vivo's rules, in this order: `vivo_classification_invalid`, `vivo_operational_quota`,
/// `title_too_long`, `desc_too_long`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    let classification = push.info.android_vivo_classification;
    if classification != OPERATIONAL && classification != SYSTEM {
        findings.push(
            Finding::error("vivo_classification_invalid", VENDOR)
                .why(format!(
                    "android_vivo_classification is {classification}: vivo takes 0 (operational) or 1 (system) and refuses the request otherwise"
                ))
                .fix("set offline_push_info.android_vivo_classification to 1 for chat messages"),
        );
    }
    if is_operational(push.info) {
        // Operational messages have a small daily quota per app and per device, no sound and no
        // banner; system messages are for what the user expects promptly, such as chat
        // (<https://dev.vivo.com.cn/documentCenter/doc/359>,
        // <https://dev.vivo.com.cn/documentCenter/doc/695>).
        findings.push(
            Finding::warning("vivo_operational_quota", VENDOR)
                .why(
                    "vivo treats the push as an operational message: it arrives silently, counts \
                     against a small daily quota per device and is dropped once the quota is spent",
                )
                .fix(
                    "send chat messages as system messages: android_vivo_category IM (or \
                     android_vivo_classification 1)",
                ),
        );
    }
    TITLE.check(VENDOR, push, Severity::Error, findings);
    DESC.check(VENDOR, push, Severity::Error, findings);
}

/// vivo classes the push as operational: by its category when one is set, else by its
/// classification.
fn is_operational(info: &OfflinePushInfo) -> bool {
    match OfflinePushInfo::set(&info.android_vivo_category) {
        Some(category) => OPERATIONAL_CATEGORIES.contains(&category),
        None => info.android_vivo_classification == OPERATIONAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::Message;

    /// `(code, severity)` of the vivo findings.
    fn vivo(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        (PushBuilder::new(&message).build(), message)
    }

    #[test]
    fn a_chat_push_as_a_system_message_has_no_vivo_findings() {
        let (info, message) = chat();
        assert_eq!(info.android_vivo_classification, SYSTEM);
        assert_eq!(vivo(&info, &message), []);
    }

    #[test]
    fn a_classification_other_than_0_or_1_is_refused() {
        let (mut info, message) = chat();
        for classification in [2, -1, 10] {
            info.android_vivo_classification = classification;
            assert_eq!(
                vivo(&info, &message),
                [("vivo_classification_invalid", Severity::Error)],
                "classification {classification}"
            );
        }
    }

    #[test]
    fn an_operational_chat_message_counts_against_the_daily_quota() {
        let (mut info, message) = chat();
        info.android_vivo_classification = OPERATIONAL;
        assert_eq!(
            vivo(&info, &message),
            [("vivo_operational_quota", Severity::Warning)]
        );
    }

    #[test]
    fn the_category_decides_the_class_when_it_is_set() {
        let (mut info, message) = chat();
        info.android_vivo_classification = OPERATIONAL;
        info.android_vivo_category = Some("IM".into());
        assert_eq!(vivo(&info, &message), []);
        info.android_vivo_classification = SYSTEM;
        info.android_vivo_category = Some("MARKETING".into());
        assert_eq!(
            vivo(&info, &message),
            [("vivo_operational_quota", Severity::Warning)]
        );
    }

    #[test]
    fn a_title_of_40_chinese_characters_passes_and_41_is_refused() {
        let (mut info, message) = chat();
        info.title = "标".repeat(40);
        assert_eq!(vivo(&info, &message), []);
        info.title.push('题');
        assert_eq!(vivo(&info, &message), [("title_too_long", Severity::Error)]);
    }

    #[test]
    fn a_desc_of_100_characters_passes_and_101_is_refused() {
        let (mut info, message) = chat();
        info.desc = "字".repeat(100);
        assert_eq!(vivo(&info, &message), []);
        info.desc.push('a');
        assert_eq!(vivo(&info, &message), [("desc_too_long", Severity::Error)]);
    }
}
