//! The child's host: vendor SDKs that hand out tokens, and a Chat server that accepts or refuses
//! uploads and clears after a while. Every server answer is reported (`H …`) before the engine
//! hears of it.

use super::out::emit;
use crate::protocol::{HostCall, Line, Sent};
use crate::rng::Rng;
use pushlane::fingerprint;
use pushlane_runtime::{async_trait, Host, HostEffect, HostError, InputSender};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The vendor SDKs' current tokens on this device (they survive the process, as real ones do:
/// the parent hands the stored ones to the next child).
pub struct DeviceTokens {
    seed: u64,
    state: Mutex<(BTreeMap<String, String>, u64)>,
}

impl DeviceTokens {
    pub fn new(seed: u64, known: BTreeMap<String, String>) -> DeviceTokens {
        DeviceTokens {
            seed,
            state: Mutex::new((known, 0)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (BTreeMap<String, String>, u64)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn current(&self, vendor: &str) -> Option<String> {
        self.lock().0.get(vendor).cloned()
    }

    /// The vendor's token, made up the first time.
    pub fn current_or_new(&self, vendor: &str) -> String {
        match self.current(vendor) {
            Some(token) => token,
            None => self.renew(vendor),
        }
    }

    /// A new token for the vendor (the SDK refreshed it).
    pub fn renew(&self, vendor: &str) -> String {
        let mut state = self.lock();
        state.1 += 1;
        let token = format!("{vendor}-token-{:x}-{}", self.seed, state.1);
        state.0.insert(vendor.to_string(), token.clone());
        token
    }
}

/// Reports and sends a `vendor_token` naming its vendor.
pub fn send_token(engine: &InputSender, vendor: &str, token: &str) {
    emit(&Line::Sent(Sent::Token {
        vendor: vendor.to_string(),
        fp: fingerprint(token),
    }));
    engine.vendor_token(token, Some(vendor));
}

/// How the simulated SDKs and server behave.
#[derive(Debug, Clone, Copy)]
pub struct Behaviour {
    /// Server answers take between these many ms (tokio time).
    pub latency_ms: (u64, u64),
    /// Percent of uploads and clears the server refuses.
    pub fail_percent: u64,
    /// Percent of `register_vendor` / `fetch_token` calls the vendor SDK answers with a token.
    pub answer_percent: u64,
}

impl Behaviour {
    /// The random sessions' host.
    pub const RANDOM: Behaviour = Behaviour {
        latency_ms: (0, 2_500),
        fail_percent: 25,
        answer_percent: 80,
    };

    /// A server that always accepts after exactly one second; SDKs that always answer.
    pub const STEADY: Behaviour = Behaviour {
        latency_ms: (1_000, 1_000),
        fail_percent: 0,
        answer_percent: 100,
    };
}

pub struct CrashHost {
    rng: Mutex<Rng>,
    tokens: Arc<DeviceTokens>,
    behaviour: Behaviour,
}

impl CrashHost {
    pub fn new(seed: u64, tokens: Arc<DeviceTokens>, behaviour: Behaviour) -> CrashHost {
        CrashHost {
            rng: Mutex::new(Rng::new(seed)),
            tokens,
            behaviour,
        }
    }

    /// A server answer: how long it takes and whether it is a success.
    fn answer(&self) -> (Duration, bool) {
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        let (lo, hi) = self.behaviour.latency_ms;
        let delay = Duration::from_millis(rng.between(lo, hi));
        (delay, !rng.percent(self.behaviour.fail_percent))
    }

    /// Whether the vendor SDK answers, and after how long.
    fn sdk_answer(&self) -> Option<Duration> {
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        let answers = rng.percent(self.behaviour.answer_percent);
        let delay = Duration::from_millis(rng.between(0, 1_500));
        answers.then_some(delay)
    }
}

fn server_result(ok: bool) -> Result<(), HostError> {
    if ok {
        Ok(())
    } else {
        Err(HostError::new("the server is unavailable"))
    }
}

#[async_trait]
impl Host for CrashHost {
    async fn perform(&self, effect: HostEffect, engine: &InputSender) -> Result<(), HostError> {
        match effect {
            HostEffect::RegisterVendor { vendor } | HostEffect::FetchToken { vendor } => {
                // The SDK answers later through its callback, as real ones do.
                if let Some(delay) = self.sdk_answer() {
                    let token = self.tokens.current_or_new(&vendor);
                    let engine = engine.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(delay).await;
                        send_token(&engine, &vendor, &token);
                    });
                }
                Ok(())
            }
            HostEffect::UploadToken {
                vendor,
                business_id,
                token,
            } => {
                let (delay, ok) = self.answer();
                tokio::time::sleep(delay).await;
                emit(&Line::Host(HostCall::Upload {
                    vendor,
                    business_id,
                    fp: fingerprint(&token),
                    ok,
                }));
                server_result(ok)
            }
            HostEffect::ClearToken {
                vendor,
                business_id,
            } => {
                let (delay, ok) = self.answer();
                tokio::time::sleep(delay).await;
                emit(&Line::Host(HostCall::Clear {
                    vendor,
                    business_id,
                    ok,
                }));
                server_result(ok)
            }
            _ => Ok(()),
        }
    }
}
