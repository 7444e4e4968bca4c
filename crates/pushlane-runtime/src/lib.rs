//! The tokio runtime of pushlane: an engine a host embeds.
//!
//! The engine owns the sans-IO [`Machine`](pushlane_core::Machine) and a
//! [`Store`](pushlane_store::Store) in one tokio task. A host
//!
//! - implements [`Host`]: one `async fn perform(&self, effect, engine)` for the effects of
//!   lifecycle.md §2 ([`HostEffect`]: Chat SDK calls, vendor SDK calls, typed badge calls,
//!   notifications, the click callback), with an [`InputSender`] to answer through later
//!   (`vendor_token` after `register_vendor`, `permission` after `request_permission`);
//! - starts the engine with [`Engine::builder`] (`.store(StoreChoice::Sqlite(path))` or
//!   `StoreChoice::Memory`, `.journal(path)`, …, `.start(host)`);
//! - sends inputs through the cloneable [`EngineHandle`] (`login`, `app_state`,
//!   `notification_clicked`, …) from any thread, without a runtime;
//! - subscribes to every input, effect and event ([`EngineHandle::subscribe`]);
//! - asks for a [`Status`](pushlane_core::Status) snapshot, and shuts the engine down.
//!
//! The engine keeps handling inputs while host calls run: `upload_token` / `clear_token` run
//! concurrently and come back as `effect_done` (an error, panic or timeout is a failure); the
//! other calls are performed one at a time in the order emitted. It runs
//! `arm_timer`/`cancel_timer` on tokio time, applies every store write before performing the
//! effects of the same input, and optionally journals every input ([`Journal`], [`replay`]).
//! Device tokens and app secrets appear in logs and journals only as fingerprints. See
//! `docs/runtime.md` for the ordering guarantees.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use pushlane::DeviceInfo;
//! use pushlane_runtime::{async_trait, Engine, Host, HostEffect, HostError, InputSender};
//!
//! /// A host that records what it is asked to do (a real one calls the Chat SDK etc.) and
//! /// answers `register_vendor` with a token, as the vendor SDK's callback would.
//! #[derive(Default)]
//! struct PrintHost {
//!     done: Mutex<Vec<&'static str>>,
//! }
//!
//! #[async_trait]
//! impl Host for PrintHost {
//!     async fn perform(&self, effect: HostEffect, engine: &InputSender) -> Result<(), HostError> {
//!         self.done.lock().unwrap().push(effect.kind());
//!         match effect {
//!             HostEffect::RegisterVendor { vendor } => {
//!                 // vendor_sdk.register(&vendor, move |token| engine.vendor_token(token, …))
//!                 engine.vendor_token("mi-token-1", Some(&vendor));
//!             }
//!             HostEffect::UploadToken { business_id, token, .. } => {
//!                 // chat_sdk.set_offline_push_config(business_id, &token).await?
//!                 let _ = (business_id, token);
//!             }
//!             HostEffect::SetBadge { count, .. } if count > 99 => {
//!                 return Err(HostError::new("launcher refuses counts over 99"));
//!             }
//!             _ => {}
//!         }
//!         Ok(())
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let plugin = pushlane::parse_config_toml(r#"
//!     edition = "china"
//!     [[vendors]]
//!     vendor = "xiaomi"
//!     business_id = 10001
//!     app_id = "2882303761517000000"
//!     app_key = "5731700000000"
//! "#).unwrap();
//! let device = DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V140");
//! let host = Arc::new(PrintHost::default());
//! let engine = Engine::builder(plugin, device)
//!     .plugins(pushlane::link_vendors())
//!     .start(host.clone())      // StoreChoice::Memory unless .store(…) says otherwise
//!     .unwrap();
//!
//! engine.sdk_initialized();
//! engine.plugin_init();
//! engine.login("alice");
//! tokio::time::sleep(std::time::Duration::from_secs(6)).await; // the 5 s upload delay
//!
//! let status = engine.status().await.unwrap();
//! assert_eq!(status.vendor.as_deref(), Some("xiaomi"));
//! assert_eq!(status.upload, pushlane::UploadState::Uploaded);
//! assert!(host.done.lock().unwrap().contains(&"upload_token"));
//! engine.shutdown().await;
//! # }
//! ```

mod call;
mod config;
mod driver;
mod effect;
mod engine;
mod error;
mod handle;
mod host;
mod item;
mod journal;
mod lane;
mod outage;
pub mod redact;
mod replay;
mod task;
mod timers;

pub use async_trait::async_trait;
pub use config::{DEFAULT_EFFECT_TIMEOUT, DEFAULT_EVENT_CAPACITY, DEFAULT_SHUTDOWN_TIMEOUT};
pub use driver::{Driver, Step};
pub use effect::HostEffect;
pub use engine::{Engine, EngineBuilder, StoreChoice, WhenStoreUnavailable};
pub use error::RuntimeError;
pub use handle::{EngineHandle, InputSender};
pub use host::{Host, HostError};
pub use item::{EngineItem, Item};
pub use journal::{input_line, restart_line, HeaderKind, Journal, JournalHeader, JOURNAL_VERSION};
pub use pushlane_plugin::badge::{BadgeExtra, ExtraValue, SetBadgeCall};
pub use replay::{
    parse_journal, read_journal, replay, replay_items, JournalEntry, JournalFile, JournalRestart,
};
