use thiserror::Error;

/// Errors of the core: a machine that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The config names a vendor whose plugin is not linked into this build.
    #[error(
        "config names vendor `{vendor}`, which is not linked into this build (linked: {})",
        pushlane_plugin::PluginError::linked_list(linked)
    )]
    VendorNotLinked { vendor: String, linked: Vec<String> },
    /// The plugin config is unusable.
    #[error(transparent)]
    Config(#[from] pushlane_plugin::PluginError),
    /// The device description is unusable: a field the spec needs is empty.
    #[error("device.{field}: {problem}")]
    Device {
        field: &'static str,
        problem: String,
    },
}
