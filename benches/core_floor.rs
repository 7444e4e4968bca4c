//! What the core costs per input on a realistic mixed stream, against a bare `match` machine
//! of the same shape in the same run.
//!
//! The stream (`support::stream`): the inputs of every example scenario
//! (`examples/scenarios/*.jsonl`, restarts included, taken 20 times) and of 120 seeded random
//! sessions (`support::sessions`: real phones, a simulated host answering every effect,
//! messages, clicks in every vendor's payload form, restarts). Every segment is fed to a fresh
//! machine built outside the measurement; each input's outputs are drained into one reused
//! `Vec` and dropped, as a runtime does.
//!
//! `core_floor/machine_mixed` is the real machine (`pushlane::machine`, every vendor linked).
//! `core_floor/bare_match_mixed` is the floor: a machine defined here with the same five
//! regions and 16 states (lifecycle.md §4–§8), the same 18 input kinds (`Input::KINDS`), a
//! plain `match` per input, and on average as many outputs per input kind as the real machine
//! gave on the same stream, pushed into a reused `Vec`. It consumes the same `Input` values,
//! so dropping their strings and payloads costs both the same.
//!
//! After criterion's figures the bench prints the stream's make-up and `ns/input` of both with
//! their ratio, measured in its own interleaved rounds (the median of each), by the CPU clock
//! of the bench's thread and by the wall clock.

mod support;
#[allow(dead_code)]
mod thread_cpu;

use criterion::{BatchSize, Criterion, Throughput};
use pushlane::{AppLifecycle, Event, Input, Output, TimerName};
use std::collections::BTreeSet;
use support::ratio::{is_bench_run, timed, Comparison};
use support::stream::{replay, Stream};

/// The regions and their states, as lifecycle.md §4–§8 and the `state_changed` events name
/// them.
const REGIONS: [(&str, &[&str]); 5] = [
    ("init", &["new", "sdk_ready", "ready"]),
    ("session", &["logged_out", "logged_in"]),
    (
        "token",
        &[
            "none",
            "known",
            "scheduled",
            "uploading",
            "uploaded",
            "retrying",
            "clearing",
        ],
    ),
    ("visibility", &["foreground", "background"]),
    ("click", &["idle", "held"]),
];

const KINDS: usize = 18;

/// Rounds of each side for the printed ratio (a round of the machine takes about 15 ms).
const RATIO_ROUNDS: usize = 41;

/// Outputs per input, in 1/1024ths, per input kind: what the real machine gave on the stream.
type Rates = [u32; KINDS];

/// What the real machine did on the stream, and the checks that the floor has its shape.
struct Profile {
    inputs: usize,
    outputs: usize,
    ignored: usize,
    rates: Rates,
    states_seen: usize,
}

impl Profile {
    fn of(stream: &Stream) -> Profile {
        assert_eq!(
            Input::KINDS.len(),
            KINDS,
            "the floor machine has {KINDS} input kinds; Input::KINDS has {}",
            Input::KINDS.len()
        );
        let mut inputs_of = [0usize; KINDS];
        let mut outputs_of = [0usize; KINDS];
        let (mut ignored, mut states) = (0, BTreeSet::new());
        let mut outputs = Vec::new();
        for (mut machine, segment) in stream.fresh() {
            for (at_ms, input) in segment {
                let kind = kind_index(&input);
                assert_eq!(
                    Input::KINDS[kind],
                    input.kind(),
                    "kind_index is out of date"
                );
                machine.handle_input(at_ms, input);
                outputs.extend(std::iter::from_fn(|| machine.poll_output()));
                inputs_of[kind] += 1;
                outputs_of[kind] += outputs.len();
                for output in outputs.drain(..) {
                    match output {
                        Output::Event(Event::Ignored { .. }) => ignored += 1,
                        Output::Event(Event::StateChanged { region, from, to }) => {
                            for state in [from, to] {
                                assert!(
                                    REGIONS.iter().any(|(r, s)| *r == region && s.contains(&state.as_str())),
                                    "state `{state}` of region `{region}` is not among the floor's states"
                                );
                                states.insert((region.clone(), state));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut rates = [0; KINDS];
        for kind in 0..KINDS {
            rates[kind] = (outputs_of[kind] * 1024 + inputs_of[kind] / 2)
                .checked_div(inputs_of[kind])
                .unwrap_or(0) as u32;
        }
        Profile {
            inputs: inputs_of.iter().sum(),
            outputs: outputs_of.iter().sum(),
            ignored,
            rates,
            states_seen: states.len(),
        }
    }
}

/// The input's position in `Input::KINDS`.
fn kind_index(input: &Input) -> usize {
    match input {
        Input::SdkInitialized => 0,
        Input::PluginInit => 1,
        Input::Login { .. } => 2,
        Input::Logout => 3,
        Input::KickedOffline => 4,
        Input::UserSigExpired => 5,
        Input::AppState { .. } => 6,
        Input::Unread { .. } => 7,
        Input::VendorToken { .. } => 8,
        Input::VendorError { .. } => 9,
        Input::Permission { .. } => 10,
        Input::PushEnabled { .. } => 11,
        Input::EffectDone { .. } => 12,
        Input::Timer { .. } => 13,
        Input::NotificationClicked { .. } => 14,
        Input::UiReady => 15,
        Input::ConversationShown { .. } => 16,
        Input::MessageReceived { .. } => 17,
    }
}

// ---- the floor: a bare `match` machine of the same shape ------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Init {
    New,
    SdkReady,
    Ready,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    LoggedOut,
    LoggedIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    None,
    Known,
    Scheduled,
    Uploading,
    Uploaded,
    Retrying,
    Clearing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    Foreground,
    Background,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Click {
    Idle,
    Held,
}

/// What the floor yields: a region's change, or an item of an input kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BareOutput {
    StateChanged { region: u8, from: u8, to: u8 },
    Item { kind: u8, at_ms: u64, data: u64 },
}

struct BareMachine {
    init: Init,
    session: Session,
    token: Token,
    visibility: Visibility,
    click: Click,
    ui_ready: bool,
    push_enabled: bool,
    unread: u32,
    now: u64,
    rates: Rates,
}

impl BareMachine {
    fn new(rates: Rates) -> BareMachine {
        BareMachine {
            init: Init::New,
            session: Session::LoggedOut,
            token: Token::None,
            visibility: Visibility::Foreground,
            click: Click::Idle,
            ui_ready: false,
            push_enabled: true,
            unread: 0,
            now: 0,
            rates,
        }
    }

    fn states(&self) -> [u8; 5] {
        [
            self.init as u8,
            self.session as u8,
            self.token as u8,
            self.visibility as u8,
            self.click as u8,
        ]
    }

    /// `owed` carries the fractions of outputs from input to input, across machines, so that
    /// the stream gets as many outputs as the real machine gave it.
    fn handle(&mut self, at_ms: u64, input: Input, owed: &mut Rates, out: &mut Vec<BareOutput>) {
        self.now = self.now.max(at_ms);
        let before = self.states();
        let (kind, data) = match input {
            Input::SdkInitialized => {
                if self.init == Init::New {
                    self.init = Init::SdkReady;
                }
                (0, 0)
            }
            Input::PluginInit => {
                if self.init == Init::SdkReady {
                    self.init = Init::Ready;
                }
                (1, 0)
            }
            Input::Login { user_id } => {
                self.session = Session::LoggedIn;
                if self.token == Token::Known && self.push_enabled {
                    self.token = Token::Scheduled;
                }
                (2, user_id.len() as u64)
            }
            Input::Logout => (3, self.end_session()),
            Input::KickedOffline => (4, self.end_session()),
            Input::UserSigExpired => (5, self.end_session()),
            Input::AppState { state } => {
                self.visibility = if state == AppLifecycle::Resumed {
                    Visibility::Foreground
                } else {
                    Visibility::Background
                };
                (6, state as u64)
            }
            Input::Unread { count } => {
                self.unread = count;
                (7, u64::from(count))
            }
            Input::VendorToken { token, vendor } => {
                if self.token == Token::None && !token.is_empty() {
                    self.token = Token::Known;
                }
                (8, (token.len() + vendor.map_or(0, |v| v.len())) as u64)
            }
            Input::VendorError { reason } => (9, reason.len() as u64),
            Input::Permission { granted } => (10, u64::from(granted)),
            Input::PushEnabled { enabled } => {
                self.push_enabled = enabled;
                self.token = match (self.token, enabled) {
                    (Token::Uploaded, false) => Token::Clearing,
                    (Token::Known, true) if self.session == Session::LoggedIn => Token::Scheduled,
                    (token, _) => token,
                };
                (11, u64::from(enabled))
            }
            Input::EffectDone { effect_id, ok, .. } => {
                self.token = match (self.token, ok) {
                    (Token::Uploading, true) => Token::Uploaded,
                    (Token::Uploading, false) => Token::Retrying,
                    (Token::Clearing, true) => Token::Known,
                    (token, _) => token,
                };
                (12, effect_id)
            }
            Input::Timer { timer } => {
                self.token = match (self.token, timer) {
                    (Token::Scheduled, TimerName::TokenUpload)
                    | (Token::Retrying, TimerName::UploadRetry) => Token::Uploading,
                    (token, _) => token,
                };
                (13, timer as u64)
            }
            Input::NotificationClicked { source, payload } => {
                if self.session == Session::LoggedOut || !self.ui_ready {
                    self.click = Click::Held;
                }
                (14, (source.len() + usize::from(payload.is_object())) as u64)
            }
            Input::UiReady => {
                self.ui_ready = true;
                if self.session == Session::LoggedIn {
                    self.click = Click::Idle;
                }
                (15, 0)
            }
            Input::ConversationShown { conversation_id } => {
                (16, conversation_id.map_or(0, |c| c.len()) as u64)
            }
            Input::MessageReceived { message } => (17, message.msg_id.len() as u64),
        };
        // As many outputs as the real machine gives for this kind, on average.
        owed[kind] += self.rates[kind];
        let mut due = owed[kind] >> 10;
        owed[kind] &= 1023;
        let after = self.states();
        for region in 0..5 {
            if due > 0 && before[region] != after[region] {
                out.push(BareOutput::StateChanged {
                    region: region as u8,
                    from: before[region],
                    to: after[region],
                });
                due -= 1;
            }
        }
        for _ in 0..due {
            out.push(BareOutput::Item {
                kind: kind as u8,
                at_ms: self.now,
                data,
            });
        }
    }

    fn end_session(&mut self) -> u64 {
        self.session = Session::LoggedOut;
        if self.token == Token::Uploaded {
            self.token = Token::Known;
        }
        u64::from(self.unread)
    }
}

type BareSegments = Vec<(BareMachine, Vec<(u64, Input)>)>;

fn bare_fresh(stream: &Stream, rates: Rates) -> BareSegments {
    stream
        .segments
        .iter()
        .map(|s| (BareMachine::new(rates), s.inputs.clone()))
        .collect()
}

fn bare_replay(fresh: BareSegments, out: &mut Vec<BareOutput>) -> usize {
    let (mut count, mut owed) = (0, [0; KINDS]);
    for (mut machine, inputs) in fresh {
        for (at_ms, input) in inputs {
            machine.handle(at_ms, input, &mut owed, out);
            count += out.len();
            out.clear();
        }
    }
    count
}

// ---- measuring ----------------------------------------------------------------------------

fn bench(c: &mut Criterion, stream: &Stream, profile: &Profile) {
    let mut group = c.benchmark_group("core_floor");
    group.throughput(Throughput::Elements(profile.inputs as u64));
    let mut outputs = Vec::new();
    group.bench_function("machine_mixed", |b| {
        b.iter_batched(
            || stream.fresh(),
            |fresh| replay(fresh, &mut outputs),
            BatchSize::PerIteration,
        )
    });
    let mut bare_outputs = Vec::new();
    group.bench_function("bare_match_mixed", |b| {
        b.iter_batched(
            || bare_fresh(stream, profile.rates),
            |fresh| bare_replay(fresh, &mut bare_outputs),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn print_summary(stream: &Stream, profile: &Profile) {
    let c = stream.composition;
    println!(
        "core_floor: stream of {} inputs in {} segments: {} from {} example scenarios (x{}), {} from {} random sessions; {} trace lines of the scenarios not reproduced",
        profile.inputs,
        stream.segments.len(),
        c.scenario_inputs,
        c.scenario_files,
        support::stream::SCENARIO_REPEATS,
        c.session_inputs,
        c.sessions,
        c.trace_mismatches,
    );
    let bare_outputs = bare_replay(bare_fresh(stream, profile.rates), &mut Vec::new());
    println!(
        "core_floor: outputs per input: machine {:.3}, floor {:.3}; {:.1} % of inputs ignored; {} of the floor's 16 states reached; {} input kinds",
        profile.outputs as f64 / profile.inputs as f64,
        bare_outputs as f64 / profile.inputs as f64,
        100.0 * profile.ignored as f64 / profile.inputs as f64,
        profile.states_seen,
        KINDS,
    );
}

fn print_ratio(stream: &Stream, profile: &Profile) {
    let (mut outputs, mut bare_outputs) = (Vec::new(), Vec::new());
    let comparison = Comparison::interleaved(
        RATIO_ROUNDS,
        || timed(|| stream.fresh(), |fresh| replay(fresh, &mut outputs)),
        || {
            timed(
                || bare_fresh(stream, profile.rates),
                |fresh| bare_replay(fresh, &mut bare_outputs),
            )
        },
    );
    comparison.print(
        "core_floor",
        "machine",
        "bare match",
        profile.inputs,
        "input",
    );
}

fn main() {
    let stream = Stream::mixed();
    let profile = Profile::of(&stream);
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &stream, &profile);
    criterion.final_summary();
    print_summary(&stream, &profile);
    if is_bench_run() {
        print_ratio(&stream, &profile);
    }
}
