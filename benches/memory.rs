//! What the engine holds in memory and how often it allocates, each against a baseline
//! measured the same way in the same run. A counting global allocator (this bench's own)
//! counts live heap bytes and allocation calls.
//!
//! - `size_of::<Machine>()`, against `size_of::<(Vec<u8>, String)>()`, an empty `Vec` and
//!   `String` pair (that pair holds no heap, so the heap figures use the next baseline).
//! - Heap per idle machine: a machine for a Redmi phone under a config with all eight vendors
//!   (the one of the random sessions), after `sdk_initialized`, `plugin_init`, `login`, the
//!   vendor token, the upload and its result, every output drained. The config is parsed
//!   inside the measurement: the machine owns it. Target: at most 2 KiB.
//! - Heap per idle runtime engine: the tokio engine (`pushlane::engine(…)`, in-memory store, a
//!   host that does nothing and succeeds) brought to the same point on a current-thread
//!   runtime with a paused clock; the runtime itself exists before the measurement.
//! - For the reader: the heap of the parsed `PluginConfig` alone (the machine owns one), and
//!   of an idle engine whose subscriber channel holds 1 item instead of 1024.
//! - Baseline of all these heaps: the heap of a `serde_json::Value` of the same config (its JSON text
//!   parsed).
//! - Allocations per input on the mixed stream of `core_floor` (`support::stream`), fresh
//!   machines built before counting, outputs drained into a reused `Vec`. Baseline: the
//!   allocations of `serde_json::from_str::<Input>` of the same inputs' JSON lines, what a
//!   host or a journal reader does per input anyway.
//!
//! Heap figures are per item over [`COPIES`] items held at once, after one built and dropped
//! (one-time statics are not counted). They do not depend on the machine's load: the bench
//! prints them under `cargo test --benches` too.

mod support;
#[allow(dead_code)]
mod thread_cpu;

use pushlane::runtime::{async_trait, EngineHandle, Host, HostEffect, HostError, InputSender};
use pushlane::{DeviceInfo, Input, Machine, Output, UploadState};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::stream::{replay, Stream};

/// Bytes allocated and not yet freed, by anyone in this process.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Calls of `alloc`, `alloc_zeroed` and `realloc`.
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// Bytes asked for by those calls.
static ASKED: AtomicUsize = AtomicUsize::new(0);

struct Counting;

impl Counting {
    fn count(size: usize) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ASKED.fetch_add(size, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            Counting::count(layout.size());
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            Counting::count(layout.size());
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
            Counting::count(new_size);
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Items held at once by a heap measurement.
const COPIES: usize = 64;
/// Engines held at once (each spawns a task on the runtime).
const ENGINES: usize = 16;
/// The target for an idle machine's heap.
const MACHINE_HEAP_TARGET: usize = 2 * 1024;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Allocation calls and bytes asked for so far.
fn allocations() -> (usize, usize) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        ASKED.load(Ordering::Relaxed),
    )
}

/// Heap bytes each item `make` builds holds: `copies` of them held at once, after one built
/// and dropped.
fn heap_per<T>(copies: usize, mut make: impl FnMut() -> T) -> usize {
    drop(make());
    let mut held = Vec::with_capacity(copies);
    let before = live();
    for _ in 0..copies {
        held.push(make());
    }
    let after = live();
    drop(held);
    after.saturating_sub(before) / copies
}

/// The config of the random sessions: every vendor configured.
fn config_toml() -> &'static str {
    support::sessions::ALL_VENDORS
}

/// The same config as JSON text, for the baseline.
fn config_json() -> String {
    let value: Value = toml::from_str(config_toml()).expect("the config is TOML");
    value.to_string()
}

fn device() -> DeviceInfo {
    DeviceInfo::android("Xiaomi")
        .with_brand("Redmi")
        .with_api(34)
        .with_prop("ro.miui.ui.version.name", "V140")
}

/// From a cold start to an uploaded token: what an idle engine has seen.
fn to_idle() -> [(u64, Input); 4] {
    [
        (0, Input::SdkInitialized),
        (100, Input::PluginInit),
        (
            200,
            Input::Login {
                user_id: "alice".to_string(),
            },
        ),
        (
            400,
            Input::VendorToken {
                token: "mi-token-0123456789abcdef".to_string(),
                vendor: Some("xiaomi".to_string()),
            },
        ),
    ]
}

fn idle_machine() -> Machine {
    let config = support::sessions::parse(config_toml());
    let mut machine = pushlane::machine(config, device(), Default::default()).expect("machine");
    let feed = |machine: &mut Machine, at_ms, input| {
        machine.handle_input(at_ms, input);
        while machine.poll_output().is_some() {}
    };
    for (at_ms, input) in to_idle() {
        feed(&mut machine, at_ms, input);
    }
    let deadline = machine.armed_timers().values().max().copied().unwrap_or(0);
    for (timer, _) in machine.armed_timers().clone() {
        feed(&mut machine, deadline, Input::Timer { timer });
    }
    let effect_id = match machine.status().upload {
        UploadState::Uploading { effect_id } => effect_id,
        other => panic!("expected the upload to be under way after its timer, found {other:?}"),
    };
    feed(
        &mut machine,
        deadline + 150,
        Input::EffectDone {
            effect_id,
            ok: true,
            error: None,
        },
    );
    assert_eq!(machine.status().upload, UploadState::Uploaded);
    machine
}

/// A host that does what it is asked at once, successfully, and nothing else.
struct Noop;

#[async_trait]
impl Host for Noop {
    async fn perform(&self, _effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        Ok(())
    }
}

/// An engine brought to `uploaded`; with `event_capacity`, a subscriber channel of that
/// many items instead of the default 1024.
async fn idle_engine(event_capacity: Option<usize>) -> EngineHandle {
    let config = support::sessions::parse(config_toml());
    let mut builder = pushlane::engine(config, device());
    if let Some(capacity) = event_capacity {
        builder = builder.event_capacity(capacity);
    }
    let engine = builder.start(Arc::new(Noop)).expect("engine starts");
    for (_, input) in to_idle() {
        engine.send(input).expect("engine takes inputs");
    }
    // The paused clock jumps to each timer: the upload delay passes at once.
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if engine.status().await.expect("status").upload == UploadState::Uploaded {
            return engine;
        }
    }
    panic!("the engine did not reach `uploaded` within a minute of its clock");
}

fn engine_heap(event_capacity: Option<usize>) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("tokio runtime");
    let warm_up = runtime.block_on(idle_engine(event_capacity));
    runtime.block_on(warm_up.shutdown());
    drop(warm_up);
    let mut engines = Vec::with_capacity(ENGINES);
    let before = live();
    for _ in 0..ENGINES {
        engines.push(runtime.block_on(idle_engine(event_capacity)));
    }
    let after = live();
    for engine in &engines {
        runtime.block_on(engine.shutdown());
    }
    after.saturating_sub(before) / ENGINES
}

/// Allocation calls and bytes per input over the stream.
fn stream_allocations(stream: &Stream) -> (f64, f64) {
    let fresh = stream.fresh();
    let mut outputs: Vec<Output> = Vec::with_capacity(256);
    let (calls, bytes) = allocations();
    let (_, machines) = replay(fresh, &mut outputs);
    let (calls_after, bytes_after) = allocations();
    drop(machines);
    let inputs = stream.inputs() as f64;
    (
        (calls_after - calls) as f64 / inputs,
        (bytes_after - bytes) as f64 / inputs,
    )
}

/// The same per input for reading each input from its JSON line.
fn parse_allocations(stream: &Stream) -> (f64, f64) {
    let lines: Vec<String> = stream
        .all_inputs()
        .map(|input| serde_json::to_string(input).expect("an input serialises"))
        .collect();
    let (calls, bytes) = allocations();
    for line in &lines {
        drop(serde_json::from_str::<Input>(line).expect("an input line reads back"));
    }
    let (calls_after, bytes_after) = allocations();
    let inputs = lines.len() as f64;
    (
        (calls_after - calls) as f64 / inputs,
        (bytes_after - bytes) as f64 / inputs,
    )
}

fn line(figure: &str, value: f64, unit: &str, baseline: &str, of_baseline: f64, target: &str) {
    println!(
        "memory: {figure} {value:.1} {unit}, baseline {baseline} {of_baseline:.1} {unit}, ratio {:.2}{target}",
        value / of_baseline
    );
}

fn main() {
    let json = config_json();
    let config_heap = heap_per(COPIES, || {
        serde_json::from_str::<Value>(&json).expect("config JSON")
    }) as f64;
    let pair = std::mem::size_of::<(Vec<u8>, String)>() as f64;
    line(
        "size_of::<Machine>()",
        std::mem::size_of::<Machine>() as f64,
        "bytes",
        "size_of::<(Vec<u8>, String)>()",
        pair,
        "",
    );
    let plugin_config_heap = heap_per(COPIES, || support::sessions::parse(config_toml()));
    line(
        "heap per parsed PluginConfig (part of the machine's)",
        plugin_config_heap as f64,
        "bytes",
        "serde_json::Value of the config",
        config_heap,
        "",
    );
    let machine_heap = heap_per(COPIES, idle_machine);
    line(
        "heap per idle machine",
        machine_heap as f64,
        "bytes",
        "serde_json::Value of the config",
        config_heap,
        &format!(
            ", target <= {MACHINE_HEAP_TARGET} bytes: {}",
            if machine_heap <= MACHINE_HEAP_TARGET {
                "met"
            } else {
                "not met"
            }
        ),
    );
    line(
        "heap per idle engine",
        engine_heap(None) as f64,
        "bytes",
        "serde_json::Value of the config",
        config_heap,
        "",
    );
    line(
        "heap per idle engine with event_capacity(1)",
        engine_heap(Some(1)) as f64,
        "bytes",
        "serde_json::Value of the config",
        config_heap,
        "",
    );
    let stream = Stream::mixed();
    let (calls, bytes) = stream_allocations(&stream);
    let (parse_calls, parse_bytes) = parse_allocations(&stream);
    println!("memory: mixed stream of {} inputs", stream.inputs());
    line(
        "allocations per input",
        calls,
        "allocations",
        "serde_json::from_str::<Input>",
        parse_calls,
        "",
    );
    line(
        "bytes allocated per input",
        bytes,
        "bytes",
        "serde_json::from_str::<Input>",
        parse_bytes,
        "",
    );
}
