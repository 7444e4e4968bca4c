use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{ChannelSpec, FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "oppo"` (vendors.md §2): the key and secret of
/// `HeytapPushManager.register(ctx, app_key, app_secret, cb)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OppoConfig {
    pub business_id: u32,
    pub app_key: String,
    pub app_secret: String,
    /// OPPO's own channel: without it notifications are not shown on Android 8+ (the engine
    /// warns `oppo_channel_missing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_description: Option<String>,
    /// The launcher badge is a privilege OPPO grants on request; set this once it is granted.
    #[serde(default)]
    pub badge_enabled: bool,
}

#[typetag::serde(name = "oppo")]
impl VendorConfig for OppoConfig {
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
        require_non_empty("app_key", &self.app_key)?;
        require_non_empty("app_secret", &self.app_secret)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::OppoConfig;
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"oppo\"\n{entry}"))
    }

    const KEYS: &str = "business_id = 10002\napp_key = \"k\"\napp_secret = \"s\"";

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "oppo",
                fields: &[
                    ("business_id", "10003"),
                    ("app_key", "\"k\""),
                    ("app_secret", "\"s\""),
                ],
                required_strings: &["app_key", "app_secret"],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses_with_channel_and_badge() {
        let config = parse(&format!(
            "{KEYS}\nchannel_id = \"im\"\nchannel_name = \"Chats\"\nbadge_enabled = true"
        ))
        .unwrap();
        let oppo = config.vendor("oppo").unwrap();
        assert_eq!(oppo.business_id(), 10002);
        let channel = oppo.channel().unwrap();
        assert_eq!(channel.channel_id, "im");
        assert_eq!(channel.name, "Chats");
        assert_eq!(channel.description, "push new messages");
        let typed = oppo.as_any().downcast_ref::<OppoConfig>().unwrap();
        assert!(typed.badge_enabled);
        assert_eq!(typed.app_secret, "s");
    }

    #[test]
    fn minimal_entry_has_no_channel_and_no_badge() {
        let config = parse(KEYS).unwrap();
        let oppo = config.vendor("oppo").unwrap();
        assert_eq!(oppo.channel(), None);
        assert!(
            !oppo
                .as_any()
                .downcast_ref::<OppoConfig>()
                .unwrap()
                .badge_enabled
        );
    }

    #[test]
    fn json_config_reads_the_same_entry() {
        let _ = crate::link();
        let config = PluginConfig::from_json_str(
            r#"{"vendors":[{"vendor":"oppo","business_id":7,"app_key":"k","app_secret":"s","badge_enabled":true}]}"#,
        )
        .unwrap();
        assert_eq!(config.vendor_names(), vec!["oppo"]);
    }
}
