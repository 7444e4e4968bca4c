//! Persistence for pushlane (lifecycle.md §10): the last token per vendor, the upload record
//! while it is on the server, the upload waiting for its result (it may be on the server), and
//! the push preference.
//!
//! [`Store`] is what the runtime needs: load everything once at start, then apply each
//! [`StoreWrite`] the machine emits, in order, each in one transaction. [`SqliteStore`] keeps it
//! in an embedded SQLite file (WAL, versioned schema); [`MemoryStore`] keeps it in memory for
//! tests.
//!
//! ```
//! use pushlane_store::{MemoryStore, Store};
//! use pushlane_core::StoreWrite;
//!
//! let mut store = MemoryStore::default();
//! store.apply(&StoreWrite::PushEnabled { enabled: false }).unwrap();
//! assert!(!store.load().unwrap().push_enabled);
//! ```

mod error;
mod memory;
mod sqlite;

pub use error::{StoreError, UnavailableCause};
pub use memory::MemoryStore;
pub use sqlite::{OpenOutcome, SqliteStore};

use pushlane_core::{PersistedState, StoreWrite};

/// Where the engine's persisted state lives.
pub trait Store: Send + 'static {
    /// Everything stored, as the machine is built over it.
    fn load(&mut self) -> Result<PersistedState, StoreError>;

    /// Applies one write durably (one transaction). On error nothing of it is applied.
    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError>;
}

impl<S: Store + ?Sized> Store for Box<S> {
    fn load(&mut self) -> Result<PersistedState, StoreError> {
        (**self).load()
    }

    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError> {
        (**self).apply(write)
    }
}
