//! OPPO badges (vendors.md §3): the ColorOS launcher's badge provider, only for apps OPPO has
//! granted the badge privilege (config `badge_enabled`).

use crate::config::OppoConfig;
use pushlane_plugin::{BadgeCall, BadgeContext, BadgeExtra, SetBadgeCall};

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    match ctx.vendor_config_as::<OppoConfig>() {
        Some(config) if config.badge_enabled => BadgeCall::Call(SetBadgeCall::ContentProvider {
            uri: "content://com.android.badge/badge".to_string(),
            method: "setAppBadgeCount".to_string(),
            extras: vec![BadgeExtra::int("app_badge_count", count)],
        }),
        _ => BadgeCall::Unsupported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};
    use serde_json::json;

    fn config(entry: &str) -> PluginConfig {
        let _ = crate::link();
        PluginConfig::from_toml_str(&format!(
            "[[vendors]]\nvendor = \"oppo\"\nbusiness_id = 1\napp_key = \"k\"\napp_secret = \"s\"\n{entry}"
        ))
        .unwrap()
    }

    fn call(config: &PluginConfig) -> BadgeCall {
        let device = DeviceInfo::android("OPPO");
        badge(
            5,
            &BadgeContext {
                device: &device,
                config,
                vendor_config: config.vendor("oppo"),
            },
        )
    }

    #[test]
    fn badge_enabled_gives_the_content_provider_call() {
        let config = config("badge_enabled = true");
        let BadgeCall::Call(value) = call(&config) else {
            panic!("expected a call");
        };
        // The call exactly as vendors.md §3 writes it, with N = 5.
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"kind":"content_provider","uri":"content://com.android.badge/badge","method":"setAppBadgeCount","extras":{"app_badge_count":5}}"#
        );
    }

    #[test]
    fn count_zero_is_a_call_too() {
        let config = config("badge_enabled = true");
        let device = DeviceInfo::android("OPPO");
        let ctx = BadgeContext {
            device: &device,
            config: &config,
            vendor_config: config.vendor("oppo"),
        };
        assert_eq!(
            badge(0, &ctx),
            BadgeCall::Call(
                serde_json::from_value(json!({"kind":"content_provider","uri":"content://com.android.badge/badge","method":"setAppBadgeCount","extras":{"app_badge_count":0}})).unwrap()
            )
        );
    }

    #[test]
    fn without_badge_enabled_the_badge_is_unsupported() {
        assert_eq!(call(&config("")), BadgeCall::Unsupported);
        assert_eq!(
            call(&config("badge_enabled = false")),
            BadgeCall::Unsupported
        );
    }

    #[test]
    fn without_oppo_config_the_badge_is_unsupported() {
        let config = PluginConfig::default();
        assert_eq!(call(&config), BadgeCall::Unsupported);
    }
}
