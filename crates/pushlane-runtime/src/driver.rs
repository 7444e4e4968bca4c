//! The synchronous heart of the runtime: the machine plus its store, with store writes applied
//! in order before anything that follows them is handed out (invariant 5).
//!
//! The tokio engine wraps a [`Driver`]; the simulator (`pushlane simulate`) drives one on a
//! virtual clock.

use crate::journal::Journal;
use crate::redact::{log_json, redact_input_with, redact_write};
use pushlane_core::{Event, Input, Machine, Output, WarningCode};
use pushlane_store::Store;

/// A machine and its store.
pub struct Driver<S: Store> {
    machine: Machine,
    store: S,
    journal: Option<Journal>,
}

/// What one input produced, store writes already applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at_ms: u64,
    /// Effects and events in order (store writes are not included: they are done). A failed
    /// write appears as an `Event::StoreError` at its place.
    pub outputs: Vec<Output>,
}

impl<S: Store> Driver<S> {
    /// Wraps a machine built over `store.load()`.
    pub fn new(machine: Machine, store: S) -> Self {
        Driver {
            machine,
            store,
            journal: None,
        }
    }

    /// Appends every input to this journal from now on.
    pub fn with_journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Emits warning `store_reset` (the store was moved aside and started empty).
    pub fn store_reset(&mut self, now_ms: u64, detail: &str) -> Step {
        self.machine
            .warn(now_ms, WarningCode::StoreReset, detail.to_string());
        self.drain(now_ms)
    }

    /// Feeds one input; applies its store writes in order; returns its effects and events.
    pub fn handle(&mut self, now_ms: u64, input: Input) -> Step {
        if let Some(journal) = self.journal.as_mut() {
            // The journal is stored: known secrets in free text go in as fingerprints.
            let redacted = redact_input_with(&input, self.machine.secrets());
            if let Err(err) = journal.append(now_ms, &redacted) {
                let detail = err.to_string();
                let mut step = self.run(now_ms, input);
                step.outputs
                    .insert(0, Output::Event(Event::StoreError { detail }));
                return step;
            }
        }
        self.run(now_ms, input)
    }

    fn run(&mut self, now_ms: u64, input: Input) -> Step {
        self.machine.handle_input(now_ms, input);
        self.drain(now_ms)
    }

    fn drain(&mut self, now_ms: u64) -> Step {
        let mut outputs = Vec::new();
        while let Some(output) = self.machine.poll_output() {
            match output {
                Output::Persist(write) => {
                    tracing::info!(
                        write = %log_json(&redact_write(&write), self.machine.secrets()),
                        "store write"
                    );
                    if let Err(err) = self.store.apply(&write) {
                        let event = Event::StoreError {
                            detail: err.to_string(),
                        };
                        outputs.push(Output::Event(self.machine.secrets().scrub_event(event)));
                    }
                }
                other => outputs.push(other),
            }
        }
        Step {
            at_ms: now_ms,
            outputs,
        }
    }

    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Takes the store back (e.g. to reopen the engine over it after a simulated restart).
    pub fn into_store(self) -> S {
        self.store
    }
}
