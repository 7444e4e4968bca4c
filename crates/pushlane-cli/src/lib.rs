//! The library behind the `pushlane` command: the scenario parser and simulator, the fleet
//! simulator, device detection, the config doctor, the vendor list, journal replay, and the
//! sending side (payload lint and the Chat REST API bodies). The binary (`src/main.rs`) only
//! parses arguments; the fuzz targets and tests call these modules directly.

pub mod detect;
pub mod device_args;
pub mod doctor;
pub mod error;
pub mod fleet;
pub mod keys;
pub mod logging;
pub mod output;
pub mod replay;
pub mod scenario;
pub mod sending;
pub mod statechart;
pub mod suggest;
pub mod timeline;
pub mod trace;
pub mod vendors;

use clap::ValueEnum;

/// Trace formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A timeline for people (colours only on a terminal, tokens shortened).
    Pretty,
    /// One JSON object per line (scenario.md's machine format).
    Jsonl,
    /// One self-contained HTML page showing the run as a timeline: a lane per region and for
    /// inputs, effects and events (tokens shortened, secrets as fingerprints).
    Html,
    /// A Mermaid sequence diagram of the run: app, engine, Chat server and vendor SDK.
    Mermaid,
}
