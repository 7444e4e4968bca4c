//! The plugin API of pushlane: what a vendor push channel provides to the lifecycle engine.
//!
//! This crate is small and stable on purpose (as `tracing-core` is to `tracing-subscriber`):
//! vendor crates depend on it and on nothing else of pushlane. A vendor provides
//!
//! - a [`VendorPlugin`]: its name, device-family detection (vendors.md §1), capabilities,
//!   its badge call (§3), its click normaliser (§4) and its sending-side lint rules (§5, see
//!   [`sending`]);
//! - a [`VendorConfig`] type, deserialised through `typetag` with tag `vendor` (§2);
//! - a registration through [`register_vendor!`] (inventory) and a `link()` function that
//!   the facade calls so the registration survives the linker.
//!
//! ```
//! use pushlane_plugin::{DeviceInfo, Platform};
//!
//! let device = DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V140");
//! assert!(device.manufacturer_is(&["xiaomi", "blackshark"]));
//! assert_eq!(device.prop("ro.miui.ui.version.name"), Some("V140"));
//! assert_eq!(device.platform, Platform::Android);
//! ```

pub mod badge;
pub mod click;
pub mod config;
pub mod conformance;
mod definition;
pub mod device;
mod error;
pub mod registry;
pub mod sending;

pub use badge::{BadgeCall, BadgeContext, BadgeExtra, ExtraValue, SetBadgeCall};
pub use click::{NormalisedClick, UnreadableClick};
pub use config::{
    ChannelSpec, Edition, LocalChannel, LocalNotifications, PluginConfig, VendorConfig,
};
pub use definition::VendorDefinition;
pub use device::{DeviceInfo, Platform};
pub use error::{FieldError, PluginError};
pub use registry::{Capabilities, Detection, OnVendorError, VendorPlugin, VendorRegistration};

#[doc(hidden)]
pub use inventory;
#[doc(hidden)]
pub use typetag;
