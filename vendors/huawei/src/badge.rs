//! Huawei badges (vendors.md §3): the launcher's `change_badge` content-provider call with the
//! app's package and launcher activity.

use pushlane_plugin::badge::launcher_change_badge;
use pushlane_plugin::{BadgeCall, BadgeContext};

/// The Huawei launcher's badge provider.
pub(crate) const BADGE_URI: &str = "content://com.huawei.android.launcher.settings/badge/";

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    launcher_change_badge(BADGE_URI, count, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};

    fn call(config: &PluginConfig, count: u32) -> BadgeCall {
        let device = DeviceInfo::android("HUAWEI");
        badge(
            count,
            &BadgeContext {
                device: &device,
                config,
                vendor_config: None,
            },
        )
    }

    fn with_launcher(package: Option<&str>, launcher: Option<&str>) -> PluginConfig {
        PluginConfig {
            package_name: package.map(str::to_string),
            launcher_class: launcher.map(str::to_string),
            ..PluginConfig::default()
        }
    }

    #[test]
    fn change_badge_call_at_the_huawei_launcher() {
        let config = with_launcher(
            Some("com.example.app"),
            Some("com.example.app.MainActivity"),
        );
        let BadgeCall::Call(value) = call(&config, 12) else {
            panic!("expected a call");
        };
        // The call exactly as vendors.md §3 writes it.
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"kind":"content_provider","uri":"content://com.huawei.android.launcher.settings/badge/","method":"change_badge","extras":{"package":"com.example.app","class":"com.example.app.MainActivity","badgenumber":12}}"#
        );
        let BadgeCall::Call(zero) = call(&config, 0) else {
            panic!("expected a call");
        };
        assert_eq!(
            serde_json::to_value(&zero).unwrap()["extras"]["badgenumber"],
            0
        );
    }

    #[test]
    fn missing_package_or_launcher_is_config_missing() {
        assert_eq!(
            call(
                &with_launcher(None, Some("com.example.app.MainActivity")),
                1
            ),
            BadgeCall::ConfigMissing {
                field: "package_name"
            }
        );
        assert_eq!(
            call(&with_launcher(Some("com.example.app"), None), 1),
            BadgeCall::ConfigMissing {
                field: "launcher_class"
            }
        );
        assert_eq!(
            call(&with_launcher(Some(" "), Some("")), 1),
            BadgeCall::ConfigMissing {
                field: "package_name"
            }
        );
        assert_eq!(
            call(&PluginConfig::default(), 1),
            BadgeCall::ConfigMissing {
                field: "package_name"
            }
        );
    }
}
