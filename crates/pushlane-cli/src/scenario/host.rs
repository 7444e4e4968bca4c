//! The simulated host: answers the engine's effects as the scenario's `[host]` table says.
//! It outlives engine restarts (its `fail_*` counters count across them).

use super::clock::Agenda;
use super::parse::HostScript;
use pushlane::{Effect, Input};

/// The host's memory across restarts.
#[derive(Debug)]
pub struct Host {
    script: HostScript,
    uploads: u32,
    clears: u32,
}

impl Host {
    pub fn new(script: HostScript) -> Self {
        Host {
            script,
            uploads: 0,
            clears: 0,
        }
    }

    /// Reacts to one effect the engine emitted at `at_ms`: schedules its answer, or keeps the
    /// timer it arms or cancels.
    pub fn react(&mut self, at_ms: u64, effect: &Effect, agenda: &mut Agenda) {
        match effect {
            Effect::RegisterVendor { vendor } | Effect::FetchToken { vendor } => {
                if let Some(token) = &self.script.token {
                    agenda.schedule(
                        at_ms.saturating_add(self.script.token_after_ms),
                        Input::VendorToken {
                            token: token.clone(),
                            vendor: Some(vendor.clone()),
                        },
                    );
                }
            }
            Effect::UploadToken { effect_id, .. } => {
                self.uploads += 1;
                let ok = self.uploads > self.script.fail_uploads;
                let answer = self.answer(
                    *effect_id,
                    ok,
                    "upload",
                    self.uploads,
                    self.script.fail_uploads,
                );
                agenda.schedule(at_ms.saturating_add(self.script.effect_latency_ms), answer);
            }
            Effect::ClearToken { effect_id, .. } => {
                self.clears += 1;
                let ok = self.clears > self.script.fail_clears;
                let answer = self.answer(
                    *effect_id,
                    ok,
                    "clear",
                    self.clears,
                    self.script.fail_clears,
                );
                agenda.schedule(at_ms.saturating_add(self.script.effect_latency_ms), answer);
            }
            Effect::RequestPermission => agenda.schedule(
                at_ms,
                Input::Permission {
                    granted: self.script.grant_permission,
                },
            ),
            Effect::ArmTimer { timer, deadline_ms } => {
                agenda.arm(*timer, (*deadline_ms).max(at_ms))
            }
            Effect::CancelTimer { timer } => agenda.cancel(*timer),
            _ => {}
        }
    }

    fn answer(&self, effect_id: u64, ok: bool, what: &str, n: u32, fail: u32) -> Input {
        Input::EffectDone {
            effect_id,
            ok,
            error: (!ok)
                .then(|| format!("simulated failure ({what} {n}; [host] fail_{what}s = {fail})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::TimerName;

    #[test]
    fn answers_as_scripted() {
        let mut host = Host::new(HostScript {
            token: Some("t1".into()),
            token_after_ms: 300,
            fail_uploads: 1,
            effect_latency_ms: 50,
            grant_permission: false,
            ..HostScript::default()
        });
        let mut agenda = Agenda::default();
        host.react(
            100,
            &Effect::RegisterVendor {
                vendor: "xiaomi".into(),
            },
            &mut agenda,
        );
        let upload = |id| Effect::UploadToken {
            effect_id: id,
            vendor: "xiaomi".into(),
            business_id: 1,
            token: "t1".into(),
        };
        host.react(5000, &upload(1), &mut agenda);
        host.react(6000, &upload(2), &mut agenda);
        host.react(7000, &Effect::RequestPermission, &mut agenda);
        host.react(
            7000,
            &Effect::ArmTimer {
                timer: TimerName::UploadRetry,
                deadline_ms: 8000,
            },
            &mut agenda,
        );
        let due: Vec<_> = std::iter::from_fn(|| agenda.pop_due(u64::MAX)).collect();
        assert_eq!(
            due[0],
            (
                400,
                Input::VendorToken {
                    token: "t1".into(),
                    vendor: Some("xiaomi".into())
                }
            )
        );
        assert!(matches!(
            &due[1],
            (
                5050,
                Input::EffectDone {
                    effect_id: 1,
                    ok: false,
                    error: Some(_)
                }
            )
        ));
        assert_eq!(
            due[2],
            (
                6050,
                Input::EffectDone {
                    effect_id: 2,
                    ok: true,
                    error: None
                }
            )
        );
        assert_eq!(due[3], (7000, Input::Permission { granted: false }));
        assert_eq!(
            due[4],
            (
                8000,
                Input::Timer {
                    timer: TimerName::UploadRetry
                }
            )
        );
    }
}
