//! Huawei's sending-side rules: what makes Huawei Push Kit refuse a push, or class a chat
//! message as information and marketing (silent, a few a day).
//!
//! Huawei's documents, cited next to each rule:
//! - downlink message API (`android.notification.importance`, `category`):
//!   <https://developer.huawei.com/consumer/cn/doc/HMSCore-References/https-send-api-0000001050986197>
//! - message classification (service and communication / information and marketing,
//!   self-classification): <https://developer.huawei.com/consumer/cn/doc/development/HMSCore-Guides/message-classification-0000001149358835>
//!
//! Huawei documents no limit on the title or the body of a notification beyond the size of the
//! whole message, so there is no `title_too_long` / `desc_too_long` for Huawei.

use pushlane_plugin::sending::{Finding, OfflinePushInfo, Push};

const VENDOR: &str = "huawei";

/// `importance` as Huawei's API documents it today: LOW (information and marketing) or NORMAL
/// (service and communication)
/// (<https://developer.huawei.com/consumer/cn/doc/HMSCore-References/https-send-api-0000001050986197>).
const IMPORTANCES: [&str; 2] = ["LOW", "NORMAL"];

/// An importance earlier revisions of the API listed ("very important"); Huawei's own server
/// SDK still accepts it
/// (<https://github.com/HMS-Core/hms-push-serverdemo-java/blob/master/src/main/java/com/huawei/push/android/AndroidNotification.java>).
const RETIRED_IMPORTANCE: &str = "HIGH";

/// Huawei's rules, in this order: `huawei_importance_invalid`, `huawei_category_missing`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if let Some(importance) = OfflinePushInfo::set(&push.info.android_huawei_importance) {
        importance_rule(importance, findings);
    }
    if OfflinePushInfo::set(&push.info.android_huawei_category).is_none() {
        // Without a category (self-classification), Huawei's intelligent classification decides
        // the class from the content, and an information-and-marketing message is silent and
        // capped at 2 a day per device (5 for news apps)
        // (<https://developer.huawei.com/consumer/cn/doc/development/HMSCore-Guides/message-classification-0000001149358835>).
        findings.push(
            Finding::warning("huawei_category_missing", VENDOR)
                .why(
                    "no android_huawei_category: Huawei classes the message itself, and one it \
                     takes for information and marketing arrives silently and only a few times a \
                     day per device",
                )
                .fix(
                    "apply for Huawei's self-classification and set \
                     offline_push_info.android_huawei_category to IM (VOIP for call invitations)",
                ),
        );
    }
}

/// `huawei_importance_invalid`. An unknown value is an error: Huawei's API validates the
/// importance against its list and refuses the message, as its own server SDK does before
/// sending. HIGH is a warning: the SDK still takes it, but the API no longer documents it.
fn importance_rule(importance: &str, findings: &mut Vec<Finding>) {
    if IMPORTANCES.contains(&importance) {
        return;
    }
    let fix = "set offline_push_info.android_huawei_importance to NORMAL for chat messages (LOW for marketing)";
    let finding = if importance == RETIRED_IMPORTANCE {
        Finding::warning("huawei_importance_invalid", VENDOR).why(
            "android_huawei_importance is HIGH: Huawei's API documents only LOW and NORMAL now, so \
             how HIGH is treated is not specified",
        )
    } else {
        Finding::error("huawei_importance_invalid", VENDOR).why(format!(
            "android_huawei_importance is {importance:?}: Huawei takes LOW or NORMAL (upper case) \
             and refuses the message otherwise"
        ))
    };
    findings.push(finding.fix(fix));
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::{Message, Severity};

    /// `(code, severity)` of the Huawei findings.
    fn huawei(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        let info = OfflinePushInfo {
            android_huawei_category: Some("IM".into()),
            ..PushBuilder::new(&message).build()
        };
        (info, message)
    }

    #[test]
    fn a_chat_push_in_the_im_category_has_no_huawei_findings() {
        let (info, message) = chat();
        assert_eq!(huawei(&info, &message), []);
    }

    #[test]
    fn without_a_category_huawei_classes_the_message_itself() {
        let (mut info, message) = chat();
        info.android_huawei_category = None;
        assert_eq!(
            huawei(&info, &message),
            [("huawei_category_missing", Severity::Warning)]
        );
    }

    #[test]
    fn low_and_normal_are_the_importances_huawei_takes() {
        let (mut info, message) = chat();
        for importance in ["LOW", "NORMAL", ""] {
            info.android_huawei_importance = Some(importance.into());
            assert_eq!(huawei(&info, &message), [], "importance {importance:?}");
        }
    }

    #[test]
    fn an_unknown_importance_is_refused() {
        let (mut info, message) = chat();
        for importance in ["URGENT", "normal", "1"] {
            info.android_huawei_importance = Some(importance.into());
            assert_eq!(
                huawei(&info, &message),
                [("huawei_importance_invalid", Severity::Error)],
                "importance {importance:?}"
            );
        }
    }

    #[test]
    fn the_retired_high_importance_is_a_warning() {
        let (mut info, message) = chat();
        info.android_huawei_importance = Some("HIGH".into());
        assert_eq!(
            huawei(&info, &message),
            [("huawei_importance_invalid", Severity::Warning)]
        );
    }

    #[test]
    fn huawei_has_no_length_limit_on_title_or_desc() {
        let (mut info, message) = chat();
        info.title = "标".repeat(500);
        info.desc = "字".repeat(2000);
        assert_eq!(huawei(&info, &message), []);
    }
}
