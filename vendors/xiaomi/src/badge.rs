//! Xiaomi badges (vendors.md §3): only MIUI 6 to 11 take the message-count call; MIUI 12 and
//! later and HyperOS show the notification count themselves.

use crate::detect::{HYPEROS_VERSION, MIUI_VERSION};
use pushlane_plugin::{BadgeCall, BadgeContext, DeviceInfo, SetBadgeCall};

pub(crate) fn badge(count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    if supports_message_count(ctx.device) {
        BadgeCall::Call(SetBadgeCall::XiaomiMessageCount { count })
    } else {
        BadgeCall::Unsupported
    }
}

/// MIUI `V6` … `V11`; `V12`, `V125`, `V130`, `V140` are newer and HyperOS reports `V816`.
fn supports_message_count(device: &DeviceInfo) -> bool {
    if device.prop(HYPEROS_VERSION).is_some() {
        return false;
    }
    let Some(name) = device.prop(MIUI_VERSION) else {
        return false;
    };
    let digits = name.trim().trim_start_matches(['V', 'v']);
    matches!(digits.parse::<u32>(), Ok(6..=11))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::PluginConfig;

    fn call(device: &DeviceInfo) -> BadgeCall {
        let config = PluginConfig::default();
        badge(
            7,
            &BadgeContext {
                device,
                config: &config,
                vendor_config: None,
            },
        )
    }

    #[test]
    fn miui_6_to_11_get_the_message_count_call() {
        for v in ["V6", "V9", "V10", "V11"] {
            let phone = DeviceInfo::android("Xiaomi").with_prop(MIUI_VERSION, v);
            let BadgeCall::Call(value) = call(&phone) else {
                panic!("{v}: expected a call");
            };
            assert_eq!(
                serde_json::to_string(&value).unwrap(),
                r#"{"kind":"xiaomi_message_count","count":7}"#,
                "{v}"
            );
        }
    }

    #[test]
    fn miui_12_and_later_and_hyperos_have_no_badge_call() {
        for v in ["V12", "V125", "V130", "V140", "V5"] {
            let phone = DeviceInfo::android("Xiaomi").with_prop(MIUI_VERSION, v);
            assert_eq!(call(&phone), BadgeCall::Unsupported, "{v}");
        }
        let hyperos = DeviceInfo::android("Xiaomi")
            .with_prop(MIUI_VERSION, "V816")
            .with_prop(HYPEROS_VERSION, "OS2.0");
        assert_eq!(call(&hyperos), BadgeCall::Unsupported);
        assert_eq!(call(&DeviceInfo::android("Xiaomi")), BadgeCall::Unsupported);
    }
}
