//! The cross-vendor rules, with vendor names as targets (no vendor rules run).

use pushlane_payload::{
    has_errors, lint, ElemType, Finding, Message, OfflinePushInfo, Push, PushBuilder,
    SendingTarget, Severity,
};

fn codes(findings: &[Finding]) -> Vec<(&'static str, Severity, Option<&'static str>)> {
    findings
        .iter()
        .map(|f| (f.code, f.severity, f.vendor))
        .collect()
}

#[test]
fn a_custom_message_without_desc_is_an_error() {
    let message = Message::new("alice", ElemType::Custom);
    let findings = lint(&OfflinePushInfo::default(), &message, &["fcm"]);
    assert_eq!(
        codes(&findings),
        [("custom_without_desc", Severity::Error, None)]
    );
    assert!(has_errors(&findings));

    let info = OfflinePushInfo {
        desc: "[Red packet]".into(),
        ..OfflinePushInfo::default()
    };
    assert!(lint(&info, &message, &["fcm"]).is_empty());
}

#[test]
fn an_ext_that_is_not_json_is_a_warning_naming_the_parse_error() {
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        ext: "conversationID=c2c_alice".into(),
        ..OfflinePushInfo::default()
    };
    let findings = lint(&info, &message, &["fcm", "apns"]);
    assert_eq!(
        codes(&findings),
        [("ext_not_json", Severity::Warning, None)]
    );
    assert!(
        findings[0].why.contains("expected value"),
        "{}",
        findings[0].why
    );
    assert!(!has_errors(&findings));
}

/// A vendor that reports `ext_not_json` itself, as OPPO does.
struct Strict;

impl SendingTarget for Strict {
    fn vendor(&self) -> &'static str {
        "strict"
    }

    fn lint_sending(&self, push: &Push<'_>, findings: &mut Vec<Finding>) {
        if let Some(Err(_)) = push.ext_json() {
            findings.push(
                Finding::error("ext_not_json", "strict")
                    .why("dropped")
                    .fix("json"),
            );
        }
    }
}

#[test]
fn the_cross_vendor_warning_is_left_out_when_every_target_reported_it() {
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        ext: "{not json".into(),
        ..OfflinePushInfo::default()
    };
    let only_strict = lint(&info, &message, &[Strict]);
    assert_eq!(
        codes(&only_strict),
        [("ext_not_json", Severity::Error, Some("strict"))]
    );
}

#[test]
fn a_built_push_lints_clean_for_every_element_but_custom() {
    for elem in ElemType::ALL {
        let message = Message::new("bob", elem).in_group("g1");
        let findings = lint(&PushBuilder::new(&message).build(), &message, &["fcm"]);
        if elem == ElemType::Custom {
            assert_eq!(
                codes(&findings),
                [("custom_without_desc", Severity::Error, None)]
            );
        } else {
            assert!(findings.is_empty(), "{elem}: {findings:?}");
        }
    }
}

#[test]
fn the_push_sees_what_the_server_will_show() {
    let message = Message::new("u42", ElemType::Image).with_nick_name("Ann");
    let info = OfflinePushInfo::default();
    let summaries = Default::default();
    let push = Push::new(&info, &message, &summaries);
    assert_eq!(push.title(), "Ann");
    assert_eq!(push.desc(), Some("[Image]"));
    assert!(push.ext_json().is_none());

    let bare = Message::new("u42", ElemType::Custom);
    let push = Push::new(&info, &bare, &summaries);
    assert_eq!(push.title(), "u42");
    assert_eq!(push.desc(), None);
}

#[test]
fn a_push_switched_off_has_no_findings() {
    let message = Message::new("alice", ElemType::Custom);
    let info = OfflinePushInfo {
        disable_push: true,
        ext: "not json".into(),
        ..OfflinePushInfo::default()
    };
    assert!(lint(&info, &message, &["oppo"]).is_empty());
}
