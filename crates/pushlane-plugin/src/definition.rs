//! [`VendorDefinition`]: a vendor plugin as data. A vendor crate declares one `static` with its
//! name, order, capabilities, the text of its detection rule and the functions of its `detect`,
//! `badge` and `click` modules, instead of writing the same trait impl again.
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
//! static ACME: VendorDefinition = VendorDefinition::new("acme", 900)
//!     .with_detection_rule("manufacturer acme")
//!     .with_family(family);
//! assert_eq!(ACME.family(&DeviceInfo::android("ACME")).unwrap().reason, "manufacturer");
//! assert_eq!(ACME.detection_rule(), "manufacturer acme");
//! ```

use crate::badge::{BadgeCall, BadgeContext};
use crate::click::{normalise_flat, NormalisedClick, UnreadableClick};
use crate::config::PluginConfig;
use crate::device::DeviceInfo;
use crate::registry::{Capabilities, Detection, VendorPlugin, UNDESCRIBED_DETECTION_RULE};
use crate::sending::{Finding, Push};
use serde_json::Value;

type PreferredFn = fn(&DeviceInfo, &PluginConfig) -> Option<Detection>;
type FamilyFn = fn(&DeviceInfo) -> Option<Detection>;
type BadgeFn = fn(u32, &BadgeContext<'_>) -> BadgeCall;
type ClickFn = fn(&Value) -> Result<NormalisedClick, UnreadableClick>;
type SendingRulesFn = fn(&Push<'_>, &mut Vec<Finding>);

/// A vendor plugin described by its parts.
#[derive(Clone, Copy)]
pub struct VendorDefinition {
    name: &'static str,
    order: u16,
    capabilities: Capabilities,
    detection_rule: &'static str,
    preferred: PreferredFn,
    family: FamilyFn,
    badge: BadgeFn,
    normalise_click: ClickFn,
    sending_rules: SendingRulesFn,
}

fn never_preferred(_: &DeviceInfo, _: &PluginConfig) -> Option<Detection> {
    None
}

fn no_family(_: &DeviceInfo) -> Option<Detection> {
    None
}

fn no_sending_rules(_: &Push<'_>, _: &mut Vec<Finding>) {}

fn no_badge(_: u32, _: &BadgeContext<'_>) -> BadgeCall {
    BadgeCall::Unsupported
}

impl VendorDefinition {
    /// A vendor that is never preferred, has no family, no badge call, reads clicks as a flat
    /// map of extras, and does not describe its detection rule.
    pub const fn new(name: &'static str, order: u16) -> Self {
        VendorDefinition {
            name,
            order,
            capabilities: Capabilities::DEFAULT,
            detection_rule: UNDESCRIBED_DETECTION_RULE,
            preferred: never_preferred,
            family: no_family,
            badge: no_badge,
            normalise_click: normalise_flat,
            sending_rules: no_sending_rules,
        }
    }

    pub const fn with_capabilities(mut self, capabilities: Capabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// The text [`VendorPlugin::detection_rule`] gives: the vendor's `preferred`/`family`
    /// rule for people.
    pub const fn with_detection_rule(mut self, detection_rule: &'static str) -> Self {
        self.detection_rule = detection_rule;
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

    /// The vendor's sending-side lint rules (see [`crate::sending`]).
    pub const fn with_sending_rules(mut self, sending_rules: SendingRulesFn) -> Self {
        self.sending_rules = sending_rules;
        self
    }
}

impl std::fmt::Debug for VendorDefinition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VendorDefinition")
            .field("name", &self.name)
            .field("order", &self.order)
            .field("capabilities", &self.capabilities)
            .field("detection_rule", &self.detection_rule)
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

    fn detection_rule(&self) -> &'static str {
        self.detection_rule
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

    fn lint_sending(&self, push: &Push<'_>, findings: &mut Vec<Finding>) {
        (self.sending_rules)(push, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bare;

    impl VendorPlugin for Bare {
        fn name(&self) -> &'static str {
            "bare"
        }

        fn order(&self) -> u16 {
            1
        }
    }

    #[test]
    fn the_detection_rule_is_the_plugins_own_text_or_the_default() {
        let described = VendorDefinition::new("acme", 900).with_detection_rule("manufacturer acme");
        assert_eq!(described.detection_rule(), "manufacturer acme");
        assert!(format!("{described:?}").contains("manufacturer acme"));
        assert_eq!(
            VendorDefinition::new("acme", 900).detection_rule(),
            UNDESCRIBED_DETECTION_RULE
        );
        assert_eq!(Bare.detection_rule(), UNDESCRIBED_DETECTION_RULE);
    }
}
