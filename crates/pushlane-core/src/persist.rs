//! What persists (lifecycle.md §10), and the writes the machine asks for as data.
//!
//! The machine is built over a [`PersistedState`] and never writes anything itself: every change
//! comes out as an [`Output::Persist`](crate::Output::Persist) carrying a [`StoreWrite`], *before*
//! the effect or event that depends on it, so a runtime that applies outputs in order has written
//! the store before the host sees the effect (invariant 5).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The (user, vendor, business id, token) that is on the Chat server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRecord {
    pub user_id: String,
    pub vendor: String,
    pub business_id: u32,
    pub token: String,
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
    /// The upload record is now this (`None`: nothing of this device is on the server).
    UploadRecord { record: Option<UploadRecord> },
    /// The push preference changed.
    PushEnabled { enabled: bool },
}

impl PersistedState {
    /// Applies one write (what a store does, in memory).
    pub fn apply(&mut self, write: &StoreWrite) {
        match write {
            StoreWrite::Token { vendor, token } => {
                self.tokens.insert(vendor.clone(), token.clone());
            }
            StoreWrite::UploadRecord { record } => self.upload_record = record.clone(),
            StoreWrite::PushEnabled { enabled } => self.push_enabled = *enabled,
        }
    }
}
