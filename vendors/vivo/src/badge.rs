//! vivo badges (vendors.md §3): a broadcast to the vivo launcher naming the app's package and
//! launcher activity.

use pushlane_plugin::{BadgeCall, BadgeContext, BadgeExtra, SetBadgeCall};

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    match ctx.package_and_launcher() {
        Ok((package, launcher)) => BadgeCall::Call(SetBadgeCall::Broadcast {
            action: "launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM".to_string(),
            extras: vec![
                BadgeExtra::text("packageName", package),
                BadgeExtra::text("className", launcher),
                BadgeExtra::int("notificationNum", count),
            ],
        }),
        Err(missing) => missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};
    use serde_json::json;

    fn call(count: u32, package: Option<&str>, launcher: Option<&str>) -> BadgeCall {
        let device = DeviceInfo::android("vivo");
        let config = PluginConfig {
            package_name: package.map(str::to_string),
            launcher_class: launcher.map(str::to_string),
            ..PluginConfig::default()
        };
        badge(
            count,
            &BadgeContext {
                device: &device,
                config: &config,
                vendor_config: None,
            },
        )
    }

    #[test]
    fn the_broadcast_names_package_launcher_and_count() {
        let answer = call(
            3,
            Some("com.example.app"),
            Some("com.example.app.MainActivity"),
        );
        let BadgeCall::Call(answer) = answer else {
            panic!("expected a call");
        };
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            json!({
                "kind": "broadcast",
                "action": "launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM",
                "extras": {
                    "packageName": "com.example.app",
                    "className": "com.example.app.MainActivity",
                    "notificationNum": 3
                }
            })
        );
        let BadgeCall::Call(value) = call(0, Some("p"), Some("p.Main")) else {
            panic!("expected a call");
        };
        // The call exactly as vendors.md §3 writes it, with PKG = p, LAUNCHER = p.Main, N = 0.
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"kind":"broadcast","action":"launcher.action.CHANGE_APPLICATION_NOTIFICATION_NUM","extras":{"packageName":"p","className":"p.Main","notificationNum":0}}"#
        );
    }

    #[test]
    fn missing_package_or_launcher_is_config_missing() {
        assert_eq!(
            call(3, None, Some("com.example.app.MainActivity")),
            BadgeCall::ConfigMissing {
                field: "package_name"
            }
        );
        assert_eq!(
            call(3, Some("com.example.app"), None),
            BadgeCall::ConfigMissing {
                field: "launcher_class"
            }
        );
        assert_eq!(
            call(3, Some("com.example.app"), Some(" ")),
            BadgeCall::ConfigMissing {
                field: "launcher_class"
            }
        );
        assert_eq!(
            call(3, None, None),
            BadgeCall::ConfigMissing {
                field: "package_name"
            }
        );
    }
}
