//! Target `machine`: arbitrary input sequences fed to the real lifecycle machine with the real
//! vendor plugins, checked after every input against the invariants of lifecycle.md §11 by the
//! reference model of the property tests (`tests/model`), then replayed on a fresh machine
//! (invariant 10).
//!
//! The bytes are decoded by hand, one byte per choice (missing bytes read as 0): the world
//! (device preset, config variant, stored state), one of the model's common starts, then steps
//! of a time advance and an action until the bytes run out. Clicks carry either one of the
//! model's payloads or a payload cut from the bytes themselves (JSON when it parses, else a
//! string), so every normaliser's output reaches the machine.

use crate::model::{
    self, Action, Cfg, Device, Initial, Step, StoredRecord, StoredVendor, User, Who, World,
    CLICK_PAYLOADS, CLICK_SOURCES, CONVERSATIONS, TOKENS, VENDOR_NAMES,
};
use pushlane::{AppLifecycle, ElemType, TimerName};
use serde_json::Value;

/// Steps per run, at most (a run replays the machine twice: keep each one quick).
pub const MAX_STEPS: usize = 160;

pub fn check(data: &[u8]) {
    let mut bytes = Bytes(data);
    let world = world(&mut bytes);
    let mut steps = model::prelude(bytes.byte() % 5);
    while !bytes.is_empty() && steps.len() < MAX_STEPS {
        steps.push(Step {
            advance: advance(&mut bytes),
            action: action(&mut bytes),
        });
    }
    if let Err(v) = model::run(&world, &steps) {
        panic!(
            "invariant {} broken at step {}: {}\n  world: {world:?}\n  steps: {steps:?}",
            v.invariant, v.step, v.detail
        );
    }
}

/// The fuzz bytes, consumed one choice at a time.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The next byte; 0 once they are used up.
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[usize::from(self.byte()) % items.len()].clone()
    }

    /// The next `len` bytes (fewer when they run out).
    fn take(&mut self, len: usize) -> &[u8] {
        let (taken, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        taken
    }
}

fn world(b: &mut Bytes<'_>) -> World {
    let device = b.pick(&Device::ALL);
    let config = b.pick(&Cfg::ALL);
    let initial = match b.byte() % 3 {
        0 => Initial::Empty,
        _ => Initial::Stored {
            vendor: match b.byte() % 3 {
                0 => StoredVendor::Named(b.pick(&VENDOR_NAMES[..8])),
                _ => StoredVendor::Selected,
            },
            token: b.pick(&TOKENS),
            record: match b.byte() % 4 {
                0 => StoredRecord::None,
                1 => StoredRecord::Same(user(b)),
                2 => StoredRecord::OtherBusinessId(user(b)),
                _ => StoredRecord::OtherToken(user(b)),
            },
            push_enabled: b.byte() & 3 != 0,
        },
    };
    World::new(device, config, initial)
}

fn user(b: &mut Bytes<'_>) -> User {
    if b.bool() {
        User::Bob
    } else {
        User::Alice
    }
}

/// Milliseconds: often none, else up to 1 s, 10 s or 4 min.
fn advance(b: &mut Bytes<'_>) -> u64 {
    let n = u64::from(b.byte());
    match n % 4 {
        0 => 0,
        1 => n * 4,
        2 => n * 40,
        _ => n * 1_000,
    }
}

const APP_STATES: [AppLifecycle; 5] = [
    AppLifecycle::Resumed,
    AppLifecycle::Inactive,
    AppLifecycle::Paused,
    AppLifecycle::Hidden,
    AppLifecycle::Detached,
];

const ELEM_TYPES: [ElemType; 10] = ElemType::ALL;

fn action(b: &mut Bytes<'_>) -> Action {
    match b.byte() % 22 {
        0 => Action::SdkInitialized,
        1 => Action::PluginInit,
        2 => Action::Login(user(b)),
        3 => Action::Logout,
        4 => Action::KickedOffline,
        5 => Action::UserSigExpired,
        6 => Action::AppState(b.pick(&APP_STATES)),
        7 => Action::Unread(u32::from(b.byte())),
        8 => Action::VendorToken {
            token: b.pick(&TOKENS),
            vendor: match b.byte() % 4 {
                0 => Who::Absent,
                1 => Who::Selected,
                2 => Who::Failed,
                _ => Who::Named(b.pick(&VENDOR_NAMES)),
            },
        },
        9 => Action::VendorError,
        10 => Action::Permission(b.bool()),
        11 => Action::PushEnabled(b.bool()),
        12 | 13 => {
            let pick = b.byte();
            Action::EffectDone {
                pick: (pick != 255).then_some(pick),
                ok: b.bool(),
            }
        }
        14 | 15 => Action::FireTimer(b.byte()),
        16 => Action::RawTimer(b.pick(&TimerName::ALL)),
        17 => Action::Click {
            source: b.pick(&CLICK_SOURCES),
            payload: b.byte() % CLICK_PAYLOADS,
        },
        18 => {
            let source = b.pick(&CLICK_SOURCES);
            let len = usize::from(b.byte());
            let raw = b.take(len);
            let payload = serde_json::from_slice(raw)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(raw).into_owned()));
            Action::ClickPayload { source, payload }
        }
        19 => Action::UiReady,
        20 => Action::ConversationShown(match b.byte() % 4 {
            0 => None,
            n => Some(CONVERSATIONS[usize::from(n) - 1]),
        }),
        _ => Action::Message {
            id: b.byte(),
            elem: b.pick(&ELEM_TYPES),
            is_self: b.byte() < 52,
            group: b.bool(),
            push_info: b.byte(),
        },
    }
}
