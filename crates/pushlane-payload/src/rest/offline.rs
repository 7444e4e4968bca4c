//! [`RestOfflinePushInfo`]: the REST API's `OfflinePushInfo`, with its `AndroidInfo` and
//! `ApnsInfo` (<https://trtc.io/document/33527>, <https://trtc.io/document/77715>).

use crate::info::{OfflinePushInfo, VIVO_SYSTEM};
use serde::{Deserialize, Serialize};

/// The REST `OfflinePushInfo`. Build it from the SDK-shaped [`OfflinePushInfo`] with
/// `From`; unset fields are left out (see [the module docs](super)).
///
/// ```
/// use pushlane_payload::rest::RestOfflinePushInfo;
/// use pushlane_payload::OfflinePushInfo;
///
/// let info = OfflinePushInfo {
///     desc: "hi".into(),
///     ignore_ios_badge: true,
///     ..OfflinePushInfo::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&RestOfflinePushInfo::from(&info))?,
///     r#"{"PushFlag":0,"Desc":"hi","ApnsInfo":{"BadgeMode":1}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RestOfflinePushInfo {
    /// 0: push; 1: no offline push for this message.
    #[serde(default)]
    pub push_flag: u8,
    /// Empty: the server uses the sender's nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Overrides the push text of the elements (the text, or the summary such as `[Image]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Passed through to the app; JSON, or some Android vendors drop the push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub android_info: Option<AndroidInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apns_info: Option<ApnsInfo>,
}

/// `OfflinePushInfo.AndroidInfo`: the Android vendors' settings. A channel id or category set
/// here overrides the one configured in the console for that vendor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AndroidInfo {
    /// Sound file name (without extension).
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    #[serde(
        rename = "HuaWeiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_channel_id: Option<String>,
    #[serde(
        rename = "XiaoMiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xiaomi_channel_id: Option<String>,
    #[serde(
        rename = "OPPOChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_channel_id: Option<String>,
    /// The FCM notification channel.
    #[serde(
        rename = "GoogleChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_channel_id: Option<String>,
    /// vivo: 0 operational, 1 system (the server's default, left out).
    #[serde(
        rename = "VIVOClassification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_classification: Option<i64>,
    /// `LOW` or `NORMAL` (the default).
    #[serde(
        rename = "HuaWeiImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_importance: Option<String>,
    /// 1: Huawei delivers the keys of `Ext` as intent extras; 0 (the default, left out): as
    /// one action parameter.
    #[serde(
        rename = "ExtAsHuaweiIntentParam",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ext_as_huawei_intent_param: Option<u8>,
    #[serde(
        rename = "HuaWeiCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_category: Option<String>,
    #[serde(
        rename = "HuaWeiImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_image: Option<String>,
    #[serde(
        rename = "HonorImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub honor_importance: Option<String>,
    #[serde(
        rename = "HonorImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub honor_image: Option<String>,
    #[serde(
        rename = "OPPOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_category: Option<String>,
    #[serde(
        rename = "OPPONotifyLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_notify_level: Option<i64>,
    #[serde(
        rename = "VIVOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_category: Option<String>,
    /// The FCM notification image.
    #[serde(
        rename = "GoogleImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_image: Option<String>,
}

/// `OfflinePushInfo.ApnsInfo`. The REST API has no VoIP flag: a PushKit push is not sent
/// through these bodies, so [`IosPushType`](crate::IosPushType) does not appear here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApnsInfo {
    /// Sound file name (with extension), or `push.no_sound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// 1: this message does not raise the badge; 0 (the default, left out): it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge_mode: Option<u8>,
    /// Overrides the top-level `Title` on iOS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_title: Option<String>,
    /// Image URL, shown by a notification service extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// 1: `mutable-content`, which wakes the notification service extension (iOS 10+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutable_content: Option<u8>,
}

/// `Some(1)` for a set flag, `None` (left out: the default 0) otherwise.
fn flag(on: bool) -> Option<u8> {
    on.then_some(1)
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn set(value: &Option<String>) -> Option<String> {
    OfflinePushInfo::set(value).map(str::to_string)
}

/// `None` when nothing is set, so the body leaves the object out.
fn non_default<T: Default + PartialEq>(value: T) -> Option<T> {
    (value != T::default()).then_some(value)
}

impl From<&OfflinePushInfo> for AndroidInfo {
    fn from(info: &OfflinePushInfo) -> Self {
        AndroidInfo {
            sound: set(&info.android_sound),
            huawei_channel_id: set(&info.android_huawei_channel_id),
            xiaomi_channel_id: set(&info.android_xiaomi_channel_id),
            oppo_channel_id: set(&info.android_oppo_channel_id),
            google_channel_id: set(&info.android_fcm_channel_id),
            vivo_classification: (info.android_vivo_classification != VIVO_SYSTEM)
                .then_some(info.android_vivo_classification),
            huawei_importance: set(&info.android_huawei_importance),
            ext_as_huawei_intent_param: flag(info.ext_as_huawei_intent_param),
            huawei_category: set(&info.android_huawei_category),
            huawei_image: set(&info.android_huawei_image),
            honor_importance: set(&info.android_honor_importance),
            honor_image: set(&info.android_honor_image),
            oppo_category: set(&info.android_oppo_category),
            oppo_notify_level: info.android_oppo_notify_level,
            vivo_category: set(&info.android_vivo_category),
            google_image: set(&info.android_fcm_image),
        }
    }
}

impl From<&OfflinePushInfo> for ApnsInfo {
    fn from(info: &OfflinePushInfo) -> Self {
        let image = set(&info.ios_image);
        ApnsInfo {
            sound: set(&info.ios_sound),
            badge_mode: flag(info.ignore_ios_badge),
            title: None,
            sub_title: None,
            mutable_content: flag(image.is_some()),
            image,
        }
    }
}

impl From<&OfflinePushInfo> for RestOfflinePushInfo {
    fn from(info: &OfflinePushInfo) -> Self {
        RestOfflinePushInfo {
            push_flag: u8::from(info.disable_push),
            title: text(&info.title),
            desc: text(&info.desc),
            ext: text(&info.ext),
            android_info: non_default(AndroidInfo::from(info)),
            apns_info: non_default(ApnsInfo::from(info)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rest(info: &OfflinePushInfo) -> serde_json::Value {
        serde_json::to_value(RestOfflinePushInfo::from(info)).unwrap()
    }

    #[test]
    fn an_empty_info_is_push_flag_0_alone() {
        assert_eq!(rest(&OfflinePushInfo::default()), json!({"PushFlag": 0}));
    }

    #[test]
    fn empty_strings_count_as_unset() {
        let info = OfflinePushInfo {
            android_oppo_channel_id: Some(String::new()),
            ios_image: Some(String::new()),
            ..OfflinePushInfo::default()
        };
        assert_eq!(rest(&info), json!({"PushFlag": 0}));
    }

    #[test]
    fn an_image_turns_on_mutable_content_and_operational_vivo_is_written() {
        let info = OfflinePushInfo {
            ios_image: Some("https://example.com/a.png".into()),
            android_vivo_classification: 0,
            ext_as_huawei_intent_param: true,
            ..OfflinePushInfo::default()
        };
        assert_eq!(
            rest(&info),
            json!({
                "PushFlag": 0,
                "AndroidInfo": {"VIVOClassification": 0, "ExtAsHuaweiIntentParam": 1},
                "ApnsInfo": {"Image": "https://example.com/a.png", "MutableContent": 1},
            })
        );
    }

    #[test]
    fn the_rest_form_reads_back_and_refuses_a_misspelt_field() {
        let value = json!({"PushFlag": 1, "AndroidInfo": {"OPPOChannelID": "im"}});
        let info: RestOfflinePushInfo = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&info).unwrap(), value);
        let err = serde_json::from_value::<RestOfflinePushInfo>(
            json!({"AndroidInfo": {"OppoChannelID": "im"}}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("OppoChannelID"), "{err}");
    }
}
