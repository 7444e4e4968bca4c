//! Honor push for pushlane: detection of Honor phones that support the Honor push service, the
//! `honor` config entry, the Honor launcher badge call and Honor's click forms, and its
//! sending-side rule (importance).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! use pushlane_plugin::DeviceInfo;
//!
//! let plugin = pushlane_honor::link();
//! assert_eq!(plugin.name(), "honor");
//! let x30 = DeviceInfo::android("HONOR").with_prop("ro.build.version.emui", "MagicOS_7.1.0");
//! assert_eq!(plugin.family(&x30.clone().with_honor_push(true)).unwrap().reason, "manufacturer");
//! assert!(plugin.family(&x30).is_none(), "without Honor push it is huawei's");
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::HonorConfig;

use pushlane_plugin::{Capabilities, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The honor vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    plugin: VendorDefinition::new("honor", 50)
        .with_detection_rule("manufacturer honor with honor_push")
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
    fn registered_under_its_name_at_its_order() {
        let plugin = link();
        assert_ne!(
            plugin.detection_rule(),
            pushlane_plugin::registry::UNDESCRIBED_DETECTION_RULE
        );
        assert_eq!(plugin.order(), 50);
        let found = pushlane_plugin::registry::find("honor").expect("registered");
        assert_eq!(found.name(), plugin.name());
        assert!(pushlane_plugin::registry::ensure_registered(&[plugin]).is_ok());
    }
}
