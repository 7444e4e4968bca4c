//! The engine task: one loop that owns the driver (machine + store) and turns its outputs into
//! host calls, timers and subscriber items.
//!
//! Order of work, each loop: finished host calls (`effect_done`) first, then a due timer, then
//! the next command from a handle. Every input is handled to the end before the next: its store
//! writes are applied (by the [`Driver`]) before any of its effects goes to the host; its effects
//! are performed in the order emitted, each awaited (bounded by the effect timeout), except
//! `upload_token`/`clear_token`, which are spawned and answered later as `effect_done`.

use crate::driver::{Driver, Step};
use crate::handle::Command;
use crate::host::Host;
use crate::item::{EngineItem, Item};
use crate::redact::{log_json, redact_effect, redact_input, scrub};
use crate::timers::{wait_due, Clock, Timers};
use pushlane_core::{Effect, Event, Input, Output};
use pushlane_store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::{Id, JoinError, JoinSet};
use tracing::{debug, info, info_span, warn, Instrument};

/// The result of a spawned host call: the effect id and the failure, if any.
type CallResult = (u64, Result<(), String>);

pub(crate) struct Task<S: Store> {
    driver: Driver<S>,
    host: Arc<dyn Host>,
    events: broadcast::Sender<EngineItem>,
    clock: Clock,
    timers: Timers,
    in_flight: JoinSet<CallResult>,
    in_flight_ids: HashMap<Id, u64>,
    effect_timeout: Duration,
    shutdown_timeout: Duration,
    shutting_down: bool,
}

impl<S: Store> Task<S> {
    pub fn new(
        driver: Driver<S>,
        host: Arc<dyn Host>,
        events: broadcast::Sender<EngineItem>,
        effect_timeout: Duration,
        shutdown_timeout: Duration,
    ) -> Self {
        Task {
            driver,
            host,
            events,
            clock: Clock::new(),
            timers: Timers::default(),
            in_flight: JoinSet::new(),
            in_flight_ids: HashMap::new(),
            effect_timeout,
            shutdown_timeout,
            shutting_down: false,
        }
    }

    /// Runs until shutdown or until every handle is gone; then answers the shutdown callers
    /// once the task's state (host, store, journal) is dropped.
    pub async fn run(self, rx: mpsc::UnboundedReceiver<Command>, store_reset: Option<String>) {
        let waiters = self.run_loop(rx, store_reset).await;
        for waiter in waiters {
            let _ = waiter.send(());
        }
    }

    async fn run_loop(
        mut self,
        mut rx: mpsc::UnboundedReceiver<Command>,
        store_reset: Option<String>,
    ) -> Vec<oneshot::Sender<()>> {
        info!(
            vendors = ?self.driver.machine().config().vendor_names(),
            manufacturer = %self.driver.machine().device().manufacturer,
            "engine started"
        );
        if let Some(detail) = store_reset {
            warn!(detail = %detail, "store was reset");
            let step = self.driver.store_reset(self.clock.now_ms(), &detail);
            self.dispatch(step).await;
        }
        let mut waiters = Vec::new();
        loop {
            let next = self.timers.next_due();
            tokio::select! {
                biased;
                Some(joined) = self.in_flight.join_next_with_id(), if !self.in_flight.is_empty() => {
                    self.call_finished(joined).await;
                }
                timer = wait_due(self.clock, next) => {
                    self.timers.fired(timer);
                    self.input(Input::Timer { timer }).await;
                }
                command = rx.recv() => match command {
                    Some(Command::Input(input)) => self.input(input).await,
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

    /// Awaits in-flight host calls up to the shutdown bound; their results still reach the
    /// machine and the store, but nothing new is performed.
    async fn drain(&mut self) {
        self.shutting_down = true;
        let deadline = tokio::time::Instant::now() + self.shutdown_timeout;
        while !self.in_flight.is_empty() {
            match tokio::time::timeout_at(deadline, self.in_flight.join_next_with_id()).await {
                Ok(Some(joined)) => self.call_finished(joined).await,
                Ok(None) => break,
                Err(_) => {
                    warn!(
                        calls = self.in_flight.len(),
                        "shutdown: host calls still running after the bound are abandoned"
                    );
                    self.in_flight.abort_all();
                    // Cancelled tasks finish at once; wait so the host is released.
                    while self.in_flight.join_next().await.is_some() {}
                    break;
                }
            }
        }
    }

    /// Handles one input: one span, store writes applied, then its effects and events.
    async fn input(&mut self, input: Input) {
        let at_ms = self.clock.now_ms();
        let span = info_span!("input", kind = input.kind(), at_ms);
        async {
            debug!(input = %log_json(&redact_input(&input)), "input");
            self.publish(at_ms, Item::Input(input.clone()));
            let step = self.driver.handle(at_ms, input);
            self.dispatch(step).await;
        }
        .instrument(span)
        .await
    }

    /// Publishes a step's outputs in order and performs its effects.
    async fn dispatch(&mut self, step: Step) {
        for output in step.outputs {
            match output {
                Output::Event(event) => {
                    log_event(&event);
                    self.publish(step.at_ms, Item::Event(event));
                }
                Output::Effect(effect) => {
                    debug!(effect = effect.kind(), detail = %log_json(&redact_effect(&effect)), "effect");
                    self.publish(step.at_ms, Item::Effect(effect.clone()));
                    if self.timers.apply(&effect) {
                        continue;
                    }
                    if self.shutting_down {
                        debug!(effect = effect.kind(), "shutting down: not performed");
                    } else if let Some(effect_id) = effect.effect_id() {
                        self.spawn_call(effect_id, effect);
                    } else {
                        self.perform(effect).await;
                    }
                }
                // The driver has applied the writes already.
                Output::Persist(_) => {}
            }
        }
        self.timers
            .retain_armed(self.driver.machine().armed_timers());
    }

    fn publish(&self, at_ms: u64, item: Item) {
        // No subscriber is not an error.
        let _ = self.events.send(EngineItem { at_ms, item });
    }

    /// Performs an effect without a result, awaiting it (bounded).
    async fn perform(&mut self, effect: Effect) {
        let kind = effect.kind();
        let call = tokio::spawn(call_host(self.host.clone(), effect, self.effect_timeout));
        let result = call.await.unwrap_or_else(|e| Err(join_failure(&e)));
        match result {
            Ok(()) => debug!(effect = kind, "host call done"),
            Err(error) => {
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

    /// Spawns an effect with a result; [`Task::call_finished`] feeds it back.
    fn spawn_call(&mut self, effect_id: u64, effect: Effect) {
        let call = call_host(self.host.clone(), effect, self.effect_timeout);
        let abort = self.in_flight.spawn(async move { (effect_id, call.await) });
        self.in_flight_ids.insert(abort.id(), effect_id);
    }

    async fn call_finished(&mut self, joined: Result<(Id, CallResult), JoinError>) {
        let (effect_id, result) = match joined {
            Ok((id, (effect_id, result))) => {
                self.in_flight_ids.remove(&id);
                (effect_id, result)
            }
            Err(err) => match self.in_flight_ids.remove(&err.id()) {
                Some(effect_id) => (effect_id, Err(join_failure(&err))),
                None => return,
            },
        };
        debug!(effect_id, ok = result.is_ok(), "host call finished");
        self.input(Input::EffectDone {
            effect_id,
            ok: result.is_ok(),
            error: result.err(),
        })
        .await;
    }
}

/// One host call, bounded by `timeout`; a token in the error message becomes its fingerprint.
async fn call_host(host: Arc<dyn Host>, effect: Effect, timeout: Duration) -> Result<(), String> {
    let result = match tokio::time::timeout(timeout, host.perform(&effect)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err(format!(
            "host call timed out after {} ms",
            timeout.as_millis()
        )),
    };
    result.map_err(|error| match &effect {
        Effect::UploadToken { token, .. } => scrub(&error, token),
        _ => error,
    })
}

fn join_failure(err: &JoinError) -> String {
    if err.is_panic() {
        "host call panicked".to_string()
    } else {
        "host call cancelled".to_string()
    }
}

/// State changes at `info`, warnings and store errors at `warn`, other events at `debug`.
fn log_event(event: &Event) {
    match event {
        Event::StateChanged { region, from, to } => {
            info!(region = %region, from = %from, to = %to, "state changed")
        }
        Event::Warning { code, detail } => {
            warn!(code = code.as_str(), detail = %detail, "warning")
        }
        Event::StoreError { detail } => warn!(detail = %detail, "store write failed"),
        other => debug!(event = other.kind(), detail = %log_json(other), "event"),
    }
}
