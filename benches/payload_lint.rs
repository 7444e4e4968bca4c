//! How long payload lint takes over every linked vendor, against serialising the same infos.
//!
//! `payload_lint/lint_10000`: lint 10 000 varied pushes with the rules of every vendor linked
//! into this build (`pushlane::sending_targets(&[])`). `payload_lint/serialise_10000` is the
//! baseline in the same run: `serde_json::to_string` of the same 10 000 infos. The pushes come
//! from a seeded generator, so every run lints the same set: every element type, one-to-one
//! and group, empty, short, long and Chinese titles and bodies, ext in TUIKit's forms, empty
//! or not JSON, call invitations (VoIP or not) and VoIP pushes that are not calls, vivo
//! classifications 0, 1 and out of range, channel ids and categories set or not.
//!
//! After criterion's figures the bench prints `lint / baseline`, measured with its own
//! interleaved rounds (the median of each), so the ratio compares runs under the same load.

mod support;
#[allow(dead_code)]
mod thread_cpu;

use criterion::{black_box, Criterion};
use pushlane::payload::call::CallInvitation;
use pushlane::payload::{
    lint, CallKind, ElemType, ExtForm, IosPushType, Message, OfflinePushInfo, PushBuilder,
};
use pushlane::VendorPlugin;
use support::ratio::{is_bench_run, time, Comparison, ROUNDS};
use support::rng::Rng;

const PUSHES: usize = 10_000;
const SEED: u64 = 0x5eed_1a7e_0000_0011;

const SHORT_TEXTS: [&str; 6] = [
    "see you at 8",
    "ok",
    "明天见",
    "收到，谢谢！",
    "Can you send the file again?",
    "👍",
];
const NICK_NAMES: [&str; 4] = ["Bob", "小明", "Dr. Alexandra Featherstonehaugh", ""];

/// A text of about `chars` characters, Chinese or not.
fn long_text(rng: &mut Rng, chars: usize, chinese: bool) -> String {
    let unit = if chinese {
        "这是一条很长的消息"
    } else {
        "a rather long line "
    };
    let mut text = String::new();
    while text.chars().count() < chars {
        text.push_str(unit);
    }
    text.chars().take(chars + rng.below(20) as usize).collect()
}

fn text(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => long_text(rng, 200, false),
        1 => long_text(rng, 120, true),
        _ => rng.pick(&SHORT_TEXTS).to_string(),
    }
}

fn message(rng: &mut Rng, id: usize) -> Message {
    let elem_type = ElemType::ALL[rng.below(ElemType::ALL.len() as u64) as usize];
    let mut message = Message::new(format!("user{}", rng.below(500)), elem_type);
    message.msg_id = format!("msg-{id}");
    if rng.chance(40) {
        message = message.in_group(format!("g{}", rng.below(50)));
    }
    if rng.chance(70) {
        message = message.with_nick_name(*rng.pick(&NICK_NAMES));
    }
    if elem_type == ElemType::Text && rng.chance(90) {
        message.text = Some(text(rng));
    }
    message
}

/// One push: mostly what TUIKit builds, then bent in the ways real payloads go wrong.
fn push(rng: &mut Rng, id: usize) -> (OfflinePushInfo, Message) {
    if rng.chance(8) {
        let kind = if rng.chance(50) {
            CallKind::Audio
        } else {
            CallKind::Video
        };
        let mut invitation = CallInvitation::new(format!("user{}", rng.below(500)), kind)
            .voip(rng.chance(50))
            .ringtone("phone_ringing.mp3", "phone_ringing");
        if rng.chance(30) {
            invitation = invitation.in_group(format!("g{}", rng.below(50)));
        }
        let mut info = invitation.offline_push_info();
        if rng.chance(20) {
            info.ignore_ios_badge = false;
        }
        if rng.chance(10) {
            info.ext.clear();
        }
        return (info, invitation.message());
    }
    let message = message(rng, id);
    let form = if rng.chance(20) {
        ExtForm::Entity
    } else {
        ExtForm::ConversationId
    };
    let mut info = PushBuilder::new(&message).ext_form(form).build();
    match rng.below(10) {
        0 => info.ext = "conversationID=c2c_bob".to_string(),
        1 => info.ext.clear(),
        _ => {}
    }
    match rng.below(10) {
        0 => info.title = long_text(rng, 60, false),
        1 => info.title = long_text(rng, 30, true),
        2 => info.title = "新消息".to_string(),
        _ => {}
    }
    match rng.below(10) {
        0 => info.desc = long_text(rng, 300, false),
        1 => info.desc = long_text(rng, 150, true),
        2 if message.elem_type == ElemType::Custom => info.desc = "[Red packet]".to_string(),
        _ => {}
    }
    if rng.chance(3) {
        info.ios_push_type = IosPushType::Voip;
    }
    info.android_vivo_classification = match rng.below(10) {
        0 => 0,
        1 => 7,
        _ => 1,
    };
    if rng.chance(50) {
        info.android_oppo_channel_id = Some("im".to_string());
    }
    if rng.chance(30) {
        info.android_oppo_category = Some(rng.pick(&["IM", "MARKETING", ""]).to_string());
    }
    if rng.chance(40) {
        info.android_huawei_category = Some(rng.pick(&["IM", "VOIP", "MARKETING"]).to_string());
        info.android_huawei_importance = Some(rng.pick(&["NORMAL", "LOW", "HIGH"]).to_string());
    }
    if rng.chance(30) {
        info.android_xiaomi_channel_id = Some("132700".to_string());
    }
    if rng.chance(30) {
        info.android_fcm_channel_id = Some("fcm_push_channel".to_string());
    }
    if rng.chance(10) {
        info.ios_sound = Some(
            rng.pick(&["default", "push.no_sound", "bell.caf"])
                .to_string(),
        );
    }
    if rng.chance(2) {
        info.disable_push = true;
    }
    (info, message)
}

fn pushes() -> Vec<(OfflinePushInfo, Message)> {
    let mut rng = Rng::new(SEED);
    (0..PUSHES).map(|id| push(&mut rng, id)).collect()
}

fn lint_all(pushes: &[(OfflinePushInfo, Message)], targets: &[&'static dyn VendorPlugin]) -> usize {
    pushes
        .iter()
        .map(|(info, message)| lint(info, message, targets).len())
        .sum()
}

fn serialise_all(pushes: &[(OfflinePushInfo, Message)]) -> usize {
    pushes
        .iter()
        .map(|(info, _)| serde_json::to_string(info).map_or(0, |json| json.len()))
        .sum()
}

fn bench(
    c: &mut Criterion,
    pushes: &[(OfflinePushInfo, Message)],
    targets: &[&'static dyn VendorPlugin],
) {
    let mut group = c.benchmark_group("payload_lint");
    group.bench_function("lint_10000", |b| {
        b.iter(|| black_box(lint_all(black_box(pushes), targets)))
    });
    group.bench_function("serialise_10000", |b| {
        b.iter(|| black_box(serialise_all(black_box(pushes))))
    });
    group.finish();
}

/// Interleaved rounds of both, so the two medians see the same machine load.
fn print_ratio(pushes: &[(OfflinePushInfo, Message)], targets: &[&'static dyn VendorPlugin]) {
    let mut findings = 0;
    let comparison = Comparison::interleaved(
        ROUNDS,
        || time(|| findings = lint_all(pushes, targets)),
        || time(|| serialise_all(pushes)),
    );
    let names: Vec<&str> = targets.iter().map(|t| t.name()).collect();
    println!(
        "payload_lint: {PUSHES} pushes, {} vendors ({}), {findings} findings",
        names.len(),
        names.join(", ")
    );
    println!(
        "payload_lint: lint {:.2?}, serde_json::to_string baseline {:.2?} (medians of {ROUNDS} rounds)",
        comparison.value.wall, comparison.baseline.wall
    );
    println!(
        "payload_lint: lint / baseline = {:.2}",
        comparison.ratio().0
    );
}

fn main() {
    let targets = pushlane::sending_targets::<&str>(&[]).expect("every linked vendor");
    let pushes = pushes();
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &pushes, &targets);
    criterion.final_summary();
    if is_bench_run() {
        print_ratio(&pushes, &targets);
    }
}
