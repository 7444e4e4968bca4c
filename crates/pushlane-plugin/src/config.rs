//! The plugin config (vendors.md §2): common fields plus one typetag entry per vendor.
//!
//! Vendor entries are read in two steps so errors can name the vendor and the field
//! (`xiaomi: missing field app_key`): each entry is first read as plain data, its `vendor`
//! tag is checked against the linked plugins, then it is handed to typetag.

use crate::error::{FieldError, PluginError};
use crate::registry;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// Product edition: the China edition never uses FCM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    China,
    #[default]
    International,
}

/// When local (online-push) notifications are created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalNotifications {
    /// Only when no vendor channel serves (vendor `local`).
    #[default]
    Fallback,
    /// Also beside a vendor channel, while the app process is alive.
    Always,
}

/// An Android notification channel, as the `create_channel` effect carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSpec {
    pub channel_id: String,
    pub name: String,
    pub description: String,
}

/// Default channel name (lifecycle.md §4).
pub const DEFAULT_CHANNEL_NAME: &str = "message push";
/// Default channel description (lifecycle.md §4).
pub const DEFAULT_CHANNEL_DESCRIPTION: &str = "push new messages";

impl ChannelSpec {
    /// The channel a vendor config describes with `channel_id`, `channel_name` and
    /// `channel_description`; `None` without a `channel_id`.
    pub fn from_vendor_fields(
        channel_id: &Option<String>,
        channel_name: &Option<String>,
        channel_description: &Option<String>,
    ) -> Option<ChannelSpec> {
        let id = channel_id.as_deref().filter(|id| !id.trim().is_empty())?;
        Some(ChannelSpec {
            channel_id: id.to_string(),
            name: channel_name
                .clone()
                .unwrap_or_else(|| DEFAULT_CHANNEL_NAME.to_string()),
            description: channel_description
                .clone()
                .unwrap_or_else(|| DEFAULT_CHANNEL_DESCRIPTION.to_string()),
        })
    }
}

/// Config `local_channel`: the channel local notifications are posted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalChannel {
    #[serde(default = "default_local_channel_id")]
    pub channel_id: String,
    #[serde(default = "default_channel_name")]
    pub channel_name: String,
    #[serde(default = "default_channel_description")]
    pub channel_description: String,
}

fn default_local_channel_id() -> String {
    "new_message".to_string()
}
fn default_channel_name() -> String {
    DEFAULT_CHANNEL_NAME.to_string()
}
fn default_channel_description() -> String {
    DEFAULT_CHANNEL_DESCRIPTION.to_string()
}

impl Default for LocalChannel {
    fn default() -> Self {
        LocalChannel {
            channel_id: default_local_channel_id(),
            channel_name: default_channel_name(),
            channel_description: default_channel_description(),
        }
    }
}

impl LocalChannel {
    pub fn spec(&self) -> ChannelSpec {
        ChannelSpec {
            channel_id: self.channel_id.clone(),
            name: self.channel_name.clone(),
            description: self.channel_description.clone(),
        }
    }
}

/// One vendor's config entry (`[[config.vendors]]`, internally tagged by `vendor`).
///
/// Implementations are plain serde structs with `#[serde(deny_unknown_fields)]`, registered
/// with `#[typetag::serde(name = "<vendor>")]`. `typetag_name()` is the vendor's name.
#[typetag::serde(tag = "vendor")]
pub trait VendorConfig: Debug + Send + Sync + 'static {
    /// The certificate ID the Chat console assigns to this vendor channel.
    fn business_id(&self) -> u32;

    /// The vendor's own notification channel, when its config names one.
    fn channel(&self) -> Option<ChannelSpec> {
        None
    }

    /// Checks beyond serde's: empty required strings, a zero business id.
    fn validate(&self) -> Result<(), FieldError> {
        Ok(())
    }

    /// For the vendor's own plugin to read its fields (e.g. OPPO's `badge_enabled`).
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Validation helper: a required string must not be blank.
pub fn require_non_empty(field: &'static str, value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        Err(FieldError::new(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Validation helper: business ids are the console's certificate ids, never 0.
pub fn require_business_id(business_id: u32) -> Result<(), FieldError> {
    if business_id == 0 {
        Err(FieldError::new(
            "business_id",
            "must be the non-zero certificate ID from the Chat console, got 0",
        ))
    } else {
        Ok(())
    }
}

fn yes() -> bool {
    true
}
fn default_upload_delay_ms() -> u64 {
    5000
}

/// The plugin config: common fields (vendors.md §2) and the configured vendors.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginConfig {
    #[serde(default)]
    pub edition: Edition,
    #[serde(default = "yes")]
    pub use_fcm: bool,
    #[serde(default = "default_upload_delay_ms")]
    pub upload_delay_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher_class: Option<String>,
    #[serde(default)]
    pub local_channel: LocalChannel,
    #[serde(default)]
    pub local_notifications: LocalNotifications,
    #[serde(default)]
    pub app_manages_badge: bool,
    #[serde(default = "yes")]
    pub clear_on_foreground: bool,
    #[serde(default)]
    pub foreground_notifications: bool,
    /// Overrides of the local-notification body per `elem_type` (`image` → `[Photo]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub summaries: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "deserialize_vendors")]
    pub vendors: Vec<Box<dyn VendorConfig>>,
}

impl Default for PluginConfig {
    fn default() -> Self {
        PluginConfig {
            edition: Edition::default(),
            use_fcm: true,
            upload_delay_ms: default_upload_delay_ms(),
            package_name: None,
            launcher_class: None,
            local_channel: LocalChannel::default(),
            local_notifications: LocalNotifications::default(),
            app_manages_badge: false,
            clear_on_foreground: true,
            foreground_notifications: false,
            summaries: BTreeMap::new(),
            vendors: Vec::new(),
        }
    }
}

impl PluginConfig {
    /// Parses a config from TOML text.
    pub fn from_toml_str(text: &str) -> Result<Self, PluginError> {
        toml_like(toml::from_str::<PluginConfig>(text).map_err(|e| e.to_string()))
    }

    /// Parses a config from JSON text.
    pub fn from_json_str(text: &str) -> Result<Self, PluginError> {
        toml_like(serde_json::from_str::<PluginConfig>(text).map_err(|e| e.to_string()))
    }

    /// Reads a config from an already-parsed JSON value (e.g. a scenario's `[config]` table).
    pub fn from_value(value: serde_json::Value) -> Result<Self, PluginError> {
        toml_like(serde_json::from_value::<PluginConfig>(value).map_err(|e| e.to_string()))
    }

    /// The config entry of a vendor, if configured.
    pub fn vendor(&self, name: &str) -> Option<&dyn VendorConfig> {
        self.vendors
            .iter()
            .find(|v| v.typetag_name() == name)
            .map(|v| v.as_ref())
    }

    /// Names of the configured vendors, in config order.
    pub fn vendor_names(&self) -> Vec<&'static str> {
        self.vendors.iter().map(|v| v.typetag_name()).collect()
    }
}

/// serde can only carry a message out of a nested deserializer, so errors raised inside the
/// vendor list travel as a marked JSON encoding of the typed error (`MARK`) and are turned
/// back into a [`PluginError`] here.
fn toml_like(result: Result<PluginConfig, String>) -> Result<PluginConfig, PluginError> {
    result.map_err(|message| decode_error(&message))
}

const MARK: &str = "\u{1}";

fn encode_error(err: &PluginError) -> String {
    format!(
        "{MARK}{}",
        serde_json::to_string(&EncodedError::from(err)).unwrap_or_default()
    )
}

fn decode_error(message: &str) -> PluginError {
    if let Some(start) = message.find(MARK) {
        let rest = &message[start + MARK.len()..];
        // serde_json appends " at line X column Y" to custom errors; cut at the JSON's end.
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<EncodedError>();
        if let Some(Ok(encoded)) = stream.next() {
            return encoded.into();
        }
    }
    PluginError::Parse(strip_backticks(message))
}

#[derive(Serialize, Deserialize)]
struct EncodedError {
    kind: String,
    vendor: String,
    message: String,
    linked: Vec<String>,
}

impl From<&PluginError> for EncodedError {
    fn from(err: &PluginError) -> Self {
        let (kind, vendor, message, linked) = match err {
            PluginError::Vendor { vendor, message } => {
                ("vendor", vendor.clone(), message.clone(), vec![])
            }
            PluginError::NotLinked { vendor, linked } => {
                ("not_linked", vendor.clone(), String::new(), linked.clone())
            }
            PluginError::DuplicateVendor(vendor) => {
                ("duplicate", vendor.clone(), String::new(), vec![])
            }
            other => ("parse", String::new(), other.to_string(), vec![]),
        };
        EncodedError {
            kind: kind.to_string(),
            vendor,
            message,
            linked,
        }
    }
}

impl From<EncodedError> for PluginError {
    fn from(e: EncodedError) -> Self {
        match e.kind.as_str() {
            "vendor" => PluginError::Vendor {
                vendor: e.vendor,
                message: e.message,
            },
            "not_linked" => PluginError::NotLinked {
                vendor: e.vendor,
                linked: e.linked,
            },
            "duplicate" => PluginError::DuplicateVendor(e.vendor),
            _ => PluginError::Parse(e.message),
        }
    }
}

/// serde quotes names with backticks (`` missing field `app_key` ``); the spec's messages don't.
pub fn strip_backticks(message: &str) -> String {
    message.replace('`', "")
}

fn deserialize_vendors<'de, D>(deserializer: D) -> Result<Vec<Box<dyn VendorConfig>>, D::Error>
where
    D: Deserializer<'de>,
{
    let entries = Vec::<serde_json::Value>::deserialize(deserializer)?;
    read_vendor_entries(entries).map_err(|e| D::Error::custom(encode_error(&e)))
}

/// Reads the `vendors` list: tag check, typetag, validation, duplicates.
pub fn read_vendor_entries(
    entries: Vec<serde_json::Value>,
) -> Result<Vec<Box<dyn VendorConfig>>, PluginError> {
    let linked = registry::registered_names();
    let mut out: Vec<Box<dyn VendorConfig>> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let vendor = match entry.get("vendor") {
            Some(serde_json::Value::String(name)) => name.clone(),
            Some(other) => {
                return Err(PluginError::Parse(format!(
                    "vendors[{index}]: field vendor must be a vendor name string, got {other}"
                )))
            }
            None => {
                return Err(PluginError::Parse(format!(
                    "vendors[{index}]: missing field vendor (one of: {})",
                    linked.join(", ")
                )))
            }
        };
        if !linked.iter().any(|l| *l == vendor) {
            return Err(PluginError::NotLinked {
                vendor,
                linked: linked.iter().map(|s| s.to_string()).collect(),
            });
        }
        let config: Box<dyn VendorConfig> =
            serde_json::from_value(entry).map_err(|e| PluginError::Vendor {
                vendor: vendor.clone(),
                message: strip_backticks(&e.to_string()),
            })?;
        config.validate().map_err(|e| PluginError::Vendor {
            vendor: vendor.clone(),
            message: e.to_string(),
        })?;
        if out.iter().any(|c| c.typetag_name() == vendor) {
            return Err(PluginError::DuplicateVendor(vendor));
        }
        out.push(config);
    }
    Ok(out)
}
