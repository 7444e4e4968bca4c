//! The device description every detection rule reads (vendors.md §1).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Operating system of the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Android,
    Ios,
}

/// What the host knows about the device (`DeviceInfo` of vendors.md §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    pub platform: Platform,
    /// `Build.MANUFACTURER` as the phone reports it; never empty (reading refuses it).
    #[serde(deserialize_with = "non_empty_manufacturer")]
    pub manufacturer: String,
    /// `Build.BRAND`; shown to people, decides nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Android API level; unknown counts as current Android.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub android_api: Option<u32>,
    /// System properties (`getprop`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, String>,
    /// Google Play services usable.
    #[serde(default)]
    pub gms: bool,
    /// `HonorPushClient.checkSupportHonorPush()`.
    #[serde(default)]
    pub honor_push: bool,
}

impl DeviceInfo {
    /// An Android device of this manufacturer, everything else unknown or off.
    pub fn android(manufacturer: &str) -> Self {
        DeviceInfo {
            platform: Platform::Android,
            manufacturer: manufacturer.to_string(),
            brand: None,
            android_api: None,
            props: BTreeMap::new(),
            gms: false,
            honor_push: false,
        }
    }

    /// An iOS device.
    pub fn ios() -> Self {
        DeviceInfo {
            platform: Platform::Ios,
            ..DeviceInfo::android("Apple")
        }
    }

    /// Builder: set a system property.
    pub fn with_prop(mut self, key: &str, value: &str) -> Self {
        self.props.insert(key.to_string(), value.to_string());
        self
    }

    /// Builder: set Google Play services availability.
    pub fn with_gms(mut self, gms: bool) -> Self {
        self.gms = gms;
        self
    }

    /// Builder: set the brand.
    pub fn with_brand(mut self, brand: &str) -> Self {
        self.brand = Some(brand.to_string());
        self
    }

    /// Builder: set the Android API level.
    pub fn with_api(mut self, api: u32) -> Self {
        self.android_api = Some(api);
        self
    }

    /// Builder: set Honor push support.
    pub fn with_honor_push(mut self, honor_push: bool) -> Self {
        self.honor_push = honor_push;
        self
    }

    pub fn is_android(&self) -> bool {
        self.platform == Platform::Android
    }

    pub fn is_ios(&self) -> bool {
        self.platform == Platform::Ios
    }

    /// The manufacturer, trimmed and lower-cased, as every rule compares it.
    pub fn manufacturer_key(&self) -> String {
        self.manufacturer.trim().to_lowercase()
    }

    /// Whether the manufacturer is one of `names` (given lower-case).
    pub fn manufacturer_is(&self, names: &[&str]) -> bool {
        let key = self.manufacturer_key();
        names.iter().any(|n| *n == key)
    }

    /// A property's value when it is set (present and non-empty).
    pub fn prop(&self, key: &str) -> Option<&str> {
        self.props
            .get(key)
            .map(|v| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// Android at this API level or newer (unknown counts as current Android).
    pub fn android_api_at_least(&self, level: u32) -> bool {
        self.is_android() && self.android_api.is_none_or(|api| api >= level)
    }
}

/// An empty (or blank) manufacturer means nothing: every phone reports one.
fn non_empty_manufacturer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let manufacturer = String::deserialize(deserializer)?;
    if manufacturer.trim().is_empty() {
        return Err(serde::de::Error::custom(
            "`manufacturer` is empty; expected Build.MANUFACTURER as the phone reports it, e.g. \"Xiaomi\" (\"Apple\" on iOS)",
        ));
    }
    Ok(manufacturer)
}
