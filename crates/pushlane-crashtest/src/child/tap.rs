//! The store-write checkpoint: the engine logs every store write (`store write`, field `write`,
//! tokens as fingerprints) right before it applies it. This layer turns that log event into a
//! `W` line, so the parent learns of each write, in order, before it is applied.
//!
//! The child runs on one thread, so nothing else is printed while a write is being applied: a
//! `W` line followed by any other line was applied completely.

use super::out::emit;
use crate::protocol::Line;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The runtime's log event of a store write carries the write as JSON in this field.
const WRITE_FIELD: &str = "write";

struct WriteTap;

#[derive(Default)]
struct WriteField(Option<String>);

impl Visit for WriteField {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == WRITE_FIELD {
            self.0 = Some(value.to_string());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == WRITE_FIELD {
            // `write = %json` arrives here; its Debug is the Display of the JSON.
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S: Subscriber> Layer<S> for WriteTap {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut field = WriteField::default();
        event.record(&mut field);
        let Some(json) = field.0 else {
            return;
        };
        match serde_json::from_str(&json) {
            Ok(write) => emit(&Line::Write(write)),
            // The parent refuses the run: the log format changed under the harness.
            Err(e) => emit(&Line::Error(format!(
                "a store write log the harness cannot read ({e}): {json}"
            ))),
        }
    }
}

/// Installs the tap as the global subscriber, over every event of the runtime (the write log
/// is at info; a lower level would still be heard).
pub fn install() -> Result<(), String> {
    let subscriber = tracing_subscriber::registry()
        .with(WriteTap.with_filter(Targets::new().with_target("pushlane_runtime", Level::TRACE)));
    tracing::subscriber::set_global_default(subscriber)
        .map_err(|e| format!("cannot install the store-write tap: {e}"))
}
