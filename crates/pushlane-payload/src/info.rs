//! [`OfflinePushInfo`]: what a message carries for the vendor channels when the receiver is
//! offline, with the Chat SDK's fields (`V2TIMOfflinePushInfo`).

use serde::{Deserialize, Serialize};

/// How APNs delivers the push on iOS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IosPushType {
    /// An ordinary alert push.
    #[default]
    Apns,
    /// A PushKit VoIP push: wakes the app to report an incoming call to CallKit. Apple
    /// requires every VoIP push to report a call, so it is for call invitations only.
    Voip,
}

/// The offline-push info of a message: what the Chat server hands to APNs, FCM and the
/// Android vendors when the receiver is offline. Every field is optional; an empty string
/// means "not set". Serde names are snake_case (`android_oppo_channel_id`); the Chat REST
/// API's names are in [`crate::rest`].
///
/// ```
/// use pushlane_payload::OfflinePushInfo;
///
/// let info: OfflinePushInfo = serde_json::from_str(
///     r#"{"desc":"[Image]","ext":"{\"conversationID\":\"c2c_alice\"}","android_oppo_channel_id":"im"}"#,
/// ).unwrap();
/// assert_eq!(info.android_oppo_channel_id.as_deref(), Some("im"));
/// assert_eq!(info.android_vivo_classification, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfflinePushInfo {
    /// The notification title; empty lets the server use the sender's nickname (or id).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The notification body. A custom message without it is not pushed at all.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub desc: String,
    /// Passed through to the receiving app (TUIKit: JSON naming the conversation).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ext: String,
    /// No offline push for this message.
    #[serde(skip_serializing_if = "is_false")]
    pub disable_push: bool,
    /// The message does not count towards the iOS app badge (APNs `BadgeMode` 1).
    #[serde(skip_serializing_if = "is_false")]
    pub ignore_ios_badge: bool,
    /// `default`, `push.no_sound` (silent), or the file name of a sound bundled with the app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ios_sound: Option<String>,
    #[serde(skip_serializing_if = "is_default_push_type")]
    pub ios_push_type: IosPushType,
    /// An image URL for the iOS notification (needs a notification service extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ios_image: Option<String>,
    /// A sound file name for Android (without extension, in `res/raw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_sound: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_oppo_channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_oppo_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_oppo_notify_level: Option<i64>,
    /// vivo's message class: 0 operational, 1 system (the default).
    #[serde(skip_serializing_if = "is_system_classification")]
    pub android_vivo_classification: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_vivo_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_huawei_category: Option<String>,
    /// `LOW` or `NORMAL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_huawei_importance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_huawei_channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_huawei_image: Option<String>,
    /// Huawei delivers the keys of `ext` as intent extras instead of one `ext` extra
    /// (REST `ExtAsHuaweiIntentParam = 1`).
    #[serde(skip_serializing_if = "is_false")]
    pub ext_as_huawei_intent_param: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_honor_image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_honor_importance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_fcm_channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_fcm_image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android_xiaomi_channel_id: Option<String>,
}

/// vivo's default classification: a system message.
pub const VIVO_SYSTEM: i64 = 1;

impl Default for OfflinePushInfo {
    fn default() -> Self {
        OfflinePushInfo {
            title: String::new(),
            desc: String::new(),
            ext: String::new(),
            disable_push: false,
            ignore_ios_badge: false,
            ios_sound: None,
            ios_push_type: IosPushType::Apns,
            ios_image: None,
            android_sound: None,
            android_oppo_channel_id: None,
            android_oppo_category: None,
            android_oppo_notify_level: None,
            android_vivo_classification: VIVO_SYSTEM,
            android_vivo_category: None,
            android_huawei_category: None,
            android_huawei_importance: None,
            android_huawei_channel_id: None,
            android_huawei_image: None,
            ext_as_huawei_intent_param: false,
            android_honor_image: None,
            android_honor_importance: None,
            android_fcm_channel_id: None,
            android_fcm_image: None,
            android_xiaomi_channel_id: None,
        }
    }
}

impl OfflinePushInfo {
    /// An option's value when it is set and not empty.
    pub fn set(value: &Option<String>) -> Option<&str> {
        value.as_deref().filter(|v| !v.is_empty())
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_default_push_type(value: &IosPushType) -> bool {
    *value == IosPushType::Apns
}

fn is_system_classification(value: &i64) -> bool {
    *value == VIVO_SYSTEM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_serialises_to_an_empty_object_and_back() {
        let info = OfflinePushInfo::default();
        assert_eq!(serde_json::to_string(&info).unwrap(), "{}");
        assert_eq!(serde_json::from_str::<OfflinePushInfo>("{}").unwrap(), info);
    }

    #[test]
    fn a_misspelt_field_is_refused_by_name() {
        let err = serde_json::from_str::<OfflinePushInfo>(r#"{"android_oppo_chanel_id":"im"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("android_oppo_chanel_id"), "{err}");
    }

    #[test]
    fn voip_and_operational_round_trip() {
        let info = OfflinePushInfo {
            ios_push_type: IosPushType::Voip,
            android_vivo_classification: 0,
            ..OfflinePushInfo::default()
        };
        let json = serde_json::to_string(&info).unwrap();
        assert_eq!(
            json,
            r#"{"ios_push_type":"voip","android_vivo_classification":0}"#
        );
        assert_eq!(
            serde_json::from_str::<OfflinePushInfo>(&json).unwrap(),
            info
        );
    }
}
