//! What persists (lifecycle.md §10), and the writes the machine asks for as data.
//!
//! The machine is built over a [`PersistedState`] and never writes anything itself: every change
//! comes out as an [`Output::Persist`](crate::Output::Persist) carrying a [`StoreWrite`], *before*
//! the effect or event that depends on it, so a runtime that applies outputs in order has written
//! the store before the host sees the effect (invariant 5).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The (user, vendor, business id, token) that is on the Chat server.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRecord {
    pub user_id: String,
    pub vendor: String,
    pub business_id: u32,
    pub token: String,
}

impl Clone for UploadRecord {
    fn clone(&self) -> Self {
        UploadRecord {
            user_id: self.user_id.clone(),
            vendor: self.vendor.clone(),
            business_id: self.business_id,
            token: self.token.clone(),
        }
    }

    /// Field by field, so that the store's copy of a record reuses its strings' buffers.
    fn clone_from(&mut self, source: &Self) {
        self.user_id.clone_from(&source.user_id);
        self.vendor.clone_from(&source.vendor);
        self.business_id = source.business_id;
        self.token.clone_from(&source.token);
    }
}

/// Everything the store holds for one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistedState {
    /// The last token per vendor.
    #[serde(default)]
    pub tokens: BTreeMap<String, String>,
    /// The upload record while it is on the server.
    #[serde(default)]
    pub upload_record: Option<UploadRecord>,
    /// The upload that went out and whose result has not come back: it may be on the server.
    /// Written before its `upload_token` goes out, forgotten when its result comes (a success
    /// turns it into [`upload_record`](Self::upload_record)), when its user's session ends, and
    /// when a clear for its user succeeds. Found after a restart, it means the process died
    /// waiting: with push disabled its user's next login clears it (lifecycle.md §6, §10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_pending: Option<UploadRecord>,
    /// The user's push preference (`push_enabled`); on unless switched off.
    #[serde(default = "yes")]
    pub push_enabled: bool,
}

fn yes() -> bool {
    true
}

impl Default for PersistedState {
    fn default() -> Self {
        PersistedState {
            tokens: BTreeMap::new(),
            upload_record: None,
            upload_pending: None,
            push_enabled: true,
        }
    }
}

/// One change to the persisted state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StoreWrite {
    /// The vendor reported this token.
    Token { vendor: String, token: String },
    /// The upload record is now this (`None`: nothing of this device is on the server). A
    /// record (`Some`) is the result of the pending upload, so it also forgets
    /// [`UploadPending`](StoreWrite::UploadPending), in the same write.
    UploadRecord { record: Option<UploadRecord> },
    /// This upload is going out and may be on the server before its result comes (`None`: no
    /// upload is waiting for its result).
    UploadPending { record: Option<UploadRecord> },
    /// The push preference changed.
    PushEnabled { enabled: bool },
}

impl PersistedState {
    /// Applies one write (what a store does, in memory). The copies reuse the buffers of what
    /// they replace.
    pub fn apply(&mut self, write: &StoreWrite) {
        match write {
            StoreWrite::Token { vendor, token } => match self.tokens.get_mut(vendor) {
                Some(stored) => stored.clone_from(token),
                None => {
                    self.tokens.insert(vendor.clone(), token.clone());
                }
            },
            StoreWrite::UploadRecord { record } => {
                if record.is_some() {
                    self.upload_pending = None;
                }
                self.upload_record.clone_from(record);
            }
            StoreWrite::UploadPending { record } => self.upload_pending.clone_from(record),
            StoreWrite::PushEnabled { enabled } => self.push_enabled = *enabled,
        }
    }
}
