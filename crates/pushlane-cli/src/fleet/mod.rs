//! `pushlane fleet`: N simulated devices, each a seeded day of lifecycle through the real
//! engine on a virtual clock, for push capacity planning (docs/fleet.md): how many token
//! uploads a second reach the Chat server, how long until devices can be reached again, and
//! what fails.
//!
//! - [`mix`]: the mix file and its defaults; [`device`] and [`session`]: each device and its
//!   day, drawn from the seed and the device's index only ([`rng`]);
//! - [`drive`] and [`host`]: one device through a [`pushlane::Machine`] with an in-memory
//!   store and a simulated host;
//! - [`stats`]: counters and hdrhistogram histograms, merged by adding;
//! - [`shard`], [`merge`]: slicing a fleet and merging the slices exactly;
//! - [`report`], [`progress`]: the output and the progress bar.
//!
//! Devices run on all cores with rayon, in blocks: nothing is kept per device, so memory does
//! not grow with the fleet.

pub mod device;
pub mod drive;
pub mod host;
pub mod merge;
pub mod mix;
pub mod progress;
pub mod report;
pub mod rng;
pub mod session;
pub mod shard;
pub mod stats;

use crate::error::CliError;
use clap::{Args, Subcommand};
use drive::{run_device, Context, Scratch};
use mix::Mix;
use progress::Progress;
use rayon::prelude::*;
use report::ReportFormat;
use shard::{Document, RunSpec, Shard, Wall};
use stats::Stats;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Devices a worker runs before it reports progress.
const BLOCK: u64 = 1024;

/// `pushlane fleet …`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct FleetArgs {
    #[command(subcommand)]
    pub command: Option<FleetCommand>,
    /// How many devices to simulate, each through the mix's day (24 h by default).
    #[arg(long, required = true, value_parser = clap::value_parser!(u64).range(1..))]
    pub devices: Option<u64>,
    /// The mix file (TOML, docs/fleet.md); without it, the default mix.
    #[arg(long, value_name = "FILE")]
    pub mix: Option<PathBuf>,
    /// The seed: the same seed, devices and mix give the same result, whatever the threads
    /// and shards.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// pretty (default) or json; a shard's result is always json.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Run only devices k with k % N == I, and print the result as JSON for
    /// `pushlane fleet merge`.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
}

#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// Merge the JSON results of every shard of one run into the result of the whole run.
    Merge {
        /// The shard results (what `pushlane fleet --shard I/N` printed), every shard of the
        /// run once, in any order.
        #[arg(required = true, value_name = "FILES")]
        files: Vec<PathBuf>,
        /// pretty, or json: the same document as one run of every device.
        #[arg(long, value_enum, default_value = "pretty")]
        format: ReportFormat,
    },
}

/// `pushlane fleet …`.
pub fn run_command(args: FleetArgs) -> Result<ExitCode, CliError> {
    if let Some(FleetCommand::Merge { files, format }) = &args.command {
        let names = stats::vendor_names();
        let doc = merge::merge_files(files, &names)?;
        crate::output::print(&report::render(&doc, &names, *format))?;
        return Ok(ExitCode::SUCCESS);
    }
    let devices = args
        .devices
        .ok_or_else(|| CliError::Usage("fleet: --devices N is required".into()))?;
    let format = match (args.shard, args.format) {
        (Some(_), Some(ReportFormat::Pretty)) => {
            return Err(CliError::Usage(
                "fleet: a shard's result is JSON (for `pushlane fleet merge`); leave out --format pretty"
                    .into(),
            ))
        }
        (Some(_), _) => ReportFormat::Json,
        (None, format) => format.unwrap_or(ReportFormat::Pretty),
    };
    let mix = match &args.mix {
        Some(file) => load(file)?,
        None => Mix::default(),
    };
    let shard = args.shard.unwrap_or(Shard::ALL);
    let progress = Progress::new(shard.len(devices));
    let doc = run(
        mix,
        devices,
        args.seed,
        args.shard,
        args.threads.map(usize::from),
        &progress,
    )?;
    progress.finish();
    let names = stats::vendor_names();
    crate::output::print(&report::render(&doc, &names, format))?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and checks a mix file; anything malformed is [`CliError::BadInput`].
pub fn load(file: &Path) -> Result<Mix, CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::bad_input(file, format!("cannot read the mix: {e}")))?;
    let fallback = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    mix::parse(&text, &fallback).map_err(|message| CliError::bad_input(file, message))
}

/// Runs the devices of `shard` (all of them for `None`) on `threads` threads (all cores for
/// `None`).
pub fn run(
    mix: Mix,
    devices: u64,
    seed: u64,
    shard: Option<Shard>,
    threads: Option<usize>,
    progress: &Progress,
) -> Result<Document, CliError> {
    let spec = RunSpec {
        devices,
        seed,
        mix: mix.echo(),
    };
    let ctx = Context::new(mix, seed).map_err(CliError::Engine)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| CliError::Engine(format!("cannot start the worker threads: {e}")))?;
    let slice = shard.unwrap_or(Shard::ALL);
    let started = Instant::now();
    let stats = pool.install(|| simulate(&ctx, slice, devices, progress));
    let wall = Wall {
        seconds: started.elapsed().as_secs_f64(),
        threads: pool.current_num_threads(),
        shards: Vec::new(),
    };
    Ok(Document {
        run: spec,
        shard,
        stats,
        wall,
    })
}

/// Every device of the slice, in blocks over the current rayon pool; each worker counts into
/// its own [`Stats`], which are added up at the end (addition: the order does not matter).
fn simulate(ctx: &Context, slice: Shard, devices: u64, progress: &Progress) -> Stats {
    let count = slice.len(devices);
    let blocks = count.div_ceil(BLOCK);
    (0..blocks)
        .into_par_iter()
        .fold(
            || (ctx.stats(), Scratch::default()),
            |(mut stats, mut scratch), block| {
                let first = block * BLOCK;
                let last = (first + BLOCK).min(count);
                for j in first..last {
                    run_device(ctx, slice.device(j), &mut scratch, &mut stats);
                }
                progress.advance(last - first);
                (stats, scratch)
            },
        )
        .map(|(stats, _)| stats)
        .reduce(|| ctx.stats(), Stats::merged)
}
