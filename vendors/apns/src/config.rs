use pushlane_plugin::config::require_business_id;
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "apns"` (vendors.md §2): the certificate for the environment
/// (development/production) the app is signed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApnsConfig {
    pub business_id: u32,
}

#[typetag::serde(name = "apns")]
impl VendorConfig for ApnsConfig {
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
    use super::ApnsConfig;
    use pushlane_plugin::conformance::{check_config_entry, ConfigEntry};

    /// vendors.md §2: a complete entry parses into its own type without a channel; missing
    /// required fields, unknown keys, blank strings and a zero business id are refused, naming
    /// the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        let config = check_config_entry(&ConfigEntry {
            vendor: "apns",
            fields: &[("business_id", "30001")],
            required_strings: &[],
        })
        .unwrap();
        let entry = config.vendor("apns").unwrap();
        assert_eq!(entry.channel(), None);
        assert_eq!(
            entry.as_any().downcast_ref::<ApnsConfig>(),
            Some(&ApnsConfig { business_id: 30001 })
        );
    }
}
