//! Reading a journal back and replaying it on a fresh machine (lifecycle.md invariant 10: the
//! same inputs give the same outputs).

use crate::driver::Driver;
use crate::error::RuntimeError;
use crate::item::{EngineItem, Item};
use crate::journal::{JournalHeader, JOURNAL_VERSION};
use pushlane_core::{Input, Machine, Output};
use pushlane_plugin::{PluginConfig, VendorPlugin};
use pushlane_store::MemoryStore;
use serde_json::Value;
use std::path::Path;

/// One input line of a journal.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    /// The line number in the file (from 1; the header is line 1).
    pub line: usize,
    pub at_ms: u64,
    pub input: Input,
}

/// A journal read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalFile {
    pub header: JournalHeader,
    pub entries: Vec<JournalEntry>,
}

impl JournalFile {
    /// The plugin config of the header (needs the vendors it names linked into the binary).
    pub fn config(&self) -> Result<PluginConfig, RuntimeError> {
        Ok(PluginConfig::from_value(self.header.config.clone())?)
    }

    /// A fresh machine as the journaled engine started: same config, device and persisted
    /// state (tokens as fingerprints).
    pub fn machine(
        &self,
        plugins: Vec<&'static dyn VendorPlugin>,
    ) -> Result<Machine, RuntimeError> {
        Ok(Machine::with_plugins(
            plugins,
            self.config()?,
            self.header.device.clone(),
            self.header.persisted.clone(),
        )?)
    }
}

/// Reads a journal file. A line that cannot be parsed is an error naming its number.
pub fn read_journal(path: &Path) -> Result<JournalFile, RuntimeError> {
    let text = std::fs::read_to_string(path).map_err(|source| RuntimeError::JournalIo {
        path: path.to_path_buf(),
        source,
    })?;
    parse_journal(&text)
}

/// Parses a journal's text (see [`read_journal`]). Blank lines are skipped.
pub fn parse_journal(text: &str) -> Result<JournalFile, RuntimeError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header_text)) = lines.next() else {
        return Err(error(1, "empty journal: expected a header line"));
    };
    let header: JournalHeader = serde_json::from_str(header_text)
        .map_err(|e| error(header_line, &format!("not a journal header: {e}")))?;
    if header.version != JOURNAL_VERSION {
        return Err(error(
            header_line,
            &format!(
                "journal version {} is not supported (this build reads version {JOURNAL_VERSION})",
                header.version
            ),
        ));
    }
    let entries = lines
        .map(|(line, text)| parse_entry(line, text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(JournalFile { header, entries })
}

fn error(line: usize, message: &str) -> RuntimeError {
    RuntimeError::Journal {
        line,
        message: message.to_string(),
    }
}

fn parse_entry(line: usize, text: &str) -> Result<JournalEntry, RuntimeError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| error(line, &format!("not JSON: {e}")))?;
    let Value::Object(mut fields) = value else {
        return Err(error(line, "expected a JSON object"));
    };
    let at_ms = match fields.remove("at_ms") {
        Some(v) => v.as_u64().ok_or_else(|| {
            error(
                line,
                &format!("at_ms must be a non-negative integer, got {v}"),
            )
        })?,
        None => return Err(error(line, "missing at_ms")),
    };
    let input: Input = serde_json::from_value(Value::Object(fields))
        .map_err(|e| error(line, &format!("not an input: {e}")))?;
    Ok(JournalEntry { line, at_ms, input })
}

/// Replays a journal on a fresh machine: every input in order at its `at_ms`, yielding the
/// inputs, effects and events as the engine's subscribers saw them (tokens as fingerprints).
pub fn replay_items(
    journal: &JournalFile,
    plugins: Vec<&'static dyn VendorPlugin>,
) -> Result<Vec<EngineItem>, RuntimeError> {
    let machine = journal.machine(plugins)?;
    let store = MemoryStore::with_state(journal.header.persisted.clone());
    let mut driver = Driver::new(machine, store);
    let mut items = Vec::new();
    let push_step = |items: &mut Vec<EngineItem>, step: crate::Step| {
        for output in step.outputs {
            let item = match output {
                Output::Effect(e) => Item::Effect(e),
                Output::Event(e) => Item::Event(e),
                Output::Persist(_) => continue,
            };
            items.push(EngineItem {
                at_ms: step.at_ms,
                item,
            });
        }
    };
    if let Some(detail) = &journal.header.store_reset {
        push_step(&mut items, driver.store_reset(0, detail));
    }
    for entry in &journal.entries {
        items.push(EngineItem {
            at_ms: entry.at_ms,
            item: Item::Input(entry.input.clone()),
        });
        push_step(&mut items, driver.handle(entry.at_ms, entry.input.clone()));
    }
    Ok(items)
}

/// Replays a journal (see [`replay_items`]) and yields only the effects and events, each with
/// its time; [`Output::trace_line`] prints them as a trace.
pub fn replay(
    journal: &JournalFile,
    plugins: Vec<&'static dyn VendorPlugin>,
) -> Result<Vec<(u64, Output)>, RuntimeError> {
    Ok(replay_items(journal, plugins)?
        .into_iter()
        .filter_map(|item| item.output().map(|o| (item.at_ms, o)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"{"type":"header","version":1,"device":{"platform":"android","manufacturer":"Xiaomi"},"config":{},"persisted":{}}"#;

    #[test]
    fn parses_header_and_inputs() {
        let text = format!(
            "{HEADER}\n{}\n\n{}\n",
            r#"{"at_ms":0,"type":"sdk_initialized"}"#,
            r#"{"at_ms":5200,"type":"vendor_token","token":"fp:1a2b3c4d","vendor":"xiaomi"}"#
        );
        let journal = parse_journal(&text).unwrap();
        assert_eq!(journal.entries.len(), 2);
        assert_eq!(journal.entries[1].line, 4);
        assert_eq!(journal.entries[1].at_ms, 5200);
        assert!(journal.header.persisted.push_enabled);
    }

    #[test]
    fn bad_lines_are_named() {
        let text = format!(
            "{HEADER}\n{}\n{}\n",
            r#"{"at_ms":0,"type":"plugin_init"}"#, r#"{"at_ms":1,"type":"lgoin"}"#
        );
        let err = parse_journal(&text).unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 3, .. }),
            "{err}"
        );
        assert!(err.to_string().starts_with("journal line 3: "), "{err}");

        let err = parse_journal(&format!("{HEADER}\n{{\"type\":\"logout\"}}")).unwrap_err();
        assert_eq!(err.to_string(), "journal line 2: missing at_ms");

        let err = parse_journal("{\"at_ms\":0,\"type\":\"logout\"}\n").unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 1, .. }),
            "{err}"
        );

        let err = parse_journal("").unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 1, .. }),
            "{err}"
        );

        let err =
            parse_journal(&format!("{HEADER}\n{{\"at_ms\":0,\"type\":\"logout\"")).unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 2, .. }),
            "{err}"
        );
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn an_input_line_is_not_a_header() {
        let err = parse_journal(r#"{"at_ms":0,"type":"sdk_initialized"}"#).unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 1, .. }),
            "{err}"
        );
        let err = parse_journal(
            r#"{"type":"login","version":1,"device":{"platform":"ios","manufacturer":"Apple"},"config":{},"persisted":{}}"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, RuntimeError::Journal { line: 1, .. }),
            "{err}"
        );
    }
}
