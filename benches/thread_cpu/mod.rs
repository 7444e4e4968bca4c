//! Wall time and the CPU time of the bench's thread, for the ratios the runtime and cold-start
//! benches print. On a shared machine the wall clock also counts the time other processes hold
//! the core; the thread's CPU time (user + system) does not. Everything these benches time runs
//! on that one thread (a current-thread tokio runtime, SQLite called from it).

use std::time::{Duration, Instant};

/// How long one run took.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    /// CPU time of this thread; zero where the platform has no per-thread clock.
    pub cpu: Duration,
}

/// Both clocks, started.
pub struct Stopwatch {
    wall: Instant,
    cpu: Duration,
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    /// The time since [`start`](Self::start) by both clocks.
    pub fn sample(&self) -> Sample {
        Sample {
            cpu: thread_cpu().saturating_sub(self.cpu),
            wall: self.wall.elapsed(),
        }
    }
}

/// Times `run` by both clocks.
pub fn timed<R>(run: impl FnOnce() -> R) -> (Sample, R) {
    let watch = Stopwatch::start();
    let result = run();
    (watch.sample(), result)
}

/// The medians of both clocks over some runs.
#[derive(Debug, Clone, Copy)]
pub struct Medians {
    pub wall: Duration,
    pub cpu: Duration,
}

impl Medians {
    pub fn of(samples: &[Sample]) -> Medians {
        let median = |mut times: Vec<Duration>| {
            times.sort();
            times[times.len() / 2]
        };
        Medians {
            wall: median(samples.iter().map(|s| s.wall).collect()),
            cpu: median(samples.iter().map(|s| s.cpu).collect()),
        }
    }

    /// `self / baseline` by each clock: (wall, CPU).
    pub fn ratio(&self, baseline: &Medians) -> (f64, f64) {
        let by = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        (by(self.wall, baseline.wall), by(self.cpu, baseline.cpu))
    }
}

/// CPU time this thread has used so far.
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    Duration::ZERO
}
