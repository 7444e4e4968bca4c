//! The tokio runtime of pushlane: an engine a host embeds.
//!
//! The [`Engine`] owns the sans-IO [`Machine`](pushlane_core::Machine) and a
//! [`Store`](pushlane_store::Store) in one tokio task. A host
//!
//! - implements [`Host`]: one `async fn perform(&self, effect)` for the effects of lifecycle.md
//!   §2 (Chat SDK calls, vendor SDK calls, badge calls, notifications, the click callback);
//! - sends inputs through a cloneable [`EngineHandle`] (`login`, `app_state`,
//!   `notification_clicked`, …) from any thread, without a runtime;
//! - subscribes to every input, effect and event ([`EngineHandle::subscribe`]);
//! - asks for a [`Status`](pushlane_core::Status) snapshot, and shuts the engine down.
//!
//! The engine runs `arm_timer`/`cancel_timer` on tokio time, feeds the results of
//! `upload_token`/`clear_token` back as `effect_done` (an error, panic or timeout is a
//! failure), applies every store write before performing the effects that follow it, and
//! optionally journals every input ([`Journal`], [`replay`]). Device tokens and app secrets
//! appear in logs and journals only as fingerprints. See `docs/runtime.md`.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use pushlane::{DeviceInfo, Effect};
//! use pushlane_runtime::{async_trait, Engine, EngineConfig, Host, HostError};
//! use pushlane_store::MemoryStore;
//!
//! /// A host that only records what it is asked to do (a real one calls the Chat SDK etc.).
//! #[derive(Default)]
//! struct PrintHost {
//!     done: Mutex<Vec<String>>,
//! }
//!
//! #[async_trait]
//! impl Host for PrintHost {
//!     async fn perform(&self, effect: &Effect) -> Result<(), HostError> {
//!         match effect {
//!             Effect::UploadToken { business_id, .. } => {
//!                 // chat_sdk.set_offline_push_config(business_id, token).await?
//!                 let _ = business_id;
//!             }
//!             Effect::SetBadge { count, .. } if *count > 99 => {
//!                 return Err(HostError::new("launcher refuses counts over 99"));
//!             }
//!             _ => {}
//!         }
//!         self.done.lock().unwrap().push(effect.kind().to_string());
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
//! let config = EngineConfig::new(plugin, device).with_plugins(pushlane::link_vendors());
//! let host = Arc::new(PrintHost::default());
//! let engine = Engine::start(config, host.clone(), MemoryStore::new()).unwrap();
//!
//! engine.sdk_initialized().unwrap();
//! engine.plugin_init().unwrap();
//! engine.login("alice").unwrap();
//! engine.vendor_token("mi-token-1", Some("xiaomi")).unwrap();
//! tokio::time::sleep(std::time::Duration::from_secs(6)).await; // the 5 s upload delay
//!
//! let status = engine.status().await.unwrap();
//! assert_eq!(status.vendor.as_deref(), Some("xiaomi"));
//! assert_eq!(status.upload, pushlane::UploadState::Uploaded);
//! assert!(host.done.lock().unwrap().contains(&"upload_token".to_string()));
//! engine.shutdown().await;
//! # }
//! ```

mod config;
mod driver;
mod engine;
mod error;
mod handle;
mod host;
mod item;
mod journal;
pub mod redact;
mod replay;
mod task;
mod timers;

pub use async_trait::async_trait;
pub use config::{
    EngineConfig, DEFAULT_EFFECT_TIMEOUT, DEFAULT_EVENT_CAPACITY, DEFAULT_SHUTDOWN_TIMEOUT,
};
pub use driver::{Driver, Step};
pub use engine::Engine;
pub use error::RuntimeError;
pub use handle::{EngineHandle, WeakEngineHandle};
pub use host::{is_host_effect, Host, HostError};
pub use item::{EngineItem, Item};
pub use journal::{input_line, HeaderKind, Journal, JournalHeader, JOURNAL_VERSION};
pub use replay::{parse_journal, read_journal, replay, replay_items, JournalEntry, JournalFile};
