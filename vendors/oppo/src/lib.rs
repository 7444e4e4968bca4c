//! OPPO push (HeytapPush) for pushlane: detection of OPPO / OnePlus / realme phones on ColorOS,
//! the `oppo` config entry, OPPO's launcher badge call (a privilege OPPO grants on request) and
//! OPPO's click forms, and its sending-side rules (ext must be JSON, the private-message channel,
//! OPPO's title and content limits).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! let plugin = pushlane_oppo::link();
//! assert_eq!(plugin.name(), "oppo");
//! assert!(plugin.capabilities().needs_channel);
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::OppoConfig;

use pushlane_plugin::{Capabilities, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The oppo vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    /// OPPO asks for the notification permission at runtime on every Android version
    /// (`HeytapPushManager.requestNotificationPermission`), and without a channel of its own
    /// its notifications are not shown on Android 8+ (vendors.md §2).
    plugin: VendorDefinition::new("oppo", 70)
        .with_detection_rule(
            "manufacturer oppo, oneplus or realme; or prop ro.build.version.opporom / ro.build.version.oplusrom set",
        )
        .with_capabilities(Capabilities {
            requests_permission: true,
            needs_channel: true,
            ..Capabilities::DEFAULT
        })
        .with_family(detect::family)
        .with_badge(badge::badge)
        .with_click(click::normalise)
        .with_sending_rules(sending::lint)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_identity_and_capabilities() {
        let plugin = link();
        assert_ne!(
            plugin.detection_rule(),
            pushlane_plugin::registry::UNDESCRIBED_DETECTION_RULE
        );
        assert_eq!(plugin.name(), "oppo");
        assert_eq!(plugin.order(), 70);
        let caps = plugin.capabilities();
        assert!(caps.requests_permission);
        assert!(caps.needs_channel);
        assert!(!caps.badge_needs_launcher);
        assert_eq!(
            caps.on_error,
            pushlane_plugin::OnVendorError::RetryWithLocal
        );
        assert!(pushlane_plugin::registry::registered_names().contains(&"oppo"));
    }
}
