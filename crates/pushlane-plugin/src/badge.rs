//! Launcher badge calls (vendors.md §3): data the host performs.

use crate::config::{PluginConfig, VendorConfig};
use crate::device::DeviceInfo;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What a family's plugin answers when the engine wants a badge of `count`.
#[derive(Debug, Clone, PartialEq)]
pub enum BadgeCall {
    /// Perform this call (`set_badge.call`).
    Call(SetBadgeCall),
    /// Someone else owns the badge on this device (iOS without `app_manages_badge`: the Chat
    /// SDK); no effect, no warning.
    NotOwned,
    /// The launcher has no badge call (Meizu, unknown phones, OPPO without the privilege):
    /// no effect, warning `badge_unsupported` once.
    Unsupported,
    /// The call needs a config field that is missing: no effect, warning
    /// `badge_config_missing` once.
    ConfigMissing { field: &'static str },
}

/// What a badge call may read.
#[derive(Debug, Clone, Copy)]
pub struct BadgeContext<'a> {
    pub device: &'a DeviceInfo,
    pub config: &'a PluginConfig,
    /// The family vendor's own config entry, when that vendor is configured.
    pub vendor_config: Option<&'a dyn VendorConfig>,
}

impl<'a> BadgeContext<'a> {
    /// `package_name` and `launcher_class`, or the `ConfigMissing` answer naming the first
    /// one that is absent.
    pub fn package_and_launcher(&self) -> Result<(&'a str, &'a str), BadgeCall> {
        let package = non_blank(&self.config.package_name).ok_or(BadgeCall::ConfigMissing {
            field: "package_name",
        })?;
        let launcher = non_blank(&self.config.launcher_class).ok_or(BadgeCall::ConfigMissing {
            field: "launcher_class",
        })?;
        Ok((package, launcher))
    }

    /// The family vendor's config downcast to its concrete type.
    pub fn vendor_config_as<T: 'static>(&self) -> Option<&'a T> {
        self.vendor_config
            .and_then(|c| c.as_any().downcast_ref::<T>())
    }
}

fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// The launcher content-provider call Huawei-lineage launchers answer (`change_badge`), at the
/// given settings URI.
pub fn launcher_change_badge(uri: &str, count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    match ctx.package_and_launcher() {
        Ok((package, launcher)) => BadgeCall::Call(SetBadgeCall::ContentProvider {
            uri: uri.to_string(),
            method: "change_badge".to_string(),
            extras: vec![
                BadgeExtra::text("package", package),
                BadgeExtra::text("class", launcher),
                BadgeExtra::int("badgenumber", count),
            ],
        }),
        Err(missing) => missing,
    }
}

/// The launcher badge call a host performs (`set_badge.call`, vendors.md §3): one variant per
/// kind of call. It serialises to the JSON object of vendors.md §3, tagged by `kind`:
///
/// ```
/// use pushlane_plugin::badge::{BadgeExtra, SetBadgeCall};
///
/// let call = SetBadgeCall::ContentProvider {
///     uri: "content://com.android.badge/badge".into(),
///     method: "setAppBadgeCount".into(),
///     extras: vec![BadgeExtra::int("app_badge_count", 5)],
/// };
/// assert_eq!(
///     serde_json::to_string(&call).unwrap(),
///     r#"{"kind":"content_provider","uri":"content://com.android.badge/badge","method":"setAppBadgeCount","extras":{"app_badge_count":5}}"#
/// );
/// assert_eq!(call.kind(), "content_provider");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SetBadgeCall {
    /// Android: `ContentResolver.call(uri, method, null, extras)` (Huawei, Honor, OPPO
    /// launchers).
    ContentProvider {
        uri: String,
        method: String,
        #[serde(with = "extras_map")]
        extras: Vec<BadgeExtra>,
    },
    /// Android: `sendBroadcast(Intent(action).putExtras(extras))` (vivo launchers).
    Broadcast {
        action: String,
        #[serde(with = "extras_map")]
        extras: Vec<BadgeExtra>,
    },
    /// MIUI 6 to 11: the message count set on the app's notification.
    XiaomiMessageCount { count: u32 },
    /// iOS: the application icon badge number (only when the app owns the badge).
    IosBadge { count: u32 },
}

impl SetBadgeCall {
    /// The `kind` tag of this call: `content_provider`, `broadcast`, `xiaomi_message_count`,
    /// `ios_badge`.
    pub fn kind(&self) -> &'static str {
        match self {
            SetBadgeCall::ContentProvider { .. } => "content_provider",
            SetBadgeCall::Broadcast { .. } => "broadcast",
            SetBadgeCall::XiaomiMessageCount { .. } => "xiaomi_message_count",
            SetBadgeCall::IosBadge { .. } => "ios_badge",
        }
    }
}

/// One extra of a badge call (a `Bundle` entry or an `Intent` extra), in the order the call
/// lists them. Serialised as one `"key": value` member of the call's `extras` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeExtra {
    pub key: String,
    pub value: ExtraValue,
}

impl BadgeExtra {
    /// A string extra (`putString`).
    pub fn text(key: &str, value: &str) -> BadgeExtra {
        BadgeExtra {
            key: key.to_string(),
            value: ExtraValue::Text(value.to_string()),
        }
    }

    /// An integer extra (`putInt`).
    pub fn int(key: &str, value: u32) -> BadgeExtra {
        BadgeExtra {
            key: key.to_string(),
            value: ExtraValue::Int(i64::from(value)),
        }
    }
}

/// The value of a [`BadgeExtra`]: a JSON number or string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ExtraValue {
    Int(i64),
    Text(String),
}

/// `Vec<BadgeExtra>` as a JSON object, members in order.
mod extras_map {
    use super::*;

    pub fn serialize<S: Serializer>(extras: &[BadgeExtra], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(extras.len()))?;
        for extra in extras {
            map.serialize_entry(&extra.key, &extra.value)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<BadgeExtra>, D::Error> {
        struct Extras;

        impl<'de> Visitor<'de> for Extras {
            type Value = Vec<BadgeExtra>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string or integer extras")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut extras = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, ExtraValue>()? {
                    extras.push(BadgeExtra { key, value });
                }
                Ok(extras)
            }
        }

        d.deserialize_map(Extras)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_json() {
        for text in [
            r#"{"kind":"content_provider","uri":"content://x/badge/","method":"change_badge","extras":{"package":"p","class":"p.Main","badgenumber":3}}"#,
            r#"{"kind":"broadcast","action":"launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM","extras":{"packageName":"p","className":"p.Main","notificationNum":0}}"#,
            r#"{"kind":"xiaomi_message_count","count":7}"#,
            r#"{"kind":"ios_badge","count":5}"#,
        ] {
            let call: SetBadgeCall = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&call).unwrap(), text);
            let kind = serde_json::from_str::<serde_json::Value>(text).unwrap()["kind"].clone();
            assert_eq!(call.kind(), kind);
        }
    }

    #[test]
    fn extras_keep_their_types_and_order() {
        let call: SetBadgeCall =
            serde_json::from_str(r#"{"kind":"broadcast","action":"a","extras":{"z":"s","a":2}}"#)
                .unwrap();
        assert_eq!(
            call,
            SetBadgeCall::Broadcast {
                action: "a".into(),
                extras: vec![BadgeExtra::text("z", "s"), BadgeExtra::int("a", 2)],
            }
        );
        assert!(serde_json::from_str::<SetBadgeCall>(r#"{"kind":"sms","count":1}"#).is_err());
    }
}
