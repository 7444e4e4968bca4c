//! Xiaomi push (MiPush) for pushlane: detection of Xiaomi / Redmi / Black Shark phones on MIUI
//! and HyperOS, the `xiaomi` config entry, the MIUI badge call and Xiaomi's click forms, and its
//! sending-side rules (message channel, title and description limits).
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! let plugin = pushlane_xiaomi::link();
//! assert_eq!(plugin.name(), "xiaomi");
//! assert!(plugin.detection_rule().starts_with("manufacturer xiaomi"));
//! ```

mod badge;
mod click;
mod config;
mod detect;
mod sending;

pub use config::XiaomiConfig;

use pushlane_plugin::VendorDefinition;

pushlane_plugin::declare_vendor!(
    /// The xiaomi vendor plugin: its detection, capabilities, badge call, click reader and
    /// sending-side rules.
    plugin: VendorDefinition::new("xiaomi", 30)
        .with_detection_rule(
            "manufacturer xiaomi or blackshark; or prop ro.miui.ui.version.name / ro.mi.os.version.name set",
        )
        .with_family(detect::family)
        .with_badge(badge::badge)
        .with_click(click::normalise)
        .with_sending_rules(sending::lint)
);
