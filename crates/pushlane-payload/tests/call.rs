//! Call invitations: the message and offline-push info of a TUICallKit-style call, and the
//! cross-vendor rules for call invitations (vendor names as targets: no vendor rules run).

use pushlane_payload::call::{CallInvitation, CallTexts};
use pushlane_payload::{
    lint, CallKind, ElemType, ExtForm, Finding, IosPushType, Message, OfflinePushInfo, PushBuilder,
    Severity, VIVO_SYSTEM,
};

const TARGETS: [&str; 3] = ["apns", "fcm", "oppo"];

fn codes(findings: &[Finding]) -> Vec<(&'static str, Severity, Option<&'static str>)> {
    findings
        .iter()
        .map(|f| (f.code, f.severity, f.vendor))
        .collect()
}

fn every_invitation() -> Vec<CallInvitation> {
    let mut all = Vec::new();
    for kind in [CallKind::Audio, CallKind::Video] {
        for group in [None, Some("g42")] {
            for voip in [false, true] {
                let mut invitation = CallInvitation::new("alice", kind)
                    .with_nick_name("Alice")
                    .voip(voip);
                if let Some(group) = group {
                    invitation = invitation.in_group(group);
                }
                all.push(invitation);
            }
        }
    }
    all
}

#[test]
fn an_invitation_is_a_custom_call_message_from_the_caller() {
    let message = CallInvitation::new("alice", CallKind::Video)
        .with_nick_name("Alice")
        .in_group("g42")
        .message();
    assert_eq!(message.sender, "alice");
    assert_eq!(message.nick_name.as_deref(), Some("Alice"));
    assert_eq!(message.group_id.as_deref(), Some("g42"));
    assert_eq!(message.elem_type, ElemType::Custom);
    assert_eq!(message.call, Some(CallKind::Video));
}

#[test]
fn the_desc_names_the_kind_of_call() {
    let audio = CallInvitation::new("alice", CallKind::Audio).offline_push_info();
    let video = CallInvitation::new("alice", CallKind::Video).offline_push_info();
    assert_eq!(audio.desc, "invited you to an audio call");
    assert_eq!(video.desc, "invited you to a video call");
    // The title is left to the server: the caller's nickname, or id.
    assert_eq!(audio.title, "");
}

#[test]
fn a_group_call_uses_the_group_texts_and_opens_the_group() {
    let invitation = CallInvitation::new("alice", CallKind::Audio).in_group("g42");
    let info = invitation.offline_push_info();
    assert_eq!(info.desc, "invited you to a group audio call");
    assert_eq!(info.ext, r#"{"conversationID":"group_g42"}"#);
    let video = CallInvitation::new("alice", CallKind::Video).in_group("g42");
    assert_eq!(
        video.offline_push_info().desc,
        "invited you to a group video call"
    );
    // An empty group id is a one-to-one call, as for any message.
    let empty = CallInvitation::new("alice", CallKind::Audio).in_group("");
    assert_eq!(
        empty.offline_push_info().desc,
        "invited you to an audio call"
    );
    assert_eq!(
        empty.offline_push_info().ext,
        r#"{"conversationID":"c2c_alice"}"#
    );
}

#[test]
fn the_ext_is_the_one_push_builder_writes_for_the_call_message() {
    for invitation in every_invitation() {
        let message = invitation.message();
        assert_eq!(
            invitation.offline_push_info().ext,
            PushBuilder::new(&message).ext()
        );
    }
    let one_to_one = CallInvitation::new("alice", CallKind::Video);
    assert_eq!(
        one_to_one.offline_push_info().ext,
        r#"{"conversationID":"c2c_alice"}"#
    );
    let entity = one_to_one.ext_form(ExtForm::Entity);
    assert_eq!(
        entity.offline_push_info().ext,
        PushBuilder::new(&entity.message())
            .ext_form(ExtForm::Entity)
            .ext()
    );
}

#[test]
fn call_texts_are_overridable_per_kind_and_group() {
    let texts = CallTexts::default()
        .with(CallKind::Video, false, "is calling you (video)")
        .with(CallKind::Audio, true, "started a group call");
    let video = CallInvitation::new("alice", CallKind::Video).texts(texts.clone());
    assert_eq!(video.offline_push_info().desc, "is calling you (video)");
    let audio = CallInvitation::new("alice", CallKind::Audio).texts(texts.clone());
    assert_eq!(
        audio.offline_push_info().desc,
        "invited you to an audio call"
    );
    let group = CallInvitation::new("alice", CallKind::Audio)
        .in_group("g1")
        .texts(texts);
    assert_eq!(group.offline_push_info().desc, "started a group call");
}

#[test]
fn call_texts_read_from_config_keep_the_defaults_they_do_not_name() {
    let texts: CallTexts = serde_json::from_str(r#"{"video":"视频通话邀请"}"#).unwrap();
    assert_eq!(texts.text(CallKind::Video, false), "视频通话邀请");
    assert_eq!(
        texts.text(CallKind::Audio, false),
        "invited you to an audio call"
    );
    assert_eq!(
        texts.text(CallKind::Video, true),
        "invited you to a group video call"
    );
    let err = serde_json::from_str::<CallTexts>(r#"{"vidoe":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("vidoe"), "{err}");
}

#[test]
fn an_invitation_does_not_count_towards_the_badge() {
    for invitation in every_invitation() {
        assert!(invitation.offline_push_info().ignore_ios_badge);
    }
}

#[test]
fn voip_selects_a_pushkit_push() {
    let apns = CallInvitation::new("alice", CallKind::Audio).offline_push_info();
    assert_eq!(apns.ios_push_type, IosPushType::Apns);
    let voip = CallInvitation::new("alice", CallKind::Audio)
        .voip(true)
        .offline_push_info();
    assert_eq!(voip.ios_push_type, IosPushType::Voip);
}

#[test]
fn the_ringtone_sets_both_sounds_except_the_apns_one_of_a_voip_push() {
    let plain = CallInvitation::new("alice", CallKind::Audio).offline_push_info();
    assert_eq!((plain.ios_sound, plain.android_sound), (None, None));

    let ringing = CallInvitation::new("alice", CallKind::Audio)
        .ringtone("phone_ringing.mp3", "phone_ringing")
        .offline_push_info();
    assert_eq!(ringing.ios_sound.as_deref(), Some("phone_ringing.mp3"));
    assert_eq!(ringing.android_sound.as_deref(), Some("phone_ringing"));

    // CallKit rings a VoIP push with the app's own ringtone; APNs' sound does not apply.
    let voip = CallInvitation::new("alice", CallKind::Audio)
        .ringtone("phone_ringing.mp3", "phone_ringing")
        .voip(true)
        .offline_push_info();
    assert_eq!(voip.ios_sound, None);
    assert_eq!(voip.android_sound.as_deref(), Some("phone_ringing"));
}

#[test]
fn the_vendor_hints_mark_the_push_as_a_call() {
    let info = CallInvitation::new("alice", CallKind::Video).offline_push_info();
    assert_eq!(info.android_vivo_classification, VIVO_SYSTEM);
    assert_eq!(info.android_huawei_importance.as_deref(), Some("NORMAL"));
    assert_eq!(info.android_huawei_category.as_deref(), Some("VOIP"));

    // An app whose Huawei self-classification covers IM only sends its calls as IM.
    let im = CallInvitation::new("alice", CallKind::Video)
        .huawei_category(Some("IM"))
        .offline_push_info();
    assert_eq!(im.android_huawei_category.as_deref(), Some("IM"));
    let none = CallInvitation::new("alice", CallKind::Video)
        .huawei_category(None::<String>)
        .offline_push_info();
    assert_eq!(none.android_huawei_category, None);
}

#[test]
fn every_built_invitation_lints_clean() {
    for invitation in every_invitation() {
        let findings = lint(
            &invitation.offline_push_info(),
            &invitation.message(),
            &TARGETS,
        );
        assert!(findings.is_empty(), "{invitation:?}: {findings:?}");
    }
}

#[test]
fn a_call_that_counts_towards_the_badge_is_a_warning() {
    let invitation = CallInvitation::new("alice", CallKind::Audio);
    let info = OfflinePushInfo {
        ignore_ios_badge: false,
        ..invitation.offline_push_info()
    };
    let findings = lint(&info, &invitation.message(), &TARGETS);
    assert_eq!(
        codes(&findings),
        [("call_badge_counted", Severity::Warning, None)]
    );
    assert!(
        findings[0].fix.contains("ignore_ios_badge"),
        "{}",
        findings[0]
    );

    // An ordinary message counts towards the badge, as it should.
    let message = Message::text("alice", "hi");
    let ordinary = PushBuilder::new(&message).build();
    assert!(lint(&ordinary, &message, &TARGETS).is_empty());
}

#[test]
fn a_call_without_ext_is_a_warning() {
    let invitation = CallInvitation::new("alice", CallKind::Video).in_group("g42");
    let info = OfflinePushInfo {
        ext: String::new(),
        ..invitation.offline_push_info()
    };
    let findings = lint(&info, &invitation.message(), &TARGETS);
    assert_eq!(
        codes(&findings),
        [("call_ext_missing", Severity::Warning, None)]
    );
    assert!(findings[0].fix.contains("group_g42"), "{}", findings[0]);

    // An ext that is there but not JSON is ext_not_json's finding, not this rule's.
    let not_json = OfflinePushInfo {
        ext: "call".into(),
        ..invitation.offline_push_info()
    };
    let findings = lint(&not_json, &invitation.message(), &TARGETS);
    assert_eq!(
        codes(&findings),
        [("ext_not_json", Severity::Warning, None)]
    );

    // A message that is not a call may go without ext.
    let message = Message::text("alice", "hi");
    let info = OfflinePushInfo {
        desc: "hi".into(),
        ..OfflinePushInfo::default()
    };
    assert!(lint(&info, &message, &TARGETS).is_empty());
}

#[test]
fn a_call_without_desc_is_reported_once_as_a_custom_message_without_desc() {
    let invitation = CallInvitation::new("alice", CallKind::Audio);
    let info = OfflinePushInfo {
        desc: String::new(),
        ..invitation.offline_push_info()
    };
    let findings = lint(&info, &invitation.message(), &TARGETS);
    assert_eq!(
        codes(&findings),
        [("custom_without_desc", Severity::Error, None)]
    );
}
