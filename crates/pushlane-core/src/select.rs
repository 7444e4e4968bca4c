//! Which channel serves a device (vendors.md §1), decided by the linked plugins.
//!
//! The core knows no vendor by name except `local`: the preferred channels (FCM with Google
//! services) express themselves through [`VendorPlugin::preferred`], the families through
//! [`VendorPlugin::family`], and plugins are asked in their fixed order.

use crate::event::WarningCode;
use pushlane_plugin::{Detection, DeviceInfo, PluginConfig, VendorPlugin};

/// The fallback where no vendor channel serves.
pub const LOCAL: &str = "local";

/// `vendor_selected.reason` when the platform decides (every iOS device is APNs's), also when
/// that vendor is not configured (vendors.md §1 step 1).
pub const PLATFORM: &str = "platform";

/// The outcome of vendor selection, with what decided it.
#[derive(Clone)]
pub struct Selection {
    /// The selected vendor's name, or `local`.
    pub vendor: String,
    /// `vendor_selected.reason`: `platform`, `gms_available`, `manufacturer`, `rom_property`,
    /// `no_family`, `family_not_configured`.
    pub reason: String,
    /// The device's family (its launcher decides the badge), if any.
    pub family: Option<&'static dyn VendorPlugin>,
    /// The rule that found the family.
    pub family_detection: Option<Detection>,
    /// Warnings to emit, in order.
    pub warnings: Vec<(WarningCode, String)>,
}

impl std::fmt::Debug for Selection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Selection")
            .field("vendor", &self.vendor)
            .field("reason", &self.reason)
            .field("family", &self.family.map(|p| p.name()))
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// The device's family: the first plugin, in order, whose family rule matches.
pub fn family_of(
    plugins: &[&'static dyn VendorPlugin],
    device: &DeviceInfo,
) -> Option<(&'static dyn VendorPlugin, Detection)> {
    plugins
        .iter()
        .find_map(|p| p.family(device).map(|d| (*p, d)))
}

/// Selects the vendor for a device (vendors.md §1 steps 1–4).
pub fn select(
    plugins: &[&'static dyn VendorPlugin],
    config: &PluginConfig,
    device: &DeviceInfo,
) -> Selection {
    let family = family_of(plugins, device);
    let mut warnings = Vec::new();
    for plugin in plugins {
        if let Some(detection) = plugin.preferred(device, config) {
            if config.vendor(plugin.name()).is_some() {
                return Selection {
                    vendor: plugin.name().to_string(),
                    reason: detection.reason.to_string(),
                    family: family.map(|(p, _)| p),
                    family_detection: family.map(|(_, d)| d),
                    warnings,
                };
            }
            warnings.push((
                WarningCode::VendorNotConfigured,
                format!(
                    "{} would serve this device ({}) but config.vendors has no {} entry",
                    plugin.name(),
                    detection.reason,
                    plugin.name()
                ),
            ));
        }
    }
    let (vendor, reason) = match family {
        Some((plugin, detection)) if config.vendor(plugin.name()).is_some() => {
            (plugin.name().to_string(), detection.reason.to_string())
        }
        Some((plugin, detection)) => {
            warnings.push((
                WarningCode::VendorNotConfigured,
                format!(
                    "the device is in the {} family ({}: {}) but config.vendors has no {} entry; local notifications only",
                    plugin.name(),
                    detection.reason,
                    detection.detail,
                    plugin.name()
                ),
            ));
            // A rule of the platform itself (iOS → APNs) still names the platform as what
            // decided; only a device family whose vendor is missing is `family_not_configured`.
            let reason = if detection.reason == PLATFORM {
                PLATFORM
            } else {
                "family_not_configured"
            };
            (LOCAL.to_string(), reason.to_string())
        }
        None => (LOCAL.to_string(), "no_family".to_string()),
    };
    Selection {
        vendor,
        reason,
        family: family.map(|(p, _)| p),
        family_detection: family.map(|(_, d)| d),
        warnings,
    }
}
