//! Memory over a simulated week of a busy user (issue 10 §4): the machine's heap stays under a
//! bound that does not depend on how many messages and clicks went through it.
//!
//! A counting global allocator (this test binary's own) measures the live heap after every
//! phase. The user is logged in on a phone served by local notifications (the machine remembers
//! every notified `msg_id` there) and opens every tenth notification (it remembers every
//! clicked `msg_id` too); a few messages and clicks come twice, as the Chat SDK and the vendors
//! redeliver them. CI runs 100 000 and 200 000 messages in debug; the full week of a million
//! runs with `cargo test -p pushlane-core --release --test memory_week -- --ignored`.

use pushlane_core::{AppLifecycle, Effect, ElemType, Event, Input, Machine, Message, Output};
use pushlane_plugin::{DeviceInfo, PluginConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Bytes allocated and not yet freed, by anyone in this process.
static LIVE: AtomicUsize = AtomicUsize::new(0);

struct Counting;

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests of this binary measure the one heap: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A week in milliseconds.
const WEEK_MS: u64 = 7 * 24 * 3600 * 1000;

/// The machine's heap may hold this much whatever the traffic: the remembered `msg_id`s of
/// notifications and clicks (lifecycle.md §8–§9, docs/lifecycle.md "Decision") and the rest of
/// its state.
const HEAP_BOUND: usize = 2 * 1024 * 1024;

/// A logged-in user with the app in background on a phone without a vendor: local
/// notifications serve.
fn busy_user() -> Machine {
    let device = DeviceInfo::android("TECNO MOBILE LIMITED").with_api(34);
    let mut machine = Machine::with_plugins(
        Vec::new(),
        PluginConfig::default(),
        device,
        Default::default(),
    )
    .expect("machine");
    for input in [
        Input::SdkInitialized,
        Input::PluginInit,
        Input::Login {
            user_id: "alice".into(),
        },
        Input::UiReady,
        Input::AppState {
            state: AppLifecycle::Paused,
        },
    ] {
        machine.step(0, input);
    }
    machine
}

/// A Tencent Chat message id: `<sender tiny id>-<client time>-<random>`, about 40 bytes.
fn msg_id(n: u64) -> String {
    format!(
        "144115233874815003-{}-{:010}",
        1_700_000_000 + n / 3,
        n.wrapping_mul(2_654_435_761) % 10_000_000_000
    )
}

fn message(n: u64) -> Input {
    Input::MessageReceived {
        message: Message {
            msg_id: msg_id(n),
            sender: format!("user{}", n % 97),
            nick_name: None,
            group_id: (n % 3 == 0).then(|| format!("group{}", n % 11)),
            elem_type: ElemType::Text,
            text: Some("see you at eight".into()),
            is_self: false,
            offline_push_info: None,
        },
    }
}

fn click(n: u64) -> Input {
    Input::NotificationClicked {
        source: "local".into(),
        payload: serde_json::json!({
            "ext": format!("{{\"conversationID\":\"c2c_user{}\"}}", n % 97),
            "msgId": msg_id(n),
        }),
    }
}

/// What the week did, as counted from the outputs.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    shown: u64,
    suppressed_duplicates: u64,
    delivered: u64,
    duplicate_clicks: u64,
}

impl Tally {
    fn count(&mut self, outputs: Vec<Output>) {
        for output in outputs {
            match output {
                Output::Effect(Effect::ShowNotification { .. }) => self.shown += 1,
                Output::Effect(Effect::DeliverClick { .. }) => self.delivered += 1,
                Output::Event(Event::NotificationSuppressed { reason })
                    if reason == "duplicate" =>
                {
                    self.suppressed_duplicates += 1
                }
                Output::Event(Event::ClickIgnored { reason }) if reason == "duplicate" => {
                    self.duplicate_clicks += 1
                }
                _ => {}
            }
        }
    }
}

/// Messages `from..to` of a week of `total`: each one notified, every tenth opened; the SDK
/// redelivers every 50th message 100 messages later and the vendor every 20th click at once.
fn traffic(machine: &mut Machine, from: u64, to: u64, total: u64, tally: &mut Tally) {
    let at = |n: u64| n * (WEEK_MS / total);
    for n in from..to {
        tally.count(machine.step(at(n), message(n)));
        if n % 50 == 0 && n >= 100 {
            tally.count(machine.step(at(n), message(n - 100)));
        }
        if n % 10 == 0 {
            tally.count(machine.step(at(n), click(n)));
            if n % 200 == 0 {
                tally.count(machine.step(at(n) + 1, click(n)));
            }
        }
    }
}

/// The live heap after `messages` messages of a week, less the heap before the machine.
fn heap_after(messages: &[u64], total: u64) -> (Vec<usize>, Tally) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = LIVE.load(Ordering::SeqCst);
    let mut machine = busy_user();
    let mut tally = Tally::default();
    let mut sizes = Vec::new();
    let mut done = 0;
    for &upto in messages {
        traffic(&mut machine, done, upto, total, &mut tally);
        done = upto;
        sizes.push(LIVE.load(Ordering::SeqCst).saturating_sub(before));
    }
    drop(machine);
    eprintln!("machine heap after {messages:?} messages: {sizes:?} bytes; {tally:?}");
    (sizes, tally)
}

fn expected_tally(messages: u64) -> Tally {
    let redelivered = (100..messages).filter(|n| n % 50 == 0).count() as u64;
    let clicks = messages.div_ceil(10);
    Tally {
        shown: messages,
        suppressed_duplicates: redelivered,
        delivered: clicks,
        duplicate_clicks: messages.div_ceil(200),
    }
}

#[test]
fn heap_stays_bounded_over_100k_and_200k_messages() {
    let (sizes, tally) = heap_after(&[100_000, 200_000], 200_000);
    // Every redelivery the spec describes was still caught.
    assert_eq!(tally, expected_tally(200_000));
    let [at_100k, at_200k] = sizes[..] else {
        unreachable!()
    };
    assert!(
        at_200k <= HEAP_BOUND,
        "the machine holds {at_200k} bytes after 200 000 messages (bound {HEAP_BOUND})"
    );
    // Bounded, not merely small: the second 100 000 messages add (almost) nothing.
    assert!(
        at_200k <= at_100k + 16 * 1024,
        "the heap grew from {at_100k} to {at_200k} bytes between 100 000 and 200 000 messages"
    );
}

#[test]
#[ignore = "a million messages: run with --release -- --ignored"]
fn heap_stays_bounded_over_a_week_of_a_million_messages() {
    let (sizes, tally) = heap_after(&[100_000, 1_000_000], 1_000_000);
    assert_eq!(tally, expected_tally(1_000_000));
    let [at_100k, at_1m] = sizes[..] else {
        unreachable!()
    };
    assert!(
        at_1m <= HEAP_BOUND,
        "the machine holds {at_1m} bytes after a million messages (bound {HEAP_BOUND})"
    );
    assert!(
        at_1m <= at_100k + 16 * 1024,
        "the heap grew from {at_100k} to {at_1m} bytes between 100 000 and a million messages"
    );
}
