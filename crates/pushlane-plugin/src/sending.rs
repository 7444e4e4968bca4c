//! Sending-side rules (vendors.md §5): what a vendor contributes to payload lint.
//!
//! A vendor crate writes its rules as one function over a [`Push`] and passes it to
//! [`VendorDefinition::with_sending_rules`](crate::VendorDefinition::with_sending_rules);
//! `pushlane_payload::lint` runs them for the vendors it targets, after the cross-vendor
//! rules. Limits are data ([`LengthLimit`]) with the vendor's document cited next to each
//! number, checked by one shared function.
//!
//! ```
//! use pushlane_plugin::sending::{lint, ElemType, Finding, Message, OfflinePushInfo, Push};
//! use pushlane_plugin::{VendorDefinition, VendorPlugin};
//!
//! fn rules(push: &Push<'_>, findings: &mut Vec<Finding>) {
//!     if push.info.android_sound.is_none() {
//!         findings.push(Finding::warning("acme_silent", "acme").why("no sound").fix("set one"));
//!     }
//! }
//! static ACME: VendorDefinition = VendorDefinition::new("acme", 900).with_sending_rules(rules);
//!
//! let target: &'static dyn VendorPlugin = &ACME;
//! let findings = lint(&OfflinePushInfo::default(), &Message::text("bob", "hi"), &[target]);
//! assert_eq!(findings[0].code, "acme_silent");
//! ```

pub use pushlane_payload::{
    lint, CallKind, ElemType, Field, Finding, IosPushType, LengthLimit, Message, OfflinePushInfo,
    Push, SendingTarget, Severity, Summaries, Unit,
};

use crate::registry::VendorPlugin;

/// What `plugin`'s own rules find about a push, as `(code, severity)` in their order (the
/// cross-vendor rules left out): the short form a vendor crate's tests compare.
///
/// ```
/// use pushlane_plugin::sending::{vendor_codes, ElemType, Message, OfflinePushInfo};
/// use pushlane_plugin::VendorDefinition;
///
/// static BARE: VendorDefinition = VendorDefinition::new("bare", 900);
/// let custom = Message::new("bob", ElemType::Custom);
/// assert_eq!(vendor_codes(&BARE, &OfflinePushInfo::default(), &custom), []);
/// ```
pub fn vendor_codes(
    plugin: &'static dyn VendorPlugin,
    info: &OfflinePushInfo,
    message: &Message,
) -> Vec<(&'static str, Severity)> {
    vendor_findings(plugin, info, message)
        .into_iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

/// What `plugin`'s own rules find about a push, in full (the cross-vendor rules left out).
pub fn vendor_findings(
    plugin: &'static dyn VendorPlugin,
    info: &OfflinePushInfo,
    message: &Message,
) -> Vec<Finding> {
    let vendor = plugin.name();
    lint(info, message, &[plugin])
        .into_iter()
        .filter(|f| f.vendor == Some(vendor))
        .collect()
}

/// `base` with its `desc` made of ASCII `a`s (one byte each) so that `rendered_len`, the size
/// of the vendor's rendering of the push, is exactly `target` bytes: the at-the-limit case of
/// a vendor's payload-size rule. `None` when even a one-byte `desc` renders larger.
pub fn sized_to(
    target: usize,
    message: &Message,
    base: OfflinePushInfo,
    rendered_len: impl Fn(&Push<'_>) -> usize,
) -> Option<OfflinePushInfo> {
    let summaries = Summaries::new();
    let size = |info: &OfflinePushInfo| rendered_len(&Push::new(info, message, &summaries));
    let mut info = OfflinePushInfo {
        desc: "a".to_string(),
        ..base
    };
    let overhead = size(&info).checked_sub(1)?;
    info.desc = "a".repeat(target.checked_sub(overhead)?);
    (size(&info) == target).then_some(info)
}

/// A vendor plugin takes part in payload lint with its own rules.
impl SendingTarget for &'static dyn VendorPlugin {
    fn vendor(&self) -> &'static str {
        self.name()
    }

    fn lint_sending(&self, push: &Push<'_>, findings: &mut Vec<Finding>) {
        VendorPlugin::lint_sending(*self, push, findings)
    }
}
