use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "huawei"` (vendors.md §2). The app id also comes from
/// `agconnect-services.json`, so it is optional here; the console's "badge parameter" must be
/// the launcher activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiConfig {
    pub business_id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
}

#[typetag::serde(name = "huawei")]
impl VendorConfig for HuaweiConfig {
    fn business_id(&self) -> u32 {
        self.business_id
    }

    fn validate(&self) -> Result<(), FieldError> {
        require_business_id(self.business_id)?;
        // Optional, but a blank one is a mistake, not "absent".
        match &self.app_id {
            Some(app_id) => require_non_empty("app_id", app_id),
            None => Ok(()),
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::HuaweiConfig;
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"huawei\"\n{entry}"))
    }

    fn huawei(config: &PluginConfig) -> &HuaweiConfig {
        config
            .vendor("huawei")
            .unwrap()
            .as_any()
            .downcast_ref::<HuaweiConfig>()
            .unwrap()
    }

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "huawei",
                fields: &[("business_id", "10002")],
                required_strings: &[],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses_and_app_id_is_optional() {
        let config = parse("business_id = 40001\napp_id = \"104123456\"").unwrap();
        assert_eq!(config.vendor("huawei").unwrap().business_id(), 40001);
        assert_eq!(huawei(&config).app_id.as_deref(), Some("104123456"));
        assert_eq!(config.vendor("huawei").unwrap().channel(), None);
        let config = parse("business_id = 40001").unwrap();
        assert_eq!(huawei(&config).app_id, None);
    }

    #[test]
    fn empty_app_id_and_zero_business_id_are_refused() {
        let err = parse("business_id = 1\napp_id = \"\"").unwrap_err();
        assert_eq!(err.to_string(), "huawei: field app_id: must not be empty");
        let err = parse("business_id = 1\napp_id = \"  \"").unwrap_err();
        assert_eq!(err.to_string(), "huawei: field app_id: must not be empty");
        let err = parse("business_id = 0").unwrap_err().to_string();
        assert!(err.starts_with("huawei: field business_id"), "{err}");
    }
}
