//! How long an app waits from starting the engine over last session's SQLite store until the
//! host performs the first call of `plugin_init`, against opening the same file with a bare
//! `rusqlite::Connection`.
//!
//! The store (`push.db` in a temp dir) is created and filled once, outside the measurement, as
//! a previous session leaves it: the Xiaomi token and the upload record of `alice`. Each
//! `cold_start/engine_first_effect` iteration then runs on a current-thread tokio runtime:
//! `pushlane::engine(config, device).store(StoreChoice::Sqlite(path)).start(host)` (opening,
//! checking and reading the store, building the machine, spawning the engine task), sends
//! `sdk_initialized` and `plugin_init`, and stops when the host's `perform` is first called.
//! The config is parsed outside the measurement, and the engine is shut down after it.
//!
//! `cold_start/sqlite_open` is the baseline in the same run: `rusqlite::Connection::open` on
//! the same file plus `PRAGMA user_version` (the cheapest statement that reads the file).
//!
//! After criterion's figures the bench prints both in ms and `engine / baseline`, measured with
//! its own interleaved rounds (the median of each), so the ratio compares runs under the same
//! load, by the CPU clock of the bench's thread (what other processes on a shared machine do
//! not inflate) and by the wall clock.

mod support;
mod thread_cpu;

use criterion::{black_box, Criterion};
use pushlane::runtime::{async_trait, Host, HostEffect, HostError, InputSender, StoreChoice};
use pushlane::store::{SqliteStore, Store};
use pushlane::{DeviceInfo, StoreWrite, UploadRecord};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::ratio::is_bench_run;
use thread_cpu::{timed, Medians, Sample, Stopwatch};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

const RATIO_ROUNDS: usize = 31;
const TOKEN: &str = "mi-token-0123456789abcdef";

const CONFIG: &str = r#"
edition = "china"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"
"#;

fn device() -> DeviceInfo {
    DeviceInfo::android("Xiaomi")
        .with_prop("ro.miui.ui.version.name", "V140")
        .with_api(34)
}

/// The store a previous session left: its token and its upload record.
fn previous_session(path: &Path) {
    let mut store = SqliteStore::open(path).expect("create store").store;
    let writes = [
        StoreWrite::Token {
            vendor: "xiaomi".to_string(),
            token: TOKEN.to_string(),
        },
        StoreWrite::UploadRecord {
            record: Some(UploadRecord {
                user_id: "alice".to_string(),
                vendor: "xiaomi".to_string(),
                business_id: 10001,
                token: TOKEN.to_string(),
            }),
        },
    ];
    for write in &writes {
        store.apply(write).expect("store write");
    }
}

/// A host that tells the bench the kind of the first call it is asked to perform.
struct FirstCall {
    first: Mutex<Option<oneshot::Sender<&'static str>>>,
}

#[async_trait]
impl Host for FirstCall {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        if let Some(first) = self.first.lock().ok().and_then(|mut first| first.take()) {
            let _ = first.send(effect.kind());
        }
        Ok(())
    }
}

/// One cold start, timed up to the first host call; the engine is shut down after the clocks
/// stop. Returns the time and the first call's kind.
fn engine_first_effect(rt: &Runtime, path: &Path) -> (Sample, &'static str) {
    let config = pushlane::parse_config_toml(CONFIG).expect("bench config");
    let (first, first_call) = oneshot::channel();
    let host = Arc::new(FirstCall {
        first: Mutex::new(Some(first)),
    });
    rt.block_on(async {
        let watch = Stopwatch::start();
        let engine = pushlane::engine(config, device())
            .store(StoreChoice::Sqlite(path.to_path_buf()))
            .start(host)
            .expect("engine");
        engine.sdk_initialized();
        engine.plugin_init();
        let kind = first_call.await.expect("a first host call");
        let sample = watch.sample();
        engine.shutdown().await;
        (sample, kind)
    })
}

/// Opens the file with a bare connection and reads one pragma; the close is not timed.
fn sqlite_open(path: &Path) -> Sample {
    let (sample, conn) = timed(|| {
        let conn = rusqlite::Connection::open(path).expect("open");
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .expect("user_version");
        black_box(version);
        conn
    });
    drop(conn);
    sample
}

fn bench(c: &mut Criterion, rt: &Runtime, path: &Path) {
    let mut group = c.benchmark_group("cold_start");
    group.bench_function("engine_first_effect", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| engine_first_effect(rt, path).0.wall)
                .sum()
        })
    });
    group.bench_function("sqlite_open", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| sqlite_open(path).wall).sum())
    });
    group.finish();
}

fn ms(time: Duration) -> String {
    format!("{:.3} ms", time.as_secs_f64() * 1e3)
}

/// Interleaved rounds of both, so the medians see the same machine load.
fn print_ratio(rt: &Runtime, path: &Path) {
    let (mut engine, mut baseline) = (Vec::new(), Vec::new());
    let mut first_kind = "";
    for _ in 0..RATIO_ROUNDS {
        let (sample, kind) = engine_first_effect(rt, path);
        engine.push(sample);
        first_kind = kind;
        baseline.push(sqlite_open(path));
    }
    let (engine, baseline) = (Medians::of(&engine), Medians::of(&baseline));
    let (wall, cpu) = engine.ratio(&baseline);
    println!(
        "cold_start: medians of {RATIO_ROUNDS} interleaved rounds, by the bench thread's CPU clock and by the wall clock"
    );
    println!(
        "cold_start: engine over an existing store until the first host call ({first_kind}): cpu {}, wall {}",
        ms(engine.cpu),
        ms(engine.wall)
    );
    println!(
        "cold_start: bare rusqlite open + PRAGMA user_version: cpu {}, wall {}",
        ms(baseline.cpu),
        ms(baseline.wall)
    );
    println!("cold_start: engine / baseline = cpu {cpu:.1}, wall {wall:.1}");
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("push.db");
    previous_session(&path);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio runtime");
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &rt, &path);
    criterion.final_summary();
    if is_bench_run() {
        print_ratio(&rt, &path);
    }
}
