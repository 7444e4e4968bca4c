//! Apple Push Notification service (APNs) for pushlane: every iOS device is served by APNs, the
//! `apns` config entry, the iOS badge (only when the app owns it), the APNs click form, and the
//! sending-side rules on the payload the Chat server sends ([`apns_json`]).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! use pushlane_plugin::DeviceInfo;
//!
//! let plugin = pushlane_apns::link();
//! assert_eq!(plugin.name(), "apns");
//! assert_eq!(plugin.family(&DeviceInfo::ios()).unwrap().reason, "platform");
//! assert!(plugin.family(&DeviceInfo::android("Google")).is_none());
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::ApnsConfig;
pub use sending::apns_json;

use pushlane_plugin::{Capabilities, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The apns vendor plugin: its detection, capabilities, badge call and click reader.
    plugin: VendorDefinition::new("apns", 10)
        .with_detection_rule("every iOS device (platform)")
        .with_capabilities(Capabilities {
            polls_token: true,
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
    fn registered_under_its_name_at_its_order() {
        let plugin = link();
        assert_ne!(
            plugin.detection_rule(),
            pushlane_plugin::registry::UNDESCRIBED_DETECTION_RULE
        );
        assert_eq!(plugin.order(), 10);
        let found = pushlane_plugin::registry::find("apns").expect("registered");
        assert_eq!(found.name(), plugin.name());
        assert!(pushlane_plugin::registry::ensure_registered(&[plugin]).is_ok());
    }
}
