//! How long the machine takes for a realistic session, and what building it alone costs.
//!
//! `machine/session_40_inputs`: build a machine for a Huawei phone and feed it a 40-input session
//! (init, login, token, upload and its result, background/foreground, unread counts, messages,
//! clicks, push switched off and on), draining every output. `machine/build` is the baseline in
//! the same run: building the machine alone. The config is parsed outside the measurement.
//!
//! `machine/inputs_40` is the same session on a machine built outside the measurement, its
//! outputs drained with `poll_output` into one reused `Vec` as a runtime does: the inputs'
//! share of the session (divide by 40 for a figure per input).

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use pushlane::{
    AppLifecycle, DeviceInfo, ElemType, Input, Message, PersistedState, PluginConfig, TimerName,
};
use serde_json::json;

const CONFIG: &str = r#"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "fcm"
business_id = 1002
[[vendors]]
vendor = "huawei"
business_id = 1003
[[vendors]]
vendor = "xiaomi"
business_id = 1005
app_id = "2882303761517000000"
app_key = "5731700000000"
channel_id = "im_channel"
"#;

fn config() -> PluginConfig {
    pushlane::parse_config_toml(CONFIG).expect("bench config")
}

fn device() -> DeviceInfo {
    DeviceInfo::android("HUAWEI")
        .with_api(31)
        .with_prop("ro.build.version.emui", "EmotionUI_12.0.0")
}

fn message(id: u32, elem_type: ElemType) -> Input {
    Input::MessageReceived {
        message: Message {
            msg_id: format!("msg-{id}"),
            sender: "bob".to_string(),
            nick_name: Some("Bob".to_string()),
            group_id: None,
            elem_type,
            text: (elem_type == ElemType::Text).then(|| "see you at 8".to_string()),
            is_self: false,
            offline_push_info: None,
        },
    }
}

fn click(msg_id: &str) -> Input {
    Input::NotificationClicked {
        source: "huawei".to_string(),
        payload: json!({
            "ext": "{\"conversationID\":\"c2c_bob\"}",
            "msgId": msg_id,
            "title": "Bob",
            "content": "see you at 8",
        }),
    }
}

fn app(state: AppLifecycle) -> Input {
    Input::AppState { state }
}

/// A cold start through a day of use: 40 inputs with their times.
fn session() -> Vec<(u64, Input)> {
    let token = |t: &str| Input::VendorToken {
        token: t.to_string(),
        vendor: Some("huawei".to_string()),
    };
    let done = |id: u64, ok: bool| Input::EffectDone {
        effect_id: id,
        ok,
        error: (!ok).then(|| "network".to_string()),
    };
    let inputs = vec![
        (0, Input::SdkInitialized),
        (100, Input::PluginInit),
        (
            120,
            click("m-cold"), // the tap that launched the app: held until login and ui_ready
        ),
        (
            150,
            Input::Login {
                user_id: "alice".to_string(),
            },
        ),
        (200, Input::UiReady),
        (400, token("hw-token-1")),
        (
            5_100,
            Input::Timer {
                timer: TimerName::TokenUpload,
            },
        ),
        (5_300, done(1, true)),
        (
            6_000,
            Input::ConversationShown {
                conversation_id: Some("c2c_bob".to_string()),
            },
        ),
        (7_000, Input::Unread { count: 2 }),
        (8_000, app(AppLifecycle::Inactive)),
        (8_010, app(AppLifecycle::Paused)),
        (9_000, Input::Unread { count: 3 }),
        (9_500, message(1, ElemType::Text)),
        (10_000, Input::Unread { count: 4 }),
        (11_000, click("m-1")),
        (11_400, click("m-1")), // vivo-style double delivery of one tap
        (11_500, app(AppLifecycle::Resumed)),
        (
            11_600,
            Input::ConversationShown {
                conversation_id: Some("c2c_bob".to_string()),
            },
        ),
        (12_000, Input::Unread { count: 0 }),
        (20_000, token("hw-token-2")),
        (20_200, done(2, false)),
        (
            21_200,
            Input::Timer {
                timer: TimerName::UploadRetry,
            },
        ),
        (21_400, done(3, true)),
        (30_000, app(AppLifecycle::Hidden)),
        (30_100, message(2, ElemType::Image)),
        (30_200, Input::Unread { count: 1 }),
        (31_000, app(AppLifecycle::Resumed)),
        (
            31_100,
            Input::ConversationShown {
                conversation_id: None,
            },
        ),
        (40_000, Input::Permission { granted: true }),
        (50_000, Input::PushEnabled { enabled: false }),
        (50_300, done(4, true)),
        (60_000, Input::PushEnabled { enabled: true }),
        (60_100, done(5, true)),
        (70_000, app(AppLifecycle::Paused)),
        (70_100, Input::Unread { count: 5 }),
        (71_000, click("m-2")),
        (72_000, app(AppLifecycle::Resumed)),
        (80_000, Input::KickedOffline),
        (
            90_000,
            Input::Login {
                user_id: "alice".to_string(),
            },
        ),
    ];
    assert_eq!(inputs.len(), 40);
    inputs
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("machine");
    group.bench_function("build", |b| {
        b.iter_batched(
            config,
            |config| {
                pushlane::machine(config, device(), PersistedState::default()).expect("machine")
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("session_40_inputs", |b| {
        b.iter_batched(
            || (config(), session()),
            |(config, inputs)| {
                let mut machine = pushlane::machine(config, device(), PersistedState::default())
                    .expect("machine");
                let mut outputs = 0usize;
                for (at, input) in inputs {
                    outputs += machine.step(at, input).len();
                }
                black_box(outputs)
            },
            BatchSize::SmallInput,
        )
    });
    let mut outputs = Vec::new();
    group.bench_function("inputs_40", |b| {
        b.iter_batched(
            || {
                let machine = pushlane::machine(config(), device(), PersistedState::default())
                    .expect("machine");
                (machine, session())
            },
            |(mut machine, inputs)| {
                let mut count = 0usize;
                for (at, input) in inputs {
                    machine.handle_input(at, input);
                    outputs.extend(std::iter::from_fn(|| machine.poll_output()));
                    count += outputs.len();
                    outputs.clear();
                }
                black_box(count);
                machine
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
