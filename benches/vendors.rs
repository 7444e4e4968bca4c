//! What the vendor side costs: choosing the channel for a device, reading a click in each
//! payload form, and parsing an intent URI, each against a baseline in the same run.
//!
//! - `vendors/select_10000`: vendor selection (`pushlane::select::select`, every vendor linked)
//!   over 10 000 devices from a seeded mix of real phones (`support::devices`: the
//!   manufacturers, brands and ROM properties of vendors.md §1 "Real devices", Samsung,
//!   TECNO, Pixels, iOS, Google services or not), each under one of the configs of the random
//!   sessions (international edition, China edition, local notifications always). Baseline
//!   `vendors/select_match_10000`: a `match` over the lower-cased manufacturer string.
//! - `vendors/click/<form>`: the source vendor's click normaliser on a decoded payload, one
//!   benchmark per form of vendors.md §4 (`benches/data/click_forms.json`: flat extras, vivo
//!   receiver, Honor data message in both forms, Xiaomi `customMessage` and `key_message`,
//!   Meizu `selfDefineContentString`, Huawei `data` and `ExtAsHuaweiIntentParam`, FCM, APNs
//!   userInfo, intent URI). Baseline `vendors/parse/<form>`: `serde_json::from_str` of the same
//!   payload's text.
//! - `vendors/intent_uri/parse`: `pushlane_plugin::click::parse_intent_uri` alone on the intent
//!   URI of the data file. Baseline `vendors/intent_uri/from_str`: `serde_json::from_str` of the
//!   same payload's text (the URI as a JSON string, which parsing only copies), and, after
//!   criterion, also `from_str` of the URI's extras written as a JSON object.
//!
//! After criterion's figures the bench prints ns per item of each and the ratio to its
//! baseline, measured in its own interleaved rounds (the median of each), by the CPU clock of
//! the bench's thread and by the wall clock.

mod support;
#[allow(dead_code)]
mod thread_cpu;

use criterion::{black_box, Criterion};
use pushlane::select::select;
use pushlane::{DeviceInfo, PluginConfig, VendorPlugin};
use pushlane_plugin::click::parse_intent_uri;
use serde_json::Value;
use std::collections::BTreeMap;
use support::clicks::{click_forms, ClickForm};
use support::ratio::{is_bench_run, time, Comparison, ROUNDS, SHORT_ROUNDS};
use support::rng::Rng;
use thread_cpu::Sample;

const DEVICES: usize = 10_000;
const DEVICE_SEED: u64 = 0x5eed_de71_ce00_0012;
/// Payloads read per round of the ratio measurement (one is too short to time).
const READS_PER_ROUND: usize = 1_000;

/// The phones of the bench: each device with the config its app was built with (the configs
/// of the random sessions: international, China edition, local notifications always).
struct Fleet {
    configs: Vec<PluginConfig>,
    phones: Vec<(DeviceInfo, usize)>,
}

impl Fleet {
    fn new() -> Fleet {
        let configs = support::sessions::configs();
        let weights: Vec<(u64, usize)> = configs
            .iter()
            .enumerate()
            .map(|(index, (weight, _))| (*weight, index))
            .collect();
        let mut rng = Rng::new(DEVICE_SEED);
        let phones = (0..DEVICES)
            .map(|_| {
                let device = support::devices::random_device(&mut rng);
                (device, *rng.weighted(&weights))
            })
            .collect();
        Fleet {
            configs: configs
                .iter()
                .map(|(_, config)| support::sessions::parse(config))
                .collect(),
            phones,
        }
    }

    fn select_all(&self, plugins: &[&'static dyn VendorPlugin]) -> usize {
        self.phones
            .iter()
            .map(|(device, config)| select(plugins, &self.configs[*config], device).vendor.len())
            .sum()
    }

    fn match_all(&self) -> usize {
        let mut manufacturer = String::new();
        self.phones
            .iter()
            .map(|(device, _)| match_vendor(device, &mut manufacturer).len())
            .sum()
    }

    /// How many phones each vendor serves.
    fn served(&self, plugins: &[&'static dyn VendorPlugin]) -> BTreeMap<String, usize> {
        let mut served = BTreeMap::new();
        for (device, config) in &self.phones {
            *served
                .entry(select(plugins, &self.configs[*config], device).vendor)
                .or_default() += 1;
        }
        served
    }
}

/// The floor of selection: one `match` over the manufacturer, lower-cased into a reused
/// buffer.
fn match_vendor(device: &DeviceInfo, manufacturer: &mut String) -> &'static str {
    if device.is_ios() {
        return "apns";
    }
    manufacturer.clear();
    manufacturer.extend(
        device
            .manufacturer
            .trim()
            .chars()
            .flat_map(char::to_lowercase),
    );
    match manufacturer.as_str() {
        "xiaomi" | "blackshark" => "xiaomi",
        "huawei" => "huawei",
        "honor" if device.honor_push => "honor",
        "honor" => "huawei",
        "meizu" => "meizu",
        "oppo" | "oneplus" | "realme" => "oppo",
        "vivo" | "iqoo" => "vivo",
        _ if device.gms => "fcm",
        _ => "local",
    }
}

/// The intent URI of the data file.
fn intent_uri(forms: &[ClickForm]) -> &ClickForm {
    forms
        .iter()
        .find(|f| f.payload.is_string())
        .expect("benches/data/click_forms.json has a form whose payload is an intent URI string")
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("payload text is JSON")
}

fn bench(
    c: &mut Criterion,
    plugins: &[&'static dyn VendorPlugin],
    fleet: &Fleet,
    forms: &[ClickForm],
) {
    let mut group = c.benchmark_group("vendors");
    group.bench_function("select_10000", |b| {
        b.iter(|| black_box(fleet).select_all(plugins))
    });
    group.bench_function("select_match_10000", |b| {
        b.iter(|| black_box(fleet).match_all())
    });
    for form in forms {
        let text = form.text();
        group.bench_function(format!("click/{}", form.form), |b| {
            b.iter(|| form.normalise(plugins).map(|click| click.ext))
        });
        group.bench_function(format!("parse/{}", form.form), |b| {
            b.iter(|| parse(black_box(&text)))
        });
    }
    let uri_form = intent_uri(forms);
    let (uri, text) = (
        uri_form.payload.as_str().unwrap_or_default(),
        uri_form.text(),
    );
    group.bench_function("intent_uri/parse", |b| {
        b.iter(|| parse_intent_uri(black_box(uri)).map(|map| map.len()))
    });
    group.bench_function("intent_uri/from_str", |b| {
        b.iter(|| parse(black_box(&text)))
    });
    group.finish();
}

/// How long `read` takes [`READS_PER_ROUND`] times.
fn reads<R>(mut read: impl FnMut() -> R) -> Sample {
    time(|| {
        for _ in 0..READS_PER_ROUND {
            black_box(read());
        }
    })
}

fn print_selection(plugins: &[&'static dyn VendorPlugin], fleet: &Fleet) {
    let served: Vec<String> = fleet
        .served(plugins)
        .iter()
        .map(|(vendor, phones)| format!("{vendor} {phones}"))
        .collect();
    println!(
        "vendors: {DEVICES} devices served by: {}",
        served.join(", ")
    );
}

fn print_ratios(plugins: &[&'static dyn VendorPlugin], fleet: &Fleet, forms: &[ClickForm]) {
    Comparison::interleaved(
        ROUNDS,
        || time(|| fleet.select_all(plugins)),
        || time(|| fleet.match_all()),
    )
    .print("vendors", "select", "match", DEVICES, "device");
    for form in forms {
        let text = form.text();
        Comparison::interleaved(
            SHORT_ROUNDS,
            || reads(|| form.normalise(plugins).map(|click| click.ext)),
            || reads(|| parse(&text)),
        )
        .print(
            "vendors",
            &format!("click/{}", form.form),
            "from_str",
            READS_PER_ROUND,
            "payload",
        );
    }
    let uri_form = intent_uri(forms);
    let (uri, text) = (
        uri_form.payload.as_str().unwrap_or_default(),
        uri_form.text(),
    );
    Comparison::interleaved(
        SHORT_ROUNDS,
        || reads(|| parse_intent_uri(uri).map(|map| map.len())),
        || reads(|| parse(&text)),
    )
    .print(
        "vendors",
        "intent_uri/parse",
        "from_str",
        READS_PER_ROUND,
        "uri",
    );
    // The URI's text as JSON is one string, which `from_str` only copies: also compare with
    // parsing the same extras written as a JSON object.
    let extras = extras_json(uri);
    Comparison::interleaved(
        SHORT_ROUNDS,
        || reads(|| parse_intent_uri(uri).map(|map| map.len())),
        || reads(|| parse(&extras)),
    )
    .print(
        "vendors",
        "intent_uri/parse",
        "from_str of its extras as a JSON object",
        READS_PER_ROUND,
        "uri",
    );
}

/// The query parameters and extras of an intent URI, as the text of a JSON object.
fn extras_json(uri: &str) -> String {
    Value::Object(parse_intent_uri(uri).expect("the data file's intent URI parses")).to_string()
}

fn main() {
    let plugins = pushlane::link_vendors();
    let fleet = Fleet::new();
    let forms = click_forms(&plugins);
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &plugins, &fleet, &forms);
    criterion.final_summary();
    print_selection(&plugins, &fleet);
    if is_bench_run() {
        print_ratios(&plugins, &fleet, &forms);
    }
}
