//! How an engine is built: the plugin config, the device, the linked vendors and the runtime's
//! own bounds.

use pushlane_plugin::{registry, DeviceInfo, PluginConfig, VendorPlugin};
use std::path::PathBuf;
use std::time::Duration;

/// Default bound on one host call.
pub const DEFAULT_EFFECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on waiting for in-flight host calls at shutdown.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);
/// Default capacity of the subscriber channel (a subscriber further behind loses items).
pub const DEFAULT_EVENT_CAPACITY: usize = 1024;

/// Everything an engine is built from besides its host and store.
#[non_exhaustive]
pub struct EngineConfig {
    /// The plugin config (vendors.md §2).
    pub plugin: PluginConfig,
    /// What the host knows about the device.
    pub device: DeviceInfo,
    /// The vendor plugins the machine uses. [`EngineConfig::new`] takes the ones registered in
    /// this binary; with the `pushlane` facade pass `pushlane::link_vendors()`, which also
    /// keeps their registrations from being dropped by the linker.
    pub plugins: Vec<&'static dyn VendorPlugin>,
    /// A host call that takes longer counts as failed.
    pub effect_timeout: Duration,
    /// At shutdown, in-flight host calls are awaited at most this long.
    pub shutdown_timeout: Duration,
    /// Append every input to this journal file (created or truncated at start).
    pub journal: Option<PathBuf>,
    /// Capacity of the subscriber channel.
    pub event_capacity: usize,
}

impl EngineConfig {
    pub fn new(plugin: PluginConfig, device: DeviceInfo) -> EngineConfig {
        EngineConfig {
            plugin,
            device,
            plugins: registry::registered(),
            effect_timeout: DEFAULT_EFFECT_TIMEOUT,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            journal: None,
            event_capacity: DEFAULT_EVENT_CAPACITY,
        }
    }

    pub fn with_plugins(mut self, plugins: Vec<&'static dyn VendorPlugin>) -> Self {
        self.plugins = plugins;
        self
    }

    pub fn with_effect_timeout(mut self, timeout: Duration) -> Self {
        self.effect_timeout = timeout;
        self
    }

    pub fn with_shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    pub fn with_journal(mut self, path: impl Into<PathBuf>) -> Self {
        self.journal = Some(path.into());
        self
    }

    pub fn with_event_capacity(mut self, capacity: usize) -> Self {
        self.event_capacity = capacity.max(1);
        self
    }
}

impl std::fmt::Debug for EngineConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plugins: Vec<&str> = self.plugins.iter().map(|p| p.name()).collect();
        f.debug_struct("EngineConfig")
            .field("vendors", &self.plugin.vendor_names())
            .field("device", &self.device.manufacturer)
            .field("plugins", &plugins)
            .field("effect_timeout", &self.effect_timeout)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("journal", &self.journal)
            .field("event_capacity", &self.event_capacity)
            .finish_non_exhaustive()
    }
}
