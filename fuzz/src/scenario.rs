//! Target `scenario`: the scenario parser (`pushlane simulate`'s input) on arbitrary text, and
//! simulating every scenario it accepts.
//!
//! A scenario that parses must run to its end in the simulator (the real engine, the real
//! SQLite store in a fresh directory, the simulated host) without an error, its trace must
//! never run backwards in time, and every line of it must print in both formats: the parser
//! refuses up front everything the run would trip over.

use pushlane_cli::scenario::{self, parse};
use pushlane_cli::trace::{pretty_line, TraceWriter};
use pushlane_cli::Format;
use serde_json::Value;

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(parsed) = parse::parse(&text, "fuzz") else {
        return;
    };
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let mut written = Vec::new();
    let mut trace = TraceWriter::new(&mut written, Format::Jsonl);
    scenario::run(&parsed, &dir.path().join("pushlane.db"), &mut trace)
        .unwrap_or_else(|e| panic!("a scenario that parsed fails to run: {e}\n{text}"));
    trace.flush().expect("a trace in memory flushes");
    drop(trace);
    let written = String::from_utf8(written).expect("a trace is UTF-8");
    let mut last_ms = 0;
    for line in written.lines() {
        let value: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a jsonl trace line is not JSON: {e}\n  {line}"));
        let at_ms = value["at_ms"].as_u64().expect("every trace line has at_ms");
        assert!(at_ms >= last_ms, "the trace runs backwards at {line}");
        last_ms = at_ms;
        let _ = pretty_line(&value);
    }
}
