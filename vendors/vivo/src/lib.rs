//! vivo push for pushlane: detection of vivo / iQOO phones on OriginOS and Funtouch OS, the
//! `vivo` config entry, the vivo launcher's badge broadcast and vivo's click forms, and its
//! sending-side rules (message classification, title and content limits).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! let plugin = pushlane_vivo::link();
//! assert_eq!(plugin.name(), "vivo");
//! assert!(plugin.capabilities().badge_needs_launcher);
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::VivoConfig;

use pushlane_plugin::{Capabilities, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The vivo vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    /// The badge broadcast names the app's package and launcher activity (vendors.md §3).
    /// Reads both click forms. vivo fires its receiver callback **and** opens the activity for
    /// one tap, in no fixed order, so the same click arrives twice; the engine's duplicate rule
    /// (lifecycle.md §8: same `msg_id`, or same `ext` within 2000 ms) drops the second one.
    plugin: VendorDefinition::new("vivo", 80)
        .with_detection_rule("manufacturer vivo or iqoo; or prop ro.vivo.os.version set")
        .with_capabilities(Capabilities {
            badge_needs_launcher: true,
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
        assert_eq!(plugin.name(), "vivo");
        assert_eq!(plugin.order(), 80);
        let caps = plugin.capabilities();
        assert!(caps.badge_needs_launcher);
        assert!(!caps.requests_permission);
        assert!(!caps.needs_channel);
        assert_eq!(
            caps.on_error,
            pushlane_plugin::OnVendorError::RetryWithLocal
        );
        assert!(pushlane_plugin::registry::registered_names().contains(&"vivo"));
    }
}
