use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{ChannelSpec, FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "xiaomi"` (vendors.md §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XiaomiConfig {
    pub business_id: u32,
    pub app_id: String,
    pub app_key: String,
    /// Channel for MIUI 10+ message classification ("important" IM messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_description: Option<String>,
}

#[typetag::serde(name = "xiaomi")]
impl VendorConfig for XiaomiConfig {
    fn business_id(&self) -> u32 {
        self.business_id
    }

    fn channel(&self) -> Option<ChannelSpec> {
        ChannelSpec::from_vendor_fields(
            &self.channel_id,
            &self.channel_name,
            &self.channel_description,
        )
    }

    fn validate(&self) -> Result<(), FieldError> {
        require_business_id(self.business_id)?;
        require_non_empty("app_id", &self.app_id)?;
        require_non_empty("app_key", &self.app_key)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"xiaomi\"\n{entry}"))
    }

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "xiaomi",
                fields: &[
                    ("business_id", "10001"),
                    ("app_id", "\"2882303761517000000\""),
                    ("app_key", "\"5731700000000\""),
                ],
                required_strings: &["app_id", "app_key"],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses_with_channel() {
        let config = parse(
            "business_id = 10001\napp_id = \"2882303761517000000\"\napp_key = \"5731700000000\"\nchannel_id = \"im\"",
        )
        .unwrap();
        let xiaomi = config.vendor("xiaomi").unwrap();
        assert_eq!(xiaomi.business_id(), 10001);
        let channel = xiaomi.channel().unwrap();
        assert_eq!(channel.channel_id, "im");
        assert_eq!(channel.name, "message push");
    }
}
