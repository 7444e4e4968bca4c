use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "honor"` (vendors.md §2). `app_id` is the manifest meta-data
/// `com.hihonor.push.app_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HonorConfig {
    pub business_id: u32,
    pub app_id: String,
}

#[typetag::serde(name = "honor")]
impl VendorConfig for HonorConfig {
    fn business_id(&self) -> u32 {
        self.business_id
    }

    fn validate(&self) -> Result<(), FieldError> {
        require_business_id(self.business_id)?;
        require_non_empty("app_id", &self.app_id)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::HonorConfig;
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"honor\"\n{entry}"))
    }

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "honor",
                fields: &[("business_id", "10005"), ("app_id", "\"104000000\"")],
                required_strings: &["app_id"],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses() {
        let config = parse("business_id = 50001\napp_id = \"104400001\"").unwrap();
        let honor = config.vendor("honor").unwrap();
        assert_eq!(honor.business_id(), 50001);
        assert_eq!(honor.channel(), None);
        assert_eq!(
            honor.as_any().downcast_ref::<HonorConfig>(),
            Some(&HonorConfig {
                business_id: 50001,
                app_id: "104400001".to_string()
            })
        );
    }
}
