//! The ordered lane: the host calls without a result (every effect but `upload_token` and
//! `clear_token`) performed one at a time, in the order the machine emitted them, across
//! inputs (runtime.md, ordering guarantee 4).
//!
//! One task, started with the engine, performs them: it takes the next call as soon as the one
//! before it returned, failed, panicked or timed out, and sends every outcome back to the
//! engine loop, which publishes the failures. Neither side waits for the other: the engine
//! queues a call and goes on with its inputs.

use crate::call::{call_host, CallResult};
use crate::effect::HostEffect;
use crate::handle::InputSender;
use crate::host::Host;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How one call of the lane went.
pub(crate) struct Performed {
    /// The effect's kind (`set_badge`, …).
    pub kind: &'static str,
    pub result: CallResult,
}

/// The engine's end of the lane.
pub(crate) struct Lane {
    calls: mpsc::UnboundedSender<HostEffect>,
    outcomes: mpsc::UnboundedReceiver<Performed>,
    worker: JoinHandle<()>,
    /// Calls queued whose outcome the engine has not received yet (the one being performed
    /// included).
    pending: usize,
}

impl Lane {
    /// Starts the lane's task on `runtime`.
    pub fn start(
        runtime: &tokio::runtime::Handle,
        host: Arc<dyn Host>,
        sender: InputSender,
        timeout: Duration,
    ) -> Lane {
        let (calls, inbox) = mpsc::unbounded_channel();
        let (outbox, outcomes) = mpsc::unbounded_channel();
        let worker = runtime.spawn(perform_in_order(host, sender, timeout, inbox, outbox));
        Lane {
            calls,
            outcomes,
            worker,
            pending: 0,
        }
    }

    /// Queues a call behind the others.
    pub fn push(&mut self, call: HostEffect) {
        if self.calls.send(call).is_ok() {
            self.pending += 1;
        }
    }

    /// Whether every queued call has come back.
    pub fn is_idle(&self) -> bool {
        self.pending == 0
    }

    /// Calls queued and not come back, the one being performed included.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// The outcome of the next call; pending forever while the lane is idle.
    pub async fn next(&mut self) -> Performed {
        if self.pending == 0 {
            return std::future::pending().await;
        }
        match self.outcomes.recv().await {
            Some(performed) => {
                self.pending -= 1;
                performed
            }
            // The task is gone (abandoned): nothing more will come back.
            None => {
                self.pending = 0;
                std::future::pending().await
            }
        }
    }

    /// Cancels the call being performed and drops the queued ones; returns once the task has
    /// let go of the host.
    pub async fn abandon(&mut self) {
        self.worker.abort();
        let _ = (&mut self.worker).await;
        self.pending = 0;
    }
}

/// The lane's task: each call in turn, each outcome sent back. Ends when the engine drops its
/// end of the lane.
async fn perform_in_order(
    host: Arc<dyn Host>,
    sender: InputSender,
    timeout: Duration,
    mut inbox: mpsc::UnboundedReceiver<HostEffect>,
    outbox: mpsc::UnboundedSender<Performed>,
) {
    while let Some(call) = inbox.recv().await {
        let kind = call.kind();
        let result = call_host(&*host, call, &sender, timeout).await;
        if outbox.send(Performed { kind, result }).is_err() {
            return;
        }
    }
}
