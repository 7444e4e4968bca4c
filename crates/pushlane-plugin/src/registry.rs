//! The [`VendorPlugin`] trait and the inventory registry of linked plugins.
//!
//! Plugins are always iterated in a fixed order: by [`VendorPlugin::order`], then by name.
//! That order is the detection order of vendors.md §1 (the preferred channels first, then the
//! families in the table's order).

use crate::badge::{BadgeCall, BadgeContext};
use crate::click::{NormalisedClick, UnreadableClick};
use crate::config::PluginConfig;
use crate::device::DeviceInfo;
use crate::error::PluginError;

/// What the engine does when `vendor_error` reports this vendor failed (lifecycle.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnVendorError {
    /// `local` serves meanwhile and `register_vendor` is retried with backoff
    /// (warning `vendor_unavailable`).
    RetryWithLocal,
    /// Give up on this channel and select the device family's vendor instead, with the given
    /// warning code (FCM: `fcm_unavailable`, it is often present but blocked).
    UseFamily { warning: &'static str },
}

/// What a vendor needs from the engine and the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// The vendor SDK needs the notification permission asked at runtime on every Android
    /// version (OPPO), not only from API 33.
    pub requests_permission: bool,
    /// Without a notification channel of its own, notifications are not shown on Android 8+
    /// (OPPO); the engine warns `<vendor>_channel_missing` when the config has no `channel_id`.
    pub needs_channel: bool,
    /// What a `vendor_error` of this vendor means.
    pub on_error: OnVendorError,
    /// The badge call needs `package_name` and `launcher_class` in the config.
    pub badge_needs_launcher: bool,
    /// The SDK's token must be polled with `fetch_token` until it arrives.
    pub polls_token: bool,
}

impl Capabilities {
    /// No permission request, no channel of its own, retried with `local` on error, badge
    /// without launcher fields, token polled.
    pub const DEFAULT: Capabilities = Capabilities {
        requests_permission: false,
        needs_channel: false,
        on_error: OnVendorError::RetryWithLocal,
        badge_needs_launcher: false,
        polls_token: true,
    };
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities::DEFAULT
    }
}

/// The rule that matched a device (the `reason` of `vendor_selected`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    /// `platform`, `gms_available`, `manufacturer`, `rom_property`.
    pub reason: &'static str,
    /// Which property or value decided, for people (`detect` shows it).
    pub detail: &'static str,
}

impl Detection {
    pub const fn new(reason: &'static str, detail: &'static str) -> Self {
        Detection { reason, detail }
    }
}

/// What [`VendorPlugin::detection_rule`] says for a plugin that does not describe its rule.
pub const UNDESCRIBED_DETECTION_RULE: &str = "(see the vendor crate's documentation)";

/// A vendor push channel, as the engine sees it.
pub trait VendorPlugin: Send + Sync + 'static {
    /// The vendor's name: the `vendor` tag of its config and the `source` of its clicks.
    fn name(&self) -> &'static str;

    /// Position in the detection order (vendors.md §1): lower runs first.
    fn order(&self) -> u16;

    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    /// The rule of [`preferred`](Self::preferred) and [`family`](Self::family) in one line for
    /// people (`pushlane vendors` prints it), e.g. `manufacturer honor with honor_push`.
    fn detection_rule(&self) -> &'static str {
        UNDESCRIBED_DETECTION_RULE
    }

    /// Steps 1–2 of vendors.md §1: this channel serves the device ahead of its family when it
    /// is configured (FCM with Google services in the international edition).
    fn preferred(&self, _device: &DeviceInfo, _config: &PluginConfig) -> Option<Detection> {
        None
    }

    /// Step 3: the device belongs to this vendor's family (launcher, badge, channel).
    fn family(&self, _device: &DeviceInfo) -> Option<Detection> {
        None
    }

    /// The badge call for this family (vendors.md §3).
    fn badge(&self, _count: u32, _ctx: &BadgeContext<'_>) -> BadgeCall {
        BadgeCall::Unsupported
    }

    /// Reads a raw click delivered by this vendor (vendors.md §4).
    fn normalise_click(
        &self,
        payload: &serde_json::Value,
    ) -> Result<NormalisedClick, UnreadableClick> {
        crate::click::normalise_flat(payload)
    }

    /// This vendor's sending-side rules (vendors.md §5): adds its findings about a push that
    /// targets it. Run by payload lint after the cross-vendor rules; none by default.
    fn lint_sending(
        &self,
        _push: &crate::sending::Push<'_>,
        _findings: &mut Vec<crate::sending::Finding>,
    ) {
    }
}

/// The inventory entry a vendor crate submits (through [`register_vendor!`](crate::register_vendor)).
pub struct VendorRegistration {
    pub plugin: &'static dyn VendorPlugin,
}

inventory::collect!(VendorRegistration);

/// Registers a vendor plugin static with the inventory. Call it next to the plugin's definition:
///
/// ```ignore
/// pub static PLUGIN: Xiaomi = Xiaomi;
/// pushlane_plugin::register_vendor!(PLUGIN);
/// ```
#[macro_export]
macro_rules! register_vendor {
    ($plugin:path) => {
        $crate::inventory::submit! {
            $crate::VendorRegistration { plugin: &$plugin }
        }
    };
}

/// Declares a vendor crate's plugin: `pub static PLUGIN` (a [`VendorDefinition`]), its
/// inventory registration, and `pub fn link()`, which the facade calls so that the linker keeps
/// the crate (and its registration) in every binary, static libraries included.
///
/// ```ignore
/// pushlane_plugin::declare_vendor!(
///     /// The Xiaomi vendor plugin.
///     plugin: VendorDefinition::new("xiaomi", 30)
///         .with_detection_rule("manufacturer xiaomi or blackshark")
///         .with_family(detect::family)
///         .with_badge(badge::badge)
///         .with_click(click::normalise)
/// );
/// ```
///
/// [`VendorDefinition`]: crate::VendorDefinition
#[macro_export]
macro_rules! declare_vendor {
    ($(#[$meta:meta])* plugin: $definition:expr) => {
        $(#[$meta])*
        pub static PLUGIN: $crate::VendorDefinition = $definition;
        $crate::register_vendor!(PLUGIN);

        /// Returns the plugin; calling it from the final binary keeps this crate's
        /// registration (an unreferenced crate is dropped by the linker with it).
        pub fn link() -> &'static dyn $crate::VendorPlugin {
            &PLUGIN
        }
    };
}

/// All registered plugins, in the fixed order (order, then name), one per name.
pub fn registered() -> Vec<&'static dyn VendorPlugin> {
    let mut plugins: Vec<&'static dyn VendorPlugin> = inventory::iter::<VendorRegistration>
        .into_iter()
        .map(|r| r.plugin)
        .collect();
    sort_plugins(&mut plugins);
    plugins
}

/// Sorts plugins into the fixed detection order and drops repeated names.
pub fn sort_plugins(plugins: &mut Vec<&'static dyn VendorPlugin>) {
    plugins.sort_by(|a, b| (a.order(), a.name()).cmp(&(b.order(), b.name())));
    plugins.dedup_by(|a, b| a.name() == b.name());
}

/// Names of the registered plugins, in the fixed order.
pub fn registered_names() -> Vec<&'static str> {
    registered().iter().map(|p| p.name()).collect()
}

/// The registered plugin of this name.
pub fn find(name: &str) -> Option<&'static dyn VendorPlugin> {
    registered().into_iter().find(|p| p.name() == name)
}

/// Checks that every plugin the facade linked is present in the registry: the guard against
/// the linker silently dropping an inventory registration.
pub fn ensure_registered(linked: &[&'static dyn VendorPlugin]) -> Result<(), PluginError> {
    for plugin in linked {
        let name = plugin.name();
        let registered = inventory::iter::<VendorRegistration>
            .into_iter()
            .any(|r| r.plugin.name() == name);
        if !registered {
            return Err(PluginError::RegistrationMissing(plugin.name().to_string()));
        }
    }
    Ok(())
}
