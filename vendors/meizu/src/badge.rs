//! Meizu badges (vendors.md §3): Flyme launchers have no badge call, so there is none.

use pushlane_plugin::{BadgeCall, BadgeContext};

pub(crate) fn badge(_count: u32, _ctx: &BadgeContext<'_>) -> BadgeCall {
    BadgeCall::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};

    #[test]
    fn meizu_has_no_badge_call_even_with_a_complete_config() {
        let device =
            DeviceInfo::android("meizu").with_prop("ro.build.display.id", "Flyme 8.1.8.0A");
        let config = PluginConfig {
            package_name: Some("com.example.app".to_string()),
            launcher_class: Some("com.example.app.MainActivity".to_string()),
            ..PluginConfig::default()
        };
        for count in [0, 1, 99] {
            let ctx = BadgeContext {
                device: &device,
                config: &config,
                vendor_config: None,
            };
            assert_eq!(badge(count, &ctx), BadgeCall::Unsupported);
        }
    }
}
