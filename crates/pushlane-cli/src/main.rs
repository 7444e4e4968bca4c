//! `pushlane`: run scenarios against the real engine, explain device detection, check plugin
//! configs, list linked vendors, and replay runtime journals.
//!
//! Exit status: 0 when the command did its job, 1 when `doctor` found an error, 2 for bad
//! input (a malformed scenario, config, device or journal), with a message naming the file,
//! the place and what was expected.

use clap::{Parser, Subcommand};
use pushlane_cli::{detect, doctor, replay, scenario, vendors, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pushlane",
    version,
    about = "Offline-push lifecycle engine for chat apps"
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Simulate {
            file,
            format,
            store,
        } => scenario::run_command(&file, format, store.as_deref()),
        Command::Detect(args) => detect::run(&args),
        Command::Doctor { config, device } => doctor::run(&config, device.as_deref()),
        Command::Vendors => vendors::run(),
        Command::Replay { journal, format } => replay::run(&journal, format),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("pushlane: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
