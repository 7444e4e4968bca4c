//! A device's day as its user and the world live it, drawn before anything runs: when the app
//! is opened and left, when the OS kills it, messages and taps, crashes, a token refresh and
//! push switched off. The engine only sees the inputs these become (`drive.rs`).
//!
//! Rates are per 24 hours of virtual time, whatever `[day] length_s` is.

use super::mix::Mix;
use super::rng::Rng;

/// 24 hours in ms: the unit of the `*_per_day` rates.
const DAY_MS: f64 = 86_400_000.0;
/// A session lasts at least this long (a glance).
const MIN_SESSION_MS: u64 = 1_000;
/// Mean delay between a notification and the user's tap on it.
const MEAN_TAP_DELAY_MS: f64 = 30_000.0;
/// Push is switched in the app's settings this long into a session.
const SETTINGS_AFTER_MS: u64 = 5_000;

/// Something that happens to the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    /// The user brings the app to the foreground (a cold start when the process is dead),
    /// by tapping the notification of message `click` when set.
    Open { click: Option<u32> },
    /// The user leaves the app: it goes to the background.
    Close,
    /// The OS kills the process in the background.
    Kill,
    /// The process crashes; in the foreground the user opens it again at once.
    Crash,
    /// Message number `n` addressed to the user arrives.
    Message(u32),
    /// The vendor SDK issues a new token.
    TokenRefresh,
    /// The user switches push on or off in the app's settings.
    Push(bool),
}

/// The day of one device: what happens when, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The first start (a cold start in the foreground).
    pub start_ms: u64,
    /// The vendor SDK never produces a token on this device today.
    pub token_never: bool,
    /// In time order; ties keep the order they were drawn in.
    pub happenings: Vec<(u64, Happening)>,
}

impl Plan {
    /// Draws the day into `self` (its buffers are reused from device to device).
    pub fn draw(&mut self, mix: &Mix, rng: &mut Rng, messages: &mut Vec<u64>) {
        let day_ms = mix.day.length_ms();
        let b = &mix.behaviour;
        self.happenings.clear();
        self.start_ms = rng.below(mix.day.start_window_s * 1000);
        self.token_never = rng.chance(mix.faults.token_never);

        poisson_times(rng, self.start_ms, day_ms, b.messages_per_day, messages);
        for (n, at) in messages.iter().enumerate() {
            self.happenings.push((*at, Happening::Message(n as u32)));
        }
        let opens = self.draw_sessions(mix, rng, messages);

        let mut crashes = Vec::new();
        poisson_times(
            rng,
            self.start_ms,
            day_ms,
            mix.faults.crashes_per_day,
            &mut crashes,
        );
        self.happenings
            .extend(crashes.into_iter().map(|at| (at, Happening::Crash)));

        if rng.chance(mix.faults.token_refresh) {
            let at = self.start_ms + rng.below(day_ms - self.start_ms);
            self.happenings.push((at, Happening::TokenRefresh));
        }
        if !opens.is_empty() && rng.chance(b.push_off) {
            let first = rng.below(opens.len() as u64) as usize;
            self.settings(opens[first], false, day_ms);
            if rng.chance(b.push_on_again) && first + 1 < opens.len() {
                let later = first + 1 + rng.below((opens.len() - first - 1) as u64) as usize;
                self.settings(opens[later], true, day_ms);
            }
        }
        // Stable: happenings at the same time keep their order.
        self.happenings.sort_by_key(|(at, _)| *at);
    }

    /// Sessions one after another from the first start: foreground for a while, then
    /// background until the next open, which may be a tap on a notification that came in
    /// meanwhile; the OS may kill the process in between. The times of the opens.
    fn draw_sessions(&mut self, mix: &Mix, rng: &mut Rng, messages: &[u64]) -> Vec<u64> {
        let day_ms = mix.day.length_ms();
        let b = &mix.behaviour;
        let session_ms = b.session_s * 1000.0;
        let gap_ms = if b.sessions_per_day > 0.0 {
            (DAY_MS / b.sessions_per_day - session_ms).max(0.0)
        } else {
            f64::INFINITY
        };
        let mut opens = vec![self.start_ms];
        self.happenings
            .push((self.start_ms, Happening::Open { click: None }));
        let mut now = self.start_ms;
        let mut next_message = 0;
        loop {
            let close = now.saturating_add(rng.exponential(session_ms).max(MIN_SESSION_MS));
            if close >= day_ms {
                break;
            }
            self.happenings.push((close, Happening::Close));
            let mut next = if gap_ms.is_finite() {
                close.saturating_add(rng.exponential(gap_ms))
            } else {
                u64::MAX
            };
            let mut click = None;
            while next_message < messages.len() && messages[next_message] < next {
                let at = messages[next_message];
                if at > close && rng.chance(b.click_share) {
                    let tap = at.saturating_add(rng.exponential(MEAN_TAP_DELAY_MS));
                    if tap < next {
                        next = tap;
                        click = Some(next_message as u32);
                    }
                }
                next_message += 1;
            }
            if b.background_kill_s > 0.0 {
                let kill = close.saturating_add(rng.exponential(b.background_kill_s * 1000.0));
                if kill < next && kill < day_ms {
                    self.happenings.push((kill, Happening::Kill));
                }
            }
            if next >= day_ms {
                break;
            }
            self.happenings.push((next, Happening::Open { click }));
            opens.push(next);
            now = next;
        }
        opens
    }

    fn settings(&mut self, open_ms: u64, on: bool, day_ms: u64) {
        let at = open_ms + SETTINGS_AFTER_MS;
        if at < day_ms {
            self.happenings.push((at, Happening::Push(on)));
        }
    }
}

/// The times of a Poisson process of `per_day` events a day in [from, until), into `out`.
fn poisson_times(rng: &mut Rng, from: u64, until: u64, per_day: f64, out: &mut Vec<u64>) {
    out.clear();
    if per_day <= 0.0 {
        return;
    }
    let mean_gap = DAY_MS / per_day;
    let mut at = from;
    loop {
        at = at.saturating_add(rng.exponential(mean_gap));
        if at >= until {
            return;
        }
        out.push(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(mix: &Mix, seed: u64) -> Plan {
        let mut plan = Plan::default();
        plan.draw(mix, &mut Rng::new(seed), &mut Vec::new());
        plan
    }

    #[test]
    fn a_day_starts_with_an_open_and_stays_in_order_and_in_the_day() {
        let mix = Mix::default();
        for seed in 0..50 {
            let plan = plan(&mix, seed);
            assert_eq!(
                plan.happenings[0],
                (plan.start_ms, Happening::Open { click: None })
            );
            assert!(plan.happenings.windows(2).all(|w| w[0].0 <= w[1].0));
            assert!(plan
                .happenings
                .iter()
                .all(|(at, _)| *at < mix.day.length_ms()));
        }
    }

    #[test]
    fn opens_and_closes_alternate() {
        let mix = Mix::default();
        for seed in 0..50 {
            let mut open = false;
            for (_, happening) in plan(&mix, seed).happenings {
                match happening {
                    Happening::Open { .. } => {
                        assert!(!open, "seed {seed}: two opens in a row");
                        open = true;
                    }
                    Happening::Close => {
                        assert!(open, "seed {seed}: a close without an open");
                        open = false;
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn the_mix_shapes_the_day() {
        let mut mix = Mix::default();
        mix.behaviour.messages_per_day = 0.0;
        mix.behaviour.push_off = 1.0;
        mix.faults.token_refresh = 1.0;
        mix.day.start_window_s = 0;
        let plan = plan(&mix, 9);
        assert_eq!(plan.start_ms, 0);
        let has = |h: Happening| plan.happenings.iter().any(|(_, x)| *x == h);
        assert!(has(Happening::Push(false)) && has(Happening::TokenRefresh));
        assert!(!plan
            .happenings
            .iter()
            .any(|(_, h)| matches!(h, Happening::Message(_))));

        mix.behaviour.messages_per_day = 1000.0;
        mix.behaviour.click_share = 1.0;
        let plan = super::tests::plan(&mix, 9);
        assert!(plan
            .happenings
            .iter()
            .any(|(_, h)| matches!(h, Happening::Open { click: Some(_) })));
    }
}
