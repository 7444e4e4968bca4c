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

    #[test]
    fn missing_fields_name_vendor_and_field() {
        let err = parse("business_id = 50001").unwrap_err();
        assert_eq!(err.to_string(), "honor: missing field app_id");
        let err = parse("app_id = \"104400001\"").unwrap_err();
        assert_eq!(err.to_string(), "honor: missing field business_id");
    }

    #[test]
    fn misspelt_key_is_refused() {
        let err = parse("business_id = 1\napp_id = \"1\"\napp_idd = \"1\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("honor: unknown field app_idd"), "{err}");
    }

    #[test]
    fn empty_app_id_and_zero_business_id_are_refused() {
        let err = parse("business_id = 1\napp_id = \"\"").unwrap_err();
        assert_eq!(err.to_string(), "honor: field app_id: must not be empty");
        let err = parse("business_id = 0\napp_id = \"1\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("honor: field business_id"), "{err}");
    }
}
