//! The in-memory store, for tests.

use crate::{Store, StoreError};
use pushlane_core::{PersistedState, StoreWrite};
use std::path::PathBuf;

/// The name an in-memory store goes by in error messages.
pub(crate) const MEMORY_PATH: &str = ":memory:";

/// A [`Store`] kept in memory: nothing survives the process. For tests, it can be told to fail
/// its next writes (or loads), leaving its state as it was.
///
/// ```
/// use pushlane_core::StoreWrite;
/// use pushlane_store::{MemoryStore, Store};
///
/// let mut store = MemoryStore::failing_writes(1);
/// let write = StoreWrite::PushEnabled { enabled: false };
/// assert!(store.apply(&write).is_err()); // injected failure: nothing applied
/// assert!(store.state().push_enabled);
/// store.apply(&write).unwrap();
/// assert!(!store.state().push_enabled);
/// ```
#[derive(Default, Debug, Clone)]
pub struct MemoryStore {
    state: PersistedState,
    applied: Vec<StoreWrite>,
    fail_writes: u32,
    fail_loads: u32,
}

impl MemoryStore {
    /// An empty store (the same as [`MemoryStore::default`]).
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A store that already holds `state`.
    pub fn with_state(state: PersistedState) -> Self {
        MemoryStore {
            state,
            ..MemoryStore::default()
        }
    }

    /// An empty store whose first `n` writes fail.
    pub fn failing_writes(n: u32) -> Self {
        MemoryStore {
            fail_writes: n,
            ..MemoryStore::default()
        }
    }

    /// Makes the next `n` calls of [`Store::apply`] fail with [`StoreError::Write`], applying
    /// nothing (replaces any count set before; `u32::MAX` is as good as "always").
    pub fn fail_next_writes(&mut self, n: u32) {
        self.fail_writes = n;
    }

    /// Makes the next `n` calls of [`Store::load`] fail with [`StoreError::Read`].
    pub fn fail_next_loads(&mut self, n: u32) {
        self.fail_loads = n;
    }

    /// What the store holds now.
    pub fn state(&self) -> &PersistedState {
        &self.state
    }

    /// What the store holds, by value.
    pub fn into_state(self) -> PersistedState {
        self.state
    }

    /// Every write applied successfully so far, in order (failed ones are not included).
    pub fn applied(&self) -> &[StoreWrite] {
        &self.applied
    }
}

impl Store for MemoryStore {
    fn load(&mut self) -> Result<PersistedState, StoreError> {
        if self.fail_loads > 0 {
            self.fail_loads -= 1;
            return Err(StoreError::Read {
                path: PathBuf::from(MEMORY_PATH),
                what: "state",
                source: "injected failure (MemoryStore::fail_next_loads)".into(),
            });
        }
        Ok(self.state.clone())
    }

    fn apply(&mut self, write: &StoreWrite) -> Result<(), StoreError> {
        if self.fail_writes > 0 {
            self.fail_writes -= 1;
            return Err(StoreError::Write {
                path: PathBuf::from(MEMORY_PATH),
                what: crate::sqlite::what_of(write),
                source: "injected failure (MemoryStore::fail_next_writes)".into(),
            });
        }
        self.state.apply(write);
        self.applied.push(write.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane_core::UploadRecord;

    fn record() -> UploadRecord {
        UploadRecord {
            user_id: "alice".into(),
            vendor: "huawei".into(),
            business_id: 12,
            token: "secret-token-value".into(),
        }
    }

    #[test]
    fn applies_every_kind_of_write() {
        let mut store = MemoryStore::new();
        assert_eq!(store.load().unwrap(), PersistedState::default());
        let writes = [
            StoreWrite::Token {
                vendor: "huawei".into(),
                token: "t1".into(),
            },
            StoreWrite::UploadRecord {
                record: Some(record()),
            },
            StoreWrite::PushEnabled { enabled: false },
        ];
        for write in &writes {
            store.apply(write).unwrap();
        }
        let state = store.load().unwrap();
        assert_eq!(state.tokens.get("huawei").map(String::as_str), Some("t1"));
        assert_eq!(state.upload_record, Some(record()));
        assert!(!state.push_enabled);
        assert_eq!(store.applied(), &writes);

        store
            .apply(&StoreWrite::UploadRecord { record: None })
            .unwrap();
        assert_eq!(store.state().upload_record, None);
    }

    #[test]
    fn a_pending_upload_is_kept_until_its_record_or_its_clearing() {
        let mut store = MemoryStore::new();
        let pending = StoreWrite::UploadPending {
            record: Some(record()),
        };
        store.apply(&pending).unwrap();
        assert_eq!(store.state().upload_pending, Some(record()));
        store
            .apply(&StoreWrite::UploadRecord {
                record: Some(record()),
            })
            .unwrap();
        assert_eq!(store.state().upload_pending, None);
        assert_eq!(store.state().upload_record, Some(record()));
        store.apply(&pending).unwrap();
        store
            .apply(&StoreWrite::UploadPending { record: None })
            .unwrap();
        assert_eq!(store.state().upload_pending, None);
        assert_eq!(store.state().upload_record, Some(record()));
    }

    #[test]
    fn failing_writes_return_err_and_keep_the_old_state() {
        let mut old = PersistedState::default();
        old.tokens.insert("fcm".into(), "old".into());
        let mut store = MemoryStore::with_state(old.clone());
        store.fail_next_writes(2);
        let write = StoreWrite::Token {
            vendor: "fcm".into(),
            token: "secret-token-value".into(),
        };
        for _ in 0..2 {
            let err = store.apply(&write).unwrap_err();
            let message = err.to_string();
            assert!(message.contains("cannot write token"), "{message}");
            assert!(!message.contains("secret-token-value"), "{message}");
            assert_eq!(store.load().unwrap(), old);
        }
        assert!(store.applied().is_empty());
        store.apply(&write).unwrap();
        assert_eq!(store.state().tokens["fcm"], "secret-token-value");
    }

    #[test]
    fn failing_writes_constructor_and_failing_loads() {
        let mut store = MemoryStore::failing_writes(1);
        let write = StoreWrite::PushEnabled { enabled: false };
        assert!(matches!(
            store.apply(&write),
            Err(StoreError::Write {
                what: "push preference",
                ..
            })
        ));
        store.apply(&write).unwrap();

        store.fail_next_loads(1);
        assert!(matches!(store.load(), Err(StoreError::Read { .. })));
        assert!(!store.load().unwrap().push_enabled);
        assert!(!store.into_state().push_enabled);
    }
}
