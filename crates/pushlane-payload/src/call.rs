//! Call invitations: an audio or video call over TRTC (TUICallKit's flow), sent to the callee
//! as a custom signalling message whose offline push makes the phone ring while the app is
//! killed.
//!
//! [`CallInvitation`] builds both halves: the [`Message`] (custom, `call` set) and its
//! [`OfflinePushInfo`] (`desc` from a [`CallTexts`] table, `ext` naming the caller's
//! conversation, no badge count, VoIP when asked, the call hints the Android vendors read).
//! The call rules of [`lint`](crate::lint) live here too.
//!
//! ```
//! use pushlane_payload::call::CallInvitation;
//! use pushlane_payload::{lint, CallKind, IosPushType};
//!
//! let invitation = CallInvitation::new("alice", CallKind::Video)
//!     .with_nick_name("Alice")
//!     .voip(true);
//! let info = invitation.offline_push_info();
//! assert_eq!(info.desc, "invited you to a video call");
//! assert_eq!(info.ext, r#"{"conversationID":"c2c_alice"}"#);
//! assert_eq!(info.ios_push_type, IosPushType::Voip);
//! assert!(info.ignore_ios_badge);
//! assert!(lint(&info, &invitation.message(), &["apns", "fcm"]).is_empty());
//! ```

use crate::build::{ExtForm, PushBuilder};
use crate::info::{IosPushType, OfflinePushInfo, VIVO_SYSTEM};
use crate::lint::{Finding, Push, Severity};
use crate::message::{CallKind, ElemType, Message};
use serde::{Deserialize, Serialize};

/// The `desc` of a call invitation per kind of call, one-to-one and group. Hosts override
/// any of them (config: `audio`, `video`, `group_audio`, `group_video`); the others keep
/// their English defaults. The notification's title is the caller's nickname, so the text
/// reads on from it: "Alice — invited you to a video call".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallTexts {
    pub audio: String,
    pub video: String,
    pub group_audio: String,
    pub group_video: String,
}

impl Default for CallTexts {
    fn default() -> Self {
        CallTexts {
            audio: "invited you to an audio call".to_string(),
            video: "invited you to a video call".to_string(),
            group_audio: "invited you to a group audio call".to_string(),
            group_video: "invited you to a group video call".to_string(),
        }
    }
}

impl CallTexts {
    /// The text for a `kind` of call, in a group or one-to-one.
    pub fn text(&self, kind: CallKind, group: bool) -> &str {
        self.slot(kind, group)
    }

    /// Overrides the text for a `kind` of call, in a group or one-to-one.
    pub fn with(mut self, kind: CallKind, group: bool, text: impl Into<String>) -> Self {
        *self.slot_mut(kind, group) = text.into();
        self
    }

    fn slot(&self, kind: CallKind, group: bool) -> &String {
        match (kind, group) {
            (CallKind::Audio, false) => &self.audio,
            (CallKind::Video, false) => &self.video,
            (CallKind::Audio, true) => &self.group_audio,
            (CallKind::Video, true) => &self.group_video,
        }
    }

    fn slot_mut(&mut self, kind: CallKind, group: bool) -> &mut String {
        match (kind, group) {
            (CallKind::Audio, false) => &mut self.audio,
            (CallKind::Video, false) => &mut self.video,
            (CallKind::Audio, true) => &mut self.group_audio,
            (CallKind::Video, true) => &mut self.group_video,
        }
    }
}

/// A ringtone bundled with the app, named the way each platform names sounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ringtone {
    /// The file name in the iOS app bundle, with its extension (`phone_ringing.mp3`).
    pub ios: String,
    /// The name in the Android app's `res/raw`, without extension (`phone_ringing`).
    pub android: String,
}

/// Huawei's category for voice and video calls. A category other than `MARKETING` needs
/// Huawei's self-classification right for it; the app must have applied for `VOIP`
/// (Huawei's message classification standard,
/// <https://developer.huawei.com/consumer/cn/doc/development/HMSCore-Guides/message-classification-0000001149358835>;
/// the categories and what they ring are also listed at
/// <https://help.aliyun.com/document_detail/613940.html>). HarmonyOS Push Kit also delivers
/// `VoIP` messages during the user's sleep hours, when it holds others back
/// (<https://developer.huawei.com/consumer/cn/doc/harmonyOS-guides/push-kit-introduction/>).
pub const HUAWEI_CATEGORY_VOIP: &str = "VOIP";

/// Huawei's importance for a notification that rings and vibrates (`LOW` is silent), same
/// sources as [`HUAWEI_CATEGORY_VOIP`].
pub const HUAWEI_IMPORTANCE_NORMAL: &str = "NORMAL";

/// A call invitation from `caller` to the callee(s): the signalling message and its offline
/// push.
///
/// The Android vendor hints follow TUICallKit's documented call push
/// (<https://www.tencentcloud.com/document/product/647/59846>): vivo classification 1 (a
/// system message, which vivo delivers more reliably than an operational one), and Huawei's
/// importance `NORMAL` with a category (here [`HUAWEI_CATEGORY_VOIP`] by default; TUICallKit's
/// sample uses `IM`, for apps whose self-classification covers IM only). The same page notes
/// that a VoIP push takes no custom sound: CallKit rings it with the app's ringtone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInvitation {
    /// The caller's user id: the sender of the signalling message.
    pub caller: String,
    pub caller_nick_name: Option<String>,
    pub kind: CallKind,
    /// Set for a group call.
    pub group_id: Option<String>,
    /// Push to iOS through PushKit (`ios_push_type = voip`) so CallKit rings the phone.
    pub voip: bool,
    pub ringtone: Option<Ringtone>,
    pub texts: CallTexts,
    pub ext_form: ExtForm,
    /// Huawei's message category; [`HUAWEI_CATEGORY_VOIP`] by default.
    pub huawei_category: Option<String>,
}

impl CallInvitation {
    /// A one-to-one call from `caller`, as an ordinary APNs push on iOS.
    pub fn new(caller: impl Into<String>, kind: CallKind) -> Self {
        CallInvitation {
            caller: caller.into(),
            caller_nick_name: None,
            kind,
            group_id: None,
            voip: false,
            ringtone: None,
            texts: CallTexts::default(),
            ext_form: ExtForm::default(),
            huawei_category: Some(HUAWEI_CATEGORY_VOIP.to_string()),
        }
    }

    pub fn with_nick_name(mut self, nick_name: impl Into<String>) -> Self {
        self.caller_nick_name = Some(nick_name.into());
        self
    }

    /// A group call in `group_id`.
    pub fn in_group(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    pub fn voip(mut self, voip: bool) -> Self {
        self.voip = voip;
        self
    }

    /// The ringtone the notification plays: `ios` is a file in the app bundle with its
    /// extension, `android` a `res/raw` name without one.
    pub fn ringtone(mut self, ios: impl Into<String>, android: impl Into<String>) -> Self {
        self.ringtone = Some(Ringtone {
            ios: ios.into(),
            android: android.into(),
        });
        self
    }

    pub fn texts(mut self, texts: CallTexts) -> Self {
        self.texts = texts;
        self
    }

    pub fn ext_form(mut self, ext_form: ExtForm) -> Self {
        self.ext_form = ext_form;
        self
    }

    /// Huawei's message category, or none at all.
    pub fn huawei_category<S: Into<String>>(mut self, category: Option<S>) -> Self {
        self.huawei_category = category.map(Into::into);
        self
    }

    /// The signalling message: a custom message from the caller with `call` set.
    pub fn message(&self) -> Message {
        Message {
            nick_name: self.caller_nick_name.clone(),
            group_id: self.group_id.clone(),
            call: Some(self.kind),
            ..Message::new(self.caller.clone(), ElemType::Custom)
        }
    }

    /// The offline push of the signalling message.
    pub fn offline_push_info(&self) -> OfflinePushInfo {
        let message = self.message();
        let desc = self
            .texts
            .text(self.kind, message.group().is_some())
            .to_string();
        let ext = PushBuilder::new(&message).ext_form(self.ext_form).ext();
        let ringtone = self.ringtone.as_ref();
        OfflinePushInfo {
            desc,
            ext,
            ignore_ios_badge: true,
            ios_push_type: if self.voip {
                IosPushType::Voip
            } else {
                IosPushType::Apns
            },
            ios_sound: ringtone.filter(|_| !self.voip).map(|r| r.ios.clone()),
            android_sound: ringtone.map(|r| r.android.clone()),
            android_vivo_classification: VIVO_SYSTEM,
            android_huawei_category: self.huawei_category.clone(),
            android_huawei_importance: Some(HUAWEI_IMPORTANCE_NORMAL.to_string()),
            ..OfflinePushInfo::default()
        }
    }
}

/// The cross-vendor rules for call invitations. A call without `desc` is already
/// `custom_without_desc`, and an `ext` that is not JSON `ext_not_json`.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if !push.is_call() {
        return;
    }
    if !push.info.ignore_ios_badge {
        findings.push(
            Finding::cross_vendor("call_badge_counted", Severity::Warning)
                .why("the call invitation counts towards the iOS app badge: the badge shows an unread message the user never gets to read")
                .fix("set offline_push_info.ignore_ios_badge = true for call invitations"),
        );
    }
    if push.info.ext.is_empty() {
        findings.push(
            Finding::cross_vendor("call_ext_missing", Severity::Warning)
                .why("the call invitation has no ext: a tap on it opens the app's home screen, not the call or the caller's conversation")
                .fix(format!(
                    r#"set offline_push_info.ext to {{"conversationID":"{}"}}"#,
                    push.message.conversation_id()
                )),
        );
    }
}
