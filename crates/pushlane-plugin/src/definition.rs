//! [`VendorDefinition`]: a vendor plugin as data. A vendor crate declares one `static` with its
//! name, order, capabilities and the functions of its `detect`, `badge` and `click` modules,
//! instead of writing the same trait impl again.
//!
//! ```
//! use pushlane_plugin::{DeviceInfo, Detection, VendorDefinition, VendorPlugin};
//!
//! fn family(device: &DeviceInfo) -> Option<Detection> {
//!     device
//!         .manufacturer_is(&["acme"])
//!         .then(|| Detection::new("manufacturer", "manufacturer acme"))
//! }
//!
//! static ACME: VendorDefinition = VendorDefinition::new("acme", 900).with_family(family);
//! assert_eq!(ACME.family(&DeviceInfo::android("ACME")).unwrap().reason, "manufacturer");
//! ```

use crate::badge::{BadgeCall, BadgeContext};
use crate::click::{normalise_flat, NormalisedClick, UnreadableClick};
use crate::config::PluginConfig;
use crate::device::DeviceInfo;
use crate::registry::{Capabilities, Detection, VendorPlugin};
use serde_json::Value;

type PreferredFn = fn(&DeviceInfo, &PluginConfig) -> Option<Detection>;
type FamilyFn = fn(&DeviceInfo) -> Option<Detection>;
type BadgeFn = fn(u32, &BadgeContext<'_>) -> BadgeCall;
type ClickFn = fn(&Value) -> Result<NormalisedClick, UnreadableClick>;

/// A vendor plugin described by its parts.
#[derive(Clone, Copy)]
pub struct VendorDefinition {
    name: &'static str,
    order: u16,
    capabilities: Capabilities,
    preferred: PreferredFn,
    family: FamilyFn,
    badge: BadgeFn,
    normalise_click: ClickFn,
}

fn never_preferred(_: &DeviceInfo, _: &PluginConfig) -> Option<Detection> {
    None
}

fn no_family(_: &DeviceInfo) -> Option<Detection> {
    None
}

fn no_badge(_: u32, _: &BadgeContext<'_>) -> BadgeCall {
    BadgeCall::Unsupported
}

impl VendorDefinition {
    /// A vendor that is never preferred, has no family, no badge call, and reads clicks as a
    /// flat map of extras.
    pub const fn new(name: &'static str, order: u16) -> Self {
        VendorDefinition {
            name,
            order,
            capabilities: Capabilities::DEFAULT,
            preferred: never_preferred,
            family: no_family,
            badge: no_badge,
            normalise_click: normalise_flat,
        }
    }

    pub const fn with_capabilities(mut self, capabilities: Capabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    pub const fn with_preferred(mut self, preferred: PreferredFn) -> Self {
        self.preferred = preferred;
        self
    }

    pub const fn with_family(mut self, family: FamilyFn) -> Self {
        self.family = family;
        self
    }

    pub const fn with_badge(mut self, badge: BadgeFn) -> Self {
        self.badge = badge;
        self
    }

    pub const fn with_click(mut self, normalise_click: ClickFn) -> Self {
        self.normalise_click = normalise_click;
        self
    }
}

impl std::fmt::Debug for VendorDefinition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VendorDefinition")
            .field("name", &self.name)
            .field("order", &self.order)
            .field("capabilities", &self.capabilities)
            .finish()
    }
}

impl VendorPlugin for VendorDefinition {
    fn name(&self) -> &'static str {
        self.name
    }

    fn order(&self) -> u16 {
        self.order
    }

    fn capabilities(&self) -> Capabilities {
        self.capabilities
    }

    fn preferred(&self, device: &DeviceInfo, config: &PluginConfig) -> Option<Detection> {
        (self.preferred)(device, config)
    }

    fn family(&self, device: &DeviceInfo) -> Option<Detection> {
        (self.family)(device)
    }

    fn badge(&self, count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
        (self.badge)(count, ctx)
    }

    fn normalise_click(&self, payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
        (self.normalise_click)(payload)
    }
}
