//! How many inputs per second the tokio engine handles, against a bare tokio channel round trip.
//!
//! `runtime/engine_10000`: an engine (`pushlane::engine(…).start(host)`, in-memory store, a
//! host that only counts its calls) on a current-thread tokio runtime, past init, login and the
//! token upload, is sent 10 000 inputs through `EngineHandle::send`: a phone going to the
//! background and back while messages arrive (`app_state`, `message_received`, `unread`).
//! The batch counts as done once `status()` has answered (every input handled) and the host
//! has performed every call the batch asked for (five per cycle of eight inputs:
//! `report_background`, two `show_notification`, `report_foreground`, `clear_notifications`;
//! the message that arrives in the foreground shows nothing). The inputs are built outside the
//! measurement.
//!
//! Baselines in the same run, over the same 10 000 inputs:
//! - `runtime/mpsc_pipelined_10000`: a bare task that receives each input on an unbounded
//!   mpsc and answers it on another one; the bench sends all of them, then reads every answer
//!   (the engine's shape without the engine);
//! - `runtime/mpsc_round_trip_10000`: the same task answering each input on a oneshot, the
//!   bench awaiting each answer before sending the next.
//!
//! `runtime/machine_10000` splits the engine's time: the same inputs fed straight to a machine
//! (`pushlane::machine`, past the same setup) with `handle_input`, draining every output. The
//! engine's time minus the machine's is what the runtime adds per input.
//!
//! After criterion's figures the bench prints inputs/s, ns per input and `engine / baseline`,
//! measured with its own interleaved rounds (the median of each), so the ratios compare runs
//! under the same load, by the CPU clock of the bench's thread (what other processes on a
//! shared machine do not inflate; every subject runs on that one thread) and by the wall
//! clock.

mod support;
mod thread_cpu;

use criterion::{black_box, Criterion, Throughput};
use pushlane::runtime::{async_trait, EngineHandle, Host, HostEffect, HostError, InputSender};
use pushlane::{
    AppLifecycle, DeviceInfo, ElemType, Input, Machine, Message, PersistedState, PluginConfig,
    UploadState,
};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::ratio::is_bench_run;
use thread_cpu::{timed, Medians, Sample};
use tokio::runtime::Runtime;
use tokio::sync::{mpsc, oneshot};

const INPUTS: usize = 10_000;
const RATIO_ROUNDS: usize = 31;

/// A Xiaomi phone whose app also shows local notifications while it is alive, so messages that
/// arrive in the background become `show_notification` calls. No upload delay: the setup
/// reaches "uploaded" without waiting 5 s.
const CONFIG: &str = r#"
edition = "china"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
upload_delay_ms = 0
local_notifications = "always"
[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"
"#;

fn config() -> PluginConfig {
    pushlane::parse_config_toml(CONFIG).expect("bench config")
}

fn device() -> DeviceInfo {
    DeviceInfo::android("Xiaomi")
        .with_prop("ro.miui.ui.version.name", "V140")
        .with_api(34)
}

/// A host that performs nothing and counts its calls.
#[derive(Default)]
struct CountingHost {
    calls: AtomicU64,
}

#[async_trait]
impl Host for CountingHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        black_box(effect);
        self.calls.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn message(id: usize) -> Input {
    Input::MessageReceived {
        message: Message {
            msg_id: format!("msg-{id}"),
            sender: "bob".to_string(),
            nick_name: Some("Bob".to_string()),
            group_id: None,
            elem_type: ElemType::Text,
            text: Some("see you at 8".to_string()),
            is_self: false,
            offline_push_info: None,
        },
    }
}

/// `INPUTS` inputs in cycles of eight: to the background, two messages with their unread
/// counts, back to the foreground, read, one more message while in the foreground. Message
/// ids are unique from `first_id` on, so no message is a duplicate of an earlier batch's.
fn stream(first_id: usize) -> Vec<Input> {
    let app = |state| Input::AppState { state };
    (0..INPUTS)
        .map(|i| {
            let id = first_id + i;
            match i % 8 {
                0 => app(AppLifecycle::Paused),
                1 | 3 | 7 => message(id),
                2 => Input::Unread { count: 1 },
                4 => Input::Unread { count: 2 },
                5 => app(AppLifecycle::Resumed),
                _ => Input::Unread { count: 0 },
            }
        })
        .collect()
}

/// What the setup sends: init, login, the token, the UI ready.
fn setup() -> [Input; 5] {
    [
        Input::SdkInitialized,
        Input::PluginInit,
        Input::Login {
            user_id: "alice".to_string(),
        },
        Input::VendorToken {
            token: "mi-token-0123456789abcdef".to_string(),
            vendor: Some("xiaomi".to_string()),
        },
        Input::UiReady,
    ]
}

/// A machine past the engine's setup, its upload answered as the engine would.
fn ready_machine() -> Machine {
    let mut machine =
        pushlane::machine(config(), device(), PersistedState::default()).expect("machine");
    let mut pending = setup().to_vec();
    while let Some(input) = (!pending.is_empty()).then(|| pending.remove(0)) {
        for output in machine.step(0, input) {
            if let pushlane::Output::Effect(pushlane::Effect::UploadToken { effect_id, .. }) =
                output
            {
                pending.push(Input::EffectDone {
                    effect_id,
                    ok: true,
                    error: None,
                });
            }
        }
    }
    assert_eq!(machine.status().upload, UploadState::Uploaded);
    machine
}

/// Feeds the batch to the machine at one instant, draining every output.
fn machine_batch(machine: &mut Machine, inputs: Vec<Input>) -> usize {
    let mut outputs = 0;
    for input in inputs {
        machine.handle_input(0, input);
        while let Some(output) = machine.poll_output() {
            black_box(output);
            outputs += 1;
        }
    }
    outputs
}

/// An engine past init, login and its token upload, with its host.
struct Running {
    engine: EngineHandle,
    host: Arc<CountingHost>,
    next_id: usize,
    /// Host calls one batch asks for (the same for every batch: each ends where it began).
    calls_per_batch: u64,
}

impl Running {
    fn start(rt: &Runtime) -> Running {
        rt.block_on(async {
            let host = Arc::new(CountingHost::default());
            let engine = pushlane::engine(config(), device())
                .start(host.clone())
                .expect("engine");
            for input in setup() {
                engine.send(input).expect("engine running");
            }
            while engine.status().await.expect("status").upload != UploadState::Uploaded {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let mut running = Running {
                engine,
                host,
                next_id: 0,
                calls_per_batch: 0,
            };
            let before = running.host.calls.load(Ordering::Relaxed);
            let inputs = running.next_batch();
            running.run_batch(inputs, None).await;
            // Let the ordered lane finish, then count what one batch asked for.
            tokio::time::sleep(Duration::from_millis(50)).await;
            running.calls_per_batch = running.host.calls.load(Ordering::Relaxed) - before;
            running
        })
    }

    fn next_batch(&mut self) -> Vec<Input> {
        let inputs = stream(self.next_id);
        self.next_id += INPUTS;
        inputs
    }

    /// Sends the batch and returns once every input is handled and, when `calls` is given,
    /// the host has performed that many calls since the batch began.
    async fn run_batch(&self, inputs: Vec<Input>, calls: Option<u64>) {
        let before = self.host.calls.load(Ordering::Relaxed);
        for input in inputs {
            self.engine.send(input).expect("engine running");
        }
        self.engine.status().await.expect("status");
        if let Some(calls) = calls {
            while self.host.calls.load(Ordering::Relaxed) - before < calls {
                tokio::task::yield_now().await;
            }
        }
    }

    async fn batch(&self, inputs: Vec<Input>) {
        self.run_batch(inputs, Some(self.calls_per_batch)).await;
    }
}

/// A bare task answering every input it receives, on an mpsc or a oneshot.
struct Echo {
    pipelined: mpsc::UnboundedSender<Input>,
    answers: mpsc::UnboundedReceiver<Input>,
    round_trip: mpsc::UnboundedSender<(Input, oneshot::Sender<Input>)>,
}

impl Echo {
    fn start(rt: &Runtime) -> Echo {
        let (pipelined, mut inbox) = mpsc::unbounded_channel::<Input>();
        let (answer, answers) = mpsc::unbounded_channel();
        rt.spawn(async move {
            while let Some(input) = inbox.recv().await {
                let _ = answer.send(input);
            }
        });
        let (round_trip, mut calls) = mpsc::unbounded_channel::<(Input, oneshot::Sender<Input>)>();
        rt.spawn(async move {
            while let Some((input, reply)) = calls.recv().await {
                let _ = reply.send(input);
            }
        });
        Echo {
            pipelined,
            answers,
            round_trip,
        }
    }

    async fn pipelined(&mut self, inputs: Vec<Input>) {
        let n = inputs.len();
        for input in inputs {
            self.pipelined.send(input).expect("echo task running");
        }
        for _ in 0..n {
            black_box(self.answers.recv().await.expect("answer"));
        }
    }

    async fn round_trip(&self, inputs: Vec<Input>) {
        for input in inputs {
            let (reply, answer) = oneshot::channel();
            self.round_trip
                .send((input, reply))
                .expect("echo task running");
            black_box(answer.await.expect("answer"));
        }
    }
}

/// Times `run` on one batch of inputs (made before the clocks start).
fn time_batch<F: Future>(
    rt: &Runtime,
    inputs: Vec<Input>,
    run: impl FnOnce(Vec<Input>) -> F,
) -> Sample {
    timed(|| rt.block_on(run(inputs))).0
}

/// What the bench drives: the engine, the machine alone, the bare channels.
struct Subjects {
    rt: Runtime,
    running: Running,
    machine: Machine,
    echo: Echo,
}

impl Subjects {
    fn engine(&mut self) -> Sample {
        let inputs = self.running.next_batch();
        let running = &self.running;
        time_batch(&self.rt, inputs, |inputs| running.batch(inputs))
    }

    fn machine(&mut self) -> Sample {
        let inputs = self.running.next_batch();
        let machine = &mut self.machine;
        timed(|| black_box(machine_batch(machine, inputs))).0
    }

    fn pipelined(&mut self) -> Sample {
        let echo = &mut self.echo;
        time_batch(&self.rt, stream(0), |inputs| echo.pipelined(inputs))
    }

    fn round_trip(&mut self) -> Sample {
        let echo = &self.echo;
        time_batch(&self.rt, stream(0), |inputs| echo.round_trip(inputs))
    }
}

/// Runs one batch of one subject.
type Run = fn(&mut Subjects) -> Sample;

/// The subjects by name, in the order of criterion's figures and the printed ones.
const SUBJECTS: [(&str, Run); 4] = [
    ("engine_10000", Subjects::engine),
    ("machine_10000", Subjects::machine),
    ("mpsc_pipelined_10000", Subjects::pipelined),
    ("mpsc_round_trip_10000", Subjects::round_trip),
];

fn bench(c: &mut Criterion, subjects: &mut Subjects) {
    let mut group = c.benchmark_group("runtime");
    group.throughput(Throughput::Elements(INPUTS as u64));
    for (name, run) in SUBJECTS {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| run(subjects).wall).sum())
        });
    }
    group.finish();
}

fn ns_per_input(batch: Duration) -> f64 {
    batch.as_secs_f64() * 1e9 / INPUTS as f64
}

/// `N ns/input (M M inputs/s)` by the CPU clock, then by the wall clock.
fn per_input(medians: &Medians) -> String {
    let both = |batch: Duration| {
        format!(
            "{:.0} ns/input ({:.2} M inputs/s)",
            ns_per_input(batch),
            INPUTS as f64 / batch.as_secs_f64() / 1e6
        )
    };
    format!("cpu {}, wall {}", both(medians.cpu), both(medians.wall))
}

/// Interleaved rounds of the four, so the medians see the same machine load.
fn print_ratios(subjects: &mut Subjects) {
    let mut samples: [Vec<Sample>; 4] = Default::default();
    for _ in 0..RATIO_ROUNDS {
        for (samples, (_, run)) in samples.iter_mut().zip(SUBJECTS) {
            samples.push(run(subjects));
        }
    }
    let [engine, machine, pipelined, round_trip] = samples.map(|s| Medians::of(&s));
    println!(
        "runtime: {INPUTS} inputs per batch, {} host calls per batch, current-thread runtime; medians of {RATIO_ROUNDS} interleaved rounds, by the bench thread's CPU clock and by the wall clock",
        subjects.running.calls_per_batch
    );
    println!("runtime: engine {}", per_input(&engine));
    println!("runtime: machine alone {}", per_input(&machine));
    println!(
        "runtime: the runtime adds cpu {:.0} ns/input, wall {:.0} ns/input",
        ns_per_input(engine.cpu) - ns_per_input(machine.cpu),
        ns_per_input(engine.wall) - ns_per_input(machine.wall)
    );
    println!("runtime: mpsc pipelined baseline {}", per_input(&pipelined));
    println!(
        "runtime: mpsc round-trip baseline {}",
        per_input(&round_trip)
    );
    for (name, baseline) in [
        ("mpsc pipelined", &pipelined),
        ("mpsc round trip", &round_trip),
        ("machine alone", &machine),
    ] {
        let (wall, cpu) = engine.ratio(baseline);
        println!("runtime: engine / {name} = cpu {cpu:.2}, wall {wall:.2}");
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio runtime");
    let running = Running::start(&rt);
    let echo = Echo::start(&rt);
    let mut subjects = Subjects {
        rt,
        running,
        machine: ready_machine(),
        echo,
    };
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &mut subjects);
    criterion.final_summary();
    if is_bench_run() {
        print_ratios(&mut subjects);
    }
    let Subjects { rt, running, .. } = subjects;
    rt.block_on(running.engine.shutdown());
}
