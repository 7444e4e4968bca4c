//! Honor's sending-side rules: an importance Honor does not know.
//!
//! Honor's documents, cited next to each rule:
//! - downlink message API (`android.notification.importance`):
//!   <https://developer.honor.com/cn/docs/11002/reference/downlink-message>
//! - message classification (service and communication / information and marketing):
//!   <https://developer.honor.com/cn/docs/11002/guides/notification-class>
//!
//! Honor documents no limit on the title or the body of a notification beyond the size of the
//! whole message, so there is no `title_too_long` / `desc_too_long` for Honor.

use pushlane_plugin::sending::{Finding, OfflinePushInfo, Push};

const VENDOR: &str = "honor";

/// `importance`: LOW (information and marketing) or NORMAL (service and communication)
/// (<https://developer.honor.com/cn/docs/11002/reference/downlink-message>).
const IMPORTANCES: [&str; 2] = ["LOW", "NORMAL"];

/// Honor's rules: `honor_importance_invalid`. A warning, not an error: Honor documents no
/// refusal for another value, but a message without a class it knows falls to its default
/// class, information and marketing, which arrives silently and only a few times a day per
/// device (<https://developer.honor.com/cn/docs/11002/guides/notification-class>).
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    let Some(importance) = OfflinePushInfo::set(&push.info.android_honor_importance) else {
        return;
    };
    if IMPORTANCES.contains(&importance) {
        return;
    }
    findings.push(
        Finding::warning("honor_importance_invalid", VENDOR)
            .why(format!(
                "android_honor_importance is {importance:?}: Honor knows only LOW and NORMAL (upper \
                 case), so the message is not classed as service and communication and may arrive \
                 silently, capped to a few a day"
            ))
            .fix("set offline_push_info.android_honor_importance to NORMAL for chat messages (LOW for marketing)"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::{Message, Severity};

    /// `(code, severity)` of the Honor findings.
    fn honor(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        (PushBuilder::new(&message).build(), message)
    }

    #[test]
    fn a_chat_push_has_no_honor_findings_with_or_without_a_known_importance() {
        let (mut info, message) = chat();
        assert_eq!(honor(&info, &message), []);
        for importance in ["LOW", "NORMAL", ""] {
            info.android_honor_importance = Some(importance.into());
            assert_eq!(honor(&info, &message), [], "importance {importance:?}");
        }
    }

    #[test]
    fn an_importance_honor_does_not_know_is_a_warning() {
        let (mut info, message) = chat();
        for importance in ["HIGH", "normal", "URGENT"] {
            info.android_honor_importance = Some(importance.into());
            assert_eq!(
                honor(&info, &message),
                [("honor_importance_invalid", Severity::Warning)],
                "importance {importance:?}"
            );
        }
    }

    #[test]
    fn honor_has_no_length_limit_on_title_or_desc() {
        let (mut info, message) = chat();
        info.title = "标".repeat(500);
        info.desc = "字".repeat(2000);
        assert_eq!(honor(&info, &message), []);
    }
}
