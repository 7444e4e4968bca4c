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
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"apns\"\n{entry}"))
    }

    #[test]
    fn full_entry_parses_without_a_channel() {
        let config = parse("business_id = 30001").unwrap();
        let apns = config.vendor("apns").unwrap();
        assert_eq!(apns.business_id(), 30001);
        assert_eq!(apns.channel(), None);
        assert_eq!(
            apns.as_any().downcast_ref::<ApnsConfig>(),
            Some(&ApnsConfig { business_id: 30001 })
        );
    }

    #[test]
    fn missing_business_id_names_vendor_and_field() {
        let err = parse("").unwrap_err();
        assert_eq!(err.to_string(), "apns: missing field business_id");
    }

    #[test]
    fn unknown_key_is_refused() {
        let err = parse("business_id = 1\napp_idd = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("apns: unknown field app_idd"), "{err}");
    }

    #[test]
    fn zero_or_text_business_id_is_refused() {
        let err = parse("business_id = 0").unwrap_err().to_string();
        assert!(err.starts_with("apns: field business_id"), "{err}");
        let err = parse("business_id = \"\"").unwrap_err().to_string();
        assert!(err.starts_with("apns: "), "{err}");
    }
}
