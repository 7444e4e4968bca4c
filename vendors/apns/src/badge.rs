//! iOS badges (vendors.md §3): the app sets the icon badge only when it owns it
//! (`app_manages_badge`, with `disable_sdk_badge` sent at init); otherwise the Chat SDK does.

use pushlane_plugin::{BadgeCall, BadgeContext, SetBadgeCall};

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    if ctx.config.app_manages_badge {
        BadgeCall::Call(SetBadgeCall::IosBadge { count })
    } else {
        BadgeCall::NotOwned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{DeviceInfo, PluginConfig};
    use serde_json::json;

    fn call(config: &PluginConfig, count: u32) -> BadgeCall {
        let device = DeviceInfo::ios();
        badge(
            count,
            &BadgeContext {
                device: &device,
                config,
                vendor_config: None,
            },
        )
    }

    #[test]
    fn app_managed_badge_gets_the_ios_badge_call() {
        let config = PluginConfig {
            app_manages_badge: true,
            ..PluginConfig::default()
        };
        let BadgeCall::Call(five) = call(&config, 5) else {
            panic!("expected a call");
        };
        // The call exactly as vendors.md §3 writes it, with N = 5.
        assert_eq!(
            serde_json::to_string(&five).unwrap(),
            r#"{"kind":"ios_badge","count":5}"#
        );
        assert_eq!(
            call(&config, 0),
            BadgeCall::Call(
                serde_json::from_value(json!({"kind": "ios_badge", "count": 0})).unwrap()
            )
        );
    }

    #[test]
    fn sdk_managed_badge_is_not_owned() {
        assert_eq!(call(&PluginConfig::default(), 5), BadgeCall::NotOwned);
    }
}
