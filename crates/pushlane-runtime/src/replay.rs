//! Reading a journal back and replaying it on a fresh machine (lifecycle.md invariant 10: the
//! same inputs give the same outputs).

use crate::driver::Driver;
use crate::error::RuntimeError;
use crate::item::{EngineItem, Item};
use crate::journal::{JournalHeader, JOURNAL_VERSION, RESTART};
use crate::Step;
use pushlane_core::{Input, Machine, Output};
use pushlane_plugin::{PluginConfig, VendorPlugin};
use pushlane_store::{MemoryStore, Store};
use serde_json::{Map, Value};
use std::path::Path;

/// One input line of a journal.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    /// The line number in the file (from 1; the header is line 1).
    pub line: usize,
    pub at_ms: u64,
    pub input: Input,
}

/// A restart line of a journal (`pushlane simulate` writes them): the engine process died and
/// a new engine opened the same store.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalRestart {
    /// The line number in the file: the restart comes after the entries of earlier lines.
    pub line: usize,
    pub at_ms: u64,
    /// The `store_reset` detail, when the new engine found its store moved aside.
    pub store_reset: Option<String>,
}

/// A journal read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalFile {
    pub header: JournalHeader,
    /// The inputs, in file order.
    pub entries: Vec<JournalEntry>,
    /// The restarts, in file order (none in a journal an engine wrote).
    pub restarts: Vec<JournalRestart>,
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

/// Reads a journal file. A line that cannot be parsed (invalid UTF-8 included) is an error
/// naming its number.
pub fn read_journal(path: &Path) -> Result<JournalFile, RuntimeError> {
    let bytes = std::fs::read(path).map_err(|source| RuntimeError::JournalIo {
        path: path.to_path_buf(),
        source,
    })?;
    parse_journal(&journal_text(&bytes)?)
}

/// The journal's bytes as text; invalid UTF-8 is an error naming the line and the byte.
fn journal_text(bytes: &[u8]) -> Result<String, RuntimeError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let before = &bytes[..bad];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        error(
            line,
            &format!(
                "not valid UTF-8 (at byte {} of the line)",
                bad - line_start + 1
            ),
        )
    })
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
    let mut journal = JournalFile {
        header,
        entries: Vec::new(),
        restarts: Vec::new(),
    };
    // The line and time of the last input or restart.
    let mut previous: Option<(usize, u64)> = None;
    for (line, text) in lines {
        let at_ms = match parse_line(line, text)? {
            Line::Input(entry) => {
                let at_ms = entry.at_ms;
                journal.entries.push(entry);
                at_ms
            }
            Line::Restart(restart) => {
                let at_ms = restart.at_ms;
                journal.restarts.push(restart);
                at_ms
            }
        };
        if let Some((previous_line, previous_ms)) = previous {
            if at_ms < previous_ms {
                return Err(error(
                    line,
                    &format!(
                        "at_ms {at_ms} is earlier than line {previous_line}'s at_ms {previous_ms}; a journal's times never run backwards"
                    ),
                ));
            }
        }
        previous = Some((line, at_ms));
    }
    Ok(journal)
}

fn error(line: usize, message: &str) -> RuntimeError {
    RuntimeError::Journal {
        line,
        message: message.to_string(),
    }
}

/// One line after the header.
enum Line {
    Input(JournalEntry),
    Restart(JournalRestart),
}

fn parse_line(line: usize, text: &str) -> Result<Line, RuntimeError> {
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
    if fields.get("type").and_then(Value::as_str) == Some(RESTART) {
        return parse_restart(line, at_ms, fields).map(Line::Restart);
    }
    let input: Input = serde_json::from_value(Value::Object(fields))
        .map_err(|e| error(line, &format!("not an input: {e}")))?;
    Ok(Line::Input(JournalEntry { line, at_ms, input }))
}

fn parse_restart(
    line: usize,
    at_ms: u64,
    mut fields: Map<String, Value>,
) -> Result<JournalRestart, RuntimeError> {
    fields.remove("type");
    let store_reset = match fields.remove("store_reset") {
        None => None,
        Some(Value::String(detail)) => Some(detail),
        Some(other) => {
            return Err(error(
                line,
                &format!("restart: store_reset must be a string, got {other}"),
            ))
        }
    };
    if let Some(key) = fields.keys().next() {
        return Err(error(
            line,
            &format!("restart: unknown field {key} (expected at_ms, type, store_reset)"),
        ));
    }
    Ok(JournalRestart {
        line,
        at_ms,
        store_reset,
    })
}

/// Replays a journal on a fresh machine: every input in order at its `at_ms`, yielding the
/// inputs, effects and events as the engine's subscribers saw them (tokens as fingerprints).
/// At a restart line ([`Item::Restart`]) a new machine is built over what the store holds.
pub fn replay_items(
    journal: &JournalFile,
    plugins: Vec<&'static dyn VendorPlugin>,
) -> Result<Vec<EngineItem>, RuntimeError> {
    let machine = journal.machine(plugins.clone())?;
    let store = MemoryStore::with_state(journal.header.persisted.clone());
    let mut driver = Driver::new(machine, store);
    let mut items = Vec::new();
    if let Some(detail) = &journal.header.store_reset {
        push_step(&mut items, driver.store_reset(0, detail));
    }
    let mut restarts = journal.restarts.iter().peekable();
    for entry in &journal.entries {
        while let Some(restart) = restarts.next_if(|r| r.line < entry.line) {
            driver = restarted(driver, journal, &plugins, restart, &mut items)?;
        }
        items.push(EngineItem {
            at_ms: entry.at_ms,
            item: Item::Input(entry.input.clone()),
        });
        push_step(&mut items, driver.handle(entry.at_ms, entry.input.clone()));
    }
    for restart in restarts {
        driver = restarted(driver, journal, &plugins, restart, &mut items)?;
    }
    Ok(items)
}

/// The effects and events of a step as items (store writes are done, not shown).
fn push_step(items: &mut Vec<EngineItem>, step: Step) {
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
}

/// A new engine over the old one's store (an empty one after a `store_reset`), as the
/// simulator's restart builds it: same config and device, effect ids from 1 again.
fn restarted(
    driver: Driver<MemoryStore>,
    journal: &JournalFile,
    plugins: &[&'static dyn VendorPlugin],
    restart: &JournalRestart,
    items: &mut Vec<EngineItem>,
) -> Result<Driver<MemoryStore>, RuntimeError> {
    items.push(EngineItem {
        at_ms: restart.at_ms,
        item: Item::Restart,
    });
    let mut store = match restart.store_reset {
        Some(_) => MemoryStore::new(),
        None => driver.into_store(),
    };
    let persisted = store.load()?;
    let machine = Machine::with_plugins(
        plugins.to_vec(),
        journal.config()?,
        journal.header.device.clone(),
        persisted,
    )?;
    let mut driver = Driver::new(machine, store);
    if let Some(detail) = &restart.store_reset {
        push_step(items, driver.store_reset(restart.at_ms, detail));
    }
    Ok(driver)
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
mod order_tests {
    use super::*;

    const HEADER: &str = r#"{"type":"header","version":1,"device":{"platform":"android","manufacturer":"Xiaomi"},"config":{},"persisted":{}}"#;

    #[test]
    fn times_never_run_backwards() {
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\n",
            r#"{"at_ms":7,"type":"sdk_initialized"}"#,
            r#"{"at_ms":7,"type":"plugin_init"}"#,
            r#"{"at_ms":6,"type":"ui_ready"}"#
        );
        let err = parse_journal(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "journal line 4: at_ms 6 is earlier than line 3's at_ms 7; a journal's times never run backwards"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line_and_the_byte() {
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend_from_slice(b"{\"at_ms\":0,\"type\":\"login\",\"user_id\":\"\xc3\"}\n");
        let err = journal_text(&bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "journal line 2: not valid UTF-8 (at byte 38 of the line)"
        );
        let err = journal_text(b"\xff").unwrap_err();
        assert_eq!(
            err.to_string(),
            "journal line 1: not valid UTF-8 (at byte 1 of the line)"
        );
        assert_eq!(journal_text(b"ok\n").unwrap(), "ok\n");
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
