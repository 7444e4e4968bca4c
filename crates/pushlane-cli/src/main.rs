//! `pushlane`: run scenarios against the real engine, explain device detection, check plugin
//! configs, list linked vendors, replay runtime journals, lint a message's offline-push info
//! and print its Chat REST API bodies, and simulate a fleet of devices for capacity planning.
//!
//! Exit status: 0 when the command did its job, 1 when `doctor` or `lint` found an error or when the
//! output cannot be written (a full disk), 2 for bad input (a malformed scenario, config,
//! device or journal, or a bad command line), with a message naming the file, the place and
//! what was expected. A reader that stops reading (`pushlane vendors | head -1`) is not an
//! error: the output ends quietly and the status is the command's own.
//!
//! Logging: off unless `RUST_LOG` is set (e.g. `RUST_LOG=debug`, `RUST_LOG=pushlane_runtime=trace`);
//! log lines go to standard error, never mixed into a trace on standard output.

use clap::{Parser, Subcommand};
use pushlane_cli::error::CliError;
use pushlane_cli::sending::lint::LintFormat;
use pushlane_cli::sending::payload::RestKind;
use pushlane_cli::{
    detect, doctor, fleet, logging, output, replay, scenario, sending, statechart, vendors, Format,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit status section of every `--help`.
const AFTER_HELP: &str = "\
Exit status: 0 done; 1 doctor or lint found an error, the engine could not run, or the output cannot
be written (a full disk); 2 bad input (file or command line). When the reader of the output
stops reading (`| head`), the output ends quietly with the command's own status.
Logging: set RUST_LOG (e.g. RUST_LOG=debug) for log lines on standard error.";

#[derive(Parser)]
#[command(
    name = "pushlane",
    version,
    about = "Offline-push lifecycle engine for chat apps",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file against the real engine on a virtual clock.
    Simulate {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "pretty")]
        format: Format,
        /// Keep the SQLite store here instead of a temporary directory.
        #[arg(long)]
        store: Option<PathBuf>,
        /// Also write the run's journal here (the engine's journal format, tokens and secrets
        /// as fingerprints; restarts included): `pushlane replay FILE` prints the same trace.
        #[arg(long, value_name = "FILE")]
        journal: Option<PathBuf>,
    },
    /// Which channel serves a device, by which rule, and which badge call it would use.
    Detect(detect::DetectArgs),
    /// Check a plugin config against vendors.md and known delivery pitfalls.
    Doctor {
        config: PathBuf,
        #[arg(long)]
        device: Option<PathBuf>,
    },
    /// The vendor plugins linked into this build, with their capabilities.
    Vendors,
    /// Replay a runtime journal and print the trace.
    Replay {
        journal: PathBuf,
        #[arg(long, value_enum, default_value = "pretty")]
        format: Format,
    },
    /// Check a message's offline-push info against every vendor's sending rules.
    Lint {
        /// A push file: [message], [offline_push_info], targets = [..] (TOML, or JSON when
        /// the name ends in .json).
        file: PathBuf,
        #[arg(long, value_enum, default_value = "pretty")]
        format: LintFormat,
    },
    /// Print the Chat REST API request bodies (JSON, one per line) that send a push file's
    /// message.
    Payload {
        /// A push file, as for `lint`; `to = [..]` in it lists the recipients.
        file: PathBuf,
        /// Which Chat REST API request the bodies are for.
        #[arg(long, value_enum)]
        rest: RestKind,
        /// The recipients instead of the file's `to`: one user id a line, blank lines and
        /// `#` comments skipped.
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// Simulate a fleet of devices, each a day through the real engine, for push capacity
    /// planning: uploads per second, time until devices are reachable, what fails.
    Fleet(fleet::FleetArgs),
    /// Print the lifecycle regions' statecharts, generated from the machine's transition table.
    Statechart(statechart::StatechartArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            output::report(&format!("pushlane: {err}"));
            ExitCode::from(err.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    logging::install_from_env()?;
    match cli.command {
        Command::Simulate {
            file,
            format,
            store,
            journal,
        } => scenario::run_command(&file, format, store.as_deref(), journal.as_deref()),
        Command::Detect(args) => detect::run(&args),
        Command::Doctor { config, device } => doctor::run(&config, device.as_deref()),
        Command::Vendors => vendors::run(),
        Command::Replay { journal, format } => replay::run(&journal, format),
        Command::Lint { file, format } => sending::lint::run(&file, format),
        Command::Payload { file, rest, to } => sending::payload::run(&file, rest, to.as_deref()),
        Command::Fleet(args) => fleet::run_command(args),
        Command::Statechart(args) => statechart::run(&args),
    }
}

/// `--help` and `--version` go to standard output like any command's output (a full disk is
/// an error); a bad command line goes to standard error with status 2.
fn clap_exit(err: &clap::Error) -> ExitCode {
    if err.use_stderr() {
        // clap's own printing returns its errors rather than panicking.
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let text = err.render().ansi().to_string();
    let mut out = anstream::AutoStream::auto(std::io::stdout()).lock();
    match output::write_to(&mut out, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::report(&format!("pushlane: {err}"));
            ExitCode::from(err.exit_code())
        }
    }
}
