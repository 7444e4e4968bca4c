//! The ratio every bench prints after criterion's figures: the value and its baseline timed in
//! alternating rounds (the median of each), so both see the same machine load, by the CPU clock
//! of the bench's thread (which does not count the time other processes hold the core) and by
//! the wall clock.

use crate::thread_cpu::{Medians, Sample, Stopwatch};
use criterion::black_box;

/// Rounds of each side, for a measurement whose rounds take several milliseconds.
pub const ROUNDS: usize = 15;
/// Rounds of each side for short rounds (a millisecond or less), where one load spike moves a
/// median of few rounds.
pub const SHORT_ROUNDS: usize = 61;

/// `cargo bench` passes `--bench`; `cargo test --benches` runs each bench once, quickly, and
/// then the ratios are not measured.
pub fn is_bench_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// How long `run` takes.
pub fn time<R>(run: impl FnOnce() -> R) -> Sample {
    timed(|| (), |()| run())
}

/// How long `run` takes on what `setup` made; building the input and dropping the result are
/// not timed.
pub fn timed<S, R>(setup: impl FnOnce() -> S, run: impl FnOnce(S) -> R) -> Sample {
    let input = setup();
    let watch = Stopwatch::start();
    let result = black_box(run(black_box(input)));
    let sample = watch.sample();
    drop(result);
    sample
}

/// The medians of a value and its baseline.
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    pub value: Medians,
    pub baseline: Medians,
    pub rounds: usize,
}

impl Comparison {
    /// Alternating rounds: one of the value, one of the baseline, `rounds` times each.
    pub fn interleaved(
        rounds: usize,
        mut value: impl FnMut() -> Sample,
        mut baseline: impl FnMut() -> Sample,
    ) -> Comparison {
        let (mut values, mut baselines) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            values.push(value());
            baselines.push(baseline());
        }
        Comparison {
            value: Medians::of(&values),
            baseline: Medians::of(&baselines),
            rounds,
        }
    }

    /// `value / baseline` by the wall clock and by the CPU clock.
    pub fn ratio(&self) -> (f64, f64) {
        self.value.ratio(&self.baseline)
    }

    /// `bench: name cpu X ns/unit (wall …); baseline cpu Y ns/unit (wall …); name / baseline =
    /// cpu R (wall …)`, one line, when each round handled `items`.
    pub fn print(&self, bench: &str, name: &str, baseline: &str, items: usize, unit: &str) {
        let per = |medians: &Medians| {
            let ns = |d: std::time::Duration| d.as_secs_f64() * 1e9 / items as f64;
            format!(
                "cpu {:.1} ns/{unit} (wall {:.1})",
                ns(medians.cpu),
                ns(medians.wall)
            )
        };
        let (wall, cpu) = self.ratio();
        println!(
            "{bench}: {name} {}; {baseline} {}; {name} / baseline = cpu {cpu:.2} (wall {wall:.2}), medians of {} interleaved rounds",
            per(&self.value),
            per(&self.baseline),
            self.rounds,
        );
    }
}
