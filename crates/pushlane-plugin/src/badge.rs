//! Launcher badge calls (vendors.md §3): data the host performs.

use crate::config::{PluginConfig, VendorConfig};
use crate::device::DeviceInfo;
use serde_json::{json, Value};

/// What a family's plugin answers when the engine wants a badge of `count`.
#[derive(Debug, Clone, PartialEq)]
pub enum BadgeCall {
    /// Perform this call (`set_badge.call`).
    Call(Value),
    /// Someone else owns the badge on this device (iOS without `app_manages_badge`: the Chat
    /// SDK); no effect, no warning.
    NotOwned,
    /// The launcher has no badge call (Meizu, unknown phones, OPPO without the privilege):
    /// no effect, warning `badge_unsupported` once.
    Unsupported,
    /// The call needs a config field that is missing: no effect, warning
    /// `badge_config_missing` once.
    ConfigMissing { field: &'static str },
}

/// What a badge call may read.
#[derive(Debug, Clone, Copy)]
pub struct BadgeContext<'a> {
    pub device: &'a DeviceInfo,
    pub config: &'a PluginConfig,
    /// The family vendor's own config entry, when that vendor is configured.
    pub vendor_config: Option<&'a dyn VendorConfig>,
}

impl<'a> BadgeContext<'a> {
    /// `package_name` and `launcher_class`, or the `ConfigMissing` answer naming the first
    /// one that is absent.
    pub fn package_and_launcher(&self) -> Result<(&'a str, &'a str), BadgeCall> {
        let package = non_blank(&self.config.package_name).ok_or(BadgeCall::ConfigMissing {
            field: "package_name",
        })?;
        let launcher = non_blank(&self.config.launcher_class).ok_or(BadgeCall::ConfigMissing {
            field: "launcher_class",
        })?;
        Ok((package, launcher))
    }

    /// The family vendor's config downcast to its concrete type.
    pub fn vendor_config_as<T: 'static>(&self) -> Option<&'a T> {
        self.vendor_config
            .and_then(|c| c.as_any().downcast_ref::<T>())
    }
}

fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// The launcher content-provider call Huawei-lineage launchers answer (`change_badge`), at the
/// given settings URI.
pub fn launcher_change_badge(uri: &str, count: u32, ctx: &BadgeContext<'_>) -> BadgeCall {
    match ctx.package_and_launcher() {
        Ok((package, launcher)) => BadgeCall::Call(json!({
            "kind": "content_provider",
            "uri": uri,
            "method": "change_badge",
            "extras": {"package": package, "class": launcher, "badgenumber": count},
        })),
        Err(missing) => missing,
    }
}
