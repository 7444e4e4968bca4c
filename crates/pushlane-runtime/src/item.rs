//! What subscribers receive: every input, effect and event of the engine, with its time.

use crate::redact::{redact_effect, redact_input};
use pushlane_core::{trace_object, Effect, Event, Input, Output};
use serde_json::{json, Value};

/// One thing that happened in the engine.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// An input the engine handled: one a handle or sender sent, or one the engine made itself
    /// (`timer`, `effect_done`).
    Input(Input),
    /// An effect the machine emitted, published when emitted: the host performs it at once
    /// (`upload_token`/`clear_token`) or when its turn in the ordered calls comes;
    /// `arm_timer`/`cancel_timer` are run by the engine.
    Effect(Effect),
    /// An event the machine (or the runtime: `store_error`) emitted.
    Event(Event),
    /// A host call without a result (`set_badge`, `register_vendor`, …) failed or timed out.
    /// Failures of `upload_token`/`clear_token` come as `upload_failed`/`clear_failed` instead.
    HostFailed { effect: String, error: String },
    /// Only in replays of journals that `pushlane simulate` wrote: the engine process died
    /// here and a new engine opened the same store (the simulator's `restart`).
    Restart,
    /// The SQLite store cannot be opened for a reason outside the file (a lock, a full disk,
    /// permissions, a missing directory: `cause` says which, and what to do). Nothing was
    /// reset: the engine runs on in memory and tries the store again in `retry_in_ms`. Sent
    /// at start and after every failed retry.
    StoreUnavailable {
        path: std::path::PathBuf,
        cause: String,
        retry_in_ms: u64,
    },
    /// The store opened again: what changed while it was unavailable (`writes`) is in it now.
    /// If it holds push switched off and the user did not switch push during the outage, an
    /// input `push_enabled {enabled: false}` follows, so a token uploaded meanwhile is cleared.
    StoreRecovered {
        path: std::path::PathBuf,
        writes: usize,
    },
}

/// An [`Item`] and the engine time it happened at (ms since the engine started).
#[derive(Debug, Clone, PartialEq)]
pub struct EngineItem {
    pub at_ms: u64,
    pub item: Item,
}

impl EngineItem {
    pub fn effect(&self) -> Option<&Effect> {
        match &self.item {
            Item::Effect(e) => Some(e),
            _ => None,
        }
    }

    pub fn event(&self) -> Option<&Event> {
        match &self.item {
            Item::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The effect or event as a machine [`Output`] (what [`crate::replay`] yields); `None` for
    /// inputs and host failures.
    pub fn output(&self) -> Option<Output> {
        match &self.item {
            Item::Effect(e) => Some(Output::Effect(e.clone())),
            Item::Event(e) => Some(Output::Event(e.clone())),
            _ => None,
        }
    }

    /// The same item with device tokens replaced by fingerprints.
    pub fn redacted(&self) -> EngineItem {
        let item = match &self.item {
            Item::Input(i) => Item::Input(redact_input(i)),
            Item::Effect(e) => Item::Effect(redact_effect(e)),
            other => other.clone(),
        };
        EngineItem {
            at_ms: self.at_ms,
            item,
        }
    }

    /// The trace line of scenario.md (`{"at_ms","kind","type",…}`; kind `input`, `effect`,
    /// `event`, `host_failed`, or `engine` for the runtime's own `store_unavailable` and
    /// `store_recovered`). Tokens are included as they are: call
    /// [`redacted`](Self::redacted) first for anything that is stored or shown.
    pub fn trace_line(&self) -> Value {
        let (kind, body) = match &self.item {
            Item::Input(i) => ("input", serde_json::to_value(i).unwrap_or(Value::Null)),
            Item::Effect(e) => ("effect", serde_json::to_value(e).unwrap_or(Value::Null)),
            Item::Event(e) => ("event", serde_json::to_value(e).unwrap_or(Value::Null)),
            Item::HostFailed { effect, error } => {
                ("host_failed", json!({"type": effect, "error": error}))
            }
            Item::Restart => ("input", json!({"type": "restart"})),
            Item::StoreUnavailable {
                path,
                cause,
                retry_in_ms,
            } => (
                "engine",
                json!({
                    "type": "store_unavailable",
                    "path": path.display().to_string(),
                    "cause": cause,
                    "retry_in_ms": retry_in_ms,
                }),
            ),
            Item::StoreRecovered { path, writes } => (
                "engine",
                json!({
                    "type": "store_recovered",
                    "path": path.display().to_string(),
                    "writes": writes,
                }),
            ),
        };
        trace_object(self.at_ms, kind, body)
    }
}
