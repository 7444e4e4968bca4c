//! The realistic mixed input stream: the inputs of the example scenarios
//! (`examples/scenarios/*.jsonl`, the input lines a simulated host fed the engine, restarts
//! included) and of seeded random sessions ([`super::sessions`]).
//!
//! A stream is a list of [`Segment`]s: one process's life, from a machine built on its
//! persisted state to its last input. A restart starts a new segment on the state the
//! previous one left. Recording runs the real machine once, so the state after a restart is
//! what it really was; a bench then replays every segment on a fresh machine.

use super::sessions;
use pushlane::{DeviceInfo, Input, Machine, Output, PersistedState, PluginConfig};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios");

/// Seed and size of the random part of [`Stream::mixed`].
pub const SESSION_SEED: u64 = 0x5eed_c07e_0000_0012;
pub const SESSIONS: usize = 120;
/// The scenarios are few: they are taken this many times, so that their hand-written
/// situations (restarts, failures, cold-start clicks) weigh in the mix.
pub const SCENARIO_REPEATS: usize = 20;

/// One process's life: the machine it starts with and its inputs with their times.
pub struct Segment {
    /// The plugin config as TOML (a `PluginConfig` cannot be cloned; it is parsed for each
    /// machine, outside any measurement).
    pub config: Arc<str>,
    pub device: DeviceInfo,
    pub persisted: PersistedState,
    pub inputs: Vec<(u64, Input)>,
}

impl Segment {
    pub fn config(&self) -> PluginConfig {
        pushlane::parse_config_toml(&self.config).expect("a segment's config parses")
    }

    pub fn machine(&self) -> Machine {
        pushlane::machine(self.config(), self.device.clone(), self.persisted.clone())
            .expect("a segment's machine builds: it was built when it was recorded")
    }
}

/// Feeds the real machine and records what it was fed, one segment per process.
pub struct Recorder {
    machine: Machine,
    current: Segment,
    done: Vec<Segment>,
    outputs: Vec<Output>,
}

impl Recorder {
    pub fn new(config: Arc<str>, device: DeviceInfo, persisted: PersistedState) -> Recorder {
        let current = Segment {
            config,
            device,
            persisted,
            inputs: Vec::new(),
        };
        Recorder {
            machine: current.machine(),
            current,
            done: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// Feeds one input and returns its outputs.
    pub fn feed(&mut self, at_ms: u64, input: Input) -> &[Output] {
        self.current.inputs.push((at_ms, input.clone()));
        self.machine.handle_input(at_ms, input);
        self.outputs.clear();
        while let Some(output) = self.machine.poll_output() {
            self.outputs.push(output);
        }
        &self.outputs
    }

    /// The process dies; a new machine starts on what the store holds.
    pub fn restart(&mut self) {
        let persisted = self.machine.persisted().clone();
        let next = Segment {
            config: self.current.config.clone(),
            device: self.current.device.clone(),
            persisted,
            inputs: Vec::new(),
        };
        self.machine = next.machine();
        let done = std::mem::replace(&mut self.current, next);
        self.done.push(done);
    }

    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    pub fn finish(mut self) -> Vec<Segment> {
        self.done.push(self.current);
        self.done.retain(|segment| !segment.inputs.is_empty());
        self.done
    }
}

/// Where the inputs of a stream came from, for the summary a bench prints.
#[derive(Debug, Clone, Copy, Default)]
pub struct Composition {
    pub scenario_files: usize,
    pub scenario_inputs: usize,
    pub sessions: usize,
    pub session_inputs: usize,
    /// Trace lines of the scenario files that replaying their inputs did not give again.
    pub trace_mismatches: usize,
}

pub struct Stream {
    pub segments: Vec<Segment>,
    pub composition: Composition,
}

impl Stream {
    /// The example scenarios ([`SCENARIO_REPEATS`] times) and [`SESSIONS`] random sessions.
    pub fn mixed() -> Stream {
        let (scenarios, mut composition) = scenario_segments();
        let sessions = sessions::random_sessions(SESSION_SEED, SESSIONS);
        composition.sessions = SESSIONS;
        composition.session_inputs = sessions.iter().map(|s| s.inputs.len()).sum();
        let mut segments = Vec::new();
        for _ in 0..SCENARIO_REPEATS {
            segments.extend(scenarios.iter().map(copy));
        }
        composition.scenario_inputs *= SCENARIO_REPEATS;
        segments.extend(sessions);
        Stream {
            segments,
            composition,
        }
    }

    pub fn inputs(&self) -> usize {
        self.segments.iter().map(|s| s.inputs.len()).sum()
    }

    /// Every input, in stream order.
    pub fn all_inputs(&self) -> impl Iterator<Item = &Input> {
        self.segments
            .iter()
            .flat_map(|s| s.inputs.iter().map(|(_, input)| input))
    }

    /// Fresh machines and their inputs, ready for [`replay`] (built outside any timing).
    pub fn fresh(&self) -> Vec<(Machine, Vec<(u64, Input)>)> {
        self.segments
            .iter()
            .map(|s| (s.machine(), s.inputs.clone()))
            .collect()
    }
}

fn copy(segment: &Segment) -> Segment {
    Segment {
        config: segment.config.clone(),
        device: segment.device.clone(),
        persisted: segment.persisted.clone(),
        inputs: segment.inputs.clone(),
    }
}

/// Feeds every segment to its machine, draining the outputs into `outputs` (cleared after
/// each input, as a runtime reuses its buffer). Returns how many outputs there were, and the
/// machines, so that dropping them is not part of a measurement.
pub fn replay(
    fresh: Vec<(Machine, Vec<(u64, Input)>)>,
    outputs: &mut Vec<Output>,
) -> (usize, Vec<Machine>) {
    let mut count = 0;
    let mut machines = Vec::with_capacity(fresh.len());
    for (mut machine, inputs) in fresh {
        for (at_ms, input) in inputs {
            machine.handle_input(at_ms, input);
            while let Some(output) = machine.poll_output() {
                outputs.push(output);
            }
            count += outputs.len();
            outputs.clear();
        }
        machines.push(machine);
    }
    (count, machines)
}

/// The segments of every example scenario, checked against their traces.
fn scenario_segments() -> (Vec<Segment>, Composition) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(SCENARIOS)
        .unwrap_or_else(|e| panic!("{SCENARIOS}: {e}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
        .collect();
    files.sort();
    let mut composition = Composition {
        scenario_files: files.len(),
        ..Composition::default()
    };
    let mut segments = Vec::new();
    for trace in &files {
        let (recorded, mismatches) = record_scenario(trace);
        composition.scenario_inputs += recorded.iter().map(|s| s.inputs.len()).sum::<usize>();
        composition.trace_mismatches += mismatches;
        segments.extend(recorded);
    }
    (segments, composition)
}

/// Reads a trace (`NN-name.jsonl`) and its scenario (`NN-name.toml`, for the device and the
/// config), feeds the input lines to the machine, and counts the effect and event lines that
/// the replay does not give again (0 when the engine still behaves as when the traces were
/// written).
fn record_scenario(trace: &Path) -> (Vec<Segment>, usize) {
    let scenario = trace.with_extension("toml");
    let (device, config) = device_and_config(&scenario);
    let text = std::fs::read_to_string(trace).unwrap_or_else(|e| panic!("{trace:?}: {e}"));
    let mut recorder = Recorder::new(config, device, PersistedState::default());
    let mut expected: Vec<Value> = Vec::new();
    let mut replayed: Vec<Value> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = |what: &str| format!("{}:{}: {what}", trace.display(), number + 1);
        let Value::Object(mut fields) =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}", at(&e.to_string())))
        else {
            panic!("{}", at("expected a JSON object"));
        };
        let at_ms = fields
            .remove("at_ms")
            .and_then(|v| v.as_u64())
            .unwrap_or_else(|| panic!("{}", at("`at_ms` missing; expected milliseconds")));
        let kind = fields.remove("kind");
        if kind.as_ref().and_then(Value::as_str) != Some("input") {
            expected.push(serde_json::json!({"at_ms": at_ms, "kind": kind, "line": fields}));
            continue;
        }
        if fields.get("type").and_then(Value::as_str) == Some("restart") {
            recorder.restart();
            continue;
        }
        let input: Input = serde_json::from_value(Value::Object(fields))
            .unwrap_or_else(|e| panic!("{}", at(&format!("not an input: {e}"))));
        for output in recorder.feed(at_ms, input) {
            if let Some(Value::Object(mut line)) = output.trace_line(at_ms) {
                line.remove("at_ms");
                let kind = line.remove("kind");
                replayed.push(serde_json::json!({"at_ms": at_ms, "kind": kind, "line": line}));
            }
        }
    }
    let mismatches = expected
        .iter()
        .zip(&replayed)
        .filter(|(a, b)| a != b)
        .count()
        + expected.len().abs_diff(replayed.len());
    (recorder.finish(), mismatches)
}

fn device_and_config(scenario: &Path) -> (DeviceInfo, Arc<str>) {
    let text = std::fs::read_to_string(scenario).unwrap_or_else(|e| panic!("{scenario:?}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{scenario:?}: {e}"));
    let device: DeviceInfo = table
        .get("device")
        .cloned()
        .unwrap_or_else(|| panic!("{scenario:?}: `[device]` missing"))
        .try_into()
        .unwrap_or_else(|e| panic!("{scenario:?}: `[device]`: {e}"));
    let config = match table.get("config") {
        Some(config) => toml::to_string(config).expect("a TOML table prints"),
        None => String::new(),
    };
    if let Err(e) = pushlane::parse_config_toml(&config) {
        panic!("{scenario:?}: `[config]`: {e}");
    }
    (device, config.into())
}
