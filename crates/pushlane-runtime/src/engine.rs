//! Building and starting an engine: machine + store + host, run by one tokio task.

use crate::config::EngineConfig;
use crate::driver::Driver;
use crate::error::RuntimeError;
use crate::handle::EngineHandle;
use crate::host::Host;
use crate::item::EngineItem;
use crate::journal::{Journal, JournalHeader};
use crate::task::Task;
use pushlane_core::Machine;
use pushlane_store::{SqliteStore, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// An engine that is built but not running yet: subscribe before [`spawn`](Self::spawn) to see
/// everything from the first item on (a `store_reset` warning comes first).
pub struct Engine<S: Store> {
    driver: Driver<S>,
    host: Arc<dyn Host>,
    events: broadcast::Sender<EngineItem>,
    effect_timeout: Duration,
    shutdown_timeout: Duration,
    journal: Option<PathBuf>,
    store_reset: Option<String>,
}

impl<S: Store> Engine<S> {
    /// Loads the store and builds the machine over it.
    pub fn new(
        config: EngineConfig,
        host: Arc<dyn Host>,
        mut store: S,
    ) -> Result<Engine<S>, RuntimeError> {
        let persisted = store.load()?;
        let machine =
            Machine::with_plugins(config.plugins, config.plugin, config.device, persisted)?;
        let (events, _) = broadcast::channel(config.event_capacity.max(1));
        Ok(Engine {
            driver: Driver::new(machine, store),
            host,
            events,
            effect_timeout: config.effect_timeout,
            shutdown_timeout: config.shutdown_timeout,
            journal: config.journal,
            store_reset: None,
        })
    }

    /// Builds and spawns at once (see [`Engine::new`], [`Engine::spawn`]).
    pub fn start(
        config: EngineConfig,
        host: Arc<dyn Host>,
        store: S,
    ) -> Result<EngineHandle, RuntimeError> {
        Engine::new(config, host, store)?.spawn()
    }

    /// The store was moved aside and this one starts empty: the engine emits warning
    /// `store_reset` with this detail before anything else.
    pub fn with_store_reset(mut self, detail: impl Into<String>) -> Self {
        self.store_reset = Some(detail.into());
        self
    }

    /// Items from the first one on (see [`EngineHandle::subscribe`]).
    pub fn subscribe(&self) -> broadcast::Receiver<EngineItem> {
        self.events.subscribe()
    }

    /// The machine as built (status before any input, persisted state loaded).
    pub fn machine(&self) -> &Machine {
        self.driver.machine()
    }

    /// Creates the journal (if configured) and spawns the engine task on the current tokio
    /// runtime. Engine time starts now.
    pub fn spawn(self) -> Result<EngineHandle, RuntimeError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| RuntimeError::NoRuntime)?;
        let mut driver = self.driver;
        if let Some(path) = &self.journal {
            let header = JournalHeader::for_machine(driver.machine(), self.store_reset.as_deref());
            driver = driver.with_journal(Journal::create(path, &header)?);
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let handle = EngineHandle::new(tx, self.events.clone());
        let task = Task::new(
            driver,
            self.host,
            self.events,
            self.effect_timeout,
            self.shutdown_timeout,
        );
        runtime.spawn(task.run(rx, self.store_reset));
        Ok(handle)
    }
}

impl Engine<SqliteStore> {
    /// Opens (or creates) the SQLite store at `path` and builds the engine over it. A file that
    /// cannot be opened or read is moved aside by the store (`<file>.corrupt-<unix time>`) and
    /// the engine starts empty with warning `store_reset`.
    pub fn open_sqlite(
        config: EngineConfig,
        host: Arc<dyn Host>,
        path: &Path,
    ) -> Result<Engine<SqliteStore>, RuntimeError> {
        let outcome = SqliteStore::open(path)?;
        let engine = Engine::new(config, host, outcome.store)?;
        Ok(match outcome.reset {
            Some(detail) => engine.with_store_reset(detail),
            None => engine,
        })
    }
}
