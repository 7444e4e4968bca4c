//! The apns sending-side rules, through the public lint path.

use pushlane_apns::{apns_json, link};
use pushlane_payload::{
    CallKind, Finding, IosPushType, Message, OfflinePushInfo, PushBuilder, Severity,
};
use pushlane_plugin::sending::vendor_findings;

const EXT: &str = r#"{"conversationID":"c2c_alice"}"#;

fn apns_findings(info: &OfflinePushInfo, message: &Message) -> Vec<Finding> {
    vendor_findings(link(), info, message)
}

fn find<'a>(findings: &'a [Finding], code: &str) -> Option<&'a Finding> {
    findings.iter().find(|f| f.code == code)
}

/// `base` with its `desc` padded so the rendered APNs payload is exactly `target` bytes.
fn sized_to(target: usize, message: &Message, base: OfflinePushInfo) -> OfflinePushInfo {
    pushlane_plugin::sending::sized_to(target, message, base, |push| {
        apns_json(push).to_string().len()
    })
    .expect("the base push renders smaller than the target")
}

fn call() -> Message {
    Message {
        call: Some(CallKind::Video),
        ..Message::new("alice", pushlane_payload::ElemType::Custom)
    }
}

#[test]
fn a_clean_push_has_no_apns_findings() {
    let message = Message::text("alice", "hi");
    let info = PushBuilder::new(&message).build();
    assert_eq!(apns_findings(&info, &message), vec![]);
    let group = Message::text("alice", "hi")
        .in_group("g42")
        .with_nick_name("Alice");
    let info = PushBuilder::new(&group).build();
    assert_eq!(apns_findings(&info, &group), vec![]);
}

#[test]
fn a_payload_of_4096_bytes_passes_and_4097_is_refused() {
    let message = Message::text("alice", "hi");
    let base = OfflinePushInfo {
        ext: EXT.to_string(),
        ..OfflinePushInfo::default()
    };
    let fits = sized_to(4096, &message, base.clone());
    assert_eq!(
        find(&apns_findings(&fits, &message), "apns_payload_too_large"),
        None
    );

    let over = sized_to(4097, &message, base);
    let findings = apns_findings(&over, &message);
    let finding = find(&findings, "apns_payload_too_large").expect("reported");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.vendor, Some("apns"));
    assert!(finding.why.contains("4097"), "{finding}");
    assert!(finding.why.contains("4096"), "{finding}");
}

#[test]
fn a_voip_call_push_may_take_5120_bytes() {
    let message = call();
    let voip = OfflinePushInfo {
        ios_push_type: IosPushType::Voip,
        ext: EXT.to_string(),
        ..OfflinePushInfo::default()
    };
    let fits = sized_to(5120, &message, voip.clone());
    assert_eq!(
        find(&apns_findings(&fits, &message), "apns_payload_too_large"),
        None
    );

    let over = sized_to(5121, &message, voip);
    let findings = apns_findings(&over, &message);
    let finding = find(&findings, "apns_payload_too_large").expect("reported");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.why.contains("5120"), "{finding}");

    // The same 5120 bytes as an ordinary alert push is refused.
    let alert = OfflinePushInfo {
        ios_push_type: IosPushType::Apns,
        ..fits
    };
    assert!(find(&apns_findings(&alert, &message), "apns_payload_too_large").is_some());
}

#[test]
fn the_image_url_counts_towards_the_payload() {
    let message = Message::text("alice", "hi");
    let fits = sized_to(4096, &message, OfflinePushInfo::default());
    assert_eq!(
        find(&apns_findings(&fits, &message), "apns_payload_too_large"),
        None
    );
    let with_image = OfflinePushInfo {
        ios_image: Some("https://example.com/a.png".to_string()),
        ..fits
    };
    assert!(find(
        &apns_findings(&with_image, &message),
        "apns_payload_too_large"
    )
    .is_some());
}

#[test]
fn desc_and_ext_over_3072_bytes_warn() {
    let message = Message::text("alice", "hi");
    // Bytes count, not characters: a Chinese character is three UTF-8 bytes.
    let desc_bytes = 3072 - EXT.len();
    let at_limit = OfflinePushInfo {
        desc: "你".repeat(desc_bytes / 3) + &"a".repeat(desc_bytes % 3),
        ext: EXT.to_string(),
        ..OfflinePushInfo::default()
    };
    assert_eq!(at_limit.desc.len() + at_limit.ext.len(), 3072);
    assert_eq!(apns_findings(&at_limit, &message), vec![]);

    let over = OfflinePushInfo {
        desc: format!("{}a", at_limit.desc),
        ..at_limit
    };
    let findings = apns_findings(&over, &message);
    let finding = find(&findings, "apns_desc_ext_too_large").expect("reported");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.vendor, Some("apns"));
    assert!(finding.why.contains("3073"), "{finding}");
}

#[test]
fn a_refused_payload_is_not_also_warned_about_desc_and_ext() {
    let message = Message::text("alice", "hi");
    let over = sized_to(4097, &message, OfflinePushInfo::default());
    let codes: Vec<&str> = apns_findings(&over, &message)
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, vec!["apns_payload_too_large"]);
}

#[test]
fn ios_sound_must_be_default_silent_or_a_bundled_file() {
    let message = Message::text("alice", "hi");
    let with_sound = |sound: &str| OfflinePushInfo {
        desc: "hi".to_string(),
        ios_sound: Some(sound.to_string()),
        ..OfflinePushInfo::default()
    };
    for fine in [
        "default",
        "push.no_sound",
        "call.caf",
        "ring.wav",
        "Alert.AIFF",
        "old.aif",
        "",
    ] {
        assert_eq!(
            apns_findings(&with_sound(fine), &message),
            vec![],
            "{fine:?}"
        );
    }
    for wrong in ["call", "ring.mp3", "call."] {
        let findings = apns_findings(&with_sound(wrong), &message);
        let finding =
            find(&findings, "ios_sound_invalid").unwrap_or_else(|| panic!("{wrong:?} reported"));
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.vendor, Some("apns"));
        assert!(finding.why.contains(wrong), "{finding}");
        for format in ["aiff", "wav", "caf"] {
            assert!(finding.fix.contains(format), "{finding}");
        }
    }
}

#[test]
fn voip_on_a_message_that_is_not_a_call_is_an_error() {
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        ios_push_type: IosPushType::Voip,
        ..PushBuilder::new(&message).build()
    };
    let findings = apns_findings(&info, &message);
    let finding = find(&findings, "voip_without_call").expect("reported");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.vendor, Some("apns"));

    let call = call();
    let info = OfflinePushInfo {
        ios_push_type: IosPushType::Voip,
        desc: "Incoming call".to_string(),
        ..OfflinePushInfo::default()
    };
    assert_eq!(apns_findings(&info, &call), vec![]);
}

#[test]
fn a_disabled_push_is_not_checked() {
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        disable_push: true,
        ios_push_type: IosPushType::Voip,
        ios_sound: Some("ring.mp3".to_string()),
        ..sized_to(5000, &message, OfflinePushInfo::default())
    };
    assert_eq!(apns_findings(&info, &message), vec![]);
}
