//! Honor badges (vendors.md §3): the Huawei-lineage `change_badge` content-provider call at the
//! Honor launcher's own provider (the reference used the Huawei URI; newer Honor launchers
//! answer at the hihonor one).

use pushlane_plugin::badge::launcher_change_badge;
use pushlane_plugin::{BadgeCall, BadgeContext};

/// The Honor launcher's badge provider.
pub(crate) const BADGE_URI: &str = "content://com.hihonor.android.launcher.settings/badge/";

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    launcher_change_badge(BADGE_URI, count, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};

    fn call(config: &PluginConfig, count: u32) -> BadgeCall {
        let device = DeviceInfo::android("HONOR").with_honor_push(true);
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
    fn change_badge_call_at_the_hihonor_launcher() {
        let config = with_launcher(
            Some("com.example.app"),
            Some("com.example.app.MainActivity"),
        );
        let BadgeCall::Call(value) = call(&config, 3) else {
            panic!("expected a call");
        };
        // The call exactly as vendors.md §3 writes it.
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"kind":"content_provider","uri":"content://com.hihonor.android.launcher.settings/badge/","method":"change_badge","extras":{"package":"com.example.app","class":"com.example.app.MainActivity","badgenumber":3}}"#
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
            call(&with_launcher(Some("com.example.app"), Some(" ")), 1),
            BadgeCall::ConfigMissing {
                field: "launcher_class"
            }
        );
    }
}
