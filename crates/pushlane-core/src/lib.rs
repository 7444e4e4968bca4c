//! The heart of pushlane: a deterministic, sans-IO state machine for the offline-push
//! lifecycle of a chat app (`docs/lifecycle.md` in the repository).
//!
//! Inputs go in with the time they happened ([`Machine::handle_input`]); store writes, effects
//! and events come out in order ([`Machine::poll_output`]). There is no tokio, no IO, no clock
//! and no randomness here: timers are effects (`arm_timer`) that come back as inputs, and the
//! persisted state is given at construction and changed only through [`StoreWrite`]s the
//! machine emits.
//!
//! ```
//! use pushlane_core::{Input, Machine, Output, Effect, PersistedState};
//! use pushlane_plugin::{DeviceInfo, PluginConfig};
//!
//! // No vendor configured: an uncertified phone falls back to local notifications.
//! let config = PluginConfig::default();
//! let device = DeviceInfo::android("TECNO MOBILE LIMITED").with_api(34);
//! let mut machine = Machine::new(config, device, PersistedState::default()).unwrap();
//! machine.handle_input(0, Input::SdkInitialized);
//! machine.handle_input(100, Input::PluginInit);
//! let outputs: Vec<Output> = std::iter::from_fn(|| machine.poll_output()).collect();
//! assert!(outputs.iter().any(|o| matches!(
//!     o.as_effect(),
//!     Some(Effect::CreateChannel { channel_id, .. }) if channel_id == "new_message"
//! )));
//! assert_eq!(machine.status().vendor.as_deref(), Some("local"));
//! ```

pub mod conversation;
mod effect;
mod error;
mod event;
mod input;
mod machine;
mod output;
mod persist;
mod secrets;
pub mod select;
pub mod statechart;

pub use effect::Effect;
pub use error::CoreError;
pub use event::{Event, WarningCode};
pub use input::{AppLifecycle, ElemType, Input, Message, OfflinePushInfo, TimerName};
pub use machine::{
    backoff_ms, HeldClickStatus, Machine, Status, UploadState, BACKOFF_CAP_MS,
    CLICK_DUPLICATE_WINDOW_MS, CLICK_EXTS_REMEMBERED, CLICK_IDS_REMEMBERED,
    NOTIFIED_IDS_REMEMBERED, TOKEN_FETCH_INTERVAL_MS, TOKEN_FETCH_LIMIT,
};
pub use output::{fingerprint, is_fingerprint, trace_object, Output};
pub use persist::{PersistedState, StoreWrite, UploadRecord};
pub use pushlane_plugin as plugin;
pub use secrets::{Secrets, MIN_SECRET_LEN, SECRET_CONFIG_KEYS, TOKENS_REMEMBERED};
pub use select::{Selection, LOCAL};
