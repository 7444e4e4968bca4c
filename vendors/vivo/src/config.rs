use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "vivo"` (vendors.md §2): the manifest meta-data
/// `com.vivo.push.app_id` / `api_key`. Formal pushes only start once the app is listed in the
/// vivo store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VivoConfig {
    pub business_id: u32,
    pub app_id: String,
    pub app_key: String,
}

#[typetag::serde(name = "vivo")]
impl VendorConfig for VivoConfig {
    fn business_id(&self) -> u32 {
        self.business_id
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
    use super::VivoConfig;
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"vivo\"\n{entry}"))
    }

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "vivo",
                fields: &[
                    ("business_id", "10003"),
                    ("app_id", "\"105000000\""),
                    ("app_key", "\"k\""),
                ],
                required_strings: &["app_id", "app_key"],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses() {
        let config = parse("business_id = 10003\napp_id = \"105000000\"\napp_key = \"k\"").unwrap();
        let vivo = config.vendor("vivo").unwrap();
        assert_eq!(vivo.business_id(), 10003);
        assert_eq!(vivo.channel(), None);
        let typed = vivo.as_any().downcast_ref::<VivoConfig>().unwrap();
        assert_eq!(typed.app_id, "105000000");
    }
}
