//! The virtual clock's agenda: host answers and armed timers, ordered by (time, the order they
//! were scheduled in).

use pushlane::{Input, TimerName};
use std::collections::BTreeMap;

/// Things due at a virtual time.
#[derive(Debug, Default)]
pub struct Agenda {
    items: BTreeMap<(u64, u64), Input>,
    /// Where each armed timer sits in `items`.
    timers: BTreeMap<TimerName, (u64, u64)>,
    seq: u64,
}

impl Agenda {
    /// Schedules an input (a host answer) at `at_ms`.
    pub fn schedule(&mut self, at_ms: u64, input: Input) {
        let key = (at_ms, self.next_seq());
        self.items.insert(key, input);
    }

    /// Arms a timer; re-arming replaces it (and it takes its place in the order anew).
    pub fn arm(&mut self, timer: TimerName, deadline_ms: u64) {
        self.cancel(timer);
        let key = (deadline_ms, self.next_seq());
        self.items.insert(key, Input::Timer { timer });
        self.timers.insert(timer, key);
    }

    /// Forgets a timer if it is armed.
    pub fn cancel(&mut self, timer: TimerName) {
        if let Some(key) = self.timers.remove(&timer) {
            self.items.remove(&key);
        }
    }

    /// The earliest item due at or before `limit_ms`, taken off the agenda.
    pub fn pop_due(&mut self, limit_ms: u64) -> Option<(u64, Input)> {
        let (&key, _) = self.items.first_key_value()?;
        if key.0 > limit_ms {
            return None;
        }
        let input = self.items.remove(&key)?;
        if let Input::Timer { timer } = &input {
            self.timers.remove(timer);
        }
        Some((key.0, input))
    }

    /// Drops everything (the process died).
    pub fn clear(&mut self) {
        self.items.clear();
        self.timers.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_by_time_then_scheduling_order() {
        let mut agenda = Agenda::default();
        agenda.arm(TimerName::TokenFetch, 2000);
        agenda.schedule(400, Input::UiReady);
        agenda.arm(TimerName::TokenUpload, 400);
        agenda.schedule(2000, Input::Logout);
        agenda.arm(TimerName::TokenFetch, 2000); // re-armed: now after the logout
        let order: Vec<_> = std::iter::from_fn(|| agenda.pop_due(10_000)).collect();
        assert_eq!(
            order,
            vec![
                (400, Input::UiReady),
                (
                    400,
                    Input::Timer {
                        timer: TimerName::TokenUpload
                    }
                ),
                (2000, Input::Logout),
                (
                    2000,
                    Input::Timer {
                        timer: TimerName::TokenFetch
                    }
                ),
            ]
        );
    }

    #[test]
    fn cancel_and_limit() {
        let mut agenda = Agenda::default();
        agenda.arm(TimerName::UploadRetry, 100);
        agenda.cancel(TimerName::UploadRetry);
        agenda.schedule(500, Input::UiReady);
        assert_eq!(agenda.pop_due(499), None);
        assert_eq!(agenda.len(), 1);
        agenda.clear();
        assert!(agenda.is_empty());
    }
}
