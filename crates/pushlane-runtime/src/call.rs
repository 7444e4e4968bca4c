//! One host call: bounded by the effect timeout, a panic counted as a failure, the token being
//! uploaded replaced by its fingerprint in the error message.

use crate::effect::HostEffect;
use crate::handle::InputSender;
use crate::host::Host;
use crate::redact::scrub;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// What a host call came to: `Err` with the failure (token fingerprinted).
pub(crate) type CallResult = Result<(), String>;

/// The failure of a call that panicked.
pub(crate) const PANICKED: &str = "host call panicked";

/// Performs `call`; a call that takes longer than `timeout` is dropped and failed, and so is one
/// that panics (the panic stops at the call: whoever awaits this goes on).
pub(crate) async fn call_host(
    host: &dyn Host,
    call: HostEffect,
    sender: &InputSender,
    timeout: Duration,
) -> CallResult {
    let token = match &call {
        HostEffect::UploadToken { token, .. } => Some(token.clone()),
        _ => None,
    };
    let performed = CatchPanic(host.perform(call, sender));
    let result = match tokio::time::timeout(timeout, performed).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(err))) => Err(err.to_string()),
        Ok(Err(Panicked)) => Err(PANICKED.to_string()),
        Err(_) => Err(format!(
            "host call timed out after {} ms",
            timeout.as_millis()
        )),
    };
    match token {
        Some(token) => result.map_err(|error| scrub(&error, &token)),
        None => result,
    }
}

/// The host's future panicked while it was polled.
struct Panicked;

/// Polls a host's future, turning a panic into [`Panicked`]. The future is not polled again
/// after it panicked: the caller drops it.
struct CatchPanic<F>(Pin<Box<F>>)
where
    F: Future + ?Sized;

impl<F: Future + ?Sized> Future for CatchPanic<F> {
    type Output = Result<F::Output, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(poll) => poll.map(Ok),
            Err(_) => Poll::Ready(Err(Panicked)),
        }
    }
}
