//! Xiaomi push (MiPush) for pushlane: detection of Xiaomi / Redmi / Black Shark phones on MIUI
//! and HyperOS, the `xiaomi` config entry, the MIUI badge call and Xiaomi's click forms.
//!
//! The facade calls [`link`] so the inventory registration survives the linker:
//!
//! ```
//! let plugin = pushlane_xiaomi::link();
//! assert_eq!(plugin.name(), "xiaomi");
//! ```

mod badge;
mod click;
mod config;
mod detect;

pub use config::XiaomiConfig;

use pushlane_plugin::{
    BadgeCall, BadgeContext, DeviceInfo, Detection, NormalisedClick, UnreadableClick,
    VendorPlugin,
};

/// The Xiaomi vendor plugin.
#[derive(Debug, Clone, Copy)]
pub struct Xiaomi;

/// The registered instance.
pub static PLUGIN: Xiaomi = Xiaomi;
pushlane_plugin::register_vendor!(PLUGIN);

/// Returns the plugin; calling it from the final binary keeps this crate's registration.
pub fn link() -> &'static dyn VendorPlugin {
    &PLUGIN
}

impl VendorPlugin for Xiaomi {
    fn name(&self) -> &'static str {
        "xiaomi"
    }

    fn order(&self) -> u16 {
        30
    }

    fn family(&self, device: &DeviceInfo) -> Option<Detection> {
        detect::family(device)
    }

    fn badge(&self, count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
        badge::badge(count, ctx)
    }

    fn normalise_click(
        &self,
        payload: &serde_json::Value,
    ) -> Result<NormalisedClick, UnreadableClick> {
        click::normalise(payload)
    }
}
