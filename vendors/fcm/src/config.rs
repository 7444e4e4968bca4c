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

    #[test]
    fn missing_business_id_names_vendor_and_field() {
        let err = parse("").unwrap_err();
        assert_eq!(err.to_string(), "fcm: missing field business_id");
    }

    #[test]
    fn unknown_key_is_refused() {
        let err = parse("business_id = 1\napp_idd = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("fcm: unknown field app_idd"), "{err}");
    }

    #[test]
    fn zero_or_text_business_id_is_refused() {
        let err = parse("business_id = 0").unwrap_err().to_string();
        assert!(err.starts_with("fcm: field business_id"), "{err}");
        let err = parse("business_id = \"\"").unwrap_err().to_string();
        assert!(err.starts_with("fcm: "), "{err}");
    }
}
