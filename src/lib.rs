//! pushlane: the offline-push lifecycle engine for chat apps.
//!
//! This facade links the vendor plugins chosen by cargo features (`apns`, `fcm`, `huawei`,
//! `honor`, `xiaomi`, `oppo`, `vivo`, `meizu`; all on by default) and re-exports the core.
//! Always build machines through it (or call [`link_vendors`] first): a vendor crate that
//! nothing references is dropped by the linker together with its inventory registration.
//!
//! ```
//! use pushlane::{DeviceInfo, Input, PersistedState, PluginConfig};
//!
//! let config = PluginConfig::from_toml_str(r#"
//!     edition = "china"
//!     [[vendors]]
//!     vendor = "xiaomi"
//!     business_id = 10001
//!     app_id = "2882303761517000000"
//!     app_key = "5731700000000"
//! "#).unwrap();
//! let device = DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V140");
//! let mut machine = pushlane::machine(config, device, PersistedState::default()).unwrap();
//! machine.handle_input(0, Input::SdkInitialized);
//! machine.handle_input(100, Input::PluginInit);
//! assert_eq!(machine.status().vendor.as_deref(), Some("xiaomi"));
//! ```

pub use pushlane_core::*;

// The examples of README.md and docs/runtime.md are compiled and run as doctests of this crate.
#[cfg(all(doctest, feature = "runtime"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
#[cfg(all(doctest, feature = "runtime"))]
#[doc = include_str!("../docs/runtime.md")]
struct RuntimeDocDoctests;
pub use pushlane_plugin::{
    BadgeCall, BadgeExtra, ChannelSpec, DeviceInfo, Edition, ExtraValue, LocalNotifications,
    Platform, PluginConfig, PluginError, SetBadgeCall, VendorConfig, VendorPlugin,
};

/// The sending side: `OfflinePushInfo`, its builder, payload lint, Chat REST API bodies and
/// call invitations. Lint with the vendors linked into this build through [`sending_targets`].
pub use pushlane_payload as payload;

/// The linked vendor plugins named in `vendors`, in the fixed order, for
/// [`payload::lint`]; an empty list means every linked vendor. A name that is not linked is
/// an error listing the linked ones.
///
/// ```
/// use pushlane::payload::{lint, ElemType, Message, OfflinePushInfo};
///
/// let targets = pushlane::sending_targets(&["oppo"]).unwrap();
/// let info = OfflinePushInfo { desc: "hi".into(), ext: "not json".into(), ..Default::default() };
/// let findings = lint(&info, &Message::text("alice", "hi"), &targets);
/// assert!(findings.iter().any(|f| f.code == "ext_not_json" && f.vendor == Some("oppo")));
/// let unknown = pushlane::sending_targets(&["nokia"]).err().unwrap();
/// assert!(unknown.to_string().contains("linked: "));
/// ```
pub fn sending_targets<S: AsRef<str>>(
    vendors: &[S],
) -> Result<Vec<&'static dyn VendorPlugin>, PluginError> {
    let linked = link_vendors();
    if vendors.is_empty() {
        return Ok(linked);
    }
    let mut targets = Vec::new();
    for name in vendors {
        let name = name.as_ref();
        match linked.iter().find(|p| p.name() == name) {
            Some(plugin) => targets.push(*plugin),
            None => {
                return Err(PluginError::NotLinked {
                    vendor: name.to_string(),
                    linked: linked.iter().map(|p| p.name().to_string()).collect(),
                })
            }
        }
    }
    pushlane_plugin::registry::sort_plugins(&mut targets);
    Ok(targets)
}

/// The tokio engine a host embeds (feature `runtime`, on by default).
#[cfg(feature = "runtime")]
pub use pushlane_runtime as runtime;
/// The SQLite and in-memory stores (feature `runtime`).
#[cfg(feature = "runtime")]
pub use pushlane_store as store;

/// An engine builder over the vendors linked into this build (feature `runtime`):
/// `Engine::builder(plugin, device).plugins(link_vendors())`. Go on with `.store(…)`,
/// `.journal(…)`, …, `.start(host)`.
#[cfg(feature = "runtime")]
pub fn engine(plugin: PluginConfig, device: DeviceInfo) -> runtime::EngineBuilder {
    runtime::Engine::builder(plugin, device).plugins(link_vendors())
}

/// The vendor plugins linked into this build, in their fixed order. Calling it references
/// every enabled vendor crate, so their registrations survive the linker.
pub fn link_vendors() -> Vec<&'static dyn VendorPlugin> {
    #[allow(unused_mut)]
    let mut plugins: Vec<&'static dyn VendorPlugin> = vec![
        #[cfg(feature = "apns")]
        pushlane_apns::link(),
        #[cfg(feature = "fcm")]
        pushlane_fcm::link(),
        #[cfg(feature = "huawei")]
        pushlane_huawei::link(),
        #[cfg(feature = "honor")]
        pushlane_honor::link(),
        #[cfg(feature = "xiaomi")]
        pushlane_xiaomi::link(),
        #[cfg(feature = "oppo")]
        pushlane_oppo::link(),
        #[cfg(feature = "vivo")]
        pushlane_vivo::link(),
        #[cfg(feature = "meizu")]
        pushlane_meizu::link(),
    ];
    pushlane_plugin::registry::sort_plugins(&mut plugins);
    plugins
}

/// Links the vendors and checks that each one's inventory registration is present.
pub fn linked_vendors() -> Result<Vec<&'static dyn VendorPlugin>, CoreError> {
    let plugins = link_vendors();
    pushlane_plugin::registry::ensure_registered(&plugins)?;
    Ok(plugins)
}

/// Parses a plugin config (TOML) against the vendors linked into this build.
pub fn parse_config_toml(text: &str) -> Result<PluginConfig, PluginError> {
    let _ = link_vendors();
    PluginConfig::from_toml_str(text)
}

/// Parses a plugin config (JSON) against the vendors linked into this build.
pub fn parse_config_json(text: &str) -> Result<PluginConfig, PluginError> {
    let _ = link_vendors();
    PluginConfig::from_json_str(text)
}

/// Builds a machine over the vendors linked into this build. Fails when the config names a
/// vendor that is not linked, naming it and listing the linked ones.
pub fn machine(
    config: PluginConfig,
    device: DeviceInfo,
    persisted: PersistedState,
) -> Result<Machine, CoreError> {
    Machine::with_plugins(linked_vendors()?, config, device, persisted)
}
