//! The one error type of the runtime.

use pushlane_core::CoreError;
use pushlane_plugin::PluginError;
use pushlane_store::StoreError;
use std::path::PathBuf;
use thiserror::Error;

/// What can go wrong when starting, talking to, journaling or replaying an engine.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RuntimeError {
    /// The machine could not be built (a configured vendor is not linked, …).
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A plugin config (e.g. a journal header's) is unusable.
    #[error(transparent)]
    Config(#[from] PluginError),
    /// The store could not be opened or read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A journal file could not be created, written or read.
    #[error("journal {}: {source}", .path.display())]
    JournalIo {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A journal line that cannot be parsed (`line` counts from 1; line 1 is the header).
    #[error("journal line {line}: {message}")]
    Journal { line: usize, message: String },
    /// The engine has stopped (shut down, or its task ended).
    #[error("the engine has stopped")]
    Closed,
    /// `EngineBuilder::start` was called outside a tokio runtime.
    #[error("no tokio runtime: start the engine from within a tokio runtime")]
    NoRuntime,
}
