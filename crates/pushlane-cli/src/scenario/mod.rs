//! `pushlane simulate FILE`: the real engine (real vendor plugins, real SQLite store) against a
//! simulated host on a virtual clock (scenario.md).

pub(crate) mod clock;
mod host;
pub mod parse;

use crate::error::CliError;
use crate::trace::TraceWriter;
use crate::Format;
use clock::Agenda;
use host::Host;
use parse::{Action, Scenario};
use pushlane::{Input, Output, PersistedState};
use pushlane_runtime::redact::redact_input_with;
use pushlane_runtime::{Driver, Journal, JournalHeader, RuntimeError};
use pushlane_store::{SqliteStore, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How long the clock runs on after the last step while timers or answers are pending.
pub const RUN_ON_MS: u64 = 10 * 60 * 1000;

/// The store file's name inside the temporary directory.
const STORE_FILE: &str = "pushlane.db";

/// `pushlane simulate FILE [--format …] [--store PATH] [--journal PATH]`.
pub fn run_command(
    file: &Path,
    format: Format,
    store: Option<&Path>,
    journal: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let scenario = load(file)?;
    let mut out = TraceWriter::stdout(format);
    out.set_title(&scenario.name);
    // The temporary directory lives until the run is over.
    let (_tempdir, store_path) = match store {
        Some(path) => (None, path.to_path_buf()),
        None => {
            let dir = tempfile::TempDir::new()
                .map_err(|e| CliError::io(Path::new("<temporary directory>"), e))?;
            let path = dir.path().join(STORE_FILE);
            (Some(dir), path)
        }
    };
    run_with_journal(&scenario, &store_path, journal, &mut out)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and checks a scenario file; anything malformed is [`CliError::BadInput`].
pub fn load(file: &Path) -> Result<Scenario, CliError> {
    // A file the user named that cannot be read is bad input (exit 2), as for every command.
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::bad_input(file, format!("cannot read the scenario: {e}")))?;
    let fallback = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse::parse(&text, &fallback).map_err(|message| CliError::bad_input(file, message))
}

/// Runs a checked scenario over the store at `store_path`, writing the trace to `out`.
pub fn run<W: Write>(
    scenario: &Scenario,
    store_path: &Path,
    out: &mut TraceWriter<W>,
) -> Result<(), CliError> {
    run_with_journal(scenario, store_path, None, out)
}

/// [`run`], writing the runtime's journal of the whole run to `journal` when given: every
/// input the engines handled, and each `restart` as a restart line, so that `pushlane replay`
/// prints the same trace (tokens as fingerprints).
pub fn run_with_journal<W: Write>(
    scenario: &Scenario,
    store_path: &Path,
    journal: Option<&Path>,
    out: &mut TraceWriter<W>,
) -> Result<(), CliError> {
    let mut sim = Simulation {
        scenario,
        store_path: store_path.to_path_buf(),
        driver: None,
        journal: None,
        agenda: Agenda::default(),
        host: Host::new(scenario.host.clone()),
    };
    // The engine and its journal are made before anything is printed: a store that cannot be
    // opened, or a journal that cannot be created, fails the run with no trace at all.
    let reset = sim.open_engine()?;
    if let Some(path) = journal {
        sim.start_journal(path, reset.as_deref())?;
    }
    out.note(&scenario.name)?;
    sim.report_reset(0, reset, out)?;
    for step in &scenario.steps {
        sim.run_due(step.at_ms, out)?;
        match &step.action {
            Action::Input(input) => sim.feed(step.at_ms, (**input).clone(), out)?,
            Action::Restart => {
                out.restart(step.at_ms)?;
                sim.restart(step.at_ms, out)?;
            }
        }
    }
    let last = scenario.steps.last().map_or(0, |s| s.at_ms);
    sim.run_due(last.saturating_add(RUN_ON_MS), out)?;
    if !sim.agenda.is_empty() {
        out.note(&format!(
            "stopped 10 min of virtual time after the last step, with {} timer(s) or answer(s) still pending",
            sim.agenda.len()
        ))?;
    }
    Ok(())
}

struct Simulation<'a> {
    scenario: &'a Scenario,
    store_path: PathBuf,
    driver: Option<Driver<SqliteStore>>,
    /// `--journal`: written here rather than by the driver, so that it outlives restarts.
    journal: Option<Journal>,
    agenda: Agenda,
    host: Host,
}

impl Simulation<'_> {
    /// Opens the store and builds an engine over what it holds; `Some(detail)` when the store
    /// file had to be moved aside.
    fn open_engine(&mut self) -> Result<Option<String>, CliError> {
        let outcome = SqliteStore::open(&self.store_path)
            .map_err(|e| CliError::Engine(format!("cannot open the store: {e}")))?;
        let mut store = outcome.store;
        let persisted: PersistedState = store
            .load()
            .map_err(|e| CliError::Engine(format!("cannot read the store: {e}")))?;
        let config = self.scenario.plugin_config().map_err(CliError::Engine)?;
        let machine = pushlane::machine(config, self.scenario.device.clone(), persisted)
            .map_err(|e| CliError::Engine(format!("cannot build the engine: {e}")))?;
        self.driver = Some(Driver::new(machine, store));
        Ok(outcome.reset)
    }

    /// The driver's warning `store_reset`, when the store was moved aside.
    fn report_reset<W: Write>(
        &mut self,
        at_ms: u64,
        reset: Option<String>,
        out: &mut TraceWriter<W>,
    ) -> Result<(), CliError> {
        let (Some(detail), Some(driver)) = (reset, self.driver.as_mut()) else {
            return Ok(());
        };
        let step = driver.store_reset(at_ms, &detail);
        self.outputs(step.at_ms, &step.outputs, out)
    }

    /// Creates the journal with the header of the engine just opened.
    fn start_journal(&mut self, path: &Path, store_reset: Option<&str>) -> Result<(), CliError> {
        let driver = self
            .driver
            .as_ref()
            .ok_or_else(|| CliError::Engine("no engine is running".into()))?;
        let header = JournalHeader::for_machine(driver.machine(), store_reset);
        self.journal = Some(Journal::create(path, &header).map_err(journal_error)?);
        Ok(())
    }

    /// The process dies without a goodbye; a new engine opens the same store.
    fn restart<W: Write>(&mut self, at_ms: u64, out: &mut TraceWriter<W>) -> Result<(), CliError> {
        // Dropping the driver closes the store; pending answers and timers die with the process.
        self.driver = None;
        self.agenda.clear();
        let reset = self.open_engine()?;
        if let Some(journal) = self.journal.as_mut() {
            journal
                .restart(at_ms, reset.as_deref())
                .map_err(journal_error)?;
        }
        self.report_reset(at_ms, reset, out)
    }

    /// Handles everything on the agenda due at or before `limit_ms`, in order.
    fn run_due<W: Write>(
        &mut self,
        limit_ms: u64,
        out: &mut TraceWriter<W>,
    ) -> Result<(), CliError> {
        while let Some((at_ms, input)) = self.agenda.pop_due(limit_ms) {
            self.feed(at_ms, input, out)?;
        }
        Ok(())
    }

    /// One input: its trace line, the engine's outputs, and the host's reactions.
    fn feed<W: Write>(
        &mut self,
        at_ms: u64,
        input: Input,
        out: &mut TraceWriter<W>,
    ) -> Result<(), CliError> {
        // What the engine knows is secret stays out of the pretty trace and the journal.
        if let Some(driver) = self.driver.as_ref() {
            out.learn(driver.machine().secrets());
        }
        out.input(at_ms, &input)?;
        if let Some(journal) = self.journal.as_mut() {
            let redacted = match self.driver.as_ref() {
                Some(driver) => redact_input_with(&input, driver.machine().secrets()),
                None => input.clone(),
            };
            journal.append(at_ms, &redacted).map_err(journal_error)?;
        }
        let driver = self
            .driver
            .as_mut()
            .ok_or_else(|| CliError::Engine("no engine is running".into()))?;
        let step = driver.handle(at_ms, input);
        self.outputs(step.at_ms, &step.outputs, out)
    }

    fn outputs<W: Write>(
        &mut self,
        at_ms: u64,
        outputs: &[Output],
        out: &mut TraceWriter<W>,
    ) -> Result<(), CliError> {
        for output in outputs {
            out.output(at_ms, output)?;
            if let Output::Effect(effect) = output {
                self.host.react(at_ms, effect, &mut self.agenda);
            }
        }
        Ok(())
    }
}

/// A journal that cannot be written fails the run (exit 1), naming the file.
fn journal_error(err: RuntimeError) -> CliError {
    match err {
        RuntimeError::JournalIo { path, source } => CliError::Engine(format!(
            "{}: cannot write the journal: {source}",
            path.display()
        )),
        other => CliError::Engine(other.to_string()),
    }
}
