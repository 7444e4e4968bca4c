//! The parent: runs children, kills them, checks what they left, restarts the engine.
//!
//! A run is one store in a fresh directory and one device; it has 1–3 generations, each a
//! child process killed at a random point (or left to finish) and checked ([`crate::check`]).
//! After the last generation, and at random after earlier ones, the next engine runs
//! in-process over the store and is checked ([`crate::restart`]); otherwise the next child
//! opens the store exactly as the crash left it.

use crate::check::{self, Verdict};
use crate::kill::{run_child, Kill};
use crate::protocol::Line;
use crate::restart;
use crate::rng::Rng;
use crate::setup::{DEVICES, USERS};
use crate::snapshot::{self, fingerprinted, Snapshot};
use pushlane::PersistedState;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The child binary (`env!("CARGO_BIN_EXE_pushlane-crashtest")`).
    pub child: PathBuf,
    pub runs: u64,
    pub seed: u64,
    /// Print one line per generation on stderr.
    pub verbose: bool,
}

/// The long-run totals.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub runs: u64,
    pub children: u64,
    pub kills: u64,
    pub finished: u64,
    pub restarts: u64,
    pub writes_seen: u64,
    pub kill_points: BTreeSet<String>,
    pub phases: BTreeMap<String, u64>,
    /// Kills that came after the server accepted an upload and before the engine recorded it.
    pub unrecorded_uploads: u64,
    /// … of those, kills with push switched off and nothing stored to clear that token although
    /// its session went on (each also a failure).
    pub forgotten_clears: u64,
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "crash harness: {} runs, {} child processes ({} killed with SIGKILL, {} finished), \
             {} restarts checked in-process, {} store writes reported, in {:.1?}",
            self.runs,
            self.children,
            self.kills,
            self.finished,
            self.restarts,
            self.writes_seen,
            self.elapsed
        )?;
        writeln!(
            f,
            "distinct kill points (phase/writes seen/acknowledgements seen): {}",
            self.kill_points.len()
        )?;
        let phases: Vec<String> = self
            .phases
            .iter()
            .map(|(phase, n)| format!("{phase} {n}"))
            .collect();
        writeln!(f, "kills by phase: {}", phases.join(", "))?;
        writeln!(
            f,
            "kills after the server accepted an upload the engine had not recorded: {} \
             ({} with push off and nothing stored to clear it)",
            self.unrecorded_uploads, self.forgotten_clears
        )?;
        write!(f, "failures: {}", self.failures.len())?;
        for failure in &self.failures {
            write!(f, "\n  {failure}")?;
        }
        Ok(())
    }
}

/// Running means of the size of the children left to finish, for drawing kill points inside
/// a child.
struct Estimates {
    children: u64,
    lines: u64,
    writes: u64,
    millis: u64,
}

impl Estimates {
    /// A first guess, counted as one child.
    fn new() -> Estimates {
        Estimates {
            children: 1,
            lines: 50,
            writes: 5,
            millis: 60,
        }
    }

    fn add(&mut self, lines: u64, writes: u64, millis: u64) {
        self.children += 1;
        self.lines += lines;
        self.writes += writes;
        self.millis += millis;
    }

    /// Half as much again as the mean of a measure (so that late points are reached too).
    fn mean(&self, total: u64) -> u64 {
        (total * 3 / 2 / self.children).max(1)
    }
}

fn draw_kill(rng: &mut Rng, est: &Estimates) -> Option<Kill> {
    let extra_us = if rng.percent(50) {
        0
    } else {
        rng.between(0, 1_500)
    };
    Some(match rng.weighted(&[10, 10, 15, 25, 25, 10, 10, 5]) {
        // Left to finish: its size is a fair sample for the estimates.
        0 => return None,
        1 => Kill::After(Duration::from_micros(rng.between(0, 15_000))),
        2 => Kill::After(Duration::from_millis(rng.between(0, est.mean(est.millis)))),
        3 => Kill::AtLine {
            n: rng.between(1, est.mean(est.lines)),
            extra_us,
        },
        4 => Kill::AtWrite {
            n: rng.between(1, est.mean(est.writes)),
            extra_us,
        },
        5 => Kill::HeldLine(rng.between(1, est.mean(est.lines))),
        6 => Kill::HeldWrite(rng.between(1, est.mean(est.writes))),
        _ => Kill::HeldUploadOk(rng.between(1, 3)),
    })
}

/// Runs `settings.runs` runs and adds everything up.
pub fn run(settings: &Settings) -> Summary {
    let started = Instant::now();
    let mut summary = Summary {
        runs: settings.runs,
        ..Summary::default()
    };
    let mut rng = Rng::new(settings.seed);
    let mut est = Estimates::new();
    for run in 0..settings.runs {
        let run_seed = rng.next_u64();
        let failures = one_run(settings, run, run_seed, &mut summary, &mut est);
        summary.failures.extend(
            failures
                .into_iter()
                .map(|f| format!("run {run} (seed {run_seed}): {f}")),
        );
    }
    summary.elapsed = started.elapsed();
    summary
}

/// One run: a fresh store, 1–3 killed children, restarts; returns what failed.
fn one_run(
    settings: &Settings,
    run: u64,
    seed: u64,
    summary: &mut Summary,
    est: &mut Estimates,
) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let dir = match tempfile::Builder::new().prefix("pushlane-crash-").tempdir() {
        Ok(dir) => dir,
        Err(e) => return vec![format!("cannot create a temp dir: {e}")],
    };
    let store = dir.path().join("push.db");
    let scratch = dir.path().join("copy");
    let (device, _) = *rng.pick(&DEVICES);
    let generations = rng.between(1, 3);
    let mut initial = PersistedState::default();
    let mut failures = Vec::new();
    for generation in 0..generations {
        let child_seed = rng.next_u64();
        let kill = draw_kill(&mut rng, est);
        let child = run_child(
            &settings.child,
            &store,
            device,
            child_seed,
            &initial.tokens,
            &[],
            kill,
        );
        summary.children += 1;
        let context =
            format!("generation {generation}, {device}, child seed {child_seed}, {kill:?}");
        let mut found: Vec<String> = child.failures.clone();
        let snapshot = match snapshot::read(&store, &scratch) {
            Ok(snapshot) => snapshot.unwrap_or_else(|| Snapshot {
                integrity: "ok".to_string(),
                state: PersistedState::default(),
            }),
            Err(e) => {
                found.push(format!("cannot read the store: {e}"));
                failures.extend(found.into_iter().map(|f| format!("{context}: {f}")));
                break;
            }
        };
        let verdict: Verdict = check::check(
            &fingerprinted(&initial),
            &child.lines,
            child.killed,
            &fingerprinted(&snapshot.state),
            &snapshot.integrity,
        );
        found.extend(verdict.failures.iter().cloned());
        found.extend(moved_aside(dir.path()));
        summary.writes_seen += verdict.writes as u64;
        if child.killed {
            summary.kills += 1;
            summary.kill_points.insert(verdict.kill_point());
            *summary.phases.entry(verdict.phase.clone()).or_default() += 1;
            summary.unrecorded_uploads += u64::from(verdict.unrecorded_upload);
            summary.forgotten_clears += u64::from(verdict.forgotten_clear);
        } else {
            summary.finished += 1;
        }
        if kill.is_none() {
            est.add(
                child.lines.len() as u64,
                verdict.writes as u64,
                child.elapsed.as_millis() as u64,
            );
        }
        if settings.verbose {
            eprintln!(
                "run {run} gen {generation} {device} {kill:?}: {} lines, {} in {:?}{}",
                child.lines.len(),
                verdict.kill_point(),
                child.elapsed,
                if found.is_empty() { "" } else { " FAILED" }
            );
        }
        initial = snapshot.state;
        if found.is_empty() && (generation + 1 == generations || rng.percent(50)) {
            let user = initial
                .upload_record
                .as_ref()
                .or(initial.upload_pending.as_ref())
                .map(|r| r.user_id.clone())
                .unwrap_or_else(|| rng.pick(&USERS).to_string());
            summary.restarts += 1;
            match restart::run(&store, device, &user, &[]) {
                Ok(restarted) => match snapshot::read(&store, &scratch) {
                    Ok(Some(after)) => {
                        found.extend(restart::check(
                            device,
                            &user,
                            &initial,
                            &restarted,
                            &after.state,
                        ));
                        initial = after.state;
                    }
                    Ok(None) => found.push("the restarted engine left no store".to_string()),
                    Err(e) => found.push(format!("cannot read the store after restart: {e}")),
                },
                Err(e) => found.push(e),
            }
            found.extend(moved_aside(dir.path()));
        }
        if !found.is_empty() {
            let tail: Vec<String> = child
                .lines
                .iter()
                .rev()
                .take(12)
                .rev()
                .map(Line::to_string)
                .collect();
            failures.extend(found.into_iter().map(|f| format!("{context}: {f}")));
            failures.push(format!(
                "{context}: last lines:\n    {}",
                tail.join("\n    ")
            ));
            let kept = dir.keep();
            failures.push(format!("the run's files are kept in {}", kept.display()));
            return failures;
        }
    }
    failures
}

/// A crash must never make the store look corrupt: nothing is moved aside.
fn moved_aside(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".corrupt-"))
        .map(|name| format!("the store was moved aside: {name}"))
        .collect()
}
