//! The journal: every input the engine receives, one JSON line each, with its time and with
//! tokens as fingerprints.
//!
//! ```text
//! {"type":"header","version":1,"device":{…},"config":{…},"persisted":{…}}
//! {"at_ms":0,"type":"sdk_initialized"}
//! {"at_ms":5200,"type":"vendor_token","token":"fp:1a2b3c4d","vendor":"xiaomi"}
//! ```
//!
//! The header holds what [`crate::replay`] needs to rebuild the same machine: the device, the
//! plugin config (app keys and secrets fingerprinted) and the persisted state the engine started
//! from (tokens fingerprinted), plus the `store_reset` detail when the store was moved aside.
//!
//! An engine's journal covers that engine's life. `pushlane simulate --journal` covers a whole
//! scenario, restarts included: a restart is the line `{"at_ms":…,"type":"restart"}` (with
//! `"store_reset":"…"` when the new engine found its store moved aside), and replay builds a
//! new machine there over what the store holds, as the simulator does. Times never run
//! backwards, across restarts too (one virtual clock).

use crate::error::RuntimeError;
use crate::redact::{redact_config, redact_input, redact_state};
use pushlane_core::{Input, Machine, PersistedState};
use pushlane_plugin::DeviceInfo;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal format version this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;

/// The `type` of a restart line.
pub const RESTART: &str = "restart";

/// The `type` of a journal's first line: always `header`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderKind {
    #[default]
    Header,
}

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalHeader {
    #[serde(rename = "type")]
    pub kind: HeaderKind,
    pub version: u32,
    pub device: DeviceInfo,
    /// The plugin config as JSON, secrets fingerprinted.
    pub config: Value,
    /// The persisted state the engine started from, tokens fingerprinted.
    pub persisted: PersistedState,
    /// The `store_reset` warning's detail, when the engine started over a store moved aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_reset: Option<String>,
}

impl JournalHeader {
    /// The header for an engine starting with this machine (built, no input yet).
    pub fn for_machine(machine: &Machine, store_reset: Option<&str>) -> JournalHeader {
        let config = serde_json::to_value(machine.config()).unwrap_or(Value::Null);
        JournalHeader {
            kind: HeaderKind::Header,
            version: JOURNAL_VERSION,
            device: machine.device().clone(),
            config: redact_config(config),
            persisted: redact_state(machine.persisted()),
            store_reset: store_reset.map(str::to_string),
        }
    }
}

/// An open journal file being appended to.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Creates (or truncates) the file and writes the header line.
    pub fn create(path: &Path, header: &JournalHeader) -> Result<Journal, RuntimeError> {
        let file = File::create(path).map_err(|source| RuntimeError::JournalIo {
            path: path.to_path_buf(),
            source,
        })?;
        let mut journal = Journal {
            path: path.to_path_buf(),
            file,
        };
        let line = serde_json::to_value(header).unwrap_or(Value::Null);
        journal.write_line(&line)?;
        Ok(journal)
    }

    /// Appends one input at `at_ms`, its token fingerprinted.
    pub fn append(&mut self, at_ms: u64, input: &Input) -> Result<(), RuntimeError> {
        let line = input_line(at_ms, input);
        self.write_line(&line)
    }

    /// Appends a restart at `at_ms`: a new engine over the same store from here on, the
    /// store moved aside first when `store_reset` says why (see the module's description).
    pub fn restart(&mut self, at_ms: u64, store_reset: Option<&str>) -> Result<(), RuntimeError> {
        let line = restart_line(at_ms, store_reset);
        self.write_line(&line)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write_line(&mut self, line: &Value) -> Result<(), RuntimeError> {
        let mut text = line.to_string();
        text.push('\n');
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|source| RuntimeError::JournalIo {
                path: self.path.clone(),
                source,
            })
    }
}

/// `{"at_ms":…,"type":…,…fields}` of one input, token fingerprinted.
pub fn input_line(at_ms: u64, input: &Input) -> Value {
    let mut line = Map::new();
    line.insert("at_ms".into(), Value::from(at_ms));
    if let Ok(Value::Object(fields)) = serde_json::to_value(redact_input(input)) {
        line.extend(fields);
    }
    Value::Object(line)
}

/// `{"at_ms":…,"type":"restart"}`, with `store_reset` when there is one.
pub fn restart_line(at_ms: u64, store_reset: Option<&str>) -> Value {
    let mut line = Map::new();
    line.insert("at_ms".into(), Value::from(at_ms));
    line.insert("type".into(), Value::from(RESTART));
    if let Some(detail) = store_reset {
        line.insert("store_reset".into(), Value::from(detail));
    }
    Value::Object(line)
}
