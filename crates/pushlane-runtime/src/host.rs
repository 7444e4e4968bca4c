//! The trait the embedding app implements: it performs the effects of lifecycle.md §2.

use crate::effect::HostEffect;
use crate::handle::InputSender;
use async_trait::async_trait;
use std::fmt;

/// The embedding app: performs what the engine asks (Chat SDK calls, vendor SDK calls, badge
/// calls, notifications, the click callback).
///
/// The engine calls [`Host::perform`] for every effect of lifecycle.md §2 except `arm_timer`
/// and `cancel_timer`, which it runs itself ([`HostEffect`] has neither). `Ok(())` means the
/// call succeeded; an `Err`, a panic, or a call that takes longer than the effect timeout
/// ([`EngineBuilder::effect_timeout`](crate::EngineBuilder::effect_timeout)) counts as failed.
/// For `upload_token` and `clear_token` the outcome is fed back to the machine as
/// `effect_done`; a failure of any other effect is reported to subscribers as
/// [`Item::HostFailed`](crate::Item::HostFailed) and logged.
///
/// Every call receives an [`InputSender`] for inputs the host learns of later: a
/// `vendor_token` after `register_vendor`, a `permission` answer after `request_permission`.
/// Send them from inside `perform`, or keep a clone in the callback you register there and
/// send from any thread: the engine never waits for `perform` while it handles inputs, so
/// there is no deadlock, and the sender does not keep the engine alive. The host object itself
/// can be created before the engine (as a Kotlin or Swift object handed over through
/// bindings is).
///
/// `perform` may run concurrently with itself: `upload_token` / `clear_token` run beside the
/// other calls, which are performed one at a time in the order the machine emitted them (see
/// `docs/runtime.md`, "Ordering guarantees"). Return once the call is made; answers that
/// come later (a permission dialog, a token) are inputs, not the call's result.
#[async_trait]
pub trait Host: Send + Sync + 'static {
    /// Performs one effect.
    async fn perform(&self, effect: HostEffect, engine: &InputSender) -> Result<(), HostError>;
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
