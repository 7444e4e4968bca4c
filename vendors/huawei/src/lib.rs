//! Huawei push (HMS Push Kit) for pushlane: detection of Huawei phones and of Honor phones from
//! before the split (no Honor push service), the `huawei` config entry, the Huawei launcher
//! badge call and Huawei's click forms, and its sending-side rules (importance, message
//! category).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! use pushlane_plugin::DeviceInfo;
//!
//! let plugin = pushlane_huawei::link();
//! assert_eq!(plugin.name(), "huawei");
//! let honor_v30 = DeviceInfo::android("HUAWEI")
//!     .with_brand("HONOR")
//!     .with_prop("ro.build.version.emui", "EmotionUI_10.0.1");
//! assert_eq!(plugin.family(&honor_v30).unwrap().reason, "manufacturer");
//! assert!(plugin.capabilities().badge_needs_launcher);
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::HuaweiConfig;

use pushlane_plugin::{Capabilities, VendorDefinition};

pushlane_plugin::declare_vendor!(
    /// The huawei vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    plugin: VendorDefinition::new("huawei", 40)
        .with_detection_rule(
            "manufacturer huawei; or honor without honor_push; or (not honor) prop ro.build.version.emui set",
        )
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
        assert_eq!(plugin.order(), 40);
        let found = pushlane_plugin::registry::find("huawei").expect("registered");
        assert_eq!(found.name(), plugin.name());
        assert!(pushlane_plugin::registry::ensure_registered(&[plugin]).is_ok());
    }
}
