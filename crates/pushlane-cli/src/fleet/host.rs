//! The simulated host of one fleet device: the vendor SDK, the Chat SDK and the user's answer
//! to the permission dialog, answering the engine's effects with the mix's delays and faults,
//! drawn from the device's host stream. It outlives the device's processes, as the SDKs'
//! servers do; what belongs to one process is reset by [`Host::start_process`].

use super::mix::Mix;
use super::rng::Rng;
use crate::scenario::clock::Agenda;
use pushlane::{Effect, Input};

/// The reason a failing vendor registration gives (HMS and FCM both use it).
const VENDOR_ERROR: &str = "SERVICE_NOT_AVAILABLE";
/// The error text of a failed upload or clear.
const CALL_FAILED: &str = "simulated network failure";
/// The user answers the permission dialog after this long.
const PERMISSION_ANSWER_MS: u64 = 2_000;

/// The host's memory across the device's processes.
#[derive(Debug)]
pub struct Host {
    rng: Rng,
    device: u64,
    token_after_ms: u64,
    effect_latency_ms: u64,
    upload_failure: f64,
    clear_failure: f64,
    vendor_error: f64,
    token_late: f64,
    token_late_ms: f64,
    /// The vendor SDK never produces a token today.
    token_never: bool,
    /// Bumped when the vendor SDK issues a new token.
    generation: u32,
    process: Process,
}

/// What the host knows within one process.
#[derive(Debug, Default)]
struct Process {
    /// The vendor last registered.
    registered: Option<String>,
    /// When the SDK has its token (after `register_vendor`).
    token_ready_ms: u64,
    /// The next `register_vendor` fails.
    vendor_error_due: bool,
    /// Extra delay of this process's token.
    late_ms: u64,
}

impl Host {
    pub fn new(mix: &Mix, device: u64, rng: Rng, token_never: bool) -> Host {
        Host {
            rng,
            device,
            token_after_ms: mix.host.token_after_ms,
            effect_latency_ms: mix.host.effect_latency_ms,
            upload_failure: mix.faults.upload_failure,
            clear_failure: mix.faults.clear_failure,
            vendor_error: mix.faults.vendor_error,
            token_late: mix.faults.token_late,
            token_late_ms: mix.faults.token_late_s * 1000.0,
            token_never,
            generation: 0,
            process: Process::default(),
        }
    }

    /// A new process: its faults are drawn now.
    pub fn start_process(&mut self) {
        let vendor_error_due = self.rng.chance(self.vendor_error);
        let late_ms = if self.rng.chance(self.token_late) {
            self.rng.exponential(self.token_late_ms)
        } else {
            0
        };
        self.process = Process {
            vendor_error_due,
            late_ms,
            ..Process::default()
        };
    }

    /// The token the vendor SDK hands out now for `vendor`.
    pub fn token(&self, vendor: &str) -> String {
        format!("{vendor}-{:x}-{}", self.device, self.generation)
    }

    /// The vendor SDK issues a new token: the input to feed when a process is alive and has
    /// registered a vendor.
    pub fn refresh_token(&mut self) -> Option<Input> {
        self.generation += 1;
        let vendor = self.process.registered.clone()?;
        Some(Input::VendorToken {
            token: self.token(&vendor),
            vendor: Some(vendor),
        })
    }

    /// Answers one effect the engine emitted at `at_ms`: schedules the answer, or keeps the
    /// timer it arms or cancels.
    pub fn react(&mut self, at_ms: u64, effect: &Effect, agenda: &mut Agenda) {
        match effect {
            Effect::RegisterVendor { vendor } => {
                self.process.registered = Some(vendor.clone());
                let at = at_ms.saturating_add(self.token_after_ms);
                if std::mem::take(&mut self.process.vendor_error_due) {
                    let reason = VENDOR_ERROR.to_string();
                    agenda.schedule(at, Input::VendorError { reason });
                } else if !self.token_never {
                    let ready = at.saturating_add(self.process.late_ms);
                    self.process.token_ready_ms = ready;
                    agenda.schedule(ready, self.token_input(vendor));
                }
            }
            // Asked again: the SDK answers once it has its token (a late one is still on its
            // way and comes by itself).
            Effect::FetchToken { vendor }
                if !self.token_never && at_ms >= self.process.token_ready_ms =>
            {
                agenda.schedule(at_ms, self.token_input(vendor));
            }
            Effect::UploadToken { effect_id, .. } => {
                let ok = !self.rng.chance(self.upload_failure);
                agenda.schedule(self.answer_at(at_ms), answer(*effect_id, ok));
            }
            Effect::ClearToken { effect_id, .. } => {
                let ok = !self.rng.chance(self.clear_failure);
                agenda.schedule(self.answer_at(at_ms), answer(*effect_id, ok));
            }
            Effect::RequestPermission => agenda.schedule(
                at_ms.saturating_add(PERMISSION_ANSWER_MS),
                Input::Permission { granted: true },
            ),
            Effect::ArmTimer { timer, deadline_ms } => {
                agenda.arm(*timer, (*deadline_ms).max(at_ms))
            }
            Effect::CancelTimer { timer } => agenda.cancel(*timer),
            _ => {}
        }
    }

    fn answer_at(&self, at_ms: u64) -> u64 {
        at_ms.saturating_add(self.effect_latency_ms)
    }

    fn token_input(&self, vendor: &str) -> Input {
        Input::VendorToken {
            token: self.token(vendor),
            vendor: Some(vendor.to_string()),
        }
    }
}

fn answer(effect_id: u64, ok: bool) -> Input {
    Input::EffectDone {
        effect_id,
        ok,
        error: (!ok).then(|| CALL_FAILED.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(agenda: &mut Agenda) -> Vec<(u64, Input)> {
        std::iter::from_fn(|| agenda.pop_due(u64::MAX)).collect()
    }

    #[test]
    fn tokens_come_after_registration_and_faults_follow_the_mix() {
        let mut mix = Mix::default();
        mix.faults.upload_failure = 1.0;
        mix.faults.vendor_error = 0.0;
        mix.faults.token_late = 0.0;
        let mut host = Host::new(&mix, 0xab, Rng::new(1), false);
        host.start_process();
        let mut agenda = Agenda::default();
        let register = Effect::RegisterVendor {
            vendor: "xiaomi".into(),
        };
        host.react(100, &register, &mut agenda);
        let upload = Effect::UploadToken {
            effect_id: 1,
            vendor: "xiaomi".into(),
            business_id: 1,
            token: "t".into(),
        };
        host.react(5000, &upload, &mut agenda);
        let answers = due(&mut agenda);
        assert_eq!(
            answers[0],
            (
                400,
                Input::VendorToken {
                    token: "xiaomi-ab-0".into(),
                    vendor: Some("xiaomi".into())
                }
            )
        );
        assert!(matches!(
            answers[1],
            (
                5150,
                Input::EffectDone {
                    effect_id: 1,
                    ok: false,
                    ..
                }
            )
        ));
        assert_eq!(
            host.refresh_token(),
            Some(Input::VendorToken {
                token: "xiaomi-ab-1".into(),
                vendor: Some("xiaomi".into())
            })
        );
    }

    #[test]
    fn a_vendor_error_comes_once_and_a_missing_token_never() {
        let mut mix = Mix::default();
        mix.faults.vendor_error = 1.0;
        let mut host = Host::new(&mix, 1, Rng::new(1), true);
        host.start_process();
        let mut agenda = Agenda::default();
        let register = Effect::RegisterVendor {
            vendor: "huawei".into(),
        };
        host.react(0, &register, &mut agenda);
        host.react(1000, &register, &mut agenda);
        host.react(
            3000,
            &Effect::FetchToken {
                vendor: "huawei".into(),
            },
            &mut agenda,
        );
        assert_eq!(
            due(&mut agenda),
            vec![(
                300,
                Input::VendorError {
                    reason: VENDOR_ERROR.into()
                }
            )]
        );
    }
}
