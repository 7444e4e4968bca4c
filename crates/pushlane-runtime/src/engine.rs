//! Building and starting an engine: one builder for every store, run by one tokio task.

use crate::config::{DEFAULT_EFFECT_TIMEOUT, DEFAULT_EVENT_CAPACITY, DEFAULT_SHUTDOWN_TIMEOUT};
use crate::driver::Driver;
use crate::error::RuntimeError;
use crate::handle::{EngineHandle, InputSender};
use crate::host::Host;
use crate::item::EngineItem;
use crate::journal::{Journal, JournalHeader};
use crate::outage::Outage;
use crate::task::{Bounds, Task};
use pushlane_core::Machine;
use pushlane_plugin::{registry, DeviceInfo, PluginConfig, VendorPlugin};
use pushlane_store::{MemoryStore, SqliteStore, Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// The engine: a machine and its store run by one tokio task, performing effects through a
/// [`Host`]. Start one with [`Engine::builder`]; talk to it through the [`EngineHandle`]
/// that [`EngineBuilder::start`] returns.
#[derive(Debug)]
pub enum Engine {}

impl Engine {
    /// A builder for an engine with this plugin config (vendors.md §2) on this device. It
    /// uses the vendor plugins registered in this binary; with the `pushlane` facade call
    /// `pushlane::engine(config, device)` instead, which links them.
    pub fn builder(plugin: PluginConfig, device: DeviceInfo) -> EngineBuilder {
        EngineBuilder {
            plugin,
            device,
            plugins: registry::registered(),
            store: StoreChoice::Memory,
            journal: None,
            bounds: Bounds {
                effect_timeout: DEFAULT_EFFECT_TIMEOUT,
                shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            },
            event_capacity: DEFAULT_EVENT_CAPACITY,
            events: None,
            when_unavailable: WhenStoreUnavailable::default(),
        }
    }
}

/// Where the engine keeps its persisted state (lifecycle.md §10).
pub enum StoreChoice {
    /// A SQLite file, created if missing (what an app uses). A damaged file (not a database,
    /// malformed) is moved aside (`<file>.corrupt-<unix time>`, never deleted) and the engine
    /// starts empty; its first item is warning `store_reset`. A file that is unavailable (a
    /// lock, a full disk, permissions…) is left as it is: the engine runs in memory and retries
    /// (item `store_unavailable`), or refuses to start ([`WhenStoreUnavailable`]). Another
    /// application's database, a newer schema, or a path that is not a regular file: the
    /// engine does not start.
    Sqlite(PathBuf),
    /// In memory, starting empty: nothing survives the engine (tests, demos).
    Memory,
    /// Any other [`Store`] (e.g. a `MemoryStore` with a state to start from).
    Custom(Box<dyn Store>),
}

impl StoreChoice {
    /// [`StoreChoice::Custom`] over `store`.
    pub fn custom(store: impl Store) -> StoreChoice {
        StoreChoice::Custom(Box::new(store))
    }

    fn kind(&self) -> &'static str {
        match self {
            StoreChoice::Sqlite(_) => "sqlite",
            StoreChoice::Memory => "memory",
            StoreChoice::Custom(_) => "custom",
        }
    }

    /// The store, the `store_reset` detail when a SQLite file was moved aside, and the outage
    /// (with its cause) when it is unavailable and the engine is to run in memory.
    fn open(self, when: WhenStoreUnavailable) -> Result<OpenedStore, RuntimeError> {
        let opened = |store: Box<dyn Store>, reset| OpenedStore {
            store,
            reset,
            outage: None,
        };
        Ok(match self {
            StoreChoice::Sqlite(path) => match SqliteStore::open(&path) {
                Ok(outcome) => opened(Box::new(outcome.store), outcome.reset),
                Err(err @ StoreError::Unavailable { .. })
                    if when == WhenStoreUnavailable::RunInMemory =>
                {
                    let (outage, store) = Outage::begin(path);
                    OpenedStore {
                        store,
                        reset: None,
                        outage: Some((outage, err.to_string())),
                    }
                }
                Err(err) => return Err(err.into()),
            },
            StoreChoice::Memory => opened(Box::new(MemoryStore::new()), None),
            StoreChoice::Custom(store) => opened(store, None),
        })
    }
}

/// What [`StoreChoice::open`] gives.
struct OpenedStore {
    store: Box<dyn Store>,
    reset: Option<String>,
    outage: Option<(Outage, String)>,
}

impl std::fmt::Debug for StoreChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreChoice::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            StoreChoice::Memory => f.write_str("Memory"),
            StoreChoice::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// What the engine does when its SQLite store cannot be opened for a reason outside the file
/// ([`StoreError::Unavailable`](pushlane_store::StoreError::Unavailable): another connection's
/// lock, a full disk, a read-only or unreadable file, a missing directory, an I/O error).
/// Either way the file is left as it is: nothing is reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum WhenStoreUnavailable {
    /// Start anyway, in memory, and say so (item `store_unavailable`); try the store again
    /// after 1 s, 2 s, 4 s … (capped at 60 s). Once it opens, write what changed meanwhile,
    /// restore a stored push-off the user did not change meanwhile, and say so (item
    /// `store_recovered`).
    #[default]
    RunInMemory,
    /// Do not start: [`EngineBuilder::start`] returns the store's error.
    Refuse,
}

/// How an engine is built: config, device, vendors, store, journal and bounds, then
/// [`start`](Self::start) with the host.
///
/// ```
/// # use pushlane_runtime::{Engine, StoreChoice};
/// # fn demo(plugin: pushlane_plugin::PluginConfig, device: pushlane_plugin::DeviceInfo,
/// #         dir: &std::path::Path) {
/// let builder = Engine::builder(plugin, device)
///     .store(StoreChoice::Sqlite(dir.join("push.db")))   // or StoreChoice::Memory
///     .journal(dir.join("pushlane.jsonl"));                 // optional
/// # let _ = builder;
/// # }
/// ```
pub struct EngineBuilder {
    plugin: PluginConfig,
    device: DeviceInfo,
    plugins: Vec<&'static dyn VendorPlugin>,
    store: StoreChoice,
    journal: Option<PathBuf>,
    bounds: Bounds,
    event_capacity: usize,
    events: Option<broadcast::Sender<EngineItem>>,
    when_unavailable: WhenStoreUnavailable,
}

impl EngineBuilder {
    /// The vendor plugins the machine uses (default: those registered in this binary; the
    /// facade's `pushlane::engine` passes `pushlane::link_vendors()`).
    pub fn plugins(mut self, plugins: Vec<&'static dyn VendorPlugin>) -> Self {
        self.plugins = plugins;
        self
    }

    /// Where the persisted state lives (default: [`StoreChoice::Memory`]).
    pub fn store(mut self, store: StoreChoice) -> Self {
        self.store = store;
        self
    }

    /// What [`start`](Self::start) does when the SQLite store is unavailable (default:
    /// [`WhenStoreUnavailable::RunInMemory`]).
    pub fn when_store_unavailable(mut self, when: WhenStoreUnavailable) -> Self {
        self.when_unavailable = when;
        self
    }

    /// Appends every input to this journal file (created or truncated at start).
    pub fn journal(mut self, path: impl Into<PathBuf>) -> Self {
        self.journal = Some(path.into());
        self
    }

    /// A host call that takes longer counts as failed (default 10 s).
    pub fn effect_timeout(mut self, timeout: Duration) -> Self {
        self.bounds.effect_timeout = timeout;
        self
    }

    /// At shutdown, host calls already asked for are finished at most this long (default 2 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.bounds.shutdown_timeout = timeout;
        self
    }

    /// Capacity of the subscriber channel (default 1024). Set it before
    /// [`subscribe`](Self::subscribe): the channel is made at the first subscribe (or at
    /// start) and keeps its capacity.
    pub fn event_capacity(mut self, capacity: usize) -> Self {
        self.event_capacity = capacity.max(1);
        self
    }

    /// Items from the very first one on, `store_reset` included (later subscribers use
    /// [`EngineHandle::subscribe`]).
    pub fn subscribe(&mut self) -> broadcast::Receiver<EngineItem> {
        let capacity = self.event_capacity;
        self.events
            .get_or_insert_with(|| broadcast::channel(capacity).0)
            .subscribe()
    }

    /// Opens the store, builds the machine over it, creates the journal (if any) and spawns
    /// the engine task on the current tokio runtime; engine time (`at_ms` 0) starts now. The
    /// host may be created before the engine: what it needs to send inputs comes with every
    /// call ([`Host::perform`]).
    ///
    /// Fails outside a tokio runtime ([`RuntimeError::NoRuntime`]), when the store cannot be
    /// opened or read (a corrupt SQLite file is not a failure: it is moved aside; nor is an
    /// unavailable one, unless [`WhenStoreUnavailable::Refuse`]), when the config names a
    /// vendor that is not linked, or when the journal cannot be created.
    pub fn start(self, host: Arc<dyn Host>) -> Result<EngineHandle, RuntimeError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| RuntimeError::NoRuntime)?;
        let store_kind = self.store.kind();
        let OpenedStore {
            mut store,
            reset: store_reset,
            outage,
        } = self.store.open(self.when_unavailable)?;
        let persisted = store.load()?;
        let machine = Machine::with_plugins(self.plugins, self.plugin, self.device, persisted)?;
        let mut driver = Driver::new(machine, store);
        if let Some(path) = &self.journal {
            let header = JournalHeader::for_machine(driver.machine(), store_reset.as_deref());
            driver = driver.with_journal(Journal::create(path, &header)?);
        }
        let events = self
            .events
            .unwrap_or_else(|| broadcast::channel(self.event_capacity).0);
        let (tx, rx) = mpsc::unbounded_channel();
        let sender = InputSender::new(tx.downgrade());
        let handle = EngineHandle::new(tx, events.clone());
        let (outage, unavailable) = outage.unzip();
        let task = Task::new(&runtime, driver, host, sender, events, self.bounds, outage);
        runtime.spawn(task.run(rx, store_kind, store_reset, unavailable));
        Ok(handle)
    }
}

impl std::fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plugins: Vec<&str> = self.plugins.iter().map(|p| p.name()).collect();
        f.debug_struct("EngineBuilder")
            .field("vendors", &self.plugin.vendor_names())
            .field("device", &self.device.manufacturer)
            .field("plugins", &plugins)
            .field("store", &self.store)
            .field("journal", &self.journal)
            .field("effect_timeout", &self.bounds.effect_timeout)
            .field("shutdown_timeout", &self.bounds.shutdown_timeout)
            .field("event_capacity", &self.event_capacity)
            .field("when_store_unavailable", &self.when_unavailable)
            .finish_non_exhaustive()
    }
}
