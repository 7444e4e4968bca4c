//! The UniFFI surface of pushlane, for Kotlin, Swift and Python (namespace `pushlane`).
//!
//! It is thin: it reads and writes JSON and calls the Rust API. Nothing here decides anything
//! about the lifecycle.
//!
//! - [`Machine`]: the sans-IO core (`handle(now_ms, input_json)` → outputs, `persisted()`,
//!   `status()`), for hosts that run their own clock, timers and store.
//! - [`Engine`]: the tokio runtime with the SQLite store and its own timers, performing
//!   effects through a foreign [`Host`]; [`EventListener`] subscribes to its items.
//! - [`build_push_info`] and [`lint_push`]: the sending side, for servers and tools (the
//!   offline-push info TUIKit would attach to a message, and its lint findings).
//! - [`PushlaneError`]: every refusal, with a message naming what was wrong;
//!   [`HostCallError`]: what a host raises when a call failed.
//!
//! JSON crosses the boundary in the shapes of the trace format (docs/scenario.md): an input is
//! a trace input line without `at_ms` and `kind` (`{"type":"login","user_id":"alice"}`), an
//! output of `Machine.handle` is a trace effect or event line without `at_ms`
//! (`{"kind":"effect","type":"register_vendor","vendor":"xiaomi"}`), the effect a host performs
//! has neither `at_ms` nor `kind` nor `effect_id`, and a subscriber's item is a whole trace line.
//! The device is the scenario `[device]` table as JSON; the config is the plugin config's TOML.
//!
//! Every vendor of the facade's default features is linked: each entry point calls
//! `pushlane::link_vendors()` (through `parse_config_toml`, `machine` and `engine`).

uniffi::setup_scaffolding!("pushlane");

mod convert;
mod engine;
mod error;
mod machine;
mod payload;

pub use engine::{Engine, EventListener, Host};
pub use error::{HostCallError, PushlaneError};
pub use machine::Machine;
pub use payload::{build_push_info, lint_push};

/// The vendors linked into this library, in their fixed order (`apns`, `fcm`, …).
#[uniffi::export]
pub fn linked_vendors() -> Vec<String> {
    pushlane::link_vendors()
        .iter()
        .map(|plugin| plugin.name().to_string())
        .collect()
}
