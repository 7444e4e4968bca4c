//! Engine time and the timers of `arm_timer` / `cancel_timer`, run on tokio time (so tests with
//! paused time run minutes of backoff in milliseconds).

use pushlane_core::{Effect, TimerName};
use std::collections::BTreeMap;
use tokio::time::{Duration, Instant};

/// The engine's monotonic clock: milliseconds since the engine started.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    start: Instant,
}

impl Clock {
    pub fn new() -> Clock {
        Clock {
            start: Instant::now(),
        }
    }

    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    pub fn instant_at(&self, at_ms: u64) -> Instant {
        // A deadline beyond what the clock can hold (a huge `upload_delay_ms`) waits "forever"
        // (about 30 years, as tokio's own far-future sleeps do) instead of overflowing.
        const FAR: Duration = Duration::from_secs(86_400 * 365 * 30);
        self.start
            .checked_add(Duration::from_millis(at_ms))
            .unwrap_or_else(|| self.start + FAR)
    }
}

/// The armed timers: deadline and arming order (timers due at the same time fire in the order
/// they were armed).
#[derive(Debug, Default)]
pub(crate) struct Timers {
    armed: BTreeMap<TimerName, (u64, u64)>,
    seq: u64,
}

impl Timers {
    /// Applies an `arm_timer` / `cancel_timer` effect; returns whether it was one.
    pub fn apply(&mut self, effect: &Effect) -> bool {
        match effect {
            Effect::ArmTimer { timer, deadline_ms } => {
                self.seq += 1;
                self.armed.insert(*timer, (*deadline_ms, self.seq));
                true
            }
            Effect::CancelTimer { timer } => {
                self.armed.remove(timer);
                true
            }
            _ => false,
        }
    }

    /// Forgets timers the machine no longer has armed (e.g. fired by a `timer` input a host
    /// sent itself).
    pub fn retain_armed(&mut self, machine_armed: &BTreeMap<TimerName, u64>) {
        self.armed
            .retain(|timer, (deadline, _)| machine_armed.get(timer) == Some(deadline));
    }

    /// The timer due first, with its deadline.
    pub fn next_due(&self) -> Option<(TimerName, u64)> {
        self.armed
            .iter()
            .min_by_key(|(_, (deadline, seq))| (*deadline, *seq))
            .map(|(timer, (deadline, _))| (*timer, *deadline))
    }

    /// Takes a timer that fired out of the set.
    pub fn fired(&mut self, timer: TimerName) {
        self.armed.remove(&timer);
    }

    pub fn len(&self) -> usize {
        self.armed.len()
    }
}

/// Waits until `next` is due (forever when there is none) and names it.
pub(crate) async fn wait_due(clock: Clock, next: Option<(TimerName, u64)>) -> TimerName {
    match next {
        Some((timer, deadline_ms)) => {
            tokio::time::sleep_until(clock.instant_at(deadline_ms)).await;
            timer
        }
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_then_arming_order() {
        let mut timers = Timers::default();
        let arm = |timer, deadline_ms| Effect::ArmTimer { timer, deadline_ms };
        timers.apply(&arm(TimerName::UploadRetry, 5000));
        timers.apply(&arm(TimerName::TokenFetch, 2000));
        timers.apply(&arm(TimerName::ClearRetry, 2000));
        assert_eq!(timers.next_due(), Some((TimerName::TokenFetch, 2000)));
        timers.apply(&Effect::CancelTimer {
            timer: TimerName::TokenFetch,
        });
        assert_eq!(timers.next_due(), Some((TimerName::ClearRetry, 2000)));
        timers.fired(TimerName::ClearRetry);
        assert_eq!(timers.next_due(), Some((TimerName::UploadRetry, 5000)));
        timers.retain_armed(&BTreeMap::new());
        assert_eq!(timers.next_due(), None);
        assert_eq!(timers.len(), 0);
    }
}
