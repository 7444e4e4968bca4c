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
    use pushlane_plugin::{PluginConfig, PluginError};

    fn parse(entry: &str) -> Result<PluginConfig, PluginError> {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!("[[vendors]]\nvendor = \"meizu\"\n{entry}"))
    }

    #[test]
    fn full_entry_parses() {
        let config = parse("business_id = 10004\napp_id = \"110000\"\napp_key = \"k\"").unwrap();
        let meizu = config.vendor("meizu").unwrap();
        assert_eq!(meizu.business_id(), 10004);
        assert_eq!(meizu.channel(), None);
        let typed = meizu.as_any().downcast_ref::<MeizuConfig>().unwrap();
        assert_eq!(typed.app_key, "k");
    }

    #[test]
    fn missing_required_fields_name_vendor_and_field() {
        let err = parse("business_id = 10004\napp_id = \"1\"").unwrap_err();
        assert_eq!(err.to_string(), "meizu: missing field app_key");
        let err = parse("business_id = 10004\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "meizu: missing field app_id");
        let err = parse("app_id = \"1\"\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "meizu: missing field business_id");
    }

    #[test]
    fn misspelt_key_is_refused() {
        let err = parse("business_id = 1\napp_id = \"1\"\napp_key = \"k\"\nchanel_id = \"im\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("meizu: unknown field chanel_id"), "{err}");
    }

    #[test]
    fn empty_strings_and_zero_business_id_are_refused() {
        let err = parse("business_id = 1\napp_id = \"\"\napp_key = \"k\"").unwrap_err();
        assert_eq!(err.to_string(), "meizu: field app_id: must not be empty");
        let err = parse("business_id = 1\napp_id = \"1\"\napp_key = \"\"").unwrap_err();
        assert_eq!(err.to_string(), "meizu: field app_key: must not be empty");
        let err = parse("business_id = 0\napp_id = \"1\"\napp_key = \"k\"").unwrap_err();
        assert!(
            err.to_string().starts_with("meizu: field business_id"),
            "{err}"
        );
    }
}
