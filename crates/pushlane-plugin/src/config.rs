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
        read_config(toml::Deserializer::new(text), |e| toml_message(text, e))
    }

    /// Parses a config from JSON text.
    pub fn from_json_str(text: &str) -> Result<Self, PluginError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let config = read_config(&mut de, ToString::to_string)?;
        de.end()
            .map_err(|e| PluginError::Parse(strip_backticks(&e.to_string())))?;
        Ok(config)
    }

    /// Reads a config from an already-parsed JSON value (e.g. a scenario's `[config]` table).
    pub fn from_value(value: serde_json::Value) -> Result<Self, PluginError> {
        read_config(value, ToString::to_string)
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

/// Reads the config, naming the key of a value that cannot be read (`field upload_delay_ms:
/// invalid type: …`). serde can only carry a message out of a nested deserializer, so errors
/// raised inside the vendor list travel as a marked JSON encoding of the typed error (`MARK`)
/// and are turned back into a [`PluginError`] here.
fn read_config<'de, D: Deserializer<'de>>(
    deserializer: D,
    message: impl Fn(&D::Error) -> String,
) -> Result<PluginConfig, PluginError> {
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let text = message(e.inner());
        if text.contains(MARK) {
            decode_error(&text)
        } else {
            PluginError::Parse(at_path(&e.path().to_string(), &strip_backticks(&text)))
        }
    })
}

/// `field <path>: <message>`, or the message alone for a problem at the top. An unknown key's
/// path ends with that key, which the message names already: its parent is the place.
fn at_path(path: &str, message: &str) -> String {
    let place = if message.starts_with("unknown field") {
        path.rsplit_once('.').map_or(".", |(parent, _)| parent)
    } else {
        path
    };
    if place == "." || place.is_empty() || place.contains('?') {
        message.to_string()
    } else {
        format!("field {place}: {message}")
    }
}

/// A TOML error: as the toml crate shows it (with the line quoted), except when that line may
/// hold a credential: then only the place and the message.
fn toml_message(text: &str, err: &toml::de::Error) -> String {
    let Some(span) = err.span() else {
        return err.to_string();
    };
    let before = &text[..span.start.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_text = text[line_start..].lines().next().unwrap_or("");
    if !SECRET_FIELDS.iter().any(|key| line_text.contains(key)) {
        return err.to_string();
    }
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    format!(
        "TOML parse error at line {line}, column {column}: {}",
        without_value(err.message().trim())
    )
}

/// Vendor config keys whose values are credentials. Errors about a vendor entry never show a
/// value (only its kind: `invalid type: integer, expected a string`), whatever the key.
pub const SECRET_FIELDS: [&str; 4] = ["app_key", "app_secret", "master_secret", "client_secret"];

/// serde's `invalid type: integer `5`, expected a string` without the value:
/// `invalid type: integer, expected a string`. Other messages are returned as they are.
pub fn without_value(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        let Some((unexpected, expected)) = rest.rsplit_once(", expected ") else {
            continue;
        };
        let cut = [" `", " \"", " '"]
            .iter()
            .filter_map(|quote| unexpected.find(quote))
            .min()
            .unwrap_or(unexpected.len());
        return format!("{prefix}{}, expected {expected}", &unexpected[..cut]);
    }
    message.to_string()
}

/// The entry with its `vendor` tag first, so that typetag reads it without buffering and the
/// key of a wrong value can be named.
fn vendor_first(entry: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(mut fields) = entry else {
        return entry;
    };
    let mut ordered = serde_json::Map::new();
    if let Some(tag) = fields.remove("vendor") {
        ordered.insert("vendor".to_string(), tag);
    }
    ordered.extend(fields);
    serde_json::Value::Object(ordered)
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
            PluginError::Parse(message) => ("parse", String::new(), message.clone(), vec![]),
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
        let config: Box<dyn VendorConfig> = serde_path_to_error::deserialize(vendor_first(entry))
            .map_err(|e| PluginError::Vendor {
            vendor: vendor.clone(),
            message: at_path(
                &e.path().to_string(),
                &strip_backticks(&without_value(&e.inner().to_string())),
            ),
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

#[cfg(test)]
mod key_path_tests {
    use super::*;
    use serde_json::json;

    fn refused(value: serde_json::Value) -> String {
        PluginConfig::from_value(value).unwrap_err().to_string()
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_key() {
        assert_eq!(
            refused(json!({"vendors": {"a": 1}})),
            "config: field vendors: invalid type: map, expected a sequence"
        );
        assert_eq!(
            refused(json!({"summaries": [1]})),
            "config: field summaries: invalid type: sequence, expected a map"
        );
        assert_eq!(
            refused(json!({"upload_delay_ms": "5s"})),
            "config: field upload_delay_ms: invalid type: string \"5s\", expected u64"
        );
        assert_eq!(
            refused(json!({"local_channel": {"channel_id": 5}})),
            "config: field local_channel.channel_id: invalid type: integer 5, expected a string"
        );
        assert_eq!(
            refused(json!({"summaries": {"image": 5}})),
            "config: field summaries.image: invalid type: integer 5, expected a string"
        );
        assert_eq!(
            refused(json!({"edition": "chna"})),
            "config: field edition: unknown variant chna, expected china or international"
        );
        assert!(refused(json!({"edtion": "china"}))
            .starts_with("config: unknown field edtion, expected one of"));
        assert!(refused(json!({"local_channel": {"chanel_id": "x"}}))
            .starts_with("config: field local_channel: unknown field chanel_id"));
    }

    #[test]
    fn text_configs_name_the_key_too() {
        let err = PluginConfig::from_json_str(r#"{"use_fcm": "yes"}"#).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "config: field use_fcm: invalid type: string \"yes\", expected a boolean"
            ),
            "{err}"
        );
        let err = PluginConfig::from_toml_str("upload_delay_ms = \"5s\"\n").unwrap_err();
        assert!(err.to_string().contains("field upload_delay_ms: "), "{err}");
    }

    #[test]
    fn a_toml_syntax_error_on_a_credential_line_does_not_quote_it() {
        let text = "[[vendors]]\nvendor = \"oppo\"\nbusiness_id = 1\napp_secret = s3cr3t-value\n";
        let err = PluginConfig::from_toml_str(text).unwrap_err().to_string();
        assert!(!err.contains("s3cr3t"), "{err}");
        assert!(err.contains("line 4, column 14"), "{err}");
        // Other lines are quoted as the toml crate shows them.
        let err = PluginConfig::from_toml_str("edition = china\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("edition = china"), "{err}");
    }

    #[test]
    fn values_are_left_out_of_type_errors() {
        assert_eq!(
            without_value("invalid type: integer `5`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            without_value("invalid type: string \"a, expected b\", expected u32"),
            "invalid type: string, expected u32"
        );
        assert_eq!(
            without_value("invalid type: floating point `1.5`, expected a string"),
            "invalid type: floating point, expected a string"
        );
        assert_eq!(
            without_value("invalid type: sequence, expected a string"),
            "invalid type: sequence, expected a string"
        );
        assert_eq!(
            without_value("missing field app_key"),
            "missing field app_key"
        );
    }
}
