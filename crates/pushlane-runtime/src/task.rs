//! The engine task: one loop that owns the driver (machine + store) and turns its outputs into
//! host calls, timers and subscriber items. It never waits for a host call while it handles
//! inputs.
//!
//! Each turn of the loop takes, in this priority order: a finished network call
//! (`upload_token` / `clear_token`, fed back as `effect_done`), a finished ordered call
//! (published if it failed; the lane has started the next one), a due timer, the next command
//! from a handle. Every input is handled to the end before the next: its store writes are
//! applied (by the [`Driver`]) before any of its effects is handed to the host. Then its
//! effects go out:
//!
//! - network calls are spawned at once and run concurrently with everything else;
//! - every other host effect joins the ordered [`Lane`]: one call at a time, in the order
//!   emitted (across inputs), each bounded by the effect timeout.

use crate::call::{call_host, CallResult, PANICKED};
use crate::driver::{Driver, Step};
use crate::effect::HostEffect;
use crate::handle::{Command, InputSender};
use crate::host::Host;
use crate::item::{EngineItem, Item};
use crate::lane::{Lane, Performed};
use crate::outage::{self, Outage, OutageEvent, Recovery};
use crate::redact::{log_json, log_text, redact_effect, redact_input};
use crate::timers::{wait_due, Clock, Timers};
use pushlane_core::{Event, Input, Output, Secrets};
use pushlane_store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::{Id, JoinError, JoinSet};
use tracing::{debug, info, info_span, warn};

/// The runtime's bounds on host calls.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub effect_timeout: Duration,
    pub shutdown_timeout: Duration,
}

pub(crate) struct Task {
    driver: Driver<Box<dyn Store>>,
    host: Arc<dyn Host>,
    /// Given to every host call; does not keep the engine alive.
    sender: InputSender,
    events: broadcast::Sender<EngineItem>,
    clock: Clock,
    timers: Timers,
    /// `upload_token` / `clear_token` calls in flight, and their effect ids by task id.
    network: JoinSet<(u64, CallResult)>,
    network_ids: HashMap<Id, u64>,
    /// The calls without a result, performed in order by a task of their own.
    lane: Lane,
    bounds: Bounds,
    shutting_down: bool,
    /// The SQLite store while it is unavailable (the driver writes to memory meanwhile).
    outage: Option<Outage>,
}

impl Task {
    /// The engine's state; the ordered lane's task starts on `runtime`.
    pub fn new(
        runtime: &tokio::runtime::Handle,
        driver: Driver<Box<dyn Store>>,
        host: Arc<dyn Host>,
        sender: InputSender,
        events: broadcast::Sender<EngineItem>,
        bounds: Bounds,
        outage: Option<Outage>,
    ) -> Self {
        let lane = Lane::start(runtime, host.clone(), sender.clone(), bounds.effect_timeout);
        Task {
            driver,
            host,
            sender,
            events,
            clock: Clock::new(),
            timers: Timers::default(),
            network: JoinSet::new(),
            network_ids: HashMap::new(),
            lane,
            bounds,
            shutting_down: false,
            outage,
        }
    }

    /// Runs until shutdown or until every handle is gone; then answers the shutdown callers
    /// once the task's state (host, store, journal) is dropped.
    pub async fn run(
        self,
        rx: mpsc::UnboundedReceiver<Command>,
        store_kind: &'static str,
        store_reset: Option<String>,
        store_unavailable: Option<String>,
    ) {
        let waiters = self
            .run_loop(rx, store_kind, store_reset, store_unavailable)
            .await;
        for waiter in waiters {
            let _ = waiter.send(());
        }
    }

    async fn run_loop(
        mut self,
        mut rx: mpsc::UnboundedReceiver<Command>,
        store_kind: &'static str,
        store_reset: Option<String>,
        store_unavailable: Option<String>,
    ) -> Vec<oneshot::Sender<()>> {
        info!(
            vendors = ?self.driver.machine().config().vendor_names(),
            manufacturer = %self.driver.machine().device().manufacturer,
            store = store_kind,
            "engine started"
        );
        if let Some(detail) = store_reset {
            warn!(detail = %detail, "store was reset");
            let step = self.driver.store_reset(self.clock.now_ms(), &detail);
            self.dispatch(step);
        }
        if let Some(cause) = store_unavailable {
            self.store_unavailable(cause);
        }
        let mut waiters = Vec::new();
        loop {
            let next = self.timers.next_due();
            tokio::select! {
                biased;
                Some(joined) = self.network.join_next_with_id(), if !self.network.is_empty() => {
                    self.network_finished(joined);
                }
                performed = self.lane.next(), if !self.lane.is_idle() => {
                    self.ordered_finished(performed);
                }
                event = outage::next(&mut self.outage, self.clock) => self.outage_event(event),
                timer = wait_due(self.clock, next) => {
                    self.timers.fired(timer);
                    self.input(Input::Timer { timer });
                }
                command = rx.recv() => match command {
                    Some(Command::Input(input)) => self.input(input),
                    Some(Command::Status(reply)) => {
                        let _ = reply.send(self.driver.machine().status());
                    }
                    Some(Command::Shutdown(reply)) => {
                        waiters.push(reply);
                        break;
                    }
                    None => break,
                }
            }
        }
        rx.close();
        self.drain().await;
        while let Ok(command) = rx.try_recv() {
            if let Command::Shutdown(reply) = command {
                waiters.push(reply);
            }
        }
        info!(armed_timers = self.timers.len(), "engine stopped");
        waiters
    }

    /// Finishes the host calls already asked for (network calls in flight, the ordered lane
    /// with what is queued in it) up to the shutdown bound. Results still reach the machine
    /// and the store, but effects emitted now are not performed.
    async fn drain(&mut self) {
        self.shutting_down = true;
        let deadline = tokio::time::Instant::now() + self.bounds.shutdown_timeout;
        while !(self.network.is_empty() && self.lane.is_idle()) {
            tokio::select! {
                biased;
                Some(joined) = self.network.join_next_with_id(), if !self.network.is_empty() => {
                    self.network_finished(joined);
                }
                performed = self.lane.next(), if !self.lane.is_idle() => {
                    self.ordered_finished(performed);
                }
                () = tokio::time::sleep_until(deadline) => {
                    warn!(
                        calls = self.network.len() + self.lane.pending().min(1),
                        queued = self.lane.pending().saturating_sub(1),
                        "shutdown: host calls still running after the bound are abandoned"
                    );
                    self.network.abort_all();
                    // Cancelled tasks finish at once; wait so the host is released.
                    while self.network.join_next().await.is_some() {}
                    break;
                }
            }
        }
        // The lane's task lets go of the host (and of a call still running at the bound).
        self.lane.abandon().await;
    }

    /// Handles one input: one span, store writes applied, then its effects and events.
    fn input(&mut self, input: Input) {
        let at_ms = self.clock.now_ms();
        let span = info_span!("input", kind = input.kind(), at_ms);
        let _entered = span.enter();
        let secrets = self.driver.machine().secrets();
        debug!(input = %log_json(&redact_input(&input), secrets), "input");
        if let Some(outage) = self.outage.as_mut() {
            outage.note(&input);
        }
        if self.subscribed() {
            self.publish(at_ms, Item::Input(input.clone()));
        }
        let step = self.driver.handle(at_ms, input);
        self.dispatch(step);
    }

    /// Publishes a step's outputs in order and hands its effects out: timers to the timer set,
    /// network calls to a task of their own, the rest to the ordered lane.
    fn dispatch(&mut self, step: Step) {
        for output in step.outputs {
            match output {
                Output::Event(event) => {
                    log_event(&event, self.driver.machine().secrets());
                    self.publish(step.at_ms, Item::Event(event));
                }
                Output::Effect(effect) => {
                    // Rendered only when `debug` is on for this target.
                    debug!(
                        effect = effect.kind(),
                        detail = %log_json(&redact_effect(&effect), self.driver.machine().secrets()),
                        "effect"
                    );
                    if self.subscribed() {
                        self.publish(step.at_ms, Item::Effect(effect.clone()));
                    }
                    if self.timers.apply(&effect) {
                        continue;
                    }
                    let effect_id = effect.effect_id();
                    let Some(call) = HostEffect::from_effect(effect) else {
                        continue;
                    };
                    if self.shutting_down {
                        debug!(effect = call.kind(), "shutting down: not performed");
                    } else if let Some(effect_id) = effect_id {
                        self.spawn_network(effect_id, call);
                    } else {
                        self.lane.push(call);
                    }
                }
                // The driver has applied the writes already.
                Output::Persist(_) => {}
            }
        }
        self.timers
            .retain_armed(self.driver.machine().armed_timers());
    }

    /// Whether anyone receives items now: if not, inputs and effects are not cloned for them
    /// (a subscriber that comes later sees only what is published after it subscribed).
    fn subscribed(&self) -> bool {
        self.events.receiver_count() > 0
    }

    fn publish(&self, at_ms: u64, item: Item) {
        // No subscriber is not an error.
        let _ = self.events.send(EngineItem { at_ms, item });
    }

    /// A call of the ordered lane finished (the lane has gone on with the next one): a failure
    /// is published.
    fn ordered_finished(&mut self, Performed { kind, result }: Performed) {
        match result {
            Ok(()) => debug!(effect = kind, "host call done"),
            Err(error) => {
                // A host's message may quote a secret (an app key it was given).
                let error = log_text(&error, self.driver.machine().secrets());
                warn!(effect = kind, error = %error, "host call failed");
                self.publish(
                    self.clock.now_ms(),
                    Item::HostFailed {
                        effect: kind.to_string(),
                        error,
                    },
                );
            }
        }
    }

    /// Spawns a network call; [`Task::network_finished`] feeds its result back.
    fn spawn_network(&mut self, effect_id: u64, call: HostEffect) {
        let (host, sender) = (self.host.clone(), self.sender.clone());
        let timeout = self.bounds.effect_timeout;
        let abort = self
            .network
            .spawn(async move { (effect_id, call_host(&*host, call, &sender, timeout).await) });
        self.network_ids.insert(abort.id(), effect_id);
    }

    fn network_finished(&mut self, joined: Result<(Id, (u64, CallResult)), JoinError>) {
        let (effect_id, result) = match joined {
            Ok((id, (effect_id, result))) => {
                self.network_ids.remove(&id);
                (effect_id, result)
            }
            Err(err) => match self.network_ids.remove(&err.id()) {
                Some(effect_id) => (effect_id, Err(join_failure(&err))),
                None => return,
            },
        };
        debug!(effect_id, ok = result.is_ok(), "host call finished");
        let secrets = self.driver.machine().secrets();
        self.input(Input::EffectDone {
            effect_id,
            ok: result.is_ok(),
            error: result.err().map(|error| log_text(&error, secrets)),
        });
    }
}

/// The store while it is unavailable (see [`outage`]).
impl Task {
    /// The store could not be opened (at start, or a retry failed): say so, retry later.
    fn store_unavailable(&mut self, cause: String) {
        let Some(outage) = self.outage.as_mut() else {
            return;
        };
        let at_ms = self.clock.now_ms();
        let retry_in_ms = outage.failed(at_ms);
        let path = outage.path().to_path_buf();
        warn!(path = %path.display(), cause = %cause, retry_in_ms, "store unavailable: running in memory");
        self.publish(
            at_ms,
            Item::StoreUnavailable {
                path,
                cause,
                retry_in_ms,
            },
        );
    }

    fn outage_event(&mut self, event: OutageEvent) {
        let Some(outage) = self.outage.as_mut() else {
            return;
        };
        match event {
            OutageEvent::RetryDue => outage.retry(),
            OutageEvent::Opened(opened) => match opened.and_then(|o| outage.recover(o)) {
                Ok(recovery) => self.store_recovered(recovery),
                Err(err) => self.store_unavailable(err.to_string()),
            },
        }
    }

    /// The store is back with what changed meanwhile: the driver writes to it from now on; a
    /// stored push-off the user did not change is fed back to the machine.
    fn store_recovered(&mut self, recovery: Recovery) {
        let Some(outage) = self.outage.take() else {
            return;
        };
        let at_ms = self.clock.now_ms();
        *self.driver.store_mut() = Box::new(recovery.store);
        let path = outage.path().to_path_buf();
        info!(path = %path.display(), writes = recovery.writes, "store recovered");
        self.publish(
            at_ms,
            Item::StoreRecovered {
                path,
                writes: recovery.writes,
            },
        );
        if let Some(detail) = recovery.reset {
            warn!(detail = %detail, "store was reset");
            let step = self.driver.store_reset(at_ms, &detail);
            self.dispatch(step);
        }
        if recovery.restore_push_off {
            self.input(Input::PushEnabled { enabled: false });
        }
    }
}

fn join_failure(err: &JoinError) -> String {
    if err.is_panic() {
        PANICKED.to_string()
    } else {
        "host call cancelled".to_string()
    }
}

/// State changes at `info`, warnings and store errors at `warn`, other events at `debug`; known
/// secrets in their text as fingerprints.
fn log_event(event: &Event, secrets: &Secrets) {
    match event {
        Event::StateChanged { region, from, to } => {
            info!(region = %region, from = %from, to = %to, "state changed")
        }
        Event::Warning { code, detail } => {
            warn!(code = code.as_str(), detail = %log_text(detail, secrets), "warning")
        }
        Event::StoreError { detail } => {
            warn!(detail = %log_text(detail, secrets), "store write failed")
        }
        other => debug!(event = other.kind(), detail = %log_json(other, secrets), "event"),
    }
}
