//! `pushlane replay JOURNAL`: replays a runtime journal on a fresh machine and prints the trace
//! (lifecycle.md invariant 10: the same inputs give the same outputs).

use crate::error::CliError;
use crate::trace::TraceWriter;
use crate::Format;
use pushlane_runtime::RuntimeError;
use pushlane_runtime::{read_journal, replay_items};
use std::path::Path;
use std::process::ExitCode;

/// `pushlane replay JOURNAL [--format …]`.
pub fn run(journal: &Path, format: Format) -> Result<ExitCode, CliError> {
    let file = read_journal(journal).map_err(|e| journal_error(journal, e))?;
    let plugins = pushlane::linked_vendors().map_err(|e| CliError::Engine(e.to_string()))?;
    let items = replay_items(&file, plugins).map_err(|e| journal_error(journal, e))?;
    let mut out = TraceWriter::stdout(format);
    let name = journal.file_name().unwrap_or(journal.as_os_str());
    out.set_title(&name.to_string_lossy());
    for item in &items {
        // Journals hold tokens as fingerprints already (redacting again would fingerprint the
        // fingerprints, and the trace would no longer match the journal).
        out.line(&item.trace_line())?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// A journal that cannot be read, or a line of it that cannot be parsed, is bad input (exit 2)
/// naming the file (and the line).
fn journal_error(journal: &Path, err: RuntimeError) -> CliError {
    match err {
        RuntimeError::JournalIo { source, .. } => {
            CliError::bad_input(journal, format!("cannot read the journal: {source}"))
        }
        RuntimeError::Journal { line, message } => {
            CliError::bad_input(journal, format!("line {line}: {message}"))
        }
        RuntimeError::Config(e) => CliError::bad_input(
            journal,
            format!("line 1 (header): the plugin config cannot be used: {e}"),
        ),
        RuntimeError::Core(e) => CliError::bad_input(
            journal,
            format!("line 1 (header): cannot build the engine: {e}"),
        ),
        other => CliError::Engine(other.to_string()),
    }
}
