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
    use pushlane_plugin::conformance::{check_config_entry, ConfigEntry};

    /// vendors.md §2: a complete entry parses into its own type without a channel; missing
    /// required fields, unknown keys, blank strings and a zero business id are refused, naming
    /// the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        let config = check_config_entry(&ConfigEntry {
            vendor: "honor",
            fields: &[("business_id", "10005"), ("app_id", "\"104000000\"")],
            required_strings: &["app_id"],
        })
        .unwrap();
        let entry = config.vendor("honor").unwrap();
        assert_eq!(entry.channel(), None);
        assert_eq!(
            entry.as_any().downcast_ref::<HonorConfig>(),
            Some(&HonorConfig {
                business_id: 10005,
                app_id: "104000000".to_string(),
            })
        );
    }
}
