//! Firebase Cloud Messaging (FCM) for pushlane: the preferred channel for Android devices with
//! Google services in the international edition, the `fcm` config entry, the FCM click form, and
//! the sending-side rule on the message the Chat server sends ([`fcm_message`]).
//!
//! FCM has no device family of its own (the badge follows the phone's launcher), and when it
//! fails the engine selects the family's vendor instead (`fcm_unavailable`).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! use pushlane_plugin::{DeviceInfo, PluginConfig};
//!
//! let plugin = pushlane_fcm::link();
//! assert_eq!(plugin.name(), "fcm");
//! let pixel = DeviceInfo::android("Google").with_gms(true);
//! let detection = plugin.preferred(&pixel, &PluginConfig::default()).unwrap();
//! assert_eq!(detection.reason, "gms_available");
//! assert!(plugin.family(&pixel).is_none());
//! ```

mod click;
mod config;
mod detect;
mod sending;

pub use config::FcmConfig;
pub use sending::fcm_message;

use pushlane_plugin::{Capabilities, OnVendorError, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The fcm vendor plugin: its detection, capabilities, badge call and click reader.
    /// FCM is often present but blocked: a `vendor_error` gives up on it for the family's
    /// vendor (lifecycle.md §4).
    /// No `family` and no `badge`: FCM has no launcher of its own, so the defaults (none,
    /// unsupported) stand and the engine never asks.
    plugin: VendorDefinition::new("fcm", 20)
        .with_detection_rule(
            "preferred: Android with Google services, edition international, use_fcm (gms_available); no family, the badge follows the phone's launcher",
        )
        .with_capabilities(Capabilities {
            on_error: OnVendorError::UseFamily {
                warning: "fcm_unavailable",
            },
            ..Capabilities::DEFAULT
        })
        .with_preferred(detect::preferred)
        .with_click(click::normalise)
        .with_sending_rules(sending::lint)
);

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::{BadgeCall, BadgeContext, DeviceInfo, PluginConfig};

    #[test]
    fn fcm_has_no_family_and_no_badge() {
        let plugin = link();
        let pixel = DeviceInfo::android("Google").with_gms(true);
        assert!(plugin.family(&pixel).is_none());
        let config = PluginConfig::default();
        let ctx = BadgeContext {
            device: &pixel,
            config: &config,
            vendor_config: None,
        };
        assert_eq!(plugin.badge(3, &ctx), BadgeCall::Unsupported);
    }

    #[test]
    fn vendor_error_falls_back_to_the_family() {
        let capabilities = link().capabilities();
        assert_eq!(
            capabilities.on_error,
            OnVendorError::UseFamily {
                warning: "fcm_unavailable"
            }
        );
        assert!(!capabilities.badge_needs_launcher);
        assert_eq!(link().order(), 20);
    }

    #[test]
    fn registered_under_its_name() {
        let plugin = link();
        assert_ne!(
            plugin.detection_rule(),
            pushlane_plugin::registry::UNDESCRIBED_DETECTION_RULE
        );
        let found = pushlane_plugin::registry::find("fcm").expect("registered");
        assert_eq!(found.name(), plugin.name());
    }
}
