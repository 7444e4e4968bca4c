//! The trait the embedding app implements: it performs the effects of lifecycle.md §2.

use async_trait::async_trait;
use pushlane_core::Effect;
use std::fmt;

/// The embedding app: performs what the engine asks (Chat SDK calls, vendor SDK calls, badge
/// calls, notifications, the click callback).
///
/// The engine calls [`Host::perform`] for every effect except `arm_timer` and `cancel_timer`,
/// which it runs itself on tokio time. `Ok(())` means the call succeeded; an `Err`, a panic, or a
/// call that takes longer than [`EngineConfig::effect_timeout`](crate::EngineConfig) counts as
/// failed. For `upload_token` and `clear_token` the outcome is fed back to the machine as
/// `effect_done`; a failure of any other effect is reported to subscribers as
/// [`Item::HostFailed`](crate::Item::HostFailed) and logged.
///
/// Inputs the host learns of later (a `vendor_token` after `register_vendor`, a `permission`
/// answer after `request_permission`) go through an [`EngineHandle`](crate::EngineHandle), best
/// a [`WeakEngineHandle`](crate::WeakEngineHandle) kept in the host, so the host does not keep
/// the engine alive. Never await [`EngineHandle::status`](crate::EngineHandle::status) inside
/// `perform`: the engine is waiting for `perform` and cannot answer (sending inputs is fine).
#[async_trait]
pub trait Host: Send + Sync + 'static {
    /// Performs one effect.
    async fn perform(&self, effect: &Effect) -> Result<(), HostError>;
}

/// A host call that failed. The message is shown in `upload_failed.error` /
/// `clear_failed.error`, logs and journals; a device token in it is replaced by its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostError {
    message: String,
}

impl HostError {
    pub fn new(message: impl Into<String>) -> Self {
        HostError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HostError {}

impl From<String> for HostError {
    fn from(message: String) -> Self {
        HostError { message }
    }
}

impl From<&str> for HostError {
    fn from(message: &str) -> Self {
        HostError::new(message)
    }
}

/// Whether the engine hands this effect to the host (timers it runs itself).
pub fn is_host_effect(effect: &Effect) -> bool {
    !matches!(effect, Effect::ArmTimer { .. } | Effect::CancelTimer { .. })
}
