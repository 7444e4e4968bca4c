//! Meizu push (Flyme push) for pushlane: detection of Meizu phones and other phones running
//! Flyme, the `meizu` config entry (Flyme launchers have no badge call), Meizu's click forms
//! and its sending-side rules (title and content limits).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! let plugin = pushlane_meizu::link();
//! assert_eq!(plugin.name(), "meizu");
//! assert_eq!(plugin.order(), 60);
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::MeizuConfig;

use pushlane_plugin::VendorDefinition;

pushlane_plugin::declare_vendor!(
    /// The meizu vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    plugin: VendorDefinition::new("meizu", 60)
        .with_detection_rule(
            "manufacturer meizu; or prop ro.build.display.id contains flyme",
        )
        .with_family(detect::family)
        .with_badge(badge::badge)
        .with_click(click::normalise)
        .with_sending_rules(sending::lint)
);

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::Capabilities;

    #[test]
    fn plugin_identity_and_capabilities() {
        let plugin = link();
        assert_ne!(
            plugin.detection_rule(),
            pushlane_plugin::registry::UNDESCRIBED_DETECTION_RULE
        );
        assert_eq!(plugin.name(), "meizu");
        assert_eq!(plugin.order(), 60);
        assert_eq!(plugin.capabilities(), Capabilities::default());
        assert!(pushlane_plugin::registry::registered_names().contains(&"meizu"));
    }
}
