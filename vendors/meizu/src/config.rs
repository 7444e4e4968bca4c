use pushlane_plugin::config::{require_business_id, require_non_empty};
use pushlane_plugin::{FieldError, VendorConfig};
use serde::{Deserialize, Serialize};

/// `[[config.vendors]] vendor = "meizu"` (vendors.md §2): the app id and key of
/// `PushManager.register(ctx, app_id, app_key)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeizuConfig {
    pub business_id: u32,
    pub app_id: String,
    pub app_key: String,
}

#[typetag::serde(name = "meizu")]
impl VendorConfig for MeizuConfig {
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
    use super::MeizuConfig;
    use pushlane_plugin::conformance::{check_config_entry, ConfigEntry};

    /// vendors.md §2: a complete entry parses into its own type without a channel; missing
    /// required fields, unknown keys, blank strings and a zero business id are refused, naming
    /// the vendor and the field.
    #[test]
    fn config_entry_conforms_to_vendors_md_section_2() {
        let _ = crate::link();
        let config = check_config_entry(&ConfigEntry {
            vendor: "meizu",
            fields: &[
                ("business_id", "10004"),
                ("app_id", "\"110000\""),
                ("app_key", "\"k\""),
            ],
            required_strings: &["app_id", "app_key"],
        })
        .unwrap();
        let entry = config.vendor("meizu").unwrap();
        assert_eq!(entry.channel(), None);
        assert_eq!(
            entry.as_any().downcast_ref::<MeizuConfig>(),
            Some(&MeizuConfig {
                business_id: 10004,
                app_id: "110000".to_string(),
                app_key: "k".to_string(),
            })
        );
    }
}
