//! Meizu push (Flyme push) for pushlane: detection of Meizu phones and other phones running
//! Flyme, the `meizu` config entry (Flyme launchers have no badge call) and Meizu's click forms.
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

pub use config::MeizuConfig;

use pushlane_plugin::{
    BadgeCall, BadgeContext, Detection, DeviceInfo, NormalisedClick, UnreadableClick, VendorPlugin,
};

/// The Meizu vendor plugin.
#[derive(Debug, Clone, Copy)]
pub struct Meizu;

/// The registered instance.
pub static PLUGIN: Meizu = Meizu;
pushlane_plugin::register_vendor!(PLUGIN);

/// Returns the plugin; calling it from the final binary keeps this crate's registration.
pub fn link() -> &'static dyn VendorPlugin {
    &PLUGIN
}

impl VendorPlugin for Meizu {
    fn name(&self) -> &'static str {
        "meizu"
    }

    fn order(&self) -> u16 {
        60
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

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_plugin::Capabilities;

    #[test]
    fn plugin_identity_and_capabilities() {
        let plugin = link();
        assert_eq!(plugin.name(), "meizu");
        assert_eq!(plugin.order(), 60);
        assert_eq!(plugin.capabilities(), Capabilities::default());
        assert!(pushlane_plugin::registry::registered_names().contains(&"meizu"));
    }
}
