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

    #[test]
    fn full_entry_parses() {
        let config = parse("business_id = 10003\napp_id = \"105000000\"\napp_key = \"k\"").unwrap();
        let vivo = config.vendor("vivo").unwrap();
        assert_eq!(vivo.business_id(), 10003);
        assert_eq!(vivo.channel(), None);
        let typed = vivo.as_any().downcast_ref::<VivoConfig>().unwrap();
        assert_eq!(typed.app_id, "105000000");
    }

    #[test]
    fn missing_required_fields_name_vendor_and_field() {
        let err = parse("business_id = 10003\napp_id = \"1\"").unwrap_err();
        assert_eq!(err.to_string(), "vivo: missing field app_key");
        let err = parse("business_id = 10003\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "vivo: missing field app_id");
        let err = parse("app_id = \"1\"\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "vivo: missing field business_id");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = parse("business_id = 1\napp_id = \"1\"\napp_key = \"k\"\nchanel_id = \"im\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("vivo: unknown field chanel_id"), "{err}");
        // vivo has no channel fields at all.
        let err = parse("business_id = 1\napp_id = \"1\"\napp_key = \"k\"\nchannel_id = \"im\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("vivo: unknown field channel_id"), "{err}");
    }

    #[test]
    fn empty_strings_and_zero_business_id_are_refused() {
        let err = parse("business_id = 1\napp_id = \"\"\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "vivo: field app_id: must not be empty");
        let err = parse("business_id = 1\napp_id = \"1\"\napp_key = \" \"").unwrap_err();
        assert_eq!(err.to_string(), "vivo: field app_key: must not be empty");
        let err = parse("business_id = 0\napp_id = \"1\"\napp_key = \"k\"").unwrap_err();
        assert!(
            err.to_string().starts_with("vivo: field business_id"),
            "{err}"
        );
    }
}
