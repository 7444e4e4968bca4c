//! OPPO's sending-side rules: what makes OPPO refuse a push, or show it folded and capped.
//!
//! OPPO's documents, cited next to each rule:
//! - notification message fields (title, content, action parameters):
//!   <https://open.oppomobile.com/new/developmentDoc/info?id=11236>
//! - the private-message channel (私信通道) for chat and other personal messages:
//!   <https://open.oppomobile.com/new/developmentDoc/info?id=11227>
//! - message classification (通讯与服务 / 内容与营销):
//!   <https://open.oppomobile.com/new/developmentDoc/info?id=13189>

use pushlane_plugin::sending::{
    Field, Finding, LengthLimit, OfflinePushInfo, Push, Severity, Unit,
};

const VENDOR: &str = "oppo";

/// `title`: "limited to 50 characters; Chinese, English and emoji each count as one"
/// (<https://open.oppomobile.com/new/developmentDoc/info?id=11236>). Longer is refused: error.
const TITLE: LengthLimit = LengthLimit::chars_refused(Field::Title, 50);

/// `content` of the standard style: OPPO's API accepts at most 200 characters, each character
/// counting one (<https://open.oppomobile.com/new/developmentDoc/info?id=11236>). Longer is
/// refused: error.
const DESC_ACCEPTED: LengthLimit = LengthLimit::chars_refused(Field::Desc, 200);

/// `content` as the phone shows it: the same document notes that the notification shows only
/// 50 characters of standard-style content, and its current revision limits standard-style
/// content to 50 (<https://open.oppomobile.com/new/developmentDoc/info?id=11236>). Between 51
/// and 200 the push arrives cut short: warning.
const DESC_SHOWN: LengthLimit = LengthLimit {
    field: Field::Desc,
    max: 50,
    unit: Unit::Chars,
    effect:
        "shows only the first 50 of a standard notification (its current document limits it to 50)",
};

/// The 通讯与服务 (communication and service) categories of OPPO's classification: a push with
/// one of them is a private message whatever its channel
/// (<https://open.oppomobile.com/new/developmentDoc/info?id=13189>).
const COMMUNICATION_CATEGORIES: [&str; 6] = [
    "IM",
    "ACCOUNT",
    "TODO",
    "DEVICE_REMINDER",
    "ORDER",
    "SUBSCRIPTION",
];

/// OPPO's rules, in this order: `ext_not_json`, `oppo_channel_missing`, `title_too_long`,
/// `desc_too_long`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if let Some(Err(cause)) = push.ext_json() {
        // OPPO passes ext on as the click's action parameters, which its API takes as JSON only
        // (`action_parameters`, <https://open.oppomobile.com/new/developmentDoc/info?id=11236>).
        findings.push(
            Finding::error("ext_not_json", VENDOR)
                .why(format!(
                    "ext is not JSON ({cause}): OPPO takes the click's parameters as JSON only and drops the push"
                ))
                .fix(r#"send ext as a JSON object such as {"conversationID":"c2c_<sender>"}"#),
        );
    }
    if !on_private_channel(push.info) {
        findings.push(
            Finding::warning("oppo_channel_missing", VENDOR)
                .why(
                    "no android_oppo_channel_id: OPPO sends the push on its public channel, which is \
                     capped per user each day and shown folded in the notification shade; chat \
                     messages belong on the private-message channel (私信通道)",
                )
                .fix(
                    "apply for OPPO's private-message channel, create that channel in the app, and \
                     set offline_push_info.android_oppo_channel_id to its id (or, once OPPO has \
                     approved the app's communication category, set android_oppo_category to IM)",
                ),
        );
    }
    TITLE.check(VENDOR, push, Severity::Error, findings);
    let before = findings.len();
    DESC_ACCEPTED.check(VENDOR, push, Severity::Error, findings);
    if findings.len() == before {
        DESC_SHOWN.check(VENDOR, push, Severity::Warning, findings);
    }
}

/// The push goes out as a private message: it names a channel, or a communication category.
fn on_private_channel(info: &OfflinePushInfo) -> bool {
    OfflinePushInfo::set(&info.android_oppo_channel_id).is_some()
        || OfflinePushInfo::set(&info.android_oppo_category)
            .is_some_and(|category| COMMUNICATION_CATEGORIES.contains(&category))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_payload::PushBuilder;
    use pushlane_plugin::sending::{lint, Message};

    /// `(code, severity)` of the OPPO findings.
    fn oppo(info: &OfflinePushInfo, message: &Message) -> Vec<(&'static str, Severity)> {
        pushlane_plugin::sending::vendor_codes(crate::link(), info, message)
    }

    fn chat() -> (OfflinePushInfo, Message) {
        let message = Message::text("alice", "hi");
        let info = OfflinePushInfo {
            android_oppo_channel_id: Some("im".into()),
            ..PushBuilder::new(&message).build()
        };
        (info, message)
    }

    #[test]
    fn a_chat_push_on_the_private_channel_has_no_oppo_findings() {
        let (info, message) = chat();
        assert_eq!(oppo(&info, &message), []);
    }

    #[test]
    fn ext_that_is_not_json_is_an_oppo_error_reported_once() {
        let (mut info, message) = chat();
        info.ext = "conversation=c2c_alice".into();
        let all = lint(&info, &message, &[crate::link()]);
        let ext: Vec<_> = all.iter().filter(|f| f.code == "ext_not_json").collect();
        assert_eq!(ext.len(), 1, "{all:?}");
        assert_eq!(
            (ext[0].severity, ext[0].vendor),
            (Severity::Error, Some("oppo"))
        );
    }

    #[test]
    fn without_a_channel_the_push_goes_to_the_public_channel() {
        let (mut info, message) = chat();
        info.android_oppo_channel_id = None;
        assert_eq!(
            oppo(&info, &message),
            [("oppo_channel_missing", Severity::Warning)]
        );
        info.android_oppo_channel_id = Some(String::new());
        assert_eq!(
            oppo(&info, &message),
            [("oppo_channel_missing", Severity::Warning)]
        );
    }

    #[test]
    fn a_communication_category_needs_no_channel_but_marketing_does() {
        let (mut info, message) = chat();
        info.android_oppo_channel_id = None;
        info.android_oppo_category = Some("IM".into());
        assert_eq!(oppo(&info, &message), []);
        info.android_oppo_category = Some("MARKETING".into());
        assert_eq!(
            oppo(&info, &message),
            [("oppo_channel_missing", Severity::Warning)]
        );
    }

    #[test]
    fn a_title_of_50_chinese_characters_passes_and_51_is_refused() {
        let (mut info, message) = chat();
        info.title = "标".repeat(50);
        assert_eq!(oppo(&info, &message), []);
        info.title.push('题');
        assert_eq!(oppo(&info, &message), [("title_too_long", Severity::Error)]);
    }

    #[test]
    fn desc_over_50_is_cut_short_and_over_200_is_refused() {
        let (mut info, message) = chat();
        for (length, expected) in [
            (50, vec![]),
            (51, vec![("desc_too_long", Severity::Warning)]),
            (200, vec![("desc_too_long", Severity::Warning)]),
            (201, vec![("desc_too_long", Severity::Error)]),
        ] {
            info.desc = "字".repeat(length);
            assert_eq!(oppo(&info, &message), expected, "desc of {length}");
        }
    }

    #[test]
    fn the_summary_of_a_long_text_message_is_what_is_measured() {
        let message = Message::text("alice", "a".repeat(201));
        let info = OfflinePushInfo {
            android_oppo_channel_id: Some("im".into()),
            ..OfflinePushInfo::default()
        };
        assert_eq!(oppo(&info, &message), [("desc_too_long", Severity::Error)]);
    }
}
