//! The fcm sending-side rules, through the public lint path.

use pushlane_fcm::{fcm_message, link};
use pushlane_payload::{Finding, Message, OfflinePushInfo, PushBuilder, Severity};
use pushlane_plugin::sending::vendor_findings;

const EXT: &str = r#"{"conversationID":"c2c_alice"}"#;

fn fcm_findings(info: &OfflinePushInfo, message: &Message) -> Vec<Finding> {
    vendor_findings(link(), info, message)
}

/// `base` with its `desc` padded so the rendered FCM message is exactly `target` bytes.
fn sized_to(target: usize, message: &Message, base: OfflinePushInfo) -> OfflinePushInfo {
    pushlane_plugin::sending::sized_to(target, message, base, |push| {
        fcm_message(push).to_string().len()
    })
    .expect("the base push renders smaller than the target")
}

#[test]
fn a_clean_push_has_no_fcm_findings() {
    let message = Message::text("alice", "hi");
    let info = PushBuilder::new(&message).build();
    assert_eq!(fcm_findings(&info, &message), vec![]);
}

#[test]
fn a_message_of_4096_bytes_passes_and_4097_is_refused() {
    let message = Message::text("alice", "hi").with_nick_name("Alice");
    let base = OfflinePushInfo {
        ext: EXT.to_string(),
        ..OfflinePushInfo::default()
    };
    let fits = sized_to(4096, &message, base.clone());
    assert_eq!(fcm_findings(&fits, &message), vec![]);

    let over = sized_to(4097, &message, base);
    let findings = fcm_findings(&over, &message);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.code, "fcm_data_too_large");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.vendor, Some("fcm"));
    assert!(finding.why.contains("4097"), "{finding}");
    assert!(finding.why.contains("4096"), "{finding}");
}

#[test]
fn ext_counts_in_the_data_map() {
    let message = Message::text("alice", "hi");
    let fits = sized_to(4096, &message, OfflinePushInfo::default());
    assert_eq!(fcm_findings(&fits, &message), vec![]);
    // ext goes into the data map: the same desc with an ext is over the limit.
    let with_ext = OfflinePushInfo {
        ext: EXT.to_string(),
        ..fits
    };
    assert_eq!(
        fcm_findings(&with_ext, &message)[0].code,
        "fcm_data_too_large"
    );
}

#[test]
fn the_image_and_channel_count_towards_the_message() {
    let message = Message::text("alice", "hi");
    let fits = sized_to(4096, &message, OfflinePushInfo::default());
    let with_image = OfflinePushInfo {
        android_fcm_image: Some("https://example.com/a.png".to_string()),
        ..fits.clone()
    };
    assert_eq!(
        fcm_findings(&with_image, &message)[0].code,
        "fcm_data_too_large"
    );
    let with_channel = OfflinePushInfo {
        android_fcm_channel_id: Some("im".to_string()),
        ..fits
    };
    assert_eq!(
        fcm_findings(&with_channel, &message)[0].code,
        "fcm_data_too_large"
    );
}

#[test]
fn a_disabled_push_is_not_checked() {
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        disable_push: true,
        ..sized_to(5000, &message, OfflinePushInfo::default())
    };
    assert_eq!(fcm_findings(&info, &message), vec![]);
}
