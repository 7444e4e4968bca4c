//! Firebase Cloud Messaging (FCM) for pushlane: the preferred channel for Android devices with
//! Google services in the international edition, the `fcm` config entry and the FCM click form.
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

pub use config::FcmConfig;

use pushlane_plugin::{
    Capabilities, Detection, DeviceInfo, NormalisedClick, OnVendorError, PluginConfig,
    UnreadableClick, VendorPlugin,
};

/// The FCM vendor plugin.
#[derive(Debug, Clone, Copy)]
pub struct Fcm;

/// The registered instance.
pub static PLUGIN: Fcm = Fcm;
pushlane_plugin::register_vendor!(PLUGIN);

/// Returns the plugin; calling it from the final binary keeps this crate's registration.
pub fn link() -> &'static dyn VendorPlugin {
    &PLUGIN
}

impl VendorPlugin for Fcm {
    fn name(&self) -> &'static str {
        "fcm"
    }

    fn order(&self) -> u16 {
        20
    }

    /// FCM is often present but blocked: a `vendor_error` gives up on it for the family's
    /// vendor (lifecycle.md §4).
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            on_error: OnVendorError::UseFamily {
                warning: "fcm_unavailable",
            },
            ..Capabilities::default()
        }
    }

    fn preferred(&self, device: &DeviceInfo, config: &PluginConfig) -> Option<Detection> {
        detect::preferred(device, config)
    }

    // No `family` and no `badge`: FCM has no launcher of its own, so the defaults (none,
    // unsupported) stand and the engine never asks.

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
    use pushlane_plugin::{BadgeCall, BadgeContext};

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
        let found = pushlane_plugin::registry::find("fcm").expect("registered");
        assert_eq!(found.name(), plugin.name());
    }
}
