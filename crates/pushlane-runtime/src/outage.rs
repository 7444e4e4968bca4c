//! Running without the SQLite store while it is unavailable (a lock, a full disk, permissions,
//! a missing directory: [`StoreError::Unavailable`]) and writing through once it is back.
//!
//! While the store is unavailable the driver writes to a [`PendingStore`]: in memory, keeping
//! the last value of each key written (a token per vendor, the upload record, the pending
//! upload, the preference), so it stays small however long the outage lasts. The machine
//! started from an empty state, so it took push as enabled. The engine tries the store again
//! after 1 s, 2 s, 4 s … (capped at 60 s; [`backoff_ms`]), on engine time, each attempt off the
//! engine's thread. When it opens: the pending values are written to it, the user's preference
//! too if they set one during the outage, and if the store held push switched off and the user
//! did not set it meanwhile, the engine feeds the machine `push_enabled {enabled: false}`
//! (persisting it again, and clearing a token it uploaded meanwhile). The stored preference is
//! never overwritten by the in-memory default. What changed during an outage that outlives the
//! process is lost; the store itself is as it was.

use crate::timers::Clock;
use pushlane_core::{backoff_ms, PersistedState, StoreWrite, UploadRecord};
use pushlane_store::{OpenOutcome, SqliteStore, Store, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::task::{JoinError, JoinSet};

/// What was written while the store was away: the last value of each key.
#[derive(Debug, Default)]
struct Pending {
    state: PersistedState,
    tokens: BTreeMap<String, String>,
    record: Option<Option<UploadRecord>>,
    upload_pending: Option<Option<UploadRecord>>,
}

/// The store the driver writes to during an outage (shared with the [`Outage`]).
struct PendingStore(Arc<Mutex<Pending>>);

fn lock(pending: &Mutex<Pending>) -> MutexGuard<'_, Pending> {
    // Only this engine's task uses it; a panic elsewhere leaves nothing half-written.
    pending
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Store for PendingStore {
    fn load(&mut self) -> Result<PersistedState, StoreError> {
        Ok(lock(&self.0).state.clone())
    }

    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError> {
        let mut pending = lock(&self.0);
        pending.state.apply(write);
        match write {
            StoreWrite::Token { vendor, token } => {
                pending.tokens.insert(vendor.clone(), token.clone());
            }
            StoreWrite::UploadRecord { record } => {
                // A record is the pending upload's result: written at recovery, it forgets the
                // stored pending upload too.
                if record.is_some() {
                    pending.upload_pending = None;
                }
                pending.record = Some(record.clone());
            }
            StoreWrite::UploadPending { record } => {
                pending.upload_pending = Some(record.clone());
            }
            // Written from `state` at recovery, when the user set it (see `Outage::note`).
            StoreWrite::PushEnabled { .. } => {}
        }
        Ok(())
    }
}

/// What the engine should do next about the store.
pub(crate) enum OutageEvent {
    /// Time to try opening it again.
    RetryDue,
    /// An attempt finished.
    Opened(Result<OpenOutcome, StoreError>),
}

/// The store once it is back, with what the engine does next.
pub(crate) struct Recovery {
    pub store: SqliteStore,
    /// The detail of a `store_reset`, when the file turned out damaged and was moved aside.
    pub reset: Option<String>,
    /// How many pending values were written.
    pub writes: usize,
    /// The store held push switched off and the user did not set it during the outage.
    pub restore_push_off: bool,
}

/// A store that could not be opened: where it is, what is pending, when to try again.
pub(crate) struct Outage {
    path: PathBuf,
    pending: Arc<Mutex<Pending>>,
    /// Failed attempts so far (the one at start included).
    failures: u32,
    /// When to try next (engine ms); `None` while an attempt runs.
    retry_at_ms: Option<u64>,
    /// The user sent `push_enabled` during the outage.
    preference_set: bool,
    opening: JoinSet<Result<OpenOutcome, StoreError>>,
}

impl Outage {
    /// The store at `path` could not be opened at start: the outage, and the store the driver
    /// writes to meanwhile.
    pub fn begin(path: PathBuf) -> (Outage, Box<dyn Store>) {
        let pending = Arc::new(Mutex::new(Pending::default()));
        let outage = Outage {
            path,
            pending: pending.clone(),
            failures: 0,
            retry_at_ms: None,
            preference_set: false,
            opening: JoinSet::new(),
        };
        (outage, Box::new(PendingStore(pending)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An attempt failed (or the one at start) at `now_ms`: the next is due after the backoff,
    /// which is returned.
    pub fn failed(&mut self, now_ms: u64) -> u64 {
        self.failures = self.failures.saturating_add(1);
        let retry_in_ms = backoff_ms(self.failures);
        self.retry_at_ms = Some(now_ms.saturating_add(retry_in_ms));
        retry_in_ms
    }

    /// Notes an input: a `push_enabled` is the user's choice, written over the stored one.
    pub fn note(&mut self, input: &pushlane_core::Input) {
        if matches!(input, pushlane_core::Input::PushEnabled { .. }) {
            self.preference_set = true;
        }
    }

    /// Starts an attempt to open the store, off the engine's thread (opening may wait for a
    /// lock or a slow disk).
    pub fn retry(&mut self) {
        self.retry_at_ms = None;
        let path = self.path.clone();
        self.opening
            .spawn_blocking(move || SqliteStore::open(&path));
    }

    /// Writes what is pending to the store that opened, and says what follows. An error
    /// (the store failed again) leaves everything pending.
    pub fn recover(&self, outcome: OpenOutcome) -> Result<Recovery, StoreError> {
        let OpenOutcome { mut store, reset } = outcome;
        let stored = store.load()?;
        let pending = lock(&self.pending);
        let mut writes: Vec<StoreWrite> = pending
            .tokens
            .iter()
            .map(|(vendor, token)| StoreWrite::Token {
                vendor: vendor.clone(),
                token: token.clone(),
            })
            .collect();
        if let Some(record) = &pending.record {
            writes.push(StoreWrite::UploadRecord {
                record: record.clone(),
            });
        }
        if let Some(record) = &pending.upload_pending {
            writes.push(StoreWrite::UploadPending {
                record: record.clone(),
            });
        }
        if self.preference_set {
            writes.push(StoreWrite::PushEnabled {
                enabled: pending.state.push_enabled,
            });
        }
        for write in &writes {
            store.apply(write)?;
        }
        Ok(Recovery {
            store,
            reset,
            writes: writes.len(),
            restore_push_off: !stored.push_enabled && !self.preference_set,
        })
    }
}

/// Waits for what comes next about the store: an attempt finishing, or the next one due.
/// Pending forever when there is no outage.
pub(crate) async fn next(outage: &mut Option<Outage>, clock: Clock) -> OutageEvent {
    let Some(outage) = outage.as_mut() else {
        return std::future::pending().await;
    };
    if let Some(joined) = outage.opening.join_next().await {
        return OutageEvent::Opened(joined.unwrap_or_else(|e| Err(join_failure(&outage.path, e))));
    }
    match outage.retry_at_ms {
        Some(at_ms) => {
            tokio::time::sleep_until(clock.instant_at(at_ms)).await;
            OutageEvent::RetryDue
        }
        None => std::future::pending().await,
    }
}

fn join_failure(path: &Path, err: JoinError) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        source: format!("the attempt to open the store did not finish: {err}").into(),
    }
}
