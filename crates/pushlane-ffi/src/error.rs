//! The errors that cross the boundary.

/// Everything the foreign side can be refused with. Each message names what was wrong: the
/// config field, the device key, the input JSON, the store file.
///
/// A flat error: the foreign side gets the variant and the message (Kotlin
/// `PushlaneException.Input`, Swift `PushlaneError.Input`, Python `pushlane.PushlaneError.Input`;
/// `str(e)` / `message` is the text below).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
#[non_exhaustive]
pub enum PushlaneError {
    /// The plugin config (TOML, vendors.md §2) cannot be read, or names a vendor that is not
    /// linked into this library.
    #[error("config: {0}")]
    Config(String),
    /// The device JSON (the scenario `[device]` table as JSON) cannot be read.
    #[error("device: {0}")]
    Device(String),
    /// The persisted-state JSON (what `Machine.persisted()` returned) cannot be read.
    #[error("persisted state: {0}")]
    Persisted(String),
    /// An input JSON (a trace input line without `at_ms` and `kind`) cannot be read.
    #[error("input {0}")]
    Input(String),
    /// The engine's SQLite store cannot be opened or read.
    #[error("store: {0}")]
    Store(String),
    /// The engine could not be started (its thread pool, …).
    #[error("engine: {0}")]
    Engine(String),
    /// An offline-push info, a sending-side message or a lint target cannot be read.
    #[error("payload: {0}")]
    Payload(String),
    /// The engine has stopped (`shutdown()` was called).
    #[error("the engine has stopped")]
    Closed,
}

/// What a foreign [`Host`](crate::Host) raises (throws) when a call failed. Any other
/// exception raised by `perform` counts as a failure too, with its text as the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum HostCallError {
    /// The call failed; `message` reaches `upload_failed.error`, `clear_failed.error` or the
    /// `host_failed` item (a device token in it is replaced by its fingerprint).
    #[error("{message}")]
    Failed { message: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for HostCallError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HostCallError::Failed {
            message: error.reason,
        }
    }
}
