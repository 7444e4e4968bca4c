use pushlane_plugin::config::require_business_id;
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "fcm"` (vendors.md §2). The Firebase project config lives in
/// the host (google-services).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FcmConfig {
    pub business_id: u32,
}

#[typetag::serde(name = "fcm")]
impl VendorConfig for FcmConfig {
    fn business_id(&self) -> u32 {
        self.business_id
    }

    fn validate(&self) -> Result<(), FieldError> {
        require_business_id(self.business_id)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::FcmConfig;
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"fcm\"\n{entry}"))
    }

    /// vendors.md §2: missing required fields, unknown keys, blank strings and a zero
    /// business id are refused, naming the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        pushlane_plugin::conformance::check_config_entry(
            &pushlane_plugin::conformance::ConfigEntry {
                vendor: "fcm",
                fields: &[("business_id", "20001")],
                required_strings: &[],
            },
        )
        .unwrap();
    }

    #[test]
    fn full_entry_parses() {
        let config = parse("business_id = 20001").unwrap();
        let fcm = config.vendor("fcm").unwrap();
        assert_eq!(fcm.business_id(), 20001);
        assert_eq!(fcm.channel(), None);
        assert_eq!(
            fcm.as_any().downcast_ref::<FcmConfig>(),
            Some(&FcmConfig { business_id: 20001 })
        );
    }
}
